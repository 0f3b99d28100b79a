package io.dsm.runtime.wire;

/** The named-root messages, validated, on the node's protocol agent thread. */
public interface RootMessageHandler
{
    /** A lookup ({@code objectId} 0) or a binding request, on the manager. */
    void onRootBind(int sender, long requestId, long objectId, String name, String className);

    /** The manager's answer: the object bound to the name (0 if none). */
    void onRootBound(int sender, long requestId, long objectId, String name, String className);
}
