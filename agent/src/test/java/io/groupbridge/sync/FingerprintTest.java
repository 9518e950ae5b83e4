package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The digest a no-op reconcile compares instead of reading every membership back (issue 13, point 4): equal exactly
 * when the stored fields are, whatever order the values come in, or a changed entry would be skipped; and moved by
 * a write-back's values to what the whole group would hash to.
 */
class FingerprintTest {

    private static final Dn ALICE = dn("uid=Alice,ou=people,dc=example,dc=com");
    private static final Dn BOB = dn("uid=bob,ou=people,dc=example,dc=com");

    @Test
    void theSameFieldsGiveTheSameValueAndAnyChangedFieldAnother() {
        long wiki = Fingerprint.ofFields("Team Wiki", "unified", "mail");
        assertThat(Fingerprint.ofFields("Team Wiki", "unified", "mail")).isEqualTo(wiki);
        assertThat(Fingerprint.ofFields("Team Wiki", "security", "mail")).isNotEqualTo(wiki);
        assertThat(Fingerprint.ofFields("Team Wiki", "unified")).isNotEqualTo(wiki);
    }

    /** Field boundaries and absent values count: moving a character between fields, or null for empty, is a change. */
    @Test
    void fieldsAreDelimitedAndAnAbsentValueDiffersFromAnEmptyOne() {
        assertThat(Fingerprint.ofFields("ab", "c")).isNotEqualTo(Fingerprint.ofFields("a", "bc"));
        assertThat(Fingerprint.ofFields((String) null)).isNotEqualTo(Fingerprint.ofFields(""));
        assertThat(Fingerprint.ofFields(null, "x")).isNotEqualTo(Fingerprint.ofFields("x", null));
        assertThat(Fingerprint.ofFields("")).isNotEqualTo(Fingerprint.ofFields());
        assertThat(Fingerprint.ofFields(null, null, null, null)).as("four absent fields are not one empty one")
                .isNotEqualTo(Fingerprint.ofFields(""));
        assertThat(Fingerprint.ofFields("a\u0001b")).as("a field holding a delimiter-like character is not two")
                .isNotEqualTo(Fingerprint.ofFields("a", "b"));
    }

    @Test
    void valuesIgnoreOrderButNotWhetherTheyAreOwnersOrTheirSpelling() {
        long members = group(List.of(), List.of(ALICE, BOB)).fingerprint();
        assertThat(group(List.of(), List.of(BOB, ALICE)).fingerprint()).isEqualTo(members);
        assertThat(group(List.of(ALICE, BOB), List.of()).fingerprint()).isNotEqualTo(members);
        assertThat(group(List.of(), List.of(ALICE)).fingerprint()).isNotEqualTo(members);
        Dn respelled = new Dn("uid=alice,ou=people,dc=example,dc=com", ALICE.normalized());
        assertThat(group(List.of(), List.of(respelled, BOB)).fingerprint())
                .as("a value the directory now spells differently is written back as spelled, so it is a change")
                .isNotEqualTo(members);
    }

    @Test
    void noComputedFingerprintIsTheStoresNone() {
        assertThat(Fingerprint.finish(0, 0)).isNotEqualTo(Fingerprint.NONE);
        assertThat(Fingerprint.finish(5, -5)).isNotEqualTo(Fingerprint.NONE);
        assertThat(Fingerprint.adjusted(Fingerprint.NONE, 7, 9)).as("an unknown fingerprint stays unknown")
                .isEqualTo(Fingerprint.NONE);
    }

    @Property(tries = 300)
    void aGroupsFingerprintDoesNotDependOnTheOrderOfItsValues(@ForAll("values") List<String> owners,
            @ForAll("values") List<String> members, @ForAll long seed) {
        List<Dn> shuffledOwners = shuffled(dns(owners), seed);
        List<Dn> shuffledMembers = shuffled(dns(members), seed + 1);
        assertThat(group(shuffledOwners, shuffledMembers).fingerprint())
                .isEqualTo(group(dns(owners), dns(members)).fingerprint());
    }

    @Property(tries = 300)
    void changingAddingOrRemovingAnyOneValueChangesTheFingerprint(@ForAll("values") List<String> members,
            @ForAll @IntRange(min = 0, max = 100) int which, @ForAll("edits") String edit) {
        Assume.that(!members.isEmpty());
        long before = group(List.of(), dns(members)).fingerprint();
        int i = which % members.size();
        List<String> changed = new ArrayList<>(members);
        changed.set(i, members.get(i) + edit);
        Assume.that(!members.contains(changed.get(i)));
        assertThat(group(List.of(), dns(changed)).fingerprint()).as("value %d respelled", i).isNotEqualTo(before);
        List<String> fewer = new ArrayList<>(members);
        fewer.remove(i);
        assertThat(group(List.of(), dns(fewer)).fingerprint()).as("value %d removed", i).isNotEqualTo(before);
        List<String> more = new ArrayList<>(members);
        more.add(changed.get(i));
        assertThat(group(List.of(), dns(more)).fingerprint()).as("a value added").isNotEqualTo(before);
        assertThat(group(dns(List.of(members.get(i))), dns(fewer)).fingerprint()).as("a member made an owner")
                .isNotEqualTo(before);
    }

    /** What the write-back relies on: the stored value moved by the values written is the whole group's hash. */
    @Property(tries = 300)
    void adjustingByTheValuesWrittenGivesTheFingerprintOfTheGroupAfterTheWrite(@ForAll("values") List<String> kept,
            @ForAll("values") List<String> removed, @ForAll("values") List<String> added) {
        Assume.that(Collections.disjoint(kept, removed) && Collections.disjoint(kept, added)
                && Collections.disjoint(removed, added));
        List<String> before = new ArrayList<>(kept);
        before.addAll(removed);
        List<String> after = new ArrayList<>(kept);
        after.addAll(added);
        long removedHash = removed.stream().mapToLong(v -> Fingerprint.ofValue(false, v)).sum();
        long addedHash = added.stream().mapToLong(v -> Fingerprint.ofValue(false, v)).sum();
        assertThat(Fingerprint.adjusted(group(List.of(), dns(before)).fingerprint(), removedHash, addedHash))
                .isEqualTo(group(List.of(), dns(after)).fingerprint());
    }

    @Provide
    Arbitrary<List<String>> values() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .map(s -> "uid=" + s + ",ou=people,dc=example,dc=com")
                .list().ofMaxSize(12).uniqueElements();
    }

    @Provide
    Arbitrary<String> edits() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(3);
    }

    private static DirectoryGroup group(List<Dn> owners, List<Dn> members) {
        return new DirectoryGroup("id-1", dn("cn=g,ou=groups,dc=example,dc=com"), "g", null, GroupKind.SECURITY,
                null, null, false, Channel.API, "groupOfNames", "member", owners, members);
    }

    private static List<Dn> dns(List<String> values) {
        return values.stream().map(FingerprintTest::dn).toList();
    }

    /** A Dn whose normalized form is its lower-case spelling: enough for hashing, which never normalizes. */
    private static Dn dn(String text) {
        return new Dn(text, text.toLowerCase(java.util.Locale.ROOT));
    }

    private static <T> List<T> shuffled(List<T> values, long seed) {
        List<T> copy = new ArrayList<>(values);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    @Test
    void aPersonsFingerprintSeesEveryField() {
        DirectoryPerson p = new DirectoryPerson("1", ALICE, "alice", "Alice", "a@example.com");
        Set<Long> seen = new java.util.HashSet<>();
        seen.add(p.fingerprint());
        seen.add(new DirectoryPerson("1", BOB, "alice", "Alice", "a@example.com").fingerprint());
        seen.add(new DirectoryPerson("1", ALICE, "alicia", "Alice", "a@example.com").fingerprint());
        seen.add(new DirectoryPerson("1", ALICE, "alice", null, "a@example.com").fingerprint());
        seen.add(new DirectoryPerson("1", ALICE, "alice", "Alice", null).fingerprint());
        assertThat(seen).hasSize(5);
    }
}
