package io.groupbridge.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.store.JobRun;
import io.groupbridge.sync.LockHeldException;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon on the embedded directory with one-second cycles (issue 5 acceptance): the store follows directory
 * changes, an edited conf applies at the next cycle, an invalid one leaves the daemon running on the last good one.
 */
class DaemonTest {

    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    /** Cycles short enough for a test to watch each job run; DaemonSyncCycleTest runs on them too. */
    static final String SCHEDULE = "schedule:\n  incremental: 1s\n  full: \"0/3 * * * * ?\"\n"
            + "  writeBack: 1s\n  shutdownTimeout: 20s\n";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path home;

    @Test
    void theStoreFollowsAddedMembersAddedGroupsAndDeletedGroups() throws Exception {
        try (TestHome t = TestHome.start(home, null, SCHEDULE + TestHome.storeOnFreePort());
                GroupbridgeApp app = t.openApp()) {
            LiveConfig live = new LiveConfig(new ConfigLoader(Map.of()), t.config());
            Jdbi jdbi = app.store().jdbi();
            try (Daemon daemon = new Daemon(app, live, Clock.systemUTC())) {
                daemon.start();
                await().atMost(PATIENCE).until(() -> groupState(jdbi, "VPN Users").isPresent());

                var ldap = t.directory().server();
                ldap.modify("cn=VPN Users," + GROUPS, new Modification(ModificationType.ADD, "member",
                        "uid=olivia,ou=people,dc=example,dc=com"));
                ldap.add(new Entry("cn=Daemon Club," + GROUPS, new com.unboundid.ldap.sdk.Attribute("objectClass",
                        "groupOfNames"), new com.unboundid.ldap.sdk.Attribute("cn", "Daemon Club"),
                        new com.unboundid.ldap.sdk.Attribute("member", "uid=alice,ou=people,dc=example,dc=com")));
                ldap.delete("cn=Book Club," + GROUPS);

                await().atMost(PATIENCE).until(() -> members(jdbi, "VPN Users")
                        .contains("uid=olivia,ou=people,dc=example,dc=com"));
                await().atMost(PATIENCE).until(() -> groupState(jdbi, "Daemon Club").equals(Optional.of("active")));
                await().atMost(PATIENCE).until(() -> groupState(jdbi, "Book Club").equals(Optional.of("deleted")));

                // The store can follow within two seconds, before the write-back or expiry job first fired.
                List<String> jobs = List.of(IncrementalReconcileJob.NAME, FullReconcileJob.NAME, WriteBackJob.NAME,
                        RequestExpiryJob.NAME);
                await().atMost(PATIENCE).until(() -> app.store().daemonRecords().latestJobRuns().keySet()
                        .containsAll(jobs));
                Map<String, JobRun> runs = app.store().daemonRecords().latestJobRuns();
                assertThat(runs.values()).extracting(JobRun::outcome).doesNotContain("failed");
                // The store may have followed through full runs alone; an incremental one comes within a cycle or two.
                await().atMost(PATIENCE).until(() -> app.store().daemonRecords().latestReconcileRuns()
                        .keySet().containsAll(List.of("full", "incremental")));
            }
            assertThat(app.runLock().holder(Daemon.LEASE)).isEmpty();
        }
    }

    @Test
    void anEditedConfAppliesAtTheNextCycleAndAnInvalidOneKeepsTheDaemonRunning() throws Exception { // spec C2, C3
        try (TestHome t = TestHome.start(home, null, SCHEDULE + TestHome.storeOnFreePort());
                GroupbridgeApp app = t.openApp()) {
            LiveConfig live = new LiveConfig(new ConfigLoader(Map.of()), t.config());
            Jdbi jdbi = app.store().jdbi();
            String original = Files.readString(t.confFile());
            try (Daemon daemon = new Daemon(app, live, Clock.systemUTC())) {
                daemon.start();
                await().atMost(PATIENCE).until(() -> groupState(jdbi, "VPN Users").isPresent());
                assertThat(live.current().settings().ownersCanManageJoinRequests()).isFalse();

                Files.writeString(t.confFile(), original + "settings:\n  ownersCanManageJoinRequests: true\n");
                await().atMost(PATIENCE).until(() -> live.current().settings().ownersCanManageJoinRequests());
                String flipped = live.current().settings().version();
                await().atMost(PATIENCE).until(() -> app.store().daemonRecords().latestJobRuns()
                        .get(IncrementalReconcileJob.NAME).settingsVersion().equals(flipped));

                Files.writeString(t.confFile(), original + "settings:\n  ownersCanManageJoinRequests: maybe\n");
                await().atMost(PATIENCE).until(() -> live.lastError().isPresent());
                assertThat(live.lastError().get().key()).isEqualTo("settings.ownersCanManageJoinRequests");
                assertThat(live.current().settings().ownersCanManageJoinRequests()).isTrue();

                t.directory().server().modify("cn=VPN Users," + GROUPS, new Modification(ModificationType.ADD,
                        "member", "uid=peggy,ou=people,dc=example,dc=com"));
                await().atMost(PATIENCE).until(() -> members(jdbi, "VPN Users")
                        .contains("uid=peggy,ou=people,dc=example,dc=com"));
            }
        }
    }

    @Test
    void aSettingFlippedWhileTheDaemonRunsDecidesTheNextDecisionAndTheAuditRecordsItsVersion() throws Exception { // S8
        try (TestHome t = TestHome.start(home, null, SCHEDULE + TestHome.storeOnFreePort() + DemoConf.SELF_SERVICE);
                GroupbridgeApp app = t.openApp()) {
            LiveConfig live = new LiveConfig(new ConfigLoader(Map.of()), t.config());
            try (Daemon daemon = new Daemon(app, live, Clock.systemUTC())) {
                daemon.start();
                await().atMost(PATIENCE).until(() -> groupState(app.store().jdbi(), "VPN Users").isPresent());
                SelfServiceSource selfService = daemon.selfService();
                Actor bob = selfService.signIn().person("bob", DemoConf.PASSWORD.toCharArray());
                ActionResult created = selfService.actions().groups().createGroup(bob, GroupKind.SECURITY, "Flip Club",
                        "",
                        Optional.of(JoinPolicy.OWNER_APPROVAL), List.of("judy"));
                assertThat(created.allowed()).as(created.message()).isTrue();
                Actor niaj = selfService.signIn().person("niaj", DemoConf.PASSWORD.toCharArray());
                ActionResult requested = selfService.actions().memberships().join(niaj, created.groupId().orElseThrow(),
                        "please");
                assertThat(requested.allowed()).as(requested.message()).isTrue();
                String before = live.current().settings().version();

                // No cycle in between: the decision itself picks up the edited file.
                Files.writeString(t.confFile(), Files.readString(t.confFile())
                        .replace("ownersCanManageJoinRequests: true", "ownersCanManageJoinRequests: false"));
                String after = new ConfigLoader(Map.of()).load(t.confFile()).settings().version();
                assertThat(after).isNotEqualTo(before);
                Actor judy = selfService.signIn().person("judy", DemoConf.PASSWORD.toCharArray());
                ActionResult decided = selfService.actions().requests().decide(judy, requested.requestId()
                        .orElseThrow(), true,
                        "");

                assertThat(decided.allowed()).isFalse();
                assertThat(decided.rule()).isEqualTo("S1");
                List<String> audited = app.store().jdbi().withHandle(h -> h.createQuery(
                        "SELECT settings_version FROM audit_event WHERE action_name = 'approve'")
                        .mapTo(String.class).list());
                assertThat(audited).containsExactly(after);
            }
        }
    }

    @Test
    void aSecondDaemonOnTheSameStoreRefusesToStartAndAOneShotReconcileNeverOverlaps() throws Exception { // Y6
        try (TestHome t = TestHome.start(home, null, SCHEDULE + TestHome.storeOnFreePort());
                GroupbridgeApp app = t.openApp();
                GroupbridgeApp other = t.openApp()) {
            LiveConfig live = new LiveConfig(new ConfigLoader(Map.of()), t.config());
            try (Daemon daemon = new Daemon(app, live, Clock.systemUTC())) {
                daemon.start();
                try (Daemon second = new Daemon(other, live, Clock.systemUTC())) {
                    assertThatThrownBy(second::start).isInstanceOf(LockHeldException.class)
                            .hasMessageContaining("another daemon holds the lock");
                }
                await().atMost(PATIENCE).until(() -> groupState(app.store().jdbi(), "VPN Users").isPresent());
                int refused = 0;
                int ran = 0;
                for (int i = 0; i < 10; i++) {
                    try {
                        other.reconciler().run(false, Reconciler.Progress.NONE);
                        ran++;
                    } catch (LockHeldException e) {
                        refused++;
                    }
                }
                assertThat(ran + refused).isEqualTo(10);
            }
            // Every run recorded in the store ran alone: no two reconcile_run intervals overlap.
            List<long[]> intervals = app.store().jdbi().withHandle(h -> h.createQuery(
                            "SELECT started_at, finished_at FROM reconcile_run ORDER BY started_at")
                    .map((rs, ctx) -> new long[] {
                        rs.getObject(1, java.time.OffsetDateTime.class).toInstant().toEpochMilli(),
                        rs.getObject(2, java.time.OffsetDateTime.class).toInstant().toEpochMilli()})
                    .list());
            for (int i = 1; i < intervals.size(); i++) {
                assertThat(intervals.get(i)[0]).isGreaterThanOrEqualTo(intervals.get(i - 1)[1]);
            }
        }
    }

    private static Optional<String> groupState(Jdbi jdbi, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT state FROM directory_group WHERE name = :n")
                .bind("n", name).mapTo(String.class).findOne());
    }

    private static List<String> members(Jdbi jdbi, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT m.member_dn_norm FROM group_member m JOIN directory_group g"
                        + " ON g.id = m.group_id WHERE g.name = :n")
                .bind("n", name).mapTo(String.class).list());
    }
}
