package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.directory.LdapDirectoryNames;
import io.groupbridge.model.GroupKind;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.selfservice.rules.TenantSettings;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.MutableClock;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owners edit a group's description and rename it (issue 12 point 3, spec A8, S3, R6, W1) on the embedded directory:
 * the change goes out through the outbox, the directory entry gets it from the relay (a rename as a modify DN that
 * keeps the entry's members), and the store shows it only once the directory confirmed it; the old DN of a renamed
 * group still names it.
 */
class GroupEditWriteBackTest {

    private static final String PAYROLL = "App Payroll Users";
    private static final String PAYROLL_DN = "cn=App Payroll Users,ou=groups,dc=example,dc=com";
    private static final String RENAMED_DN = "cn=Payroll\\, Monthly,ou=groups,dc=example,dc=com";

    @TempDir
    Path home;

    private TestHome testHome;
    private GroupbridgeApp app;
    private SelfServiceSource wiring;
    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE);
        app = testHome.openApp();
        app.reconciler().run(false, Reconciler.Progress.NONE);
        wiring = app.selfService();
    }

    @AfterEach
    void stop() {
        app.close();
        testHome.close();
    }

    @Test
    void anOwnersNewDescriptionReachesTheDirectoryAndTheStoreOnlyAfterTheWriteBack() throws Exception { // spec A8, R6
        ActionResult r = actions(s -> s).groups().editGroup(person("dave"), groupId(), Optional.empty(),
                Optional.of("  Runs the monthly payroll  "), Optional.empty());

        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(r.outboxIds()).hasSize(1);
        assertThat(storedDescription()).as("pending until the directory has it").isNotEqualTo("Runs the monthly payroll");
        assertThat(editAudits()).singleElement().asString().contains("-> 'Runs the monthly payroll'");

        assertThat(app.syncCycle().writeBack().done()).isEqualTo(1);

        assertThat(directoryDescription()).isEqualTo("Runs the monthly payroll");
        assertThat(storedDescription()).isEqualTo("Runs the monthly payroll");
        app.reconciler().run(false, Reconciler.Progress.NONE);
        assertThat(storedDescription()).as("the reconcile reads the directory, which has it").isEqualTo(
                "Runs the monthly payroll");
        assertThat(app.reconciler().run(false, Reconciler.Progress.NONE).changes()).as("a second reconcile")
                .isZero();
        assertThat(app.syncCycle().writeBack().nothingToDo()).isTrue();
    }

    @Test
    void aBlankDescriptionRemovesTheAttribute() throws Exception { // spec A8
        SelfService a = actions(s -> s);
        a.groups().editGroup(person("dave"), groupId(), Optional.empty(), Optional.of("first"), Optional.empty());
        app.syncCycle().writeBack();
        assertThat(directoryDescription()).isEqualTo("first");

        ActionResult r = a.groups().editGroup(person("dave"), groupId(), Optional.empty(), Optional.of("   "),
                Optional.empty());
        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(app.syncCycle().writeBack().done()).isEqualTo(1);

        assertThat(directoryDescription()).isNull();
        assertThat(storedDescription()).isNull();
    }

    @Test
    void refusedEditsChangeNothing() throws Exception { // spec A8, S3
        ActionResult nonOwner = actions(s -> s).groups().editGroup(person("heidi"), groupId(), Optional.empty(),
                Optional.of("mine now"), Optional.empty());
        ActionResult closed = actions(s -> s.withUsersCanCreateSecurityGroups(false)).groups().editGroup(
                person("dave"), groupId(), Optional.empty(), Optional.of("mine now"), Optional.empty());

        assertThat(nonOwner.allowed()).isFalse();
        assertThat(nonOwner.rule()).isEqualTo("A8");
        assertThat(closed.allowed()).isFalse();
        assertThat(closed.rule()).isEqualTo("S3");
        assertThat(outboxRows()).isZero();
        assertThat(app.syncCycle().writeBack().nothingToDo()).isTrue();
        assertThat(directoryDescription()).isNotEqualTo("mine now");
    }

    @Test
    void anOverlongOrControlCharacterDescriptionIsRefusedAsInput() throws Exception { // spec A8
        SelfService a = actions(s -> s);
        Actor dave = person("dave");
        assertThatThrownBy(() -> a.groups().editGroup(dave, groupId(), Optional.empty(), Optional.of("x".repeat(1025)),
                Optional.empty())).isInstanceOf(InvalidInputException.class).hasMessageContaining("1024");
        assertThatThrownBy(() -> a.groups().editGroup(dave, groupId(), Optional.empty(), Optional.of("a\u0007b"),
                Optional.empty())).isInstanceOf(InvalidInputException.class);
        assertThat(outboxRows()).isZero();
    }

    @Test
    void anOwnersRenameMovesTheEntryKeepsItsMembersAndTheStoreFollowsAfterTheWriteBack() throws Exception { // A8, R6
        String id = groupId();
        List<String> membersBefore = directoryMembers(PAYROLL_DN);

        ActionResult r = rename(actions(s -> s), "dave", "Payroll, Monthly");

        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(stored(id, "name")).as("pending until the directory has it").isEqualTo(PAYROLL);
        assertThat(app.syncCycle().writeBack().done()).isEqualTo(1);

        InMemoryDirectoryServer server = testHome.directory().server();
        assertThat(server.getEntry(PAYROLL_DN)).as("the old entry is gone").isNull();
        Entry moved = server.getEntry(RENAMED_DN);
        assertThat(moved).isNotNull();
        assertThat(moved.getAttributeValues("cn")).as("deleteOldRDN").containsExactly("Payroll, Monthly");
        assertThat(directoryMembers(RENAMED_DN)).containsExactlyInAnyOrderElementsOf(membersBefore);
        assertThat(stored(id, "name")).isEqualTo("Payroll, Monthly");
        assertThat(stored(id, "dn_norm")).isEqualTo(new DN(RENAMED_DN).toNormalizedString());

        SelfService a = actions(s -> s);
        assertThat(a.groups().findGroup(person("dave"), PAYROLL_DN.toUpperCase(Locale.ROOT)).id())
                .as("the old DN, in any spelling, still names the group").isEqualTo(id);
        app.reconciler().run(false, Reconciler.Progress.NONE);
        assertThat(groupIds("Payroll, Monthly")).as("the reconcile keeps the group by its entry id")
                .containsExactly(id);
        assertThat(app.reconciler().run(false, Reconciler.Progress.NONE).changes()).isZero();
    }

    @Test
    void aGroupThatHasTheRenamedOneAsMemberHoldsADanglingValueUntilTheDirectoryRewritesIt() throws Exception { // W5
        // The embedded directory has no referential integrity: App Payroll Users keeps naming the old DN.
        String finance = "cn=Finance Team,ou=groups,dc=example,dc=com";
        String financeId = app.store().queries().findGroups("Finance Team", null).get(0).id();
        ActionResult r = actions(s -> s).groups().editGroup(person("grace"), financeId,
                Optional.of("Finance Department"), Optional.empty(), Optional.empty());
        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(dangling()).isEmpty();

        assertThat(app.syncCycle().writeBack().done()).isEqualTo(1);

        assertThat(dangling()).containsExactly(groupId() + " " + finance);
        app.reconciler().run(false, Reconciler.Progress.NONE);
        assertThat(dangling()).as("the directory still names the old DN").containsExactly(groupId() + " " + finance);
    }

    @Test
    void aMemberQueuedBeforeTheRenameIsWrittenToTheNewDn() throws Exception { // spec W1, A8
        SelfService a = actions(s -> s);
        Actor dave = person("dave");
        ActionResult first = rename(a, "dave", "Payroll Team");
        ActionResult add = a.memberships().addMember(dave, groupId(), "heidi");
        assertThat(first.allowed()).as(first.message()).isTrue();
        assertThat(add.allowed()).as(add.message()).isTrue();

        app.syncCycle().writeBack();
        app.syncCycle().writeBack();

        String heidi = "uid=heidi,ou=people,dc=example,dc=com";
        Entry moved = testHome.directory().server().getEntry("cn=Payroll Team,ou=groups,dc=example,dc=com");
        assertThat(moved.hasAttributeValue("member", heidi)).isTrue();
        assertThat(outboxStates()).containsOnly("done");
    }

    @Test
    void aRenameToADnSomeoneElseTookIsParkedWithTheReasonAndChangesNothing() throws Exception { // spec W3
        String id = groupId();
        ActionResult r = rename(actions(s -> s), "dave", "Taken Elsewhere");
        assertThat(r.allowed()).as(r.message()).isTrue();
        testHome.directory().server().add(new Entry("cn=Taken Elsewhere,ou=groups,dc=example,dc=com",
                new Attribute("objectClass", "top", "groupOfNames"), new Attribute("cn", "Taken Elsewhere"),
                new Attribute("member", "uid=heidi,ou=people,dc=example,dc=com")));

        assertThat(app.syncCycle().writeBack().parked()).isEqualTo(1);

        assertThat(outboxStates()).containsExactly("failed");
        String error = app.store().jdbi().withHandle(h -> h.createQuery("SELECT last_error FROM outbox")
                .mapTo(String.class).one());
        assertThat(error).contains("already exists").contains("not renamed");
        assertThat(testHome.directory().server().getEntry(PAYROLL_DN)).isNotNull();
        assertThat(stored(id, "name")).isEqualTo(PAYROLL);
        assertThat(stored(id, "dn")).isEqualTo(PAYROLL_DN);
    }

    @Test
    void refusedRenamesQueueNothing() throws Exception { // spec A8, S3
        ActionResult stranger = rename(actions(s -> s), "heidi", "Mine Now");
        ActionResult closed = rename(actions(s -> s.withUsersCanCreateSecurityGroups(false)), "dave", "Mine Now");

        assertThat(stranger.rule()).isEqualTo("A8");
        assertThat(stranger.allowed()).isFalse();
        assertThat(closed.rule()).isEqualTo("S3");
        assertThat(closed.allowed()).isFalse();
        assertThat(outboxStates()).isEmpty();
        assertThat(app.syncCycle().writeBack().nothingToDo()).isTrue();
    }

    private ActionResult rename(SelfService a, String who, String name) throws SignInException {
        return a.groups().editGroup(person(who), groupId(), Optional.of(name), Optional.empty(), Optional.empty());
    }

    private List<String> directoryMembers(String dn) throws Exception {
        return List.of(testHome.directory().server().getEntry(dn).getAttributeValues("member"));
    }

    private String stored(String id, String column) {
        return app.store().jdbi().withHandle(h -> h.createQuery("SELECT " + column + " FROM directory_group"
                + " WHERE id = :id").bind("id", id).mapTo(String.class).one());
    }

    private List<String> groupIds(String name) {
        return app.store().jdbi().withHandle(h -> h.createQuery("SELECT id FROM directory_group WHERE name = :n")
                .bind("n", name).mapTo(String.class).list());
    }

    private List<String> dangling() {
        return app.store().jdbi().withHandle(h -> h.createQuery("SELECT group_id || ' ' || member_dn FROM"
                + " dangling_member WHERE member_dn_norm LIKE 'cn=finance%'").mapTo(String.class).list());
    }

    private List<String> outboxStates() {
        return app.store().jdbi().withHandle(h -> h.createQuery("SELECT state FROM outbox ORDER BY id")
                .mapTo(String.class).list());
    }

    private SelfService actions(UnaryOperator<TenantSettings> settings) {
        GroupbridgeConfig c = app.config();
        TenantSettings base = GroupbridgeApp.tenantSettings(c.settings());
        SelfServiceOptions options = new SelfServiceOptions(settings.apply(base), Map.of(
                AdminRole.GROUPS_ADMINISTRATOR, "cn=groups administrators,ou=groups,dc=example,dc=com",
                AdminRole.GLOBAL_ADMINISTRATOR, "cn=global administrators,ou=groups,dc=example,dc=com"),
                Duration.ofDays(30), new GroupTemplate(List.of("groupOfNames", "gbGroup"), "member",
                        Set.of(GroupKind.SECURITY, GroupKind.UNIFIED)), 64);
        return SelfService.over(app.store().selfServiceStore(),
                new LdapDirectoryNames(c.directory().groupBase(), "cn"), options, new Silent(), clock);
    }

    private Actor person(String login) throws SignInException {
        return wiring.signIn().person(login, DemoConf.PASSWORD.toCharArray());
    }

    private String groupId() {
        return app.store().queries().findGroups(PAYROLL, null).get(0).id();
    }

    private List<String> editAudits() {
        return app.store().jdbi().withHandle(h -> h.createQuery("SELECT detail FROM audit_event"
                + " WHERE action_name = 'edit-group'").mapTo(String.class).list());
    }

    private long outboxRows() {
        return app.store().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox").mapTo(Long.class)
                .one());
    }

    private String storedDescription() {
        return app.store().jdbi().withHandle(h -> h.createQuery("SELECT description FROM directory_group WHERE name"
                + " = :n").bind("n", PAYROLL).mapTo(String.class).one());
    }

    private String directoryDescription() throws Exception {
        return testHome.directory().server().getEntry(PAYROLL_DN).getAttributeValue("description");
    }

    private static final class Silent implements NotificationSink {
        @Override
        public void send(Notification notification) {
        }

        @Override
        public void close() {
        }
    }
}
