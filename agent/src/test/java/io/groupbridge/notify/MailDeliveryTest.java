package io.groupbridge.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.StatusReport;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.GroupExpirationService;
import io.groupbridge.selfservice.ReviewScope;
import io.groupbridge.selfservice.ReviewService;
import io.groupbridge.selfservice.ReviewVerdict;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.selfservice.SignInException;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.MutableClock;
import io.groupbridge.testing.TestHome;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail end to end (spec M1-M3, T7, V5, E2): the demo directory, the embedded store and self-service as the CLI and the panel
 * use them, the shipped templates of conf/mail, and GreenMail on loopback as the SMTP server, stopped and started to
 * play an outage.
 */
class MailDeliveryTest {

    private static final String PANEL = "https://groupbridge.example.com";
    private static final String PHOENIX = "cn=Project Phoenix,ou=groups,dc=example,dc=com";
    private static final String BOOK_CLUB = "cn=Book Club,ou=groups,dc=example,dc=com";
    private static final Instant PHOENIX_DEADLINE = Instant.parse("2024-06-21T00:00:00Z");

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));
    private int port;
    private GreenMail smtp;
    private TestHome testHome;
    private GroupbridgeApp app;
    private SelfServiceSource wiring;

    @BeforeEach
    void start() throws Exception {
        port = freePort();
        smtp = startSmtp();
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE + """
                notifications:
                  mail:
                    host: 127.0.0.1
                    port: %d
                    security: none
                    from: "groupbridge <groupbridge@example.com>"
                    templates: %s
                    maxAttempts: 3
                    initialBackoff: 1m
                    maxBackoff: 2m
                http:
                  publicUrl: %s/
                governance:
                  membership:
                    remindBefore: 7d
                  reviews:
                    remindBefore: [7, 1]
                  expiration:
                    lifetime: 40d
                    kinds: [unified]
                    remindBefore: [30, 15, 1]
                """.formatted(port, Path.of("../conf/mail").toAbsolutePath().normalize(), PANEL));
        open();
        app.reconciler().run(false, Reconciler.Progress.NONE);
        // Project Phoenix is open in the demo; its two owners (grace, dave) decide once it takes requests.
        assertThat(actions().groups().editGroup(person("grace"), id(PHOENIX), Optional.empty(), Optional.empty(),
                Optional.of(JoinPolicy.OWNER_APPROVAL)).allowed()).isTrue();
        app.outboxRelay().run();
    }

    @AfterEach
    void stop() {
        app.close();
        testHome.close();
        if (smtp != null) {
            smtp.stop();
        }
    }

    // The agent as a process sees the store: opened afresh, after a restart too.
    private void open() throws Exception {
        app = testHome.openApp(clock);
        wiring = app.selfService();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private GreenMail startSmtp() {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    private Actor person(String login) throws SignInException {
        return wiring.signIn().person(login, DemoConf.PASSWORD.toCharArray());
    }

    private String id(String group) {
        return actions().groups().findGroup(Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com"),
                group).id();
    }

    private SelfService actions() {
        return wiring.actions();
    }

    private MailSender sender() {
        return app.mailSender(app.config()).orElseThrow();
    }

    private long request(String who, String justification) throws SignInException {
        ActionResult r = actions().memberships().join(person(who), id(PHOENIX), justification);
        assertThat(r.allowed()).as(r.message()).isTrue();
        return r.requestId().orElseThrow();
    }

    private static List<String> to(MimeMessage m) throws MessagingException {
        return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                .map(a -> ((InternetAddress) a).getAddress()).toList();
    }

    private static List<String> recipients(MimeMessage[] messages) {
        return Arrays.stream(messages).flatMap(m -> {
            try {
                return to(m).stream();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<String> subjects(MimeMessage[] messages) {
        return Arrays.stream(messages).map(m -> {
            try {
                return m.getSubject();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static MimeMessage mailTo(MimeMessage[] messages, String address) {
        return Arrays.stream(messages).filter(m -> {
            try {
                return to(m).contains(address);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no mail to " + address));
    }

    private long startReview(String group, Instant deadline, Optional<String> reviewer) throws Exception {
        ReviewService.Started started = wiring.reviews().start(person("bob"), new ReviewService.Start(
                group.equals(PHOENIX) ? "Phoenix Q2" : "Book Club yearly", ReviewScope.ofGroup(group), deadline,
                ReviewVerdict.KEEP, reviewer));
        assertThat(started.result().allowed()).as(started.result().message()).isTrue();
        return started.reviewId().orElseThrow();
    }

    private int remindReviewers() {
        return wiring.reviews().remindReviewers(app.config().governance().reviews().remindBefore());
    }

    private GroupExpirationService.ExpirationRun expireGroups() {
        return actions().expiration().expireGroups((stored, removed) -> Optional.empty());
    }

    private List<Map<String, Object>> audit(String action) {
        return app.store().jdbi().withHandle(h -> h.createQuery("SELECT decided_rule, target_dn, outcome, detail"
                + " FROM audit_event WHERE action_name = :a ORDER BY id").bind("a", action).mapToMap().list());
    }

    private StatusReport status() {
        return StatusReport.read(app, app.config(), app.config(), null, clock);
    }

    @Test
    void aNewRequestMailsTheOwnersAndADecisionTheRequesterWithLinksToThePanel() throws Exception { // spec M1, M2
        long requestId = request("niaj", "I review the Phoenix designs");

        assertThat(sender().sendDue().sent()).isEqualTo(2);
        MimeMessage[] asked = smtp.getReceivedMessages();
        assertThat(asked).hasSize(2);
        assertThat(Arrays.stream(asked).flatMap(m -> {
            try {
                return to(m).stream();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).containsExactlyInAnyOrder("grace@example.com", "dave@example.com");
        MimeMessage first = asked[0];
        assertThat(first.getSubject()).contains("asks to join Project Phoenix");
        assertThat(((InternetAddress) first.getFrom()[0]).getAddress()).isEqualTo("groupbridge@example.com");
        assertThat(GreenMailUtil.getBody(first)).contains("I review the Phoenix designs")
                .contains("request " + requestId).contains(PANEL + "/requests");

        ActionResult denied = actions().requests().decide(person("grace"), requestId, false, "the team is full");
        assertThat(denied.allowed()).as(denied.message()).isTrue();
        assertThat(sender().sendDue().sent()).isEqualTo(1);
        MimeMessage decision = smtp.getReceivedMessages()[2];
        assertThat(to(decision)).containsExactly("niaj@example.com");
        assertThat(decision.getSubject()).isEqualTo("Your request for Project Phoenix was denied");
        assertThat(GreenMailUtil.getBody(decision)).contains("the team is full")
                .contains(PANEL + "/groups/" + id(PHOENIX));
    }

    @Test
    void aRequestToExtendMailsTheOwnersTheDayAsked() throws Exception { // spec M1, T6
        assertThat(actions().memberships().addMember(person("grace"), id(PHOENIX), "judy",
                Optional.of(LocalDate.parse("2024-06-20"))).allowed()).isTrue();
        app.outboxRelay().run();
        ActionResult asked = actions().requests().askToExtend(person("judy"), id(PHOENIX),
                LocalDate.parse("2024-06-28"), "the migration runs late");
        assertThat(asked.allowed()).as(asked.message()).isTrue();

        assertThat(sender().sendDue().sent()).isEqualTo(2);
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getSubject()).endsWith(" asks to stay in Project Phoenix until 2024-06-28");
        assertThat(GreenMailUtil.getBody(m)).contains("the migration runs late").contains(PANEL + "/requests");
    }

    @Test
    void aMailServerOutageLosesNoMailAndEveryMailArrivesExactlyOnce() throws Exception { // spec M3
        smtp.stop();
        smtp = null;
        long niaj = request("niaj", "designs");
        request("judy", "reviews");
        assertThat(actions().requests().decide(person("dave"), niaj, true, "").allowed()).isTrue();

        MailSender.Report down = sender().sendDue();
        assertThat(down.sent()).isZero();
        assertThat(down.stopped()).isNotNull();
        // Two owners for each of two requests, and niaj's approval.
        assertThat(status().mail()).containsEntry("pending", 5);

        smtp = startSmtp();
        assertThat(sender().sendDue().sent()).as("nothing is due before its back-off").isLessThan(5);
        clock.advance(Duration.ofMinutes(3));
        sender().sendDue();
        clock.advance(Duration.ofMinutes(3));
        assertThat(sender().sendDue().sent()).isZero();

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(5);
        assertThat(Arrays.stream(received).map(m -> {
            try {
                return m.getMessageID();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).distinct()).hasSize(5);
        assertThat(status().mail()).containsEntry("sent", 5).doesNotContainKey("pending");
    }

    @Test
    void aMailIsMarkedFailedAfterItsLastAttemptAndStatusCountsIt() throws Exception { // spec M3
        smtp.stop();
        smtp = null;
        long requestId = request("niaj", "designs");
        actions().requests().decide(person("grace"), requestId, false, "no");
        for (int attempt = 0; attempt < 10; attempt++) {
            sender().sendDue();
            clock.advance(Duration.ofMinutes(3));
        }

        assertThat(status().mail()).containsEntry("failed", 3).doesNotContainKey("pending");
        List<Integer> attempts = app.store().jdbi().withHandle(h -> h.createQuery("SELECT attempts FROM mail_queue")
                .mapTo(Integer.class).list());
        assertThat(attempts).containsOnly(3);
    }

    @Test
    void aPersonWithoutAMailAddressIsSkippedAndCounted() throws Exception { // spec M1
        testHome.directory().server().modify("uid=dave,ou=people,dc=example,dc=com",
                new Modification(ModificationType.DELETE, "mail"));
        app.reconciler().run(false, Reconciler.Progress.NONE);

        request("niaj", "designs");
        assertThat(sender().sendDue().sent()).isEqualTo(1);

        assertThat(to(smtp.getReceivedMessages()[0])).containsExactly("grace@example.com");
        assertThat(status().mail()).containsEntry("skipped", 1).containsEntry("sent", 1);
    }

    @Test
    void theMemberAndTheOwnersAreRemindedOnceBeforeAMembershipEnds() throws Exception { // spec T7, M1
        ActionResult added = actions().memberships().addMember(person("grace"), id(PHOENIX), "judy",
                Optional.of(LocalDate.parse("2024-06-20")));
        assertThat(added.allowed()).as(added.message()).isTrue();

        assertThat(actions().memberships().remindEndingMemberships()).as("20 days before").isZero();
        clock.advance(Duration.ofDays(13));
        assertThat(actions().memberships().remindEndingMemberships()).isEqualTo(1);
        assertThat(actions().memberships().remindEndingMemberships()).as("once per end date").isZero();
        assertThat(sender().sendDue().sent()).isEqualTo(3);

        MimeMessage[] received = smtp.getReceivedMessages();
        MimeMessage toJudy = Arrays.stream(received).filter(m -> {
            try {
                return to(m).contains("judy@example.com");
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        assertThat(toJudy.getSubject()).isEqualTo("Your membership of Project Phoenix ends after 2024-06-20");
        assertThat(GreenMailUtil.getBody(toJudy)).contains(PANEL + "/groups/" + id(PHOENIX));
        assertThat(Arrays.stream(received).filter(m -> {
            try {
                return m.getSubject().endsWith(" leaves Project Phoenix after 2024-06-20");
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).hasSize(2);

        actions().memberships().addMember(person("grace"), id(PHOENIX), "judy",
                Optional.of(LocalDate.parse("2024-06-25")));
        assertThat(actions().memberships().remindEndingMemberships()).as("the new end is 12 days away").isZero();
        clock.advance(Duration.ofDays(6));
        assertThat(actions().memberships().remindEndingMemberships()).as("a new end date is reminded of again")
                .isEqualTo(1);
    }

    @Test
    void reviewersAreRemindedOnceAtEachReminderDayWithALinkToTheReviewAndNotAgainAfterARestart() throws Exception {
        // spec V5, M1
        long reviewId = startReview(PHOENIX, PHOENIX_DEADLINE, Optional.empty());

        assertThat(remindReviewers()).as("20 days before the deadline").isZero();
        clock.advance(Duration.ofDays(13));
        assertThat(remindReviewers()).as("6 days before: the 7-day reminder, to each owner").isEqualTo(2);
        assertThat(remindReviewers()).as("once per reviewer and day").isZero();
        assertThat(sender().sendDue().sent()).isEqualTo(2);

        MimeMessage[] week = smtp.getReceivedMessages();
        assertThat(recipients(week)).containsExactlyInAnyOrder("grace@example.com", "dave@example.com");
        assertThat(week[0].getSubject()).isEqualTo("Access review \"Phoenix Q2\": 4 member(s) to decide by 2024-06-20");
        assertThat(GreenMailUtil.getBody(week[0])).contains(PANEL + "/reviews/" + reviewId)
                .contains("review " + reviewId).contains("Project Phoenix");

        assertThat(wiring.reviews().decide(person("grace"), reviewId, null, "heidi", ReviewVerdict.KEEP,
                "still on it").allowed()).isTrue();
        app.close();
        open();
        assertThat(remindReviewers()).as("a restart sends nothing again").isZero();
        assertThat(sender().sendDue().sent()).isZero();

        clock.advance(Duration.ofDays(6));
        assertThat(remindReviewers()).as("16 hours before: the 1-day reminder").isEqualTo(2);
        assertThat(sender().sendDue().sent()).isEqualTo(2);
        assertThat(subjects(smtp.getReceivedMessages())).filteredOn(t -> t.contains("3 member(s) to decide"))
                .hasSize(2);
        assertThat(audit("review-reminder")).hasSize(4).allSatisfy(a -> {
            assertThat(a.get("decided_rule")).isEqualTo("V5");
            assertThat(a.get("outcome")).isEqualTo("done");
        });
        clock.advance(Duration.ofDays(1));
        assertThat(remindReviewers()).as("the deadline passed").isZero();
    }

    @Test
    void aGroupNobodyOwnsIsTheAdministratorsToReviewAndANamedReviewerWithoutAnAddressIsSkipped() throws Exception {
        // spec V5, V7, M1
        testHome.directory().server().modify("uid=niaj,ou=people,dc=example,dc=com",
                new Modification(ModificationType.DELETE, "mail"));
        app.reconciler().run(false, Reconciler.Progress.NONE);
        long bookClub = startReview(BOOK_CLUB, Instant.parse("2024-06-03T00:00:00Z"), Optional.empty());
        startReview(PHOENIX, Instant.parse("2024-06-03T00:00:00Z"), Optional.of("niaj"));

        assertThat(remindReviewers()).as("the 7-day reminder is due at the start").isEqualTo(4);
        assertThat(sender().sendDue().sent()).isEqualTo(3);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(recipients(received)).containsExactlyInAnyOrder("alice@example.com", "bob@example.com",
                "carol@example.com");
        assertThat(GreenMailUtil.getBody(received[0])).contains(PANEL + "/reviews/" + bookClub).contains("Book Club");
        assertThat(status().mail()).containsEntry("skipped", 1);
        assertThat(audit("review-reminder")).filteredOn(a -> "skipped".equals(a.get("outcome"))).singleElement()
                .satisfies(a -> assertThat(a.get("target_dn")).isEqualTo("uid=niaj,ou=people,dc=example,dc=com"));
    }

    @Test
    void ownersAreMailedBeforeTheirGroupExpiresAndTheAdministratorsForAGroupNobodyOwns() throws Exception {
        // spec E2, M1
        assertThat(expireGroups().reminded()).as("40 days from the policy's start").isZero();
        clock.advance(Duration.ofDays(10).plusHours(1));
        assertThat(expireGroups().reminded()).as("the 30-day reminder of each unified group").isEqualTo(3);
        assertThat(expireGroups().reminded()).as("once per group and day").isZero();
        assertThat(sender().sendDue().sent()).isEqualTo(6);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(recipients(received)).containsExactlyInAnyOrder("grace@example.com", "dave@example.com",
                "niaj@example.com", "alice@example.com", "bob@example.com", "carol@example.com");
        MimeMessage toGrace = mailTo(received, "grace@example.com");
        assertThat(toGrace.getSubject()).isEqualTo("Project Phoenix expires on 2024-07-11 08:00 UTC unless renewed");
        assertThat(GreenMailUtil.getBody(toGrace)).contains(PANEL + "/groups/" + id(PHOENIX));
        MimeMessage toBob = mailTo(received, "bob@example.com");
        assertThat(toBob.getSubject()).isEqualTo("Book Club, which has no owner, expires on 2024-07-11 08:00 UTC");
        assertThat(GreenMailUtil.getBody(toBob)).contains(PANEL + "/groups/" + id(BOOK_CLUB));
        assertThat(audit("group-expiry-reminder")).filteredOn(a -> a.get("detail").toString()
                .contains("mailed to 3 of 3 administrator(s)")).hasSize(1);

        app.close();
        open();
        clock.advance(Duration.ofDays(15));
        assertThat(expireGroups().reminded()).as("the 15-day reminder, after a restart").isEqualTo(3);
        assertThat(sender().sendDue().sent()).isEqualTo(6);
    }

    @Test
    void aMailServerOutageLosesNoReminder() throws Exception { // spec V5, E2, M3
        smtp.stop();
        smtp = null;
        startReview(PHOENIX, Instant.parse("2024-06-15T00:00:00Z"), Optional.empty());
        expireGroups();
        clock.advance(Duration.ofDays(10).plusHours(1));

        assertThat(remindReviewers()).isEqualTo(2);
        assertThat(expireGroups().reminded()).isEqualTo(3);
        assertThat(sender().sendDue().stopped()).isNotNull();
        assertThat(status().mail()).containsEntry("pending", 8);

        smtp = startSmtp();
        clock.advance(Duration.ofMinutes(3));
        sender().sendDue();
        clock.advance(Duration.ofMinutes(3));
        sender().sendDue();

        assertThat(remindReviewers()).isZero();
        assertThat(expireGroups().reminded()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(8);
        assertThat(status().mail()).containsEntry("sent", 8).doesNotContainKey("pending");
    }

    @Test
    void statusCountsTheGroupsNobodyOwns() throws Exception { // spec E2, V7
        int before = status().ownerlessGroups();
        assertThat(before).as("Book Club, at least").isPositive();

        ActionResult owned = actions().memberships().addOwner(person("alice"), id(BOOK_CLUB), "olivia");
        assertThat(owned.allowed()).as(owned.message()).isTrue();
        app.outboxRelay().run();
        app.reconciler().run(false, Reconciler.Progress.NONE);

        assertThat(status().ownerlessGroups()).isEqualTo(before - 1);
    }
}
