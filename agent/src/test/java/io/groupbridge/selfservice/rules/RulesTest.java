package io.groupbridge.selfservice.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Behaviours of {@link Rules} the A table walk does not isolate: delegation, S5-S8, licences and messages. */
class RulesTest {

    private static final String OWNER = "uid=olivia,ou=people,dc=example,dc=com";
    private static final String CO_OWNER = "uid=colin,ou=people,dc=example,dc=com";
    private static final String OTHER_OWNER = "uid=oscar,ou=people,dc=example,dc=com";
    private static final String USER = "uid=ursula,ou=people,dc=example,dc=com";
    private static final String TARGET = "uid=tom,ou=people,dc=example,dc=com";
    private static final String LICENCE_GROUP = "cn=p1-licensed,ou=groups,dc=example,dc=com";
    private static final String CREATORS = "cn=group-creators,ou=groups,dc=example,dc=com";
    private static final String TEAM_LEADS = "cn=team-leads,ou=groups,dc=example,dc=com";

    private static final GroupFacts G = new GroupFacts("cn=g,ou=groups,dc=example,dc=com", "g", GroupKind.UNIFIED,
            false, false, false, JoinPolicy.OWNER_APPROVAL, Set.of(OWNER));
    private static final GroupFacts X = new GroupFacts("cn=x,ou=groups,dc=example,dc=com", "x", GroupKind.UNIFIED,
            false, false, false, JoinPolicy.OWNER_APPROVAL, Set.of(OTHER_OWNER));

    private static final TenantSettings S1_ON = TenantSettings.defaults().withOwnersCanManageJoinRequests(true);

    @Test
    void ownerCannotApproveForeignGroup() { // spec A14
        Rules rules = new Rules(S1_ON);
        Actor ownerOfX = Actor.user(OTHER_OWNER, Set.of());

        assertThat(rules.decide(ownerOfX, new Action.DecideRequest(X)).allowed()).isTrue();
        Decision foreign = rules.decide(ownerOfX, new Action.DecideRequest(G));
        assertThat(foreign.allowed()).isFalse();
        assertThat(foreign.rule()).isEqualTo("A4");
    }

    @Test
    void ownerCannotSeeOrChangeMembersOfForeignGroup() { // spec A14
        Rules rules = new Rules(TenantSettings.defaults());
        Actor ownerOfX = Actor.user(OTHER_OWNER, Set.of());

        assertThat(rules.decide(ownerOfX, new Action.SeeMembers(G, false)).allowed()).isFalse();
        assertThat(rules.decide(ownerOfX, new Action.AddMember(G, TARGET, false)).allowed()).isFalse();
        assertThat(rules.decide(ownerOfX, new Action.RemoveMember(G, TARGET)).allowed()).isFalse();
        assertThat(rules.decide(ownerOfX, new Action.SeeMembers(G, true)).allowed())
                .as("a member of G sees G's members, owner of X or not").isTrue();
    }

    @Test
    void lastOwnerCannotBeRemoved() { // spec A10 decision
        Decision decision = new Rules(TenantSettings.defaults()).decide(Actor.user(OWNER, Set.of()),
                new Action.RemoveOwner(G, OWNER));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("A10");
        assertThat(decision.reason()).contains("at least one owner");
    }

    @Test
    void ownerMayStepDownWhileAnotherOwnerRemains() { // spec A10
        GroupFacts twoOwners = new GroupFacts(G.dn(), G.name(), G.kind(), false, false, false, G.policy(),
                Set.of(OWNER, CO_OWNER));

        assertThat(new Rules(TenantSettings.defaults())
                .decide(Actor.user(OWNER, Set.of()), new Action.RemoveOwner(twoOwners, OWNER)).allowed()).isTrue();
    }

    @Test
    void creatorsGroupMemberMayCreateUnifiedGroupWhenUsersCannot() { // spec S5
        TenantSettings settings = TenantSettings.defaults().withUsersCanCreateUnifiedGroups(false)
                .withUnifiedGroupCreationAllowedGroup(Optional.of(CREATORS));
        Actor nestedCreator = Actor.user(USER, Set.of(TEAM_LEADS, CREATORS));

        Decision decision = new Rules(settings).decide(nestedCreator,
                new Action.CreateGroup(GroupKind.UNIFIED, JoinPolicy.OPEN));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.rule()).isEqualTo("A7");
    }

    @Test
    void creatorsGroupMemberMayRenameOwnedUnifiedGroupWhenUsersCannot() { // spec S5 decision
        TenantSettings settings = TenantSettings.defaults().withUsersCanCreateUnifiedGroups(false)
                .withUnifiedGroupCreationAllowedGroup(Optional.of(CREATORS));

        assertThat(new Rules(settings).decide(Actor.user(OWNER, Set.of(CREATORS)),
                new Action.EditGroup(G, Optional.empty())).allowed()).isTrue();
        assertThat(new Rules(settings).decide(Actor.user(OWNER, Set.of()),
                new Action.EditGroup(G, Optional.empty())).rule()).isEqualTo("S5");
    }

    @Test
    void creatorsGroupDoesNotOpenSecurityGroupCreation() { // spec S5 covers unified groups only
        TenantSettings settings = TenantSettings.defaults().withUsersCanCreateSecurityGroups(false)
                .withUnifiedGroupCreationAllowedGroup(Optional.of(CREATORS));

        Decision decision = new Rules(settings).decide(Actor.user(USER, Set.of(CREATORS)),
                new Action.CreateGroup(GroupKind.SECURITY, JoinPolicy.OPEN));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("S3");
    }

    @Test
    void ownerListedForOwnerAssignmentMayAddOwners() { // spec S6 selected, user listed
        TenantSettings settings = TenantSettings.defaults().withOwnerAssignment(OwnerAssignment.SELECTED, Set.of(OWNER));

        assertThat(new Rules(settings).decide(Actor.user(OWNER, Set.of()),
                new Action.AddOwner(G, TARGET, true)).allowed()).isTrue();
    }

    @Test
    void ownerInListedGroupMayAddOwners() { // spec S6 selected, group listed
        TenantSettings settings = TenantSettings.defaults()
                .withOwnerAssignment(OwnerAssignment.SELECTED, Set.of(TEAM_LEADS));

        assertThat(new Rules(settings).decide(Actor.user(OWNER, Set.of(TEAM_LEADS)),
                new Action.AddOwner(G, TARGET, true)).allowed()).isTrue();
        assertThat(new Rules(settings).decide(Actor.user(OWNER, Set.of()),
                new Action.AddOwner(G, TARGET, true)).rule()).isEqualTo("S6");
    }

    @Test
    void licenceGroupMemberMayRequestToJoin() { // spec S7, L1
        TenantSettings settings = S1_ON.withPremiumLicense(PremiumLicense.group(LICENCE_GROUP));
        Action.Join join = new Action.Join(G, false, false, false, "needed for the audit project");

        assertThat(new Rules(settings).decide(Actor.user(USER, Set.of(LICENCE_GROUP)), join).outcome())
                .contains(JoinOutcome.REQUESTED);
        assertThat(new Rules(settings).decide(Actor.user(USER, Set.of()), join).rule()).isEqualTo("L1");
    }

    @Test
    void everyUserIsLicensedByDefault() { // spec S7 default all-users
        Decision decision = new Rules(S1_ON).decide(Actor.user(USER, Set.of()),
                new Action.Join(G, false, false, false, "needed for the audit project"));

        assertThat(decision.outcome()).contains(JoinOutcome.REQUESTED);
    }

    @Test
    void keepingOwnerApprovalNeedsNoLicence() { // spec L2 applies to switching only
        TenantSettings unlicensed = TenantSettings.defaults().withPremiumLicense(PremiumLicense.group(LICENCE_GROUP));

        assertThat(new Rules(unlicensed).decide(Actor.user(OWNER, Set.of()),
                new Action.EditGroup(G, Optional.of(JoinPolicy.OWNER_APPROVAL))).allowed()).isTrue();
    }

    @Test
    void unlicensedOwnerStillManagesMembersAndOwners() { // spec L3
        Rules rules = new Rules(S1_ON.withPremiumLicense(PremiumLicense.group(LICENCE_GROUP)));
        Actor owner = Actor.user(OWNER, Set.of());

        assertThat(rules.decide(owner, new Action.AddMember(G, TARGET, false)).allowed()).isTrue();
        assertThat(rules.decide(owner, new Action.RemoveMember(G, TARGET)).allowed()).isTrue();
        assertThat(rules.decide(owner, new Action.AddOwner(G, TARGET, true)).allowed()).isTrue();
        assertThat(rules.decide(owner, new Action.DecideRequest(G)).rule()).isEqualTo("L3");
    }

    @Test
    void administratorsAreNotLimitedByLicences() { // spec S10 and groupbridge's licence decision
        Rules rules = new Rules(S1_ON.withPremiumLicense(PremiumLicense.group(LICENCE_GROUP)));
        Actor admin = Actor.administrator("uid=gina,ou=admins,dc=example,dc=com", AdminRole.GROUPS_ADMINISTRATOR, Set.of());

        assertThat(rules.decide(admin, new Action.DecideRequest(G)).allowed()).isTrue();
        assertThat(rules.decide(admin, new Action.CreateGroup(GroupKind.UNIFIED, JoinPolicy.OWNER_APPROVAL)).allowed())
                .isTrue();
    }

    @Test
    void ownerJoinsOwnGroupAtOnceEvenWhenRequestsAreClosed() { // spec A5 lets owners add themselves
        Decision decision = new Rules(TenantSettings.defaults()).decide(Actor.user(OWNER, Set.of()),
                new Action.Join(G, false, false, false));

        assertThat(decision.outcome()).contains(JoinOutcome.JOINED);
    }

    @Test
    void decisionRecordsSettingsVersion() { // spec S8
        Decision decision = new Rules(TenantSettings.defaults().withVersion("conf-2026-11-27T14:00Z"))
                .decide(Actor.user(USER, Set.of()), new Action.Leave(G));

        assertThat(decision.settingsVersion()).isEqualTo("conf-2026-11-27T14:00Z");
    }

    @Test
    void refusalMessageNamesTheRule() { // spec A15
        GroupFacts ownersOnly = new GroupFacts(G.dn(), G.name(), GroupKind.SECURITY, false, false, false,
                JoinPolicy.OWNERS_ONLY, Set.of(OWNER));

        Decision decision = new Rules(TenantSettings.defaults()).decide(Actor.user(USER, Set.of()),
                new Action.Join(ownersOnly, false, false, false));

        assertThat(decision.message()).isEqualTo("only the owners of this group can add members (spec P3)");
    }

    @Test
    void ineligibleGroupRefusalSaysWhy() { // spec G5, A15
        GroupFacts dynamic = new GroupFacts(G.dn(), G.name(), GroupKind.UNIFIED, false, true, false, JoinPolicy.OPEN,
                Set.of(OWNER));

        Decision decision = new Rules(TenantSettings.defaults()).decide(Actor.user(USER, Set.of()), new Action.Leave(dynamic));

        assertThat(decision.message()).isEqualTo("you cannot leave this group: its members come from a membership rule "
                + "and are never edited by hand (spec G5)");
    }

    /** Issue 10, finding 6: the outbox names members of every group, so only privileged actors use it. */
    @Test
    void onlyAdministratorsAndServicePrincipalsSeeOrRetryTheOutbox() { // spec A2, A5 decision
        Rules rules = new Rules(S1_ON);
        Actor owner = Actor.user(OWNER, Set.of());
        for (boolean retry : new boolean[] {false, true}) {
            Decision refused = rules.decide(owner, new Action.UseOutbox(retry));
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.rule()).isEqualTo(retry ? "A5" : "A2");
            assertThat(rules.decide(Actor.administrator(USER, AdminRole.GROUPS_ADMINISTRATOR, Set.of()),
                    new Action.UseOutbox(retry)).allowed()).isTrue();
            assertThat(rules.decide(Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com"),
                    new Action.UseOutbox(retry)).allowed()).isTrue();
        }
    }
}
