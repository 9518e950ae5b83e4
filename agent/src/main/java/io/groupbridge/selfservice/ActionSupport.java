package io.groupbridge.selfservice;

import io.groupbridge.model.Dn;
import io.groupbridge.model.MailKind;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.GroupFacts;
import io.groupbridge.selfservice.rules.RequestEvent;
import io.groupbridge.selfservice.rules.RequestState;
import io.groupbridge.selfservice.rules.RequestTransition;
import io.groupbridge.selfservice.rules.RequestTransitions;
import io.groupbridge.selfservice.rules.Rules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the self-service use cases ({@link GroupService}, {@link MembershipService}, {@link RequestService},
 * {@link SelfServiceViews}) share: the ports and the conf they decide with, one transaction per action with its
 * write-back trigger and notifications after the commit, a group as the rules see it once its outstanding write-backs
 * apply, the lookup of people, and refusal and audit entries. Package-private, so no surface reaches past the
 * services.
 */
final class ActionSupport {

    /** The actor name the audit log and decided-by show for decisions groupbridge takes itself (expiry, P1). */
    static final String SYSTEM_ACTOR = "groupbridge";

    private final SelfServiceStore store;
    private final DirectoryNames names;
    private final SelfServiceOptions options;
    private final Rules rules;
    private final NotificationSink notifications;
    private final Runnable outboxWritten;
    private final Clock clock;
    private final PersonAttributes attributes;

    /**
     * @param outboxWritten run after every action whose committed transaction added write-back rows, so that the
     *     caller can send them at once rather than at the next scheduled write-back; must not throw
     */
    ActionSupport(SelfServiceStore store, DirectoryNames names, SelfServiceOptions options,
            NotificationSink notifications, Runnable outboxWritten, Clock clock, PersonAttributes attributes) {
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.store = Objects.requireNonNull(store, "store");
        this.names = Objects.requireNonNull(names, "names");
        this.options = Objects.requireNonNull(options, "options");
        this.rules = new Rules(options.settings());
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.outboxWritten = Objects.requireNonNull(outboxWritten, "outboxWritten");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    SelfServiceStore store() {
        return store;
    }

    DirectoryNames names() {
        return names;
    }

    SelfServiceOptions options() {
        return options;
    }

    Rules rules() {
        return rules;
    }

    NotificationSink notifications() {
        return notifications;
    }

    Clock clock() {
        return clock;
    }

    /** Tells the caller write-back rows were committed outside {@link #run}. */
    void outboxWritten() {
        outboxWritten.run();
    }

    PersonAttributes attributes() {
        return attributes;
    }

    // Closes a request for a system reason (R3, R4, P5), audits it, and returns the notification to send.
    Notification sweep(SelfServiceStore.Tx tx, JoinRequest r, RequestEvent event, Loaded g, String by,
            Instant now) {
        RequestTransition t = RequestTransitions.apply(r.state(), event);
        tx.closeRequest(r.id(), t.state(), by, now, t.reason(), settingsVersion());
        tx.audit(new AuditRecord(null, now, by, "request-" + t.state().wireName(), g.group().id(),
                g.group().dn().written(),
                r.requester().written(), "done", t.rule(), "request " + r.id() + " " + t.reason(), settingsVersion()));
        return new Notification(t.state() == RequestState.EXPIRED ? Notification.Event.EXPIRED
                : Notification.Event.CANCELLED, r.id(), g.group().dn().written(), g.group().name(),
                r.requester().written(), Optional.empty(), by, Optional.of(t.reason()),
                List.of(r.requester().written()), now);
    }

    /**
     * The people who hold an administrator role (spec A), through membership, nested included, of the conf's role
     * groups as the store holds them: whom E2's and V7's work goes to when a group has no owner. Ordered by role
     * group, each person once.
     */
    List<Person> administrators(SelfServiceStore.Tx tx) {
        Map<String, Person> people = new LinkedHashMap<>();
        Set<String> seenGroups = new HashSet<>();
        List<String> frontier = new ArrayList<>(new LinkedHashSet<>(options.roleGroups().values()));
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String groupDnNorm : frontier) {
                if (!seenGroups.add(groupDnNorm)) {
                    continue;
                }
                for (StoredGroup g : tx.groupsNamedOrAt(null, groupDnNorm)) {
                    if (g.deleted()) {
                        continue;
                    }
                    for (String member : tx.members(g.id())) {
                        String norm = normalized(member);
                        Optional<Person> p = tx.person(norm);
                        if (p.isPresent()) {
                            people.putIfAbsent(norm, p.get());
                        } else {
                            next.add(norm);
                        }
                    }
                }
            }
            frontier = next;
        }
        return List.copyOf(people.values());
    }

    // A group still being created has its first owners and members only in its create-group write-back. A parked
    // add is shown unless the directory holds the value anyway, so a refused change does not vanish from sight.
    List<MembershipEntry> entries(Loaded g, List<String> stored, OutboxOperation add, OutboxOperation remove) {
        return entries(g, stored, add, remove, true);
    }

    /** @param withAdded whether values being added that {@code stored} lacks are listed too, not only its own */
    List<MembershipEntry> entries(Loaded g, List<String> stored, OutboxOperation add, OutboxOperation remove,
            boolean withAdded) {
        String storedStatus = g.group().creating() ? g.pending().stream()
                .filter(w -> w.operation() == OutboxOperation.CREATE_GROUP).reduce((first, last) -> last)
                .map(w -> w.status() + " (new group, outbox " + w.id() + ")").orElse("pending write-back (new group)")
                : MembershipEntry.IN_DIRECTORY;
        Map<String, MembershipEntry> byNorm = new LinkedHashMap<>();
        for (String dn : stored) {
            byNorm.put(normalized(dn), new MembershipEntry(dn, storedStatus));
        }
        for (PendingWrite w : g.pending()) {
            if (w.operation() == add) {
                String norm = normalized(w.valueDn());
                MembershipEntry there = byNorm.get(norm);
                boolean directoryHasIt = there != null && MembershipEntry.IN_DIRECTORY.equals(there.status());
                if ((there != null || withAdded) && (!w.failed() || !directoryHasIt)) {
                    byNorm.put(norm, new MembershipEntry(w.valueDn(), w.status() + " (outbox " + w.id() + ")"));
                }
            } else if (w.operation() == remove) {
                String norm = normalized(w.valueDn());
                if (byNorm.containsKey(norm)) {
                    byNorm.put(norm, new MembershipEntry(w.valueDn(),
                            "removal " + w.status() + " (outbox " + w.id() + ")"));
                }
            }
        }
        return List.copyOf(byNorm.values());
    }

    /** What a transaction produced, and whom to tell once it committed. */
    record Outcome(ActionResult result, List<Notification> notifications) {
        Outcome(ActionResult result) {
            this(result, List.of());
        }
    }

    ActionResult run(Function<SelfServiceStore.Tx, Outcome> work) {
        Outcome outcome = store.inTransaction(tx -> {
            Outcome done = work.apply(tx);
            queueMail(tx, done.notifications());
            return done;
        });
        if (!outcome.result().outboxIds().isEmpty()) {
            outboxWritten.run();
        }
        outcome.notifications().forEach(notifications::send);
        return outcome.result();
    }

    /*
     * M1, M3: in the action's own transaction, so a request or decision is never committed without its mail, nor a
     * mail queued for one that rolled back. Cancellations and expiries are told through the R7 sink only.
     */
    private void queueMail(SelfServiceStore.Tx tx, List<Notification> told) {
        if (!options.mail().enabled()) {
            return;
        }
        for (Notification n : told) {
            MailKind kind = switch (n.event()) {
                case REQUESTED -> MailKind.REQUEST_NEW;
                case APPROVED -> MailKind.REQUEST_APPROVED;
                case DENIED -> MailKind.REQUEST_DENIED;
                default -> null;
            };
            if (kind == null) {
                continue;
            }
            JoinRequest request = tx.request(n.requestId()).orElseThrow();
            Dn actor = kind == MailKind.REQUEST_NEW ? null : dn(n.actorDn());
            Instant endsAt = null;
            if (kind == MailKind.REQUEST_NEW && request.extension()) {
                kind = MailKind.REQUEST_EXTEND;
                endsAt = request.extendTo();
            }
            for (String recipient : n.recipients()) {
                tx.enqueueMail(new MailItem(kind, dn(recipient), request.groupId(), n.groupName(), n.requestId(),
                        dn(n.requesterDn()), actor, n.justification().orElse(null), n.reason().orElse(null), endsAt),
                        n.at());
            }
        }
    }

    Dn dn(String written) {
        return new Dn(written, normalized(written));
    }

    /** A group with its pending write-backs and the facts the rules see once those apply. */
    final class Loaded {
        private final StoredGroup group;
        private final List<PendingWrite> pending;
        private final GroupFacts facts;

        Loaded(StoredGroup group, Set<String> directoryOwners, List<PendingWrite> pending) {
            this.group = group;
            this.pending = pending;
            Set<String> owners = new HashSet<>(directoryOwners);
            for (PendingWrite w : outstanding()) {
                if (w.operation() == OutboxOperation.ADD_OWNER) {
                    owners.add(normalized(w.valueDn()));
                } else if (w.operation() == OutboxOperation.REMOVE_OWNER) {
                    owners.remove(normalized(w.valueDn()));
                }
            }
            this.facts = group.facts(owners);
        }

        StoredGroup group() {
            return group;
        }

        /** Every row the directory has not confirmed, parked ones included, for listings. */
        List<PendingWrite> pending() {
            return pending;
        }

        /** The rows still on their way to the directory, which the rules count; parked rows are not. */
        List<PendingWrite> outstanding() {
            return pending.stream().filter(w -> !w.failed()).toList();
        }

        GroupFacts facts() {
            return facts;
        }

        /** The name the group has once its outstanding renames reach the directory: the last one asked for. */
        String nameOnceWritten() {
            String name = group.name();
            for (PendingWrite w : outstanding()) {
                if (w.operation() == OutboxOperation.RENAME_GROUP) {
                    name = w.newName();
                }
            }
            return name;
        }

        /** Member once the outstanding write-backs apply; the latest write for the person wins. */
        boolean isMember(SelfServiceStore.Tx tx, Person p) {
            boolean member = tx.isMember(group.id(), p.dn().normalized());
            for (PendingWrite w : outstanding()) {
                if (w.valueDn() != null && normalized(w.valueDn()).equals(p.dn().normalized())) {
                    if (w.operation() == OutboxOperation.ADD_MEMBER) {
                        member = true;
                    } else if (w.operation() == OutboxOperation.REMOVE_MEMBER) {
                        member = false;
                    }
                }
            }
            return member;
        }
    }

    // Only groups that are, or are about to be, in the directory can be acted on.
    Loaded load(SelfServiceStore.Tx tx, String groupId) {
        Loaded g = loadAny(tx, groupId);
        if (g.group().deleted()) {
            throw new InvalidInputException(InputProblem.GROUP_DELETED,
                    "group '" + g.group().name() + "' was deleted from the directory");
        }
        if (g.outstanding().stream().anyMatch(w -> w.operation() == OutboxOperation.DELETE_GROUP)) {
            throw new InvalidInputException(InputProblem.GROUP_BEING_DELETED,
                    "group '" + g.group().name() + "' is being deleted");
        }
        return g;
    }

    Loaded loadAny(SelfServiceStore.Tx tx, String groupId) {
        // A row this transaction read a moment ago (a request) may name a new group's provisional id, which the
        // write-back retired since; the alias it left names the group now.
        Optional<StoredGroup> found = tx.group(groupId);
        StoredGroup group = (found.isPresent() ? found : tx.group(tx.resolveGroupId(groupId)))
                .orElseThrow(() -> new InvalidInputException(InputProblem.NO_SUCH_GROUP,
                        "no group with id " + groupId));
        return new Loaded(group, tx.owners(group.id()), tx.pendingWrites(group.id()));
    }

    Person self(SelfServiceStore.Tx tx, Actor actor) {
        if (actor.isServicePrincipal()) {
            throw new InvalidInputException(InputProblem.NOT_A_PERSON,
                    "a service principal is not a person: it cannot join, leave or own groups");
        }
        return tx.person(actor.dn()).orElseThrow(() -> new InvalidInputException(InputProblem.NO_SUCH_PERSON,
                "your entry " + actor.dn() + " is not in the group store yet; it arrives with the next reconcile"));
    }

    /** The actor as a member of the group (A6, T6); bad input when they are not one. */
    Person selfAsMember(SelfServiceStore.Tx tx, Actor actor, Loaded g) {
        Person me = self(tx, actor);
        if (!g.isMember(tx, me)) {
            throw new InvalidInputException(InputProblem.NOT_A_MEMBER,
                    "you are not a member of '" + g.group().name() + "'");
        }
        return me;
    }

    /** A person named by DN, login or mail; exactly one must match. */
    Person person(SelfServiceStore.Tx tx, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new InvalidInputException(InputProblem.PERSON_REQUIRED, "a person's DN or login is required");
        }
        List<Person> found = tx.peopleMatching(t, names.normalize(t).orElse(null));
        if (found.isEmpty()) {
            throw new InvalidInputException(InputProblem.NO_SUCH_PERSON, "no person '" + t + "' in the group store");
        }
        if (found.size() > 1) {
            throw new InvalidInputException(InputProblem.AMBIGUOUS_PERSON,
                    "'" + t + "' names " + found.size() + " people; give the DN of the one"
                    + " you mean: " + found.stream().map(p -> p.dn().written()).toList());
        }
        return found.get(0);
    }

    String normalized(String dn) {
        return names.normalize(dn).orElse(dn);
    }

    static InvalidInputException unknownRequest(long id) {
        return new InvalidInputException(InputProblem.NO_SUCH_REQUEST, "no join request " + id);
    }

    String settingsVersion() {
        return options.settings().version();
    }

    Outcome refuse(SelfServiceStore.Tx tx, Actor actor, String action, Loaded g, String targetDn,
            Decision decision) {
        return refuse(tx, actor, action, g == null ? null : g.group().id(), g == null ? null : g.group().dn().written(),
                targetDn, decision);
    }

    Outcome refuse(SelfServiceStore.Tx tx, Actor actor, String action, String groupId, String groupDn,
            String targetDn, Decision decision) {
        tx.audit(new AuditRecord(null, clock.instant(), actor.dn(), action, groupId, groupDn, targetDn, "refused",
                decision.rule(), decision.reason(), decision.settingsVersion()));
        return new Outcome(ActionResult.refused(decision));
    }

    void audit(SelfServiceStore.Tx tx, Actor actor, String action, Loaded g, String targetDn, String outcome,
            String rule, String detail) {
        audit(tx, actor, action, g.group().id(), g.group().dn().written(), targetDn, outcome, rule, detail);
    }

    void audit(SelfServiceStore.Tx tx, Actor actor, String action, String groupId, String groupDn,
            String targetDn, String outcome, String rule, String detail) {
        tx.audit(new AuditRecord(null, clock.instant(), actor.dn(), action, groupId, groupDn, targetDn, outcome, rule,
                detail, settingsVersion()));
    }
}
