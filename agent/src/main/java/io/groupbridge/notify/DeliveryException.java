package io.groupbridge.notify;

/**
 * One failed attempt to hand a notification to a {@link NotificationTarget}. The message says what the receiver did
 * (exit status, HTTP status, timeout) and never contains a secret.
 */
final class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    DeliveryException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    DeliveryException(String message, Throwable cause) {
        super(message, cause);
        this.retryable = true;
    }

    /** @return false when trying again cannot help, such as an HTTP 401 or 404 */
    boolean retryable() {
        return retryable;
    }
}
