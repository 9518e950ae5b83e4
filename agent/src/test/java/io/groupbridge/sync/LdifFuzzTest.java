package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing what the directory serves (issue 14, point 4): rounds of random entries and changes on the embedded
 * directory (names with DN metacharacters, escapes and non-ASCII, binary and huge values, member and owner values
 * that name nothing or are no DN at all, a group in itself and two groups in each other), each followed by a full
 * reconcile. A run never fails or throws; what it cannot use it warns about; afterwards the store holds every person,
 * every group and every member value that is a DN exactly as the directory does. Seeded and bounded.
 */
class LdifFuzzTest {

    private static final long SEED = 1415;
    private static final int ROUNDS = 30;
    private static final Duration BUDGET = Duration.ofSeconds(45);
    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    private static final String[] NAMES = {"zoë", "a,b", "a+b", "a\"b", "#hash", " lead", "trail ", "back\\slash",
        "semi;colon", "<angle>", "eq=als", "中文", "\u202eevil", "tab\there", "x".repeat(300), "*", "(paren)", "o'brien",
        "new\nline", "emoji \uD83D\uDE00"};
    private static final String[] NOT_DNS = {"not a dn", "uid=*)(|(uid=*", "=", ",,", "uid=", "cn=a,=b", "\\", "#"};

    @TempDir
    Path home;

    @Test
    void randomDirectoryContentNeverBreaksAReconcileAndLosesNothing() throws Exception {
        try (TestHome test = TestHome.start(home, null, DemoConf.SELF_SERVICE
                + "reconcile:\n  maxRemovalShare: 1\n");
                GroupbridgeApp app = test.openApp()) {
            Reconciler reconciler = app.reconciler();
            assertThat(reconciler.run(false, Reconciler.Progress.NONE).outcome())
                    .isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            Random random = new Random(SEED);
            List<String> people = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            Instant deadline = Instant.now().plus(BUDGET);
            int refused = 0;
            int warnings = 0;
            int round = 0;
            for (; round < ROUNDS && Instant.now().isBefore(deadline); round++) {
                List<String> done = new ArrayList<>();
                try (LDAPConnection c = new LDAPConnection("127.0.0.1", test.directory().port(), TestHome.MANAGER_DN,
                        TestHome.MANAGER_PASSWORD)) {
                    for (int i = 3 + random.nextInt(6); i > 0; i--) {
                        try {
                            done.add(change(c, random, people, groups, round * 10 + i));
                        } catch (LDAPException e) {
                            refused++;
                            done.add("refused by the directory: " + e.getResultCode().getName());
                        }
                    }
                }
                ReconcileReport report;
                try {
                    report = reconciler.run(false, Reconciler.Progress.NONE);
                } catch (SyncException e) {
                    throw new AssertionError("round " + round + " (seed " + SEED + ") " + done + ": " + e, e);
                }
                assertThat(report.outcome()).as("round %d %s: %s", round, done, report.error())
                        .isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
                warnings += report.warningCount();
                assertStoreHoldsTheDirectory(test, app.store().jdbi(), "round " + round + " (seed " + SEED + ") "
                        + done);
            }
            assertThat(round).as("rounds within %s", BUDGET).isGreaterThanOrEqualTo(10);
            assertThat(warnings).as("warnings about values the agent cannot use").isPositive();
            System.err.printf("LdifFuzzTest: %d rounds, %d changes refused by the directory, %d warnings%n", round,
                    refused, warnings);
        }
    }

    private static String change(LDAPConnection c, Random random, List<String> people, List<String> groups, int n)
            throws LDAPException {
        switch (random.nextInt(8)) {
            case 0, 1 -> {
                String uid = NAMES[random.nextInt(NAMES.length)] + n;
                String dn = new DN(new RDN("uid", uid), new DN(PEOPLE)).toString();
                List<Attribute> attributes = new ArrayList<>(List.of(
                        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                        new Attribute("uid", uid), new Attribute("sn", "Fuzz"),
                        new Attribute("cn", random.nextBoolean() ? uid : "y".repeat(70_000))));
                if (random.nextBoolean()) {
                    attributes.add(new Attribute("mail", random.nextBoolean() ? uid + "@example.com"
                            : new String(bytes(random, 20), StandardCharsets.ISO_8859_1)));
                }
                c.add(new Entry(dn, attributes));
                people.add(dn);
                return "add person " + dn;
            }
            case 2, 3 -> {
                String cn = NAMES[random.nextInt(NAMES.length)] + " group " + n;
                String dn = new DN(new RDN("cn", cn), new DN(GROUPS)).toString();
                List<String> members = new ArrayList<>(List.of("uid=alice," + PEOPLE));
                if (!people.isEmpty()) {
                    members.add(people.get(random.nextInt(people.size())));
                }
                members.add(random.nextBoolean() ? "uid=nobody" + n + "," + PEOPLE : dn);
                if (!groups.isEmpty()) {
                    members.add(groups.get(random.nextInt(groups.size())));
                }
                Attribute description = random.nextBoolean() ? new Attribute("description", bytes(random, 64))
                        : new Attribute("description", "d".repeat(random.nextInt(20_000)) + "é");
                c.add(new Entry(dn, new Attribute("objectClass", "top", "groupOfNames"), new Attribute("cn", cn),
                        new Attribute("member", members), description,
                        new Attribute("owner", random.nextBoolean() ? "uid=ghost," + PEOPLE : "uid=grace," + PEOPLE)));
                groups.add(dn);
                return "add group " + dn + " with " + members;
            }
            case 4 -> {
                if (groups.size() < 2) {
                    return "nothing";
                }
                String a = groups.get(random.nextInt(groups.size()));
                String b = groups.get(random.nextInt(groups.size()));
                c.modify(a, new Modification(ModificationType.ADD, "member", b));
                c.modify(b, new Modification(ModificationType.ADD, "member", a));
                return "cycle " + a + " <-> " + b;
            }
            case 5 -> {
                if (groups.isEmpty()) {
                    return "nothing";
                }
                String g = groups.get(random.nextInt(groups.size()));
                String value = NOT_DNS[random.nextInt(NOT_DNS.length)];
                c.modify(g, new Modification(ModificationType.ADD, random.nextBoolean() ? "member" : "owner", value));
                return "not a DN in " + g + ": " + value;
            }
            case 6 -> {
                if (people.isEmpty()) {
                    return "nothing";
                }
                String p = people.remove(random.nextInt(people.size()));
                c.delete(p);
                return "delete " + p + " (a dangling member now)";
            }
            default -> {
                if (groups.isEmpty()) {
                    return "nothing";
                }
                String g = groups.remove(random.nextInt(groups.size()));
                c.delete(g);
                return "delete " + g;
            }
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void assertStoreHoldsTheDirectory(TestHome test, Jdbi store, String what) throws LDAPException {
        Map<String, String> people = new TreeMap<>();
        Map<String, String> groups = new TreeMap<>();
        Map<String, Set<String>> members = new TreeMap<>();
        for (SearchResultEntry e : test.directory().server().search(PEOPLE, SearchScope.ONE,
                "(objectClass=inetOrgPerson)", "entryUUID").getSearchEntries()) {
            people.put(lower(e.getAttributeValue("entryUUID")), e.getParsedDN().toNormalizedString());
        }
        for (SearchResultEntry e : test.directory().server().search(GROUPS, SearchScope.ONE,
                "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))", "entryUUID", "member",
                "uniqueMember").getSearchEntries()) {
            String id = lower(e.getAttributeValue("entryUUID"));
            groups.put(id, e.getParsedDN().toNormalizedString());
            Set<String> values = new TreeSet<>();
            for (String a : List.of("member", "uniqueMember")) {
                for (String v : e.hasAttribute(a) ? e.getAttributeValues(a) : new String[0]) {
                    if (DN.isValidDN(v)) {
                        values.add(new DN(v).toNormalizedString());
                    }
                }
            }
            members.put(id, values);
        }
        Map<String, String> storedPeople = new TreeMap<>();
        Map<String, String> storedGroups = new TreeMap<>();
        Map<String, Set<String>> storedMembers = new TreeMap<>();
        store.useHandle(h -> {
            h.createQuery("SELECT id, dn FROM directory_person").map((rs, ctx) -> Map.entry(rs.getString(1),
                    rs.getString(2))).forEach(e -> storedPeople.put(lower(e.getKey()), normalized(e.getValue())));
            h.createQuery("SELECT id, dn FROM directory_group WHERE state = 'active'").map((rs, ctx) -> Map.entry(
                    rs.getString(1), rs.getString(2))).forEach(e -> {
                        storedGroups.put(lower(e.getKey()), normalized(e.getValue()));
                        storedMembers.put(lower(e.getKey()), new TreeSet<>());
                    });
            h.createQuery("SELECT m.group_id, m.member_dn FROM group_member m JOIN directory_group g"
                    + " ON g.id = m.group_id WHERE g.state = 'active'").map((rs, ctx) -> Map.entry(rs.getString(1),
                    rs.getString(2))).forEach(e -> storedMembers.computeIfAbsent(lower(e.getKey()),
                            k -> new TreeSet<>()).add(normalized(e.getValue())));
        });
        assertThat(storedPeople).as("people after " + what).isEqualTo(people);
        assertThat(storedGroups).as("groups after " + what).isEqualTo(groups);
        assertThat(storedMembers).as("members after " + what).isEqualTo(members);
    }

    private static String normalized(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            return lower(dn);
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
