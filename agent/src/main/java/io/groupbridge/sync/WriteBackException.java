package io.groupbridge.sync;

/**
 * A write to the directory that did not happen. The message says what failed, on which entry, and the server's
 * answer; {@link #retryable()} says whether trying again later may help (spec W3).
 */
public class WriteBackException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public WriteBackException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
