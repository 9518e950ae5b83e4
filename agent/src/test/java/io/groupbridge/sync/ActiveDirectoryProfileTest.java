package io.groupbridge.sync;

import static io.groupbridge.sync.ReconcilerTest.idOfGroup;
import static io.groupbridge.sync.ReconcilerTest.text;
import static io.groupbridge.sync.ReconcilerTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.schema.Schema;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.sync.ReconcileReport.Mode;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mapping.profile: active-directory} against an AD-shaped directory on the in-memory server, reconciled by
 * the normal {@link Reconciler}: users by objectCategory, {@code objectGUID} ids, kinds from {@code groupType},
 * owners from {@code managedBy} and {@code msExchCoManagedByLink}, a 3 000-member group that the server returns in
 * ranges of 1 500 values as AD does, and incremental reads by {@code uSNChanged}.
 */
class ActiveDirectoryProfileTest {

    private static final String BASE = "dc=corp,dc=example";
    private static final String AGENT = "cn=groupbridge,dc=corp,dc=example";
    private static final String ALL_STAFF = "CN=All Staff,ou=groups," + BASE;
    private static final int BIG_GROUP = 3_000;
    private static final int RANGE = 1_500;
    private static final Reconciler.Options INCREMENTAL = new Reconciler.Options(Mode.INCREMENTAL, false, false);

    @TempDir
    Path home;

    private final RangedMembers ranges = new RangedMembers();
    private final HighestCommittedUsn highestUsn = new HighestCommittedUsn();
    private InMemoryDirectoryServer ad;

    @BeforeEach
    void startAdShapedDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback",
                InetAddress.getLoopbackAddress(), 0, null));
        config.addAdditionalBindCredentials(AGENT, "agent-secret");
        try (InputStream schema = getClass().getResourceAsStream("/ad/ad-schema.ldif")) {
            config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), Schema.getSchema(schema)));
        }
        config.addInMemoryOperationInterceptor(ranges);
        config.addInMemoryOperationInterceptor(highestUsn);
        ad = new InMemoryDirectoryServer(config);
        try (InputStream ldif = getClass().getResourceAsStream("/ad/ad-directory.ldif")) {
            ad.importFromLDIF(true, new com.unboundid.ldif.LDIFReader(ldif));
        }
        List<String> members = new ArrayList<>();
        for (int i = 0; i < BIG_GROUP; i++) {
            String dn = "CN=User " + i + ",ou=people," + BASE;
            ad.add(new Entry(dn, new com.unboundid.ldap.sdk.Attribute[] {
                new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "user"),
                new com.unboundid.ldap.sdk.Attribute("cn", "User " + i),
                new com.unboundid.ldap.sdk.Attribute("sAMAccountName", "user" + i),
                new com.unboundid.ldap.sdk.Attribute("objectCategory", "person"),
                new com.unboundid.ldap.sdk.Attribute("objectGUID", guid(0x1000 + i)),
                new com.unboundid.ldap.sdk.Attribute("uSNChanged", Integer.toString(3_000 + i))}));
            members.add(dn);
        }
        ad.add(new Entry(ALL_STAFF, new com.unboundid.ldap.sdk.Attribute[] {
            new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "group"),
            new com.unboundid.ldap.sdk.Attribute("cn", "All Staff"),
            new com.unboundid.ldap.sdk.Attribute("groupType", "-2147483646"),
            new com.unboundid.ldap.sdk.Attribute("member", members),
            new com.unboundid.ldap.sdk.Attribute("objectGUID", guid(0x99)),
            new com.unboundid.ldap.sdk.Attribute("uSNChanged", "8000")}));
        ad.startListening();
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/groupbridge.yaml"), "directory:\n"
                + "  url: ldap://127.0.0.1:" + ad.getListenPort() + "\n"
                + "  bindDn: " + AGENT + "\n"
                + "  bindPassword: agent-secret\n"
                + "  peopleBase: ou=people," + BASE + "\n"
                + "  groupBase: ou=groups," + BASE + "\n"
                + "mapping:\n"
                + "  profile: active-directory\n");
    }

    @AfterEach
    void stopDirectory() {
        ad.shutDown(true);
    }

    private GroupbridgeApp open() throws Exception {
        return GroupbridgeApp.open(new ConfigLoader(Map.of()).load(home.resolve("conf/groupbridge.yaml")),
                Clock.systemUTC());
    }

    @Test
    void fullReconcileMapsUsersGroupsKindsOwnersAndEveryRangeOfABigGroup() throws Exception { // spec G, Y1
        try (GroupbridgeApp app = open()) {
            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            assertThat(report.warningCount()).isZero();
            // Ann, Bob and the generated users; the computer account is not a person.
            assertThat(report.peopleRead()).isEqualTo(2 + BIG_GROUP);
            assertThat(report.groupsRead()).isEqualTo(4);
            var jdbi = app.store().jdbi();
            assertThat(idOfGroup(jdbi, "Engineering")).isEqualTo("01234567-89ab-cdef-0123-456789abcdef");
            assertThat(text(jdbi, "SELECT login FROM directory_person WHERE id = ?",
                    "00000000-0000-0000-0000-000000000001")).isEqualTo("ann");
            assertThat(text(jdbi, "SELECT kind FROM directory_group WHERE name = 'Engineering'")).isEqualTo("security");
            assertThat(text(jdbi, "SELECT kind FROM directory_group WHERE name = 'Newsletter'"))
                    .isEqualTo("distribution");
            assertThat(text(jdbi, "SELECT ineligible_rule FROM directory_group WHERE name = 'Payroll Alerts'"))
                    .isEqualTo("G3");
            assertThat(texts(jdbi, "SELECT owner_dn FROM group_owner o JOIN directory_group g ON g.id = o.group_id"
                    + " WHERE g.name = 'Engineering' ORDER BY owner_dn")).containsExactly(
                    "CN=Ann Admin,ou=people," + BASE, "CN=Bob Builder,ou=people," + BASE);
            assertThat(text(jdbi, "SELECT COUNT(*) FROM group_member m JOIN directory_group g ON g.id = m.group_id"
                    + " WHERE g.name = 'All Staff'")).isEqualTo(Integer.toString(BIG_GROUP));
            assertThat(ranges.followUps.get()).isEqualTo(1);
            assertThat(text(jdbi, "SELECT checkpoint_value FROM sync_checkpoint WHERE name = 'directory'"))
                    .isEqualTo("usn:8000");
        }
    }

    @Test
    void incrementalReadsOnlyEntriesWithANewerUsn() throws Exception { // spec Y2
        try (GroupbridgeApp app = open()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            ad.modify("CN=Engineering,ou=groups," + BASE,
                    new Modification(ModificationType.DELETE, "member", "CN=Bob Builder,ou=people," + BASE),
                    new Modification(ModificationType.REPLACE, "uSNChanged", "9001"));

            ReconcileReport incremental = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

            assertThat(incremental.mode()).isEqualTo(Mode.INCREMENTAL);
            // Engineering, plus All Staff at the checkpoint's own number (the bound is inclusive).
            assertThat(incremental.peopleRead()).isZero();
            assertThat(incremental.groupsRead()).isEqualTo(2);
            assertThat(incremental.groupsChanged()).isEqualTo(1);
            assertThat(incremental.membersRemoved()).isEqualTo(1);
            assertThat(text(app.store().jdbi(), "SELECT checkpoint_value FROM sync_checkpoint"))
                    .isEqualTo("usn:9001");
        }
    }

    /**
     * Issue 10, low finding: after a restore from an older backup the server numbers its changes below the
     * checkpoint, so a {@code uSNChanged >=} read would skip them until the next full run; the root DSE's
     * highestCommittedUSN shows it, and the incremental run becomes a full one at once.
     */
    @Test
    void anIncrementalRunOnADirectoryRestoredBehindTheCheckpointRunsFullAtOnce() throws Exception {
        try (GroupbridgeApp app = open()) {
            highestUsn.number.set(8000);
            app.reconciler().run(false, Reconciler.Progress.NONE);
            // The backup predates All Staff's last change; the first change after the restore gets 6001.
            ad.modify(ALL_STAFF, new Modification(ModificationType.REPLACE, "uSNChanged", "4000"));
            ad.modify("CN=Engineering,ou=groups," + BASE,
                    new Modification(ModificationType.DELETE, "member", "CN=Bob Builder,ou=people," + BASE),
                    new Modification(ModificationType.REPLACE, "uSNChanged", "6001"));
            highestUsn.number.set(6001);

            ReconcileReport restored = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

            assertThat(restored.mode()).isEqualTo(Mode.FULL);
            assertThat(restored.membersRemoved()).isEqualTo(1);
            assertThat(restored.warnings()).anySatisfy(w -> assertThat(w).startsWith(
                    "checkpoint: read people: the directory's highestCommittedUSN 6001 is behind the checkpoint's"
                            + " 8000").endsWith("ran a full reconcile instead"));
            var jdbi = app.store().jdbi();
            assertThat(texts(jdbi, "SELECT outcome FROM reconcile_run ORDER BY started_at"))
                    .containsExactly("succeeded", "succeeded");
            assertThat(text(jdbi, "SELECT checkpoint_value FROM sync_checkpoint")).isEqualTo("usn:6001");

            assertThat(app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE).mode())
                    .isEqualTo(Mode.INCREMENTAL);
        }
    }

    /** A 16-byte objectGUID whose last bytes hold {@code n}. */
    private static byte[] guid(int n) {
        return ByteBuffer.allocate(16).putLong(8, n).array();
    }

    /**
     * Serves {@code member} in ranges of {@value #RANGE} values when a group has more, the way AD does with its
     * MaxValRange: {@code member;range=0-1499} in the search, then {@code member;range=1500-*} on request, named
     * with {@code *} as its end when it is the last.
     */
    private static final class RangedMembers extends InMemoryOperationInterceptor {
        private static final Pattern RANGED = Pattern.compile("(?i)member;range=(\\d+)-\\*");
        private static final String START = "range start";
        final AtomicInteger followUps = new AtomicInteger();

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            SearchRequest search = request.getRequest().duplicate();
            List<String> attributes = new ArrayList<>();
            for (String a : search.getAttributeList()) {
                Matcher m = RANGED.matcher(a);
                if (m.matches()) {
                    request.setProperty(START, Integer.parseInt(m.group(1)));
                    attributes.add("member");
                } else {
                    attributes.add(a);
                }
            }
            if (request.getProperty(START) != null) {
                followUps.incrementAndGet();
                search.setAttributes(attributes);
                request.setRequest(search);
            }
        }

        @Override
        public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
            Entry entry = result.getSearchEntry();
            String[] members = entry.getAttributeValues("member");
            Integer start = (Integer) result.getProperty(START);
            if (members == null || (start == null && members.length <= RANGE)) {
                return;
            }
            int from = start == null ? 0 : start;
            int to = Math.min(from + RANGE, members.length);
            Entry sliced = entry.duplicate();
            sliced.removeAttribute("member");
            sliced.addAttribute("member;range=" + from + "-" + (to == members.length ? "*" : to - 1),
                    Arrays.copyOfRange(members, from, to));
            result.setSearchEntry(sliced);
        }
    }

    /** Names a highest committed update sequence number in the root DSE, as AD does; none until set. */
    private static final class HighestCommittedUsn extends InMemoryOperationInterceptor {
        final AtomicLong number = new AtomicLong(-1);

        @Override
        public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
            Entry entry = result.getSearchEntry();
            if (entry.getDN().isEmpty() && number.get() >= 0) {
                Entry root = entry.duplicate();
                root.setAttribute("highestCommittedUSN", Long.toString(number.get()));
                result.setSearchEntry(root);
            }
        }
    }
}
