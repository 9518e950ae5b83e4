package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.groupbridge.selfservice.SignIn;
import io.groupbridge.testing.DemoConf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Service principals over the API (issue 12, point 2): a bearer token whose SHA-256 is in the conf, or HTTP Basic
 * checked by a bind as the service principal; no session and no CSRF token, and a refusal as alike as a person's.
 * Nothing a refused call sends changes the store, and no token reaches the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebServicePrincipalTest {

    private static final String TOKEN = "gb-test-token-" + "Q".repeat(40);
    private static final String AUTOMATION = "cn=automation,ou=services,dc=example,dc=com";

    @TempDir
    static Path dir;

    private WebHarness h;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    void start() throws Exception {
        h = WebHarness.startWithToken(dir, HexFormat.of().formatHex(SignIn.sha256(TOKEN)));
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterAll
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        if (h != null) {
            h.close();
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains(TOKEN) || m.contains(basic("automation", "automation-secret")));
    }

    // spec A5, S9
    @Test
    void aBearerTokenActsAsItsServicePrincipalWithoutSessionOrCsrfToken() {
        String bookClub = h.groupId("Book Club");
        WebHarness.Exchange added = h.anonymous().send("POST", "/api/v1/groups/" + bookClub + "/members",
                "{\"person\":\"ivan\"}", Map.of("Authorization", "Bearer " + TOKEN, "Content-Type",
                        "application/json"));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().path("changed").asBoolean()).as(added.body()).isTrue();
        assertThat(added.header("Set-Cookie")).isEmpty();
        List<String> audited = h.jdbi().withHandle(x -> x.createQuery("SELECT actor_dn FROM audit_event WHERE"
                + " action_name = 'add-member' AND outcome = 'allowed'").mapTo(String.class).list());
        assertThat(audited).containsExactly(AUTOMATION);
        WebHarness.Exchange status = h.anonymous().send("GET", "/api/v1/status", null,
                Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        WebHarness.Exchange session = h.anonymous().send("GET", "/api/v1/session", null,
                Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(session.status()).isEqualTo(400);
        assertThat(session.code()).isEqualTo("no-session");
    }

    // spec A16
    @Test
    void basicWithTheServicePrincipalsPasswordIsAcceptedFromThisHostAndAWrongOneRefusedAlikeAForgedToken() {
        WebHarness.Exchange ok = h.anonymous().send("GET", "/api/v1/requests?view=all", null,
                Map.of("Authorization", "Basic " + basic("automation", "automation-secret")));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);

        Counts before = counts();
        String bookClub = h.groupId("Book Club");
        WebHarness.Client nobody = h.anonymous().unchecked();
        List<String> refused = List.of("Basic " + basic("automation", "wrong"), "Basic " + basic("nobody", "x"),
                "Bearer " + TOKEN + "x", "Bearer " + HexFormat.of().formatHex(SignIn.sha256(TOKEN)), "Bearer ");
        String detail = null;
        for (String authorization : refused) {
            WebHarness.Exchange e = nobody.send("POST", "/api/v1/groups/" + bookClub + "/members",
                    "{\"person\":\"peggy\"}", Map.of("Authorization", authorization, "Content-Type",
                            "application/json"));
            assertThat(e.status()).as(authorization).isEqualTo(401);
            assertThat(e.code()).isEqualTo("sign-in-failed");
            assertThat(e.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(e.body()).doesNotContain(TOKEN);
            detail = detail == null ? e.json().path("detail").asText() : detail;
            assertThat(e.json().path("detail").asText()).isEqualTo(detail);
        }
        for (String malformed : List.of("Digest abc", "Basic !!!", "Basic " + Base64.getEncoder().encodeToString(
                "no-colon".getBytes(StandardCharsets.UTF_8)))) {
            WebHarness.Exchange e = nobody.send("GET", "/api/v1/groups", null, Map.of("Authorization", malformed));
            assertThat(e.status()).as(malformed).isEqualTo(401);
            assertThat(e.code()).isEqualTo("invalid-authorization");
        }
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aCrossSiteChangeIsRefusedEvenWithAValidToken() {
        Counts before = counts();
        WebHarness.Exchange e = h.anonymous().unchecked().send("POST", "/api/v1/groups/" + h.groupId("Book Club")
                + "/members", "{\"person\":\"peggy\"}", Map.of("Authorization", "Bearer " + TOKEN,
                "Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.code()).isEqualTo("cross-site-request");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void basicIsForTlsOrThisHostOnly() {
        assertThat(WebServer.basicAllowed(true, "192.0.2.10")).isTrue();
        assertThat(WebServer.basicAllowed(false, "127.0.0.1")).isTrue();
        assertThat(WebServer.basicAllowed(false, "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(WebServer.basicAllowed(false, "192.0.2.10")).isFalse();
        assertThat(WebServer.basicAllowed(false, "localhost")).as("names are not looked up").isFalse();
        assertThat(WebServer.basicAllowed(false, null)).isFalse();
    }

    /*
     * Issue 12, point 2: failures from one client address, across logins, hold the address: after five, even the
     * right password fails alike for a while, and the account itself stays open (here, to the command line's
     * sign-in, which has no address).
     */
    @Test
    void repeatedFailuresFromOneAddressHoldItWithTheSameAnswerAndLeaveTheAccountOpen() throws Exception {
        try (WebHarness own = WebHarness.start(dir.resolve("address"))) {
            String detail = null;
            for (int i = 0; i < 5; i++) {
                WebHarness.Exchange e = own.anonymous().post("/api/v1/session", Map.of("login", "guess" + i,
                        "password", "wrong"));
                assertThat(e.status()).isEqualTo(401);
                detail = e.json().path("detail").asText();
            }
            WebHarness.Exchange held = own.anonymous().post("/api/v1/session", Map.of("login", "erin", "password",
                    DemoConf.PASSWORD));
            assertThat(held.status()).isEqualTo(401);
            assertThat(held.code()).isEqualTo("sign-in-failed");
            assertThat(held.json().path("detail").asText()).isEqualTo(detail);
            assertThat(held.header("Set-Cookie")).isEmpty();
            WebHarness.Exchange heldToken = own.anonymous().unchecked().send("GET", "/api/v1/groups", null,
                    Map.of("Authorization", "Bearer " + TOKEN));
            assertThat(heldToken.status()).isEqualTo(401);
            assertThat(own.wiring.signIn().person("erin", DemoConf.PASSWORD.toCharArray()).dn())
                    .startsWith("uid=erin,");
        }
    }

    private static String basic(String name, String password) {
        return Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    record Counts(int requests, int outbox, int members, int groups, int blocks) {
    }

    private Counts counts() {
        return h.jdbi().withHandle(x -> new Counts(
                x.createQuery("SELECT COUNT(*) FROM join_request").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM outbox").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM group_member").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM directory_group").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM group_block").mapTo(Integer.class).one()));
    }
}
