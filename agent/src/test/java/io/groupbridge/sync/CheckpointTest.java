package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.sync.ChangeMark.Sequence;
import io.groupbridge.sync.ChangeMark.SyncCookies;
import io.groupbridge.sync.ChangeMark.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint a run leaves behind (spec Y2, issue 13 point 7): a time mark records when it was seen and is
 * settled once a read that began after its tick has read it whole, so a bulk load stamped with one instant is not
 * read again by every incremental run; and no run moves the checkpoint back, except a full one.
 */
class CheckpointTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant SEEN = Instant.parse("2026-03-01T10:00:02Z");
    private static final Instant START = Instant.parse("2026-03-01T10:01:00Z");
    private static final Instant END = Instant.parse("2026-03-01T10:01:03Z");

    private static Optional<ChangeMark> next(ChangeMark stored, ChangeMark latest, boolean full, Instant started) {
        ReadWindow window = stored == null ? ReadWindow.all() : ReadWindow.changedSince(stored);
        if (latest != null) {
            window.observe(latest);
        }
        return window.nextCheckpoint(Optional.ofNullable(stored), full, started, END);
    }

    @Test
    void timeMarksKeepWhenTheyWereSeenAndWhetherTheyAreSettledInTheirText() {
        Timestamp seen = new Timestamp(AT, Optional.of(SEEN), false);
        assertThat(seen.text()).isEqualTo("2026-03-01T10:00:00Z/seen-by:2026-03-01T10:00:02Z");
        assertThat(ChangeMark.parse(seen.text())).isEqualTo(seen);
        Timestamp settled = new Timestamp(AT, Optional.empty(), true);
        assertThat(settled.text()).isEqualTo("settled:2026-03-01T10:00:00Z");
        assertThat(ChangeMark.parse(settled.text())).isEqualTo(settled);
        assertThat(ChangeMark.parse("2026-03-01T10:00:00Z")).isEqualTo(new Timestamp(AT, Optional.empty(), false));
    }

    /** Six seconds: a second's resolution plus five for the clocks of the agents sharing a store. */
    @Test
    void aTickIsOverSixSecondsAfterItWasSeen() {
        Timestamp seen = new Timestamp(AT, Optional.of(SEEN), false);
        assertThat(seen.tickOverBefore(SEEN.plusSeconds(6))).isFalse();
        assertThat(seen.tickOverBefore(SEEN.plusSeconds(6).plusMillis(1))).isTrue();
        assertThat(new Timestamp(AT).tickOverBefore(START)).as("never seen, so not known to be over").isFalse();
    }

    @Test
    void aLaterInstantReplacesTheCheckpointAndRecordsWhenTheReadEnded() {
        Timestamp later = new Timestamp(AT.plusSeconds(30));
        assertThat(next(new Timestamp(AT, Optional.of(SEEN), false), later, false, START))
                .hasValue(new Timestamp(AT.plusSeconds(30), Optional.of(END), false));
        assertThat(next(null, later, false, START)).hasValue(new Timestamp(AT.plusSeconds(30), Optional.of(END), false));
        assertThat(next(new Sequence(5), later, false, START))
                .as("a source that switched to times").hasValue(new Timestamp(AT.plusSeconds(30), Optional.of(END), false));
    }

    /** An earlier instant (a restored backup, the furthest entry deleted) moves the checkpoint back on a full run only. */
    @Test
    void anEarlierInstantIsTakenByAFullRunOnly() {
        Timestamp stored = new Timestamp(AT, Optional.of(SEEN), false);
        Timestamp earlier = new Timestamp(AT.minusSeconds(60));
        assertThat(next(stored, earlier, false, START)).isEmpty();
        assertThat(next(stored, earlier, true, START))
                .hasValue(new Timestamp(AT.minusSeconds(60), Optional.of(END), false));
    }

    @Test
    void theSameInstantReadAgainAfterItsTickIsSettled() {
        Timestamp stored = new Timestamp(AT, Optional.of(SEEN), false);
        assertThat(next(stored, new Timestamp(AT), false, START)).hasValue(new Timestamp(AT, Optional.empty(), true));
        assertThat(next(stored, null, false, START)).hasValue(new Timestamp(AT, Optional.empty(), true));
        assertThat(next(stored, null, false, SEEN.plusSeconds(6))).as("within the tick bound: kept open").isEmpty();
    }

    @Test
    void aSettledCheckpointStaysAndAnOldOneLearnsWhenItWasSeen() {
        assertThat(next(new Timestamp(AT, Optional.empty(), true), null, false, START)).isEmpty();
        assertThat(next(new Timestamp(AT, Optional.empty(), true), new Timestamp(AT), true, START)).isEmpty();
        assertThat(next(new Timestamp(AT), null, false, START))
                .as("stored before marks recorded it: seen by this run's start at the latest")
                .hasValue(new Timestamp(AT, Optional.of(START), false));
    }

    @Test
    void otherMarksReplaceTheCheckpointWhenTheyAdvanceOrOnAFullRunWhenTheyDiffer() {
        assertThat(next(null, null, true, START)).isEmpty();
        assertThat(next(new Sequence(5), null, false, START)).isEmpty();
        assertThat(next(null, new Sequence(7), false, START)).hasValue(new Sequence(7));
        assertThat(next(new Sequence(5), new Sequence(7), false, START)).hasValue(new Sequence(7));
        assertThat(next(new Sequence(7), new Sequence(7), false, START)).isEmpty();
        assertThat(next(new Sequence(7), new Sequence(7), true, START)).isEmpty();
        assertThat(next(new Sequence(9), new Sequence(7), false, START)).isEmpty();
        assertThat(next(new Sequence(9), new Sequence(7), true, START)).hasValue(new Sequence(7));
        SyncCookies cookies = new SyncCookies("p", "g");
        assertThat(next(new Timestamp(AT), cookies, false, START)).as("a source that switched to content sync")
                .hasValue(cookies);
    }
}
