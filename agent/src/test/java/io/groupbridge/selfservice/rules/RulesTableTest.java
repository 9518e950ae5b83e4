package io.groupbridge.selfservice.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks the whole spec A table: every action (A1-A13) for every kind of actor, under the settings, licences and
 * group kinds (G3-G6) that change the answer. Each row names the rule that must decide it.
 */
class RulesTableTest {

    static final String G = "cn=g,ou=groups,dc=example,dc=com";
    static final String OWNER = "uid=olivia,ou=people,dc=example,dc=com";
    static final String CO_OWNER = "uid=colin,ou=people,dc=example,dc=com";
    static final String OTHER_OWNER = "uid=oscar,ou=people,dc=example,dc=com";
    static final String USER = "uid=ursula,ou=people,dc=example,dc=com";
    static final String TARGET = "uid=tom,ou=people,dc=example,dc=com";
    static final String LICENCE_GROUP = "cn=p1-licensed,ou=groups,dc=example,dc=com";
    static final String CREATORS = "cn=group-creators,ou=groups,dc=example,dc=com";

    /** The actor kinds of the A table; the owner of another group owns X, never G. */
    enum Who {
        PLAIN_USER("user"),
        OWNER_OF_G("owner of G"),
        OWNER_OF_OTHER("owner of another group"),
        GROUPS_ADMIN("groups admin"),
        USER_ADMIN("user admin"),
        GLOBAL_ADMIN("global admin"),
        SERVICE_PRINCIPAL("service principal");

        final String label;

        Who(String label) {
            this.label = label;
        }

        Actor actor(boolean licensed) {
            Set<String> groups = licensed ? Set.of(LICENCE_GROUP) : Set.of();
            return switch (this) {
                case PLAIN_USER -> Actor.user(USER, groups);
                case OWNER_OF_G -> Actor.user(OWNER, groups);
                case OWNER_OF_OTHER -> Actor.user(OTHER_OWNER, groups);
                case GROUPS_ADMIN -> Actor.administrator("uid=gina,ou=admins,dc=example,dc=com", AdminRole.GROUPS_ADMINISTRATOR, groups);
                case USER_ADMIN -> Actor.administrator("uid=ulf,ou=admins,dc=example,dc=com", AdminRole.USER_ADMINISTRATOR, groups);
                case GLOBAL_ADMIN -> Actor.administrator("uid=gus,ou=admins,dc=example,dc=com", AdminRole.GLOBAL_ADMINISTRATOR, groups);
                case SERVICE_PRINCIPAL -> Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com");
            };
        }
    }

    record Expect(boolean allowed, String rule, Optional<JoinOutcome> outcome) {
        @Override
        public String toString() {
            return (allowed ? "allow " : "refuse ") + rule + outcome.map(o -> " (" + o.name().toLowerCase(Locale.ROOT) + ")").orElse("");
        }
    }

    static Expect allow(String rule) {
        return new Expect(true, rule, Optional.empty());
    }

    static Expect refuse(String rule) {
        return new Expect(false, rule, Optional.empty());
    }

    static Expect joined(String rule) {
        return new Expect(true, rule, Optional.of(JoinOutcome.JOINED));
    }

    static Expect requested(String rule) {
        return new Expect(true, rule, Optional.of(JoinOutcome.REQUESTED));
    }

    static Expect refusedJoin(String rule) {
        return new Expect(false, rule, Optional.of(JoinOutcome.REFUSED));
    }

    record Row(String name, TenantSettings settings, Actor actor, Action action, Expect expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One situation of the table: its settings and licence, and what each kind of actor gets. */
    record Situation(String spec, String what, String settingsLabel, TenantSettings settings, boolean licensed,
                     Function<Who, Action> action, Expect user, Expect owner, Expect otherOwner, Expect privileged) {

        Stream<Row> rows() {
            return Stream.of(Who.values()).map(who -> {
                Expect expect = switch (who) {
                    case PLAIN_USER -> user;
                    case OWNER_OF_G -> owner;
                    case OWNER_OF_OTHER -> otherOwner;
                    default -> privileged;
                };
                String name = spec + " " + who.label + " " + what + ", " + settingsLabel
                        + (licensed ? ", licensed" : ", unlicensed") + " → " + expect;
                return new Row(name, settings, who.actor(licensed), action.apply(who), expect);
            });
        }
    }

    static GroupFacts group(GroupKind kind, JoinPolicy policy) {
        return new GroupFacts(G, "g", kind, false, false, false, policy, Set.of(OWNER));
    }

    static final GroupFacts UNIFIED_OPEN = group(GroupKind.UNIFIED, JoinPolicy.OPEN);
    static final GroupFacts SECURITY_OPEN = group(GroupKind.SECURITY, JoinPolicy.OPEN);
    static final GroupFacts APPROVAL = group(GroupKind.UNIFIED, JoinPolicy.OWNER_APPROVAL);
    static final GroupFacts OWNERS_ONLY = group(GroupKind.SECURITY, JoinPolicy.OWNERS_ONLY);
    static final GroupFacts TWO_OWNERS = new GroupFacts(G, "g", GroupKind.UNIFIED, false, false, false, JoinPolicy.OPEN,
            Set.of(OWNER, CO_OWNER));
    static final GroupFacts MAIL_SECURITY = new GroupFacts(G, "g", GroupKind.SECURITY, true, false, false,
            JoinPolicy.OWNERS_ONLY, Set.of(OWNER));
    static final GroupFacts DISTRIBUTION = new GroupFacts(G, "g", GroupKind.DISTRIBUTION, true, false, false,
            JoinPolicy.OWNERS_ONLY, Set.of(OWNER));
    static final GroupFacts DYNAMIC = new GroupFacts(G, "g", GroupKind.UNIFIED, false, true, false, JoinPolicy.OPEN,
            Set.of(OWNER));
    static final GroupFacts ROLE_ASSIGNABLE = new GroupFacts(G, "g", GroupKind.SECURITY, false, false, true,
            JoinPolicy.OWNERS_ONLY, Set.of(OWNER));

    // Licences are assigned through a group so that "unlicensed" is a real situation.
    static final TenantSettings BASE = TenantSettings.defaults().withPremiumLicense(PremiumLicense.group(LICENCE_GROUP));
    static final TenantSettings S1_ON = BASE.withOwnersCanManageJoinRequests(true);

    static Situation situation(String spec, String what, String settingsLabel, TenantSettings settings, boolean licensed,
                               Function<Who, Action> action, Expect user, Expect owner, Expect otherOwner,
                               Expect privileged) {
        return new Situation(spec, what, settingsLabel, settings, licensed, action, user, owner, otherOwner, privileged);
    }

    static Situation same(String spec, String what, String settingsLabel, TenantSettings settings,
                          Function<Who, Action> action, Expect everyone) {
        return situation(spec, what, settingsLabel, settings, true, action, everyone, everyone, everyone, everyone);
    }

    static Situation usersVsPrivileged(String spec, String what, String settingsLabel, TenantSettings settings,
                                       boolean licensed, Function<Who, Action> action, Expect users, Expect privileged) {
        return situation(spec, what, settingsLabel, settings, licensed, action, users, users, users, privileged);
    }

    static Stream<Row> aTable() {
        List<Situation> s = new ArrayList<>();

        // A1 and S2
        s.add(same("A1", "sees a group", "CLI", BASE, w -> new Action.SeeGroup(SECURITY_OPEN, false), allow("A1")));
        s.add(same("A1", "sees a group in the panel", "S2=none", BASE,
                w -> new Action.SeeGroup(SECURITY_OPEN, true), allow("A1")));
        s.add(usersVsPrivileged("A1", "sees a security group in the panel", "S2=security-groups",
                BASE.withRestrictMyGroups(RestrictMyGroups.SECURITY_GROUPS), true,
                w -> new Action.SeeGroup(SECURITY_OPEN, true), refuse("S2"), allow("A1")));
        s.add(same("A1", "sees a unified group in the panel", "S2=security-groups",
                BASE.withRestrictMyGroups(RestrictMyGroups.SECURITY_GROUPS),
                w -> new Action.SeeGroup(UNIFIED_OPEN, true), allow("A1")));
        s.add(usersVsPrivileged("A1", "sees a group in the panel", "S2=all",
                BASE.withRestrictMyGroups(RestrictMyGroups.ALL), true,
                w -> new Action.SeeGroup(UNIFIED_OPEN, true), refuse("S2"), allow("A1")));
        s.add(same("A1", "sees a group through the CLI", "S2=all", BASE.withRestrictMyGroups(RestrictMyGroups.ALL),
                w -> new Action.SeeGroup(SECURITY_OPEN, false), allow("A1")));

        // A2
        s.add(situation("A2", "lists members, not a member", "defaults", BASE, true,
                w -> new Action.SeeMembers(UNIFIED_OPEN, false),
                refuse("A2"), allow("A2"), refuse("A2"), allow("A2")));
        s.add(same("A2", "lists members as a member", "defaults", BASE,
                w -> new Action.SeeMembers(UNIFIED_OPEN, true), allow("A2")));

        // A3 with P1-P3, S1, L1, S2, R5, A12
        s.add(situation("A3 P1", "joins an open group", "defaults", BASE, false,
                w -> new Action.Join(UNIFIED_OPEN, false, false, false),
                joined("P1"), joined("A5"), joined("P1"), joined("A3")));
        s.add(situation("A3 P2", "requests to join with a justification", "S1=true", S1_ON, true,
                w -> new Action.Join(APPROVAL, false, false, false, "project work"),
                requested("P2"), joined("A5"), requested("P2"), joined("A3")));
        s.add(situation("A3 S1", "requests to join", "S1=false", BASE, true,
                w -> new Action.Join(APPROVAL, false, false, false, "project work"),
                refusedJoin("S1"), joined("A5"), refusedJoin("S1"), joined("A3")));
        s.add(situation("A3 L1", "requests to join", "S1=true", S1_ON, false,
                w -> new Action.Join(APPROVAL, false, false, false, "project work"),
                refusedJoin("L1"), joined("A5"), refusedJoin("L1"), joined("A3")));
        s.add(situation("A3 P2", "requests to join without a justification", "S1=true", S1_ON, true,
                w -> new Action.Join(APPROVAL, false, false, false, "  "),
                refusedJoin("P2"), joined("A5"), refusedJoin("P2"), joined("A3")));
        s.add(situation("A3 P3", "joins an owners-only group", "defaults", BASE, true,
                w -> new Action.Join(OWNERS_ONLY, false, false, false),
                refusedJoin("P3"), joined("A5"), refusedJoin("P3"), joined("A3")));
        s.add(usersVsPrivileged("A3 S2", "joins a security group in the panel", "S2=security-groups",
                BASE.withRestrictMyGroups(RestrictMyGroups.SECURITY_GROUPS), true,
                w -> new Action.Join(SECURITY_OPEN, false, false, true), refusedJoin("S2"), joined("A3")));
        s.add(situation("A3 S2", "joins a security group through the CLI", "S2=security-groups",
                BASE.withRestrictMyGroups(RestrictMyGroups.SECURITY_GROUPS), true,
                w -> new Action.Join(SECURITY_OPEN, false, false, false),
                joined("P1"), joined("A5"), joined("P1"), joined("A3")));
        s.add(usersVsPrivileged("A3 S2", "joins in the panel", "S2=all", BASE.withRestrictMyGroups(RestrictMyGroups.ALL),
                true, w -> new Action.Join(UNIFIED_OPEN, false, false, true), refusedJoin("S2"), joined("A3")));
        s.add(same("A3 R5", "joins as a member already", "defaults", BASE,
                w -> new Action.Join(UNIFIED_OPEN, true, false, false), refusedJoin("R5")));
        s.add(usersVsPrivileged("A3 A12", "joins while blocked", "defaults", BASE, true,
                w -> new Action.Join(UNIFIED_OPEN, false, true, false), refusedJoin("A12"), joined("A3")));

        // A4 with S1, L3, A14
        s.add(situation("A4", "approves or denies", "S1=true", S1_ON, true, w -> new Action.DecideRequest(APPROVAL),
                refuse("A4"), allow("A4"), refuse("A4"), allow("A4")));
        s.add(situation("A4 S1", "approves or denies", "S1=false", BASE, true, w -> new Action.DecideRequest(APPROVAL),
                refuse("A4"), refuse("S1"), refuse("A4"), allow("A4")));
        s.add(situation("A4 L3", "approves or denies", "S1=true", S1_ON, false, w -> new Action.DecideRequest(APPROVAL),
                refuse("A4"), refuse("L3"), refuse("A4"), allow("A4")));

        // A5, S3 leaves member management alone, A12 keeps owners from re-adding
        s.add(situation("A5", "adds a member", "defaults", BASE, false,
                w -> new Action.AddMember(UNIFIED_OPEN, TARGET, false),
                refuse("A5"), allow("A5"), refuse("A5"), allow("A5")));
        s.add(situation("A5 S3", "adds a member to a security group", "S3=false",
                BASE.withUsersCanCreateSecurityGroups(false), false,
                w -> new Action.AddMember(SECURITY_OPEN, TARGET, false),
                refuse("A5"), allow("A5"), refuse("A5"), allow("A5")));
        s.add(situation("A5", "removes a member", "defaults", BASE, false,
                w -> new Action.RemoveMember(UNIFIED_OPEN, TARGET),
                refuse("A5"), allow("A5"), refuse("A5"), allow("A5")));
        s.add(situation("A5 A12", "adds a blocked person", "defaults", BASE, true,
                w -> new Action.AddMember(UNIFIED_OPEN, TARGET, true),
                refuse("A5"), refuse("A12"), refuse("A5"), allow("A5")));

        // A6
        s.add(same("A6", "leaves", "defaults", BASE, w -> new Action.Leave(UNIFIED_OPEN), allow("A6")));

        // A7 with S3, S4, S5, L2, G4
        s.add(same("A7", "creates a security group", "defaults", BASE,
                w -> new Action.CreateGroup(GroupKind.SECURITY, JoinPolicy.OPEN), allow("A7")));
        s.add(usersVsPrivileged("A7 S3", "creates a security group", "S3=false",
                BASE.withUsersCanCreateSecurityGroups(false), true,
                w -> new Action.CreateGroup(GroupKind.SECURITY, JoinPolicy.OPEN), refuse("S3"), allow("A7")));
        s.add(usersVsPrivileged("A7 S4", "creates a unified group", "S4=false",
                BASE.withUsersCanCreateUnifiedGroups(false), true,
                w -> new Action.CreateGroup(GroupKind.UNIFIED, JoinPolicy.OPEN), refuse("S4"), allow("A7")));
        s.add(usersVsPrivileged("A7 S5", "creates a unified group, not in the creators group", "S4=false, S5 set",
                BASE.withUsersCanCreateUnifiedGroups(false).withUnifiedGroupCreationAllowedGroup(Optional.of(CREATORS)),
                true, w -> new Action.CreateGroup(GroupKind.UNIFIED, JoinPolicy.OPEN), refuse("S5"), allow("A7")));
        s.add(usersVsPrivileged("A7 L2", "creates an owner-approval group", "defaults", BASE, false,
                w -> new Action.CreateGroup(GroupKind.UNIFIED, JoinPolicy.OWNER_APPROVAL), refuse("L2"), allow("A7")));
        s.add(same("A7", "creates an owner-approval group", "defaults", BASE,
                w -> new Action.CreateGroup(GroupKind.UNIFIED, JoinPolicy.OWNER_APPROVAL), allow("A7")));
        s.add(same("A7 G4", "creates a distribution list", "defaults", BASE,
                w -> new Action.CreateGroup(GroupKind.DISTRIBUTION, JoinPolicy.OWNERS_ONLY), refuse("G4")));

        // A8 with S3, S4, L2
        s.add(situation("A8", "renames", "defaults", BASE, false, w -> new Action.EditGroup(UNIFIED_OPEN, Optional.empty()),
                refuse("A8"), allow("A8"), refuse("A8"), allow("A8")));
        s.add(situation("A8 S3", "renames a security group", "S3=false", BASE.withUsersCanCreateSecurityGroups(false), true,
                w -> new Action.EditGroup(SECURITY_OPEN, Optional.empty()),
                refuse("A8"), refuse("S3"), refuse("A8"), allow("A8")));
        s.add(situation("A8 S4", "changes a unified group's policy", "S4=false", BASE.withUsersCanCreateUnifiedGroups(false),
                true, w -> new Action.EditGroup(UNIFIED_OPEN, Optional.of(JoinPolicy.OWNERS_ONLY)),
                refuse("A8"), refuse("S4"), refuse("A8"), allow("A8")));
        s.add(situation("A8 L2", "switches to owner-approval", "defaults", BASE, false,
                w -> new Action.EditGroup(UNIFIED_OPEN, Optional.of(JoinPolicy.OWNER_APPROVAL)),
                refuse("A8"), refuse("L2"), refuse("A8"), allow("A8")));
        s.add(situation("A8 P5", "switches away from owner-approval", "defaults", BASE, false,
                w -> new Action.EditGroup(APPROVAL, Optional.of(JoinPolicy.OPEN)),
                refuse("A8"), allow("A8"), refuse("A8"), allow("A8")));

        // A9 with S6
        s.add(situation("A9", "makes a member an owner", "S6=all", BASE, false,
                w -> new Action.AddOwner(UNIFIED_OPEN, TARGET, true),
                refuse("A9"), allow("A9"), refuse("A9"), allow("A9")));
        s.add(situation("A9 S6", "makes a member an owner", "S6=none", BASE.withOwnerAssignment(OwnerAssignment.NONE, Set.of()),
                true, w -> new Action.AddOwner(UNIFIED_OPEN, TARGET, true),
                refuse("A9"), refuse("S6"), refuse("A9"), allow("A9")));
        s.add(situation("A9 S6", "makes a member an owner, not selected", "S6=selected",
                BASE.withOwnerAssignment(OwnerAssignment.SELECTED, Set.of(CO_OWNER)), true,
                w -> new Action.AddOwner(UNIFIED_OPEN, TARGET, true),
                refuse("A9"), refuse("S6"), refuse("A9"), allow("A9")));
        s.add(situation("A9", "makes a non-member an owner", "S6=all", BASE, true,
                w -> new Action.AddOwner(UNIFIED_OPEN, TARGET, false),
                refuse("A9"), refuse("A9"), refuse("A9"), allow("A9")));

        // A10
        s.add(situation("A10", "removes a co-owner", "defaults", BASE, false,
                w -> new Action.RemoveOwner(TWO_OWNERS, CO_OWNER),
                refuse("A10"), allow("A10"), refuse("A10"), allow("A10")));
        s.add(situation("A10", "removes the last owner", "defaults", BASE, true,
                w -> new Action.RemoveOwner(UNIFIED_OPEN, OWNER),
                refuse("A10"), refuse("A10"), refuse("A10"), allow("A10")));

        // A11, A12
        s.add(usersVsPrivileged("A11", "deletes a group", "defaults", BASE, true,
                w -> new Action.DeleteGroup(UNIFIED_OPEN), refuse("A11"), allow("A11")));
        s.add(usersVsPrivileged("A12", "blocks a person", "defaults", BASE, true,
                w -> new Action.BlockUser(UNIFIED_OPEN, TARGET), refuse("A12"), allow("A12")));

        // A13
        s.add(same("A13", "views own audit entries", "defaults", BASE,
                w -> new Action.ViewAudit(new AuditScope.OwnActions()), allow("A13")));
        s.add(situation("A13", "views G's audit entries", "defaults", BASE, true,
                w -> new Action.ViewAudit(new AuditScope.OfGroup(UNIFIED_OPEN)),
                refuse("A13"), allow("A13"), refuse("A13"), allow("A13")));
        s.add(usersVsPrivileged("A13", "views the whole audit log", "defaults", BASE, true,
                w -> new Action.ViewAudit(new AuditScope.Everything()), refuse("A13"), allow("A13")));

        // G3, G4: read-only for everyone
        s.add(same("A1 G3", "sees a mail-enabled security group", "defaults", BASE,
                w -> new Action.SeeGroup(MAIL_SECURITY, false), allow("A1")));
        s.add(same("A3 G3", "joins a mail-enabled security group", "defaults", BASE,
                w -> new Action.Join(MAIL_SECURITY, false, false, false), refusedJoin("G3")));
        s.add(same("A5 G3", "adds a member to a mail-enabled security group", "defaults", BASE,
                w -> new Action.AddMember(MAIL_SECURITY, TARGET, false), refuse("G3")));
        s.add(same("A11 G3", "deletes a mail-enabled security group", "defaults", BASE,
                w -> new Action.DeleteGroup(MAIL_SECURITY), refuse("G3")));
        s.add(same("A3 G4", "joins a distribution list", "defaults", BASE,
                w -> new Action.Join(DISTRIBUTION, false, false, false), refusedJoin("G4")));
        s.add(same("A8 G4", "renames a distribution list", "defaults", BASE,
                w -> new Action.EditGroup(DISTRIBUTION, Optional.empty()), refuse("G4")));
        s.add(situation("A2 G4", "lists a distribution list's members", "defaults", BASE, true,
                w -> new Action.SeeMembers(DISTRIBUTION, false),
                refuse("A2"), allow("A2"), refuse("A2"), allow("A2")));

        // G5: nobody joins, leaves or edits members; administrators keep the rest
        s.add(same("A3 G5", "joins a dynamic group", "defaults", BASE,
                w -> new Action.Join(DYNAMIC, false, false, false), refusedJoin("G5")));
        s.add(same("A6 G5", "leaves a dynamic group", "defaults", BASE, w -> new Action.Leave(DYNAMIC), refuse("G5")));
        s.add(same("A5 G5", "adds a member to a dynamic group", "defaults", BASE,
                w -> new Action.AddMember(DYNAMIC, TARGET, false), refuse("G5")));
        s.add(same("A5 G5", "removes a member from a dynamic group", "defaults", BASE,
                w -> new Action.RemoveMember(DYNAMIC, TARGET), refuse("G5")));
        s.add(same("A12 G5", "blocks a person from a dynamic group", "defaults", BASE,
                w -> new Action.BlockUser(DYNAMIC, TARGET), refuse("G5")));
        s.add(same("A8 G5", "changes a dynamic group's policy", "defaults", BASE,
                w -> new Action.EditGroup(DYNAMIC, Optional.of(JoinPolicy.OWNER_APPROVAL)), refuse("G5")));
        s.add(usersVsPrivileged("A8 G5", "renames a dynamic group", "defaults", BASE, true,
                w -> new Action.EditGroup(DYNAMIC, Optional.empty()), refuse("G5"), allow("A8")));
        s.add(usersVsPrivileged("A9 G5", "adds an owner to a dynamic group", "defaults", BASE, true,
                w -> new Action.AddOwner(DYNAMIC, TARGET, true), refuse("G5"), allow("A9")));
        s.add(usersVsPrivileged("A11 G5", "deletes a dynamic group", "defaults", BASE, true,
                w -> new Action.DeleteGroup(DYNAMIC), refuse("G5"), allow("A11")));

        // G6: not joinable, only administrators edit members
        s.add(same("A3 G6", "joins a role-assignable group", "defaults", BASE,
                w -> new Action.Join(ROLE_ASSIGNABLE, false, false, false), refusedJoin("G6")));
        s.add(same("A4 G6", "decides a request of a role-assignable group", "S1=true", S1_ON,
                w -> new Action.DecideRequest(ROLE_ASSIGNABLE), refuse("G6")));
        s.add(usersVsPrivileged("A5 G6", "adds a member to a role-assignable group", "defaults", BASE, true,
                w -> new Action.AddMember(ROLE_ASSIGNABLE, TARGET, false), refuse("G6"), allow("A5")));
        s.add(usersVsPrivileged("A5 G6", "removes a member from a role-assignable group", "defaults", BASE, true,
                w -> new Action.RemoveMember(ROLE_ASSIGNABLE, TARGET), refuse("G6"), allow("A5")));
        s.add(usersVsPrivileged("A6 G6", "leaves a role-assignable group", "defaults", BASE, true,
                w -> new Action.Leave(ROLE_ASSIGNABLE), refuse("G6"), allow("A6")));
        s.add(usersVsPrivileged("A10 G6", "removes the owner of a role-assignable group", "defaults", BASE, true,
                w -> new Action.RemoveOwner(ROLE_ASSIGNABLE, OWNER), refuse("G6"), allow("A10")));

        return s.stream().flatMap(Situation::rows);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aTable")
    void decidesAsTheATableSays(Row row) {
        Decision decision = new Rules(row.settings()).decide(row.actor(), row.action());

        assertThat(decision.allowed()).as("allowed").isEqualTo(row.expect().allowed());
        assertThat(decision.rule()).as("rule").isEqualTo(row.expect().rule());
        assertThat(decision.outcome()).as("join outcome").isEqualTo(row.expect().outcome());
        assertThat(decision.reason()).as("reason").isNotBlank();
        assertThat(decision.settingsVersion()).isEqualTo(row.settings().version());
    }
}
