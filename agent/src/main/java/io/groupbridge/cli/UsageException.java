package io.groupbridge.cli;

/** Input the user can fix: an ambiguous or malformed argument. Exits with code 2. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
