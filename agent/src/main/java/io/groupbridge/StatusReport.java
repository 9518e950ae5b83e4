package io.groupbridge;

import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.ScheduleConfig;
import io.groupbridge.store.DaemonRecords;
import io.groupbridge.store.JobRun;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.RunLock;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quartz.CronExpression;

/**
 * What {@code groupbridge status} shows and the API's {@code GET /api/v1/status} answers (issue 5, point 5; issue
 * 12): whether a daemon is up, the last run of each job, the latest reconciles, the outbox backlog, the reconcile
 * lease and the conf. Read from the store only, so the command line and the web server say the same thing.
 *
 * @param settingsVersion the settings version of the conf file as it is now (S8)
 * @param confError       why the conf file cannot be loaded now, or {@code null}
 * @param mail            the mail queue's rows per state (spec M3): {@code pending}, {@code sent}, {@code failed}
 *                        and {@code skipped} (a recipient without an address), the states it has rows in
 * @param ownerlessGroups groups in the directory that nobody owns, whose renewal (spec E2) and review (V7) fall to
 *                        the administrators
 */
public record StatusReport(String confPath, String settingsVersion, String confError, Lease daemon,
        Lease reconcileLock, List<Job> jobs, Map<String, DaemonRecords.ReconcileRun> reconciles,
        Map<String, Integer> outbox, Map<String, Integer> mail, int ownerlessGroups) {

    public StatusReport {
        jobs = List.copyOf(jobs);
        // Kept in the store's order (full before incremental), which the command line prints.
        reconciles = Collections.unmodifiableMap(new LinkedHashMap<>(reconciles));
        outbox = Collections.unmodifiableMap(new LinkedHashMap<>(outbox));
        mail = Collections.unmodifiableMap(new LinkedHashMap<>(mail));
    }

    /** A lease in the store: {@code held} while it has not expired. */
    public record Lease(boolean held, String holder, Instant since, Instant expiresAt) {
    }

    /** @param next when the job fires next, estimated from the conf; {@code null} while no daemon runs */
    public record Job(String name, Instant lastStarted, Duration duration, String outcome, int entriesRead,
            int changes, String detail, Instant next) {
    }

    /**
     * @param loaded    the conf the app was opened with (its source names the file)
     * @param onDisk    the conf file as it reads now; {@code loaded} when it cannot be read ({@code confError})
     * @param confError why the file cannot be loaded now, or {@code null}
     */
    public static StatusReport read(GroupbridgeApp app, GroupbridgeConfig loaded, GroupbridgeConfig onDisk,
            String confError, Clock clock) {
        Instant now = clock.instant();
        Lease daemon = lease(app.runLock(), GroupbridgeApp.DAEMON_LEASE, now);
        DaemonRecords records = app.store().daemonRecords();
        List<Job> jobs = new ArrayList<>();
        for (JobRun r : records.latestJobRuns().values()) {
            jobs.add(new Job(r.job(), r.startedAt(), r.duration(), r.outcome(), r.entriesRead(), r.changes(),
                    r.detail(), daemon.held() ? next(onDisk.schedule(), r, now) : null));
        }
        return new StatusReport(loaded.source().toString(), onDisk.settings().version(), confError, daemon,
                lease(app.runLock(), Reconciler.LOCK, now), jobs, records.latestReconcileRuns(),
                records.outboxCounts(), app.store().mailQueue().counts(), records.ownerlessGroups());
    }

    private static Lease lease(RunLock lock, String name, Instant now) {
        return lock.holder(name)
                .map(h -> new Lease(h.expiresAt().isAfter(now), h.holder(), h.acquiredAt(), h.expiresAt()))
                .orElse(new Lease(false, null, null, null));
    }

    private static Instant next(ScheduleConfig s, JobRun last, Instant now) {
        return switch (last.job()) {
            case "full-reconcile" -> nextCron(s.full(), now);
            case "write-back" -> last.startedAt().plus(s.writeBack());
            default -> last.startedAt().plus(s.incremental());
        };
    }

    private static Instant nextCron(String cron, Instant now) {
        try {
            Date next = new CronExpression(cron).getNextValidTimeAfter(Date.from(now));
            return next == null ? null : next.toInstant();
        } catch (ParseException e) {
            return null;
        }
    }
}
