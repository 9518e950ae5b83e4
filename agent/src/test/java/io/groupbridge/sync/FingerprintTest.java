package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.Dn;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The digest a no-op reconcile compares instead of reading every membership back: equal exactly when the stored
 * fields are, or a changed entry would be skipped.
 */
class FingerprintTest {

    private static final Dn ALICE = new Dn("uid=Alice,ou=people,dc=example,dc=com",
            "uid=alice,ou=people,dc=example,dc=com");
    private static final Dn BOB = new Dn("uid=bob,ou=people,dc=example,dc=com",
            "uid=bob,ou=people,dc=example,dc=com");

    @Test
    void theSameFieldsGiveTheSameValueAndAnyChangedFieldAnother() {
        long wiki = Fingerprint.of("Team Wiki", "unified", "mail").value();
        assertThat(Fingerprint.of("Team Wiki", "unified", "mail").value()).isEqualTo(wiki);
        assertThat(Fingerprint.of("Team Wiki", "security", "mail").value()).isNotEqualTo(wiki);
        assertThat(Fingerprint.of("Team Wiki", "unified").value()).isNotEqualTo(wiki);
    }

    /** Field boundaries and absent values count: moving a character between fields, or null for empty, is a change. */
    @Test
    void fieldsAreDelimitedAndAnAbsentValueDiffersFromAnEmptyOne() {
        assertThat(Fingerprint.of("ab", "c").value()).isNotEqualTo(Fingerprint.of("a", "bc").value());
        assertThat(Fingerprint.of((String) null).value()).isNotEqualTo(Fingerprint.of("").value());
        assertThat(Fingerprint.of(null, "x").value()).isNotEqualTo(Fingerprint.of("x", null).value());
        assertThat(Fingerprint.of("").value()).isNotEqualTo(Fingerprint.of().value());
        assertThat(Fingerprint.of(null, null, null, null).value()).as("four absent fields are not one empty one")
                .isNotEqualTo(Fingerprint.of("").value());
        assertThat(Fingerprint.of("a\u0001b").value()).as("a field holding the delimiter byte is not two fields")
                .isNotEqualTo(Fingerprint.of("a", "b").value());
    }

    @Test
    void unorderedValuesIgnoreOrderButNotTheirLabelOrSpelling() {
        long members = Fingerprint.of("g").withUnordered("members", List.of(ALICE, BOB)).value();
        assertThat(Fingerprint.of("g").withUnordered("members", List.of(BOB, ALICE)).value()).isEqualTo(members);
        assertThat(Fingerprint.of("g").withUnordered("owners", List.of(ALICE, BOB)).value()).isNotEqualTo(members);
        assertThat(Fingerprint.of("g").withUnordered("members", List.of(ALICE)).value()).isNotEqualTo(members);
        Dn respelled = new Dn("uid=alice,ou=people,dc=example,dc=com", ALICE.normalized());
        assertThat(Fingerprint.of("g").withUnordered("members", List.of(respelled, BOB)).value())
                .as("a value the directory now spells differently is written back as spelled, so it is a change")
                .isNotEqualTo(members);
    }
}
