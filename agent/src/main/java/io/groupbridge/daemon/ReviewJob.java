package io.groupbridge.daemon;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.ReviewService;
import io.groupbridge.selfservice.SelfServiceSource;
import java.util.ArrayList;
import java.util.List;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Starts the access reviews the conf schedules that are due (spec V1), queues the reviewers' reminders by mail
 * (V5; the mail job sends them) and closes the reviews whose deadline came (V3), every {@code
 * governance.reviews.checkEvery}, with the schedules, reminder days and failsafe limits of the conf in force (the
 * live self-service's reviews decide with it). A review whose default-remove the failsafe holds back stays held and
 * is tried again at the next run; the run records why. Misfire policy: skip missed fires; the next run does
 * everything due.
 */
@DisallowConcurrentExecution
final class ReviewJob implements Job {

    static final String NAME = "access-review";

    private final Cycle cycle;
    private final SelfServiceSource selfService;

    ReviewJob(Cycle cycle, SelfServiceSource selfService) {
        this.cycle = cycle;
        this.selfService = selfService;
    }

    @Override
    public void execute(JobExecutionContext context) {
        cycle.run(NAME, conf -> {
            ReviewService reviews = selfService.reviews();
            List<String> problems = new ArrayList<>();
            for (ReviewService.Started s : reviews.startScheduled(GroupbridgeApp.reviewSchedules(conf))) {
                if (s.reviewId().isEmpty()) {
                    problems.add(s.result().message());
                }
            }
            int reminded = reviews.remindReviewers(conf.governance().reviews().remindBefore());
            int removed = 0;
            for (ReviewService.Closed c : reviews.closeDue()) {
                removed += c.removed();
                c.held().forEach(h -> problems.add("review " + c.reviewId() + " held back by the failsafe: " + h));
            }
            if (reminded > 0) {
                problems.add(0, reminded + " reviewer reminder(s) queued");
            }
            return JobOutcome.succeeded(0, removed, problems.isEmpty() ? null : String.join("; ", problems));
        });
    }
}
