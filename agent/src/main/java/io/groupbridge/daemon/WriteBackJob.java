package io.groupbridge.daemon;

import io.groupbridge.sync.WriteBackReport;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Drains the write-back outbox to the directory every {@code schedule.writeBack} (spec W1-W3), with the mapping and
 * write-back settings in force at this cycle (spec C3). The relay records failures on the rows and retries them with
 * backoff itself. Misfire policy: skip missed fires; the next drain sends everything due.
 */
@DisallowConcurrentExecution
final class WriteBackJob implements Job {

    static final String NAME = "write-back";

    private final Cycle cycle;
    private final SyncCycles cycles;

    WriteBackJob(Cycle cycle, SyncCycles cycles) {
        this.cycle = cycle;
        this.cycles = cycles;
    }

    @Override
    public void execute(JobExecutionContext context) {
        cycle.run(NAME, conf -> {
            WriteBackReport report = cycles.forConf(conf).writeBack();
            return JobOutcome.succeeded(0, report.done(), report.nothingToDo() ? null
                    : report.done() + " done, " + report.retrying() + " retrying, " + report.parked() + " parked");
        });
    }
}
