/** Internal: what a node counts and reports about itself: the errors it survived. */
package io.dsm.runtime.metrics;
