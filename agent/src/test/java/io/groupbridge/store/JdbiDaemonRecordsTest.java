package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the daemon's job history keeps (issue 5), and what its prune after every run removes (issue 12, V39). */
class JdbiDaemonRecordsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T08:00:00Z"));

    @Test
    void aRunRecordedMoreThanAWeekAfterOthersRemovesEveryJobsOlderRunsAndKeepsTheWeek() throws Exception {
        try (GroupStore store = GroupStore.open("jdbc:hsqldb:mem:runs-" + UUID.randomUUID(), "SA", "", 2, clock)) {
            DaemonRecords records = store.daemonRecords();
            records.record(run("reconcile", clock.instant()));
            records.record(run("write-back", clock.instant()));
            clock.advance(Duration.ofDays(3));
            records.record(run("reconcile", clock.instant()));

            clock.advance(Duration.ofDays(5));
            records.record(run("write-back", clock.instant()));

            List<String> kept = store.jdbi().withHandle(h -> h.createQuery("SELECT job || ' ' || CAST(started_at AS"
                    + " VARCHAR(40)) FROM job_run ORDER BY id").mapTo(String.class).list());
            assertThat(kept).hasSize(2);
            assertThat(kept.get(0)).startsWith("reconcile 2026-11-04");
            assertThat(kept.get(1)).startsWith("write-back 2026-11-09");
        }
    }

    private static JobRun run(String job, Instant at) {
        return new JobRun(job, at, at.plusSeconds(1), "succeeded", 0, 0, null, "v1");
    }
}
