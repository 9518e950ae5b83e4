package io.groupbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Entry;
import io.groupbridge.config.ChannelRule;
import io.groupbridge.config.DirectoryProfile;
import io.groupbridge.config.MappingConfig;
import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import io.groupbridge.sync.DirectoryGroup;
import io.groupbridge.sync.GroupRead;
import io.groupbridge.sync.ReconcileWarnings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mapping of group entries to records: kinds, channels, member values, and what is reported as a warning. */
class EntryMapperTest {

    private static MappingConfig mapping(List<ChannelRule> rules) {
        return new MappingConfig("entryUUID", List.of("uid", "mail", "cn"), "cn", "mail", "inetOrgPerson",
                List.of("member", "uniqueMember"), "owner", "cn", "description", "gbGroupKind", "mail",
                "gbCreationChannel", "gbMembershipRule", "gbRoleAssignable", rules, List.of("groupOfNames", "gbGroup"),
                DirectoryProfile.OPENLDAP);
    }

    private final ReconcileWarnings warnings = new ReconcileWarnings(50);

    private DirectoryGroup map(EntryMapper mapper, String... ldif) throws Exception {
        return mapper.group(new Entry(ldif), warnings).orElseThrow();
    }

    @Test
    void groupWithoutKindIsASecurityGroupFromTheApiChannel() throws Exception { // spec G1, P4
        DirectoryGroup g = map(new EntryMapper(mapping(List.of())),
                "dn: cn=Plain,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: Plain",
                "entryUUID: 11111111-1111-1111-1111-111111111111", "member: uid=a,ou=people,dc=example,dc=com");

        assertThat(g.kind()).isEqualTo(GroupKind.SECURITY);
        assertThat(g.channel()).isEqualTo(Channel.API);
        assertThat(g.eligibility().eligible()).isTrue();
        assertThat(g.memberAttribute()).isEqualTo("member");
        assertThat(warnings.count()).isZero();
    }

    /** Issue 10, finding 11: a name the directory holds decomposed (NFD) is stored in NFC, as lookups look for it. */
    /** issue 14, LdifFuzzTest: a person's 70 000-character cn failed the whole reconcile on the store's column. */
    @Test
    void overLongNamesMailsAndDescriptionsAreCutToWhatTheStoreKeepsWithAWarning() throws Exception {
        EntryMapper mapper = new EntryMapper(mapping(List.of()));
        String longName = "y".repeat(511) + "\uD83D\uDE00" + "y".repeat(70_000);
        var person = mapper.person(new Entry("dn: uid=long,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson",
                "uid: long", "sn: L", "cn: " + longName, "mail: " + "m".repeat(600) + "@example.com",
                "entryUUID: 7"), warnings).orElseThrow();
        DirectoryGroup g = map(mapper, "dn: cn=Long,ou=groups,dc=example,dc=com", "objectClass: groupOfNames",
                "cn: Long", "entryUUID: 8", "description: " + "d".repeat(5000),
                "member: cn=" + "x".repeat(3000) + ",ou=people,dc=example,dc=com",
                "member: uid=a,ou=people,dc=example,dc=com");

        assertThat(person.name()).as("not inside the surrogate pair").hasSize(EntryMapper.TEXT_LIMIT - 1);
        assertThat(person.mail()).hasSize(EntryMapper.TEXT_LIMIT);
        assertThat(g.description()).hasSize(EntryMapper.LONG_TEXT_LIMIT);
        assertThat(g.members()).extracting(Dn::written).containsExactly("uid=a,ou=people,dc=example,dc=com");
        assertThat(warnings.count()).isEqualTo(4);
    }

    @Test
    void aDecomposedGroupNameIsStoredComposed() throws Exception {
        DirectoryGroup g = map(new EntryMapper(mapping(List.of())),
                "dn: cn=Zu\u0308rich,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: Zu\u0308rich",
                "entryUUID: 5");

        assertThat(g.name()).isEqualTo("Z\u00fcrich");
    }

    @Test
    void channelComesFromTheAttributeFirstThenTheFirstMatchingSubtreeRule() throws Exception { // spec P4
        EntryMapper mapper = new EntryMapper(mapping(List.of(
                new ChannelRule("ou=portal,ou=groups,dc=example,dc=com", "portal"),
                new ChannelRule("ou=groups,dc=example,dc=com", "self-service"))));

        assertThat(map(mapper, "dn: cn=P,ou=portal,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: P",
                "entryUUID: 1").channel()).isEqualTo(Channel.PORTAL);
        assertThat(map(mapper, "dn: cn=S,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: S",
                "entryUUID: 2").channel()).isEqualTo(Channel.SELF_SERVICE);
        assertThat(map(mapper, "dn: cn=A,ou=portal,ou=groups,dc=example,dc=com", "objectClass: groupOfNames",
                "cn: A", "entryUUID: 3", "gbCreationChannel: api").channel()).isEqualTo(Channel.API);
    }

    @Test
    void malformedAndDuplicateMemberValuesAreReportedAndSkipped() throws Exception { // spec Y5
        DirectoryGroup g = map(new EntryMapper(mapping(List.of())),
                "dn: cn=Messy,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: Messy", "entryUUID: 4",
                "member: uid=a,ou=people,dc=example,dc=com",
                "member: UID=A, OU=People, DC=example, DC=com",
                "member: this is not a dn",
                "member: uid=b,ou=people,dc=example,dc=com");

        assertThat(g.members()).extracting(Dn::normalized)
                .containsExactly("uid=a,ou=people,dc=example,dc=com", "uid=b,ou=people,dc=example,dc=com");
        assertThat(warnings.kept()).hasSize(2)
                .anyMatch(w -> w.contains("duplicate member"))
                .anyMatch(w -> w.contains("malformed member DN"));
    }

    @Test
    void uniqueMemberValuesLoseTheirOptionalUid() throws Exception {
        DirectoryGroup g = map(new EntryMapper(mapping(List.of())),
                "dn: cn=U,ou=groups,dc=example,dc=com", "objectClass: groupOfUniqueNames", "cn: U", "entryUUID: 5",
                "uniqueMember: uid=a,ou=people,dc=example,dc=com#'0101'B");

        assertThat(g.memberAttribute()).isEqualTo("uniqueMember");
        assertThat(g.members()).extracting(Dn::normalized).containsExactly("uid=a,ou=people,dc=example,dc=com");
    }

    @Test
    void unknownKindOrRoleFlagFallsToTheSideWhereSelfServiceIsClosed() throws Exception { // spec G4, G6
        DirectoryGroup g = map(new EntryMapper(mapping(List.of())),
                "dn: cn=Odd,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: Odd", "entryUUID: 6",
                "gbGroupKind: secrity", "gbRoleAssignable: maybe");

        assertThat(g.kind()).isEqualTo(GroupKind.DISTRIBUTION);
        assertThat(g.roleAssignable()).isTrue();
        assertThat(g.eligibility().eligible()).isFalse();
        assertThat(warnings.count()).isEqualTo(2);
    }

    @Test
    void entryWithoutStableIdIsSkippedWithAWarning() throws Exception {
        assertThat(new EntryMapper(mapping(List.of())).group(new Entry("dn: cn=NoId,ou=groups,dc=example,dc=com",
                "objectClass: groupOfNames", "cn: NoId"), warnings)).isEmpty();
        assertThat(warnings.kept()).singleElement().asString().contains("no entryUUID");
    }

    @Test
    void fingerprintIgnoresValueOrderButSeesEveryValue() throws Exception {
        EntryMapper mapper = new EntryMapper(mapping(List.of()));
        DirectoryGroup ab = map(mapper, "dn: cn=G,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: G",
                "entryUUID: 7", "member: uid=a,dc=x", "member: uid=b,dc=x");
        DirectoryGroup ba = map(mapper, "dn: cn=G,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: G",
                "entryUUID: 7", "member: uid=b,dc=x", "member: uid=a,dc=x");
        DirectoryGroup a = map(mapper, "dn: cn=G,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: G",
                "entryUUID: 7", "member: uid=a,dc=x");

        assertThat(ab.fingerprint()).isEqualTo(ba.fingerprint()).isNotEqualTo(a.fingerprint());
    }

    /**
     * Issue 13, point 4: the fingerprint taken over the values as read equals the mapped group's when the mapping
     * drops nothing, so an unchanged group is never mapped; a dropped value makes them differ, so that group is mapped
     * (and its warning reported) on every run. Nothing about the values is reported until they are mapped.
     */
    @Test
    void theFingerprintAsReadIsTheMappedOnesUnlessTheMappingDroppedAValue() throws Exception {
        EntryMapper mapper = new EntryMapper(mapping(List.of()));
        GroupRead clean = mapper.groupRead(new Entry("dn: cn=G,ou=groups,dc=example,dc=com", "objectClass: groupOfNames",
                "cn: G", "entryUUID: 7", "owner: uid=o,dc=x", "member: uid=a,dc=x", "member: uid=B,dc=x"),
                warnings).orElseThrow();
        GroupRead unique = mapper.groupRead(new Entry("dn: cn=U,ou=groups,dc=example,dc=com",
                "objectClass: groupOfUniqueNames", "cn: U", "entryUUID: 8", "uniqueMember: uid=a,dc=x#'0101'B"),
                warnings).orElseThrow();
        GroupRead bad = mapper.groupRead(new Entry("dn: cn=G,ou=groups,dc=example,dc=com", "objectClass: groupOfNames",
                "cn: G", "entryUUID: 7", "owner: uid=o,dc=x", "member: uid=a,dc=x", "member: uid=B,dc=x",
                "member: not a dn"), warnings).orElseThrow();

        assertThat(warnings.count()).as("no value mapped yet").isZero();
        assertThat(clean.fingerprint()).isEqualTo(clean.group().fingerprint());
        assertThat(unique.fingerprint()).isEqualTo(unique.group().fingerprint());
        assertThat(bad.fingerprint()).isNotEqualTo(clean.fingerprint());
        assertThat(bad.group().fingerprint()).as("the mapped group is the clean one").isEqualTo(clean.fingerprint());
        assertThat(warnings.kept()).singleElement().asString().contains("malformed member DN");
    }

    @Test
    void valuesSeenInEarlierGroupsMapAlikeAndMalformedOnesAreReportedEveryTime() throws Exception {
        EntryMapper mapper = new EntryMapper(mapping(List.of()));
        String[] first = {"dn: cn=One,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: One",
            "entryUUID: 1", "member: UID=Ann, OU=People,DC=example,DC=com", "member: uid=bad,,dc=x"};
        String[] second = {"dn: cn=Two,ou=groups,dc=example,dc=com", "objectClass: groupOfUniqueNames", "cn: Two",
            "entryUUID: 2", "uniqueMember: UID=Ann, OU=People,DC=example,DC=com#'0101'B",
            "uniqueMember: uid=bad,,dc=x"};

        List<Dn> one = map(mapper, first).members();
        List<Dn> two = map(mapper, second).members();

        assertThat(one).containsExactly(new Dn("UID=Ann, OU=People,DC=example,DC=com",
                "uid=ann,ou=people,dc=example,dc=com"));
        assertThat(two).isEqualTo(one);
        assertThat(warnings.kept()).filteredOn(w -> w.contains("malformed member DN")).hasSize(2);
    }
}
