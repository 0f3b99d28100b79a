/** Internal: the node's configuration: keys, defaults, parsing and validation. */
package io.dsm.runtime.config;
