package io.dsm.it.model;

import io.dsm.api.Shared;

/** One field of every primitive type, boxed and reference kinds, plain and volatile. */
@Shared
public class AllTypes
{
    public boolean z;
    public byte b;
    public char c;
    public short s;
    public int i;
    public float f;
    public long j;
    public double d;
    public volatile long vj;
    public volatile double vd;
    public volatile int vi;
    public String text;
    public Integer boxed;
    public Color color;
    public Object anything;
    public AllTypes other;
    public int[] array;

    public enum Color { RED, GREEN }
}
