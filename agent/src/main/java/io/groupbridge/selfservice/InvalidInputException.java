package io.groupbridge.selfservice;

/** Input no rule is asked about because it cannot be right: a blank justification, a malformed name. Nothing changed. */
public final class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
