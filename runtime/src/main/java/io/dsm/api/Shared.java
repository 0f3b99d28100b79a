package io.dsm.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose instance fields live in the distributed shared memory.
 *
 * <p>With {@code -javaagent:dsm-agent.jar} attached, every read and write of a field declared in
 * a {@code @Shared} class (or in a subclass of one) is checked against the access state of the
 * object's block and faults to the runtime when the block is not valid on this node. Static
 * fields of such a class that hold {@code @Shared} objects are cluster-wide named roots: the
 * first assignment in the cluster wins and later ones take the existing value.
 *
 * <p>Values stored in shared fields must be primitives, {@code String}, boxed primitives, enums
 * or other {@code @Shared} objects; anything else is rejected at the store.
 *
 * <p>{@link #protocol()} chooses the coherence algorithm for this class (subclasses inherit it);
 * classes of one application may use different ones.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Shared
{
    /** The coherence algorithm for objects of this class; by default the cluster's ({@code dsm.protocol}). */
    Protocol protocol() default Protocol.DEFAULT;
}
