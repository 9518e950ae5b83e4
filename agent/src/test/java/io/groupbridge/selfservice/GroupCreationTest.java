package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.directory.LdapDirectoryNames;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Creating groups (spec A7, P table) against the embedded demo directory and a real store: who gets which channel
 * and default policy, which entries could never reach the directory, and which names are refused because they look
 * like another group's.
 */
class GroupCreationTest {

    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    private static final Actor AUTOMATION = Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com");

    @TempDir
    Path home;

    private TestHome testHome;
    private GroupbridgeApp app;
    private SelfServiceSource wiring;
    private final Clock clock = Clock.fixed(Instant.parse("2024-06-01T08:00:00Z"), ZoneOffset.UTC);

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

    private SelfService actions() {
        return actions(new GroupTemplate(List.of("groupOfNames", "gbGroup"), "member",
                Set.of(GroupKind.SECURITY, GroupKind.UNIFIED)));
    }

    private SelfService actions(GroupTemplate template) {
        GroupbridgeConfig c = app.config();
        SelfServiceOptions options = new SelfServiceOptions(GroupbridgeApp.tenantSettings(c.settings()), Map.of(
                AdminRole.GROUPS_ADMINISTRATOR, "cn=groups administrators,ou=groups,dc=example,dc=com",
                AdminRole.GLOBAL_ADMINISTRATOR, "cn=global administrators,ou=groups,dc=example,dc=com"),
                Duration.ofDays(30), template, 64);
        return SelfService.over(app.store().selfServiceStore(),
                new LdapDirectoryNames(c.directory().groupBase(), "cn"), options, new Discard(), clock);
    }

    private Actor person(String login) throws SignInException {
        return wiring.signIn().person(login, DemoConf.PASSWORD.toCharArray());
    }

    private List<Map<String, Object>> rows(String sql) {
        return app.store().jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    private void assertNothingStoredOrAudited(String name) {
        assertThat(rows("SELECT id FROM outbox")).isEmpty();
        assertThat(rows("SELECT id FROM audit_event WHERE action_name = 'create-group'")).isEmpty();
        assertThat(rows("SELECT id FROM directory_group WHERE name = '" + name + "'")).isEmpty();
    }

    // ---------------------------------------------------------------- issue 10, finding 4

    /**
     * Issue 10, finding 4: an administrator's security group without --owner would be a memberless groupOfNames.
     * The refusal's code says so and its sentence names no flag: the web panel shows it as well (issue 11, point 2).
     */
    @Test
    void anAdministratorsSecurityGroupWithoutAnOwnerIsRefusedBeforeAnythingIsStored() throws Exception { // spec A7
        Actor bob = person("bob");

        assertThatThrownBy(() -> actions().groups().createGroup(bob, GroupKind.SECURITY, "SaaS Access", null,
                Optional.empty(),
                List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a groupOfNames entry needs at least one member")
                .hasMessageEndingWith("name its first owner")
                .hasMessageNotContaining("--")
                .extracting(e -> ((InvalidInputException) e).problem()).isEqualTo(InputProblem.OWNER_REQUIRED);
        assertNothingStoredOrAudited("SaaS Access");
    }

    /** Issue 10, finding 4: a service principal is never an owner, so without --owner its group has no member. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"security", "unified"})
    void aServicePrincipalsGroupWithoutAnOwnerIsRefusedBeforeAnythingIsStored(String kind) { // spec A7, S9
        assertThatThrownBy(() -> actions().groups().createGroup(AUTOMATION, GroupKind.fromWireName(kind), "Robots",
                null,
                Optional.empty(), List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs at least one member")
                .hasMessageContaining("a service principal is never an owner");
        assertNothingStoredOrAudited("Robots");
    }

    /** Issue 10, finding 4: groupOfUniqueNames needs its uniqueMember as much; a class with no MUST member does not. */
    @Test
    void whetherAGroupNeedsAMemberFollowsTheMappedObjectClass() throws Exception { // spec A7
        Actor bob = person("bob");
        SelfService unique = actions(new GroupTemplate(List.of("groupOfUniqueNames", "gbGroup"),
                "uniqueMember", Set.of(GroupKind.SECURITY, GroupKind.UNIFIED)));
        SelfService adGroup = actions(new GroupTemplate(List.of("group"), "member", Set.of(GroupKind.SECURITY)));

        assertThatThrownBy(() -> unique.groups().createGroup(bob, GroupKind.SECURITY, "Vault", null, Optional.empty(),
                List.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a groupOfUniqueNames entry needs at least one member");
        ActionResult empty = adGroup.groups().createGroup(bob, GroupKind.SECURITY, "Vault", null, Optional.empty(),
                List.of());

        assertThat(empty.allowed()).as(empty.message()).isTrue();
        assertThat((String) rows("SELECT payload FROM outbox").get(0).get("payload"))
                .contains("\"objectClasses\":[\"group\"]", "\"owners\":[]");
    }

    /** Issue 10, finding 4: without a kind attribute every group reads back as security, so unified is refused. */
    @Test
    void aKindTheMappingCannotRecordIsRefusedBeforeAnythingIsStored() throws Exception { // spec A7, G2
        SelfService securityOnly = actions(new GroupTemplate(List.of("groupOfNames"), "member",
                Set.of(GroupKind.SECURITY)));
        Actor heidi = person("heidi");

        assertThatThrownBy(() -> securityOnly.groups().createGroup(heidi, GroupKind.UNIFIED, "Tea Club", null,
                Optional.empty(), List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no way to record a unified group");
        assertNothingStoredOrAudited("Tea Club");
    }

    // ---------------------------------------------------------------- issue 10, finding 9

    /**
     * Issue 10, finding 9: administrators and service principals create through the API channel, so the P table's
     * api row gives the default policy (security owners-only, unified open) unless they chose one.
     */
    @ParameterizedTest(name = "{0} creates {1}, policy {2}: {3}")
    @CsvSource({
        "bob,        security, ,               owners-only",
        "bob,        unified,  ,               open",
        "bob,        security, open,           open",
        "bob,        unified,  owner-approval, owner-approval",
        "automation, security, ,               owners-only",
        "automation, unified,  ,               open",
        "automation, security, owner-approval, owner-approval",
        "automation, unified,  owners-only,    owners-only",
    })
    void privilegedCreatorsGetTheApiChannelAndItsDefaultPolicy(String creator, String kind, String policy,
            String expected) throws Exception { // spec P table (api row), S9, S10
        Actor actor = creator.equals("automation") ? AUTOMATION : person(creator);
        ActionResult r = actions().groups().createGroup(actor, GroupKind.fromWireName(kind), "Ops Tools", null,
                Optional.ofNullable(policy).map(JoinPolicy::fromWireName), List.of("dave"));

        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(rows("SELECT channel, policy FROM directory_group WHERE name = 'Ops Tools'")).singleElement()
                .satisfies(g -> assertThat(g).containsEntry("channel", "api").containsEntry("policy", expected));
        assertThat((String) rows("SELECT payload FROM outbox").get(0).get("payload"))
                .contains("\"channel\":\"api\"", "\"policy\":\"" + expected + "\"");
    }

    /** Issue 10, finding 9: users still create through self-service: open unless they chose another policy. */
    @ParameterizedTest(name = "{0}, policy {1}: {2}")
    @CsvSource({"security, , open", "unified, , open", "security, owners-only, owners-only"})
    void usersKeepTheSelfServiceChannel(String kind, String policy, String expected) throws Exception { // P table
        ActionResult r = actions().groups().createGroup(person("heidi"), GroupKind.fromWireName(kind), "Reading Circle",
                null,
                Optional.ofNullable(policy).map(JoinPolicy::fromWireName), List.of());

        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(rows("SELECT channel, policy FROM directory_group WHERE name = 'Reading Circle'")).singleElement()
                .satisfies(g -> assertThat(g).containsEntry("channel", "self-service")
                        .containsEntry("policy", expected));
    }

    /**
     * Issue 10, finding 9, the delegated scenario: the SaaS access group an administrator created is owners-only, so
     * an employee's join is refused, before and after the directory has it; the directory records channel api.
     */
    @Test
    void anEmployeeCannotJoinTheSecurityGroupAnAdministratorCreated() throws Exception { // spec P3, P table
        SelfService a = actions();
        ActionResult created = a.groups().createGroup(person("bob"), GroupKind.SECURITY, "SaaS Access", null,
                Optional.empty(),
                List.of("dave"));
        assertThat(created.allowed()).as(created.message()).isTrue();

        ActionResult early = a.memberships().join(person("mallory"), created.groupId().orElseThrow(), "");
        app.outboxRelay().run();
        String real = app.store().queries().findGroups("SaaS Access", null).get(0).id();
        ActionResult late = a.memberships().join(person("mallory"), real, "");

        assertThat(early.allowed()).isFalse();
        assertThat(early.rule()).isEqualTo("P3");
        assertThat(late.allowed()).isFalse();
        assertThat(late.rule()).isEqualTo("P3");
        assertThat(testHome.directory().server().getEntry("cn=SaaS Access," + GROUPS)
                .getAttributeValue("gbCreationChannel")).isEqualTo("api");
        assertThat(rows("SELECT channel, policy FROM directory_group WHERE id = '" + real + "'")).singleElement()
                .satisfies(g -> assertThat(g).containsEntry("channel", "api").containsEntry("policy", "owners-only"));
    }

    // ---------------------------------------------------------------- issue 10, finding 11 (names)

    /** Issue 10, finding 11: invisible, format and non-ASCII space characters are refused, naming the code point. */
    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"200B", "202E", "202A", "2066", "200F", "200D", "FEFF", "00AD", "00A0", "2007", "3000",
        "2028", "0085", "E000"})
    void lookAlikeNamesAreRefusedNamingTheCharacter(String hex) throws Exception { // issue 10 finding 11
        String character = Character.toString(Integer.parseInt(hex, 16));
        Actor heidi = person("heidi");

        for (String sneaky : List.of("Global" + character + "Administrators", character + "Global Administrators")) {
            assertThatThrownBy(() -> actions().groups().createGroup(heidi, GroupKind.SECURITY, sneaky, null,
                    Optional.empty(),
                    List.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("U+" + hex);
            assertNothingStoredOrAudited(sneaky);
        }
    }

    /** Issue 10, finding 11: the role group's name with a zero-width space after it lists exactly like the real one. */
    @Test
    void globalAdministratorsWithATrailingZeroWidthSpaceCannotBeCreated() throws Exception {
        Actor bob = person("bob");

        assertThatThrownBy(() -> actions().groups().createGroup(bob, GroupKind.SECURITY, "Global Administrators\u200B",
                null,
                Optional.empty(), List.of("mallory")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("U+200B (ZERO WIDTH SPACE)");
        assertNothingStoredOrAudited("Global Administrators\u200B");
    }

    /** Issue 10, finding 11: the characters a real name needs stay allowed. */
    @Test
    void plainSpacesPunctuationAndNonAsciiLettersStayAllowed() throws Exception {
        ActionResult r = actions().groups().createGroup(person("heidi"), GroupKind.SECURITY, "Café Zürich – Ops (東京)",
                null,
                Optional.empty(), List.of());

        assertThat(r.allowed()).as(r.message()).isTrue();
    }

    /** Issue 10, finding 11: a name that parses as an existing group's DN would make lookups by DN ambiguous. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cn=Finance Team,ou=groups,dc=example,dc=com",
        "CN=finance team, OU=Groups, DC=example, DC=com"})
    void aNameThatIsAnotherGroupsDnIsRefused(String name) throws Exception {
        Actor heidi = person("heidi");

        assertThatThrownBy(() -> actions().groups().createGroup(heidi, GroupKind.SECURITY, name, null, Optional.empty(),
                List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is the DN of an existing group");
        assertNothingStoredOrAudited(name);
    }

    /** Issue 10, finding 11: nor may a new group get the DN another group's name reads as. */
    @Test
    void aGroupWhoseDnIsAnotherGroupsNameIsRefused() throws Exception {
        SelfService a = actions();
        Actor heidi = person("heidi");
        assertThat(a.groups().createGroup(heidi, GroupKind.SECURITY, "cn=Night Shift," + GROUPS, null, Optional.empty(),
                List.of()).allowed()).isTrue();

        assertThatThrownBy(() -> a.groups().createGroup(heidi, GroupKind.SECURITY, "night shift", null,
                Optional.empty(),
                List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is named like the DN this group would get");
        assertThat(rows("SELECT id FROM directory_group WHERE LOWER(name) = 'night shift'")).isEmpty();
    }

    private static final class Discard implements NotificationSink {
        @Override
        public void send(Notification notification) {
        }

        @Override
        public void close() {
        }
    }
}
