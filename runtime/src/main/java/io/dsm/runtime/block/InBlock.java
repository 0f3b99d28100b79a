package io.dsm.runtime.block;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Written by the agent on every field it placed in a block other than the object's first: the
 * block's index. The runtime reads the agent's decision from here instead of deciding again, so
 * the rewritten accessors and the codec cannot disagree on which block a field is in.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InBlock
{
    int value();
}
