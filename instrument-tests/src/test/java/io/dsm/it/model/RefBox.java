package io.dsm.it.model;

import io.dsm.api.Shared;

/** One mutable reference field. */
@Shared
public class RefBox
{
    public Object value;
}
