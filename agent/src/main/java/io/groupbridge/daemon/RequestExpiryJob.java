package io.groupbridge.daemon;

import io.groupbridge.selfservice.SelfServiceSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Expires pending join requests older than {@code requests.expireAfter} of the conf in force (spec R4), every
 * {@code schedule.incremental}. Misfire policy: skip missed fires; the next run expires everything due.
 */
@DisallowConcurrentExecution
final class RequestExpiryJob implements Job {

    static final String NAME = "request-expiry";

    private final Cycle cycle;
    private final SelfServiceSource selfService;

    RequestExpiryJob(Cycle cycle, SelfServiceSource selfService) {
        this.cycle = cycle;
        this.selfService = selfService;
    }

    @Override
    public void execute(JobExecutionContext context) {
        cycle.run(NAME, conf -> JobOutcome.succeeded(0, selfService.actions().requests().expireRequests(), null));
    }
}
