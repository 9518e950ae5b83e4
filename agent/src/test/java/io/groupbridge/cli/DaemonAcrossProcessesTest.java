package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.daemon.Daemon;
import io.groupbridge.daemon.LiveConfig;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded defaults while a daemon runs (issue 5, point 4): the daemon in this JVM serves the embedded store and
 * directory on loopback, and one-shot commands in another JVM act through them instead of opening the files. And an
 * approval reaches the directory at once, in either process, not at the next scheduled write-back (issue 5, point 1).
 */
class DaemonAcrossProcessesTest {

    private static final String AGENT_DN = "cn=groupbridge-agent,ou=services,dc=example,dc=com";
    private static final String NIAJ = "uid=niaj,ou=people,dc=example,dc=com";

    @TempDir
    Path home;

    private Path conf;
    private int ldapPort;
    private GroupbridgeApp app;
    private Daemon daemon;

    /** What a forked command printed. */

    @BeforeEach
    void startDaemon() throws Exception {
        ldapPort = TestHome.freePort();
        conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        // A write-back schedule no test waits for: whatever reaches the directory got there without it.
        Files.writeString(conf, TestHome.ANY_HTTP_PORT + "directory:\n  embedded:\n    port: " + ldapPort + "\n"
                + TestHome.storeOnFreePort()
                + "schedule:\n  incremental: 1s\n  writeBack: 1h\n  shutdownTimeout: 20s\n"
                + DemoConf.SELF_SERVICE);
        GroupbridgeConfig config = new ConfigLoader(Map.of()).load(conf);
        app = GroupbridgeApp.open(config, Clock.systemUTC());
        daemon = new Daemon(app, new LiveConfig(new ConfigLoader(Map.of()), config), Clock.systemUTC());
        daemon.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !app.store().queries().listGroups(false).isEmpty());
    }

    @AfterEach
    void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void oneShotCommandsInAnotherJvmUseTheDaemonsStoreAndDirectory() throws Exception {
        ForkedCli.Run status = cli("status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("daemon:  up since");

        ForkedCli.Run reconcile = cli("reconcile");
        assertThat(reconcile.err()).doesNotContain("cannot open the group store");
        if (reconcile.exit() != 0) {
            assertThat(reconcile.err()).contains("another reconcile holds the lock");
        }

        ForkedCli.Run create = cli("groups", "create", "Daemon Guild", "--policy", "owner-approval", "--user", "bob",
                "--owner", "judy");
        assertThat(create.exit()).as(create.err()).isZero();
        ForkedCli.Run request = cli("request", "Daemon Guild", "--justification", "through the daemon", "--user",
                "niaj");
        assertThat(request.exit()).as(request.err()).isZero();

        Jdbi daemons = app.store().jdbi();
        List<String> requests = daemons.withHandle(h -> h.createQuery(
                "SELECT state FROM join_request WHERE requester_dn_norm = :n").bind("n", NIAJ).mapTo(String.class)
                        .list());
        assertThat(requests).containsExactly("pending");
        // The one-shot commands never started a directory of their own, so they never wrote its data file.
        assertThat(home.resolve("data/directory.ldif")).doesNotExist();
    }

    @Test
    void anApprovalInAnotherJvmIsInTheDirectoryWithoutWaitingForTheSchedule() throws Exception {
        assertThat(cli("groups", "create", "Guild Two", "--policy", "owner-approval", "--user", "bob", "--owner",
                "judy").exit()).isZero();
        ForkedCli.Run request = cli("request", "Guild Two", "--justification", "please", "--user", "niaj");
        assertThat(request.exit()).as(request.err()).isZero();
        long id = app.store().jdbi().withHandle(h -> h.createQuery(
                "SELECT id FROM join_request WHERE requester_dn_norm = :n").bind("n", NIAJ).mapTo(Long.class).one());

        ForkedCli.Run approve = cli("requests", "approve", Long.toString(id), "--user", "judy");

        assertThat(approve.exit()).as(approve.err()).isZero();
        assertThat(approve.out()).as(approve.err()).contains("written to the directory");
        assertThat(directoryMembers("Guild Two")).contains(NIAJ);
    }

    @Test
    void anApprovalInTheDaemonsProcessTriggersTheWriteBackAtOnce() throws Exception {
        SelfServiceSource selfService = daemon.selfService();
        Actor bob = selfService.signIn().person("bob", DemoConf.PASSWORD.toCharArray());
        ActionResult created = selfService.actions().groups().createGroup(bob, GroupKind.SECURITY, "Guild Three", "",
                Optional.of(JoinPolicy.OWNER_APPROVAL), List.of("judy"));
        assertThat(created.allowed()).as(created.message()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> groupStates("Guild Three").contains("active"));
        Actor niaj = selfService.signIn().person("niaj", DemoConf.PASSWORD.toCharArray());
        String group = app.store().queries().listGroups(false).stream().filter(g -> g.name().equals("Guild Three"))
                .findFirst().orElseThrow().id();
        ActionResult requested = selfService.actions().memberships().join(niaj, group, "please");
        Actor judy = selfService.signIn().person("judy", DemoConf.PASSWORD.toCharArray());

        ActionResult approved = selfService.actions().requests().decide(judy, requested.requestId().orElseThrow(), true,
                "");

        assertThat(approved.outboxIds()).isNotEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> directoryMembers("Guild Three").contains(NIAJ));
    }

    /** The provisional row and the directory's may both be there for a moment: a reconcile can store the entry first. */
    private List<String> groupStates(String name) {
        return app.store().jdbi().withHandle(h -> h.createQuery("SELECT state FROM directory_group WHERE name = :n")
                .bind("n", name).mapTo(String.class).list());
    }

    /** The group's members as the daemon's embedded directory has them, read over LDAP like any tool would. */
    private List<String> directoryMembers(String group) throws Exception {
        try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", ldapPort, AGENT_DN, "agent-secret")) {
            SearchResultEntry entry = ldap.getEntry("cn=" + group + ",ou=groups,dc=example,dc=com", "member");
            return entry == null || !entry.hasAttribute("member") ? List.of()
                    : Arrays.stream(entry.getAttributeValues("member")).map(v -> v.toLowerCase(Locale.ROOT)).toList();
        }
    }

    private ForkedCli.Run cli(String... args) throws IOException, InterruptedException {
        return new ForkedCli(conf, home).run(args);
    }
}
