package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.MutableClock;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed-in person's actor is read once and used again (issue 12, point 6), but never past a change to memberships
 * this process committed, and never longer than {@link SelfServiceViews#ACTOR_TRUSTED_FOR} past a change another
 * process committed: a role taken away in the directory is taken away here as soon as the store holds it.
 */
class ActorRevisionTest {

    private static final String BOB = "uid=bob,ou=people,dc=example,dc=com";
    private static final String CAROL = "uid=carol,ou=people,dc=example,dc=com";
    private static final String ALICE = "uid=alice,ou=people,dc=example,dc=com";
    private static final String GROUPS_ADMINS = "cn=Groups Administrators,ou=groups,dc=example,dc=com";

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @Test
    void aRoleRemovedInTheDirectoryIsGoneAtTheFirstRequestAfterTheReconcileThatStoresIt() throws Exception { // A16
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE); GroupbridgeApp app = t.openApp(clock)) {
            SelfServiceViews views = app.selfService().actions().views();
            app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(views.actorFor(BOB, ActorKind.PERSON).roles()).contains(AdminRole.GROUPS_ADMINISTRATOR);

            t.directory().server().modify(GROUPS_ADMINS, new Modification(ModificationType.DELETE, "member", BOB));
            assertThat(views.actorFor(BOB, ActorKind.PERSON).roles()).as("the store still holds the role")
                    .contains(AdminRole.GROUPS_ADMINISTRATOR);
            app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(views.actorFor(BOB, ActorKind.PERSON).roles()).doesNotContain(AdminRole.GROUPS_ADMINISTRATOR);
        }
    }

    @Test
    void aRoleGrantedThroughTheWriteBackCountsOnceTheDirectoryConfirmedIt() throws Exception { // A16, R6
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE); GroupbridgeApp app = t.openApp(clock)) {
            SelfService actions = app.selfService().actions();
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Actor owner = actions.views().actorFor(ALICE, ActorKind.PERSON);
            String groupsAdmins = app.store().queries().findGroups("Groups Administrators", null).get(0).id();
            ActionResult added = actions.memberships().addMember(owner, groupsAdmins, CAROL);
            assertThat(added.allowed()).as(added.message()).isTrue();
            assertThat(actions.views().actorFor(CAROL, ActorKind.PERSON).roles()).as("a pending write-back grants"
                    + " nothing").doesNotContain(AdminRole.GROUPS_ADMINISTRATOR);

            assertThat(app.outboxRelay().run().done()).isPositive();

            assertThat(actions.views().actorFor(CAROL, ActorKind.PERSON).roles())
                    .contains(AdminRole.GROUPS_ADMINISTRATOR);
        }
    }

    @Test
    void aChangeAnotherProcessCommittedIsSeenOnceTheActorIsOlderThanItsTrustedTime() throws Exception { // A16
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE); GroupbridgeApp app = t.openApp(clock)) {
            SelfServiceViews views = app.selfService().actions().views();
            app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(views.actorFor(BOB, ActorKind.PERSON).roles()).contains(AdminRole.GROUPS_ADMINISTRATOR);

            // What another agent's reconcile commits to a shared store: this process's count does not move.
            int removed = app.store().jdbi().withHandle(h -> h.createUpdate("DELETE FROM group_member WHERE"
                    + " member_dn_norm = :bob AND group_id IN (SELECT id FROM directory_group WHERE dn_norm = :g)")
                    .bind("bob", BOB).bind("g", GROUPS_ADMINS.toLowerCase(Locale.ROOT)).execute());
            assertThat(removed).isEqualTo(1);
            clock.advance(SelfServiceViews.ACTOR_TRUSTED_FOR);
            assertThat(views.actorFor(BOB, ActorKind.PERSON).roles()).as("within the trusted time")
                    .contains(AdminRole.GROUPS_ADMINISTRATOR);

            clock.advance(Duration.ofSeconds(1));
            assertThat(views.actorFor(BOB, ActorKind.PERSON).roles()).doesNotContain(AdminRole.GROUPS_ADMINISTRATOR);
        }
    }
}
