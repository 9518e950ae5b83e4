package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A review's CSV export (spec V4): RFC 4180 quoting, and no field a spreadsheet runs as a formula. */
class ReviewExportTest {

    private static final Instant START = Instant.parse("2024-06-01T08:00:00Z");

    private static AccessReview review() {
        return new AccessReview(7, "Q2", "group Finance", Optional.empty(), Optional.empty(), ReviewVerdict.KEEP,
                AccessReview.State.OPEN, "uid=bob,ou=people,dc=example,dc=com", START, START.plusSeconds(86_400),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ReviewItem item(String member, String reason) {
        return new ReviewItem(7, "g1", "cn=Finance,ou=groups,dc=example,dc=com", "Finance", member, member,
                Optional.of(ReviewVerdict.REMOVE), Optional.of(reason), Optional.of("uid=grace"),
                Optional.of(START), Optional.of(ReviewItem.Outcome.REMOVED), Optional.of(12L));
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndEachLineEndsInCrLf() { // spec V4
        String csv = ReviewExport.of(review(), List.of(item("uid=erin,ou=people", "said \"bye\",\nleft"))).csv();

        assertThat(csv).isEqualTo("review,group,group_dn,member,decision,reason,decided_by,decided_at,outcome,"
                + "outbox_id\r\n7,Finance,\"cn=Finance,ou=groups,dc=example,dc=com\",\"uid=erin,ou=people\",remove,"
                + "\"said \"\"bye\"\",\nleft\",uid=grace,2024-06-01T08:00:00Z,removed,12\r\n");
    }

    @Test
    void aReasonThatReadsAsAFormulaIsDefused() { // spec V4
        String csv = ReviewExport.of(review(), List.of(item("uid=erin", "=HYPERLINK(\"http://x\")"),
                item("uid=frank", "@SUM(A1)"), item("uid=judy", "-1+2"))).csv();

        assertThat(csv).contains(",\"'=HYPERLINK(\"\"http://x\"\")\",").contains(",'@SUM(A1),")
                .contains(",'-1+2,");
    }

    @Test
    void anUndecidedMemberHasEmptyFieldsAndTheJsonDocumentNulls() { // spec V4
        ReviewItem undecided = new ReviewItem(7, "g1", "cn=F", "F", "uid=ivan", "uid=ivan", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        ReviewExport export = ReviewExport.of(review(), List.of(undecided));

        assertThat(export.csv()).endsWith("\r\n7,F,cn=F,uid=ivan,,,,,,\r\n");
        assertThat(export.members()).singleElement().satisfies(m -> {
            assertThat(m.decision()).isNull();
            assertThat(m.outcome()).isNull();
        });
        assertThat(export.state()).isEqualTo("open");
        assertThat(export.defaultDecision()).isEqualTo("keep");
    }
}
