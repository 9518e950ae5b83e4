package io.groupbridge.sync;

import static io.groupbridge.sync.RecordingWriter.dn;
import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.Channel;
import io.groupbridge.model.CreateGroupPayload;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.NewGroup;
import io.groupbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The write-back relay on in-memory fakes of its ports (outbox and directory writer), spec W1-W4: which directory
 * operations a group's rows become, what is claimed in which transaction and until when, and what becomes of a row
 * whose operation failed. {@code OutboxRelayTest} keeps the same behaviour against the embedded store and directory;
 * these run in milliseconds, so mutation testing can afford them.
 */
class WriteBackUseCasesTest {

    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    private static final String VPN_AS_QUEUED = "cn=VPN Users," + GROUPS;
    private static final String VPN_STORED = "cn=VPN," + GROUPS;
    private static final String ALICE = "uid=alice,ou=people,dc=example,dc=com";
    private static final String BOB = "uid=bob,ou=people,dc=example,dc=com";
    private static final Duration FIRST_WAIT = Duration.ofMinutes(1);
    private static final int MAX_ATTEMPTS = 3;
    private static final int BATCH = 500;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T09:00:00Z"));
    private final InMemoryOutbox outbox = new InMemoryOutbox(clock);
    private final RecordingWriter writer = new RecordingWriter();
    // No jitter: a wait is the whole backoff, so a test can name the instant a claim holds its rows until.
    private final OutboxRelay relay = new OutboxRelay(outbox, writer,
            new Backoff(FIRST_WAIT, Duration.ofHours(1), () -> 0L), MAX_ATTEMPTS, BATCH, clock);

    @Test
    void consecutiveValueChangesAreOneModifyAtTheStoredDnWithTheLastChangeOfEachValue() { // spec W4
        outbox.storeGroup("vpn", VPN_STORED, "uniqueMember");
        OutboxRow a = outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);
        OutboxRow b = outbox.add("vpn", VPN_AS_QUEUED, "add-member", BOB, null);
        OutboxRow c = outbox.add("vpn", VPN_AS_QUEUED, "remove-member", "UID=alice, ou=people,dc=example,dc=com", null);
        OutboxRow d = outbox.add("vpn", VPN_AS_QUEUED, "add-owner", ALICE, null);

        WriteBackReport report = relay.run();

        assertThat(writer.sent).containsExactly(new WriteStep.Modify(VPN_STORED, "uniqueMember", List.of(
                new ValueChange(true, false, dn(BOB)),
                new ValueChange(false, false, dn("UID=alice, ou=people,dc=example,dc=com")),
                new ValueChange(true, true, dn(ALICE)))));
        assertThat(report).isEqualTo(new WriteBackReport(4, 0, 0, 1, 0, 0, List.of()));
        assertThat(outbox.appliedTransactions).containsExactly(List.of(new Outbox.Applied("vpn", List.of(a, b, c, d),
                List.of(dn(ALICE), dn(BOB), dn("UID=alice, ou=people,dc=example,dc=com"), dn(ALICE)),
                clock.instant())));
        assertThat(List.of(a, b, c, d)).allSatisfy(r -> assertThat(outbox.row(r.id()).state()).isEqualTo("done"));
        assertThat(writer.closed).isEqualTo(1);
    }

    @Test
    void aServerWithoutPermissiveModifyCountsEveryModifyItWasSent() { // spec W4
        outbox.storeGroup("vpn", VPN_STORED, "member");
        outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);
        outbox.add("vpn", VPN_AS_QUEUED, "add-member", BOB, null);
        writer.modifiesPerStep = 2;

        WriteBackReport report = relay.run();

        assertThat(report.modifiesSent()).isEqualTo(2);
        assertThat(report.done()).isEqualTo(2);
    }

    @Test
    void nothingDueOpensNoConnectionAndReportsNothingToDo() { // spec W1
        WriteBackReport report = relay.run();

        assertThat(report).isEqualTo(WriteBackReport.empty());
        assertThat(report.nothingToDo()).isTrue();
        assertThat(writer.opened).isZero();
        assertThat(outbox.dueLimits).containsExactly(BATCH);
    }

    @Test
    void theFirstOperationOfEveryGroupIsClaimedInOneTransactionUntilTheFirstBackoff() { // spec W1, W2
        for (String g : List.of("a", "b", "c")) {
            outbox.storeGroup(g, "cn=" + g + "," + GROUPS, "member");
            outbox.add(g, "cn=" + g + "," + GROUPS, "add-member", ALICE, null);
        }

        relay.run();

        assertThat(outbox.claimTransactions).containsExactly(3);
        assertThat(outbox.calls).filteredOn(c -> c.startsWith("claim"))
                .containsExactly("claim [1] until 2030-01-01T09:01:00Z", "claim [2] until 2030-01-01T09:01:00Z",
                        "claim [3] until 2030-01-01T09:01:00Z");
        assertThat(outbox.row(1).attempts()).isEqualTo(1);
    }

    @Test
    void aGroupWhoseClaimAnotherRelayTookIsNotSentAndTheOthersAre() { // spec W1
        for (String g : List.of("a", "b", "c")) {
            outbox.storeGroup(g, "cn=" + g + "," + GROUPS, "member");
            outbox.add(g, "cn=" + g + "," + GROUPS, "add-member", ALICE, null);
        }
        outbox.loseToAnotherRelay(2);

        WriteBackReport report = relay.run();

        assertThat(writer.sent).extracting(WriteStep::dn).containsExactly("cn=a," + GROUPS, "cn=c," + GROUPS);
        assertThat(report.done()).isEqualTo(2);
        assertThat(outbox.row(2).attempts()).isZero();
        assertThat(outbox.row(2).state()).isEqualTo("pending");
    }

    @Test
    void aRetryableFailureKeepsTheRowPendingWithGrowingBackoffUntilItsLastTryParksIt() { // spec W3
        outbox.storeGroup("vpn", VPN_STORED, "member");
        OutboxRow join = outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);
        OutboxRow describe = outbox.add("vpn", VPN_AS_QUEUED, "set-description", null, "Remote access");
        writer.failNext("connection reset", true);

        WriteBackReport first = relay.run();

        assertThat(first).isEqualTo(new WriteBackReport(0, 1, 0, 0, 0, 0,
                List.of(VPN_AS_QUEUED + ": connection reset")));
        assertThat(outbox.row(join.id())).satisfies(r -> {
            assertThat(r.state()).isEqualTo("pending");
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.nextAttemptAt()).isEqualTo(clock.instant().plus(FIRST_WAIT));
            assertThat(r.lastError()).isEqualTo("connection reset");
        });
        // The group's later row waits behind the one that failed, so the directory gets them in the order asked.
        assertThat(outbox.row(describe.id()).attempts()).isZero();
        assertThat(writer.sent).isEmpty();

        assertThat(relay.run().nothingToDo()).isTrue();

        clock.advance(FIRST_WAIT);
        writer.failNext("connection reset", true);
        assertThat(relay.run().retrying()).isEqualTo(1);
        assertThat(outbox.row(join.id()).nextAttemptAt()).isEqualTo(clock.instant().plus(FIRST_WAIT.multipliedBy(2)));

        clock.advance(FIRST_WAIT.multipliedBy(2));
        writer.failNext("connection reset", true);
        WriteBackReport last = relay.run();

        assertThat(last.parked()).isEqualTo(1);
        assertThat(last.retrying()).isZero();
        assertThat(outbox.row(join.id()).state()).isEqualTo("failed");
        assertThat(outbox.row(join.id()).attempts()).isEqualTo(MAX_ATTEMPTS);

        WriteBackReport after = relay.run();

        assertThat(after.done()).isEqualTo(1);
        assertThat(writer.sent).containsExactly(new WriteStep.SetDescription(VPN_STORED, Optional.of("Remote access")));
    }

    @Test
    void aFailureNoRetryCanMendParksTheRowAtItsFirstTry() { // spec W3
        outbox.storeGroup("vpn", VPN_STORED, "member");
        OutboxRow join = outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);
        writer.failNext("insufficient access rights", false);

        WriteBackReport report = relay.run();

        assertThat(report).isEqualTo(new WriteBackReport(0, 0, 1, 0, 0, 0,
                List.of(VPN_AS_QUEUED + ": insufficient access rights")));
        assertThat(outbox.row(join.id()).state()).isEqualTo("failed");
        assertThat(outbox.row(join.id()).lastError()).isEqualTo("insufficient access rights");
    }

    @Test
    void aRowTriedBeforeIsHeldForTheBackoffOfTheMostTriedRowOfItsOperation() { // spec W3
        outbox.storeGroup("vpn", VPN_STORED, "member");
        outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);
        writer.failNext("busy", true);
        relay.run();
        clock.advance(FIRST_WAIT);
        OutboxRow later = outbox.add("vpn", VPN_AS_QUEUED, "add-member", BOB, null);

        relay.run();

        assertThat(writer.sent).hasSize(1);
        assertThat(outbox.row(later.id()).nextAttemptAt()).isEqualTo(clock.instant().plus(FIRST_WAIT.multipliedBy(2)));
        assertThat(outbox.row(later.id()).state()).isEqualTo("done");
    }

    @Test
    void aDirectoryThatCannotBeReachedCountsATryOfEveryDueGroupAndParksNoneThatMayBeRetried() { // spec W3
        for (String g : List.of("a", "b")) {
            outbox.storeGroup(g, "cn=" + g + "," + GROUPS, "member");
            outbox.add(g, "cn=" + g + "," + GROUPS, "add-member", ALICE, null);
            outbox.add(g, "cn=" + g + "," + GROUPS, "add-member", BOB, null);
        }
        writer.down(new WriteBackException("connect refused", true, null));

        WriteBackReport report = relay.run();

        assertThat(report).isEqualTo(new WriteBackReport(0, 4, 0, 0, 0, 0,
                List.of("cn=a," + GROUPS + ": connect refused", "cn=b," + GROUPS + ": connect refused")));
        assertThat(outbox.claimTransactions).containsExactly(1, 1);
        assertThat(List.of(1L, 2L, 3L, 4L)).allSatisfy(id -> {
            assertThat(outbox.row(id).attempts()).isEqualTo(1);
            assertThat(outbox.row(id).nextAttemptAt()).isEqualTo(clock.instant().plus(FIRST_WAIT));
        });
    }

    @Test
    void aDirectoryThatRefusesTheConnectionForGoodParksTheRowsAndLeavesAGroupAnotherRelayClaimed() { // spec W3
        for (String g : List.of("a", "b")) {
            outbox.storeGroup(g, "cn=" + g + "," + GROUPS, "member");
            outbox.add(g, "cn=" + g + "," + GROUPS, "add-member", ALICE, null);
        }
        outbox.loseToAnotherRelay(2);
        writer.down(new WriteBackException("invalid credentials", false, null));

        WriteBackReport report = relay.run();

        assertThat(report.parked()).isEqualTo(1);
        assertThat(outbox.row(1).state()).isEqualTo("failed");
        assertThat(outbox.row(2).state()).isEqualTo("pending");
        assertThat(outbox.row(2).attempts()).isZero();
    }

    @Test
    void aValueThatIsNoDnAndAnUnknownOperationAreParkedAndTheGroupsOtherRowsStillGo() { // spec W3
        outbox.storeGroup("vpn", VPN_STORED, "member");
        OutboxRow nobody = outbox.add("vpn", VPN_AS_QUEUED, "add-member", "nobody", null);
        OutboxRow alice = outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);
        OutboxRow odd = outbox.add("vpn", VPN_AS_QUEUED, "frobnicate", ALICE, null);
        OutboxRow noValue = outbox.add("vpn", VPN_AS_QUEUED, "add-owner", null, null);
        OutboxRow bob = outbox.add("vpn", VPN_AS_QUEUED, "add-member", BOB, null);

        WriteBackReport report = relay.run();

        assertThat(report.parked()).isEqualTo(3);
        assertThat(report.done()).isEqualTo(2);
        assertThat(report.errors()).containsExactly(VPN_AS_QUEUED + ": value 'nobody' is not a DN",
                VPN_AS_QUEUED + ": unknown operation 'frobnicate'", VPN_AS_QUEUED + ": value 'null' is not a DN");
        assertThat(writer.sent).containsExactly(
                new WriteStep.Modify(VPN_STORED, "member", List.of(new ValueChange(true, false, dn(ALICE)))),
                new WriteStep.Modify(VPN_STORED, "member", List.of(new ValueChange(true, false, dn(BOB)))));
        assertThat(List.of(nobody, odd, noValue)).allSatisfy(r ->
                assertThat(outbox.row(r.id()).state()).isEqualTo("failed"));
        assertThat(outbox.row(alice.id()).state()).isEqualTo("done");
        assertThat(outbox.row(bob.id()).state()).isEqualTo("done");
    }

    @Test
    void aValueChangeForAGroupNotYetInTheStoreWaitsForTheReconcileAndHoldsTheGroupsLaterRows() { // spec W1, W3
        OutboxRow alice = outbox.add("new", "cn=New," + GROUPS, "add-member", ALICE, null);
        OutboxRow bob = outbox.add("new", "cn=New," + GROUPS, "add-member", BOB, null);

        WriteBackReport report = relay.run();

        assertThat(report.retrying()).isEqualTo(1);
        assertThat(report.errors()).containsExactly("cn=New," + GROUPS + ": group cn=New," + GROUPS
                + " is not in the store yet");
        assertThat(outbox.row(alice.id()).attempts()).isEqualTo(1);
        assertThat(outbox.row(alice.id()).state()).isEqualTo("pending");
        assertThat(outbox.row(bob.id()).attempts()).isZero();
        assertThat(writer.sent).isEmpty();
    }

    @Test
    void aCreatedGroupTakesItsLaterRowsToItsDirectoryIdAndTheValuesBeforeItAreCommittedFirst() { // spec W1, A7
        outbox.storeGroup("vpn", VPN_STORED, "member");
        outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);
        NewGroup lab = new NewGroup("cn=Lab," + GROUPS, "Lab", GroupKind.SECURITY, "the lab", JoinPolicy.OWNER_APPROVAL,
                Channel.SELF_SERVICE, List.of(ALICE), List.of(ALICE), List.of("groupOfUniqueNames", "gbGroup"),
                "uniqueMember");
        OutboxRow create = outbox.add("provisional", lab.dn(), "create-group", null,
                new CreateGroupPayload().write(lab));
        OutboxRow join = outbox.add("provisional", lab.dn(), "add-member", BOB, null);

        WriteBackReport report = relay.run();

        assertThat(writer.sent).containsExactly(
                new WriteStep.Modify(VPN_STORED, "member", List.of(new ValueChange(true, false, dn(ALICE)))),
                new WriteStep.Create(lab, false),
                new WriteStep.Modify(lab.dn(), "uniqueMember", List.of(new ValueChange(true, false, dn(BOB)))));
        assertThat(outbox.calls).containsExactly(
                "claim [1] until 2030-01-01T09:01:00Z", "claim [2] until 2030-01-01T09:01:00Z",
                "applied vpn [1]",
                "created " + create.id() + " as entry-Lab with policy owner-approval",
                "claim [3] until 2030-01-01T09:01:00Z",
                "applied entry-Lab [3]");
        assertThat(report).isEqualTo(new WriteBackReport(3, 0, 0, 2, 1, 0, List.of()));
        assertThat(outbox.row(join.id()).groupId()).isEqualTo("entry-Lab");
    }

    @Test
    void theValuesConfirmedBeforeADescriptionARenameOrADeleteAreCommittedFirst() { // spec W1
        outbox.storeGroup("vpn", VPN_STORED, "member");
        outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);
        for (String g : List.of("described", "renamed", "deleted")) {
            outbox.storeGroup(g, "cn=" + g + "," + GROUPS, "member");
            outbox.add(g, "cn=" + g + "," + GROUPS, "add-member", BOB, null);
        }
        outbox.add("described", "cn=described," + GROUPS, "set-description", null, "x");
        outbox.add("renamed", "cn=renamed," + GROUPS, "rename-group", null, "Renamed Again");
        outbox.add("deleted", "cn=deleted," + GROUPS, "delete-group", null, null);

        relay.run();

        assertThat(outbox.calls).filteredOn(c -> !c.startsWith("claim")).containsExactly(
                "applied vpn [1]", "applied described [2]", "described 5",
                "applied renamed [3]",
                "renamed 6 from " + dn("cn=renamed," + GROUPS) + " to " + dn("cn=Renamed Again," + GROUPS),
                "applied deleted [4]", "deleted 7");
    }

    @Test
    void aCreateTriedBeforeMayAdoptTheEntryAnEarlierTryMade() { // spec W1, W2
        NewGroup lab = new NewGroup("cn=Lab," + GROUPS, "Lab", GroupKind.UNIFIED, null, JoinPolicy.OPEN,
                Channel.SELF_SERVICE, List.of(ALICE), List.of(), List.of("groupOfNames"), "member");
        outbox.add("provisional", lab.dn(), "create-group", null, new CreateGroupPayload().write(lab));
        writer.failNext("timeout", true);
        relay.run();
        clock.advance(FIRST_WAIT);

        WriteBackReport report = relay.run();

        assertThat(writer.sent).containsExactly(new WriteStep.Create(lab, true));
        assertThat(report.groupsCreated()).isEqualTo(1);
        assertThat(report.done()).isEqualTo(1);
    }

    @Test
    void aCreateWhosePayloadDoesNotParseIsParkedWithWhy() { // spec W3
        OutboxRow create = outbox.add("provisional", "cn=Lab," + GROUPS, "create-group", null, "{not json");

        WriteBackReport report = relay.run();

        assertThat(report.parked()).isEqualTo(1);
        assertThat(outbox.row(create.id()).lastError()).startsWith("create-group payload is not JSON");
        assertThat(writer.sent).isEmpty();
    }

    @Test
    void aDescriptionIsSetOrRemovedAtTheStoredDnEachAModifyOfItsOwn() { // spec A8, W1
        outbox.storeGroup("vpn", VPN_STORED, "member");
        OutboxRow set = outbox.add("vpn", VPN_AS_QUEUED, "set-description", null, "Remote access");
        outbox.add("vpn", VPN_AS_QUEUED, "set-description", null, null);

        WriteBackReport report = relay.run();

        assertThat(writer.sent).containsExactly(new WriteStep.SetDescription(VPN_STORED, Optional.of("Remote access")),
                new WriteStep.SetDescription(VPN_STORED, Optional.empty()));
        assertThat(report).isEqualTo(new WriteBackReport(2, 0, 0, 2, 0, 0, List.of()));
        assertThat(outbox.calls).contains("described " + set.id());
    }

    @Test
    void aRenameIsSentAloneAndTheGroupsLaterRowsGoToTheNewDnInTheNextRun() { // spec A8, W1
        outbox.storeGroup("vpn", VPN_STORED, "member");
        OutboxRow rename = outbox.add("vpn", VPN_AS_QUEUED, "rename-group", null, "VPN Staff");
        OutboxRow join = outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);

        WriteBackReport report = relay.run();

        assertThat(writer.sent).containsExactly(new WriteStep.Rename(VPN_STORED, "vpn", "VPN Staff"));
        assertThat(report).isEqualTo(new WriteBackReport(1, 0, 0, 1, 0, 0, List.of()));
        assertThat(outbox.calls).contains("renamed " + rename.id() + " from " + dn(VPN_STORED) + " to "
                + dn("cn=VPN Staff," + GROUPS));
        assertThat(outbox.row(join.id()).attempts()).isZero();

        relay.run();

        assertThat(writer.sent).last().isEqualTo(new WriteStep.Modify("cn=VPN Staff," + GROUPS, "member",
                List.of(new ValueChange(true, false, dn(ALICE)))));
    }

    @Test
    void aRenameWithoutANewNameIsParkedAndTheRowsAfterItStillGo() { // spec W3
        outbox.storeGroup("vpn", VPN_STORED, "member");
        OutboxRow rename = outbox.add("vpn", VPN_AS_QUEUED, "rename-group", null, " ");
        outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);

        WriteBackReport report = relay.run();

        assertThat(outbox.row(rename.id()).lastError()).isEqualTo("rename-group row carries no new name");
        assertThat(report.parked()).isEqualTo(1);
        assertThat(report.done()).isEqualTo(1);
        assertThat(writer.sent).hasSize(1);
    }

    @Test
    void aDeleteIsSentToTheStoredDnAndCounted() { // spec A11, W1
        outbox.storeGroup("vpn", VPN_STORED, "member");
        OutboxRow delete = outbox.add("vpn", VPN_AS_QUEUED, "delete-group", null, null);

        WriteBackReport report = relay.run();

        assertThat(writer.sent).containsExactly(new WriteStep.Delete(VPN_STORED));
        assertThat(report).isEqualTo(new WriteBackReport(1, 0, 0, 0, 0, 1, List.of()));
        assertThat(outbox.calls).contains("deleted " + delete.id());
    }

    @Test
    void aGroupNotInTheStoreIsDescribedRenamedAndDeletedAtTheDnItsRowsCarry() { // spec W1
        outbox.add("gone", VPN_AS_QUEUED, "set-description", null, "x");
        outbox.add("gone", VPN_AS_QUEUED, "delete-group", null, null);
        outbox.add("gone", VPN_AS_QUEUED, "rename-group", null, "VPN Staff");

        relay.run();

        assertThat(writer.sent).containsExactly(new WriteStep.SetDescription(VPN_AS_QUEUED, Optional.of("x")),
                new WriteStep.Delete(VPN_AS_QUEUED), new WriteStep.Rename(VPN_AS_QUEUED, "gone", "VPN Staff"));
    }

    @Test
    void theValuesOfManyGroupsAreCommittedAHundredGroupsATime() { // spec W1
        IntStream.range(0, 250).forEach(i -> {
            outbox.storeGroup("g" + i, "cn=g" + i + "," + GROUPS, "member");
            outbox.add("g" + i, "cn=g" + i + "," + GROUPS, "add-member", ALICE, null);
        });

        WriteBackReport report = relay.run();

        assertThat(outbox.appliedTransactions).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(outbox.claimTransactions).containsExactly(250);
        assertThat(report.done()).isEqualTo(250);
        assertThat(report.modifiesSent()).isEqualTo(250);
    }

    @Test
    void theReportKeepsTheFirstTwentyErrorsAndCountsEveryParkedRow() { // spec W3
        IntStream.range(0, 25).forEach(i -> {
            outbox.storeGroup("g" + i, "cn=g" + i + "," + GROUPS, "member");
            outbox.add("g" + i, "cn=g" + i + "," + GROUPS, "add-member", ALICE, null);
            writer.failNext("refused " + i, false);
        });

        WriteBackReport report = relay.run();

        assertThat(report.parked()).isEqualTo(25);
        assertThat(report.errors()).hasSize(20).first().isEqualTo("cn=g0," + GROUPS + ": refused 0");
        assertThat(report.errors()).last().isEqualTo("cn=g19," + GROUPS + ": refused 19");
    }

    @Test
    void thePlanListsTheOperationsAndTheRowsThatWouldNotBeSentAndSendsAndClaimsNothing() { // spec Y4
        outbox.storeGroup("vpn", VPN_STORED, "member");
        outbox.add("vpn", VPN_AS_QUEUED, "add-member", ALICE, null);
        outbox.add("vpn", VPN_AS_QUEUED, "remove-owner", BOB, null);
        OutboxRow odd = outbox.add("other", "cn=Other," + GROUPS, "frobnicate", ALICE, null);

        List<String> plan = relay.plan();

        assertThat(plan).containsExactly("modify " + VPN_STORED,
                "# outbox row " + odd.id() + " would not be sent: unknown operation 'frobnicate'");
        assertThat(writer.opened).isZero();
        assertThat(outbox.calls).isEmpty();
        assertThat(outbox.row(1).attempts()).isZero();
    }

    @Test
    void thePlanOfAnEmptyOutboxIsEmpty() { // spec Y4
        assertThat(relay.plan()).isEmpty();
    }

    @Test
    void driftIsWhatTheOutboxFoundAtTheRelaysNow() { // spec W5
        Outbox.Drift d = new Outbox.Drift(7, VPN_STORED, "add-member", ALICE, clock.instant().minusSeconds(60),
                clock.instant());
        outbox.drifted(d);

        assertThat(relay.recordDrift()).containsExactly(d);
        assertThat(outbox.calls).containsExactly("drift recorded at " + clock.instant());
    }
}
