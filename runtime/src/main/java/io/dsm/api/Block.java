package io.dsm.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a field of a {@link Shared} class in a coherence block of its own group: fields of one
 * class with the same group name share a block, untagged fields stay in the object's first block.
 * Each block has its own access state, owner and copies, so nodes that write different groups of
 * one object no longer take the whole object from each other (false sharing).
 *
 * <pre>
 * &#64;Shared class Stats {
 *     &#64;Block("node0") long hits;     // node 0 writes this
 *     &#64;Block("node1") long misses;   // node 1 writes this
 *     String name;                   // block 0, with every untagged field
 * }
 * </pre>
 *
 * Groups are per class: a subclass's group never joins a superclass's group of the same name (as
 * with {@code @Contended}). A line for the class in the layout file ({@code dsm.layout.file})
 * replaces the class's annotations. An object has at most 16 blocks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Block
{
    /** The group's name; the empty name means the object's first block. */
    String value();
}
