package io.groupbridge.daemon;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.GroupExpirationService;
import io.groupbridge.selfservice.SelfServiceSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Reminds the owners of groups whose expiry is near and expires the groups whose expiry came (spec E1-E3), every
 * {@code governance.expiration.checkEvery}, held to the failsafe limits of the conf in force. The removals go out
 * through the outbox, whose write-back the daemon's self-service triggers at once. Misfire policy: skip missed
 * fires; the next run does everything due.
 */
@DisallowConcurrentExecution
final class GroupExpiryJob implements Job {

    static final String NAME = "group-expiry";

    private final Cycle cycle;
    private final SelfServiceSource selfService;

    GroupExpiryJob(Cycle cycle, SelfServiceSource selfService) {
        this.cycle = cycle;
        this.selfService = selfService;
    }

    @Override
    public void execute(JobExecutionContext context) {
        cycle.run(NAME, conf -> {
            GroupExpirationService.ExpirationRun run = selfService.actions().expiration()
                    .expireGroups(GroupbridgeApp.groupExpiryLimit(conf));
            return JobOutcome.succeeded(0, run.expired() + run.reminded(), run.held()
                    .map(h -> "held back by the failsafe: " + h).orElse(null));
        });
    }
}
