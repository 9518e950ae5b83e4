package io.groupbridge.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.GroupExpirationService;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.WriteBackReport;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group expiration on slapd (spec E1, E3, E4, E6): a unified group nobody renews leaves the directory through the
 * outbox's delete-group row, and an administrator's restore re-creates the entry in slapd, through a create-group
 * row, with the members and owners it had; the reconciles after each step agree with the store. The clock is a
 * test's, so 180 days pass at once.
 */
@ExtendWith(TestImagesAvailable.class)
class SlapdGroupExpiryTest {

    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String PHOENIX = "cn=Project Phoenix,ou=groups,dc=example,dc=com";
    private static final String MARKETING = "cn=Marketing Crew,ou=groups,dc=example,dc=com";

    private TestImages.Server slapd;
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @TempDir
    Path home;

    @BeforeEach
    void startSlapdWithTheDemoDirectory() throws Exception {
        slapd = TestImages.start(1, ports -> TestImages.openldap(ports.get(0)));
        TestImages.loadDemoDirectory(slapd.port());
        Files.createDirectories(home.resolve("conf"));
        // The manager writes here: SlapdLeastPrivilegeTest holds the accounts' rights for adding and deleting groups.
        Files.writeString(home.resolve("conf/groupbridge.yaml"), TestImages.managerDirectory(slapd.port())
                + DemoConf.SELF_SERVICE + """
                governance:
                  expiration:
                    lifetime: 180d
                    kinds: [unified]
                    restoreWindow: 30d
                """);
    }

    @AfterEach
    void stopSlapd() {
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void anExpiredGroupLeavesSlapdThroughTheOutboxAndIsRestoredWithItsMembers() throws Exception {
        try (GroupbridgeApp app = GroupbridgeApp.open(new ConfigLoader(Map.of())
                        .load(home.resolve("conf/groupbridge.yaml")), clock)) {
            assertThat(reconcile(app).outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            Jdbi jdbi = app.store().jdbi();
            SelfService actions = app.selfService().actions();
            GroupExpirationService expiration = actions.expiration();
            expiration.expireGroups(GroupbridgeApp.groupExpiryLimit(app.config())); // the policy starts now
            String phoenix = StoreRows.idOfGroup(jdbi, "Project Phoenix");
            SearchResultEntry before = entry(PHOENIX);
            assertThat(before.getAttributeValues("member")).hasSizeGreaterThan(1);

            // spec E1: the other unified groups are renewed, so Phoenix alone expires
            clock.advance(Duration.ofDays(10));
            Actor bob = person(actions, "bob");
            for (String other : List.of("Marketing Crew", "Book Club")) {
                allowed(expiration.renew(bob, StoreRows.idOfGroup(jdbi, other)));
            }
            clock.advance(Duration.ofDays(170));
            GroupExpirationService.ExpirationRun run = expiration.expireGroups(
                    GroupbridgeApp.groupExpiryLimit(app.config()));
            assertThat(run.held()).isEmpty();
            assertThat(run.expired()).isEqualTo(1);
            assertThat(entry(PHOENIX)).as("the delete-group row waits for the write-back").isNotNull();
            writesBack(app, 1);

            assertThat(entry(PHOENIX)).as("spec E3: removed from slapd").isNull();
            assertThat(entry(MARKETING)).isNotNull();
            ReconcileReport after = reconcile(app);
            assertThat(after.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            assertThat(after.groupsDeleted()).as("spec E6: not a group someone else removed").isZero();
            assertThat(expiration.expiredGroups()).singleElement()
                    .satisfies(e -> assertThat(e.group().id()).isEqualTo(phoenix));

            clock.advance(Duration.ofDays(20));
            allowed(expiration.restore(bob, phoenix));
            writesBack(app, 1);

            SearchResultEntry back = entry(PHOENIX);
            assertThat(back).as("spec E4: re-created in slapd").isNotNull();
            assertThat(back.getAttributeValues("member")).containsExactlyInAnyOrder(before.getAttributeValues(
                    "member"));
            assertThat(back.getAttributeValues("owner")).containsExactlyInAnyOrder(before.getAttributeValues(
                    "owner"));
            assertThat(back.getAttributeValue("entryUUID")).isNotEqualTo(before.getAttributeValue("entryUUID"));
            ReconcileReport next = reconcile(app);
            assertThat(next.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            assertThat(next.groupsAdded() + next.groupsDeleted()).as("the reconcile finds what the store holds")
                    .isZero();
            assertThat(StoreRows.text(jdbi, "SELECT state FROM directory_group WHERE dn = ?", PHOENIX))
                    .isEqualTo("active");
            assertThat(actions.groups().findGroup(bob, phoenix).deleted()).as("the old id finds the group")
                    .isFalse();
            assertThat(expiration.expiredGroups()).isEmpty();
        }
    }

    private static ReconcileReport reconcile(GroupbridgeApp app) throws Exception {
        return app.reconciler().run(false, Reconciler.Progress.NONE);
    }

    private static void writesBack(GroupbridgeApp app, int rows) throws Exception {
        WriteBackReport written = app.outboxRelay().run();
        assertThat(written.done()).as(written.errors().toString()).isEqualTo(rows);
    }

    private static void allowed(ActionResult result) {
        assertThat(result.allowed()).as(result.message()).isTrue();
    }

    private SearchResultEntry entry(String dn) throws Exception {
        try (LDAPConnection admin = new LDAPConnection("127.0.0.1", slapd.port(), TestImages.LDAP_ADMIN_DN,
                TestImages.LDAP_ADMIN_PASSWORD)) {
            return admin.getEntry(dn, "member", "owner", "entryUUID");
        }
    }

    private static Actor person(SelfService actions, String uid) {
        return actions.views().actorFor("uid=" + uid + "," + PEOPLE, ActorKind.PERSON);
    }
}
