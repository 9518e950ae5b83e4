package io.groupbridge.daemon;

import io.groupbridge.BuildInfo;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.SettingsView;
import io.groupbridge.StatusReport;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.ScheduleConfig;
import io.groupbridge.store.DaemonRecords;
import io.groupbridge.store.StoreException;
import io.groupbridge.sync.LockHeldException;
import io.groupbridge.sync.RunLock;
import io.groupbridge.web.PanelPages;
import io.groupbridge.web.WebServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code groupbridge run}: a Quartz scheduler in memory (RAMJobStore; the schedule comes from the conf at every
 * start, so there is nothing to persist) running the incremental and full reconciles, the write-back drain and
 * request expiry. Each job is {@code @DisallowConcurrentExecution}; a full and an incremental reconcile exclude each
 * other through the store's reconcile lease, which also keeps out one-shot CLI reconciles and other hosts (spec Y6).
 *
 * <p>With {@code schedule.cluster} the schedule lives in the store's PostgreSQL database instead
 * ({@link ClusterJobStore}), shared by every daemon on that store, each fire running on one of them. Otherwise one
 * daemon per store: it holds the {@value #LEASE} lease while it runs, which {@code groupbridge status} reads to tell
 * whether a daemon is up. An edited conf is picked up at the next cycle of any job, and a changed schedule
 * reschedules the jobs (spec C3).
 *
 * <p>{@link #close()} stops firing, waits up to {@code schedule.shutdownTimeout} for running jobs, and then abandons
 * them: an abandoned reconcile rolls back when the store closes, so the store is never left half-written (Y3). The
 * caller then closes the app, which persists the embedded directory.
 */
public final class Daemon implements AutoCloseable {

    /** The lease a running daemon holds on its store. */
    public static final String LEASE = GroupbridgeApp.DAEMON_LEASE;

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final String GROUP = "groupbridge";

    private final GroupbridgeApp app;
    private final LiveConfig conf;
    private final Scheduler scheduler;
    private final Clock clock;
    private final DaemonMetrics metrics;
    // The members of a cluster share the store, so none holds the one-daemon-per-store lease.
    private final boolean clustered;
    private RunLock.Lease lease;
    // Set by start(); read by jobs on scheduler threads.
    private volatile SelfServiceSource selfService;
    // The web panel and REST API, when http.enabled; set by start().
    private volatile WebServer web;
    // Guarded by this.
    private ScheduleConfig scheduled;
    // The governance jobs' intervals in force; guarded by this, as scheduled is.
    private GovernanceIntervals governanceEvery;
    private boolean closed;

    /** @throws SchedulerException when Quartz cannot be set up */
    public Daemon(GroupbridgeApp app, LiveConfig conf, Clock clock) throws SchedulerException {
        this.app = app;
        this.conf = conf;
        this.clock = clock;
        DaemonRecords records = app.store().daemonRecords();
        this.metrics = new DaemonMetrics(conf.current().metrics(), records, BuildInfo.load());
        Cycle cycle = new Cycle(conf, records, metrics, clock);
        SyncCycles cycles = app::syncCycle;
        ReconcileCycle reconcile = new ReconcileCycle(cycles);
        Map<Class<? extends Job>, Supplier<Job>> jobs = new LinkedHashMap<>();
        jobs.put(IncrementalReconcileJob.class, () -> new IncrementalReconcileJob(cycle, reconcile));
        jobs.put(FullReconcileJob.class, () -> new FullReconcileJob(cycle, reconcile));
        jobs.put(WriteBackJob.class, () -> new WriteBackJob(cycle, cycles));
        jobs.put(RequestExpiryJob.class, () -> new RequestExpiryJob(cycle, selfService));
        jobs.put(MembershipEndJob.class, () -> new MembershipEndJob(cycle, selfService));
        jobs.put(ReviewJob.class, () -> new ReviewJob(cycle, selfService));
        jobs.put(MailJob.class, () -> new MailJob(cycle, selfService, app::mailSender));
        jobs.put(GroupExpiryJob.class, () -> new GroupExpiryJob(cycle, selfService));
        ScheduleConfig schedule = conf.current().schedule();
        this.clustered = schedule.cluster();
        Properties quartz = clustered ? ClusterJobStore.properties(app.store(), schedule, jobs.size())
                : quartzProperties(jobs.size());
        this.scheduler = new StdSchedulerFactory(quartz).getScheduler();
        scheduler.setJobFactory(new DaemonJobFactory(jobs));
    }

    private static Properties quartzProperties(int jobs) {
        Properties p = new Properties();
        // Quartz keeps schedulers in a JVM-wide registry by name; a unique name keeps two daemons (tests) apart.
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "groupbridge-" + UUID.randomUUID());
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(jobs));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "groupbridge-job");
        return p;
    }

    /**
     * Takes the daemon lease, serves the embedded store and directory on loopback when the conf uses them (for as
     * long as the daemon runs, so other processes can act meanwhile), and starts the schedule. The first incremental
     * reconcile runs at once; with no checkpoint yet it is a full one.
     *
     * @throws LockHeldException when another daemon runs against this store
     * @throws StoreException when the embedded store cannot be served
     * @throws IOException when the embedded directory cannot start
     */
    public synchronized void start() throws LockHeldException, StoreException, IOException, SchedulerException {
        if (!clustered) {
            lease = app.runLock().acquire(LEASE, "daemon");
        }
        try {
            app.serve();
            app.store().meterPool(metrics.registry());
            metrics.serve();
            selfService = app.selfService(conf::refresh, this::triggerWriteBack);
            if (conf.current().http().enabled()) {
                web = WebServer.start(conf.current().http(), selfService, app.store(), clock, webViews(),
                        new PanelPages(selfService, app.store().queries()));
            }
            conf.onChange(this::reschedule);
            scheduled = conf.current().schedule();
            governanceEvery = GovernanceIntervals.of(conf.current());
            scheduleAll(scheduled, governanceEvery, true);
            scheduler.start();
        } catch (StoreException | IOException | SchedulerException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("daemon started: incremental every {}, full at cron '{}', write-back every {}, conf {}",
                scheduled.incremental(), scheduled.full(), scheduled.writeBack(), conf.current().source());
    }

    /* The settings and status the API shows follow the conf file as the daemon reads it, as the command line's do. */
    private WebServer.Views webViews() {
        return new WebServer.Views(() -> SettingsView.of(conf.refresh()), () -> {
            GroupbridgeConfig now = conf.refresh();
            return StatusReport.read(app, now, now, conf.lastError().map(Throwable::getMessage).orElse(null), clock);
        });
    }

    /**
     * How often the governance jobs run, as the conf says: {@code governance.membership.checkEvery},
     * {@code governance.reviews.checkEvery}, {@code governance.expiration.checkEvery}, and
     * {@code notifications.mail.sendEvery} (a minute while mail is off).
     */
    private record GovernanceIntervals(Duration membershipEnd, Duration reviews, Duration expiry,
            Duration mail) {
        static GovernanceIntervals of(GroupbridgeConfig c) {
            return new GovernanceIntervals(c.governance().membership().checkEvery(),
                    c.governance().reviews().checkEvery(), c.governance().expiration().checkEvery(),
                    c.notifications().mail().map(m -> m.sendEvery()).orElse(Duration.ofMinutes(1)));
        }
    }

    private void scheduleAll(ScheduleConfig s, GovernanceIntervals every, boolean first) throws SchedulerException {
        schedule(IncrementalReconcileJob.class, IncrementalReconcileJob.NAME, interval(s.incremental(), first), first);
        schedule(FullReconcileJob.class, FullReconcileJob.NAME, TriggerBuilder.newTrigger()
                .withSchedule(CronScheduleBuilder.cronSchedule(s.full()).withMisfireHandlingInstructionFireAndProceed()),
                first);
        schedule(WriteBackJob.class, WriteBackJob.NAME, interval(s.writeBack(), false), first);
        schedule(RequestExpiryJob.class, RequestExpiryJob.NAME, interval(s.incremental(), false), first);
        schedule(MembershipEndJob.class, MembershipEndJob.NAME, interval(every.membershipEnd(), first), first);
        schedule(ReviewJob.class, ReviewJob.NAME, interval(every.reviews(), first), first);
        schedule(GroupExpiryJob.class, GroupExpiryJob.NAME, interval(every.expiry(), first), first);
        schedule(MailJob.class, MailJob.NAME, interval(every.mail(), first), first);
    }

    /** Repeats forever; a missed fire is dropped rather than run late, since the next run does the same work. */
    private TriggerBuilder<? extends Trigger> interval(Duration every, boolean now) {
        TriggerBuilder<org.quartz.SimpleTrigger> b = TriggerBuilder.newTrigger().withSchedule(SimpleScheduleBuilder
                .simpleSchedule().withIntervalInMilliseconds(every.toMillis()).repeatForever()
                .withMisfireHandlingInstructionNextWithRemainingCount());
        return now ? b.startNow() : b.startAt(java.util.Date.from(clock.instant().plus(every)));
    }

    private void schedule(Class<? extends Job> type, String name, TriggerBuilder<? extends Trigger> trigger,
            boolean first) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(name, GROUP);
        Trigger t = trigger.withIdentity(key).forJob(JobKey.jobKey(name, GROUP)).build();
        if (first) {
            JobDetail job = JobBuilder.newJob(type).withIdentity(name, GROUP).build();
            // Replacing, since in a cluster another member may have stored the job and its trigger already.
            scheduler.scheduleJob(job, java.util.Set.of(t), true);
        } else {
            scheduler.rescheduleJob(key, t);
        }
    }

    private synchronized void reschedule(GroupbridgeConfig next) {
        GovernanceIntervals every = GovernanceIntervals.of(next);
        if (closed || (next.schedule().equals(scheduled) && every.equals(governanceEvery))) {
            return;
        }
        try {
            scheduleAll(next.schedule(), every, false);
            scheduled = next.schedule();
            governanceEvery = every;
            LOG.info("schedule changed: incremental every {}, full at cron '{}', write-back every {}",
                    scheduled.incremental(), scheduled.full(), scheduled.writeBack());
        } catch (SchedulerException e) {
            LOG.error("cannot apply the new schedule, the old one stays: {}", e.getMessage());
        }
    }

    /**
     * Self-service in the daemon's process, deciding with the live conf: every decision follows the conf file as it
     * is at that moment (spec S8, C3). Available once started.
     */
    public SelfServiceSource selfService() {
        return selfService;
    }

    /*
     * Rows an in-process action just committed go out now rather than at the next scheduled drain. A drain already
     * running may have read the outbox before they were there, so this fire waits for it and runs after it.
     */
    private void triggerWriteBack() {
        try {
            scheduler.triggerJob(JobKey.jobKey(WriteBackJob.NAME, GROUP));
        } catch (SchedulerException e) {
            LOG.warn("cannot start the write-back now, it runs at its next scheduled time: {}", e.getMessage());
        }
    }

    /** The web panel and REST API, when the conf enables them and the daemon has started. */
    public Optional<WebServer> web() {
        return Optional.ofNullable(web);
    }

    /** The meters of the jobs' cycles (JMX, Prometheus). */
    DaemonMetrics metrics() {
        return metrics;
    }

    /** When the job will fire next, if it is scheduled; for tests and logs. */
    public Instant nextFire(String job) throws SchedulerException {
        Trigger t = scheduler.getTrigger(TriggerKey.triggerKey(job, GROUP));
        return t == null || t.getNextFireTime() == null ? null : t.getNextFireTime().toInstant();
    }

    /** Stops the schedule within {@code schedule.shutdownTimeout} and releases the daemon lease. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (web != null) {
            // First, so that nobody acts on a daemon that no longer writes back.
            web.close();
        }
        Duration timeout = conf.current().schedule().shutdownTimeout();
        try {
            scheduler.standby();
            Instant deadline = clock.instant().plus(timeout);
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && clock.instant().isBefore(deadline)) {
                Thread.sleep(100);
            }
            var running = scheduler.getCurrentlyExecutingJobs();
            if (!running.isEmpty()) {
                LOG.warn("stopping with {} job(s) still running after {}: {}; a reconcile among them rolls back",
                        running.size(), timeout, running.stream().map(c -> c.getJobDetail().getKey().getName()).toList());
            }
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            LOG.warn("the scheduler did not stop cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            metrics.close();
            if (lease != null) {
                lease.close();
            }
        }
        LOG.info("daemon stopped");
    }
}
