package io.groupbridge.selfservice;

import java.util.Objects;

/** Input no rule is asked about because it cannot be right: a blank justification, a malformed name. Nothing changed. */
public final class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final InputProblem problem;

    /** @param message the sentence for a person; it names no command-line flag or form field */
    public InvalidInputException(InputProblem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public InputProblem problem() {
        return problem;
    }
}
