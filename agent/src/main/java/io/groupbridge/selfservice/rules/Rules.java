package io.groupbridge.selfservice.rules;

import io.groupbridge.model.Eligibility;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether an actor may take a self-service action, under one version of the tenant settings. This is the
 * spec A table with the G, P, S and L rules it refers to; the first rule that refuses wins, and its id is in the
 * decision.
 *
 * <p>Order of checks: group eligibility (G3-G6), then S2 for panel requests, then the actor's role in the group,
 * then tenant settings (S1, S3-S6), then licences (L1-L3). Administrators and service principals ("privileged") are
 * not limited by S2-S6 (S9, S10) nor, by groupbridge's decision, by L1-L3: a licence is a per-user entitlement, and
 * the A table's admin and service principal columns are unconditional.
 *
 * <p>Decisions where the spec is silent:
 * <ul>
 *   <li>G3 and G4 groups are read-only for everyone, administrators included: they belong to the mail system.
 *       Anyone may still see them and, per A2, their members.</li>
 *   <li>G5 groups: nobody joins, leaves, edits members, blocks or decides requests; administrators may still edit
 *       their properties (not their join policy, which cannot apply), owners, or delete them.</li>
 *   <li>G6 groups: nobody joins or decides requests (they are not joinable); administrators may add, remove and
 *       block members, edit properties (not the join policy), owners, and delete. Every admin role may, as the spec's
 *       admin column does not tell them apart.</li>
 *   <li>A privileged actor's join is immediate whatever the policy, since A5 lets them add themselves anyway; so is
 *       an owner's join of their own group. R5 and G3-G6 still apply to both.</li>
 *   <li>A12: a block stops the blocked person's joins and requests and stops owners from adding them back;
 *       administrators may override it.</li>
 *   <li>A9: owners may make only members owners ("make another member an owner", S6); administrators may make
 *       anyone an owner.</li>
 *   <li>A10: only owners are kept from removing the last owner; administrators may, leaving the group to
 *       administrators like a portal-made security group that never had one.</li>
 *   <li>S5 members may also change the properties of unified groups they own while S4 is false: whoever may create
 *       a group should be able to rename it.</li>
 *   <li>The write-back outbox is for administrators and service principals: its rows name the members and owners
 *       of every group (A2), and sending parked rows again changes members and owners of any group (A5).</li>
 *   <li>Creating an owner-approval group while S1 is false is allowed: the group takes requests once S1 is true,
 *       and until then joins are refused naming S1.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Rules {

    // Which ineligible groups administrators may still act on; nobody else acts on any of them.
    private enum AdminsOnIneligible {
        NOBODY,
        ROLE_ASSIGNABLE,
        DYNAMIC_OR_ROLE_ASSIGNABLE
    }

    private final TenantSettings settings;

    public Rules(TenantSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public TenantSettings settings() {
        return settings;
    }

    /**
     * Never null; a refusal always carries a non-blank reason. An actor on the panel ({@link Actor#onPanel()}) is
     * also held to S2 for every action on a group the panel does not show them, and for creating a group while the
     * panel's group features are closed to them; the API and the command line are not (S2 restricts only the panel).
     */
    public Decision decide(Actor actor, Action action) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Decision decision = byTheTable(actor, action);
        if (!decision.allowed() || !actor.onPanel()) {
            return decision;
        }
        Optional<Decision> closed = panelRefusal(actor, action);
        if (closed.isEmpty()) {
            return decision;
        }
        return action instanceof Action.Join ? closed.get().asJoin(JoinOutcome.REFUSED) : closed.get();
    }

    // S2 as the panel applies it: the group's page and features, or the panel's group features as a whole.
    private Optional<Decision> panelRefusal(Actor actor, Action action) {
        Optional<GroupFacts> group = groupOf(action);
        Decision shown = group.isPresent() ? Panel.showGroup(settings, actor, group.get())
                : action instanceof Action.CreateGroup ? Panel.groupFeatures(settings, actor) : null;
        return shown == null || shown.allowed() ? Optional.empty() : Optional.of(shown);
    }

    private static Optional<GroupFacts> groupOf(Action action) {
        GroupFacts g = null;
        if (action instanceof Action.SeeGroup a) {
            g = a.group();
        } else if (action instanceof Action.SeeMembers a) {
            g = a.group();
        } else if (action instanceof Action.Join a) {
            g = a.group();
        } else if (action instanceof Action.DecideRequest a) {
            g = a.group();
        } else if (action instanceof Action.AddMember a) {
            g = a.group();
        } else if (action instanceof Action.RemoveMember a) {
            g = a.group();
        } else if (action instanceof Action.Leave a) {
            g = a.group();
        } else if (action instanceof Action.EditGroup a) {
            g = a.group();
        } else if (action instanceof Action.AddOwner a) {
            g = a.group();
        } else if (action instanceof Action.RemoveOwner a) {
            g = a.group();
        } else if (action instanceof Action.DeleteGroup a) {
            g = a.group();
        } else if (action instanceof Action.RenewGroup a) {
            g = a.group();
        } else if (action instanceof Action.RestoreGroup a) {
            g = a.group();
        } else if (action instanceof Action.BlockUser a) {
            g = a.group();
        } else if (action instanceof Action.ViewAudit a && a.scope() instanceof AuditScope.OfGroup s) {
            g = s.group();
        }
        return Optional.ofNullable(g);
    }

    private Decision byTheTable(Actor actor, Action action) {
        if (action instanceof Action.SeeGroup a) {
            return seeGroup(actor, a);
        } else if (action instanceof Action.SeeMembers a) {
            return seeMembers(actor, a);
        } else if (action instanceof Action.Join a) {
            return join(actor, a);
        } else if (action instanceof Action.DecideRequest a) {
            return decideRequest(actor, a);
        } else if (action instanceof Action.AddMember a) {
            return addMember(actor, a);
        } else if (action instanceof Action.RemoveMember a) {
            return removeMember(actor, a);
        } else if (action instanceof Action.Leave a) {
            return leave(actor, a);
        } else if (action instanceof Action.CreateGroup a) {
            return createGroup(actor, a);
        } else if (action instanceof Action.EditGroup a) {
            return editGroup(actor, a);
        } else if (action instanceof Action.AddOwner a) {
            return addOwner(actor, a);
        } else if (action instanceof Action.RemoveOwner a) {
            return removeOwner(actor, a);
        } else if (action instanceof Action.DeleteGroup a) {
            return deleteGroup(actor, a);
        } else if (action instanceof Action.RenewGroup a) {
            return renewGroup(actor, a);
        } else if (action instanceof Action.RestoreGroup a) {
            return restoreGroup(actor, a);
        } else if (action instanceof Action.BlockUser a) {
            return blockUser(actor, a);
        } else if (action instanceof Action.ViewAudit a) {
            return viewAudit(actor, a);
        } else if (action instanceof Action.UseOutbox a) {
            return useOutbox(actor, a);
        }
        // Action is sealed, but Java 17 cannot check an instanceof chain for exhaustiveness.
        throw new IllegalArgumentException("unknown action " + action.getClass().getName());
    }

    private Decision seeGroup(Actor actor, Action.SeeGroup a) {
        if (a.panel()) {
            Decision shown = Panel.showGroup(settings, actor, a.group());
            if (!shown.allowed()) {
                return shown;
            }
        }
        return allow("A1", "every group and its join policy can be seen");
    }

    private Decision seeMembers(Actor actor, Action.SeeMembers a) {
        if (actor.isPrivileged()) {
            return allow("A2", "administrators and service principals see the members of every group");
        }
        if (a.group().isOwner(actor.dn()) || a.actorIsMember()) {
            return allow("A2", "members and owners see the members of their group");
        }
        return refuse("A2", "only the members and owners of this group can see its members");
    }

    private Decision join(Actor actor, Action.Join a) {
        Decision decision = joinDecision(actor, a);
        return decision.allowed() ? decision : decision.asJoin(JoinOutcome.REFUSED);
    }

    // Allowed joins carry their outcome here; refusals get theirs in join(), whichever check refused.
    private Decision joinDecision(Actor actor, Action.Join a) {
        GroupFacts g = a.group();
        Optional<Decision> ineligible = ineligible(actor, a, g, AdminsOnIneligible.NOBODY);
        if (ineligible.isPresent()) {
            return ineligible.get();
        }
        if (a.panel()) {
            Decision shown = Panel.showGroup(settings, actor, g);
            if (!shown.allowed()) {
                return shown;
            }
        }
        if (a.actorIsMember()) {
            return refuse("R5", "you are already a member of this group");
        }
        if (actor.isPrivileged()) {
            return allow("A3", "administrators and service principals join at once").asJoin(JoinOutcome.JOINED);
        }
        if (a.actorBlocked()) {
            return refuse("A12", "an administrator blocked you from this group");
        }
        if (g.isOwner(actor.dn())) {
            return allow("A5", "owners add themselves to their own group at once").asJoin(JoinOutcome.JOINED);
        }
        return switch (g.policy()) {
            case OPEN -> allow("P1", "this group is open, so you join at once").asJoin(JoinOutcome.JOINED);
            case OWNERS_ONLY -> refuse("P3", "only the owners of this group can add members");
            case OWNER_APPROVAL -> requestToJoin(actor, a);
        };
    }

    private Decision requestToJoin(Actor actor, Action.Join a) {
        if (!settings.ownersCanManageJoinRequests()) {
            return refuse("S1", "this group takes requests only when owners may approve them, which your "
                    + "organisation has turned off; ask an owner to add you");
        }
        if (!actor.hasPremiumLicense(settings)) {
            return refuse("L1", "asking to join a group that needs owner approval requires a premium licence, "
                    + "which you do not have");
        }
        if (a.justification().isBlank()) {
            return refuse("P2", "a request to join this group needs a business justification");
        }
        return allow("P2", "your request waits for an owner of this group to approve it").asJoin(JoinOutcome.REQUESTED);
    }

    private Decision decideRequest(Actor actor, Action.DecideRequest a) {
        GroupFacts g = a.group();
        Optional<Decision> ineligible = ineligible(actor, a, g, AdminsOnIneligible.NOBODY);
        if (ineligible.isPresent()) {
            return ineligible.get();
        }
        if (actor.isPrivileged()) {
            return allow("A4", "administrators and service principals decide requests of every group");
        }
        if (!g.isOwner(actor.dn())) {
            return refuse("A4", "only the owners of this group and administrators can approve or deny its requests");
        }
        if (!settings.ownersCanManageJoinRequests()) {
            return refuse("S1", "your organisation does not let group owners approve or deny membership requests; "
                    + "an administrator has to decide");
        }
        if (!actor.hasPremiumLicense(settings)) {
            return refuse("L3", "approving or denying requests requires a premium licence, which you do not have");
        }
        return allow("A4", "owners approve and deny requests to join their group");
    }

    private Decision addMember(Actor actor, Action.AddMember a) {
        GroupFacts g = a.group();
        Optional<Decision> ineligible = ineligible(actor, a, g, AdminsOnIneligible.ROLE_ASSIGNABLE);
        if (ineligible.isPresent()) {
            return ineligible.get();
        }
        if (actor.isPrivileged()) {
            return allow("A5", "administrators and service principals add members to every group");
        }
        if (!g.isOwner(actor.dn())) {
            return refuse("A5", "only the owners of this group can add members");
        }
        if (a.targetBlocked()) {
            return refuse("A12", "an administrator blocked this person from the group, so only an administrator "
                    + "can add them");
        }
        return allow("A5", "owners add members to their group");
    }

    private Decision removeMember(Actor actor, Action.RemoveMember a) {
        GroupFacts g = a.group();
        Optional<Decision> ineligible = ineligible(actor, a, g, AdminsOnIneligible.ROLE_ASSIGNABLE);
        if (ineligible.isPresent()) {
            return ineligible.get();
        }
        if (actor.isPrivileged()) {
            return allow("A5", "administrators and service principals remove members from every group");
        }
        if (!g.isOwner(actor.dn())) {
            return refuse("A5", "only the owners of this group can remove members");
        }
        return allow("A5", "owners remove members from their group");
    }

    private Decision leave(Actor actor, Action.Leave a) {
        Optional<Decision> ineligible = ineligible(actor, a, a.group(), AdminsOnIneligible.ROLE_ASSIGNABLE);
        return ineligible.orElseGet(() -> allow("A6", "members may leave this group"));
    }

    private Decision createGroup(Actor actor, Action.CreateGroup a) {
        Eligibility kindEligibility = Eligibility.of(a.kind(), false, false, false);
        if (!kindEligibility.eligible()) {
            return refuse(kindEligibility.rule().orElseThrow(),
                    "you cannot " + a.description() + ": " + kindEligibility.reason().orElseThrow());
        }
        if (actor.isPrivileged()) {
            return allow("A7", "administrators and service principals create groups");
        }
        Optional<Decision> closed = closedToUsers(actor, a.kind(), "create");
        if (closed.isPresent()) {
            return closed.get();
        }
        if (a.policy() == JoinPolicy.OWNER_APPROVAL && !actor.hasPremiumLicense(settings)) {
            return refuse("L2", "a group that needs owner approval to join requires a premium licence, which you "
                    + "do not have");
        }
        return allow("A7", "users may create " + a.kind().wireName() + " groups");
    }

    private Decision editGroup(Actor actor, Action.EditGroup a) {
        GroupFacts g = a.group();
        Optional<Decision> ineligible = ineligible(actor, a, g, a.newPolicy().isPresent()
                ? AdminsOnIneligible.NOBODY : AdminsOnIneligible.DYNAMIC_OR_ROLE_ASSIGNABLE);
        if (ineligible.isPresent()) {
            return ineligible.get();
        }
        if (actor.isPrivileged()) {
            return allow("A8", "administrators and service principals change every group");
        }
        if (!g.isOwner(actor.dn())) {
            return refuse("A8", "only the owners of this group and administrators can change it");
        }
        Optional<Decision> closed = closedToUsers(actor, g.kind(), "change");
        if (closed.isPresent()) {
            return closed.get();
        }
        boolean switchesToApproval = a.newPolicy().filter(p -> p == JoinPolicy.OWNER_APPROVAL).isPresent()
                && g.policy() != JoinPolicy.OWNER_APPROVAL;
        if (switchesToApproval && !actor.hasPremiumLicense(settings)) {
            return refuse("L2", "making a group need owner approval to join requires a premium licence, which you "
                    + "do not have");
        }
        return allow("A8", "owners change their group");
    }

    private Decision addOwner(Actor actor, Action.AddOwner a) {
        GroupFacts g = a.group();
        Optional<Decision> ineligible = ineligible(actor, a, g, AdminsOnIneligible.DYNAMIC_OR_ROLE_ASSIGNABLE);
        if (ineligible.isPresent()) {
            return ineligible.get();
        }
        if (actor.isPrivileged()) {
            return allow("A9", "administrators and service principals make anyone an owner");
        }
        if (!g.isOwner(actor.dn())) {
            return refuse("A9", "only the owners of this group and administrators can add owners");
        }
        boolean mayAssign = switch (settings.ownerAssignment()) {
            case ALL -> true;
            case SELECTED -> isSelectedForOwnerAssignment(actor);
            case NONE -> false;
        };
        if (!mayAssign) {
            return refuse("S6", settings.ownerAssignment() == OwnerAssignment.NONE
                    ? "your organisation does not let group owners add other owners; ask an administrator"
                    : "your organisation lets only selected owners add other owners, and you are not one of them; "
                    + "ask an administrator");
        }
        if (!a.targetIsMember()) {
            return refuse("A9", "owners can make only members of the group owners; add this person as a member first");
        }
        return allow("A9", "owners make members of their group owners");
    }

    private Decision removeOwner(Actor actor, Action.RemoveOwner a) {
        GroupFacts g = a.group();
        Optional<Decision> ineligible = ineligible(actor, a, g, AdminsOnIneligible.DYNAMIC_OR_ROLE_ASSIGNABLE);
        if (ineligible.isPresent()) {
            return ineligible.get();
        }
        if (actor.isPrivileged()) {
            return allow("A10", "administrators and service principals remove owners of every group");
        }
        if (!g.isOwner(actor.dn())) {
            return refuse("A10", "only the owners of this group and administrators can remove owners");
        }
        if (g.owners().size() == 1 && g.isOwner(a.targetDn())) {
            return refuse("A10", "a group must keep at least one owner; add another owner first");
        }
        return allow("A10", "owners remove owners of their group");
    }

    private Decision deleteGroup(Actor actor, Action.DeleteGroup a) {
        Optional<Decision> ineligible = ineligible(actor, a, a.group(), AdminsOnIneligible.DYNAMIC_OR_ROLE_ASSIGNABLE);
        if (ineligible.isPresent()) {
            return ineligible.get();
        }
        if (actor.isPrivileged()) {
            return allow("A11", "administrators and service principals delete groups");
        }
        return refuse("A11", "only administrators can delete groups; ask an administrator");
    }

    // E2: a group without owners is the administrators' to renew; service principals renew for scripts, as they edit.
    private Decision renewGroup(Actor actor, Action.RenewGroup a) {
        if (actor.isPrivileged()) {
            return allow("E1", "administrators and service principals renew every group");
        }
        if (!a.group().isOwner(actor.dn())) {
            return refuse("E1", "only the owners of this group and administrators can renew it");
        }
        return allow("E1", "owners renew their groups");
    }

    private Decision restoreGroup(Actor actor, Action.RestoreGroup a) {
        if (actor.isAdministrator()) {
            return allow("E4", "administrators restore expired groups");
        }
        return refuse("E4", "only administrators can restore an expired group; ask an administrator");
    }

    private Decision blockUser(Actor actor, Action.BlockUser a) {
        Optional<Decision> ineligible = ineligible(actor, a, a.group(), AdminsOnIneligible.ROLE_ASSIGNABLE);
        if (ineligible.isPresent()) {
            return ineligible.get();
        }
        if (actor.isPrivileged()) {
            return allow("A12", "administrators and service principals block people from groups");
        }
        return refuse("A12", "only administrators can block people from a group");
    }

    private Decision useOutbox(Actor actor, Action.UseOutbox a) {
        if (actor.isPrivileged()) {
            return allow(a.rule(), "administrators and service principals " + a.description());
        }
        return refuse(a.rule(), a.retry()
                ? "only administrators can send parked write-backs again, since they change the members and owners"
                        + " of any group"
                : "only administrators can see the write-back outbox, since it names the members and owners of every"
                        + " group");
    }

    private Decision viewAudit(Actor actor, Action.ViewAudit a) {
        AuditScope scope = a.scope();
        if (scope instanceof AuditScope.OwnActions) {
            return allow("A13", "everyone may read the audit entries of their own actions");
        }
        if (actor.isPrivileged()) {
            return allow("A13", "administrators and service principals read the whole audit log");
        }
        if (scope instanceof AuditScope.OfGroup ofGroup && ofGroup.group().isOwner(actor.dn())) {
            return allow("A13", "owners read the audit entries of their group");
        }
        return refuse("A13", scope instanceof AuditScope.OfGroup
                ? "only the owners of this group and administrators can view its audit entries"
                : "only administrators can view the whole audit log");
    }

    // G3-G6: a refusal naming the reason, unless a privileged actor may still act on this kind of ineligible group.
    private Optional<Decision> ineligible(Actor actor, Action action, GroupFacts g, AdminsOnIneligible admins) {
        Eligibility eligibility = g.eligibility();
        if (eligibility.eligible()) {
            return Optional.empty();
        }
        boolean mailSystemGroup = !Eligibility.of(g.kind(), g.mailEnabled(), false, false).eligible();
        boolean adminsMay = !mailSystemGroup && switch (admins) {
            case NOBODY -> false;
            case ROLE_ASSIGNABLE -> !g.dynamic();
            case DYNAMIC_OR_ROLE_ASSIGNABLE -> true;
        };
        if (adminsMay && actor.isPrivileged()) {
            return Optional.empty();
        }
        return Optional.of(refuse(eligibility.rule().orElseThrow(),
                "you cannot " + action.description() + ": " + eligibility.reason().orElseThrow()));
    }

    // S3/S4/S5: users may not create or change a kind of group their organisation keeps to administrators.
    private Optional<Decision> closedToUsers(Actor actor, GroupKind kind, String verb) {
        if (kind == GroupKind.SECURITY && !settings.usersCanCreateSecurityGroups()) {
            return Optional.of(refuse("S3", "your organisation does not let users " + verb + " security groups; "
                    + "owners still manage members, owners and requests"));
        }
        if (kind == GroupKind.UNIFIED && !settings.usersCanCreateUnifiedGroups()) {
            Optional<String> allowedGroup = settings.unifiedGroupCreationAllowedGroup();
            if (allowedGroup.isEmpty()) {
                return Optional.of(refuse("S4", "your organisation does not let users " + verb + " unified groups; "
                        + "owners still manage members, owners and requests"));
            }
            if (!actor.isMemberOf(allowedGroup.get())) {
                return Optional.of(refuse("S5", "your organisation lets only members of " + allowedGroup.get()
                        + " " + verb + " unified groups, and you are not one of them"));
            }
        }
        return Optional.empty();
    }

    private boolean isSelectedForOwnerAssignment(Actor actor) {
        return settings.ownerAssignmentSelected().contains(actor.dn())
                || actor.groupDns().stream().anyMatch(settings.ownerAssignmentSelected()::contains);
    }

    private Decision allow(String rule, String reason) {
        return Decision.allow(rule, reason, settings.version());
    }

    private Decision refuse(String rule, String reason) {
        return Decision.refuse(rule, reason, settings.version());
    }
}
