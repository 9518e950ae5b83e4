package io.groupbridge.daemon;

import java.util.Map;
import java.util.function.Supplier;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Hands Quartz jobs built from the daemon's own collaborators instead of letting it instantiate job classes
 * reflectively, so jobs get their dependencies through constructors and nothing is looked up statically.
 */
final class DaemonJobFactory implements JobFactory {

    private final Map<Class<? extends Job>, Supplier<Job>> jobs;

    DaemonJobFactory(Map<Class<? extends Job>, Supplier<Job>> jobs) {
        this.jobs = Map.copyOf(jobs);
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        Supplier<Job> supplier = jobs.get(type);
        if (supplier == null) {
            throw new SchedulerException("the daemon has no job of type " + type.getName());
        }
        return supplier.get();
    }
}
