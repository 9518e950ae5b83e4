package io.groupbridge.selfservice.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every row of the spec A table names its rule, and completes "you cannot ..." in a refusal (A15), including the
 * actions whose refusals the rules' tests never print.
 */
class ActionTest {

    private static final GroupFacts G = new GroupFacts("cn=g,ou=groups,dc=example,dc=com", "g", GroupKind.UNIFIED,
            false, false, false, JoinPolicy.OPEN, Set.of());
    private static final String BOB = "uid=bob,ou=people,dc=example,dc=com";

    @Test
    void everyActionNamesItsRowOfTheATableAndWhatItDoes() {
        Map<Action, List<String>> table = Map.ofEntries(
                Map.entry(new Action.SeeGroup(G, false), List.of("A1", "see this group")),
                Map.entry(new Action.SeeMembers(G, false), List.of("A2", "see the members of this group")),
                Map.entry(new Action.Join(G, false, false, false), List.of("A3", "join this group")),
                Map.entry(new Action.DecideRequest(G), List.of("A4", "approve or deny requests to join this group")),
                Map.entry(new Action.AddMember(G, BOB, false), List.of("A5", "add members to this group")),
                Map.entry(new Action.RemoveMember(G, BOB), List.of("A5", "remove members from this group")),
                Map.entry(new Action.Leave(G), List.of("A6", "leave this group")),
                Map.entry(new Action.CreateGroup(GroupKind.SECURITY, JoinPolicy.OPEN),
                        List.of("A7", "create a security group")),
                Map.entry(new Action.EditGroup(G, Optional.empty()), List.of("A8", "change the properties of this group")),
                Map.entry(new Action.EditGroup(G, Optional.of(JoinPolicy.OWNER_APPROVAL)),
                        List.of("A8", "change the join policy of this group")),
                Map.entry(new Action.AddOwner(G, BOB, true), List.of("A9", "add owners to this group")),
                Map.entry(new Action.RemoveOwner(G, BOB), List.of("A10", "remove owners of this group")),
                Map.entry(new Action.DeleteGroup(G), List.of("A11", "delete this group")),
                Map.entry(new Action.BlockUser(G, BOB), List.of("A12", "block people from this group")),
                Map.entry(new Action.ViewAudit(new AuditScope.OwnActions()), List.of("A13", "view your own audit entries")),
                Map.entry(new Action.ViewAudit(new AuditScope.OfGroup(G)),
                        List.of("A13", "view the audit entries of this group")),
                Map.entry(new Action.ViewAudit(new AuditScope.Everything()), List.of("A13", "view the whole audit log")),
                Map.entry(new Action.UseOutbox(false), List.of("A2", "see the write-back outbox")),
                Map.entry(new Action.UseOutbox(true), List.of("A5", "send parked write-backs again")));
        table.forEach((action, expected) -> {
            assertThat(action.rule()).as("rule of %s", action).isEqualTo(expected.get(0));
            assertThat(action.description()).as("description of %s", action).isEqualTo(expected.get(1));
        });
    }

    /** Spec A15: a decision without its rule, reason or settings version could not be explained or audited. */
    @Test
    void aDecisionAlwaysNamesItsRuleReasonAndSettingsVersion() {
        assertThatThrownBy(() -> Decision.allow(" ", "owners add members", "v1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rule must not be blank");
        assertThatThrownBy(() -> Decision.refuse("A5", "", "v1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reason must not be blank");
        assertThatThrownBy(() -> Decision.refuse("A5", "only owners", "\t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("settingsVersion must not be blank");
        assertThatThrownBy(() -> Decision.allow(null, "x", "v1")).isInstanceOf(NullPointerException.class);
        assertThat(Decision.refuse("P3", "only the owners can see the members", "v1").message())
                .isEqualTo("only the owners can see the members (spec P3)");
    }

    @Test
    void aJoinOutcomeMustAgreeWithWhetherTheJoinIsAllowed() {
        assertThatThrownBy(() -> Decision.allow("A3", "open group", "v1").asJoin(JoinOutcome.REFUSED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.refuse("A3", "blocked", "v1").asJoin(JoinOutcome.JOINED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Decision.allow("A3", "open group", "v1").asJoin(JoinOutcome.REQUESTED).outcome())
                .hasValue(JoinOutcome.REQUESTED);
        assertThat(Decision.refuse("A3", "blocked", "v1").asJoin(JoinOutcome.REFUSED).outcome())
                .hasValue(JoinOutcome.REFUSED);
    }
}
