package io.groupbridge.selfservice;

import java.util.List;
import java.util.Objects;

/**
 * What adding a list of people did (spec B1): all of them, or none.
 *
 * @param summary the whole add: allowed with every write-back row, or refused naming B1
 * @param rows    each person's outcome, in the list's order; empty when refused
 * @param refused each person refused and why; empty when allowed
 */
public record BulkAddResult(ActionResult summary, List<ActionResult> rows, List<Refusal> refused) {

    public BulkAddResult {
        Objects.requireNonNull(summary, "summary");
        rows = List.copyOf(rows);
        refused = List.copyOf(refused);
    }

    /**
     * @param line   the person's place in the list, from 1
     * @param person as the list gave it
     * @param rule   the spec rule that refused (A5, A12, T2, T3, ...), or the problem with the person
     *               ({@code no-such-person}, {@code ambiguous-person})
     */
    public record Refusal(int line, String person, String rule, String message) {
    }
}
