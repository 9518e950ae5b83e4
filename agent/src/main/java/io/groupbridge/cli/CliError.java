package io.groupbridge.cli;

import java.util.Objects;

/**
 * A command's error as scripts read it: under {@code --json} one object on stdout, otherwise one line on stderr.
 *
 * @param code     what kind of error, stable across versions: one of the constants below
 * @param rule     the spec rule that refused the action (spec A15), or {@code null} when no rule is involved
 * @param message  the sentence for a person, the same as the plain-text line
 * @param exitCode the process's exit code
 */
record CliError(String code, String rule, String message, int exitCode) {

    /** A self-service rule refused the action; {@link #rule()} names it. */
    static final String REFUSED = "refused";
    /** The directory refused the sign-in. */
    static final String SIGN_IN_FAILED = "sign-in-failed";
    /** An argument the user can fix: malformed, blank, contradictory or naming nothing that exists. */
    static final String INVALID_INPUT = "invalid-input";
    /** A group name, DN or id that matches no group. */
    static final String UNKNOWN_GROUP = "unknown-group";
    /** A group name that matches several groups; give the DN. */
    static final String AMBIGUOUS_GROUP = "ambiguous-group";
    /** The command line does not parse: unknown option, missing or extra argument. */
    static final String USAGE = "usage";
    /** The conf file is missing or invalid. */
    static final String CONF_ERROR = "conf-error";
    /** {@code outbox retry ID} named a row that is not parked. */
    static final String NOT_FAILED = "outbox-row-not-failed";
    /** Anything else: the store or the directory failed. */
    static final String FAILURE = "failure";

    CliError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    static CliError refused(String rule, String message) {
        return new CliError(REFUSED, rule, message, ExitCodes.FAILURE);
    }

    static CliError usage(UsageException e) {
        return new CliError(e.code(), null, e.getMessage(), ExitCodes.USAGE);
    }

    /** Prints this error as JSON on stdout or as one line on stderr; returns its exit code. */
    int print(CliEnvironment env, boolean json) {
        if (json) {
            new Json().print(env.out(), this);
        } else {
            env.err().println(prefix() + message);
        }
        return exitCode;
    }

    private String prefix() {
        return switch (code) {
            case REFUSED -> "refused: ";
            case CONF_ERROR -> "conf error: ";
            default -> "error: ";
        };
    }
}
