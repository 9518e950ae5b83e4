package io.groupbridge.cli;

/** Input the user can fix: an ambiguous or malformed argument. Exits with code 2. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    // One of the CliError codes, for --json.
    private final String code;

    UsageException(String message) {
        this(CliError.INVALID_INPUT, message);
    }

    UsageException(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
