package io.groupbridge.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.cli.Main;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents on one PostgreSQL store and one slapd with {@code schedule.cluster: true} (issue 6): each scheduled
 * reconcile runs on one of them, a SIGKILLed agent's schedule is taken over by the other, and every outbox row is
 * written once. Each agent is its own JVM; Quartz logs each job it runs (JobRunShell at debug), which tells the
 * test which agent ran what.
 */
@ExtendWith(TestImagesAvailable.class)
class ClusterFailoverTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration CHECKIN = Duration.ofSeconds(2);
    // Quartz counts a member dead once it missed its check-in by this much more (ClusterManager's fixed grace).
    private static final Duration QUARTZ_GRACE = Duration.ofMillis(7500);
    private static final Duration WINDOW = Duration.ofSeconds(12);
    private static final String INCREMENTAL = "Calling execute on job groupbridge.incremental-reconcile";
    private static final String WRITE_BACK = "Calling execute on job groupbridge.write-back";
    private static final String WIKI = "cn=Wiki Editors,ou=groups,dc=example,dc=com";
    private static final Pattern DONE = Pattern.compile("\\(outbox (\\d+), try \\d+\\)");

    @TempDir
    Path home;

    @Test
    void eachFireRunsOnOneAgentAndTheSurvivorTakesOverFromAKilledOne() throws Exception {
        try (TestImages.Server postgresql = TestImages.start(1, ports -> TestImages.postgresql(ports.get(0)));
                TestImages.Server slapd = TestImages.start(1, ports -> TestImages.openldap(ports.get(0)))) {
            TestImages.loadDemoDirectory(slapd.port());
            Path conf = writeConf(postgresql.port(), slapd.port());
            try (GroupbridgeApp app = GroupbridgeApp.open(new ConfigLoader(Map.of()).load(conf), Clock.systemUTC())) {
                SelfServiceSource wiring = app.selfService();
                app.reconciler().run(false, Reconciler.Progress.NONE);
                Jdbi jdbi = app.store().jdbi();
                String wiki = StoreRows.idOfGroup(jdbi, "Wiki Editors");
                join(wiring.actions(), wiki, "alice", "bob", "carol", "erin");

                Agent first = Agent.start(home, conf, "a");
                Agent second = Agent.start(home, conf, "b");
                try {
                    await(Duration.ofSeconds(60), () -> first.runs(INCREMENTAL) + second.runs(INCREMENTAL) >= 2
                            && outboxDone(jdbi));

                    int before = first.runs(INCREMENTAL) + second.runs(INCREMENTAL);
                    Thread.sleep(WINDOW.toMillis());
                    int fires = first.runs(INCREMENTAL) + second.runs(INCREMENTAL) - before;
                    // One scheduler for both: about a fire every INTERVAL, not one per agent (twice as many). A loaded
                    // machine delays fires and then runs the late ones back to back, so the count in the window
                    // drifts either way; two schedulers would still fire each agent's share, twice the plan.
                    long planned = WINDOW.dividedBy(INTERVAL);
                    assertThat(fires).as("incremental fires in %s on both agents", WINDOW)
                            .isBetween(1, 2 * (int) planned - 1);
                    assertNoTwoRunsOverlap(jdbi);

                    Agent active = first.lastRun(INCREMENTAL).isAfter(second.lastRun(INCREMENTAL)) ? first : second;
                    Agent survivor = active == first ? second : first;
                    int survivorIncrementals = survivor.runs(INCREMENTAL);
                    int survivorWriteBacks = survivor.runs(WRITE_BACK);
                    active.process.destroyForcibly();
                    assertThat(active.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    Instant killed = Instant.now();
                    join(wiring.actions(), wiki, "judy", "ivan");

                    // Quartz's own timing plus slack for a loaded machine: JVM pauses, a slow PostgreSQL, a late fire.
                    Duration bound = CHECKIN.plus(QUARTZ_GRACE).plus(CHECKIN).plus(INTERVAL).plusSeconds(15);
                    await(bound, () -> survivor.runs(INCREMENTAL) > survivorIncrementals + 1
                            && survivor.runs(WRITE_BACK) > survivorWriteBacks + 1 && outboxDone(jdbi));
                    System.err.println("cluster take-over: the survivor ran both jobs again and wrote the new rows "
                            + Duration.between(killed, Instant.now()).toMillis() + " ms after the SIGKILL");
                    assertNoTwoRunsOverlap(jdbi);
                    assertEveryOutboxRowWrittenOnce(jdbi);
                    assertThat(active.process.exitValue()).isEqualTo(137);
                    assertThat(survivor.process.isAlive()).as(survivor.log()).isTrue();
                } finally {
                    first.stop();
                    second.stop();
                }
            }
            try (LDAPConnection admin = new LDAPConnection("127.0.0.1", slapd.port(), TestImages.LDAP_ADMIN_DN,
                    TestImages.LDAP_ADMIN_PASSWORD)) {
                assertThat(admin.getEntry(WIKI, "uniqueMember").getAttributeValues("uniqueMember")).contains(
                        uid("alice"), uid("bob"), uid("carol"), uid("erin"), uid("judy"), uid("ivan"));
            }
        }
    }

    private Path writeConf(int postgresPort, int ldapPort) throws IOException {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, TestHome.ANY_HTTP_PORT + "directory:\n"
                + "  url: ldap://127.0.0.1:" + ldapPort + "\n"
                + "  bindDn: " + TestImages.LDAP_ADMIN_DN + "\n"
                + "  bindPassword: " + TestImages.LDAP_ADMIN_PASSWORD + "\n"
                + "store:\n"
                + "  url: jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres\n"
                + "  username: postgres\n"
                + "schedule:\n"
                + "  incremental: " + INTERVAL.toSeconds() + "s\n"
                + "  writeBack: 1s\n"
                + "  cluster: true\n"
                + "  clusterCheckin: " + CHECKIN.toSeconds() + "s\n"
                + "  shutdownTimeout: 5s\n"
                + "writeBack:\n"
                + "  initialBackoff: 1s\n"
                + "  maxBackoff: 2s\n"
                + DemoConf.SELF_SERVICE);
        return conf;
    }

    private static void join(SelfService actions, String groupId, String... uids) {
        for (String uid : uids) {
            ActionResult r = actions.memberships().join(actions.views().actorFor(uid(uid), ActorKind.PERSON), groupId,
                    "");
            assertThat(r.allowed()).as(r.message()).isTrue();
        }
    }

    private static String uid(String uid) {
        return "uid=" + uid + ",ou=people,dc=example,dc=com";
    }

    private static boolean outboxDone(Jdbi jdbi) {
        return StoreRows.texts(jdbi, "SELECT state FROM outbox").stream().allMatch("done"::equals);
    }

    /** One incremental reconcile at a time across the cluster: each started after the one before had finished. */
    private static void assertNoTwoRunsOverlap(Jdbi jdbi) {
        List<Instant[]> runs = jdbi.withHandle(h -> h.createQuery("SELECT started_at, finished_at FROM job_run"
                        + " WHERE job = 'incremental-reconcile' ORDER BY started_at")
                .map((rs, ctx) -> new Instant[] {rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
                        rs.getObject(2, java.time.OffsetDateTime.class).toInstant()})
                .list());
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i)[0]).as("run %d starts after run %d finished", i, i - 1)
                    .isAfterOrEqualTo(runs.get(i - 1)[1]);
        }
    }

    private static void assertEveryOutboxRowWrittenOnce(Jdbi jdbi) {
        List<String> ids = StoreRows.texts(jdbi, "SELECT CAST(id AS VARCHAR(20)) FROM outbox ORDER BY id");
        List<String> written = new ArrayList<>();
        for (String detail : StoreRows.texts(jdbi, "SELECT detail FROM audit_event WHERE action_name = 'write-back'"
                + " AND outcome = 'done'")) {
            Matcher m = DONE.matcher(detail);
            assertThat(m.find()).as(detail).isTrue();
            written.add(m.group(1));
        }
        assertThat(ids).hasSize(6);
        assertThat(written).containsExactlyInAnyOrderElementsOf(ids);
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition met within %s", timeout).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** One agent JVM running {@code groupbridge run}, and what it logs. */
    private record Agent(Process process, Path logFile) {

        private static final Pattern TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) ");

        static Agent start(Path home, Path conf, String name) throws IOException {
            Path logback = home.resolve("logback-" + name + ".xml");
            Files.writeString(logback, """
                    <configuration>
                      <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
                        <target>System.err</target>
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="io.groupbridge" level="INFO"/>
                      <logger name="org.quartz.core.JobRunShell" level="DEBUG"/>
                      <root level="WARN"><appender-ref ref="STDERR"/></root>
                    </configuration>
                    """);
            Path log = home.resolve("agent-" + name + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                    "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "--conf", conf.toString(), "run"))
                    .redirectOutput(home.resolve("agent-" + name + ".out").toFile())
                    .redirectError(log.toFile())
                    .start();
            return new Agent(process, log);
        }

        String log() {
            try {
                return Files.readString(logFile);
            } catch (IOException e) {
                return e.toString();
            }
        }

        int runs(String job) {
            return (int) log().lines().filter(l -> l.contains(job)).count();
        }

        LocalTime lastRun(String job) {
            return log().lines().filter(l -> l.contains(job)).reduce((a, b) -> b)
                    .map(TIME::matcher).filter(Matcher::find).map(m -> LocalTime.parse(m.group(1)))
                    .orElse(LocalTime.MIN);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
