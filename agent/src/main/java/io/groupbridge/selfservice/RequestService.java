package io.groupbridge.selfservice;

import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.ActionSupport.Loaded;
import io.groupbridge.selfservice.ActionSupport.Outcome;
import io.groupbridge.selfservice.rules.Action;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.RequestEvent;
import io.groupbridge.selfservice.rules.RequestState;
import io.groupbridge.selfservice.rules.RequestTransition;
import io.groupbridge.selfservice.rules.RequestTransitions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deciding, cancelling, expiring and listing join requests (spec A4, A14, R1-R4), over the {@link SelfServiceStore}
 * port. Notifications (R7) go out only after the transaction committed, so nobody is told of a request that was
 * rolled back. Thread-safe if the store is.
 */
public final class RequestService {

    private final ActionSupport core;

    RequestService(ActionSupport core) {
        this.core = core;
    }

    /** R2: the requester withdraws their pending request. */
    public ActionResult cancelRequest(Actor actor, long requestId) {
        return core.run(tx -> {
            JoinRequest r = tx.request(requestId).orElseThrow(() -> core.unknownRequest(requestId));
            Loaded g = core.loadAny(tx, r.groupId());
            RequestTransition t = RequestTransitions.apply(r.state(),
                    RequestEvent.cancelByRequester(r.requester().normalized(), actor.dn()));
            return closeByPerson(tx, actor, r, g, t, RequestState.CANCELLED, "cancel-request", null,
                    Optional.empty());
        });
    }

    /**
     * T6: a member whose membership ends asks the owners to let it end after {@code until} instead, a day in UTC.
     * The request is decided as a join request is (A4, R1); asking is each member's own, as leaving is (A6). Refused
     * naming T6 when the membership has no end or {@code until} does not come after it, and naming T2 when the
     * group's maximum would refuse the approval anyway, so that nobody waits for a decision that cannot be given.
     */
    public ActionResult askToExtend(Actor actor, String groupRef, LocalDate until, String justification) {
        String text = TextInput.text(justification, "a justification");
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Person me = core.selfAsMember(tx, actor, g);
            Instant now = core.clock().instant();
            Instant ends = tx.membershipEnds(groupId).get(me.dn().normalized());
            if (ends == null) {
                return core.refuse(tx, actor, "request-extension", g, me.dn().written(), Decision.refuse("T6",
                        "your membership of '" + g.group().name() + "' does not end; there is nothing to extend",
                        core.settingsVersion()));
            }
            LocalDate last = MembershipTerms.lastDay(ends);
            if (!until.isAfter(last)) {
                return core.refuse(tx, actor, "request-extension", g, me.dn().written(), Decision.refuse("T6",
                        "an extension must end after " + last + ", the last day of your membership now",
                        core.settingsVersion()));
            }
            Decision term = core.options().terms().check(g.group().dn().normalized(), Optional.of(until), now,
                    core.settingsVersion());
            if (!term.allowed()) {
                return core.refuse(tx, actor, "request-extension", g, me.dn().written(), term);
            }
            Optional<JoinRequest> open = tx.pendingRequest(groupId, me.dn().normalized());
            if (open.isPresent()) {
                return new Outcome(new ActionResult(true, false, "T6", "you already asked: request " + open.get().id()
                        + " is pending", Optional.of(open.get().id()), Optional.of(groupId), List.of()));
            }
            long id = tx.insertExtensionRequest(groupId, me, text, MembershipTerms.endOf(until), now);
            core.audit(tx, actor, "request-extension", g, me.dn().written(), "allowed", "T6", "request " + id
                    + ": until " + until + (text.isEmpty() ? "" : ": " + text));
            Notification n = new Notification(Notification.Event.REQUESTED, id, g.group().dn().written(),
                    g.group().name(), me.dn().written(), Optional.of("to extend the membership until " + until
                    + (text.isEmpty() ? "" : ": " + text)), me.dn().written(), Optional.empty(),
                    tx.ownerPeople(groupId).stream().map(p -> p.dn().written()).toList(), now);
            return new Outcome(ActionResult.done("T6", "request " + id + " to extend your membership of '"
                    + g.group().name() + "' until " + until + " waits for an owner's decision", id, groupId,
                    List.of()), List.of(n));
        });
    }

    /**
     * A4 and R1: an owner (if S1 and L3 allow) or an administrator approves or denies; the first decision wins and
     * repeating it changes nothing. Approval writes the member back through the outbox (R6).
     *
     * @param reason required for a denial, optional for an approval
     */
    public ActionResult decide(Actor actor, long requestId, boolean approve, String reason) {
        return decide(actor, requestId, approve, reason, Optional.empty());
    }

    /**
     * As {@link #decide(Actor, long, boolean, String)}, an approval giving the membership an end (spec T1-T3):
     * after {@code until}, a day in UTC, or none when empty.
     *
     * @throws InvalidInputException when a denial carries an end date
     */
    public ActionResult decide(Actor actor, long requestId, boolean approve, String reason,
            Optional<LocalDate> until) {
        if (!approve && until.isPresent()) {
            throw new InvalidInputException(InputProblem.NOTHING_TO_CHANGE, "only an approval takes an end date");
        }
        String why = TextInput.text(reason, "a reason");
        if (!approve && why.isEmpty()) {
            throw new InvalidInputException(InputProblem.REASON_REQUIRED,
                    "a denial needs a reason the requester can read");
        }
        return core.run(tx -> {
            JoinRequest r = tx.request(requestId).orElseThrow(() -> core.unknownRequest(requestId));
            Loaded g = core.loadAny(tx, r.groupId());
            String action = approve ? "approve" : "deny";
            Decision decision = core.rules().decide(actor, new Action.DecideRequest(g.facts()));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, action, g, r.requester().written(), decision);
            }
            // T6: an extension approved without a day of the owner's ends on the day the member asked for.
            Optional<LocalDate> end = until.isPresent() || !approve ? until
                    : r.wantedEnd().map(MembershipTerms::lastDay);
            if (approve && r.state() == RequestState.PENDING) {
                Decision term = core.options().terms().check(g.group().dn().normalized(), end, core.clock().instant(),
                        core.settingsVersion());
                if (!term.allowed()) {
                    return core.refuse(tx, actor, action, g, r.requester().written(), term);
                }
            }
            RequestTransition t = RequestTransitions.apply(r.state(),
                    approve ? RequestEvent.approve() : RequestEvent.deny());
            return closeByPerson(tx, actor, r, g, t, approve ? RequestState.APPROVED : RequestState.DENIED, action,
                    why.isEmpty() ? null : why, end);
        });
    }

    private Outcome closeByPerson(SelfServiceStore.Tx tx, Actor actor, JoinRequest r, Loaded g, RequestTransition t,
            RequestState target, String action, String reason, Optional<LocalDate> until) {
        if (!t.allowed()) {
            return core.refuse(tx, actor, action, g, r.requester().written(), Decision.refuse(t.rule(), t.reason(),
                    core.settingsVersion()));
        }
        if (!t.changed()) {
            return new Outcome(new ActionResult(true, false, t.rule(), "request " + r.id() + " was already "
                    + r.state().wireName() + "; nothing changed", Optional.of(r.id()), Optional.of(g.group().id()),
                    List.of()));
        }
        Instant now = core.clock().instant();
        String stored = reason != null ? reason : t.reason();
        if (!tx.closeRequest(r.id(), target, actor.dn(), now, stored, core.settingsVersion())) {
            // Another decision committed between our read and our update: the first decision wins (R1).
            RequestState won = tx.request(r.id()).orElseThrow().state();
            return core.refuse(tx, actor, action, g, r.requester().written(), Decision.refuse("R1",
                    "this request was already " + won.wireName(), core.settingsVersion()));
        }
        List<Long> outbox = new ArrayList<>();
        if (target == RequestState.APPROVED) {
            Person requester = new Person(r.requester(), null, null);
            if (!g.isMember(tx, requester)) {
                outbox.add(tx.enqueue(new OutboxItem(g.group().id(), g.group().dn().written(),
                        OutboxOperation.ADD_MEMBER,
                        r.requester().written(), null, r.id()), now));
            }
            MembershipService.setEnd(tx, actor, g.group().id(), requester, until, now);
        }
        core.audit(tx, actor, action, g, r.requester().written(), "allowed", t.rule(), "request " + r.id() + " " + t.reason()
                + (reason != null ? ": " + reason : "") + until.map(d -> "; until " + d + " (spec T1)").orElse("")
                + (r.extension() ? "; an extension (spec T6)" : ""));
        Notification.Event event = switch (target) {
            case APPROVED -> Notification.Event.APPROVED;
            case DENIED -> Notification.Event.DENIED;
            default -> Notification.Event.CANCELLED;
        };
        List<String> recipients = target == RequestState.CANCELLED
                ? tx.ownerPeople(g.group().id()).stream().map(p -> p.dn().written()).toList()
                : List.of(r.requester().written());
        Notification n = new Notification(event, r.id(), g.group().dn().written(), g.group().name(), r.requester().written(),
                Optional.empty(), actor.dn(), Optional.ofNullable(reason), recipients, now);
        String what = "request " + r.id() + " " + target.wireName() + until.map(d -> ", membership until " + d)
                .orElse("");
        return new Outcome(ActionResult.done(t.rule(), what, r.id(), g.group().id(), outbox), List.of(n));
    }

    /**
     * R4: expires pending requests older than the conf's {@code requests.expireAfter}. The daemon calls it each cycle;
     * listings call it first, so nobody acts on a request that should be gone.
     *
     * @return how many requests expired
     */
    public int expireRequests() {
        Instant now = core.clock().instant();
        List<Notification> told = new ArrayList<>();
        core.store().inTransaction(tx -> {
            for (JoinRequest r : tx.pendingRequestsCreatedBefore(now.minus(core.options().expireAfter()))) {
                if (RequestTransitions.isExpired(r.createdAt(), now, core.options().expireAfter())) {
                    told.add(core.sweep(tx, r, RequestEvent.expire(), core.loadAny(tx, r.groupId()),
                            ActionSupport.SYSTEM_ACTOR, now));
                }
            }
            return null;
        });
        told.forEach(core.notifications()::send);
        return told.size();
    }

    /**
     * Join requests the actor may see (A4, A14): administrators and service principals see every request; others see
     * the requests of groups they own plus their own. Expired requests are swept first (R4).
     *
     * @param groupRef    only this group, may be {@code null}; a person who does not own it is refused
     * @param pendingOnly only pending requests
     */
    /**
     * The actor's own pending request to join one group, if any, for the group's page: the one row, without listing
     * every request the actor may see (A4). Expired requests are swept first (R4).
     */
    public Optional<JoinRequest> myPendingRequest(Actor actor, String groupRef) {
        if (actor.isServicePrincipal()) {
            return Optional.empty();
        }
        expireRequests();
        return core.store().inTransaction(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            return groupId == null ? Optional.<JoinRequest>empty() : tx.pendingRequest(groupId, actor.dn());
        });
    }

    public Listing<JoinRequest> requests(Actor actor, String groupRef, boolean pendingOnly) {
        expireRequests();
        return core.store().inTransaction(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            if (groupId != null) {
                Loaded g = core.loadAny(tx, groupId);
                if (!actor.isPrivileged() && !g.facts().isOwner(actor.dn())) {
                    Decision refusal = Decision.refuse("A14", "only the owners of this group and administrators can"
                            + " see its requests", core.settingsVersion());
                    core.refuse(tx, actor, "view-requests", g, null, refusal);
                    return Listing.<JoinRequest>refused(refusal);
                }
                return Listing.of(tx.requests(new SelfServiceStore.RequestFilter(Set.of(groupId), null, pendingOnly,
                        false)));
            }
            if (actor.isPrivileged()) {
                return Listing.of(tx.requests(new SelfServiceStore.RequestFilter(Set.of(), null, pendingOnly, false)));
            }
            Person me = core.self(tx, actor);
            Set<String> owned = new HashSet<>();
            for (StoredGroup group : tx.groupsInvolving(me.dn().normalized(), me.dn().written())) {
                if (core.loadAny(tx, group.id()).facts().isOwner(me.dn().normalized())) {
                    owned.add(group.id());
                }
            }
            return Listing.of(tx.requests(new SelfServiceStore.RequestFilter(owned, me.dn().normalized(), pendingOnly,
                    true)));
        });
    }
}
