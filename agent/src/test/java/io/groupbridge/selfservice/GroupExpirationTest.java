package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Entry;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.sync.Failsafe;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.MutableClock;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group expiration and renewal (spec E1-E4) end to end on the embedded demo directory with a test clock. The demo's
 * unified groups are Project Phoenix (owners grace and dave), Marketing Crew (owner niaj) and Book Club (no owner);
 * bob is a groups administrator.
 */
class GroupExpirationTest {

    private static final String PHOENIX = "cn=Project Phoenix,ou=groups,dc=example,dc=com";
    private static final String MARKETING = "cn=Marketing Crew,ou=groups,dc=example,dc=com";
    private static final String BOOK_CLUB = "cn=Book Club,ou=groups,dc=example,dc=com";
    private static final String GRACE = "uid=grace,ou=people,dc=example,dc=com";
    private static final String DAVE = "uid=dave,ou=people,dc=example,dc=com";
    private static final Instant T0 = Instant.parse("2024-06-01T08:00:00Z");

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(T0);
    private TestHome testHome;
    private GroupbridgeApp app;
    private SelfServiceSource wiring;

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE + """
                governance:
                  expiration:
                    lifetime: 180d
                    kinds: [unified]
                    restoreWindow: 30d
                """);
        app = testHome.openApp(clock);
        reconcile();
        wiring = app.selfService();
        // The daemon's first run starts the policy: every group's lifetime counts from now at the earliest.
        expiration().expireGroups((stored, removed) -> Optional.empty());
    }

    @AfterEach
    void stop() {
        app.close();
        testHome.close();
    }

    private ReconcileReport reconcile() throws Exception {
        return app.reconciler().run(false, Reconciler.Progress.NONE);
    }

    private GroupExpirationService expiration() {
        return wiring.actions().expiration();
    }

    private Actor person(String login) throws SignInException {
        return wiring.signIn().person(login, DemoConf.PASSWORD.toCharArray());
    }

    private StoredGroup group(String text) {
        return wiring.actions().groups().findGroup(Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com"),
                text);
    }

    private GroupExpirationService.ExpirationRun expireNow() {
        return expiration().expireGroups(GroupbridgeApp.groupExpiryLimit(app.config()));
    }

    private void writeBack() throws Exception {
        app.outboxRelay().run();
    }

    private void advanceTo(Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
    }

    private Entry entry(String dn) throws Exception {
        return testHome.directory().server().getEntry(dn);
    }

    private List<Map<String, Object>> rows(String sql) {
        return app.store().jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    @Test
    void anExpiredGroupIsRestoredWithItsMembers() throws Exception { // spec E1, E3, E4, E6
        Actor bob = person("bob");
        String oldId = group(PHOENIX).id();
        advanceTo(T0.plus(Duration.ofDays(10)));
        expiration().renew(person("niaj"), group(MARKETING).id());
        expiration().renew(bob, group(BOOK_CLUB).id());

        advanceTo(T0.plus(Duration.ofDays(180)).minusSeconds(1));
        assertThat(expireNow().expired()).isZero();

        advanceTo(T0.plus(Duration.ofDays(180)));
        GroupExpirationService.ExpirationRun run = expireNow();
        writeBack();

        assertThat(run.expired()).isEqualTo(1);
        assertThat(run.held()).isEmpty();
        assertThat(entry(PHOENIX)).as("E3: removed from the directory").isNull();
        assertThat(entry(MARKETING)).isNotNull();
        assertThat(group(PHOENIX).deleted()).isTrue();
        assertThat(expiration().expiredGroups()).singleElement().satisfies(e -> {
            assertThat(e.group().id()).isEqualTo(oldId);
            assertThat(e.restoreUntil()).isEqualTo(T0.plus(Duration.ofDays(210)));
        });
        assertThat(rows("SELECT actor_dn, decided_rule FROM audit_event WHERE action_name = 'group-expired'"))
                .containsExactly(Map.of("actor_dn", "groupbridge", "decided_rule", "E3"));

        // E6: the reconcile after the removal neither fails nor counts the expired group as removed by someone else.
        ReconcileReport after = reconcile();
        assertThat(after.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
        assertThat(after.groupsDeleted()).isZero();

        advanceTo(T0.plus(Duration.ofDays(200)));
        ActionResult restored = expiration().restore(bob, oldId);
        writeBack();

        assertThat(restored.allowed()).as(restored.message()).isTrue();
        assertThat(restored.rule()).isEqualTo("E4");
        Entry back = entry(PHOENIX);
        assertThat(back).as("E4: re-created in the directory").isNotNull();
        assertThat(back.getAttributeValues("member")).containsExactlyInAnyOrder(GRACE, DAVE,
                "uid=heidi,ou=people,dc=example,dc=com", "uid=ivan,ou=people,dc=example,dc=com");
        assertThat(back.getAttributeValues("owner")).containsExactlyInAnyOrder(GRACE, DAVE);

        ReconcileReport next = reconcile();
        StoredGroup now = group(PHOENIX);
        assertThat(next.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
        assertThat(now.deleted()).as("the next reconcile keeps the restored group").isFalse();
        assertThat(now.creating()).isFalse();
        assertThat(entry(PHOENIX)).isNotNull();
        assertThat(group(oldId).id()).as("the old id still finds the group").isEqualTo(now.id());
        assertThat(expiration().lifetime(now.id())).hasValueSatisfying(l -> assertThat(l.expiresAt())
                .as("a restored group's lifetime starts again").isEqualTo(T0.plus(Duration.ofDays(380))));
        assertThat(expiration().expiredGroups()).isEmpty();
        expireNow();
        writeBack();
        assertThat(entry(PHOENIX)).as("the restored group is not expired again").isNotNull();
    }

    @Test
    void ownersAndAdministratorsRenewAndOthersAreRefused() throws Exception { // spec E1, E2
        String phoenix = group(PHOENIX).id();
        advanceTo(T0.plus(Duration.ofDays(100)));

        ActionResult judy = expiration().renew(person("judy"), phoenix);
        ActionResult grace = expiration().renew(person("grace"), phoenix);
        ActionResult bob = expiration().renew(person("bob"), group(BOOK_CLUB).id());

        assertThat(judy.allowed()).isFalse();
        assertThat(judy.rule()).isEqualTo("E1");
        assertThat(grace.allowed()).as(grace.message()).isTrue();
        assertThat(bob.allowed()).as("E2: a group without owners is the administrators' to renew").isTrue();
        assertThat(expiration().lifetime(phoenix)).hasValueSatisfying(l -> assertThat(l.expiresAt())
                .isEqualTo(T0.plus(Duration.ofDays(280))));
        assertThat(expiration().lifetimes()).extracting(l -> l.group().dn().written(), l -> l.owners())
                .contains(org.assertj.core.groups.Tuple.tuple(BOOK_CLUB, 0));
        assertThatThrownBy(() -> expiration().renew(person("grace"), group(
                "cn=Finance Team,ou=groups,dc=example,dc=com").id()))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problem()).isEqualTo(InputProblem.NOT_EXPIRING));
    }

    @Test
    void ownersAreRemindedOnceAtEachThreshold() throws Exception { // spec E2
        advanceTo(T0.plus(Duration.ofDays(140)));
        assertThat(expireNow().reminded()).isZero();

        advanceTo(T0.plus(Duration.ofDays(150)));
        assertThat(expireNow().reminded()).as("30 days before, one per unified group").isEqualTo(3);
        assertThat(expireNow().reminded()).as("sent once").isZero();

        advanceTo(T0.plus(Duration.ofDays(170)));
        assertThat(expireNow().reminded()).as("15 days before").isEqualTo(3);
        advanceTo(T0.plus(Duration.ofDays(179)).plusSeconds(1));
        assertThat(expireNow().reminded()).as("1 day before").isEqualTo(3);

        assertThat(rows("SELECT g.name AS name, a.detail AS detail FROM audit_event a JOIN directory_group g"
                + " ON g.id = a.group_id WHERE a.action_name = 'group-expiry-reminder' AND g.name = 'Book Club'"))
                .hasSize(3).allSatisfy(r -> assertThat(r.get("detail").toString()).contains("no owner"));
    }

    @Test
    void theFailsafeHoldsBackExpiringTooManyGroupsAtOnce() throws Exception { // spec E3
        advanceTo(T0.plus(Duration.ofDays(181)));
        Failsafe strict = new Failsafe(0.1, 200, false, Duration.ZERO);

        GroupExpirationService.ExpirationRun run = expiration().expireGroups((stored, removed) ->
                strict.removals("groups", stored, removed, 0));
        writeBack();

        assertThat(run.expired()).isZero();
        assertThat(run.held()).hasValueSatisfying(h -> assertThat(h).contains("would remove 3 of"));
        assertThat(entry(PHOENIX)).isNotNull();
        assertThat(entry(BOOK_CLUB)).isNotNull();
        assertThat(expireNow().expired()).as("the conf's share of 0.30 lets the same run through").isEqualTo(3);
    }

    @Test
    void onlyAdministratorsRestoreAndOnlyWithinTheWindow() throws Exception { // spec E4
        advanceTo(T0.plus(Duration.ofDays(181)));
        expireNow();
        writeBack();
        String phoenix = group(PHOENIX).id();

        ActionResult grace = expiration().restore(person("grace"), phoenix);
        assertThat(grace.allowed()).isFalse();
        assertThat(grace.rule()).isEqualTo("E4");

        advanceTo(T0.plus(Duration.ofDays(212)));
        ActionResult late = expiration().restore(person("bob"), phoenix);
        assertThat(late.allowed()).isFalse();
        assertThat(late.rule()).isEqualTo("E4");
        assertThat(late.message()).contains("restore window");
        writeBack();
        assertThat(entry(PHOENIX)).isNull();
    }
}
