package io.groupbridge.selfservice;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A review's results as the command line and the REST API export them (spec V4): the same JSON document and the
 * same CSV on both, so a script reads either. Absent values are {@code null} in JSON and empty in CSV.
 *
 * @param reviewer the named reviewer's DN, {@code null} when the owners decide
 * @param schedule the conf schedule that started it, {@code null} when a person did
 */
public record ReviewExport(long id, String title, String scope, String state, String defaultDecision,
        String reviewer, String schedule, String startedBy, Instant startedAt, Instant deadline, String closedBy,
        Instant closedAt, String heldReason, List<Member> members) {

    public ReviewExport {
        Objects.requireNonNull(title, "title");
        members = List.copyOf(members);
    }

    /**
     * One member under review.
     *
     * @param decision {@code keep} or {@code remove} as a reviewer decided, {@code null} when nobody did
     * @param outcome  {@code kept}, {@code removed} or {@code gone}; {@code null} while undecided
     */
    public record Member(String group, String groupDn, String member, String decision, String reason,
            String decidedBy, Instant decidedAt, String outcome, Long outboxId) {
    }

    /** The CSV's header, in column order. */
    public static final List<String> CSV_COLUMNS = List.of("review", "group", "group_dn", "member", "decision",
            "reason", "decided_by", "decided_at", "outcome", "outbox_id");

    public static ReviewExport of(AccessReview r, List<ReviewItem> items) {
        return new ReviewExport(r.id(), r.title(), r.scope(), r.state().wireName(), r.defaultVerdict().wireName(),
                r.reviewerDn().orElse(null), r.schedule().orElse(null), r.startedBy(), r.startedAt(), r.deadline(),
                r.closedBy().orElse(null), r.closedAt().orElse(null), r.heldReason().orElse(null),
                items.stream().map(i -> new Member(i.groupName(), i.groupDn(), i.memberDn(),
                        i.verdict().map(ReviewVerdict::wireName).orElse(null), i.reason().orElse(null),
                        i.decidedBy().orElse(null), i.decidedAt().orElse(null),
                        i.outcome().map(ReviewItem.Outcome::wireName).orElse(null), i.outboxId().orElse(null)))
                        .toList());
    }

    /**
     * RFC 4180 CSV, one line per member with the review's id: CRLF line ends, every field quoted where it holds a
     * comma, quote or line break. A field that a spreadsheet would read as a formula (it starts with {@code =},
     * {@code +}, {@code -}, {@code @}, tab or carriage return) gets a leading {@code '}, since reasons are typed
     * by people.
     */
    public String csv() {
        StringBuilder out = new StringBuilder();
        line(out, CSV_COLUMNS);
        for (Member m : members) {
            line(out, List.of(Long.toString(id), m.group(), m.groupDn(), m.member(), text(m.decision()),
                    text(m.reason()), text(m.decidedBy()), m.decidedAt() == null ? "" : m.decidedAt().toString(),
                    text(m.outcome()), m.outboxId() == null ? "" : m.outboxId().toString()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    private static String field(String raw) {
        String v = raw;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
