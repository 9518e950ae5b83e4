package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.GroupExpirationService.ExpirationRun;
import io.groupbridge.selfservice.GroupExpirationService.GroupLifetime;
import io.groupbridge.selfservice.GroupExpirationService.RemovalLimit;
import io.groupbridge.selfservice.rules.GroupExpiry;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Groups that expire unless renewed (spec E1-E4) on the in-memory fakes: unified groups live 180 days from the
 * policy's first run, owners are reminded 30, 7 and 1 day before, and an expired group may be restored for 30 days.
 * {@code GroupExpirationTest} keeps the same through the daemon's wiring on the embedded store and directory.
 */
class GroupExpirationUseCasesTest {

    private static final RemovalLimit NO_LIMIT = (stored, removed) -> Optional.empty();

    private final UseCaseWorld w = new UseCaseWorld();
    private final Instant t0 = w.clock.instant();

    private SelfService services(GroupExpiry expiry) {
        return w.services(w.options(NamingPolicy.none(), MembershipTerms.none(), MailNotices.none(), expiry));
    }

    private SelfService expiring() {
        return services(new GroupExpiry(Optional.of(Duration.ofDays(180)), Set.of(GroupKind.UNIFIED),
                List.of(1, 30, 7), Duration.ofDays(30)));
    }

    private void at(Duration sinceStart) {
        w.clock.advance(Duration.between(w.clock.instant(), t0.plus(sinceStart)));
    }

    private ExpirationRun run(SelfService s) {
        return s.expiration().expireGroups(NO_LIMIT);
    }

    @Test
    void withoutALifetimeOrKindsNothingExpires() { // spec E1
        SelfService off = services(GroupExpiry.none());
        SelfService noKinds = services(new GroupExpiry(Optional.of(Duration.ofDays(1)), Set.of(), List.of(),
                Duration.ZERO));
        at(Duration.ofDays(400));

        assertThat(off.expiration().enabled()).isFalse();
        assertThat(noKinds.expiration().enabled()).isFalse();
        assertThat(expiring().expiration().enabled()).isTrue();
        assertThat(off.expiration().lifetimes()).isEmpty();
        assertThat(off.expiration().lifetime(w.wiki.id())).isEmpty();
        assertThat(run(noKinds)).isEqualTo(new ExpirationRun(0, 0, List.of(), Optional.empty()));
        assertThat(w.store.outbox()).isEmpty();
    }

    @Test
    void aCoveredGroupExpiresALifetimeAfterThePolicysFirstRunAndOthersNever() { // spec E1
        SelfService s = expiring();
        assertThat(s.expiration().lifetime(w.wiki.id()).orElseThrow().expiresAt())
                .as("before the first run, measured from now").isEqualTo(t0.plus(Duration.ofDays(180)));
        at(Duration.ofHours(1));

        assertThat(run(s)).isEqualTo(new ExpirationRun(0, 0, List.of(), Optional.empty()));
        at(Duration.ofDays(2));

        assertThat(s.expiration().lifetimes()).extracting(l -> l.group().name(), GroupLifetime::expiresAt,
                GroupLifetime::owners).containsExactly(
                        tuple("Payroll", t0.plus(Duration.ofDays(180))
                                .plus(Duration.ofHours(1)), 1),
                        tuple("Team Wiki", t0.plus(Duration.ofDays(180))
                                .plus(Duration.ofHours(1)), 1));
        assertThat(s.expiration().lifetime(w.lab.id())).as("security groups do not expire here").isEmpty();
        assertThat(s.expiration().lifetime(w.wiki.id())).hasValueSatisfying(l -> {
            assertThat(l.renewedAt()).isEmpty();
            assertThat(l.expiresAt()).isEqualTo(t0.plus(Duration.ofDays(180)).plus(Duration.ofHours(1)));
        });
    }

    @Test
    void ownersAreRemindedAtEachDayBeforeOnceAndAGroupWithoutOwnersNamesTheAdministrators() { // spec E2
        StoredGroup orphans = w.store.addGroup("Orphans", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(),
                List.of(w.bob));
        SelfService s = expiring();
        run(s);

        at(Duration.ofDays(149));
        assertThat(run(s).reminded()).as("31 days before").isZero();
        at(Duration.ofDays(150));
        assertThat(run(s).reminded()).as("30 days before, each unified group").isEqualTo(3);
        assertThat(run(s).reminded()).as("once").isZero();
        at(Duration.ofDays(173));
        assertThat(run(s).reminded()).isEqualTo(3);
        at(Duration.ofDays(179));
        ExpirationRun last = run(s);

        assertThat(last.reminded()).isEqualTo(3);
        assertThat(last.expired()).isZero();
        Instant expiresAt = t0.plus(Duration.ofDays(180));
        assertThat(w.audits("group-expiry-reminder")).hasSize(9).allSatisfy(a -> {
            assertThat(a.rule()).isEqualTo("E2");
            assertThat(a.outcome()).isEqualTo("done");
        });
        assertThat(w.audits("group-expiry-reminder")).filteredOn(a -> a.groupId().equals(w.wiki.id()))
                .extracting(AuditRecord::detail).containsExactly(
                        "expires at " + expiresAt + " (in 30 days) unless its owners renew it",
                        "expires at " + expiresAt + " (in 7 days) unless its owners renew it",
                        "expires at " + expiresAt + " (in 1 day) unless its owners renew it");
        assertThat(w.audits("group-expiry-reminder")).filteredOn(a -> a.groupId().equals(orphans.id()))
                .first().satisfies(a -> assertThat(a.detail()).endsWith("unless it has no owner: the administrators"
                        + " renew it"));
        assertThat(w.told.sent()).filteredOn(n -> n.groupName().equals("Team Wiki")).hasSize(3)
                .allSatisfy(n -> {
                    assertThat(n.event()).isEqualTo(Notification.Event.GROUP_EXPIRING);
                    assertThat(n.recipients()).containsExactly(w.alice.dn().written());
                });
    }

    @Test
    void anOwnerRenewsTheirGroupAndOthersAreRefused() { // spec E1
        SelfService s = expiring();
        run(s);
        at(Duration.ofDays(100));

        ActionResult renewed = s.expiration().renew(w.actor(w.alice), w.wiki.id());
        ActionResult stranger = s.expiration().renew(w.actor(w.bob), w.payroll.id());

        Instant expiresAt = t0.plus(Duration.ofDays(280));
        assertThat(renewed.allowed()).as(renewed.message()).isTrue();
        assertThat(renewed.message()).isEqualTo("renewed group 'Team Wiki'; it expires at " + expiresAt);
        assertThat(w.audits("renew-group")).extracting(AuditRecord::outcome).containsExactly("allowed", "refused");
        assertThat(w.audits("renew-group").get(0).detail()).endsWith("; expires at " + expiresAt);
        assertThat(stranger.rule()).isEqualTo("E1");
        assertThat(stranger.allowed()).isFalse();
        assertThat(s.expiration().lifetime(w.wiki.id())).hasValueSatisfying(l -> {
            assertThat(l.expiresAt()).isEqualTo(expiresAt);
            assertThat(l.renewedAt()).contains(t0.plus(Duration.ofDays(100)));
        });
        at(Duration.ofDays(180));
        assertThat(run(s).expired()).as("Payroll only").isEqualTo(1);
    }

    @Test
    void aGroupThePolicyDoesNotCoverNeedsNoRenewal() { // spec E1
        assertThatThrownBy(() -> expiring().expiration().renew(w.actor(w.alice), w.lab.id()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.NOT_EXPIRING);
                    assertThat(e.getMessage()).contains("security groups do not expire here");
                });
        assertThatThrownBy(() -> services(GroupExpiry.none()).expiration().renew(w.actor(w.alice), w.wiki.id()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getMessage()).contains("groups do not expire here"));
    }

    @Test
    void aGroupWhoseExpiryCameLeavesTheDirectoryThroughTheOutboxOnce() { // spec E3
        SelfService s = expiring();
        run(s);
        at(Duration.ofDays(180));

        ExpirationRun expired = run(s);

        assertThat(expired.expired()).isEqualTo(2);
        assertThat(expired.outboxIds()).isEqualTo(w.outbox(OutboxOperation.DELETE_GROUP).stream()
                .map(InMemorySelfServiceStore.OutboxRow::id).toList());
        assertThat(w.outbox(OutboxOperation.DELETE_GROUP)).extracting(r -> r.item().groupId())
                .containsExactly(w.payroll.id(), w.wiki.id());
        Instant until = t0.plus(Duration.ofDays(210));
        assertThat(w.audits("group-expired")).hasSize(2).allSatisfy(a -> {
            assertThat(a.rule()).isEqualTo("E3");
            assertThat(a.actorDn()).isEqualTo(ActionSupport.SYSTEM_ACTOR);
            assertThat(a.detail()).startsWith("expired at " + t0.plus(Duration.ofDays(180)) + " without a renewal;")
                    .endsWith("an administrator may restore it until " + until);
        });
        assertThat(run(s).expired()).as("its removal is on its way").isZero();
        w.store.writeBackAll();
        assertThat(run(s).expired()).as("gone").isZero();
        assertThat(s.expiration().expiredGroups()).extracting(e -> e.group().name(), e -> e.restoreUntil())
                .containsExactlyInAnyOrder(tuple("Payroll", until),
                        tuple("Team Wiki", until));
        assertThat(s.expiration().lifetime(w.wiki.id())).as("a deleted group has no lifetime").isEmpty();
    }

    @Test
    void theWriteBackIsToldOnlyWhenARunExpiresGroups() { // spec E3, W1
        int[] sends = new int[1];
        SelfService counted = SelfService.over(w.store, w.names, w.options(NamingPolicy.none(),
                MembershipTerms.none(), MailNotices.none(), new GroupExpiry(Optional.of(Duration.ofDays(180)),
                        Set.of(GroupKind.UNIFIED), List.of(30), Duration.ofDays(30))), w.told, () -> sends[0]++,
                w.clock);
        counted.expiration().expireGroups(NO_LIMIT);
        at(Duration.ofDays(160));

        assertThat(counted.expiration().expireGroups(NO_LIMIT).reminded()).isEqualTo(2);
        assertThat(sends[0]).as("reminders queue no write-back").isZero();
        at(Duration.ofDays(180));
        counted.expiration().expireGroups(NO_LIMIT);
        assertThat(sends[0]).isEqualTo(1);
    }

    @Test
    void theFailsafeHoldsBackARunThatWouldExpireTooManyButRemindsAnyway() { // spec E3
        StoredGroup late = w.store.addGroup("Late", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(w.alice),
                List.of(w.alice));
        SelfService s = expiring();
        run(s);
        at(Duration.ofDays(1));
        s.expiration().renew(w.actor(w.alice), late.id());
        at(Duration.ofDays(180));
        int[] asked = new int[2];

        ExpirationRun held = s.expiration().expireGroups((stored, removed) -> {
            asked[0] = stored;
            asked[1] = removed;
            return Optional.of("2 of 5 groups at once is too many");
        });

        assertThat(held.expired()).isZero();
        assertThat(held.held()).contains("2 of 5 groups at once is too many");
        assertThat(asked).containsExactly(5, 2);
        assertThat(held.reminded()).as("Late's 1-day reminder").isEqualTo(1);
        assertThat(w.store.outbox()).isEmpty();
    }

    // Payroll and Team Wiki expired, and the directory no longer has them.
    private SelfService expiredAndGone() {
        SelfService s = expiring();
        run(s);
        at(Duration.ofDays(180));
        run(s);
        w.store.writeBackAll();
        return s;
    }

    @Test
    void anAdministratorRestoresAnExpiredGroupWithItsOwnersAndMembers() { // spec E4
        SelfService s = expiredAndGone();
        at(Duration.ofDays(200));

        ActionResult user = s.expiration().restore(w.actor(w.alice), w.payroll.id());
        ActionResult restored = s.expiration().restore(w.actor(w.ada), w.payroll.id());

        assertThat(user.allowed()).isFalse();
        assertThat(user.rule()).isEqualTo("E4");
        assertThat(restored.allowed()).as(restored.message()).isTrue();
        assertThat(restored.message()).isEqualTo("restoring group 'Payroll' with 1 owner(s) and 1 member(s)");
        assertThat(w.outbox(OutboxOperation.CREATE_GROUP)).singleElement().satisfies(r -> {
            assertThat(r.item().groupId()).isEqualTo(w.payroll.id());
            assertThat(r.item().payload()).contains(w.alice.dn().written());
        });
        assertThat(w.store.group(w.payroll.id())).hasValueSatisfying(g -> assertThat(g.creating()).isTrue());
        assertThat(w.audits("restore-group")).last().satisfies(a -> assertThat(a.detail())
                .endsWith("; 1 owner(s) and 1 member(s), expired at " + t0.plus(Duration.ofDays(180))));
        assertThat(s.expiration().expiredGroups()).extracting(e -> e.group().name()).containsExactly("Team Wiki");
        w.store.writeBackAll();
        assertThat(s.expiration().lifetime(w.payroll.id())).as("its lifetime starts again")
                .hasValueSatisfying(l -> assertThat(l.expiresAt()).isEqualTo(t0.plus(Duration.ofDays(380))));
        assertThatThrownBy(() -> s.expiration().restore(w.actor(w.ada), w.payroll.id()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.NOT_EXPIRED);
                    assertThat(e.getMessage()).endsWith("; it was restored already");
                });
    }

    @Test
    void aRestoreAfterTheWindowIsRefusedNamingItsEnd() { // spec E4
        SelfService s = expiredAndGone();
        at(Duration.ofDays(210).plusSeconds(1));

        ActionResult late = s.expiration().restore(w.actor(w.ada), w.wiki.id());

        assertThat(late.allowed()).isFalse();
        assertThat(late.rule()).isEqualTo("E4");
        assertThat(late.message()).contains("ended at " + t0.plus(Duration.ofDays(210)));
        assertThat(w.outbox(OutboxOperation.CREATE_GROUP)).isEmpty();
    }

    @Test
    void onlyAGroupTheDirectoryNoLongerHasAndNoOtherNamesIsRestored() { // spec E4, A11
        SelfService s = expiring();
        run(s);
        s.groups().deleteGroup(w.actor(w.ada), w.lab.id());
        w.store.writeBackAll();
        at(Duration.ofDays(180));
        run(s);

        assertThatThrownBy(() -> s.expiration().restore(w.actor(w.ada), w.wiki.id()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.GROUP_BEING_DELETED));
        assertThatThrownBy(() -> s.expiration().restore(w.actor(w.ada), w.lab.id()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.NOT_EXPIRED);
                    assertThat(e.getMessage()).endsWith("(it was deleted, which cannot be undone)");
                });
        w.store.writeBackAll();
        w.store.addGroup("Team Wiki", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(w.bob), List.of(w.bob));
        assertThatThrownBy(() -> s.expiration().restore(w.actor(w.ada), w.wiki.id()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.NAME_TAKEN));
    }
}
