package io.groupbridge.selfservice;

import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.ActionSupport.Loaded;
import io.groupbridge.selfservice.rules.Action;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.selfservice.rules.AuditScope;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.GroupFacts;
import io.groupbridge.selfservice.rules.TenantSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a signed-in actor is and may see beside groups and requests: the actor behind a proven identity (A16), the
 * groups they are in, the audit log (A13), access to the write-back outbox (W3) and the tenant settings in force.
 * Thread-safe if the store is.
 */
public final class SelfServiceViews {

    /*
     * Every request of a signed-in person needs their actor, and reading it (their groups, nested ones included) was a
     * quarter of a loaded panel's CPU (issue 12, point 6). An actor is used again while this process has committed no
     * change to memberships since it was read; another process's reconcile (a second agent on the same PostgreSQL,
     * a command line's run against the daemon's store) is seen within this time. A role removed in the directory
     * already waits for the next reconcile, every minute by default, so this adds little to that wait.
     */
    static final Duration ACTOR_TRUSTED_FOR = Duration.ofSeconds(10);
    // Far more people than sign in at once; past it the map starts again rather than grow with every sign-in.
    private static final int MAX_KNOWN_ACTORS = 10_000;

    private final ActionSupport core;
    private final ConcurrentHashMap<String, KnownActor> actors = new ConcurrentHashMap<>();

    SelfServiceViews(ActionSupport core) {
        this.core = core;
    }

    public TenantSettings settings() {
        return core.options().settings();
    }

    /**
     * The actor behind a proven identity (spec A16): roles and licence come from membership, nested included, of the
     * conf's role and licence groups as the store last reconciled them. Pending write-backs grant nothing.
     */
    public Actor actorFor(String dn, ActorKind kind) {
        String dnNorm = core.names().normalize(dn).orElseThrow(() -> new IllegalArgumentException("not a DN: " + dn));
        if (kind == ActorKind.SERVICE_PRINCIPAL) {
            return Actor.servicePrincipal(dnNorm);
        }
        // Read before the memberships: a change committed while they are read makes the next call read them again.
        long revision = core.store().membershipRevision();
        Instant now = core.clock().instant();
        KnownActor known = actors.get(dnNorm);
        if (known != null && !now.isAfter(known.readAt().plus(ACTOR_TRUSTED_FOR)) && !now.isBefore(known.readAt())
                && core.store().membershipsUnchangedSince(known.revision(), dnNorm, known.actor().groupDns())) {
            return known.actor();
        }
        Set<String> groups = core.store().inTransaction(tx -> nestedGroups(tx, dnNorm));
        Set<AdminRole> roles = EnumSet.noneOf(AdminRole.class);
        core.options().roleGroups().forEach((role, groupDn) -> {
            if (groups.contains(groupDn)) {
                roles.add(role);
            }
        });
        Actor actor = new Actor(dnNorm, ActorKind.PERSON, roles, groups);
        if (actors.size() >= MAX_KNOWN_ACTORS) {
            actors.clear();
        }
        actors.put(dnNorm, new KnownActor(actor, revision, now));
        return actor;
    }

    /** An actor as read at a membership revision, at a time. */
    private record KnownActor(Actor actor, long revision, Instant readAt) {
    }

    private static Set<String> nestedGroups(SelfServiceStore.Tx tx, String dnNorm) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> frontier = Set.of(dnNorm);
        while (!frontier.isEmpty()) {
            Set<String> next = new HashSet<>(tx.groupsListing(frontier));
            next.removeAll(all);
            next.remove(dnNorm);
            all.addAll(next);
            frontier = next;
        }
        return all;
    }

    /**
     * The latest rename of the group the directory has not confirmed (R6): pending, or parked as failed with the
     * error in the outbox; empty when there is none. Until it is confirmed the group keeps its name everywhere.
     */
    public Optional<PendingWrite> pendingRename(String groupRef) {
        return core.store().inTransaction(tx -> core.loadAny(tx, tx.resolveGroupId(groupRef)).pending().stream()
                .filter(w -> w.operation() == OutboxOperation.RENAME_GROUP).reduce((first, last) -> last));
    }

    /**
     * What a group's page may offer the actor, asked of the rules with the facts the actions use (pending owner
     * write-backs applied). Asking audits nothing; the actions audit what is then tried.
     */
    public GroupOffers offers(Actor actor, String groupRef) {
        return core.store().inTransaction(tx -> {
            Loaded g = core.loadAny(tx, tx.resolveGroupId(groupRef));
            GroupFacts facts = g.facts();
            Set<String> removable = new HashSet<>();
            for (MembershipEntry owner : core.entries(g,
                    tx.ownerPeople(g.group().id()).stream().map(p -> p.dn().written())
                    .toList(), OutboxOperation.ADD_OWNER, OutboxOperation.REMOVE_OWNER)) {
                String norm = core.normalized(owner.dn());
                if (facts.isOwner(norm) && core.rules().decide(actor, new Action.RemoveOwner(facts, norm)).allowed()) {
                    removable.add(owner.dn());
                }
            }
            List<JoinPolicy> policies = new ArrayList<>();
            Decision editPolicy = null;
            for (JoinPolicy policy : JoinPolicy.values()) {
                Decision d = core.rules().decide(actor, new Action.EditGroup(facts, Optional.of(policy)));
                if (d.allowed()) {
                    policies.add(policy);
                }
                if (editPolicy == null || d.allowed() && !editPolicy.allowed()) {
                    editPolicy = d;
                }
            }
            return new GroupOffers(core.rules().decide(actor, new Action.AddMember(facts, "", false)),
                    core.rules().decide(actor, new Action.RemoveMember(facts, "")),
                    core.rules().decide(actor, new Action.AddOwner(facts, "", true)),
                    core.rules().decide(actor, new Action.AddOwner(facts, "", false)), removable, policies,
                    editPolicy, core.rules().decide(actor, new Action.BlockUser(facts, "")));
        });
    }

    /** Groups the actor is a member or owner of, nested membership not included, with write-back status. */
    public List<MyGroup> myGroups(Actor actor) {
        try {
            return readMyGroups(actor);
        } catch (InvalidInputException e) {
            if (e.problem() != InputProblem.NO_SUCH_GROUP) {
                throw e;
            }
            // A new group's write-back retires its provisional row when it commits, which a read committed listing
            // can see between finding the row and loading it; read again, and find it under the directory's id.
            return readMyGroups(actor);
        }
    }

    private List<MyGroup> readMyGroups(Actor actor) {
        return core.store().inTransaction(tx -> {
            Person me = core.self(tx, actor);
            List<MyGroup> result = new ArrayList<>();
            for (StoredGroup group : tx.groupsInvolving(me.dn().normalized(), me.dn().written())) {
                mine(tx, me, core.loadAny(tx, group.id())).ifPresent(result::add);
            }
            return result;
        });
    }

    /**
     * The actor's membership and ownership of one group, as {@link #myGroups} has them, for a group's page: without
     * looking at every other group the actor is in. Empty when the actor is neither, or is not a stored person.
     */
    public Optional<MyGroup> myGroup(Actor actor, String groupRef) {
        if (actor.isServicePrincipal()) {
            return Optional.empty();
        }
        return core.store().inTransaction(tx -> {
            Optional<Person> me = tx.person(actor.dn());
            if (me.isEmpty()) {
                return Optional.<MyGroup>empty();
            }
            return mine(tx, me.get(), core.loadAny(tx, tx.resolveGroupId(groupRef)));
        });
    }

    private Optional<MyGroup> mine(SelfServiceStore.Tx tx, Person me, Loaded g) {
        String id = g.group().id();
        Optional<MembershipEntry> member = find(core.entries(g, tx.isMember(id, me.dn().normalized()) ? List.of(me.dn().written())
                : List.of(), OutboxOperation.ADD_MEMBER, OutboxOperation.REMOVE_MEMBER), me);
        Optional<MembershipEntry> owner = find(core.entries(g, tx.owners(id).contains(me.dn().normalized())
                ? List.of(me.dn().written()) : List.of(), OutboxOperation.ADD_OWNER, OutboxOperation.REMOVE_OWNER), me);
        if (member.isEmpty() && owner.isEmpty()) {
            return Optional.empty();
        }
        Instant ends = member.isPresent() ? tx.membershipEnds(id).get(me.dn().normalized()) : null;
        return Optional.of(new MyGroup(g.group(), owner.isPresent(), owner.map(MembershipEntry::status).orElse(""),
                member.isPresent(), member.map(MembershipEntry::status).orElse(""), ends));
    }

    private Optional<MembershipEntry> find(List<MembershipEntry> entries, Person me) {
        return entries.stream().filter(e -> core.normalized(e.dn()).equals(me.dn().normalized())).findFirst();
    }

    /** A13: the audit log within the actor's scope: everything for administrators, a group's entries for its owners,
     * otherwise the actor's own actions. */
    public Listing<AuditRecord> audit(Actor actor, String groupRef, Instant since, int limit) {
        return core.store().inTransaction(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            AuditScope scope;
            Loaded g = null;
            if (groupId != null) {
                g = core.loadAny(tx, groupId);
                scope = new AuditScope.OfGroup(g.facts());
            } else {
                scope = actor.isPrivileged() ? new AuditScope.Everything() : new AuditScope.OwnActions();
            }
            Decision decision = core.rules().decide(actor, new Action.ViewAudit(scope));
            if (!decision.allowed()) {
                core.refuse(tx, actor, "view-audit", g, null, decision);
                return Listing.<AuditRecord>refused(decision);
            }
            String onlyActor = scope instanceof AuditScope.OwnActions ? actor.dn() : null;
            return Listing.of(tx.auditEntries(new SelfServiceStore.AuditFilter(groupId, onlyActor, since, limit)));
        });
    }

    /**
     * Whether the actor may see the write-back outbox or, with {@code retry}, send its parked rows again (spec W3):
     * administrators and service principals only, see {@link Action.UseOutbox}. A refusal is audited.
     */
    public Decision outboxAccess(Actor actor, boolean retry) {
        Decision decision = core.rules().decide(actor, new Action.UseOutbox(retry));
        if (!decision.allowed()) {
            core.store().inTransaction(tx -> core.refuse(tx, actor, retry ? "retry-outbox" : "view-outbox", null, null,
                    null,
                    decision));
        }
        return decision;
    }
}
