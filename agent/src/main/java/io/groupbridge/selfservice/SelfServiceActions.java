package io.groupbridge.selfservice;

import io.groupbridge.model.Channel;
import io.groupbridge.model.CreateGroupPayload;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.NewGroup;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.rules.Action;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.selfservice.rules.AuditScope;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.GroupFacts;
import io.groupbridge.selfservice.rules.JoinOutcome;
import io.groupbridge.selfservice.rules.RequestEvent;
import io.groupbridge.selfservice.rules.RequestState;
import io.groupbridge.selfservice.rules.RequestTransition;
import io.groupbridge.selfservice.rules.RequestTransitions;
import io.groupbridge.selfservice.rules.Rules;
import io.groupbridge.selfservice.rules.TenantSettings;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The self-service actions (spec A, P, R): each loads the facts from the store, asks {@link Rules}, and on an allowed
 * action makes the change, its write-back outbox rows and its audit entry in one store transaction. Refusals are
 * audited too and come back naming their rule (A15). Notifications (R7) go out only after the transaction committed,
 * so nobody is told of a request that was rolled back.
 *
 * <p>Membership and ownership changes are not applied to the store's copy of the directory: they are outbox rows,
 * and the directory stays the truth (R6). What a person sees and what the rules decide on is that copy with the
 * outstanding outbox rows applied, so a join is not made twice while its write-back is pending.
 *
 * <p>Groups are passed by store id; the caller resolves names. Bad input throws {@link InvalidInputException} and
 * changes nothing. Instances are thread-safe if the store is.
 */
public final class SelfServiceActions {

    /** The actor name the audit log and decided-by show for decisions groupbridge takes itself (expiry, P1). */
    public static final String SYSTEM_ACTOR = "groupbridge";

    private final SelfServiceStore store;
    private final DirectoryNames names;
    private final SelfServiceOptions options;
    private final Rules rules;
    private final NotificationSink notifications;
    private final Runnable outboxWritten;
    private final Clock clock;
    private final CreateGroupPayload payloads = new CreateGroupPayload();

    public SelfServiceActions(SelfServiceStore store, DirectoryNames names, SelfServiceOptions options,
            NotificationSink notifications, Clock clock) {
        this(store, names, options, notifications, () -> { }, clock);
    }

    /**
     * @param outboxWritten run after every action whose committed transaction added write-back rows, so that the
     *     caller can send them at once rather than at the next scheduled write-back; must not throw
     */
    public SelfServiceActions(SelfServiceStore store, DirectoryNames names, SelfServiceOptions options,
            NotificationSink notifications, Runnable outboxWritten, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.names = Objects.requireNonNull(names, "names");
        this.options = Objects.requireNonNull(options, "options");
        this.rules = new Rules(options.settings());
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.outboxWritten = Objects.requireNonNull(outboxWritten, "outboxWritten");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TenantSettings settings() {
        return options.settings();
    }

    // ---------------------------------------------------------------- actors

    /**
     * The actor behind a proven identity (spec A16): roles and licence come from membership, nested included, of the
     * conf's role and licence groups as the store last reconciled them. Pending write-backs grant nothing.
     */
    public Actor actorFor(String dn, ActorKind kind) {
        String dnNorm = names.normalize(dn).orElseThrow(() -> new IllegalArgumentException("not a DN: " + dn));
        if (kind == ActorKind.SERVICE_PRINCIPAL) {
            return Actor.servicePrincipal(dnNorm);
        }
        Set<String> groups = store.inTransaction(tx -> nestedGroups(tx, dnNorm));
        Set<AdminRole> roles = EnumSet.noneOf(AdminRole.class);
        options.roleGroups().forEach((role, groupDn) -> {
            if (groups.contains(groupDn)) {
                roles.add(role);
            }
        });
        return new Actor(dnNorm, ActorKind.PERSON, roles, groups);
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

    // ---------------------------------------------------------------- groups

    /**
     * A7: creates a group. The store holds it as {@code creating} under a generated id until the directory has it; the
     * outbox carries a {@code create-group} row with everything the directory needs.
     *
     * <p>The creation channel is the P table's for who creates it: {@code api} for administrators and service
     * principals (groupbridge's command line is their API), {@code self-service} for users. It sets the default
     * policy and is what the store and, where the mapping has a channel attribute, the directory record.
     *
     * @param policy      empty for the P table's default of the channel
     * @param ownerNames  more owners, each a DN or login; the creator is added as owner unless an administrator
     *                    creates a security group or the creator is a service principal
     * @throws InvalidInputException when the name is not acceptable, or when the directory would refuse the entry or
     *     read it back as another kind (no owner for a class that needs a member; a kind the mapping cannot record);
     *     nothing is then stored or audited
     */
    public ActionResult createGroup(Actor actor, GroupKind kind, String rawName, String rawDescription,
            Optional<JoinPolicy> policy, List<String> ownerNames) {
        String name = TextInput.groupName(rawName, options.maxNameLength());
        String description = TextInput.description(rawDescription);
        GroupTemplate template = options.groupTemplate();
        Channel channel = actor.isPrivileged() ? Channel.API : Channel.SELF_SERVICE;
        JoinPolicy chosen = policy.orElse(JoinPolicy.defaultFor(kind, channel));
        String dn = names.groupDn(name);
        String dnNorm = names.normalize(dn).orElseThrow();
        Optional<String> nameAsDn = names.normalize(name);
        return run(tx -> {
            Decision decision = rules.decide(actor, new Action.CreateGroup(kind, chosen));
            if (!decision.allowed()) {
                return refuse(tx, actor, "create-group", null, dn, null, decision);
            }
            if (!template.kinds().contains(kind)) {
                throw new InvalidInputException(InputProblem.KIND_NOT_RECORDABLE,
                        "the directory mapping has no way to record a " + kind.wireName()
                        + " group (mapping.kindAttribute), so it would read back as another kind; create it as one of "
                        + template.kinds().stream().map(GroupKind::wireName).sorted().toList());
            }
            requireDistinctName(tx, name, dnNorm, nameAsDn);
            Map<String, Person> owners = new LinkedHashMap<>();
            // An administrator's security group gets only the owners they name, as in Entra's admin console.
            boolean namedOwnersOnly = actor.isAdministrator() && kind == GroupKind.SECURITY;
            if (actor.kind() == ActorKind.PERSON && !namedOwnersOnly) {
                Person creator = self(tx, actor);
                owners.put(creator.dnNorm(), creator);
            }
            for (String ownerName : ownerNames) {
                Person p = person(tx, ownerName);
                owners.putIfAbsent(p.dnNorm(), p);
            }
            List<Person> people = List.copyOf(owners.values());
            String needsMember = template.classNeedingAMember();
            if (people.isEmpty() && needsMember != null) {
                throw new InvalidInputException(InputProblem.OWNER_REQUIRED,
                        "a " + needsMember + " entry needs at least one member and this group"
                        + " would have none (" + (actor.isServicePrincipal() ? "a service principal is never an owner"
                        : "an administrator is not made owner of a security group they create")
                        + "); name its first owner");
            }
            String id = UUID.randomUUID().toString();
            StoredGroup group = new StoredGroup(id, dn, dnNorm, name, description, kind, false, false, false,
                    channel, chosen, StoredGroup.CREATING);
            Instant now = clock.instant();
            // Owners start as members too: as in Entra, a new group's creators are in it, and groupOfNames needs a member.
            tx.insertCreatingGroup(group, description, people, people, actor.dn(), now);
            long outbox = tx.enqueue(new OutboxItem(id, dn, OutboxOperation.CREATE_GROUP, null,
                    createPayload(group, description, people), null), now);
            audit(tx, actor, "create-group", id, dn, null, "allowed", decision.rule(),
                    decision.reason() + "; kind " + kind.wireName() + ", channel " + channel.wireName() + ", policy "
                            + chosen.wireName() + ", owners " + people.stream().map(Person::dn).toList());
            return new Outcome(ActionResult.done(decision.rule(), "created group '" + name + "' (" + dn + ")",
                    null, id, List.of(outbox)));
        });
    }

    /**
     * The one group {@code text} names, for every surface (command line, API, web panel): its id (a created group's
     * provisional id too, after the directory gave it its own), its name ignoring case and Unicode spelling (names
     * are compared in NFC), or its DN in any spelling.
     *
     * <p>An id is tried first: ids are the directory's UUIDs, which no name or DN reads as.
     *
     * <p>Deleted groups (gone from the directory, kept for their history) are found only when no live group matches:
     * a vanished group never makes a live group's name or DN ambiguous, yet its history can still be shown, and an
     * action on it says it was deleted rather than that no such group exists (every action refuses a deleted group).
     *
     * @param actor who asks; spec A1 lets anyone signed in see every group, so it narrows nothing today
     * @throws InvalidInputException {@link InputProblem#GROUP_REQUIRED} for blank text,
     *     {@link InputProblem#NO_SUCH_GROUP} when nothing matches, {@link InputProblem#AMBIGUOUS_GROUP} when a name
     *     names several groups (the message lists their DNs)
     */
    public StoredGroup findGroup(Actor actor, String text) {
        Objects.requireNonNull(actor, "actor");
        String t = text == null ? "" : Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
        if (t.isEmpty()) {
            throw new InvalidInputException(InputProblem.GROUP_REQUIRED, "a group name or DN is required");
        }
        List<StoredGroup> found = store.inTransaction(tx -> {
            Optional<StoredGroup> byId = tx.group(tx.resolveGroupId(t));
            return byId.isPresent() ? List.of(byId.get()) : tx.groupsNamedOrAt(t, names.normalize(t).orElse(null));
        });
        List<StoredGroup> live = found.stream().filter(g -> !g.deleted()).toList();
        List<StoredGroup> candidates = live.isEmpty() ? found : live;
        if (candidates.isEmpty()) {
            throw new InvalidInputException(InputProblem.NO_SUCH_GROUP, "no group named '" + t + "'");
        }
        if (candidates.size() > 1) {
            StringBuilder sb = new StringBuilder("'" + t + "' names " + candidates.size()
                    + " groups; give the DN of the one you mean:");
            candidates.forEach(g -> sb.append(System.lineSeparator()).append("  ").append(g.dn()));
            throw new InvalidInputException(InputProblem.AMBIGUOUS_GROUP, sb.toString());
        }
        return candidates.get(0);
    }

    /*
     * A name must pick out one group wherever a name or a DN is accepted: not another group's name, nor its DN, and
     * no other group's name may read as the new group's DN.
     */
    private void requireDistinctName(SelfServiceStore.Tx tx, String name, String dnNorm, Optional<String> nameAsDn) {
        if (tx.groupsNamedOrAt(name, dnNorm).stream().anyMatch(g -> !g.deleted())) {
            throw new InvalidInputException(InputProblem.NAME_TAKEN, "a group named '" + name + "' already exists");
        }
        if (nameAsDn.isPresent() && tx.groupsNamedOrAt(null, nameAsDn.get()).stream().anyMatch(g -> !g.deleted())) {
            throw new InvalidInputException(InputProblem.NAME_IS_A_DN,
                    "'" + name + "' is the DN of an existing group; a group name may not be"
                    + " another group's DN");
        }
        for (StoredGroup other : tx.groupsWithDnLikeNames()) {
            if (names.normalize(other.name()).filter(dnNorm::equals).isPresent()) {
                throw new InvalidInputException(InputProblem.NAME_LIKE_A_DN,
                        "the group '" + other.name() + "' (" + other.dn() + ") is named like"
                        + " the DN this group would get; choose another name");
            }
        }
    }

    private String createPayload(StoredGroup g, String description, List<Person> people) {
        List<String> dns = people.stream().map(Person::dn).toList();
        GroupTemplate template = options.groupTemplate();
        return payloads.write(new NewGroup(g.dn(), g.name(), g.kind(), description, g.policy(), g.channel(), dns, dns,
                template.objectClasses(), template.memberAttribute()));
    }

    /**
     * A8: changes a group's join policy (P5: leaving owner-approval cancels its pending requests). Name and
     * description belong to the directory and have no write-back operation yet, so they are refused as input.
     */
    public ActionResult editGroup(Actor actor, String groupRef, Optional<String> newName,
            Optional<String> newDescription, Optional<JoinPolicy> newPolicy) {
        if (newName.isPresent() || newDescription.isPresent()) {
            throw new InvalidInputException(InputProblem.KEPT_IN_THE_DIRECTORY,
                    "the name and description of a group are kept in the directory;"
                    + " change them there (groupbridge changes only the join policy)");
        }
        JoinPolicy policy = newPolicy.orElseThrow(() -> new InvalidInputException(InputProblem.NOTHING_TO_CHANGE,
                "nothing to change: give a new join policy"));
        return run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = load(tx, groupId);
            Decision decision = rules.decide(actor, new Action.EditGroup(g.facts(), newPolicy));
            if (!decision.allowed()) {
                return refuse(tx, actor, "edit-group", g, null, decision);
            }
            if (g.group().policy() == policy) {
                return new Outcome(ActionResult.unchanged(decision.rule(), "the policy already is " + policy.wireName()));
            }
            Instant now = clock.instant();
            tx.updateGroup(groupId, g.group().name(), g.group().description(), policy, now);
            List<Notification> told = new ArrayList<>();
            if (RequestTransitions.cancelsPendingRequests(g.group().policy(), policy)) {
                for (JoinRequest r : tx.pendingRequests(groupId)) {
                    told.add(sweep(tx, r, RequestEvent.policyChanged(), g, actor.dn(), now));
                }
            }
            audit(tx, actor, "edit-group", g, null, "allowed", decision.rule(), decision.reason() + "; policy "
                    + g.group().policy().wireName() + " -> " + policy.wireName());
            return new Outcome(ActionResult.done(decision.rule(), "policy of '" + g.group().name() + "' is now "
                    + policy.wireName() + (told.isEmpty() ? "" : "; " + told.size() + " pending request(s) cancelled"),
                    null, groupId, List.of()), told);
        });
    }

    /** A11: administrators delete a group; its pending requests are cancelled at once (R3). */
    public ActionResult deleteGroup(Actor actor, String groupRef) {
        return run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = load(tx, groupId);
            Decision decision = rules.decide(actor, new Action.DeleteGroup(g.facts()));
            if (!decision.allowed()) {
                return refuse(tx, actor, "delete-group", g, null, decision);
            }
            Instant now = clock.instant();
            List<Notification> told = new ArrayList<>();
            for (JoinRequest r : tx.pendingRequests(groupId)) {
                told.add(sweep(tx, r, RequestEvent.groupDeleted(), g, actor.dn(), now));
            }
            long outbox = tx.enqueue(new OutboxItem(groupId, g.group().dn(), OutboxOperation.DELETE_GROUP, null, null,
                    null), now);
            audit(tx, actor, "delete-group", g, null, "allowed", decision.rule(), decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), "deleted group '"
                    + g.group().name() + "'", null, groupId,
                    List.of(outbox)), told);
        });
    }

    // ---------------------------------------------------------------- joining

    /**
     * A3 with P1-P3: an open group is joined at once (an auto-approved request and an add-member write-back); an
     * owner-approval group gets a pending request when {@code justification} is given (P2).
     */
    public ActionResult join(Actor actor, String groupRef, String justification) {
        String text = TextInput.text(justification, "a justification");
        // The audit names what was asked, whatever the group's policy made of it: `request` carries a justification.
        String asked = text.isEmpty() ? "join" : "request";
        return run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = load(tx, groupId);
            Person me = self(tx, actor);
            boolean member = g.isMember(tx, me);
            boolean blocked = tx.isBlocked(groupId, me.dnNorm());
            Decision decision = rules.decide(actor, new Action.Join(g.facts(), member, blocked, false, text));
            if (!decision.allowed()) {
                return refuse(tx, actor, asked, g, me.dn(), decision);
            }
            Instant now = clock.instant();
            JoinOutcome outcome = decision.outcome().orElseThrow();
            if (outcome == JoinOutcome.REQUESTED) {
                Optional<JoinRequest> open = tx.pendingRequest(groupId, me.dnNorm());
                if (open.isPresent()) {
                    return new Outcome(new ActionResult(true, false, decision.rule(), "you already asked to join '"
                            + g.group().name() + "': request " + open.get().id() + " is pending",
                            Optional.of(open.get().id()), Optional.of(groupId), List.of()));
                }
                long id = tx.insertRequest(groupId, me, text, now);
                audit(tx, actor, "request", g, me.dn(), "allowed", decision.rule(), "request " + id + ": " + text);
                Notification n = new Notification(Notification.Event.REQUESTED, id, g.group().dn(), g.group().name(),
                        me.dn(), Optional.of(text), me.dn(), Optional.empty(),
                        tx.ownerPeople(groupId).stream().map(Person::dn).toList(), now);
                return new Outcome(ActionResult.done(decision.rule(), "request " + id + " to join '"
                        + g.group().name() + "' waits for an owner's decision", id, groupId, List.of()), List.of(n));
            }
            long id = tx.insertRequest(groupId, me, text, now);
            tx.closeRequest(id, RequestState.APPROVED, SYSTEM_ACTOR, now, decision.reason(), settingsVersion());
            long outbox = tx.enqueue(new OutboxItem(groupId, g.group().dn(), OutboxOperation.ADD_MEMBER, me.dn(), null,
                    id), now);
            audit(tx, actor, asked, g, me.dn(), "allowed", decision.rule(), "request " + id + " auto-approved: "
                    + decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), "joined '" + g.group().name()
                    + "'", id, groupId, List.of(outbox)));
        });
    }

    /** R2: the requester withdraws their pending request. */
    public ActionResult cancelRequest(Actor actor, long requestId) {
        return run(tx -> {
            JoinRequest r = tx.request(requestId).orElseThrow(() -> unknownRequest(requestId));
            Loaded g = loadAny(tx, r.groupId());
            RequestTransition t = RequestTransitions.apply(r.state(),
                    RequestEvent.cancelByRequester(r.requesterDnNorm(), actor.dn()));
            return closeByPerson(tx, actor, r, g, t, RequestState.CANCELLED, "cancel-request", null);
        });
    }

    /**
     * A4 and R1: an owner (if S1 and L3 allow) or an administrator approves or denies; the first decision wins and
     * repeating it changes nothing. Approval writes the member back through the outbox (R6).
     *
     * @param reason required for a denial, optional for an approval
     */
    public ActionResult decide(Actor actor, long requestId, boolean approve, String reason) {
        String why = TextInput.text(reason, "a reason");
        if (!approve && why.isEmpty()) {
            throw new InvalidInputException(InputProblem.REASON_REQUIRED,
                    "a denial needs a reason the requester can read");
        }
        return run(tx -> {
            JoinRequest r = tx.request(requestId).orElseThrow(() -> unknownRequest(requestId));
            Loaded g = loadAny(tx, r.groupId());
            String action = approve ? "approve" : "deny";
            Decision decision = rules.decide(actor, new Action.DecideRequest(g.facts()));
            if (!decision.allowed()) {
                return refuse(tx, actor, action, g, r.requesterDn(), decision);
            }
            RequestTransition t = RequestTransitions.apply(r.state(),
                    approve ? RequestEvent.approve() : RequestEvent.deny());
            return closeByPerson(tx, actor, r, g, t, approve ? RequestState.APPROVED : RequestState.DENIED, action,
                    why.isEmpty() ? null : why);
        });
    }

    private Outcome closeByPerson(SelfServiceStore.Tx tx, Actor actor, JoinRequest r, Loaded g, RequestTransition t,
            RequestState target, String action, String reason) {
        if (!t.allowed()) {
            return refuse(tx, actor, action, g, r.requesterDn(), Decision.refuse(t.rule(), t.reason(),
                    settingsVersion()));
        }
        if (!t.changed()) {
            return new Outcome(new ActionResult(true, false, t.rule(), "request " + r.id() + " was already "
                    + r.state().wireName() + "; nothing changed", Optional.of(r.id()), Optional.of(r.groupId()),
                    List.of()));
        }
        Instant now = clock.instant();
        String stored = reason != null ? reason : t.reason();
        if (!tx.closeRequest(r.id(), target, actor.dn(), now, stored, settingsVersion())) {
            // Another decision committed between our read and our update: the first decision wins (R1).
            RequestState won = tx.request(r.id()).orElseThrow().state();
            return refuse(tx, actor, action, g, r.requesterDn(), Decision.refuse("R1", "this request was already "
                    + won.wireName(), settingsVersion()));
        }
        List<Long> outbox = new ArrayList<>();
        if (target == RequestState.APPROVED) {
            Person requester = new Person(r.requesterDn(), r.requesterDnNorm(), null, null);
            if (!g.isMember(tx, requester)) {
                outbox.add(tx.enqueue(new OutboxItem(r.groupId(), g.group().dn(), OutboxOperation.ADD_MEMBER,
                        r.requesterDn(), null, r.id()), now));
            }
        }
        audit(tx, actor, action, g, r.requesterDn(), "allowed", t.rule(), "request " + r.id() + " " + t.reason()
                + (reason != null ? ": " + reason : ""));
        Notification.Event event = switch (target) {
            case APPROVED -> Notification.Event.APPROVED;
            case DENIED -> Notification.Event.DENIED;
            default -> Notification.Event.CANCELLED;
        };
        List<String> recipients = target == RequestState.CANCELLED
                ? tx.ownerPeople(r.groupId()).stream().map(Person::dn).toList() : List.of(r.requesterDn());
        Notification n = new Notification(event, r.id(), g.group().dn(), g.group().name(), r.requesterDn(),
                Optional.empty(), actor.dn(), Optional.ofNullable(reason), recipients, now);
        String what = "request " + r.id() + " " + target.wireName();
        return new Outcome(ActionResult.done(t.rule(), what, r.id(), r.groupId(), outbox), List.of(n));
    }

    /**
     * R4: expires pending requests older than the conf's {@code requests.expireAfter}. The daemon calls it each cycle;
     * listings call it first, so nobody acts on a request that should be gone.
     *
     * @return how many requests expired
     */
    public int expireRequests() {
        Instant now = clock.instant();
        List<Notification> told = new ArrayList<>();
        store.inTransaction(tx -> {
            for (JoinRequest r : tx.pendingRequestsCreatedBefore(now.minus(options.expireAfter()))) {
                if (RequestTransitions.isExpired(r.createdAt(), now, options.expireAfter())) {
                    told.add(sweep(tx, r, RequestEvent.expire(), loadAny(tx, r.groupId()), SYSTEM_ACTOR, now));
                }
            }
            return null;
        });
        told.forEach(notifications::send);
        return told.size();
    }

    // Closes a request for a system reason (R3, R4, P5), audits it, and returns the notification to send.
    private Notification sweep(SelfServiceStore.Tx tx, JoinRequest r, RequestEvent event, Loaded g, String by,
            Instant now) {
        RequestTransition t = RequestTransitions.apply(r.state(), event);
        tx.closeRequest(r.id(), t.state(), by, now, t.reason(), settingsVersion());
        tx.audit(new AuditRecord(null, now, by, "request-" + t.state().wireName(), r.groupId(), g.group().dn(),
                r.requesterDn(), "done", t.rule(), "request " + r.id() + " " + t.reason(), settingsVersion()));
        return new Notification(t.state() == RequestState.EXPIRED ? Notification.Event.EXPIRED
                : Notification.Event.CANCELLED, r.id(), g.group().dn(), g.group().name(), r.requesterDn(),
                Optional.empty(), by, Optional.of(t.reason()), List.of(r.requesterDn()), now);
    }

    // ---------------------------------------------------------------- members and owners

    /**
     * A5: an owner or administrator adds a person. A pending request of theirs is approved with it, which is a
     * decision (A4): only an actor who may approve that request may add the person, and the approval is audited and
     * told to the requester as {@code requests approve} does (R7). Otherwise the add is refused with the rule and
     * sentence an approval would get (S1, L3).
     */
    public ActionResult addMember(Actor actor, String groupRef, String target) {
        return run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = load(tx, groupId);
            Person p = person(tx, target);
            Decision decision = rules.decide(actor, new Action.AddMember(g.facts(), p.dnNorm(),
                    tx.isBlocked(groupId, p.dnNorm())));
            if (!decision.allowed()) {
                return refuse(tx, actor, "add-member", g, p.dn(), decision);
            }
            if (g.isMember(tx, p)) {
                return new Outcome(ActionResult.unchanged(decision.rule(), p.label() + " already is a member of '"
                        + g.group().name() + "'"));
            }
            Instant now = clock.instant();
            Optional<JoinRequest> open = tx.pendingRequest(groupId, p.dnNorm());
            List<Notification> told = new ArrayList<>();
            if (open.isPresent()) {
                Decision approval = rules.decide(actor, new Action.DecideRequest(g.facts()));
                if (!approval.allowed()) {
                    return refuse(tx, actor, "add-member", g, p.dn(), approval);
                }
                Optional<Outcome> lost = approveByAdding(tx, actor, g, open.get(), approval, now, told);
                if (lost.isPresent()) {
                    return lost.get();
                }
            }
            long outbox = tx.enqueue(new OutboxItem(groupId, g.group().dn(), OutboxOperation.ADD_MEMBER, p.dn(), null,
                    open.map(JoinRequest::id).orElse(null)), now);
            audit(tx, actor, "add-member", g, p.dn(), "allowed", decision.rule(), decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), "added " + p.label() + " to '" + g.group().name()
                    + "'" + open.map(r -> ", which approves their request " + r.id()).orElse(""),
                    open.map(JoinRequest::id).orElse(null), groupId, List.of(outbox)), told);
        });
    }

    // The approval half of adding a requester: closes the request, audits the decision, tells the requester (R7).
    // Empty when done; the refusal when another decision closed the request first (R1).
    private Optional<Outcome> approveByAdding(SelfServiceStore.Tx tx, Actor actor, Loaded g, JoinRequest r,
            Decision approval, Instant now, List<Notification> told) {
        String reason = "approved by adding the member";
        if (!tx.closeRequest(r.id(), RequestState.APPROVED, actor.dn(), now, reason, settingsVersion())) {
            RequestState won = tx.request(r.id()).orElseThrow().state();
            return Optional.of(refuse(tx, actor, "add-member", g, r.requesterDn(), Decision.refuse("R1",
                    "request " + r.id() + " of this person was " + won.wireName() + " a moment ago; look at it"
                            + " again before adding them", settingsVersion())));
        }
        audit(tx, actor, "approve", g, r.requesterDn(), "allowed", approval.rule(), "request " + r.id() + " "
                + reason + ": " + approval.reason());
        told.add(new Notification(Notification.Event.APPROVED, r.id(), g.group().dn(), g.group().name(),
                r.requesterDn(), Optional.empty(), actor.dn(), Optional.of(reason), List.of(r.requesterDn()), now));
        return Optional.empty();
    }

    /** A5: an owner or administrator removes a member. */
    public ActionResult removeMember(Actor actor, String groupRef, String target) {
        return run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = load(tx, groupId);
            Person p = person(tx, target);
            Decision decision = rules.decide(actor, new Action.RemoveMember(g.facts(), p.dnNorm()));
            if (!decision.allowed()) {
                return refuse(tx, actor, "remove-member", g, p.dn(), decision);
            }
            return removal(tx, actor, g, p, decision, "remove-member", "removed " + p.label() + " from '"
                    + g.group().name() + "'");
        });
    }

    /** A6: the actor leaves a group they are a member of. */
    public ActionResult leave(Actor actor, String groupRef) {
        return run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = load(tx, groupId);
            Person me = self(tx, actor);
            if (!g.isMember(tx, me)) {
                throw new InvalidInputException(InputProblem.NOT_A_MEMBER,
                        "you are not a member of '" + g.group().name() + "'");
            }
            Decision decision = rules.decide(actor, new Action.Leave(g.facts()));
            if (!decision.allowed()) {
                return refuse(tx, actor, "leave", g, me.dn(), decision);
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
        Instant now = clock.instant();
        long outbox = tx.enqueue(new OutboxItem(g.group().id(), g.group().dn(), OutboxOperation.REMOVE_MEMBER, p.dn(),
                null, null), now);
        audit(tx, actor, action, g, p.dn(), "allowed", decision.rule(), decision.reason());
        return new Outcome(ActionResult.done(decision.rule(), message,
                null, g.group().id(), List.of(outbox)));
    }

    /** A9 with S6: an owner or administrator makes a person an owner. */
    public ActionResult addOwner(Actor actor, String groupRef, String target) {
        return run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = load(tx, groupId);
            Person p = person(tx, target);
            Decision decision = rules.decide(actor, new Action.AddOwner(g.facts(), p.dnNorm(), g.isMember(tx, p)));
            if (!decision.allowed()) {
                return refuse(tx, actor, "add-owner", g, p.dn(), decision);
            }
            if (g.facts().isOwner(p.dnNorm())) {
                return new Outcome(ActionResult.unchanged(decision.rule(), p.label() + " already owns '"
                        + g.group().name() + "'"));
            }
            Instant now = clock.instant();
            long outbox = tx.enqueue(new OutboxItem(groupId, g.group().dn(), OutboxOperation.ADD_OWNER, p.dn(), null,
                    null), now);
            audit(tx, actor, "add-owner", g, p.dn(), "allowed", decision.rule(), decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), p.label() + " now owns '" + g.group().name()
                    + "'", null, groupId, List.of(outbox)));
        });
    }

    /** A10: an owner or administrator removes an owner; owners never remove the last one. */
    public ActionResult removeOwner(Actor actor, String groupRef, String target) {
        return run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = load(tx, groupId);
            Person p = person(tx, target);
            if (!g.facts().isOwner(p.dnNorm())) {
                throw new InvalidInputException(InputProblem.NOT_AN_OWNER,
                        p.label() + " does not own '" + g.group().name() + "'");
            }
            Decision decision = rules.decide(actor, new Action.RemoveOwner(g.facts(), p.dnNorm()));
            if (!decision.allowed()) {
                return refuse(tx, actor, "remove-owner", g, p.dn(), decision);
            }
            Instant now = clock.instant();
            long outbox = tx.enqueue(new OutboxItem(groupId, g.group().dn(), OutboxOperation.REMOVE_OWNER, p.dn(),
                    null, null), now);
            audit(tx, actor, "remove-owner", g, p.dn(), "allowed", decision.rule(), decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), p.label() + " no longer owns '" + g.group().name()
                    + "'", null, groupId, List.of(outbox)));
        });
    }

    /** A12: an administrator removes a person and refuses their future requests; their pending request is cancelled. */
    public ActionResult block(Actor actor, String groupRef, String target) {
        return run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = load(tx, groupId);
            Person p = person(tx, target);
            Decision decision = rules.decide(actor, new Action.BlockUser(g.facts(), p.dnNorm()));
            if (!decision.allowed()) {
                return refuse(tx, actor, "block", g, p.dn(), decision);
            }
            if (tx.isBlocked(groupId, p.dnNorm())) {
                return new Outcome(ActionResult.unchanged(decision.rule(), p.label() + " already is blocked from '"
                        + g.group().name() + "'"));
            }
            Instant now = clock.instant();
            List<Long> outbox = new ArrayList<>();
            if (g.isMember(tx, p)) {
                outbox.add(tx.enqueue(new OutboxItem(groupId, g.group().dn(), OutboxOperation.REMOVE_MEMBER, p.dn(),
                        null, null), now));
            }
            List<Notification> told = new ArrayList<>();
            Optional<JoinRequest> open = tx.pendingRequest(groupId, p.dnNorm());
            if (open.isPresent()) {
                tx.closeRequest(open.get().id(), RequestState.DENIED, actor.dn(), now, "blocked by an administrator",
                        settingsVersion());
                told.add(new Notification(Notification.Event.DENIED, open.get().id(), g.group().dn(),
                        g.group().name(), p.dn(), Optional.empty(), actor.dn(),
                        Optional.of("blocked by an administrator"), List.of(p.dn()), now));
            }
            tx.block(groupId, p, actor.dn(), now);
            audit(tx, actor, "block", g, p.dn(), "allowed", decision.rule(), decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), p.label() + " is blocked from '" + g.group().name()
                    + "'" + (outbox.isEmpty() ? "" : " and removed from it"),
                    open.map(JoinRequest::id).orElse(null), groupId, outbox), told);
        });
    }

    // ---------------------------------------------------------------- views

    /** What a listing shows for a membership or ownership the directory holds. */
    public static final String IN_DIRECTORY = "in directory";

    /** A membership or ownership as a listing shows it: in the directory, or an outstanding write-back. */
    public record Entry(String dn, String status) {
    }

    /** A group a person is involved in, for {@code groups mine}. */
    public record MyGroup(StoredGroup group, boolean owner, String ownerStatus, boolean member, String memberStatus) {
    }

    /** A2: the members, each with its write-back status (R6); refused for people who neither own nor belong. */
    public Listing<Entry> members(Actor actor, String groupRef) {
        return store.inTransaction(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = loadAny(tx, groupId);
            boolean member = actor.isServicePrincipal() ? false : g.isMember(tx, self(tx, actor));
            Decision decision = rules.decide(actor, new Action.SeeMembers(g.facts(), member));
            if (!decision.allowed()) {
                refuse(tx, actor, "view-members", g, null, decision);
                return Listing.<Entry>refused(decision);
            }
            return Listing.of(entries(g, tx.members(groupId), OutboxOperation.ADD_MEMBER,
                    OutboxOperation.REMOVE_MEMBER));
        });
    }

    /** The owners with their write-back status; anyone may see them, since they are whom to ask (A1). */
    public List<Entry> owners(String groupRef) {
        return store.inTransaction(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = loadAny(tx, groupId);
            List<String> directory = tx.ownerPeople(groupId).stream().map(Person::dn).toList();
            return entries(g, directory, OutboxOperation.ADD_OWNER, OutboxOperation.REMOVE_OWNER);
        });
    }

    // A group still being created has its first owners and members only in its create-group write-back. A parked
    // add is shown unless the directory holds the value anyway, so a refused change does not vanish from sight.
    private List<Entry> entries(Loaded g, List<String> stored, OutboxOperation add, OutboxOperation remove) {
        String storedStatus = g.group().creating() ? g.pending().stream()
                .filter(w -> w.operation() == OutboxOperation.CREATE_GROUP).reduce((first, last) -> last)
                .map(w -> w.status() + " (new group, outbox " + w.id() + ")").orElse("pending write-back (new group)")
                : IN_DIRECTORY;
        Map<String, Entry> byNorm = new LinkedHashMap<>();
        for (String dn : stored) {
            byNorm.put(normalized(dn), new Entry(dn, storedStatus));
        }
        for (PendingWrite w : g.pending()) {
            if (w.operation() == add) {
                String norm = normalized(w.valueDn());
                Entry there = byNorm.get(norm);
                boolean directoryHasIt = there != null && IN_DIRECTORY.equals(there.status());
                if (!w.failed() || !directoryHasIt) {
                    byNorm.put(norm, new Entry(w.valueDn(), w.status() + " (outbox " + w.id() + ")"));
                }
            } else if (w.operation() == remove) {
                String norm = normalized(w.valueDn());
                if (byNorm.containsKey(norm)) {
                    byNorm.put(norm, new Entry(w.valueDn(), "removal " + w.status() + " (outbox " + w.id() + ")"));
                }
            }
        }
        return List.copyOf(byNorm.values());
    }

    /** Groups the actor is a member or owner of, nested membership not included, with write-back status. */
    public List<MyGroup> myGroups(Actor actor) {
        return store.inTransaction(tx -> {
            Person me = self(tx, actor);
            List<MyGroup> result = new ArrayList<>();
            for (StoredGroup group : tx.groupsInvolving(me.dnNorm(), me.dn())) {
                Loaded g = loadAny(tx, group.id());
                Optional<Entry> member = find(entries(g, tx.isMember(group.id(), me.dnNorm()) ? List.of(me.dn())
                        : List.of(), OutboxOperation.ADD_MEMBER, OutboxOperation.REMOVE_MEMBER), me);
                Optional<Entry> owner = find(entries(g, tx.owners(group.id()).contains(me.dnNorm()) ? List.of(me.dn())
                        : List.of(), OutboxOperation.ADD_OWNER, OutboxOperation.REMOVE_OWNER), me);
                if (member.isPresent() || owner.isPresent()) {
                    result.add(new MyGroup(group, owner.isPresent(), owner.map(Entry::status).orElse(""),
                            member.isPresent(), member.map(Entry::status).orElse("")));
                }
            }
            return result;
        });
    }

    private Optional<Entry> find(List<Entry> entries, Person me) {
        return entries.stream().filter(e -> normalized(e.dn()).equals(me.dnNorm())).findFirst();
    }

    /**
     * Join requests the actor may see (A4, A14): administrators and service principals see every request; others see
     * the requests of groups they own plus their own. Expired requests are swept first (R4).
     *
     * @param groupRef    only this group, may be {@code null}; a person who does not own it is refused
     * @param pendingOnly only pending requests
     */
    public Listing<JoinRequest> requests(Actor actor, String groupRef, boolean pendingOnly) {
        expireRequests();
        return store.inTransaction(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            if (groupId != null) {
                Loaded g = loadAny(tx, groupId);
                if (!actor.isPrivileged() && !g.facts().isOwner(actor.dn())) {
                    Decision refusal = Decision.refuse("A14", "only the owners of this group and administrators can"
                            + " see its requests", settingsVersion());
                    refuse(tx, actor, "view-requests", g, null, refusal);
                    return Listing.<JoinRequest>refused(refusal);
                }
                return Listing.of(tx.requests(new SelfServiceStore.RequestFilter(Set.of(groupId), null, pendingOnly,
                        false)));
            }
            if (actor.isPrivileged()) {
                return Listing.of(tx.requests(new SelfServiceStore.RequestFilter(Set.of(), null, pendingOnly, false)));
            }
            Person me = self(tx, actor);
            Set<String> owned = new HashSet<>();
            for (StoredGroup group : tx.groupsInvolving(me.dnNorm(), me.dn())) {
                if (loadAny(tx, group.id()).facts().isOwner(me.dnNorm())) {
                    owned.add(group.id());
                }
            }
            return Listing.of(tx.requests(new SelfServiceStore.RequestFilter(owned, me.dnNorm(), pendingOnly, true)));
        });
    }

    /** A13: the audit log within the actor's scope: everything for administrators, a group's entries for its owners,
     * otherwise the actor's own actions. */
    public Listing<AuditRecord> audit(Actor actor, String groupRef, Instant since, int limit) {
        return store.inTransaction(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            AuditScope scope;
            Loaded g = null;
            if (groupId != null) {
                g = loadAny(tx, groupId);
                scope = new AuditScope.OfGroup(g.facts());
            } else {
                scope = actor.isPrivileged() ? new AuditScope.Everything() : new AuditScope.OwnActions();
            }
            Decision decision = rules.decide(actor, new Action.ViewAudit(scope));
            if (!decision.allowed()) {
                refuse(tx, actor, "view-audit", g, null, decision);
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
        Decision decision = rules.decide(actor, new Action.UseOutbox(retry));
        if (!decision.allowed()) {
            store.inTransaction(tx -> refuse(tx, actor, retry ? "retry-outbox" : "view-outbox", null, null, null,
                    decision));
        }
        return decision;
    }

    /** A listing, or the refusal that kept the actor from it. */
    public record Listing<T>(Optional<Decision> refusal, List<T> items) {
        public Listing {
            Objects.requireNonNull(refusal, "refusal");
            items = List.copyOf(items);
        }

        static <T> Listing<T> of(List<T> items) {
            return new Listing<>(Optional.empty(), items);
        }

        static <T> Listing<T> refused(Decision decision) {
            return new Listing<>(Optional.of(decision), List.of());
        }
    }

    // ---------------------------------------------------------------- plumbing

    /** What a transaction produced, and whom to tell once it committed. */
    private record Outcome(ActionResult result, List<Notification> notifications) {
        Outcome(ActionResult result) {
            this(result, List.of());
        }
    }

    private ActionResult run(java.util.function.Function<SelfServiceStore.Tx, Outcome> work) {
        Outcome outcome = store.inTransaction(work);
        if (!outcome.result().outboxIds().isEmpty()) {
            outboxWritten.run();
        }
        outcome.notifications().forEach(notifications::send);
        return outcome.result();
    }

    /** A group with its pending write-backs and the facts the rules see once those apply. */
    private final class Loaded {
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

        /** Member once the outstanding write-backs apply; the latest write for the person wins. */
        boolean isMember(SelfServiceStore.Tx tx, Person p) {
            boolean member = tx.isMember(group.id(), p.dnNorm());
            for (PendingWrite w : outstanding()) {
                if (w.valueDn() != null && normalized(w.valueDn()).equals(p.dnNorm())) {
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
    private Loaded load(SelfServiceStore.Tx tx, String groupId) {
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

    private Loaded loadAny(SelfServiceStore.Tx tx, String groupId) {
        StoredGroup group = tx.group(groupId)
                .orElseThrow(() -> new InvalidInputException(InputProblem.NO_SUCH_GROUP,
                        "no group with id " + groupId));
        return new Loaded(group, tx.owners(groupId), tx.pendingWrites(groupId));
    }

    private Person self(SelfServiceStore.Tx tx, Actor actor) {
        if (actor.isServicePrincipal()) {
            throw new InvalidInputException(InputProblem.NOT_A_PERSON,
                    "a service principal is not a person: it cannot join, leave or own groups");
        }
        return tx.person(actor.dn()).orElseThrow(() -> new InvalidInputException(InputProblem.NO_SUCH_PERSON,
                "your entry " + actor.dn() + " is not in the group store yet; it arrives with the next reconcile"));
    }

    /** A person named by DN, login or mail; exactly one must match. */
    private Person person(SelfServiceStore.Tx tx, String text) {
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
                    + " you mean: " + found.stream().map(Person::dn).toList());
        }
        return found.get(0);
    }

    private String normalized(String dn) {
        return names.normalize(dn).orElse(dn);
    }

    private static InvalidInputException unknownRequest(long id) {
        return new InvalidInputException(InputProblem.NO_SUCH_REQUEST, "no join request " + id);
    }

    private String settingsVersion() {
        return options.settings().version();
    }

    private Outcome refuse(SelfServiceStore.Tx tx, Actor actor, String action, Loaded g, String targetDn,
            Decision decision) {
        return refuse(tx, actor, action, g == null ? null : g.group().id(), g == null ? null : g.group().dn(),
                targetDn, decision);
    }

    private Outcome refuse(SelfServiceStore.Tx tx, Actor actor, String action, String groupId, String groupDn,
            String targetDn, Decision decision) {
        tx.audit(new AuditRecord(null, clock.instant(), actor.dn(), action, groupId, groupDn, targetDn, "refused",
                decision.rule(), decision.reason(), decision.settingsVersion()));
        return new Outcome(ActionResult.refused(decision));
    }

    private void audit(SelfServiceStore.Tx tx, Actor actor, String action, Loaded g, String targetDn, String outcome,
            String rule, String detail) {
        audit(tx, actor, action, g.group().id(), g.group().dn(), targetDn, outcome, rule, detail);
    }

    private void audit(SelfServiceStore.Tx tx, Actor actor, String action, String groupId, String groupDn,
            String targetDn, String outcome, String rule, String detail) {
        tx.audit(new AuditRecord(null, clock.instant(), actor.dn(), action, groupId, groupDn, targetDn, outcome, rule,
                detail, settingsVersion()));
    }
}
