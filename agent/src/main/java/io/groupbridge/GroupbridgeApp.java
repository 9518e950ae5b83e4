package io.groupbridge;

import io.groupbridge.config.BindAccount;
import io.groupbridge.config.DirectoryConfig;
import io.groupbridge.config.GovernanceConfig;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.MappingConfig;
import io.groupbridge.config.ReconcileConfig;
import io.groupbridge.config.RolesConfig;
import io.groupbridge.config.SettingsConfig;
import io.groupbridge.config.StoreConfig;
import io.groupbridge.config.WriteBackConfig;
import io.groupbridge.directory.DirectoryException;
import io.groupbridge.dn.Dns;
import io.groupbridge.directory.EntryMapper;
import io.groupbridge.directory.LdapConnector;
import io.groupbridge.directory.LdapCredentials;
import io.groupbridge.directory.LdapDirectoryNames;
import io.groupbridge.directory.LdapEndpoint;
import io.groupbridge.directory.LdapMembershipWriter;
import io.groupbridge.directory.LdapPersonAttributes;
import io.groupbridge.directory.LdapPools;
import io.groupbridge.directory.LdapSnapshotSource;
import io.groupbridge.fixtures.EmbeddedDirectory;
import io.groupbridge.model.GroupKind;
import io.groupbridge.notify.MailSender;
import io.groupbridge.notify.Notifiers;
import io.groupbridge.selfservice.GroupExpirationService;
import io.groupbridge.selfservice.GroupTemplate;
import io.groupbridge.selfservice.MailNotices;
import io.groupbridge.selfservice.MembershipService;
import io.groupbridge.selfservice.NotificationSink;
import io.groupbridge.selfservice.PeopleSearch;
import io.groupbridge.selfservice.ReviewSchedule;
import io.groupbridge.selfservice.ReviewScope;
import io.groupbridge.selfservice.ReviewService;
import io.groupbridge.selfservice.ReviewVerdict;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.SelfServiceOptions;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.selfservice.ServicePrincipal;
import io.groupbridge.selfservice.SignIn;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.selfservice.rules.GroupExpiry;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import io.groupbridge.selfservice.rules.OwnerAssignment;
import io.groupbridge.selfservice.rules.PremiumLicense;
import io.groupbridge.selfservice.rules.RestrictMyGroups;
import io.groupbridge.selfservice.rules.TenantSettings;
import io.groupbridge.store.EmbeddedStore;
import io.groupbridge.store.EmbeddedStoreServer;
import io.groupbridge.store.GroupStore;
import io.groupbridge.store.JdbiSelfServiceStore;
import io.groupbridge.store.StoreException;
import io.groupbridge.sync.Backoff;
import io.groupbridge.sync.Failsafe;
import io.groupbridge.sync.Outbox;
import io.groupbridge.sync.OutboxRelay;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.RunLock;
import io.groupbridge.sync.SyncCycle;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the object graph from the conf with constructors only, and owns what must be closed.
 * The store is opened at once; the directory's connection pools (and, on the embedded defaults, the embedded directory
 * server) only when something needs them, so a listing of the store does not start a server. The pools are built
 * once and closed with the app, so reconciles, write-back passes and sign-ins reuse their connections. The
 * self-service use cases and sign-in are built here too ({@link #selfService()}), for the conf in force, and the
 * notification receivers once per app.
 *
 * <p>On the embedded defaults a daemon {@linkplain #serve() serves} the store and the directory on loopback, and
 * every other process uses those instead of opening the files itself: the HSQLDB file admits one process, and two
 * processes each persisting the directory's data file would lose each other's writes.
 */
public final class GroupbridgeApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupbridgeApp.class);
    private static final int REPORT_LIMIT = 200;
    /*
     * Long enough that a store pause or a GC does not let a live run's lease lapse (it is renewed every third of
     * it), short enough that a crashed holder blocks the next reconcile for two minutes at most.
     */
    private static final Duration LEASE_PERIOD = Duration.ofMinutes(2);

    /** The lease a running daemon holds on its store. */
    public static final String DAEMON_LEASE = "daemon";

    private final GroupbridgeConfig config;
    private final Clock clock;
    private final GroupStore store;
    private final RunLock runLock;
    // True when the store is a daemon's embedded database reached over loopback rather than opened from the file.
    private final boolean storeViaDaemon;
    private EmbeddedStoreServer storeServer;
    private EmbeddedDirectory embedded;
    private LdapPools pools;
    // Built on first use, closed with the app.
    private NotificationSink notifications;
    private SelfServiceSource selfService;

    private GroupbridgeApp(GroupbridgeConfig config, Clock clock, GroupStore store, boolean storeViaDaemon) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.storeViaDaemon = storeViaDaemon;
        this.runLock = store.runLock(LEASE_PERIOD, processIdentity());
    }

    /** How leases name this process, so whoever finds one taken knows where to look. */
    private static String processIdentity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown host";
        }
        return host + " (pid " + ProcessHandle.current().pid() + ")";
    }

    /**
     * Opens the store. An embedded store that a daemon serves on {@code store.embeddedPort} is reached through it;
     * otherwise the file is opened in this process. Either way with the embedded store's password (see
     * {@link EmbeddedStore}), never SA without one.
     *
     * @throws StoreException when the store cannot be opened or migrated
     */
    public static GroupbridgeApp open(GroupbridgeConfig config, Clock clock) throws StoreException {
        StoreConfig s = config.store();
        if (!s.isEmbedded()) {
            return new GroupbridgeApp(config, clock,
                    GroupStore.open(s.jdbcUrl(), s.username(), s.password().reveal(), s.maxPoolSize(), clock), false);
        }
        String password = EmbeddedStore.password(s.embeddedDatabase(), s.password().reveal(), new SecureRandom());
        if (EmbeddedStoreServer.serves(s.embeddedServerUrl(), s.username(), password,
                s.embeddedDatabase().toString())) {
            return new GroupbridgeApp(config, clock,
                    GroupStore.open(s.embeddedServerUrl(), s.username(), password, s.maxPoolSize(), clock), true);
        }
        try (EmbeddedStore opened = EmbeddedStore.open(s.jdbcUrl(), s.username(), password,
                EmbeddedStore.credentialsFile(s.embeddedDatabase()))) {
            return new GroupbridgeApp(config, clock,
                    GroupStore.open(s.jdbcUrl(), s.username(), password, s.maxPoolSize(), clock), false);
        }
    }

    public GroupbridgeConfig config() {
        return config;
    }

    public GroupStore store() {
        return store;
    }

    /**
     * The connection pools to the configured directory. On the embedded defaults that is the running daemon's embedded
     * directory when a daemon holds this store; otherwise this process starts the embedded directory itself.
     *
     * @throws IOException when the embedded directory cannot start, or a daemon runs but its directory does not answer
     */
    public synchronized LdapPools directory() throws IOException {
        if (pools == null) {
            DirectoryConfig d = config.directory();
            if (!d.isEmbedded()) {
                List<LdapEndpoint.Server> servers = d.servers().stream()
                        .map(u -> new LdapEndpoint.Server(u.host(), u.port())).toList();
                pools = pools(d, new LdapEndpoint(servers, d.ssl(), d.startTls()));
                if (d.insecure()) {
                    LOG.warn("directory.insecure is on: the certificate of {} is not checked, so anyone on the"
                            + " network path can read and change what the agent reads and writes; for labs only",
                            pools.endpoint());
                }
            } else {
                Optional<RunLock.Holder> daemon = runLock.holder(DAEMON_LEASE)
                        .filter(h -> h.expiresAt().isAfter(clock.instant()));
                pools = daemon.isPresent() ? daemonsDirectory(d, daemon.get()) : startEmbedded(d);
            }
        }
        return pools;
    }

    /**
     * For the daemon, holding the {@value #DAEMON_LEASE} lease: serves the embedded store (unless this process reached
     * it through another's server) and starts the embedded directory in this process, both on loopback, so that
     * one-shot commands in other processes act through them while the daemon runs.
     *
     * @throws StoreException when the store cannot be served, e.g. {@code store.embeddedPort} is in use
     * @throws IOException when the embedded directory cannot start
     */
    public synchronized void serve() throws StoreException, IOException {
        StoreConfig s = config.store();
        if (s.isEmbedded() && !storeViaDaemon && storeServer == null) {
            storeServer = EmbeddedStoreServer.start(s.embeddedServerPath(), StoreConfig.EMBEDDED_DATABASE_NAME,
                    s.embeddedPort());
        }
        if (pools == null) {
            DirectoryConfig d = config.directory();
            pools = d.isEmbedded() ? startEmbedded(d) : directory();
        }
    }

    /**
     * Reads and sign-ins bind as {@code directory.bindDn}; the write-back as {@code directory.writeBindDn} when the
     * conf names one, so that the account that reads can be read-only.
     */
    private static LdapPools pools(DirectoryConfig d, LdapEndpoint endpoint) throws IOException {
        LdapConnector connector = new LdapConnector(endpoint, d.connectTimeout(), d.responseTimeout(),
                d.trustedCertificates(), d.insecure());
        String writeDn = d.writeBackAccount().map(BindAccount::dn).orElse(d.bindDn());
        String writePassword = d.writeBackAccount().map(BindAccount::password).orElse(d.bindPassword()).reveal();
        try {
            return new LdapPools(connector.pool("reads", d.bindDn(), d.bindPassword().reveal(), d.poolSize()),
                    connector.pool("write-back", writeDn, writePassword, d.writePoolSize()),
                    connector.pool("sign-ins", d.bindDn(), d.bindPassword().reveal(), d.signInPoolSize()));
        } catch (DirectoryException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /*
     * Never falls back to an embedded directory of this process while a daemon runs: it would load the data file as
     * the daemon last saved it, and saving it at exit would drop whatever the daemon wrote since.
     */
    private static LdapPools daemonsDirectory(DirectoryConfig d, RunLock.Holder daemon) throws IOException {
        int port = d.embedded().port();
        String refusal = "a groupbridge daemon runs on this store (" + daemon.holder() + "), but its embedded directory ";
        if (port == 0) {
            throw new IOException(refusal + "listens on a port chosen at its start (directory.embedded.port is 0);"
                    + " set a fixed port, or stop the daemon first");
        }
        LdapPools daemons = pools(d, new LdapEndpoint("127.0.0.1", port, false, false));
        try {
            daemons.reads().check();
        } catch (DirectoryException e) {
            daemons.close();
            throw new IOException(refusal + "does not answer on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        LOG.debug("using the daemon's embedded directory on 127.0.0.1:{}", port);
        return daemons;
    }

    private LdapPools startEmbedded(DirectoryConfig d) throws IOException {
        embedded = startEmbeddedServer(d);
        return pools(d, new LdapEndpoint("127.0.0.1", embedded.port(), false, false));
    }

    private EmbeddedDirectory startEmbeddedServer(DirectoryConfig d) throws IOException {
        EmbeddedDirectory.Builder builder = EmbeddedDirectory.builder()
                .port(d.embedded().port())
                .suffix(d.embedded().suffix())
                .dataFile(d.embedded().dataFile());
        d.embedded().seedLdif().ifPresent(builder::seed);
        try {
            EmbeddedDirectory started = builder.start();
            LOG.info("embedded directory listening on {} (data file {})", started.url(), d.embedded().dataFile());
            return started;
        } catch (IOException e) {
            if (hasCause(e, BindException.class)) {
                throw new IOException("the embedded directory cannot listen on 127.0.0.1:" + d.embedded().port()
                        + ": the port is in use (is a groupbridge daemon already running? set directory.embedded.port"
                        + " to another port, or 0 for any free one)", e);
            }
            throw e;
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The leases that keep reconciles (and daemons) of this store from overlapping (spec Y6). */
    public RunLock runLock() {
        return runLock;
    }

    public Reconciler reconciler() throws IOException {
        return reconciler(config);
    }

    /**
     * A reconciler that reads with the mapping, bases and limits of {@code current}, a conf reloaded since this app
     * was opened (spec C3); the connection and the store stay those of the conf the app was opened with.
     */
    public Reconciler reconciler(GroupbridgeConfig current) throws IOException {
        DirectoryConfig d = current.directory();
        LdapSnapshotSource source = new LdapSnapshotSource(directory().reads(), new EntryMapper(current.mapping()),
                LdapSnapshotSource.Search.of(d.peopleBase(), d.peopleFilter()),
                LdapSnapshotSource.Search.of(d.groupBase(), d.groupFilter()), d.pageSize());
        ReconcileConfig r = current.reconcile();
        return new Reconciler(source, store.reconcileStore(r.batchSize()), runLock, failsafe(r), clock, REPORT_LIMIT);
    }

    /**
     * The failsafe's limit on a large group's member removals under {@code current}'s reconcile limits, for the
     * memberships that end (spec T4): the same {@code maxRemovalShare} and {@code largeGroupThreshold} that hold a
     * reconcile back.
     */
    public static MembershipService.RemovalLimit membershipEndLimit(GroupbridgeConfig current) {
        return failsafe(current.reconcile())::members;
    }

    /** The access reviews {@code current} schedules (spec V1), as the review service starts them. */
    public static List<ReviewSchedule> reviewSchedules(GroupbridgeConfig current) {
        return current.governance().reviews().schedules().stream().map(s -> new ReviewSchedule(s.name(),
                s.group().map(ReviewScope::ofGroup).orElseGet(() -> ReviewScope.matching(s.namePattern(),
                        s.kind().map(GroupKind::fromWireName))), s.every(), s.duration(),
                s.defaultRemove() ? ReviewVerdict.REMOVE : ReviewVerdict.KEEP, s.reviewer())).toList();
    }

    private static Failsafe failsafe(ReconcileConfig r) {
        return new Failsafe(r.maxRemovalShare(), r.largeGroupThreshold(), r.allowEmptyDirectory(),
                r.removalWindow());
    }

    /** Reconcile, record drift, write back (spec Y1-Y6, W1-W5) with the conf the app was opened with. */
    public SyncCycle syncCycle() throws IOException {
        return syncCycle(config);
    }

    /** The sync cycle with the mapping, bases, limits and write-back settings of {@code current} (spec C3). */
    public SyncCycle syncCycle(GroupbridgeConfig current) throws IOException {
        return new SyncCycle(reconciler(current), outboxRelay(current));
    }

    /** The write-back outbox in the store (spec W1, W3). */
    public Outbox outbox() {
        return store.outbox();
    }

    /** Writes the outbox to the directory with the conf's write-back settings (spec W1-W5). */
    public OutboxRelay outboxRelay() throws IOException {
        return outboxRelay(config);
    }

    /**
     * A relay that writes with the mapping, group base and write-back settings of {@code current}, a conf reloaded
     * since this app was opened (spec C3); the connection stays that of the conf the app was opened with, as for
     * {@link #reconciler(GroupbridgeConfig)}.
     */
    public OutboxRelay outboxRelay(GroupbridgeConfig current) throws IOException {
        WriteBackConfig w = current.writeBack();
        LdapMembershipWriter writer = new LdapMembershipWriter(directory().writes(), current.mapping(),
                current.directory().groupBase());
        return new OutboxRelay(outbox(), writer, new Backoff(w.initialBackoff(), w.maxBackoff(), new SplittableRandom()),
                w.maxAttempts(), w.batchSize(), clock);
    }

    /**
     * Self-service for a one-shot command, deciding with the conf the app was opened with; the same source on every
     * call.
     *
     * @throws IOException when the embedded directory cannot start
     */
    public synchronized SelfServiceSource selfService() throws IOException {
        if (selfService == null) {
            selfService = selfService(() -> config, () -> { });
        }
        return selfService;
    }

    /**
     * Self-service that follows a live conf (spec S8, C3): each {@link SelfServiceSource#actions()} and
     * {@link SelfServiceSource#signIn()} is built from the conf {@code current} gives at that moment, and rebuilt when
     * it gives another one. The store and the directory connection stay those the app was opened with; the
     * notification receivers those of the conf it was opened with.
     *
     * @param current       the conf in force; the daemon passes its live conf
     * @param outboxWritten run after each action that committed write-back rows; must not throw
     * @throws IOException when the embedded directory cannot start
     */
    public SelfServiceSource selfService(Supplier<GroupbridgeConfig> current, Runnable outboxWritten)
            throws IOException {
        directory();
        return new LiveSelfService(current, notifications(), outboxWritten);
    }

    private synchronized NotificationSink notifications() {
        if (notifications == null) {
            notifications = Notifiers.fromConfig(config.notifications(), clock);
        }
        return notifications;
    }

    /** The use cases and sign-in for the conf in force, rebuilt when it changes. */
    private final class LiveSelfService implements SelfServiceSource {

        private final Supplier<GroupbridgeConfig> current;
        private final NotificationSink notifications;
        private final Runnable outboxWritten;
        private final PeopleSearch people = new PeopleSearch(store.selfServiceStore());
        // Written under this lock, read without it: every request asks, and the conf rarely changes.
        private volatile Built built;

        LiveSelfService(Supplier<GroupbridgeConfig> current, NotificationSink notifications, Runnable outboxWritten) {
            this.current = current;
            this.notifications = notifications;
            this.outboxWritten = outboxWritten;
        }

        @Override
        public PeopleSearch people() {
            return people;
        }

        @Override
        public SelfService actions() {
            return built().actions();
        }

        @Override
        public SignIn signIn() {
            return built().signIn();
        }

        @Override
        public ReviewService reviews() {
            return built().reviews();
        }

        /*
         * One conf, one build: the settings version an audit entry records is the one its decision used. The build
         * in force is returned without the lock, which every request of the panel took in turn (issue 12, point 6).
         */
        private Built built() {
            GroupbridgeConfig now = current.get();
            Built known = built;
            if (known != null && known.conf() == now) {
                return known;
            }
            synchronized (this) {
                if (built == null || built.conf() != now) {
                    built = build(now);
                }
                return built;
            }
        }

        private Built build(GroupbridgeConfig c) {
            DirectoryConfig d = c.directory();
            LdapDirectoryNames names = new LdapDirectoryNames(d.groupBase(), c.mapping().groupNameAttribute());
            SelfServiceOptions options = new SelfServiceOptions(tenantSettings(c.settings()), roleGroups(c.roles()),
                    c.requests().expireAfter(), groupTemplate(c.mapping()), SelfServiceOptions.DEFAULT_MAX_NAME_LENGTH,
                    namingPolicy(c.governance()), membershipTerms(c.governance()), mailNotices(c),
                    groupExpiry(c.governance()));
            LdapCredentials credentials;
            SelfService actions;
            try {
                actions = SelfService.over(store.selfServiceStore(), names, options, notifications, outboxWritten,
                        clock, new LdapPersonAttributes(directory().reads()));
                credentials = new LdapCredentials(directory().signIns(), d.peopleBase(), d.peopleFilter(),
                        c.mapping().loginAttributes());
            } catch (IOException e) {
                // directory() opened the pools before this source was handed out, so it returns them without I/O.
                throw new IllegalStateException("the directory's pools are gone: " + e.getMessage(), e);
            }
            SignIn signIn = new SignIn(credentials, store.selfServiceStore(), actions.views(), c.servicePrincipals()
                    .stream().map(sp -> new ServicePrincipal(sp.name(), sp.dn(), sp.password().reveal(),
                            sp.apiTokenSha256().map(java.util.HexFormat.of()::parseHex))).toList(),
                    clock);
            JdbiSelfServiceStore selfServiceStore = store.selfServiceStore();
            ReviewService reviews = ReviewService.over(selfServiceStore, selfServiceStore.reviewStore(), names,
                    options, notifications, outboxWritten, clock, membershipEndLimit(c));
            return new Built(c, actions, signIn, reviews);
        }
    }

    private record Built(GroupbridgeConfig conf, SelfService actions, SignIn signIn, ReviewService reviews) {
    }

    /** What the mapping makes of a group created through groupbridge. */
    static GroupTemplate groupTemplate(MappingConfig mapping) {
        List<String> classes = mapping.groupObjectClasses();
        // Each standard class has its own member attribute; any other class takes the first one the mapping reads.
        String memberAttribute = classes.stream().anyMatch(c -> c.equalsIgnoreCase("groupOfUniqueNames"))
                ? "uniqueMember"
                : classes.stream().anyMatch(c -> c.equalsIgnoreCase("groupOfNames")) ? "member"
                : mapping.memberAttributes().get(0);
        return new GroupTemplate(classes, memberAttribute, new EntryMapper(mapping).creatableKinds());
    }

    /** The conf's S1-S7 in the rules' terms, DNs normalized, versioned as the audit log records it (S8). */
    public static TenantSettings tenantSettings(SettingsConfig s) {
        return new TenantSettings(s.ownersCanManageJoinRequests(), RestrictMyGroups.fromWireName(s.restrictMyGroups()),
                s.usersCanCreateSecurityGroups(), s.usersCanCreateUnifiedGroups(),
                s.unifiedGroupCreationAllowedGroup().map(GroupbridgeApp::normalize),
                OwnerAssignment.fromWireName(s.ownerAssignment()),
                s.ownerAssignmentSelected().stream().map(GroupbridgeApp::normalize).collect(Collectors.toSet()),
                s.premiumLicense().equals(PremiumLicense.ALL_USERS) ? PremiumLicense.allUsers()
                        : PremiumLicense.group(normalize(s.premiumLicense())),
                s.version());
    }

    /** The conf's naming policy in the rules' terms (spec N1-N5). */
    public static NamingPolicy namingPolicy(GovernanceConfig g) {
        return new NamingPolicy(g.naming().prefix(), g.naming().suffix(), Set.copyOf(g.naming().blockedWords()));
    }

    /** Whether actions queue mail (spec M1-M3), and how early memberships are reminded of their end (T7). */
    public static MailNotices mailNotices(GroupbridgeConfig c) {
        return new MailNotices(c.notifications().mail().isPresent(), c.governance().membership().remindBefore());
    }

    /**
     * The sender of the mail queue through the SMTP server of {@code current}, a conf reloaded since this app was
     * opened (spec C3), with its templates; empty while that conf sets up no mail.
     */
    public Optional<MailSender> mailSender(GroupbridgeConfig current) {
        return current.notifications().mail()
                .map(mail -> MailSender.fromConfig(mail, current.http(), store.mailQueue(), clock));
    }

    /** The conf's membership terms in the rules' terms (spec T2, T3), group DNs normalized. */
    public static MembershipTerms membershipTerms(GovernanceConfig g) {
        Map<String, MembershipTerms.GroupTerm> groups = new HashMap<>();
        for (GovernanceConfig.GroupTerm t : g.membership().groups()) {
            groups.put(normalize(t.group()), new MembershipTerms.GroupTerm(t.maxDuration(), t.requireEndDate()));
        }
        return new MembershipTerms(g.membership().maxDuration(), g.membership().requireEndDate(), groups);
    }

    /** The conf's expiration policy in the rules' terms (spec E1-E4). */
    public static GroupExpiry groupExpiry(GovernanceConfig g) {
        GovernanceConfig.Expiration e = g.expiration();
        return new GroupExpiry(e.lifetime(), e.kinds(), e.remindBefore(), e.restoreWindow());
    }

    /**
     * The failsafe's limit on expiring groups under {@code current}'s reconcile limits (spec E3): the same
     * {@code maxRemovalShare} that holds a reconcile back from removing too many groups at once.
     */
    public static GroupExpirationService.RemovalLimit groupExpiryLimit(GroupbridgeConfig current) {
        Failsafe f = failsafe(current.reconcile());
        return (stored, removed) -> f.removals("groups", stored, removed, 0);
    }

    private static Map<AdminRole, String> roleGroups(RolesConfig roles) {
        Map<AdminRole, String> result = new EnumMap<>(AdminRole.class);
        put(result, AdminRole.GROUPS_ADMINISTRATOR, roles.groupsAdministrators());
        put(result, AdminRole.USER_ADMINISTRATOR, roles.userAdministrators());
        put(result, AdminRole.GLOBAL_ADMINISTRATOR, roles.globalAdministrators());
        return result;
    }

    private static void put(Map<AdminRole, String> map, AdminRole role, Optional<String> dn) {
        dn.ifPresent(v -> map.put(role, normalize(v)));
    }

    // The conf loader already checked these are DNs.
    private static String normalize(String dn) {
        return Dns.normalized(dn).orElse(dn);
    }

    @Override
    public synchronized void close() {
        try {
            // Queued notifications first: closing waits, boundedly, for their delivery while everything else is up.
            if (notifications != null) {
                notifications.close();
                notifications = null;
            }
        } finally {
            closeStoreAndDirectory();
        }
    }

    private void closeStoreAndDirectory() {
        try {
            // Remote clients first, so none is cut off mid-transaction by the store closing under it.
            if (storeServer != null) {
                storeServer.close();
                storeServer = null;
            }
            store.close();
        } finally {
            if (pools != null) {
                pools.close();
                pools = null;
            }
            if (embedded != null) {
                embedded.close();
                embedded = null;
            }
        }
    }
}
