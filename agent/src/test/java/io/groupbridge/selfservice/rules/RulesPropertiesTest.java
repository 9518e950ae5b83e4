package io.groupbridge.selfservice.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the self-service rules over any actor, action, group and settings (issue 14, point 3), where the
 * A-table test ({@link RulesTableTest}) checks chosen rows: every answer names a rule and says why; S2-S6 limit
 * people, never administrators or service principals; nobody manages a group they do not own without an admin role.
 */
class RulesPropertiesTest {

    private static final Pattern RULE = Pattern.compile("[A-Z][0-9]{1,2}");
    private static final String ACTOR = "uid=ursula,ou=people,dc=example,dc=com";
    private static final String TARGET = "uid=tom,ou=people,dc=example,dc=com";
    private static final String OTHER_OWNER = "uid=olivia,ou=people,dc=example,dc=com";
    private static final String LICENCE_GROUP = "cn=p1-licensed,ou=groups,dc=example,dc=com";
    private static final String CREATORS = "cn=group-creators,ou=groups,dc=example,dc=com";
    private static final Set<String> LIMITS_ON_PEOPLE = Set.of("S2", "S3", "S4", "S5", "S6");

    /** Someone asking, and whether they own the group the action is about. */
    record Asker(Actor actor, boolean ownsTheGroup) {
    }

    @Property(tries = 2000)
    void everyAnswerNamesASpecRuleAndSaysWhy(@ForAll("settings") TenantSettings settings,
            @ForAll("askers") Asker asker, @ForAll("groups") GroupFacts base, @ForAll("actions") ActionMaker action) {
        GroupFacts group = owned(base, asker);

        Decision decision = new Rules(settings).decide(asker.actor(), action.on(group));

        assertThat(decision.rule()).matches(RULE);
        assertThat(decision.reason()).isNotBlank();
        assertThat(decision.settingsVersion()).isEqualTo(settings.version());
        assertThat(decision.message()).contains("(spec " + decision.rule() + ")");
    }

    @Property(tries = 2000)
    void administratorsAndServicePrincipalsAreNeverRefusedByTheSettingsThatLimitPeople(
            @ForAll("settings") TenantSettings settings, @ForAll("privileged") Actor actor,
            @ForAll("groups") GroupFacts group, @ForAll("actions") ActionMaker action) {
        Decision decision = new Rules(settings).decide(actor, action.on(group));

        if (!decision.allowed()) {
            assertThat(decision.rule()).isNotIn(LIMITS_ON_PEOPLE);
        }
    }

    @Property(tries = 2000)
    void nobodyWithoutAnAdminRoleManagesAGroupTheyDoNotOwn(@ForAll("settings") TenantSettings settings,
            @ForAll("people") Actor person, @ForAll("groups") GroupFacts group, @ForAll("management") ActionMaker action) {
        Decision decision = new Rules(settings).decide(person, action.on(group));

        assertThat(decision.allowed()).as(decision.message()).isFalse();
    }

    /** Builds the action for a group, so that one generated action can be asked about an owned or unowned group. */
    @FunctionalInterface
    interface ActionMaker {
        Action on(GroupFacts group);
    }

    private static GroupFacts owned(GroupFacts g, Asker asker) {
        Set<String> owners = asker.ownsTheGroup() ? Set.of(OTHER_OWNER, asker.actor().dn()) : g.owners();
        return new GroupFacts(g.dn(), g.name(), g.kind(), g.mailEnabled(), g.dynamic(), g.roleAssignable(),
                g.policy(), owners);
    }

    @Provide
    Arbitrary<TenantSettings> settings() {
        Arbitrary<TenantSettings> flags = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.of(RestrictMyGroups.class), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of(Optional.<String>empty(), Optional.of(CREATORS)), Arbitraries.of(OwnerAssignment.class),
                Arbitraries.of(PremiumLicense.allUsers(), PremiumLicense.group(LICENCE_GROUP)))
                .as((s1, s2, s3, s4, s5, s6, licence) -> new TenantSettings(s1, s2, s3, s4, s5, s6,
                        Set.of(OTHER_OWNER), licence, "v-property"));
        return flags;
    }

    @Provide
    Arbitrary<Asker> askers() {
        return Combinators.combine(Arbitraries.oneOf(people(), privileged()), Arbitraries.of(true, false))
                .as(Asker::new);
    }

    @Provide
    Arbitrary<Actor> people() {
        return memberships().map(groups -> Actor.user(ACTOR, groups));
    }

    @Provide
    Arbitrary<Actor> privileged() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(AdminRole.class), memberships())
                        .as((role, groups) -> Actor.administrator("uid=ada,ou=admins,dc=example,dc=com", role, groups)),
                Arbitraries.just(Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com")));
    }

    private static Arbitrary<Set<String>> memberships() {
        return Arbitraries.of(LICENCE_GROUP, CREATORS).set();
    }

    @Provide
    Arbitrary<GroupFacts> groups() {
        return Combinators.combine(Arbitraries.of(GroupKind.class), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(JoinPolicy.class))
                .as((kind, mail, dynamic, role, policy) -> new GroupFacts("cn=g,ou=groups,dc=example,dc=com", "g",
                        kind, mail, dynamic, role, policy, Set.of(OTHER_OWNER)));
    }

    @Provide
    Arbitrary<ActionMaker> actions() {
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        Arbitrary<String> text = Arbitraries.of("", "  ", "project work");
        return Arbitraries.oneOf(management(),
                flag.map(panel -> g -> new Action.SeeGroup(g, panel)),
                flag.map(member -> g -> new Action.SeeMembers(g, member)),
                Combinators.combine(flag, flag, flag, text).as((member, blocked, panel, why) ->
                        g -> new Action.Join(g, member, blocked, panel, why)),
                Arbitraries.just(g -> new Action.Leave(g)),
                Combinators.combine(Arbitraries.of(GroupKind.class), Arbitraries.of(JoinPolicy.class))
                        .as((kind, policy) -> g -> new Action.CreateGroup(kind, policy)),
                Arbitraries.of(List.<AuditScope>of(new AuditScope.OwnActions(), new AuditScope.Everything()))
                        .map(scope -> g -> new Action.ViewAudit(scope)),
                Arbitraries.just(g -> new Action.ViewAudit(new AuditScope.OfGroup(g))),
                flag.map(retry -> g -> new Action.UseOutbox(retry)));
    }

    /** What only a group's owners (and administrators) do to it. */
    @Provide
    Arbitrary<ActionMaker> management() {
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Arbitraries.oneOf(
                Arbitraries.just(g -> new Action.DecideRequest(g)),
                flag.map(blocked -> g -> new Action.AddMember(g, TARGET, blocked)),
                Arbitraries.just(g -> new Action.RemoveMember(g, TARGET)),
                Arbitraries.of(Optional.<JoinPolicy>empty(), Optional.of(JoinPolicy.OPEN),
                        Optional.of(JoinPolicy.OWNER_APPROVAL)).map(p -> g -> new Action.EditGroup(g, p)),
                flag.map(member -> g -> new Action.AddOwner(g, TARGET, member)),
                Arbitraries.just(g -> new Action.RemoveOwner(g, OTHER_OWNER)),
                Arbitraries.just(g -> new Action.DeleteGroup(g)),
                Arbitraries.just(g -> new Action.BlockUser(g, TARGET)));
    }
}
