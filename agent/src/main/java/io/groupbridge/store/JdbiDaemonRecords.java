package io.groupbridge.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** {@link DaemonRecords} in the store's {@code job_run}, {@code reconcile_run} and {@code outbox} tables. */
final class JdbiDaemonRecords implements DaemonRecords {

    /* Enough history to see last night's full run and the pattern of the week, small enough never to matter. */
    private static final Duration KEEP = Duration.ofDays(7);

    private final Jdbi jdbi;
    private final Clock clock;

    JdbiDaemonRecords(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void record(JobRun run) {
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO job_run (job, started_at, finished_at, outcome, entries_read, changes, detail,"
                            + " settings_version) VALUES (:job, :started, :finished, :outcome, :read, :changes,"
                            + " :detail, :version)")
                    .bind("job", run.job()).bind("started", run.startedAt()).bind("finished", run.finishedAt())
                    .bind("outcome", run.outcome()).bind("read", run.entriesRead()).bind("changes", run.changes())
                    .bind("detail", truncate(run.detail())).bind("version", run.settingsVersion())
                    .execute();
            // Every job keeps the same week, so the prune is one range of job_run_started (V39), usually empty.
            h.createUpdate("DELETE FROM job_run WHERE started_at < :cutoff")
                    .bind("cutoff", clock.instant().minus(KEEP)).execute();
        });
    }

    @Override
    public Map<String, JobRun> latestJobRuns() {
        Map<String, JobRun> latest = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT job, started_at, finished_at, outcome, entries_read, changes, detail,"
                        + " settings_version FROM job_run j WHERE id = (SELECT MAX(id) FROM job_run WHERE job = j.job)")
                .map((rs, ctx) -> new JobRun(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class)),
                        instant(rs.getObject(3, OffsetDateTime.class)), rs.getString(4), rs.getInt(5), rs.getInt(6),
                        rs.getString(7), rs.getString(8)))
                .forEach(r -> latest.put(r.job(), r)));
        return latest;
    }

    @Override
    public Map<String, Instant> lastSuccesses() {
        Map<String, Instant> last = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT job, MAX(finished_at) FROM job_run WHERE outcome = 'succeeded'"
                        + " GROUP BY job")
                .map((rs, ctx) -> Map.entry(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class))))
                .forEach(e -> last.put(e.getKey(), e.getValue())));
        return last;
    }

    @Override
    public Map<String, ReconcileRun> latestReconcileRuns() {
        Map<String, ReconcileRun> latest = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT mode, started_at, finished_at, outcome, people_read, groups_read,"
                        + " changes, warnings, error FROM reconcile_run r WHERE started_at ="
                        + " (SELECT MAX(started_at) FROM reconcile_run WHERE mode = r.mode)")
                .map((rs, ctx) -> new ReconcileRun(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class)),
                        instant(rs.getObject(3, OffsetDateTime.class)), rs.getString(4), rs.getInt(5), rs.getInt(6),
                        rs.getInt(7), rs.getInt(8), rs.getString(9)))
                .forEach(r -> latest.put(r.mode(), r)));
        return latest;
    }

    @Override
    public Map<String, Integer> outboxCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT state, COUNT(*) FROM outbox GROUP BY state")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    @Override
    public int ownerlessGroups() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM directory_group g WHERE g.state = 'active'"
                + " AND NOT EXISTS (SELECT 1 FROM group_owner o WHERE o.group_id = g.id)").mapTo(Integer.class).one());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
    }
}
