package io.groupbridge.selfservice;

import io.groupbridge.model.Dn;
import io.groupbridge.model.MailKind;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.ActionSupport.Loaded;
import io.groupbridge.selfservice.ActionSupport.Outcome;
import io.groupbridge.selfservice.rules.Action;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.JoinOutcome;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.RequestState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Joining and leaving groups, adding and removing members and owners, and listing them (spec A2, A3, A5, A6, A9,
 * A10, P1-P3), over the {@link SelfServiceStore} port.
 *
 * <p>Membership and ownership changes are not applied to the store's copy of the directory: they are outbox rows,
 * and the directory stays the truth (R6). What a person sees and what the rules decide on is that copy with the
 * outstanding outbox rows applied, so a join is not made twice while its write-back is pending. Thread-safe if the
 * store is.
 */
public final class MembershipService {

    private final ActionSupport core;

    MembershipService(ActionSupport core) {
        this.core = core;
    }

    /**
     * A3 with P1-P3: an open group is joined at once (an auto-approved request and an add-member write-back); an
     * owner-approval group gets a pending request when {@code justification} is given (P2).
     */
    public ActionResult join(Actor actor, String groupRef, String justification) {
        String text = TextInput.text(justification, "a justification");
        // The audit names what was asked, whatever the group's policy made of it: `request` carries a justification.
        String asked = text.isEmpty() ? "join" : "request";
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Person me = core.self(tx, actor);
            boolean member = g.isMember(tx, me);
            boolean blocked = tx.isBlocked(groupId, me.dn().normalized());
            Decision decision = core.rules().decide(actor, new Action.Join(g.facts(), member, blocked,
                    actor.onPanel(), text));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, asked, g, me.dn().written(), decision);
            }
            Instant now = core.clock().instant();
            JoinOutcome outcome = decision.outcome().orElseThrow();
            if (outcome == JoinOutcome.REQUESTED) {
                Optional<JoinRequest> open = tx.pendingRequest(groupId, me.dn().normalized());
                if (open.isPresent()) {
                    return new Outcome(new ActionResult(true, false, decision.rule(), "you already asked to join '"
                            + g.group().name() + "': request " + open.get().id() + " is pending",
                            Optional.of(open.get().id()), Optional.of(groupId), List.of()));
                }
                long id = tx.insertRequest(groupId, me, text, now);
                core.audit(tx, actor, "request", g, me.dn().written(), "allowed", decision.rule(),
                        "request " + id + ": " + text);
                Notification n = new Notification(Notification.Event.REQUESTED, id, g.group().dn().written(),
                        g.group().name(),
                        me.dn().written(), Optional.of(text), me.dn().written(), Optional.empty(),
                        tx.ownerPeople(groupId).stream().map(p -> p.dn().written()).toList(), now);
                return new Outcome(ActionResult.done(decision.rule(), "request " + id + " to join '"
                        + g.group().name() + "' waits for an owner's decision", id, groupId, List.of()), List.of(n));
            }
            MembershipTerms terms = core.options().terms();
            Optional<Instant> end = terms.endOfUndecidedJoin(g.group().dn().normalized(), now);
            if (end.isEmpty() && terms.requiredFor(g.group().dn().normalized())) {
                return core.refuse(tx, actor, asked, g, me.dn().written(), Decision.refuse("T3", "memberships of this group"
                        + " need an end date and it sets no longest one to give a join; ask an owner to add you",
                        core.settingsVersion()));
            }
            long id = tx.insertRequest(groupId, me, text, now);
            tx.closeRequest(id, RequestState.APPROVED, ActionSupport.SYSTEM_ACTOR, now, decision.reason(),
                    core.settingsVersion());
            end.ifPresent(e -> tx.setMembershipEnd(groupId, me, e, ActionSupport.SYSTEM_ACTOR, now));
            long outbox = tx.enqueue(new OutboxItem(groupId, g.group().dn().written(), OutboxOperation.ADD_MEMBER,
                    me.dn().written(), null,
                    id), now);
            core.audit(tx, actor, asked, g, me.dn().written(), "allowed", decision.rule(),
                    "request " + id + " auto-approved: "
                    + decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), "joined '" + g.group().name()
                    + "'" + end.map(e -> " until " + MembershipTerms.lastDay(e)).orElse(""), id, groupId,
                    List.of(outbox)));
        });
    }

    /**
     * A5: an owner or administrator adds a person. A pending request of theirs is approved with it, which is a
     * decision (A4): only an actor who may approve that request may add the person, and the approval is audited and
     * told to the requester as {@code requests approve} does (R7). Otherwise the add is refused with the rule and
     * sentence an approval would get (S1, L3).
     */
    public ActionResult addMember(Actor actor, String groupRef, String target) {
        return addMember(actor, groupRef, target, Optional.empty());
    }

    /**
     * A5 with T1-T3: adds a person whose membership ends after {@code until} (a day, UTC), or open-ended when empty.
     * Adding someone who already is a member sets, moves or (when empty and the group needs none) clears the end of
     * their membership.
     */
    public ActionResult addMember(Actor actor, String groupRef, String target, Optional<LocalDate> until) {
        return core.run(tx -> add(tx, actor, tx.resolveGroupId(groupRef), target, until));
    }

    /**
     * B1: adds each of {@code people} as {@link #addMember(Actor, String, String, Optional)} does, with the same
     * rules, all or nothing: when any of them is refused (a rule, or a person who is not found or not one), nothing
     * is added or changed and the result lists every refusal with its rule or problem. The refusals are audited.
     *
     * @throws InvalidInputException for the group (none, deleted) or for more than {@link #MAX_BULK} people
     */
    public BulkAddResult addMembers(Actor actor, String groupRef, List<MemberToAdd> people) {
        if (people.isEmpty() || people.size() > MAX_BULK) {
            throw new InvalidInputException(InputProblem.PERSON_REQUIRED, "a list of people to add has 1 to "
                    + MAX_BULK + " people; this one has " + people.size());
        }
        List<ActionResult> rows = new ArrayList<>();
        List<BulkAddResult.Refusal> refused = new ArrayList<>();
        try {
            ActionResult summary = core.run(tx -> {
                rows.clear();
                refused.clear();
                String groupId = tx.resolveGroupId(groupRef);
                String name = core.load(tx, groupId).group().name();
                List<Long> outbox = new ArrayList<>();
                List<Notification> told = new ArrayList<>();
                for (int i = 0; i < people.size(); i++) {
                    MemberToAdd m = people.get(i);
                    try {
                        Outcome o = add(tx, actor, groupId, m.person(), m.until());
                        if (o.result().allowed()) {
                            rows.add(o.result());
                            outbox.addAll(o.result().outboxIds());
                            told.addAll(o.notifications());
                        } else {
                            refused.add(new BulkAddResult.Refusal(i + 1, m.person(), o.result().rule(),
                                    o.result().message()));
                        }
                    } catch (InvalidInputException e) {
                        if (!PERSON_PROBLEMS.contains(e.problem())) {
                            throw e;
                        }
                        refused.add(new BulkAddResult.Refusal(i + 1, m.person(), e.problem().code(), e.getMessage()));
                    }
                }
                if (!refused.isEmpty()) {
                    throw new BulkRefused();
                }
                long changed = rows.stream().filter(ActionResult::changed).count();
                return new Outcome(ActionResult.done("A5", "added or changed " + changed + " of " + people.size()
                        + " people in '" + name + "'", null, groupId, outbox), told);
            });
            return new BulkAddResult(summary, rows, List.of());
        } catch (BulkRefused e) {
            // The whole add was rolled back, the refusals' audit entries with it: they are written again here.
            String message = "nothing was added: " + refused.size() + " of " + people.size() + " people refused";
            core.store().inTransaction(tx -> {
                Loaded g = core.loadAny(tx, tx.resolveGroupId(groupRef));
                for (BulkAddResult.Refusal r : refused) {
                    core.audit(tx, actor, "add-member", g, r.person(), "refused", r.rule(), "line " + r.line()
                            + " of a list of " + people.size() + ", none added (spec B1): " + r.message());
                }
                return null;
            });
            return new BulkAddResult(ActionResult.refused("B1", message), List.of(), refused);
        }
    }

    /** The most people one {@link #addMembers} call adds. */
    public static final int MAX_BULK = 5000;

    // Problems of one person in a list, refused as a rule's refusal is; any other is the list's or the group's.
    private static final java.util.Set<InputProblem> PERSON_PROBLEMS = java.util.EnumSet.of(
            InputProblem.PERSON_REQUIRED, InputProblem.NO_SUCH_PERSON, InputProblem.AMBIGUOUS_PERSON,
            InputProblem.NOT_A_PERSON);

    /** Rolls a list's adds back when one of them was refused. */
    private static final class BulkRefused extends RuntimeException {
        BulkRefused() {
            super("a bulk add was refused", null, false, false);
        }
    }

    private Outcome add(SelfServiceStore.Tx tx, Actor actor, String groupId, String target,
            Optional<LocalDate> until) {
        Loaded g = core.load(tx, groupId);
        Person p = core.person(tx, target);
        Decision decision = core.rules().decide(actor, new Action.AddMember(g.facts(), p.dn().normalized(),
                tx.isBlocked(groupId, p.dn().normalized())));
        if (!decision.allowed()) {
            return core.refuse(tx, actor, "add-member", g, p.dn().written(), decision);
        }
        Instant now = core.clock().instant();
        Decision term = core.options().terms().check(g.group().dn().normalized(), until, now, core.settingsVersion());
        if (!term.allowed()) {
            return core.refuse(tx, actor, "add-member", g, p.dn().written(), term);
        }
        if (g.isMember(tx, p)) {
            return endOfMember(tx, actor, g, p, until, decision, now);
        }
        Optional<JoinRequest> open = tx.pendingRequest(groupId, p.dn().normalized());
        List<Notification> told = new ArrayList<>();
        if (open.isPresent()) {
            Decision approval = core.rules().decide(actor, new Action.DecideRequest(g.facts()));
            if (!approval.allowed()) {
                return core.refuse(tx, actor, "add-member", g, p.dn().written(), approval);
            }
            Optional<Outcome> lost = approveByAdding(tx, actor, g, open.get(), approval, now, told);
            if (lost.isPresent()) {
                return lost.get();
            }
        }
        long outbox = tx.enqueue(new OutboxItem(groupId, g.group().dn().written(), OutboxOperation.ADD_MEMBER,
                p.dn().written(), null,
                open.map(JoinRequest::id).orElse(null)), now);
        setEnd(tx, actor, groupId, p, until, now);
        core.audit(tx, actor, "add-member", g, p.dn().written(), "allowed", decision.rule(), decision.reason()
                + until.map(d -> "; until " + d + " (spec T1)").orElse(""));
        return new Outcome(ActionResult.done(decision.rule(), "added " + p.label() + " to '" + g.group().name()
                + "'" + until.map(d -> " until " + d).orElse("")
                + open.map(r -> ", which approves their request " + r.id()).orElse(""),
                open.map(JoinRequest::id).orElse(null), groupId, List.of(outbox)), told);
    }

    // T1: an add of a member moves the end of their membership, or clears it.
    private Outcome endOfMember(SelfServiceStore.Tx tx, Actor actor, Loaded g, Person p, Optional<LocalDate> until,
            Decision decision, Instant now) {
        Optional<Instant> had = Optional.ofNullable(tx.membershipEnds(g.group().id()).get(p.dn().normalized()));
        Optional<Instant> wanted = until.map(MembershipTerms::endOf);
        if (had.equals(wanted)) {
            return new Outcome(ActionResult.unchanged(decision.rule(), p.label() + " already is a member of '"
                    + g.group().name() + "'" + until.map(d -> " until " + d).orElse("")));
        }
        setEnd(tx, actor, g.group().id(), p, until, now);
        String said = until.map(d -> "the membership of " + p.label() + " in '" + g.group().name() + "' now ends after "
                + d).orElse("the membership of " + p.label() + " in '" + g.group().name() + "' no longer ends");
        core.audit(tx, actor, "set-membership-end", g, p.dn().written(), "allowed", "T1", said);
        return new Outcome(ActionResult.done("T1", said, null, g.group().id(), List.of()));
    }

    static void setEnd(SelfServiceStore.Tx tx, Actor actor, String groupId, Person p, Optional<LocalDate> until,
            Instant now) {
        if (until.isPresent()) {
            tx.setMembershipEnd(groupId, p, MembershipTerms.endOf(until.get()), actor.dn(), now);
        } else {
            tx.clearMembershipEnd(groupId, p.dn().normalized());
        }
    }

    // The approval half of adding a requester: closes the request, audits the decision, tells the requester (R7).
    // Empty when done; the refusal when another decision closed the request first (R1).
    private Optional<Outcome> approveByAdding(SelfServiceStore.Tx tx, Actor actor, Loaded g, JoinRequest r,
            Decision approval, Instant now, List<Notification> told) {
        String reason = "approved by adding the member";
        if (!tx.closeRequest(r.id(), RequestState.APPROVED, actor.dn(), now, reason, core.settingsVersion())) {
            RequestState won = tx.request(r.id()).orElseThrow().state();
            return Optional.of(core.refuse(tx, actor, "add-member", g, r.requester().written(), Decision.refuse("R1",
                    "request " + r.id() + " of this person was " + won.wireName() + " a moment ago; look at it"
                            + " again before adding them", core.settingsVersion())));
        }
        core.audit(tx, actor, "approve", g, r.requester().written(), "allowed", approval.rule(),
                "request " + r.id() + " " + reason + ": " + approval.reason());
        told.add(new Notification(Notification.Event.APPROVED, r.id(), g.group().dn().written(), g.group().name(),
                r.requester().written(), Optional.empty(), actor.dn(), Optional.of(reason),
                List.of(r.requester().written()), now));
        return Optional.empty();
    }

    /** A5: an owner or administrator removes a member. */
    public ActionResult removeMember(Actor actor, String groupRef, String target) {
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Person p = core.person(tx, target);
            Decision decision = core.rules().decide(actor, new Action.RemoveMember(g.facts(), p.dn().normalized()));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "remove-member", g, p.dn().written(), decision);
            }
            return removal(tx, actor, g, p, decision, "remove-member", "removed " + p.label() + " from '"
                    + g.group().name() + "'");
        });
    }

    /** A6: the actor leaves a group they are a member of. */
    public ActionResult leave(Actor actor, String groupRef) {
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Person me = core.selfAsMember(tx, actor, g);
            Decision decision = core.rules().decide(actor, new Action.Leave(g.facts()));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "leave", g, me.dn().written(), decision);
            }
            return removal(tx, actor, g, me, decision, "leave", "you left '" + g.group().name() + "'");
        });
    }

    private Outcome removal(SelfServiceStore.Tx tx, Actor actor, Loaded g, Person p, Decision decision,
            String action, String message) {
        if (!g.isMember(tx, p)) {
            return new Outcome(ActionResult.unchanged(decision.rule(), p.label() + " is not a member of '"
                    + g.group().name() + "'"));
        }
        Instant now = core.clock().instant();
        long outbox = tx.enqueue(new OutboxItem(g.group().id(), g.group().dn().written(),
                OutboxOperation.REMOVE_MEMBER, p.dn().written(),
                null, null), now);
        tx.clearMembershipEnd(g.group().id(), p.dn().normalized());
        // T6, T8: a request to extend a membership that is gone would add the person back if approved.
        Optional<JoinRequest> extension = tx.pendingRequest(g.group().id(), p.dn().normalized())
                .filter(JoinRequest::extension);
        if (extension.isPresent()) {
            tx.closeRequest(extension.get().id(), RequestState.CANCELLED, actor.dn(), now,
                    "the membership it would extend is gone", core.settingsVersion());
        }
        core.audit(tx, actor, action, g, p.dn().written(), "allowed", decision.rule(), decision.reason());
        return new Outcome(ActionResult.done(decision.rule(), message,
                null, g.group().id(), List.of(outbox)));
    }

    /**
     * T4: ends every membership whose end came, removing the member through the outbox and auditing it as
     * {@code membership-ended}. A group for which {@code limit} refuses the removals at once keeps its members for
     * now, and is reported: the next run tries again. A membership already gone (the member left, was removed, or the
     * group was deleted) only loses its end.
     *
     * @param limit the failsafe's check of a large group's member removals: why removing {@code removed} of the
     *     group's {@code stored} members is too many, if it is
     */
    public EndedMemberships endMemberships(RemovalLimit limit) {
        Instant now = core.clock().instant();
        EndedMemberships ended = core.store().inTransaction(tx -> {
            Map<String, List<MembershipEnd>> byGroup = new LinkedHashMap<>();
            for (MembershipEnd e : tx.membershipsEndedBy(now)) {
                byGroup.computeIfAbsent(e.groupId(), k -> new ArrayList<>()).add(e);
            }
            List<Long> outbox = new ArrayList<>();
            List<String> held = new ArrayList<>();
            int count = 0;
            for (Map.Entry<String, List<MembershipEnd>> group : byGroup.entrySet()) {
                Loaded g = core.loadAny(tx, group.getKey());
                List<MembershipEnd> due = new ArrayList<>();
                for (MembershipEnd e : group.getValue()) {
                    if (!g.group().deleted() && g.isMember(tx, new Person(new Dn(e.memberDn(), e.memberDnNorm()),
                            null, null))) {
                        due.add(e);
                    } else {
                        tx.clearMembershipEnd(e.groupId(), e.memberDnNorm());
                    }
                }
                if (due.isEmpty()) {
                    continue;
                }
                Optional<String> tooMany = limit.refuses(g.group().dn().written(), tx.members(g.group().id()).size(), due.size());
                if (tooMany.isPresent()) {
                    held.add(tooMany.get());
                    continue;
                }
                for (MembershipEnd e : due) {
                    outbox.add(tx.enqueue(new OutboxItem(g.group().id(), g.group().dn().written(),
                            OutboxOperation.REMOVE_MEMBER, e.memberDn(), null, null), now));
                    tx.clearMembershipEnd(e.groupId(), e.memberDnNorm());
                    tx.audit(new AuditRecord(null, now, ActionSupport.SYSTEM_ACTOR, "membership-ended", g.group().id(),
                            g.group().dn().written(), e.memberDn(), "done", "T4", "the membership ended after "
                            + MembershipTerms.lastDay(e.endsAt()), core.settingsVersion()));
                    count++;
                }
            }
            return new EndedMemberships(count, outbox, held);
        });
        if (!ended.outboxIds().isEmpty()) {
            core.outboxWritten();
        }
        return ended;
    }

    /**
     * T7: queues a reminder to the member and to each owner of every membership that ends within the conf's
     * {@code governance.membership.remindBefore}, once per end date, in one transaction with the marks that say so.
     * Nothing while mail is off (M1). A membership already gone, or of a deleted group, is not reminded of.
     *
     * @return how many memberships were reminded of
     */
    public int remindEndingMemberships() {
        MailNotices mail = core.options().mail();
        if (!mail.enabled()) {
            return 0;
        }
        Instant now = core.clock().instant();
        return core.store().inTransaction(tx -> {
            int reminded = 0;
            for (MembershipEnd e : tx.membershipEndsToRemind(now, now.plus(mail.remindBefore()))) {
                Loaded g = core.loadAny(tx, e.groupId());
                Dn member = new Dn(e.memberDn(), e.memberDnNorm());
                tx.markEndReminded(e.groupId(), e.memberDnNorm(), now);
                if (g.group().deleted() || !g.isMember(tx, new Person(member, null, null))) {
                    continue;
                }
                String name = g.nameOnceWritten();
                tx.enqueueMail(new MailItem(MailKind.MEMBERSHIP_ENDING, member, g.group().id(), name, null, member,
                        null, null, null, e.endsAt()), now);
                for (Person owner : tx.ownerPeople(g.group().id())) {
                    tx.enqueueMail(new MailItem(MailKind.MEMBERSHIP_ENDING_OWNER, owner.dn(), g.group().id(), name,
                            null, member, null, null, null, e.endsAt()), now);
                }
                reminded++;
            }
            return reminded;
        });
    }

    /** The failsafe's limit on a large group's member removals, as {@code endMemberships} asks it. */
    @FunctionalInterface
    public interface RemovalLimit {
        /** Why removing {@code removed} of the group's {@code stored} members at once is too many, if it is. */
        Optional<String> refuses(String groupDn, int stored, int removed);

        /** No limit. */
        RemovalLimit NONE = (dn, stored, removed) -> Optional.empty();
    }

    /**
     * What one run of {@link #endMemberships} did.
     *
     * @param ended     memberships removed (queued for the directory)
     * @param outboxIds the rows that remove them
     * @param held      why each group the failsafe held back was held
     */
    public record EndedMemberships(int ended, List<Long> outboxIds, List<String> held) {
        public EndedMemberships {
            outboxIds = List.copyOf(outboxIds);
            held = List.copyOf(held);
        }
    }

    /** A9 with S6: an owner or administrator makes a person an owner. */
    public ActionResult addOwner(Actor actor, String groupRef, String target) {
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Person p = core.person(tx, target);
            Decision decision = core.rules().decide(actor, new Action.AddOwner(g.facts(), p.dn().normalized(),
                    g.isMember(tx,
                    p)));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "add-owner", g, p.dn().written(), decision);
            }
            if (g.facts().isOwner(p.dn().normalized())) {
                return new Outcome(ActionResult.unchanged(decision.rule(), p.label() + " already owns '"
                        + g.group().name() + "'"));
            }
            Instant now = core.clock().instant();
            long outbox = tx.enqueue(new OutboxItem(groupId, g.group().dn().written(), OutboxOperation.ADD_OWNER,
                    p.dn().written(), null,
                    null), now);
            core.audit(tx, actor, "add-owner", g, p.dn().written(), "allowed", decision.rule(), decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), p.label() + " now owns '" + g.group().name()
                    + "'", null, groupId, List.of(outbox)));
        });
    }

    /** A10: an owner or administrator removes an owner; owners never remove the last one. */
    public ActionResult removeOwner(Actor actor, String groupRef, String target) {
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Person p = core.person(tx, target);
            if (!g.facts().isOwner(p.dn().normalized())) {
                throw new InvalidInputException(InputProblem.NOT_AN_OWNER,
                        p.label() + " does not own '" + g.group().name() + "'");
            }
            Decision decision = core.rules().decide(actor, new Action.RemoveOwner(g.facts(), p.dn().normalized()));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "remove-owner", g, p.dn().written(), decision);
            }
            Instant now = core.clock().instant();
            long outbox = tx.enqueue(new OutboxItem(groupId, g.group().dn().written(), OutboxOperation.REMOVE_OWNER,
                    p.dn().written(),
                    null, null), now);
            core.audit(tx, actor, "remove-owner", g, p.dn().written(), "allowed", decision.rule(), decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), p.label() + " no longer owns '" + g.group().name()
                    + "'", null, groupId, List.of(outbox)));
        });
    }

    /** A2: the members, each with its write-back status (R6); refused for people who neither own nor belong. */
    public Listing<MembershipEntry> members(Actor actor, String groupRef) {
        return members(actor, groupRef, tx -> tx.members(tx.resolveGroupId(groupRef)), true, true);
    }

    /**
     * One page of {@link #members(Actor, String)}, in the same order, for a group too large to show whole: the
     * stored members from {@code offset}, each with its write-back status; members still being added show on the
     * first page only.
     */
    public Listing<MembershipEntry> members(Actor actor, String groupRef, int offset, int limit) {
        return members(actor, groupRef, tx -> tx.members(tx.resolveGroupId(groupRef), offset, limit), offset <= 0,
                true);
    }

    /**
     * The same page as {@link #members(Actor, String, int, int)}, for a page that shows the group and its members
     * where A2 lets the actor see them: a refusal there is the page's sentence, not a read the actor asked for, so
     * it is not audited. The reads of the API and the command line, which ask for the members, are.
     */
    public Listing<MembershipEntry> membersShown(Actor actor, String groupRef, int offset, int limit) {
        return members(actor, groupRef, tx -> tx.members(tx.resolveGroupId(groupRef), offset, limit), offset <= 0,
                false);
    }

    private Listing<MembershipEntry> members(Actor actor, String groupRef,
            Function<SelfServiceStore.Tx, List<String>> stored, boolean withAdded, boolean audited) {
        return core.store().inTransaction(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.loadAny(tx, groupId);
            Optional<Decision> refusal = refusedMembers(tx, actor, g, audited);
            if (refusal.isPresent()) {
                return Listing.<MembershipEntry>refused(refusal.get());
            }
            Map<String, Instant> ends = tx.membershipEnds(groupId);
            return Listing.of(core.entries(g, stored.apply(tx), OutboxOperation.ADD_MEMBER,
                    OutboxOperation.REMOVE_MEMBER, withAdded).stream()
                    .map(e -> e.endingAt(Optional.ofNullable(ends.get(core.normalized(e.dn()))))).toList());
        });
    }

    /**
     * B3: one page of the people who are members of the group through a nested group and not directly, each with
     * the group they come through, for those A2 lets see the members. They are shown only: the rules count direct
     * members alone (B3), so none of them may leave, and each may still join or ask to.
     */
    public EffectiveMembers effectiveMembers(Actor actor, String groupRef, int offset, int limit) {
        return core.store().inTransaction(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Optional<Decision> refusal = refusedMembers(tx, actor, core.loadAny(tx, groupId), true);
            if (refusal.isPresent()) {
                return new EffectiveMembers(refusal, List.of(), 0);
            }
            SelfServiceStore.EffectivePage page = tx.effectiveMembers(groupId, offset, limit);
            return new EffectiveMembers(Optional.empty(), page.items(), page.total());
        });
    }

    // A2, audited when refused and asked to: an effective member is no member here either (B3).
    private Optional<Decision> refusedMembers(SelfServiceStore.Tx tx, Actor actor, Loaded g, boolean audited) {
        boolean member = actor.isServicePrincipal() ? false : g.isMember(tx, core.self(tx, actor));
        Decision decision = core.rules().decide(actor, new Action.SeeMembers(g.facts(), member));
        if (decision.allowed()) {
            return Optional.empty();
        }
        if (audited) {
            core.refuse(tx, actor, "view-members", g, null, decision);
        }
        return Optional.of(decision);
    }

    /** The owners with their write-back status; anyone may see them, since they are whom to ask (A1). */
    public List<MembershipEntry> owners(String groupRef) {
        return core.store().inTransaction(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.loadAny(tx, groupId);
            List<String> directory = tx.ownerPeople(groupId).stream().map(p -> p.dn().written()).toList();
            return core.entries(g, directory, OutboxOperation.ADD_OWNER, OutboxOperation.REMOVE_OWNER);
        });
    }
}
