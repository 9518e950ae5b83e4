package io.groupbridge.daemon;

import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.store.DaemonRecords;
import io.groupbridge.store.JobRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The frame every job's cycle runs in: pick up an edited conf (spec C3), do the work, record the run for
 * {@code groupbridge status} and the meters. A failing cycle is logged and recorded, never thrown to the scheduler, so the next
 * cycle runs as planned.
 */
final class Cycle {

    private static final Logger LOG = LoggerFactory.getLogger(Cycle.class);

    /** One job's work, given the conf in force for this cycle. */
    @FunctionalInterface
    interface Work {
        JobOutcome run(GroupbridgeConfig conf) throws Exception;
    }

    private final LiveConfig conf;
    private final DaemonRecords records;
    private final DaemonMetrics metrics;
    private final Clock clock;

    Cycle(LiveConfig conf, DaemonRecords records, DaemonMetrics metrics, Clock clock) {
        this.conf = conf;
        this.records = records;
        this.metrics = metrics;
        this.clock = clock;
    }

    void run(String job, Work work) {
        // Every line the cycle logs, in whichever class, carries the job's name (conf/logback.xml).
        try (MDC.MDCCloseable task = MDC.putCloseable("task", job)) {
            runLogged(job, work);
        }
    }

    private void runLogged(String job, Work work) {
        GroupbridgeConfig current = conf.refresh();
        Instant started = clock.instant();
        JobOutcome outcome;
        try {
            outcome = work.run(current);
        } catch (Exception e) {
            LOG.error("{} failed: {}", job, e.getMessage(), e);
            outcome = new JobOutcome("failed", 0, 0, String.valueOf(e.getMessage()));
        }
        Instant finished = clock.instant();
        metrics.record(job, outcome, Duration.between(started, finished), finished);
        try {
            records.record(new JobRun(job, started, finished, outcome.outcome(), outcome.entriesRead(),
                    outcome.changes(), outcome.detail(), current.settings().version()));
        } catch (RuntimeException e) {
            LOG.warn("cannot record the {} run in the store: {}", job, e.getMessage());
        }
    }
}
