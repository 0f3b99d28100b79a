package io.dsm.it.model;

/** Not annotated: shared because src/test/resources/agent.properties lists it in dsm.shared.classes. */
public class ConfiguredPoint
{
    public int x;
    public int y;
}
