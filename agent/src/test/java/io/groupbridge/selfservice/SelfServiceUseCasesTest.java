package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupbridge.model.Channel;
import io.groupbridge.model.CreateGroupPayload;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.NewGroup;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.PremiumLicense;
import io.groupbridge.selfservice.rules.RequestState;
import io.groupbridge.selfservice.rules.RestrictMyGroups;
import io.groupbridge.selfservice.rules.Surface;
import io.groupbridge.selfservice.rules.TenantSettings;
import io.groupbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The self-service use cases on in-memory fakes of their ports (store, directory names, notifications): no SQL, no
 * LDAP, so the services and the rules are shown to stand on the ports alone. Each test names the spec rule it
 * checks, with an actor it allows and one it refuses. {@code SelfServiceActionsTest} keeps the same behaviour
 * against the real store and directory.
 */
class SelfServiceUseCasesTest {

    private static final String ADMINS = "cn=groups administrators," + FakeDirectoryNames.GROUP_BASE;

    private final FakeDirectoryNames names = new FakeDirectoryNames();
    private final InMemorySelfServiceStore store = new InMemorySelfServiceStore(names);
    private final RecordingNotifications told = new RecordingNotifications();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));

    private Person alice;
    private Person bob;
    private Person carol;
    private Person ada;
    private StoredGroup wiki;
    private StoredGroup payroll;
    private StoredGroup lab;

    @BeforeEach
    void seed() {
        alice = store.addPerson("uid=alice,ou=people,dc=example,dc=com", "alice");
        bob = store.addPerson("uid=bob,ou=people,dc=example,dc=com", "bob");
        carol = store.addPerson("uid=carol,ou=people,dc=example,dc=com", "carol");
        ada = store.addPerson("uid=ada,ou=people,dc=example,dc=com", "ada");
        store.addGroup("Groups Administrators", GroupKind.SECURITY, JoinPolicy.OWNERS_ONLY, List.of(), List.of(ada));
        wiki = store.addGroup("Team Wiki", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(alice), List.of(alice));
        payroll = store.addGroup("Payroll", GroupKind.UNIFIED, JoinPolicy.OWNER_APPROVAL, List.of(alice),
                List.of(alice));
        lab = store.addGroup("Lab Access", GroupKind.SECURITY, JoinPolicy.OPEN, List.of(alice), List.of(alice));
    }

    /** S1 on, so that owners decide requests; everything else as Entra's defaults. */
    private SelfService services() {
        return services(s -> s);
    }

    private SelfService services(UnaryOperator<TenantSettings> settings) {
        return SelfService.over(store, names, options(settings, ADMINS), told, clock);
    }

    private static SelfServiceOptions options(UnaryOperator<TenantSettings> settings, String administrators) {
        return new SelfServiceOptions(settings.apply(TenantSettings.defaults().withOwnersCanManageJoinRequests(true)),
                Map.of(AdminRole.GROUPS_ADMINISTRATOR, administrators), Duration.ofDays(30),
                new GroupTemplate(List.of("groupOfNames"), "member", Set.of(GroupKind.SECURITY, GroupKind.UNIFIED)),
                SelfServiceOptions.DEFAULT_MAX_NAME_LENGTH);
    }

    private Actor actor(Person p) {
        return services().views().actorFor(p.dn().written(), ActorKind.PERSON);
    }

    private List<InMemorySelfServiceStore.OutboxRow> outbox(OutboxOperation op) {
        return store.outbox().stream().filter(r -> r.item().operation() == op).toList();
    }

    private AuditRecord lastAudit() {
        List<AuditRecord> log = store.auditLog();
        return log.get(log.size() - 1);
    }

    // ---------------------------------------------------------------- actors

    @Test
    void rolesComeFromTheConfiguredRoleGroupsAsTheStoreHoldsThem() { // spec A16
        assertThat(actor(ada).roles()).containsExactly(AdminRole.GROUPS_ADMINISTRATOR);
        assertThat(actor(bob).roles()).isEmpty();
        assertThat(actor(alice).isMemberOf(wiki.dn().normalized())).isTrue();
    }

    // ---------------------------------------------------------------- joining

    @Test
    void anOpenGroupIsJoinedAtOnceThroughTheOutboxAndShowsAsPendingUntilTheDirectoryHasIt() { // spec A3, P1, R6
        ActionResult r = services().memberships().join(actor(bob), wiki.id(), "");

        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(r.rule()).isEqualTo("P1");
        assertThat(outbox(OutboxOperation.ADD_MEMBER)).singleElement()
                .satisfies(row -> assertThat(row.item().valueDn()).isEqualTo(bob.dn().written()));
        assertThat(services().memberships().members(actor(alice), wiki.id()).items())
                .contains(new MembershipEntry(bob.dn().written(),
                        "pending write-back (outbox " + r.outboxIds().get(0) + ")"));
        assertThat(services().memberships().join(actor(bob), wiki.id(), "").rule())
                .as("the pending write-back counts as membership").isEqualTo("R5");
    }

    @Test
    void anOwnerApprovalGroupTakesARequestWithAJustificationAndTellsItsOwners() { // spec P2, R7
        ActionResult without = services().memberships().join(actor(bob), payroll.id(), "");
        assertThat(without.allowed()).isFalse();
        assertThat(without.rule()).isEqualTo("P2");
        assertThat(lastAudit().outcome()).isEqualTo("refused");

        ActionResult asked = services().memberships().join(actor(bob), payroll.id(), "I run the payroll");
        assertThat(asked.allowed()).as(asked.message()).isTrue();
        assertThat(asked.requestId()).isPresent();
        assertThat(store.outbox()).isEmpty();
        assertThat(told.sent()).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.REQUESTED);
            assertThat(n.recipients()).containsExactly(alice.dn().written());
        });
    }

    // ---------------------------------------------------------------- requests

    private long bobAsksForPayroll() {
        return services().memberships().join(actor(bob), payroll.id(), "I run the payroll").requestId()
                .orElseThrow();
    }

    @Test
    void anOwnerApprovesWhenS1LetsThemAndTheMemberIsWrittenBack() { // spec A4, S1, R7
        long id = bobAsksForPayroll();

        ActionResult refused = services(s -> s.withOwnersCanManageJoinRequests(false)).requests()
                .decide(actor(alice), id, true, "");
        assertThat(refused.rule()).isEqualTo("S1");
        assertThat(refused.allowed()).isFalse();

        ActionResult stranger = services().requests().decide(actor(carol), id, true, "");
        assertThat(stranger.rule()).isEqualTo("A4");
        assertThat(stranger.allowed()).isFalse();

        ActionResult approved = services().requests().decide(actor(alice), id, true, "");
        assertThat(approved.allowed()).as(approved.message()).isTrue();
        assertThat(outbox(OutboxOperation.ADD_MEMBER)).singleElement()
                .satisfies(row -> assertThat(row.item().requestId()).isEqualTo(id));
        assertThat(told.sent()).last().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.APPROVED);
            assertThat(n.recipients()).containsExactly(bob.dn().written());
        });
    }

    @Test
    void aDenialNeedsAReasonAndTheFirstDecisionWins() { // spec R1
        long id = bobAsksForPayroll();

        assertThatThrownBy(() -> services().requests().decide(actor(alice), id, false, " "))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.REASON_REQUIRED));
        ActionResult denied = services().requests().decide(actor(alice), id, false, "not in the payroll team");
        assertThat(denied.allowed()).as(denied.message()).isTrue();

        ActionResult late = services().requests().decide(actor(ada), id, true, "");
        assertThat(late.allowed()).isFalse();
        assertThat(late.rule()).isEqualTo("R1");
        assertThat(store.outbox()).isEmpty();
    }

    @Test
    void onlyTheRequesterCancelsTheirRequest() { // spec R2
        long id = bobAsksForPayroll();

        ActionResult other = services().requests().cancelRequest(actor(carol), id);
        assertThat(other.allowed()).isFalse();
        assertThat(other.rule()).isEqualTo("R2");

        ActionResult own = services().requests().cancelRequest(actor(bob), id);
        assertThat(own.allowed()).as(own.message()).isTrue();
        assertThat(services().requests().requests(actor(bob), null, false).items())
                .singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(RequestState.CANCELLED));
    }

    @Test
    void ownersSeeTheirGroupsRequestsAndOthersOnlyTheirOwn() { // spec A14
        long id = bobAsksForPayroll();

        assertThat(services().requests().requests(actor(alice), payroll.id(), true).items())
                .extracting(JoinRequest::id).containsExactly(id);
        Listing<JoinRequest> carols = services().requests().requests(actor(carol), payroll.id(), true);
        assertThat(carols.refusal()).hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo("A14"));
        assertThat(services().requests().requests(actor(carol), null, true).items()).isEmpty();
    }

    @Test
    void aRequestOlderThanExpireAfterExpiresAndTheRequesterIsTold() { // spec R4
        long id = bobAsksForPayroll();
        clock.advance(Duration.ofDays(29));
        assertThat(services().requests().expireRequests()).isZero();

        clock.advance(Duration.ofDays(2));
        assertThat(services().requests().expireRequests()).isEqualTo(1);
        assertThat(services().requests().requests(actor(alice), payroll.id(), false).items())
                .singleElement().satisfies(r -> {
                    assertThat(r.id()).isEqualTo(id);
                    assertThat(r.state()).isEqualTo(RequestState.EXPIRED);
                });
        assertThat(told.sent()).last().satisfies(n -> assertThat(n.event()).isEqualTo(Notification.Event.EXPIRED));
    }

    // ---------------------------------------------------------------- leaving, members, owners

    @Test
    void aMemberLeavesThroughTheOutboxAndANonMemberIsToldTheyAreNotOne() { // spec A6
        store.writeBackAll();
        services().memberships().join(actor(bob), wiki.id(), "");
        store.writeBackAll();

        ActionResult left = services().memberships().leave(actor(bob), wiki.id());
        assertThat(left.allowed()).as(left.message()).isTrue();
        assertThat(outbox(OutboxOperation.REMOVE_MEMBER)).singleElement()
                .satisfies(row -> assertThat(row.item().valueDn()).isEqualTo(bob.dn().written()));
        assertThatThrownBy(() -> services().memberships().leave(actor(carol), wiki.id()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.NOT_A_MEMBER));
    }

    @Test
    void membersAndOwnersSeeTheMembersAndOthersAreRefused() { // spec A2
        assertThat(services().memberships().members(actor(alice), payroll.id()).items())
                .extracting(MembershipEntry::dn).containsExactly(alice.dn().written());
        Listing<MembershipEntry> bobs = services().memberships().members(actor(bob), payroll.id());
        assertThat(bobs.refusal()).hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo("A2"));
        assertThat(lastAudit().action()).isEqualTo("view-members");
        assertThat(services().memberships().owners(payroll.id())).extracting(MembershipEntry::dn)
                .containsExactly(alice.dn().written());
    }

    @Test
    void aPageThatShowsTheGroupWithoutItsMembersRefusesByA2WithoutAnAuditEntry() { // spec A2, A13
        int before = store.auditLog().size();

        Listing<MembershipEntry> shown = services().memberships().membersShown(actor(bob), payroll.id(), 0, 20);

        assertThat(shown.refusal()).hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo("A2"));
        assertThat(shown.items()).isEmpty();
        assertThat(store.auditLog()).hasSize(before);
        assertThat(services().memberships().membersShown(actor(alice), payroll.id(), 0, 20).items())
                .extracting(MembershipEntry::dn).containsExactly(alice.dn().written());
    }

    @Test
    void anOwnerAddsAndRemovesMembersAndAUserCannot() { // spec A5
        ActionResult byBob = services().memberships().addMember(actor(bob), payroll.id(), "carol");
        assertThat(byBob.allowed()).isFalse();
        assertThat(byBob.rule()).isEqualTo("A5");

        ActionResult added = services().memberships().addMember(actor(alice), payroll.id(), "carol");
        assertThat(added.allowed()).as(added.message()).isTrue();
        store.writeBackAll();
        ActionResult removed = services().memberships().removeMember(actor(alice), payroll.id(), "carol");
        assertThat(removed.allowed()).as(removed.message()).isTrue();
        assertThat(outbox(OutboxOperation.REMOVE_MEMBER)).hasSize(1);
    }

    @Test
    void anOwnerMakesAMemberAnOwnerButNeverRemovesTheLastOwner() { // spec A9, A10, S6
        ActionResult notMember = services().memberships().addOwner(actor(alice), payroll.id(), "carol");
        assertThat(notMember.rule()).isEqualTo("A9");
        assertThat(notMember.allowed()).isFalse();
        assertThat(services().memberships().addOwner(actor(bob), payroll.id(), "alice").rule()).isEqualTo("A9");

        ActionResult last = services().memberships().removeOwner(actor(alice), payroll.id(), "alice");
        assertThat(last.allowed()).isFalse();
        assertThat(last.rule()).isEqualTo("A10");

        services().memberships().addMember(actor(alice), payroll.id(), "carol");
        store.writeBackAll();
        ActionResult owner = services().memberships().addOwner(actor(alice), payroll.id(), "carol");
        assertThat(owner.allowed()).as(owner.message()).isTrue();
        assertThat(outbox(OutboxOperation.ADD_OWNER)).singleElement()
                .satisfies(row -> assertThat(row.item().valueDn()).isEqualTo(carol.dn().written()));
    }

    // ---------------------------------------------------------------- groups

    @Test
    void aUserCreatesAUnifiedGroupTheyOwnUnlessS4ClosesItToUsers() { // spec A7, S4
        ActionResult closed = services(s -> s.withUsersCanCreateUnifiedGroups(false)).groups()
                .createGroup(actor(bob), GroupKind.UNIFIED, "Book Club", "", Optional.empty(), List.of());
        assertThat(closed.allowed()).isFalse();
        assertThat(closed.rule()).isEqualTo("S4");

        ActionResult created = services().groups().createGroup(actor(bob), GroupKind.UNIFIED, "Book Club", "",
                Optional.empty(), List.of());
        assertThat(created.allowed()).as(created.message()).isTrue();
        StoredGroup g = store.group(created.groupId().orElseThrow()).orElseThrow();
        assertThat(g.creating()).isTrue();
        assertThat(g.dn().written()).isEqualTo("cn=Book Club," + FakeDirectoryNames.GROUP_BASE);
        assertThat(services().memberships().owners(g.id())).extracting(MembershipEntry::dn)
                .containsExactly(bob.dn().written());
        assertThat(outbox(OutboxOperation.CREATE_GROUP)).hasSize(1);
        assertThatThrownBy(() -> services().groups().createGroup(actor(carol), GroupKind.UNIFIED, "book club", "",
                Optional.empty(), List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.NAME_TAKEN));
    }

    @Test
    void onlyAdministratorsDeleteAGroupAndItsPendingRequestsAreCancelled() { // spec A11, R3
        long id = bobAsksForPayroll();
        ActionResult byOwner = services().groups().deleteGroup(actor(alice), payroll.id());
        assertThat(byOwner.allowed()).isFalse();
        assertThat(byOwner.rule()).isEqualTo("A11");

        ActionResult deleted = services().groups().deleteGroup(actor(ada), payroll.id());
        assertThat(deleted.allowed()).as(deleted.message()).isTrue();
        assertThat(services().requests().requests(actor(ada), payroll.id(), false).items())
                .singleElement().satisfies(r -> {
                    assertThat(r.id()).isEqualTo(id);
                    assertThat(r.state()).isEqualTo(RequestState.CANCELLED);
                });
    }

    @Test
    void aGroupIsFoundByNameIdOrDnInAnySpelling() { // findGroup, one semantics for every surface
        assertThat(services().groups().findGroup(actor(bob), "team wiki").id()).isEqualTo(wiki.id());
        assertThat(services().groups().findGroup(actor(bob), wiki.id()).id()).isEqualTo(wiki.id());
        assertThat(services().groups().findGroup(actor(bob), "CN=Team Wiki, OU=Groups,DC=example,DC=com").id())
                .isEqualTo(wiki.id());
        assertThatThrownBy(() -> services().groups().findGroup(actor(bob), "nothing like it"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.NO_SUCH_GROUP));
    }

    // ---------------------------------------------------------------- S2: the surface an action comes from

    @Test
    void s2SecurityGroupsKeepsAUserFromJoiningASecurityGroupOnThePanelOnly() { // spec S2, A3
        SelfService restricted = services(s -> s.withRestrictMyGroups(RestrictMyGroups.SECURITY_GROUPS));

        ActionResult panel = restricted.memberships().join(actor(bob).on(Surface.PANEL), lab.id(), "");
        assertThat(panel.allowed()).isFalse();
        assertThat(panel.rule()).isEqualTo("S2");
        assertThat(store.outbox()).isEmpty();
        assertThat(lastAudit().outcome()).isEqualTo("refused");

        ActionResult api = restricted.memberships().join(actor(carol).on(Surface.API), lab.id(), "");
        assertThat(api.allowed()).as(api.message()).isTrue();
        ActionResult cli = restricted.memberships().join(actor(bob).on(Surface.COMMAND_LINE), lab.id(), "");
        assertThat(cli.allowed()).as(cli.message()).isTrue();
        assertThat(restricted.memberships().join(actor(bob).on(Surface.PANEL), wiki.id(), "").allowed())
                .as("a unified group stays open on the panel").isTrue();
    }

    @Test
    void s2AllClosesThePanelsGroupFeaturesToUsersButNotToAdministrators() { // spec S2, S10, A5, A7
        SelfService closed = services(s -> s.withRestrictMyGroups(RestrictMyGroups.ALL));

        ActionResult add = closed.memberships().addMember(actor(alice).on(Surface.PANEL), wiki.id(), "carol");
        assertThat(add.allowed()).isFalse();
        assertThat(add.rule()).isEqualTo("S2");
        ActionResult create = closed.groups().createGroup(actor(bob).on(Surface.PANEL), GroupKind.UNIFIED,
                "Book Club", "", Optional.empty(), List.of());
        assertThat(create.rule()).isEqualTo("S2");
        assertThat(create.allowed()).isFalse();

        assertThat(closed.memberships().addMember(actor(alice).on(Surface.API), wiki.id(), "carol").allowed())
                .isTrue();
        assertThat(closed.memberships().addMember(actor(ada).on(Surface.PANEL), wiki.id(), "bob").allowed())
                .as("administrators are not limited by S2").isTrue();
    }
    // ---------------------------------------------------------------- renaming and lifting blocks

    private ActionResult rename(SelfService services, Person who, StoredGroup group, String name) {
        return services.groups().editGroup(actor(who), group.id(), Optional.of(name), Optional.empty(),
                Optional.empty());
    }

    @Test
    void anOwnersRenameGoesOutThroughTheOutboxAndTheOldNameStaysUntilTheDirectoryHasIt() { // spec A8, R6
        ActionResult r = rename(services(), alice, wiki, "  Team Handbook ");

        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(r.rule()).isEqualTo("A8");
        assertThat(outbox(OutboxOperation.RENAME_GROUP)).singleElement().satisfies(row -> {
            assertThat(row.item().payload()).isEqualTo("Team Handbook");
            assertThat(row.item().groupDn()).isEqualTo(wiki.dn().written());
        });
        assertThat(store.group(wiki.id()).orElseThrow().name()).as("pending until the directory has it").isEqualTo("Team Wiki");
        assertThat(lastAudit().detail()).contains("name 'Team Wiki' -> 'Team Handbook'");
        assertThat(rename(services(), alice, wiki, "Team Handbook").changed())
                .as("asking again for the name on its way changes nothing").isFalse();
        assertThat(outbox(OutboxOperation.RENAME_GROUP)).hasSize(1);

        store.writeBackAll();
        StoredGroup renamed = store.group(wiki.id()).orElseThrow();
        assertThat(renamed.name()).isEqualTo("Team Handbook");
        assertThat(renamed.dn().written()).isEqualTo("cn=Team Handbook," + FakeDirectoryNames.GROUP_BASE);
        assertThat(services().groups().findGroup(actor(bob), wiki.dn().written()).id())
                .as("the old DN still names the group").isEqualTo(wiki.id());
        assertThat(services().groups().findGroup(actor(bob), "team handbook").id()).isEqualTo(wiki.id());
    }

    @Test
    void onlyOwnersAndAdministratorsRenameAGroup() { // spec A8
        ActionResult stranger = rename(services(), bob, wiki, "Bob's Wiki");
        assertThat(stranger.allowed()).isFalse();
        assertThat(stranger.rule()).isEqualTo("A8");
        assertThat(lastAudit().outcome()).isEqualTo("refused");
        assertThat(outbox(OutboxOperation.RENAME_GROUP)).isEmpty();

        ActionResult admin = rename(services(), ada, wiki, "Company Wiki");
        assertThat(admin.allowed()).as(admin.message()).isTrue();
        assertThat(outbox(OutboxOperation.RENAME_GROUP)).hasSize(1);
    }

    @Test
    void withoutS3OrS4OwnersCannotRenameThatKindButAdministratorsStillCan() { // spec S3, S4
        ActionResult security = rename(services(s -> s.withUsersCanCreateSecurityGroups(false)), alice, lab,
                "Lab Doors");
        ActionResult unified = rename(services(s -> s.withUsersCanCreateUnifiedGroups(false)), alice, wiki,
                "Handbook");
        ActionResult otherKind = rename(services(s -> s.withUsersCanCreateSecurityGroups(false)), alice, wiki,
                "Handbook");

        assertThat(security.allowed()).isFalse();
        assertThat(security.rule()).isEqualTo("S3");
        assertThat(unified.allowed()).isFalse();
        assertThat(unified.rule()).isEqualTo("S4");
        assertThat(otherKind.allowed()).as("S3 leaves unified groups alone").isTrue();
        assertThat(rename(services(s -> s.withUsersCanCreateSecurityGroups(false)), ada, lab, "Lab Doors")
                .allowed()).as("S10: administrators are not limited by S3").isTrue();
        assertThat(outbox(OutboxOperation.RENAME_GROUP)).extracting(row -> row.item().payload())
                .containsExactly("Handbook", "Lab Doors");
    }

    @Test
    void aRenameTogetherWithASwitchToOwnerApprovalNeedsTheLicenceAndQueuesNothingWithout() { // spec L2, A8
        SelfService unlicensed = services(s -> s.withPremiumLicense(PremiumLicense.group(ADMINS)));
        ActionResult r = unlicensed.groups().editGroup(actor(alice), wiki.id(), Optional.of("Team Handbook"),
                Optional.empty(), Optional.of(JoinPolicy.OWNER_APPROVAL));

        assertThat(r.allowed()).isFalse();
        assertThat(r.rule()).isEqualTo("L2");
        assertThat(store.outbox()).isEmpty();
        assertThat(rename(unlicensed, alice, wiki, "Team Handbook").allowed())
                .as("a rename alone needs no licence").isTrue();
    }

    @Test
    void aNewNameMustPickOutTheGroupAloneButItsOwnNameInAnotherCaseIsFine() { // spec A8, as at A7
        SelfService s = services();
        assertThatThrownBy(() -> rename(s, alice, wiki, "payroll")).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problem()).isEqualTo(InputProblem.NAME_TAKEN));
        assertThatThrownBy(() -> rename(s, alice, wiki, payroll.dn().written())).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problem())
                        .isEqualTo(InputProblem.NAME_IS_A_DN));
        assertThatThrownBy(() -> rename(s, alice, wiki, "x".repeat(SelfServiceOptions.DEFAULT_MAX_NAME_LENGTH + 1)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(store.outbox()).isEmpty();

        assertThat(rename(s, alice, wiki, "team wiki").allowed()).isTrue();
        assertThat(rename(s, alice, lab, "Shared Space").allowed()).isTrue();
        assertThatThrownBy(() -> rename(s, alice, payroll, "SHARED SPACE"))
                .as("a name another rename is about to give is taken").isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("being renamed");
    }

    @Test
    void anAdministratorLiftsABlockAndThePersonMayJoinAgainButAnOwnerMayNot() { // spec A12
        SelfService s = services();
        assertThat(s.groups().block(actor(ada), wiki.id(), "bob").allowed()).isTrue();
        assertThat(s.memberships().join(actor(bob), wiki.id(), "").rule()).isEqualTo("A12");

        ActionResult owner = s.groups().unblock(actor(alice), wiki.id(), "bob");
        assertThat(owner.allowed()).isFalse();
        assertThat(owner.rule()).isEqualTo("A12");
        assertThat(s.memberships().join(actor(bob), wiki.id(), "").allowed()).as("still blocked").isFalse();

        ActionResult lifted = s.groups().unblock(actor(ada), wiki.id(), "bob");
        assertThat(lifted.allowed()).as(lifted.message()).isTrue();
        assertThat(lifted.changed()).isTrue();
        assertThat(lastAudit().action()).isEqualTo("unblock");
        assertThat(s.groups().unblock(actor(ada), wiki.id(), "bob").changed()).as("nothing left to lift").isFalse();
        assertThat(s.memberships().join(actor(bob), wiki.id(), "").allowed()).isTrue();
    }

    // ---------------------------------------------------------------- what an actor is and sees

    @Test
    void rolesFollowNestedMembershipOfTheRoleGroupsAndACycleEnds() { // spec A16
        Person helpdesk = groupAsMember(store.addGroup("Helpdesk", GroupKind.SECURITY, JoinPolicy.OWNERS_ONLY,
                List.of(), List.of(carol)));
        StoredGroup admins = store.addGroup("Helpdesk Admins", GroupKind.SECURITY, JoinPolicy.OWNERS_ONLY,
                List.of(), List.of(helpdesk));
        store.addGroup("Loop", GroupKind.SECURITY, JoinPolicy.OWNERS_ONLY, List.of(),
                List.of(helpdesk, groupAsMember(admins)));
        SelfService s = services();
        SelfService nested = SelfService.over(store, names, options(o -> o, admins.dn().normalized()), told, clock);

        Actor viaHelpdesk = nested.views().actorFor(carol.dn().written(), ActorKind.PERSON);

        assertThat(viaHelpdesk.roles()).containsExactly(AdminRole.GROUPS_ADMINISTRATOR);
        assertThat(viaHelpdesk.isMemberOf(admins.dn().normalized())).isTrue();
        assertThat(s.views().actorFor(carol.dn().written(), ActorKind.PERSON).roles()).isEmpty();
        assertThat(s.views().actorFor("cn=Robot,ou=apps,dc=example,dc=com", ActorKind.SERVICE_PRINCIPAL))
                .satisfies(a -> {
                    assertThat(a.isServicePrincipal()).isTrue();
                    assertThat(a.roles()).isEmpty();
                });
        assertThatThrownBy(() -> s.views().actorFor("robot", ActorKind.PERSON))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a DN: robot");
    }

    /** A group as a member value of another group, as nesting stores it. */
    private static Person groupAsMember(StoredGroup g) {
        return new Person(g.dn(), null, g.name());
    }

    @Test
    void theSettingsInForceAreTheConfsAndAPendingRenameIsTheLatestAsked() { // spec A8, R6
        SelfService s = services(o -> o.withUsersCanCreateSecurityGroups(false));
        assertThat(s.views().settings().usersCanCreateSecurityGroups()).isFalse();
        assertThat(s.views().pendingRename(wiki.id())).isEmpty();

        rename(s, alice, wiki, "Handbook");
        rename(s, alice, wiki, "Team Handbook");

        assertThat(s.views().pendingRename(wiki.id())).hasValueSatisfying(w -> {
            assertThat(w.operation()).isEqualTo(OutboxOperation.RENAME_GROUP);
            assertThat(w.valueDn()).isNull();
        });
        assertThat(store.outbox()).extracting(r -> r.item().payload()).containsExactly("Handbook", "Team Handbook");
        assertThat(s.views().pendingRename(wiki.id()).orElseThrow().id())
                .isEqualTo(store.outbox().get(1).id());
        store.writeBackAll();
        assertThat(s.views().pendingRename(wiki.id())).isEmpty();
    }

    @Test
    void aGroupsPageOffersAnOwnerWhatTheRulesLetThemDoAndAUserNothing() { // spec A5, A8, A9, A10, A12
        SelfService s = services();
        GroupOffers lone = s.views().offers(actor(alice), payroll.id());
        assertThat(lone.addMember().allowed()).isTrue();
        assertThat(lone.removeMember().allowed()).isTrue();
        assertThat(lone.removableOwners()).as("never the last owner").isEmpty();
        assertThat(lone.policies()).containsExactly(JoinPolicy.OPEN, JoinPolicy.OWNER_APPROVAL, JoinPolicy.OWNERS_ONLY);
        assertThat(lone.editPolicy().allowed()).isTrue();
        assertThat(lone.block().allowed()).as("A12: administrators only").isFalse();

        s.memberships().addMember(actor(alice), payroll.id(), "carol");
        store.writeBackAll();
        s.memberships().addOwner(actor(alice), payroll.id(), "carol");

        assertThat(s.views().offers(actor(alice), payroll.id()).removableOwners())
                .as("a second owner on its way makes either removable")
                .containsExactlyInAnyOrder(alice.dn().written(), carol.dn().written());

        GroupOffers stranger = s.views().offers(actor(bob), payroll.id());
        assertThat(stranger.addMember().allowed()).isFalse();
        assertThat(stranger.removableOwners()).isEmpty();
        assertThat(stranger.policies()).isEmpty();
        assertThat(stranger.editPolicy().allowed()).isFalse();
        assertThat(stranger.editPolicy().rule()).isEqualTo("A8");
        assertThat(s.views().offers(actor(ada), payroll.id()).block().allowed()).isTrue();
    }

    @Test
    void myGroupsAreWhereIAmOwnerOrMemberWithTheWriteBackOnItsWay() { // spec A1, R6
        SelfService s = services();
        assertThat(s.views().myGroups(actor(alice))).extracting(g -> g.group().name(), MyGroup::owner, MyGroup::member)
                .containsExactly(tuple("Team Wiki", true, true), tuple("Payroll", true, true),
                        tuple("Lab Access", true, true));
        assertThat(s.views().myGroups(actor(alice)).get(0).memberStatus()).isEqualTo(MembershipEntry.IN_DIRECTORY);

        ActionResult joined = s.memberships().join(actor(bob), wiki.id(), "");

        assertThat(s.views().myGroups(actor(bob))).singleElement().satisfies(g -> {
            assertThat(g.group().id()).isEqualTo(wiki.id());
            assertThat(g.member()).isTrue();
            assertThat(g.memberStatus()).isEqualTo("pending write-back (outbox " + joined.outboxIds().get(0) + ")");
            assertThat(g.owner()).isFalse();
            assertThat(g.ownerStatus()).isEmpty();
        });
        assertThat(s.views().myGroup(actor(bob), wiki.id())).hasValueSatisfying(g -> assertThat(g.member()).isTrue());
        assertThat(s.views().myGroup(actor(bob), payroll.id())).isEmpty();
        assertThat(s.views().myGroup(Actor.servicePrincipal("cn=robot,ou=apps,dc=example,dc=com"), wiki.id()))
                .isEmpty();
        assertThat(s.views().myGroup(Actor.user("uid=nobody,ou=people,dc=example,dc=com", Set.of()), wiki.id())).isEmpty();
    }

    @Test
    void theAuditLogIsEverythingForAdministratorsTheGroupForOwnersAndOwnActionsForUsers() { // spec A13
        SelfService s = services();
        s.memberships().join(actor(bob), wiki.id(), "");
        s.memberships().join(actor(carol), payroll.id(), "");
        Instant start = clock.instant();

        assertThat(s.views().audit(actor(ada), null, start, 10).items()).hasSize(2);
        assertThat(s.views().audit(actor(alice), wiki.id(), start, 10).items())
                .extracting(AuditRecord::actorDn).containsExactly(bob.dn().normalized());
        assertThat(s.views().audit(actor(bob), null, start, 10).items())
                .extracting(AuditRecord::groupId).containsExactly(wiki.id());
        assertThat(s.views().audit(actor(ada), null, start, 1).items()).hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(s.views().audit(actor(ada), null, clock.instant(), 10).items()).isEmpty();

        Listing<AuditRecord> refused = s.views().audit(actor(bob), payroll.id(), start, 10);

        assertThat(refused.refusal()).hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo("A13"));
        assertThat(refused.items()).isEmpty();
        assertThat(lastAudit().action()).isEqualTo("view-audit");
        assertThat(lastAudit().outcome()).isEqualTo("refused");
    }

    @Test
    void onlyAdministratorsUseTheOutboxAndARefusalIsAudited() { // spec W3
        SelfService s = services();
        assertThat(s.views().outboxAccess(actor(ada), true).allowed()).isTrue();
        int logged = store.auditLog().size();

        assertThat(s.views().outboxAccess(actor(bob), false).allowed()).isFalse();
        assertThat(lastAudit().action()).isEqualTo("view-outbox");
        assertThat(s.views().outboxAccess(actor(bob), true).allowed()).isFalse();
        assertThat(lastAudit().action()).isEqualTo("retry-outbox");
        assertThat(store.auditLog()).hasSize(logged + 2);
    }

    // ---------------------------------------------------------------- creating, finding, editing, blocking: the rest

    @Test
    void anAdministratorsSecurityGroupHasOnlyTheOwnersTheyNameAndGoesOutThroughTheApiChannel() { // spec A7, P table
        SelfService s = services();
        ActionResult doors = s.groups().createGroup(actor(ada), GroupKind.SECURITY, "Lab Doors", "", Optional.empty(),
                List.of("carol"));

        assertThat(doors.allowed()).as(doors.message()).isTrue();
        StoredGroup g = store.group(doors.groupId().orElseThrow()).orElseThrow();
        assertThat(g.channel()).isEqualTo(Channel.API);
        assertThat(g.policy()).isEqualTo(JoinPolicy.OWNERS_ONLY);
        assertThat(s.memberships().owners(g.id())).extracting(MembershipEntry::dn).containsExactly(carol.dn().written());
        assertThat(lastAudit().action()).isEqualTo("create-group");
        assertThat(lastAudit().detail()).endsWith("; kind security, channel api, policy owners-only, owners ["
                + carol.dn().written() + "]");

        ActionResult unified = s.groups().createGroup(actor(ada), GroupKind.UNIFIED, "Admins Club", "", Optional.empty(),
                List.of());
        assertThat(s.memberships().owners(unified.groupId().orElseThrow())).extracting(MembershipEntry::dn)
                .containsExactly(ada.dn().written());

        ActionResult bobs = s.groups().createGroup(actor(bob), GroupKind.SECURITY, "Bob Lab", "", Optional.empty(),
                List.of());
        StoredGroup own = store.group(bobs.groupId().orElseThrow()).orElseThrow();
        assertThat(own.channel()).isEqualTo(Channel.SELF_SERVICE);
        assertThat(own.policy()).isEqualTo(JoinPolicy.OPEN);
    }

    @Test
    void aGroupNobodyWouldOwnIsRefusedBeforeAnythingIsStored() { // spec A7
        SelfService s = services();
        assertThatThrownBy(() -> s.groups().createGroup(actor(ada), GroupKind.SECURITY, "Lab Doors", "",
                Optional.empty(), List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.OWNER_REQUIRED);
                    assertThat(e.getMessage()).contains("an administrator is not made owner of a security group");
                });
        assertThatThrownBy(() -> s.groups().createGroup(Actor.servicePrincipal("cn=robot,ou=apps,dc=example,dc=com"),
                GroupKind.UNIFIED, "Robots", "", Optional.empty(), List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getMessage()).contains("a service principal is never an owner"));
        assertThat(store.outbox()).isEmpty();
    }

    @Test
    void aLiveGroupIsFoundBeforeADeletedOneOfItsNameAndTwoLiveOnesAreAmbiguous() { // findGroup
        SelfService s = services();
        s.groups().deleteGroup(actor(ada), lab.id());
        store.writeBackAll();
        assertThat(s.groups().findGroup(actor(bob), "Lab Access").id()).as("only the deleted one has the name")
                .isEqualTo(lab.id());
        StoredGroup again = store.addGroup("Lab Access", GroupKind.SECURITY, JoinPolicy.OPEN, List.of(alice),
                List.of(alice));

        assertThat(s.groups().findGroup(actor(bob), "lab access").id()).isEqualTo(again.id());

        store.addGroup("Team Wiki", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(alice), List.of(alice));
        assertThatThrownBy(() -> s.groups().findGroup(actor(bob), "Team Wiki"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.AMBIGUOUS_GROUP);
                    assertThat(e.getMessage()).startsWith("'Team Wiki' names 2 groups; give the DN of the one you mean:"
                            + System.lineSeparator() + "  " + wiki.dn().written());
                });
        assertThatThrownBy(() -> s.groups().findGroup(actor(bob), " "))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.GROUP_REQUIRED));
    }

    @Test
    void aPolicyLeavingOwnerApprovalCancelsThePendingRequestsAndSaysHowMany() { // spec A8, R3
        SelfService s = services();
        long id = bobAsksForPayroll();

        ActionResult r = s.groups().editGroup(actor(alice), payroll.id(), Optional.empty(), Optional.empty(),
                Optional.of(JoinPolicy.OPEN));

        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(r.message()).isEqualTo("policy of 'Payroll' is now open; 1 pending request(s) cancelled");
        assertThat(lastAudit().detail()).endsWith("; policy owner-approval -> open");
        assertThat(store.group(payroll.id()).orElseThrow().policy()).isEqualTo(JoinPolicy.OPEN);
        assertThat(s.requests().requests(actor(alice), payroll.id(), false).items()).singleElement()
                .satisfies(q -> {
                    assertThat(q.id()).isEqualTo(id);
                    assertThat(q.state()).isEqualTo(RequestState.CANCELLED);
                });
        assertThat(told.sent()).last().satisfies(n -> assertThat(n.requestId()).isEqualTo(id));

        ActionResult same = s.groups().editGroup(actor(alice), payroll.id(), Optional.empty(), Optional.empty(),
                Optional.of(JoinPolicy.OPEN));
        assertThat(same.changed()).isFalse();
        assertThat(same.message()).isEqualTo("'Payroll' already is as asked");
        assertThat(s.groups().editGroup(actor(alice), wiki.id(), Optional.empty(), Optional.empty(),
                Optional.of(JoinPolicy.OWNERS_ONLY)).message()).isEqualTo("policy of 'Team Wiki' is now owners-only");
    }

    @Test
    void aNewDescriptionGoesOutThroughTheOutboxAndTheSameOneChangesNothing() { // spec A8, R6
        SelfService s = services();
        assertThatThrownBy(() -> s.groups().editGroup(actor(alice), wiki.id(), Optional.empty(), Optional.empty(),
                Optional.empty())).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.NOTHING_TO_CHANGE));
        assertThat(s.groups().editGroup(actor(alice), wiki.id(), Optional.empty(), Optional.of(" "), Optional.empty())
                .changed()).as("no description is the one it has").isFalse();

        ActionResult r = s.groups().editGroup(actor(alice), wiki.id(), Optional.empty(), Optional.of("Our handbook"),
                Optional.empty());

        assertThat(r.message()).isEqualTo("new description of 'Team Wiki' is queued for the directory");
        assertThat(outbox(OutboxOperation.SET_DESCRIPTION)).singleElement()
                .satisfies(row -> assertThat(row.item().payload()).isEqualTo("Our handbook"));
        assertThat(lastAudit().detail()).endsWith("; description (none) -> 'Our handbook'");
        assertThat(r.outboxIds()).hasSize(1);
    }

    @Test
    void aBlockRemovesAMemberDeniesTheirRequestAndIsAuditedOnce() { // spec A12
        SelfService s = services();
        s.memberships().join(actor(bob), wiki.id(), "");
        store.writeBackAll();
        long carols = services().memberships().join(actor(carol), payroll.id(), "let me in").requestId().orElseThrow();

        ActionResult member = s.groups().block(actor(ada), wiki.id(), "bob");

        assertThat(member.message()).isEqualTo("bob is blocked from 'Team Wiki' and removed from it");
        assertThat(outbox(OutboxOperation.REMOVE_MEMBER)).singleElement()
                .satisfies(row -> assertThat(row.item().valueDn()).isEqualTo(bob.dn().written()));
        assertThat(lastAudit().action()).isEqualTo("block");
        assertThat(s.groups().block(actor(ada), wiki.id(), "bob").changed()).isFalse();

        ActionResult requester = s.groups().block(actor(ada), payroll.id(), "carol");

        assertThat(requester.message()).isEqualTo("carol is blocked from 'Payroll'");
        assertThat(requester.requestId()).contains(carols);
        assertThat(told.sent()).last().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.DENIED);
            assertThat(n.recipients()).containsExactly(carol.dn().written());
        });
        assertThat(s.requests().requests(actor(carol), null, false).items()).singleElement()
                .satisfies(q -> assertThat(q.state()).isEqualTo(RequestState.DENIED));
        assertThat(s.groups().block(actor(alice), payroll.id(), "bob").allowed()).isFalse();
    }

    @Test
    void aDeletionIsAudited() { // spec A11
        services().groups().deleteGroup(actor(ada), lab.id());

        assertThat(lastAudit().action()).isEqualTo("delete-group");
        assertThat(lastAudit().outcome()).isEqualTo("allowed");
        assertThat(outbox(OutboxOperation.DELETE_GROUP)).singleElement()
                .satisfies(row -> assertThat(row.item().groupId()).isEqualTo(lab.id()));
    }

    // ---------------------------------------------------------------- members and owners: the rest

    @Test
    void addingARequesterApprovesTheirRequestAsADecisionWouldAndTellsThem() { // spec A5, A4, R7
        long id = services().memberships().join(actor(carol), payroll.id(), "let me in").requestId().orElseThrow();

        ActionResult notAllowed = services(s -> s.withOwnersCanManageJoinRequests(false)).memberships()
                .addMember(actor(alice), payroll.id(), "carol");
        assertThat(notAllowed.allowed()).isFalse();
        assertThat(notAllowed.rule()).isEqualTo("S1");

        ActionResult added = services().memberships().addMember(actor(alice), payroll.id(), "carol");

        assertThat(added.message()).isEqualTo("added carol to 'Payroll', which approves their request " + id);
        assertThat(added.requestId()).contains(id);
        assertThat(outbox(OutboxOperation.ADD_MEMBER)).singleElement()
                .satisfies(row -> assertThat(row.item().requestId()).isEqualTo(id));
        assertThat(store.auditLog()).extracting(AuditRecord::action).endsWith("approve", "add-member");
        assertThat(told.sent()).last().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.APPROVED);
            assertThat(n.recipients()).containsExactly(carol.dn().written());
        });
        assertThat(services().requests().requests(actor(carol), null, false).items()).singleElement()
                .satisfies(q -> assertThat(q.state()).isEqualTo(RequestState.APPROVED));
    }

    @Test
    void aMemberAddedUntilADayEndsAfterItAndAnotherAddMovesOrClearsTheEnd() { // spec T1
        SelfService s = services();
        LocalDate july = LocalDate.parse("2024-07-01");

        ActionResult added = s.memberships().addMember(actor(alice), payroll.id(), "carol", Optional.of(july));

        assertThat(added.message()).isEqualTo("added carol to 'Payroll' until 2024-07-01");
        assertThat(lastAudit().detail()).endsWith("; until 2024-07-01 (spec T1)");
        store.writeBackAll();
        assertThat(s.memberships().members(actor(alice), payroll.id()).items())
                .filteredOn(e -> e.dn().equals(carol.dn().written())).singleElement()
                .satisfies(e -> assertThat(e.endsAt()).contains(MembershipTerms.endOf(july)));

        ActionResult again = s.memberships().addMember(actor(alice), payroll.id(), "carol", Optional.of(july));
        assertThat(again.changed()).isFalse();
        assertThat(again.message()).isEqualTo("carol already is a member of 'Payroll' until 2024-07-01");

        ActionResult moved = s.memberships().addMember(actor(alice), payroll.id(), "carol",
                Optional.of(LocalDate.parse("2024-08-01")));
        assertThat(moved.rule()).isEqualTo("T1");
        assertThat(moved.message()).isEqualTo("the membership of carol in 'Payroll' now ends after 2024-08-01");
        assertThat(lastAudit().action()).isEqualTo("set-membership-end");

        ActionResult cleared = s.memberships().addMember(actor(alice), payroll.id(), "carol", Optional.empty());
        assertThat(cleared.message()).isEqualTo("the membership of carol in 'Payroll' no longer ends");
        assertThat(s.memberships().members(actor(alice), payroll.id()).items())
                .allSatisfy(e -> assertThat(e.endsAt()).isEmpty());
        assertThat(s.memberships().addMember(actor(alice), payroll.id(), "carol", Optional.of(LocalDate.parse(
                "2024-06-01"))).rule()).as("not after today").isEqualTo("T2");
    }

    @Test
    void membershipsWhoseEndCameAreRemovedUnlessTheLimitHoldsTheGroupOrTheyAreGoneAlready() { // spec T4
        SelfService s = services();
        s.memberships().addMember(actor(alice), payroll.id(), "carol", Optional.of(LocalDate.parse("2024-06-10")));
        s.memberships().addMember(actor(alice), wiki.id(), "bob", Optional.of(LocalDate.parse("2024-06-10")));
        store.writeBackAll();
        s.memberships().leave(actor(bob), wiki.id());
        store.writeBackAll();
        clock.advance(Duration.ofDays(9));

        assertThat(s.memberships().endMemberships(MembershipService.RemovalLimit.NONE).ended())
                .as("not before the day is over").isZero();

        clock.advance(Duration.ofDays(1));
        MembershipService.EndedMemberships held = s.memberships().endMemberships(
                (dn, stored, removed) -> Optional.of("would remove " + removed + " of " + stored + " of " + dn));

        assertThat(held.ended()).isZero();
        assertThat(held.held()).containsExactly("would remove 1 of 2 of " + payroll.dn().written());
        assertThat(held.outboxIds()).isEmpty();

        MembershipService.EndedMemberships ended = s.memberships().endMemberships(
                MembershipService.RemovalLimit.NONE);

        assertThat(ended.ended()).isEqualTo(1);
        assertThat(ended.outboxIds()).hasSize(1);
        assertThat(outbox(OutboxOperation.REMOVE_MEMBER)).extracting(row -> row.item().valueDn())
                .containsExactly(bob.dn().written(), carol.dn().written());
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("membership-ended");
            assertThat(a.rule()).isEqualTo("T4");
            assertThat(a.detail()).isEqualTo("the membership ended after 2024-06-10");
            assertThat(a.targetDn()).isEqualTo(carol.dn().written());
        });
        assertThat(s.memberships().endMemberships(MembershipService.RemovalLimit.NONE).ended()).isZero();
    }

    @Test
    void removingANonMemberOrAddingAnOwnerTwiceChangesNothingAndANonOwnerIsNoOwnerToRemove() { // A5, A9, A10
        SelfService s = services();
        ActionResult notThere = s.memberships().removeMember(actor(alice), payroll.id(), "carol");
        assertThat(notThere.changed()).isFalse();
        assertThat(notThere.message()).isEqualTo("carol is not a member of 'Payroll'");

        ActionResult owns = s.memberships().addOwner(actor(alice), payroll.id(), "alice");
        assertThat(owns.changed()).isFalse();
        assertThat(owns.message()).isEqualTo("alice already owns 'Payroll'");

        assertThatThrownBy(() -> s.memberships().removeOwner(actor(alice), payroll.id(), "bob"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.NOT_AN_OWNER));
    }

    @Test
    void aSecondOwnerIsAddedAndRemovedThroughTheOutboxAndAudited() { // spec A9, A10
        SelfService s = services();
        s.memberships().addMember(actor(alice), payroll.id(), "carol");
        store.writeBackAll();

        ActionResult made = s.memberships().addOwner(actor(alice), payroll.id(), "carol");
        assertThat(made.message()).isEqualTo("carol now owns 'Payroll'");
        assertThat(lastAudit().action()).isEqualTo("add-owner");
        store.writeBackAll();

        ActionResult removed = s.memberships().removeOwner(actor(alice), payroll.id(), "carol");

        assertThat(removed.message()).isEqualTo("carol no longer owns 'Payroll'");
        assertThat(outbox(OutboxOperation.REMOVE_OWNER)).singleElement()
                .satisfies(row -> assertThat(row.item().valueDn()).isEqualTo(carol.dn().written()));
        assertThat(lastAudit().action()).isEqualTo("remove-owner");
        assertThat(s.memberships().removeMember(actor(alice), payroll.id(), "carol").message())
                .isEqualTo("removed carol from 'Payroll'");
    }

    @Test
    void aPageOfMembersAfterTheFirstLeavesOutTheMembersOnTheirWay() { // spec A2, R6
        SelfService s = services();
        s.memberships().addMember(actor(alice), payroll.id(), "carol");

        assertThat(s.memberships().members(actor(alice), payroll.id(), 0, 10).items()).extracting(MembershipEntry::dn)
                .containsExactly(alice.dn().written(), carol.dn().written());
        assertThat(s.memberships().members(actor(alice), payroll.id(), 1, 10).items()).isEmpty();
        assertThat(s.memberships().members(Actor.servicePrincipal("cn=robot,ou=apps,dc=example,dc=com"),
                payroll.id()).items()).hasSize(2);
    }

    @Test
    void askingAgainWhileARequestIsPendingNamesThatRequest() { // spec P2, R5
        long id = bobAsksForPayroll();

        ActionResult again = services().memberships().join(actor(bob), payroll.id(), "still me");

        assertThat(again.message()).isEqualTo("you already asked to join 'Payroll': request " + id + " is pending");
        assertThat(again.requestId()).contains(id);
        assertThat(again.changed()).isFalse();
    }

    @Test
    void aNewGroupsWriteBackCarriesItsOwnersAsMembersAndTheTemplatesClasses() { // spec A7, W1
        ActionResult created = services().groups().createGroup(actor(bob), GroupKind.UNIFIED, "Book Club", "Books",
                Optional.of(JoinPolicy.OWNER_APPROVAL), List.of("carol"));

        assertThat(outbox(OutboxOperation.CREATE_GROUP)).singleElement().satisfies(row -> {
            NewGroup group = new CreateGroupPayload().parse(row.item().groupDn(), row.item().payload());
            assertThat(group.name()).isEqualTo("Book Club");
            assertThat(group.description()).isEqualTo("Books");
            assertThat(group.policy()).isEqualTo(JoinPolicy.OWNER_APPROVAL);
            assertThat(group.owners()).containsExactly(bob.dn().written(), carol.dn().written());
            assertThat(group.members()).containsExactly(bob.dn().written(), carol.dn().written());
            assertThat(group.objectClasses()).containsExactly("groupOfNames");
            assertThat(group.memberAttribute()).isEqualTo("member");
        });
        assertThat(created.message()).isEqualTo("created group 'Book Club' (cn=Book Club,"
                + FakeDirectoryNames.GROUP_BASE + ")");
    }

    @Test
    void aRenameSaysItIsQueuedAndABlockEndsTheMembershipsEndDate() { // spec A8, A12, T1
        assertThat(rename(services(), alice, wiki, "Handbook").message())
                .isEqualTo("renaming 'Team Wiki' to 'Handbook' is queued for the directory");

        SelfService s = services();
        s.memberships().addMember(actor(alice), payroll.id(), "carol", Optional.of(LocalDate.parse("2024-07-01")));
        store.writeBackAll();
        s.groups().block(actor(ada), payroll.id(), "carol");

        assertThat(s.memberships().members(actor(alice), payroll.id()).items())
                .allSatisfy(e -> assertThat(e.endsAt()).isEmpty());
    }

    // ---------------------------------------------------------------- deciding requests: the rest

    @Test
    void anApprovalMayGiveTheMembershipAnEndAndADenialMayNot() { // spec T1, T2, A4
        long id = bobAsksForPayroll();
        assertThatThrownBy(() -> services().requests().decide(actor(alice), id, false, "no",
                Optional.of(LocalDate.parse("2024-07-01"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.NOTHING_TO_CHANGE);
                    assertThat(e.getMessage()).isEqualTo("only an approval takes an end date");
                });
        assertThat(services().requests().decide(actor(alice), id, true, "", Optional.of(LocalDate.parse("2024-06-01")))
                .rule()).as("not after today").isEqualTo("T2");

        ActionResult approved = services().requests().decide(actor(alice), id, true, "",
                Optional.of(LocalDate.parse("2024-07-01")));

        assertThat(approved.message()).isEqualTo("request " + id + " approved, membership until 2024-07-01");
        assertThat(lastAudit().detail()).endsWith("; until 2024-07-01 (spec T1)");
        store.writeBackAll();
        assertThat(services().memberships().members(actor(alice), payroll.id()).items())
                .filteredOn(e -> e.dn().equals(bob.dn().written())).singleElement()
                .satisfies(e -> assertThat(e.endsAt()).contains(MembershipTerms.endOf(LocalDate.parse("2024-07-01"))));

        ActionResult again = services().requests().decide(actor(alice), id, true, "");
        assertThat(again.allowed()).isTrue();
        assertThat(again.changed()).isFalse();
        assertThat(again.message()).isEqualTo("request " + id + " was already approved; nothing changed");
        assertThat(outbox(OutboxOperation.ADD_MEMBER)).hasSize(1);
    }

    @Test
    void aDenialTellsTheRequesterWhyAndACancellationTellsTheOwners() { // spec R1, R2, R7
        long denied = bobAsksForPayroll();

        ActionResult r = services().requests().decide(actor(alice), denied, false, "not in the payroll team");

        assertThat(r.message()).isEqualTo("request " + denied + " denied");
        assertThat(lastAudit().detail()).endsWith(": not in the payroll team");
        assertThat(told.sent()).last().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.DENIED);
            assertThat(n.recipients()).containsExactly(bob.dn().written());
            assertThat(n.reason()).contains("not in the payroll team");
        });

        long cancelled = services().memberships().join(actor(carol), payroll.id(), "please").requestId().orElseThrow();
        services().requests().cancelRequest(actor(carol), cancelled);

        assertThat(told.sent()).last().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.CANCELLED);
            assertThat(n.recipients()).containsExactly(alice.dn().written());
            assertThat(n.reason()).isEmpty();
        });
    }

    @Test
    void administratorsSeeEveryRequestAndPendingOnlyLeavesOutTheDecidedOnes() { // spec A4, A14
        long bobs = bobAsksForPayroll();
        long carols = services().memberships().join(actor(carol), payroll.id(), "please").requestId().orElseThrow();
        services().requests().decide(actor(alice), bobs, false, "no");

        assertThat(services().requests().requests(actor(ada), null, false).items()).extracting(JoinRequest::id)
                .containsExactlyInAnyOrder(bobs, carols);
        assertThat(services().requests().requests(actor(ada), null, true).items()).extracting(JoinRequest::id)
                .containsExactly(carols);
        assertThat(services().requests().requests(actor(alice), null, true).items()).extracting(JoinRequest::id)
                .as("the requests of the groups she owns").containsExactly(carols);
        assertThat(services().requests().requests(actor(bob), null, false).items()).extracting(JoinRequest::id)
                .containsExactly(bobs);
        assertThat(services().requests().requests(actor(ada), payroll.id(), true).items()).extracting(JoinRequest::id)
                .containsExactly(carols);
    }

    // ---------------------------------------------------------------- write-back status and the send hook

    @Test
    void membersShowTheNewGroupsWriteBackOrARemovalOnItsWay() { // spec R6
        ActionResult created = services().groups().createGroup(actor(bob), GroupKind.UNIFIED, "Book Club", "",
                Optional.empty(), List.of());
        long row = created.outboxIds().get(0);

        assertThat(services().memberships().members(actor(bob), created.groupId().orElseThrow()).items())
                .containsExactly(new MembershipEntry(bob.dn().written(),
                        "pending write-back (new group, outbox " + row + ")"));

        services().memberships().join(actor(bob), wiki.id(), "");
        store.writeBackAll();
        long leaving = services().memberships().leave(actor(bob), wiki.id()).outboxIds().get(0);

        assertThat(services().memberships().members(actor(alice), wiki.id()).items()).containsExactly(
                new MembershipEntry(alice.dn().written(), MembershipEntry.IN_DIRECTORY),
                new MembershipEntry(bob.dn().written(), "removal pending write-back (outbox " + leaving + ")"));
    }

    @Test
    void theCallerIsToldOnlyWhenAnActionCommittedWriteBackRows() { // spec W1
        int[] sends = {0};
        SelfService s = SelfService.over(store, names, options(o -> o, ADMINS), told, () -> sends[0]++, clock);

        s.memberships().join(actor(bob), payroll.id(), "");
        s.memberships().join(actor(bob), payroll.id(), "I run the payroll");
        assertThat(sends[0]).as("a refusal and a request write nothing back").isZero();

        s.memberships().join(actor(bob), wiki.id(), "");
        assertThat(sends[0]).isEqualTo(1);

        s.memberships().addMember(actor(alice), lab.id(), "carol", Optional.of(LocalDate.parse("2024-06-05")));
        store.writeBackAll();
        clock.advance(Duration.ofDays(5));
        assertThat(sends[0]).isEqualTo(2);
        s.memberships().endMemberships(MembershipService.RemovalLimit.NONE);
        assertThat(sends[0]).isEqualTo(3);
        s.memberships().endMemberships(MembershipService.RemovalLimit.NONE);
        assertThat(sends[0]).as("nothing ended").isEqualTo(3);
    }

    // ---------------------------------------------------------------- asking to extend a membership

    @Test
    void aMemberWhoseMembershipEndsAsksTheOwnersForALaterEndOnce() { // spec T6
        SelfService s = services();
        s.memberships().addMember(actor(alice), payroll.id(), "carol", Optional.of(LocalDate.parse("2024-07-01")));
        store.writeBackAll();
        LocalDate august = LocalDate.parse("2024-08-01");

        assertThatThrownBy(() -> s.requests().askToExtend(actor(bob), payroll.id(), august, ""))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.NOT_A_MEMBER));
        ActionResult endless = s.requests().askToExtend(actor(alice), payroll.id(), august, "");
        assertThat(endless.rule()).isEqualTo("T6");
        assertThat(endless.message()).contains("does not end; there is nothing to extend");
        ActionResult same = s.requests().askToExtend(actor(carol), payroll.id(), LocalDate.parse("2024-07-01"), "");
        assertThat(same.allowed()).isFalse();
        assertThat(same.message()).contains("an extension must end after 2024-07-01");
        assertThat(lastAudit().action()).isEqualTo("request-extension");

        ActionResult asked = s.requests().askToExtend(actor(carol), payroll.id(), august, "more time");

        long id = asked.requestId().orElseThrow();
        assertThat(asked.message()).isEqualTo("request " + id + " to extend your membership of 'Payroll' until"
                + " 2024-08-01 waits for an owner's decision");
        assertThat(lastAudit().detail()).isEqualTo("request " + id + ": until 2024-08-01: more time");
        assertThat(told.sent()).last().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.REQUESTED);
            assertThat(n.recipients()).containsExactly(alice.dn().written());
            assertThat(n.justification()).contains("to extend the membership until 2024-08-01: more time");
        });

        ActionResult again = s.requests().askToExtend(actor(carol), payroll.id(), august, "");
        assertThat(again.changed()).isFalse();
        assertThat(again.message()).isEqualTo("you already asked: request " + id + " is pending");
    }
}
