package io.groupbridge.selfservice;

import io.groupbridge.model.CreateGroupPayload;
import io.groupbridge.model.MailKind;
import io.groupbridge.model.NewGroup;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.ActionSupport.Loaded;
import io.groupbridge.selfservice.ActionSupport.Outcome;
import io.groupbridge.selfservice.GroupLifetimes.ExpiredGroup;
import io.groupbridge.selfservice.GroupLifetimes.ExpiringGroup;
import io.groupbridge.selfservice.rules.Action;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.GroupExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Groups that expire unless renewed, as Entra's expiration policy (spec E1-E4): owners renew, the daemon's job
 * reminds and expires, administrators restore. An expired group leaves the directory through a {@code delete-group}
 * outbox row and stays in the store, deleted, with its owners and members; a restore re-creates it through a
 * {@code create-group} row, and the write-back moves its history to the id the directory gives the new entry, as it
 * does for a group created through self-service. Thread-safe if the store is.
 */
public final class GroupExpirationService {

    private final ActionSupport core;
    private final CreateGroupPayload payloads = new CreateGroupPayload();

    GroupExpirationService(ActionSupport core) {
        this.core = core;
    }

    /**
     * The failsafe's limit on expiring groups: the reconcile's {@code maxRemovalShare} of the groups in the store,
     * since expiring many groups at once looks, to whoever reads the directory, like the mass deletion the
     * failsafe is there to stop.
     */
    @FunctionalInterface
    public interface RemovalLimit {
        /** @return why removing {@code removed} of {@code stored} groups at once is refused, if it is */
        Optional<String> refuses(int stored, int removed);
    }

    /**
     * A group under the policy and when it expires.
     *
     * @param renewedAt its last renewal, if any
     * @param owners    how many owners the store holds; 0 makes it the administrators' to renew (E2)
     */
    public record GroupLifetime(StoredGroup group, Instant expiresAt, Optional<Instant> renewedAt, int owners) {
        public GroupLifetime {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(renewedAt, "renewedAt");
        }
    }

    /**
     * What one run of {@link #expireGroups} did.
     *
     * @param expired   groups expired: their delete-group rows are queued
     * @param reminded  reminders sent (E2)
     * @param outboxIds the delete-group rows
     * @param held      why the failsafe held the run's expiries back, if it did; nothing was expired then
     */
    public record ExpirationRun(int expired, int reminded, List<Long> outboxIds, Optional<String> held) {
        public ExpirationRun {
            outboxIds = List.copyOf(outboxIds);
            Objects.requireNonNull(held, "held");
        }
    }

    /** Whether any group expires under the conf in force. */
    public boolean enabled() {
        return core.options().expiry().lifetime().isPresent() && !core.options().expiry().kinds().isEmpty();
    }

    /**
     * E1, E2: every group the policy covers, soonest expiry first. Open to anyone signed in, as the list of groups
     * is (A1); it names no member.
     */
    public List<GroupLifetime> lifetimes() {
        if (!enabled()) {
            return List.of();
        }
        GroupExpiry policy = core.options().expiry();
        Instant now = core.clock().instant();
        return core.store().inTransaction(tx -> {
            Instant start = tx.lifetimes().start().orElse(now);
            return tx.lifetimes().groupsOfKinds(policy.kinds()).stream().map(g -> lifetime(policy, g, start))
                    .sorted(Comparator.comparing(GroupLifetime::expiresAt)).toList();
        });
    }

    /**
     * E2: how many days before its expiry a group's owners first hear of it (the longest of {@code remindBefore}),
     * 0 when no reminder is configured.
     */
    public int firstReminderDays() {
        return core.options().expiry().remindBefore().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * E1, E2: the groups of {@link #lifetimes} whose expiry is at most {@link #firstReminderDays} away, soonest first,
     * those whose expiry came but which the job has not expired yet included.
     */
    public List<GroupLifetime> expiringSoon() {
        Instant horizon = core.clock().instant().plus(Duration.ofDays(firstReminderDays()));
        return lifetimes().stream().filter(l -> !l.expiresAt().isAfter(horizon)).toList();
    }

    /** E1: when the group expires, if the policy covers it and it is in the directory. */
    public Optional<GroupLifetime> lifetime(String groupId) {
        if (!enabled()) {
            return Optional.empty();
        }
        GroupExpiry policy = core.options().expiry();
        Instant now = core.clock().instant();
        return core.store().inTransaction(tx -> tx.lifetimes().group(tx.resolveGroupId(groupId))
                .filter(g -> !g.group().deleted() && !g.group().creating() && policy.covers(g.group().kind()))
                .map(g -> lifetime(policy, g, tx.lifetimes().start().orElse(now))));
    }

    /** E3: the expired groups not restored, newest first, each with the end of its restore window. */
    public List<ExpiredGroup> expiredGroups() {
        return core.store().inTransaction(tx -> tx.lifetimes().expiredGroups());
    }

    /**
     * E4: why an administrator cannot restore this expired group now, as {@link #restore} would answer: its removal
     * is still on its way to the directory, or its restore window ended. Empty when it can be restored.
     */
    public Optional<String> notRestorable(ExpiredGroup e) {
        if (!e.group().deleted()) {
            return Optional.of("it is still being removed from the directory; restore it once that is done");
        }
        if (core.clock().instant().isAfter(e.restoreUntil())) {
            return Optional.of("its restore window ended at " + e.restoreUntil() + " (spec E4)");
        }
        return Optional.empty();
    }

    private static GroupLifetime lifetime(GroupExpiry policy, ExpiringGroup g, Instant start) {
        return new GroupLifetime(g.group(), policy.expiresAt(g.createdAt(), g.renewedAt(), start), g.renewedAt(),
                g.owners());
    }

    /**
     * E1: an owner, or an administrator (E2: the only ones for a group without owners), starts the group's lifetime
     * again.
     *
     * @throws InvalidInputException {@link InputProblem#NOT_EXPIRING} when the policy does not cover the group
     */
    public ActionResult renew(Actor actor, String groupRef) {
        GroupExpiry policy = core.options().expiry();
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.load(tx, groupId);
            Decision decision = core.rules().decide(actor, new Action.RenewGroup(g.facts()));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "renew-group", g, null, decision);
            }
            if (!policy.covers(g.group().kind())) {
                throw new InvalidInputException(InputProblem.NOT_EXPIRING, "group '" + g.group().name()
                        + "' does not expire: " + (policy.lifetime().isEmpty() ? "groups do not expire here"
                        : g.group().kind().wireName() + " groups do not expire here") + ", so it needs no renewal");
            }
            Instant now = core.clock().instant();
            tx.lifetimes().started(now);
            tx.lifetimes().renew(groupId, actor.dn(), now);
            Instant expiresAt = now.plus(policy.lifetime().orElseThrow());
            core.audit(tx, actor, "renew-group", g, null, "allowed", decision.rule(), decision.reason()
                    + "; expires at " + expiresAt);
            return new Outcome(ActionResult.done(decision.rule(), "renewed group '" + g.group().name()
                    + "'; it expires at " + expiresAt, null, groupId, List.of()));
        });
    }

    /**
     * E1-E3, for the daemon's job and {@code groups expire}: reminds the owners of the groups whose expiry is near
     * and expires the groups whose expiry came, removing them from the directory through the outbox. The first run
     * with a lifetime set records when the policy started (see {@link GroupExpiry#expiresAt}). A run that would
     * expire more than the failsafe allows expires none and says why; its reminders are still sent.
     */
    public ExpirationRun expireGroups(RemovalLimit limit) {
        if (!enabled()) {
            return new ExpirationRun(0, 0, List.of(), Optional.empty());
        }
        GroupExpiry policy = core.options().expiry();
        Instant now = core.clock().instant();
        List<Notification> reminders = new ArrayList<>();
        ExpirationRun run = core.store().inTransaction(tx -> {
            reminders.clear();
            GroupLifetimes lifetimes = tx.lifetimes();
            lifetimes.started(now);
            Instant start = lifetimes.start().orElseThrow();
            List<ExpiringGroup> covered = lifetimes.groupsOfKinds(policy.kinds());
            List<Loaded> due = new ArrayList<>();
            List<Instant> dueAt = new ArrayList<>();
            for (ExpiringGroup g : covered) {
                Instant expiresAt = policy.expiresAt(g.createdAt(), g.renewedAt(), start);
                Loaded loaded = core.loadAny(tx, g.group().id());
                if (loaded.outstanding().stream().anyMatch(w -> w.operation() == OutboxOperation.DELETE_GROUP)) {
                    continue;
                }
                if (!now.isBefore(expiresAt)) {
                    due.add(loaded);
                    dueAt.add(expiresAt);
                    continue;
                }
                Optional<Integer> days = policy.reminderDue(expiresAt, now,
                        lifetimes.closestReminder(g.group().id(), expiresAt));
                if (days.isPresent()) {
                    lifetimes.recordReminder(g.group().id(), expiresAt, days.get(), now);
                    reminders.add(remind(tx, loaded, expiresAt, days.get(), now));
                }
            }
            if (due.isEmpty()) {
                return new ExpirationRun(0, reminders.size(), List.of(), Optional.empty());
            }
            Optional<String> held = limit.refuses(lifetimes.activeGroups(), due.size());
            if (held.isPresent()) {
                return new ExpirationRun(0, reminders.size(), List.of(), held);
            }
            List<Long> outbox = new ArrayList<>();
            for (int i = 0; i < due.size(); i++) {
                outbox.add(expire(tx, due.get(i), dueAt.get(i), policy, now));
            }
            return new ExpirationRun(due.size(), reminders.size(), outbox, Optional.empty());
        });
        reminders.forEach(core.notifications()::send);
        if (!run.outboxIds().isEmpty()) {
            core.outboxWritten();
        }
        return run;
    }

    /*
     * E2: the R7 sink's event, and with mail on (M1) a mail to each owner, or to each administrator for a group nobody
     * owns, queued in the transaction that records the reminder.
     */
    private Notification remind(SelfServiceStore.Tx tx, Loaded g, Instant expiresAt, int days, Instant now) {
        List<Person> ownerPeople = tx.ownerPeople(g.group().id());
        List<String> owners = ownerPeople.stream().map(p -> p.dn().written()).toList();
        String whom = owners.isEmpty() ? "it has no owner: the administrators renew it" : "its owners renew it";
        String reason = "expires at " + expiresAt + " (in " + days + " day" + (days == 1 ? "" : "s") + ") unless "
                + whom;
        String mailed = "";
        if (core.options().mail().enabled()) {
            List<Person> to = owners.isEmpty() ? core.administrators(tx) : ownerPeople;
            MailKind kind = owners.isEmpty() ? MailKind.GROUP_EXPIRING_OWNERLESS : MailKind.GROUP_EXPIRING;
            int queued = 0;
            for (Person p : to) {
                queued += tx.enqueueMail(new MailItem(kind, p.dn(), g.group().id(), g.group().name(), null, p.dn(),
                        null, null, null, expiresAt), now) ? 1 : 0;
            }
            mailed = "; mailed to " + queued + " of " + to.size() + (owners.isEmpty() ? " administrator(s)"
                    : " owner(s)") + (queued < to.size() ? ", the others have no mail address (M1)" : "");
        }
        tx.audit(new AuditRecord(null, now, ActionSupport.SYSTEM_ACTOR, "group-expiry-reminder", g.group().id(),
                g.group().dn().written(), null, "done", "E2", reason + mailed, core.settingsVersion()));
        return new Notification(Notification.Event.GROUP_EXPIRING, 0, g.group().dn().written(), g.group().name(), "",
                Optional.empty(), ActionSupport.SYSTEM_ACTOR, Optional.of(reason), owners, now);
    }

    private long expire(SelfServiceStore.Tx tx, Loaded g, Instant expiresAt, GroupExpiry policy, Instant now) {
        Instant until = policy.restoreUntil(now);
        tx.lifetimes().recordExpired(g.group().id(), expiresAt, now, until);
        long row = tx.enqueue(new OutboxItem(g.group().id(), g.group().dn().written(), OutboxOperation.DELETE_GROUP,
                null, null, null), now);
        tx.audit(new AuditRecord(null, now, ActionSupport.SYSTEM_ACTOR, "group-expired", g.group().id(),
                g.group().dn().written(), null, "done", "E3", "expired at " + expiresAt + " without a renewal;"
                + " removed from the directory (outbox " + row + "); an administrator may restore it until " + until,
                core.settingsVersion()));
        return row;
    }

    /**
     * E4: an administrator re-creates an expired group in the directory, within its restore window, with the owners
     * and members the store kept; its lifetime starts again. The store holds it as {@code creating} until the
     * directory confirms the entry, then under the entry's new id (the old one still finds it).
     *
     * @throws InvalidInputException {@link InputProblem#NOT_EXPIRED} for a group the policy did not expire, or one
     *     restored already; {@link InputProblem#GROUP_BEING_DELETED} while its removal is still on its way;
     *     {@link InputProblem#NAME_TAKEN} when another group has its name or DN now
     */
    public ActionResult restore(Actor actor, String groupRef) {
        return core.run(tx -> {
            String groupId = tx.resolveGroupId(groupRef);
            Loaded g = core.loadAny(tx, groupId);
            StoredGroup group = g.group();
            Decision decision = core.rules().decide(actor, new Action.RestoreGroup(g.facts()));
            if (!decision.allowed()) {
                return core.refuse(tx, actor, "restore-group", g, null, decision);
            }
            Optional<ExpiredGroup> expired = tx.lifetimes().expired(groupId)
                    .filter(e -> e.restoredAt().isEmpty());
            if (expired.isEmpty()) {
                throw new InvalidInputException(InputProblem.NOT_EXPIRED, "group '" + group.name()
                        + "' was not expired" + (group.deleted() ? " (it was deleted, which cannot be undone)"
                        : tx.lifetimes().expired(groupId).isPresent() ? "; it was restored already" : ""));
            }
            if (!group.deleted()) {
                throw new InvalidInputException(InputProblem.GROUP_BEING_DELETED, "group '" + group.name()
                        + "' is still being removed from the directory; restore it once that is done");
            }
            Instant now = core.clock().instant();
            if (now.isAfter(expired.get().restoreUntil())) {
                return core.refuse(tx, actor, "restore-group", g, null, Decision.refuse("E4", "the restore window of '"
                        + group.name() + "' ended at " + expired.get().restoreUntil(), core.settingsVersion()));
            }
            if (tx.groupsNamedOrAt(group.name(), group.dn().normalized()).stream()
                    .anyMatch(o -> !o.deleted() && !o.id().equals(groupId))) {
                throw new InvalidInputException(InputProblem.NAME_TAKEN, "another group has the name or DN of '"
                        + group.name() + "' (" + group.dn().written() + ") now; rename or delete it first");
            }
            GroupTemplate template = core.options().groupTemplate();
            if (!template.kinds().contains(group.kind())) {
                throw new InvalidInputException(InputProblem.KIND_NOT_RECORDABLE, "the directory mapping has no way"
                        + " to record a " + group.kind().wireName() + " group, so '" + group.name() + "' cannot be"
                        + " re-created as one");
            }
            List<String> owners = tx.ownerPeople(groupId).stream().map(p -> p.dn().written()).toList();
            List<String> members = tx.members(groupId);
            if (members.isEmpty() && template.classNeedingAMember() != null) {
                throw new InvalidInputException(InputProblem.OWNER_REQUIRED, "'" + group.name() + "' had no members"
                        + " and a " + template.classNeedingAMember() + " entry needs one; create a new group instead");
            }
            String payload = payloads.write(new NewGroup(group.dn().written(), group.name(), group.kind(),
                    group.description(), group.policy(), group.channel(), owners, members, template.objectClasses(),
                    template.memberAttribute()));
            tx.lifetimes().restoring(groupId, actor.dn(), now);
            tx.lifetimes().renew(groupId, actor.dn(), now);
            long row = tx.enqueue(new OutboxItem(groupId, group.dn().written(), OutboxOperation.CREATE_GROUP, null,
                    payload, null), now);
            core.audit(tx, actor, "restore-group", g, null, "allowed", decision.rule(), decision.reason() + "; "
                    + owners.size() + " owner(s) and " + members.size() + " member(s), expired at "
                    + expired.get().expiredAt());
            return new Outcome(ActionResult.done(decision.rule(), "restoring group '" + group.name() + "' with "
                    + owners.size() + " owner(s) and " + members.size() + " member(s)", null, groupId,
                    List.of(row)));
        });
    }
}
