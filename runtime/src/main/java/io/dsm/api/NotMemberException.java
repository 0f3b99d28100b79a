package io.dsm.api;

/**
 * This node was declared dead by the running cluster (it stopped answering, or it is a new
 * process with the id of one that did): the cluster will not mix it with its current state.
 */
public final class NotMemberException extends DsmException
{
    private static final long serialVersionUID = 1L;

    public NotMemberException(final String message)
    {
        super(message);
    }
}
