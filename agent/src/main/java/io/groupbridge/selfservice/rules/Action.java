package io.groupbridge.selfservice.rules;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * A self-service action an actor asks for, one record per row of the spec A table (A1-A13). Each record carries
 * the facts its rule needs; {@link Rules#decide(Actor, Action)} turns it into a {@link Decision}.
 */
public sealed interface Action {

    /** The spec A row this action belongs to, e.g. {@code A5}. */
    String rule();

    /** What the actor tries to do, completing "you cannot ...", e.g. {@code add members to this group}. */
    String description();

    /**
     * A1: see a group and its policy.
     *
     * @param panel asked by the My Groups web panel, where S2 applies
     */
    record SeeGroup(GroupFacts group, boolean panel) implements Action {
        public SeeGroup {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String rule() {
            return "A1";
        }

        @Override
        public String description() {
            return "see this group";
        }
    }

    /** A2: list the members of a group. */
    record SeeMembers(GroupFacts group, boolean actorIsMember) implements Action {
        public SeeMembers {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String rule() {
            return "A2";
        }

        @Override
        public String description() {
            return "see the members of this group";
        }
    }

    /**
     * A3: join an open group, or request to join an owner-approval group; the decision's outcome tells which.
     *
     * @param actorBlocked  an administrator blocked the actor from this group (A12)
     * @param panel         asked by the My Groups web panel, where S2 applies
     * @param justification the business justification P2 requires; blank when none was given
     */
    record Join(GroupFacts group, boolean actorIsMember, boolean actorBlocked, boolean panel, String justification)
            implements Action {
        public Join {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(justification, "justification");
        }

        /** A join without justification, enough for open groups. */
        public Join(GroupFacts group, boolean actorIsMember, boolean actorBlocked, boolean panel) {
            this(group, actorIsMember, actorBlocked, panel, "");
        }

        @Override
        public String rule() {
            return "A3";
        }

        @Override
        public String description() {
            return "join this group";
        }
    }

    /** A4: approve or deny a pending request to join a group; both need the same permission. */
    record DecideRequest(GroupFacts group) implements Action {
        public DecideRequest {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String rule() {
            return "A4";
        }

        @Override
        public String description() {
            return "approve or deny requests to join this group";
        }
    }

    /**
     * A5: add a member.
     *
     * @param targetBlocked an administrator blocked the target from this group (A12)
     */
    record AddMember(GroupFacts group, String targetDn, boolean targetBlocked) implements Action {
        public AddMember {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(targetDn, "targetDn");
        }

        @Override
        public String rule() {
            return "A5";
        }

        @Override
        public String description() {
            return "add members to this group";
        }
    }

    /** A5: remove a member. */
    record RemoveMember(GroupFacts group, String targetDn) implements Action {
        public RemoveMember {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(targetDn, "targetDn");
        }

        @Override
        public String rule() {
            return "A5";
        }

        @Override
        public String description() {
            return "remove members from this group";
        }
    }

    /** A6: leave a group the actor belongs to. */
    record Leave(GroupFacts group) implements Action {
        public Leave {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String rule() {
            return "A6";
        }

        @Override
        public String description() {
            return "leave this group";
        }
    }

    /** A7: create a group of {@code kind} with join policy {@code policy}. */
    record CreateGroup(GroupKind kind, JoinPolicy policy) implements Action {
        public CreateGroup {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(policy, "policy");
        }

        @Override
        public String rule() {
            return "A7";
        }

        @Override
        public String description() {
            return "create a " + kind.wireName() + " group";
        }
    }

    /**
     * A8: change a group's properties (name, description) and, when {@code newPolicy} is present, its join policy.
     */
    record EditGroup(GroupFacts group, Optional<JoinPolicy> newPolicy) implements Action {
        public EditGroup {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(newPolicy, "newPolicy");
        }

        @Override
        public String rule() {
            return "A8";
        }

        @Override
        public String description() {
            return newPolicy.isPresent() ? "change the join policy of this group" : "change the properties of this group";
        }
    }

    /** A9: make {@code targetDn} an owner. */
    record AddOwner(GroupFacts group, String targetDn, boolean targetIsMember) implements Action {
        public AddOwner {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(targetDn, "targetDn");
        }

        @Override
        public String rule() {
            return "A9";
        }

        @Override
        public String description() {
            return "add owners to this group";
        }
    }

    /** A10: remove {@code targetDn} from the owners. */
    record RemoveOwner(GroupFacts group, String targetDn) implements Action {
        public RemoveOwner {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(targetDn, "targetDn");
        }

        @Override
        public String rule() {
            return "A10";
        }

        @Override
        public String description() {
            return "remove owners of this group";
        }
    }

    /** A11: delete a group. */
    record DeleteGroup(GroupFacts group) implements Action {
        public DeleteGroup {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String rule() {
            return "A11";
        }

        @Override
        public String description() {
            return "delete this group";
        }
    }

    /** E1, E2: renew a group, so that its lifetime starts again. */
    record RenewGroup(GroupFacts group) implements Action {
        public RenewGroup {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String rule() {
            return "E1";
        }

        @Override
        public String description() {
            return "renew this group";
        }
    }

    /** E4: restore an expired group within its restore window. */
    record RestoreGroup(GroupFacts group) implements Action {
        public RestoreGroup {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String rule() {
            return "E4";
        }

        @Override
        public String description() {
            return "restore this group";
        }
    }

    /** A12: remove {@code targetDn} from a group and refuse their future requests to join it. */
    record BlockUser(GroupFacts group, String targetDn) implements Action {
        public BlockUser {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(targetDn, "targetDn");
        }

        @Override
        public String rule() {
            return "A12";
        }

        @Override
        public String description() {
            return "block people from this group";
        }
    }

    /** A13: read the audit log, limited to {@code scope}. */
    record ViewAudit(AuditScope scope) implements Action {
        public ViewAudit {
            Objects.requireNonNull(scope, "scope");
        }

        @Override
        public String rule() {
            return "A13";
        }

        @Override
        public String description() {
            return "view " + scope.description();
        }
    }

    /**
     * The write-back outbox (spec W1, W3). Its rows name the members and owners of every group, so seeing them is
     * A2's "see the members" for all groups at once; sending parked rows again ({@code retry}) redoes member and
     * owner changes of any group (A5). groupbridge's decision: administrators and service principals only.
     */
    record UseOutbox(boolean retry) implements Action {
        @Override
        public String rule() {
            return retry ? "A5" : "A2";
        }

        @Override
        public String description() {
            return retry ? "send parked write-backs again" : "see the write-back outbox";
        }
    }
}
