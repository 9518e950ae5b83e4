package io.groupbridge.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.groupbridge.selfservice.InputProblem;
import io.groupbridge.selfservice.InvalidInputException;
import io.groupbridge.selfservice.rules.Decision;
import java.util.List;
import java.util.Objects;

/**
 * An error as RFC 9457 {@code application/problem+json}: {@code type}, {@code title}, {@code status} and
 * {@code detail} (the sentence for a person), plus a {@code code} that stays the same across versions and, for a
 * refusal by a self-service rule, the spec {@code rule} that refused (A15).
 *
 * @param rule     the spec rule id, or {@code null} when no rule decided (bad input, no session)
 * @param instance the request path
 * @param refused  a list refused as a whole (B1): each person refused and why; {@code null} for any other problem
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String rule,
        String instance, List<Refused> refused) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** The code of every refusal by a self-service rule; {@link #rule()} tells which. */
    public static final String REFUSED = "refused";

    public Problem {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(code, "code");
        refused = refused == null ? null : List.copyOf(refused);
    }

    /**
     * One person of a list that was refused (B1), an extension member of the problem as RFC 9457 allows.
     *
     * @param position the person's place in the list, from 1
     * @param rule     the rule that refused (A5, A12, T2, ...) or the problem with the person ({@code no-such-person})
     */
    public record Refused(int position, String person, String rule, String message) {
    }

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(typeOf(code), title, status, detail, code, null, null, null);
    }

    /** A self-service rule refused (403), its sentence naming the rule as A15 asks. */
    public static Problem refused(String rule, String message) {
        return new Problem(typeOf(REFUSED), "Refused by rule " + rule, 403, message, REFUSED, rule, null, null);
    }

    public static Problem refused(Decision decision) {
        return refused(decision.rule(), decision.message());
    }

    /** Bad input: 404 when what it names does not exist, 409 for a taken name, 400 otherwise. */
    public static Problem invalidInput(InvalidInputException e) {
        InputProblem p = e.problem();
        int status = switch (p) {
            case NO_SUCH_GROUP, NO_SUCH_PERSON, NO_SUCH_REQUEST, NO_SUCH_REVIEW, NOT_IN_REVIEW -> 404;
            case NAME_TAKEN, NAME_IS_A_DN, NAME_LIKE_A_DN -> 409;
            default -> 400;
        };
        return new Problem(typeOf(p.code()), status == 404 ? "Not found" : "Invalid input", status, e.getMessage(),
                p.code(), null, null, null);
    }

    public Problem at(String path) {
        return new Problem(type, title, status, detail, code, rule, path, refused);
    }

    /** This problem with the people of a list that were refused (B1). */
    public Problem with(List<Refused> people) {
        return new Problem(type, title, status, detail, code, rule, instance, people);
    }

    private static String typeOf(String code) {
        return "urn:groupbridge:problem:" + code;
    }

    /** Thrown by handlers; the server turns it into the response. */
    public static final class Exception extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Problem problem;

        public Exception(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public Exception raise() {
        return new Exception(this);
    }
}
