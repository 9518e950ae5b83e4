package io.groupbridge.selfservice;

import io.groupbridge.model.Channel;
import io.groupbridge.model.CreateGroupPayload;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.NewGroup;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.ActionSupport.Loaded;
import io.groupbridge.selfservice.ActionSupport.Outcome;
import io.groupbridge.selfservice.rules.Action;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.NamingPolicy;
import io.groupbridge.selfservice.rules.RequestEvent;
import io.groupbridge.selfservice.rules.RequestState;
import io.groupbridge.selfservice.rules.RequestTransitions;
import io.groupbridge.selfservice.rules.Rules;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Creating, finding, editing, deleting groups and blocking people from them (spec A7, A8, A11, A12), over the
 * {@link SelfServiceStore} port. Each action asks {@link Rules}, and on an allowed action makes the change, its
 * write-back outbox rows and its audit entry in one store transaction; refusals are audited too (A15).
 *
 * <p>Groups are passed by store id, or found with {@link #findGroup}. Bad input throws {@link InvalidInputException}
 * and changes nothing. Thread-safe if the store is.
 */
public final class GroupService {

    private final ActionSupport core;
    private final CreateGroupPayload payloads = new CreateGroupPayload();

    GroupService(ActionSupport core) {
        this.core = core;
    }

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
        String typed = TextInput.groupName(rawName, core.options().maxNameLength());
        NamingPolicy.Named named = named(actor, typed);
        String name = named.name();
        String description = TextInput.description(rawDescription);
        GroupTemplate template = core.options().groupTemplate();
        Channel channel = actor.isPrivileged() ? Channel.API : Channel.SELF_SERVICE;
        JoinPolicy chosen = policy.orElse(JoinPolicy.defaultFor(kind, channel));
        String dn = core.names().groupDn(name);
        String dnNorm = core.names().normalize(dn).orElseThrow();
        Optional<String> nameAsDn = core.names().normalize(name);
        return core.run(tx -> {
            Decision decision = core.rules().decide(actor, new Action.CreateGroup(kind, chosen));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "create-group", null, dn, null, decision);
            }
            if (!named.decision().allowed()) {
                return core.refuse(tx, actor, "create-group", null, dn, null, named.decision());
            }
            if (!template.kinds().contains(kind)) {
                throw new InvalidInputException(InputProblem.KIND_NOT_RECORDABLE,
                        "the directory mapping has no way to record a " + kind.wireName()
                        + " group (mapping.kindAttribute), so it would read back as another kind; create it as one of "
                        + template.kinds().stream().map(GroupKind::wireName).sorted().toList());
            }
            requireDistinctName(tx, name, dnNorm, nameAsDn, null);
            Map<String, Person> owners = new LinkedHashMap<>();
            // An administrator's security group gets only the owners they name, as in Entra's admin console.
            boolean namedOwnersOnly = actor.isAdministrator() && kind == GroupKind.SECURITY;
            if (actor.kind() == ActorKind.PERSON && !namedOwnersOnly) {
                Person creator = core.self(tx, actor);
                owners.put(creator.dn().normalized(), creator);
            }
            for (String ownerName : ownerNames) {
                Person p = core.person(tx, ownerName);
                owners.putIfAbsent(p.dn().normalized(), p);
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
            StoredGroup group = new StoredGroup(id, new Dn(dn, dnNorm), name, description, kind, false, false, false,
                    channel, chosen, StoredGroup.CREATING);
            Instant now = core.clock().instant();
            // Owners start as members too: as in Entra, a new group's creators are in it, and groupOfNames needs a member.
            tx.insertCreatingGroup(group, description, people, people, actor.dn(), now);
            long outbox = tx.enqueue(new OutboxItem(id, dn, OutboxOperation.CREATE_GROUP, null,
                    createPayload(group, description, people), null), now);
            core.audit(tx, actor, "create-group", id, dn, null, "allowed", decision.rule(),
                    decision.reason() + "; kind " + kind.wireName() + ", channel " + channel.wireName() + ", policy "
                            + chosen.wireName() + ", owners " + people.stream().map(p -> p.dn().written()).toList());
            return new Outcome(ActionResult.done(decision.rule(), "created group '" + name + "' (" + dn + ")",
                    null, id, List.of(outbox)));
        });
    }

    /**
     * N1-N5: the name the naming policy gives what {@code actor} typed, or its refusal. The creator's attributes are
     * read from the directory only when the policy holds them and names any. A rename calls this too (N6).
     */
    NamingPolicy.Named named(Actor actor, String typed) {
        NamingPolicy policy = core.options().naming();
        Map<String, String> attributes = policy.holds(actor) && !policy.attributes().isEmpty()
                ? core.attributes().read(actor.dn(), policy.attributes()) : Map.of();
        return policy.name(actor, typed, attributes, core.options().maxNameLength(), core.settingsVersion());
    }

    /**
     * The one group {@code text} names, for every surface (command line, API, web panel): its id (a created group's
     * provisional id too, after the directory gave it its own), its name ignoring case and Unicode spelling (names
     * are compared in NFC), or its DN in any spelling, or a DN it had before groupbridge renamed it (when no group is
     * at that DN now).
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
        List<StoredGroup> found = core.store().inTransaction(tx -> {
            Optional<StoredGroup> byId = tx.group(tx.resolveGroupId(t));
            if (byId.isPresent()) {
                return List.of(byId.get());
            }
            Optional<String> asDn = core.names().normalize(t);
            List<StoredGroup> named = tx.groupsNamedOrAt(t, asDn.orElse(null));
            if (!named.isEmpty() || asDn.isEmpty()) {
                return named;
            }
            // A DN a group had before groupbridge renamed it still names that group, unless a group holds it now.
            return tx.groupsOnceAt(asDn.get()).stream().map(tx::group).flatMap(Optional::stream).toList();
        });
        List<StoredGroup> live = found.stream().filter(g -> !g.deleted()).toList();
        List<StoredGroup> candidates = live.isEmpty() ? found : live;
        if (candidates.isEmpty()) {
            throw new InvalidInputException(InputProblem.NO_SUCH_GROUP, "no group named '" + t + "'");
        }
        if (candidates.size() > 1) {
            StringBuilder sb = new StringBuilder("'" + t + "' names " + candidates.size()
                    + " groups; give the DN of the one you mean:");
            candidates.forEach(g -> sb.append(System.lineSeparator()).append("  ").append(g.dn().written()));
            throw new InvalidInputException(InputProblem.AMBIGUOUS_GROUP, sb.toString());
        }
        return candidates.get(0);
    }

    /*
     * A name must pick out one group wherever a name or a DN is accepted: not another group's name, nor its DN, and
     * no other group's name may read as the new group's DN. A renamed group ({@code self}; null at creation) does
     * not stand in its own way.
     */
    private void requireDistinctName(SelfServiceStore.Tx tx, String name, String dnNorm, Optional<String> nameAsDn,
            String self) {
        if (tx.groupsNamedOrAt(name, dnNorm).stream().anyMatch(g -> !g.deleted() && !g.id().equals(self))) {
            throw new InvalidInputException(InputProblem.NAME_TAKEN, "a group named '" + name + "' already exists");
        }
        if (nameAsDn.isPresent() && tx.groupsNamedOrAt(null, nameAsDn.get()).stream()
                .anyMatch(g -> !g.deleted() && !g.id().equals(self))) {
            throw new InvalidInputException(InputProblem.NAME_IS_A_DN,
                    "'" + name + "' is the DN of an existing group; a group name may not be"
                    + " another group's DN");
        }
        for (StoredGroup other : tx.groupsWithDnLikeNames()) {
            if (!other.id().equals(self) && core.names().normalize(other.name()).filter(dnNorm::equals).isPresent()) {
                throw new InvalidInputException(InputProblem.NAME_LIKE_A_DN,
                        "the group '" + other.name() + "' (" + other.dn().written() + ") is named like"
                        + " the DN this group would get; choose another name");
            }
        }
    }

    private String createPayload(StoredGroup g, String description, List<Person> people) {
        List<String> dns = people.stream().map(p -> p.dn().written()).toList();
        GroupTemplate template = core.options().groupTemplate();
        return payloads.write(new NewGroup(g.dn().written(), g.name(), g.kind(), description, g.policy(), g.channel(),
                dns, dns,
                template.objectClasses(), template.memberAttribute()));
    }

    /**
     * A8: changes a group's join policy (P5: leaving owner-approval cancels its pending requests), its description
     * and its name. The policy is groupbridge's and changes at once; the description and the name are the
     * directory's, so they go out as {@code set-description} and {@code rename-group} outbox rows in the same
     * transaction and the store shows the old ones until the directory confirmed the new ones (R6). A blank
     * description removes it. A new name is checked as at creation: its characters and length, and that it picks
     * out this group alone, against the other groups (live ones, and names other renames are about to give).
     *
     * @throws InvalidInputException when the name is not acceptable or taken, when the group is still being created
     *     (its name is in the create-group row already on its way), or when nothing is to change
     */
    public ActionResult editGroup(Actor actor, String groupRef, Optional<String> newName,
            Optional<String> newDescription, Optional<JoinPolicy> newPolicy) {
        if (newName.isEmpty() && newDescription.isEmpty() && newPolicy.isEmpty()) {
            throw new InvalidInputException(InputProblem.NOTHING_TO_CHANGE,
                    "nothing to change: give a new name, description or join policy");
        }
        // N6: a new name is held to the naming policy as a creation is.
        Optional<NamingPolicy.Named> named = newName.map(n -> named(actor, TextInput.groupName(n,
                core.options().maxNameLength())));
        Optional<String> name = named.map(NamingPolicy.Named::name);
        Optional<Optional<String>> description = newDescription.map(d -> Optional.ofNullable(TextInput.description(d)));
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Decision decision = core.rules().decide(actor, new Action.EditGroup(g.facts(), newPolicy));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "edit-group", g, null, decision);
            }
            StoredGroup group = g.group();
            Optional<JoinPolicy> policy = newPolicy.filter(p -> p != group.policy());
            Optional<Optional<String>> text = description.filter(d -> !d.equals(Optional.ofNullable(
                    group.description())));
            Optional<String> rename = name.filter(n -> !n.equals(g.nameOnceWritten()));
            if (rename.isPresent()) {
                if (!named.orElseThrow().decision().allowed()) {
                    return core.refuse(tx, actor, "edit-group", g, null, named.get().decision());
                }
                if (group.creating()) {
                    throw new InvalidInputException(InputProblem.GROUP_BEING_CREATED, "group '" + group.name()
                            + "' is still being created in the directory; rename it once it is there");
                }
                requireNameForRename(tx, group, rename.get());
            }
            if (policy.isEmpty() && text.isEmpty() && rename.isEmpty()) {
                return new Outcome(ActionResult.unchanged(decision.rule(), "'" + group.name() + "' already is as"
                        + " asked"));
            }
            Instant now = core.clock().instant();
            List<String> changes = new ArrayList<>();
            List<Notification> told = new ArrayList<>();
            if (policy.isPresent()) {
                tx.updateGroup(groupId, group.name(), group.description(), policy.get(), now);
                if (RequestTransitions.cancelsPendingRequests(group.policy(), policy.get())) {
                    for (JoinRequest r : tx.pendingRequests(groupId)) {
                        told.add(core.sweep(tx, r, RequestEvent.policyChanged(), g, actor.dn(), now));
                    }
                }
                changes.add("policy " + group.policy().wireName() + " -> " + policy.get().wireName());
            }
            List<Long> outbox = new ArrayList<>();
            if (rename.isPresent()) {
                outbox.add(tx.enqueue(new OutboxItem(groupId, group.dn().written(), OutboxOperation.RENAME_GROUP, null,
                        rename.get(), null), now));
                changes.add("name '" + g.nameOnceWritten() + "' -> '" + rename.get() + "'");
            }
            if (text.isPresent()) {
                outbox.add(tx.enqueue(new OutboxItem(groupId, group.dn().written(), OutboxOperation.SET_DESCRIPTION,
                        null,
                        text.get().orElse(null), null), now));
                changes.add("description " + quoted(group.description()) + " -> " + quoted(text.get().orElse(null)));
            }
            core.audit(tx, actor, "edit-group", g, null, "allowed", decision.rule(), decision.reason() + "; "
                    + String.join("; ", changes));
            List<String> said = new ArrayList<>();
            policy.ifPresent(p -> said.add("policy of '" + group.name() + "' is now " + p.wireName()
                    + (told.isEmpty() ? "" : "; " + told.size() + " pending request(s) cancelled")));
            rename.ifPresent(n -> said.add("renaming '" + g.nameOnceWritten() + "' to '" + n
                    + "' is queued for the directory"));
            text.ifPresent(t -> said.add((t.isPresent() ? "new description" : "removing the description")
                    + " of '" + group.name() + "' is queued for the directory"));
            return new Outcome(ActionResult.done(decision.rule(), String.join("; ", said), null, groupId, outbox),
                    told);
        });
    }

    /*
     * As at creation, but the group itself does not count: a rename that only changes the case of its name is
     * allowed. A name another rename is about to give counts as taken, so two renames cannot race to one name.
     */
    private void requireNameForRename(SelfServiceStore.Tx tx, StoredGroup group, String name) {
        String dn;
        try {
            dn = core.names().renamedDn(group.dn().written(), name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InputProblem.NAME_CHARACTER, "group '" + group.name() + "' cannot be"
                    + " renamed: its DN " + group.dn().written() + " does not parse");
        }
        String dnNorm = core.names().normalize(dn).orElseThrow();
        requireDistinctName(tx, name, dnNorm, core.names().normalize(name), group.id());
        if (tx.nameQueued(name, group.id())) {
            throw new InvalidInputException(InputProblem.NAME_TAKEN, "another group is being renamed to '" + name
                    + "'");
        }
    }

    private static String quoted(String description) {
        return description == null ? "(none)" : "'" + description + "'";
    }

    /** A11: administrators delete a group; its pending requests are cancelled at once (R3). */
    public ActionResult deleteGroup(Actor actor, String groupRef) {
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Decision decision = core.rules().decide(actor, new Action.DeleteGroup(g.facts()));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "delete-group", g, null, decision);
            }
            Instant now = core.clock().instant();
            List<Notification> told = new ArrayList<>();
            for (JoinRequest r : tx.pendingRequests(groupId)) {
                told.add(core.sweep(tx, r, RequestEvent.groupDeleted(), g, actor.dn(), now));
            }
            long outbox = tx.enqueue(new OutboxItem(groupId, g.group().dn().written(), OutboxOperation.DELETE_GROUP,
                    null, null,
                    null), now);
            core.audit(tx, actor, "delete-group", g, null, "allowed", decision.rule(), decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), "deleted group '"
                    + g.group().name() + "'", null, groupId,
                    List.of(outbox)), told);
        });
    }

    /**
     * A12: an administrator lifts a block, so the person may join or ask to join again; they are not put back in
     * the group. Lifting a block that is not there changes nothing.
     */
    public ActionResult unblock(Actor actor, String groupRef, String target) {
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Person p = core.person(tx, target);
            Decision decision = core.rules().decide(actor, new Action.BlockUser(g.facts(), p.dn().normalized()));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "unblock", g, p.dn().written(), decision);
            }
            if (!tx.isBlocked(groupId, p.dn().normalized())) {
                return new Outcome(ActionResult.unchanged(decision.rule(), p.label() + " is not blocked from '"
                        + g.group().name() + "'"));
            }
            tx.unblock(groupId, p.dn().normalized());
            core.audit(tx, actor, "unblock", g, p.dn().written(), "allowed", decision.rule(), decision.reason()
                    + "; block lifted");
            return new Outcome(ActionResult.done(decision.rule(), p.label() + " is no longer blocked from '"
                    + g.group().name() + "'", null, groupId, List.of()));
        });
    }

    /** A12: an administrator removes a person and refuses their future requests; their pending request is cancelled. */
    public ActionResult block(Actor actor, String groupRef, String target) {
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Person p = core.person(tx, target);
            Decision decision = core.rules().decide(actor, new Action.BlockUser(g.facts(), p.dn().normalized()));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "block", g, p.dn().written(), decision);
            }
            if (tx.isBlocked(groupId, p.dn().normalized())) {
                return new Outcome(ActionResult.unchanged(decision.rule(), p.label() + " already is blocked from '"
                        + g.group().name() + "'"));
            }
            Instant now = core.clock().instant();
            List<Long> outbox = new ArrayList<>();
            if (g.isMember(tx, p)) {
                outbox.add(tx.enqueue(new OutboxItem(groupId, g.group().dn().written(), OutboxOperation.REMOVE_MEMBER,
                        p.dn().written(),
                        null, null), now));
            }
            List<Notification> told = new ArrayList<>();
            Optional<JoinRequest> open = tx.pendingRequest(groupId, p.dn().normalized());
            if (open.isPresent()) {
                tx.closeRequest(open.get().id(), RequestState.DENIED, actor.dn(), now, "blocked by an administrator",
                        core.settingsVersion());
                told.add(new Notification(Notification.Event.DENIED, open.get().id(), g.group().dn().written(),
                        g.group().name(), p.dn().written(), Optional.empty(), actor.dn(),
                        Optional.of("blocked by an administrator"), List.of(p.dn().written()), now));
            }
            tx.block(groupId, p, actor.dn(), now);
            tx.clearMembershipEnd(groupId, p.dn().normalized());
            core.audit(tx, actor, "block", g, p.dn().written(), "allowed", decision.rule(), decision.reason());
            return new Outcome(ActionResult.done(decision.rule(), p.label() + " is blocked from '" + g.group().name()
                    + "'" + (outbox.isEmpty() ? "" : " and removed from it"),
                    open.map(JoinRequest::id).orElse(null), groupId, outbox), told);
        });
    }
}
