package io.groupbridge.daemon;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.SelfServiceWiring;
import java.time.Clock;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Expires pending join requests older than {@code requests.expireAfter} (spec R4), every
 * {@code schedule.incremental}. Misfire policy: skip missed fires; the next run expires everything due.
 */
@DisallowConcurrentExecution
final class RequestExpiryJob implements Job {

    static final String NAME = "request-expiry";

    private final Cycle cycle;
    private final GroupbridgeApp app;
    private final Clock clock;

    RequestExpiryJob(Cycle cycle, GroupbridgeApp app, Clock clock) {
        this.cycle = cycle;
        this.app = app;
        this.clock = clock;
    }

    @Override
    public void execute(JobExecutionContext context) {
        cycle.run(NAME, conf -> {
            try (SelfServiceWiring selfService = SelfServiceWiring.open(app, clock)) {
                return JobOutcome.succeeded(0, selfService.actions().expireRequests(), null);
            }
        });
    }
}
