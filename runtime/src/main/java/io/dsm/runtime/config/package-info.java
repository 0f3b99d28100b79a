/** Internal: the node's configuration: keys, defaults, parsing. */
package io.dsm.runtime.config;
