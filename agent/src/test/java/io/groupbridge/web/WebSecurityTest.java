package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.DemoConf;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web server refuses before any rule is asked (issue 12, point 5): each case gets its status and stable
 * code, and leaves the store as it was (no request, write-back, membership or audit row more).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSecurityTest {

    @TempDir
    static Path dir;

    private WebHarness h;
    private String bookClub;

    @BeforeAll
    void start() throws Exception {
        h = WebHarness.start(dir, "http:\n  port: 0\n  session:\n    idleTimeout: 10m\n    absoluteTimeout: 1h\n");
        bookClub = h.groupId("Book Club");
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (WebHarness.Exchange e : List.of(h.anonymous().get("/api/openapi.yaml"),
                h.anonymous().unchecked().get("/api/v1/groups"), h.signIn("erin").get("/api/v1/groups"),
                h.anonymous().outsideTheSpec().get("/no/such/page"))) {
            String csp = e.header("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("frame-ancestors 'none'", "script-src 'self'", "default-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(e.header("X-Content-Type-Options")).contains("nosniff");
            assertThat(e.header("Referrer-Policy")).contains("no-referrer");
            assertThat(e.header("Server")).isEmpty();
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndStrict() {
        WebHarness.Client c = h.anonymous();
        WebHarness.Exchange e = c.post("/api/v1/session", Map.of("login", "erin", "password", DemoConf.PASSWORD));
        String cookie = e.header("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("groupbridge=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain("Secure");
        assertThat(h.app.store().webSessions().count()).isPositive();
        // The store keeps only the id's hash: a copy of the table signs nobody in.
        Integer stored = h.jdbi().withHandle(x -> x.createQuery("SELECT COUNT(*) FROM web_session WHERE id_hash = :v")
                .bind("v", c.cookie).mapTo(Integer.class).one());
        assertThat(stored).isZero();
    }

    @Test
    void signingInMakesANewSessionIdAndEndsThePlantedOne() {
        // An attacker's own session id, planted in the victim's browser before they sign in.
        WebHarness.Client attacker = h.signIn("mallory");
        WebHarness.Client victim = h.anonymous();
        victim.cookie = attacker.cookie;
        WebHarness.Exchange e = victim.post("/api/v1/session", Map.of("login", "erin", "password", DemoConf.PASSWORD));
        assertThat(e.status()).isEqualTo(201);
        assertThat(victim.cookie).isNotEqualTo(attacker.cookie);
        assertThat(attacker.get("/api/v1/session").status()).isEqualTo(401);
        assertThat(victim.get("/api/v1/session").json().path("user").path("dn").asText()).startsWith("uid=erin,");

        // A made-up id is not adopted either.
        WebHarness.Client forged = h.anonymous();
        forged.cookie = "A".repeat(43);
        forged.post("/api/v1/session", Map.of("login", "erin", "password", DemoConf.PASSWORD));
        assertThat(forged.cookie).isNotEqualTo("A".repeat(43));
    }

    @Test
    void theFormSignInRedirectsAndSetsANewSession() {
        WebHarness.Client c = h.anonymous().unchecked();
        WebHarness.Exchange ok = c.send("POST", "/signin", "login=erin&password=" + DemoConf.PASSWORD,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin"));
        assertThat(ok.status()).isEqualTo(303);
        assertThat(ok.header("Location")).contains("/");
        assertThat(c.get("/api/v1/session").status()).isEqualTo(200);
        WebHarness.Exchange bad = h.anonymous().unchecked().send("POST", "/signin", "login=erin&password=wrong",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(bad.status()).isEqualTo(303);
        assertThat(bad.header("Location")).contains("/signin?failed=sign-in-failed");
        assertThat(bad.header("Set-Cookie")).isEmpty();
        // Sign-out is a change: without the form's token it is refused, with it the session ends.
        String csrf = c.get("/api/v1/session").json().path("csrfToken").asText();
        WebHarness.Exchange noToken = c.send("POST", "/signout", "x=1",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(noToken.status()).isEqualTo(403);
        WebHarness.Exchange out = c.send("POST", "/signout", "csrf=" + csrf,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(out.status()).isEqualTo(303);
        assertThat(c.get("/api/v1/session").status()).isEqualTo(401);
    }

    @Test
    void noCookieAndAForgedCookieAreRefused() {
        Counts before = counts();
        WebHarness.Exchange none = h.anonymous().unchecked().post("/api/v1/groups/" + bookClub + "/join", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("not-signed-in");
        for (String forged : List.of("A".repeat(43), "x", "'; DROP TABLE web_session; --", "*)(uid=*")) {
            WebHarness.Client c = h.anonymous().unchecked();
            c.cookie = forged;
            c.csrf = "whatever";
            WebHarness.Exchange e = c.post("/api/v1/groups/" + bookClub + "/join", null);
            assertThat(e.status()).as(forged).isEqualTo(401);
            assertThat(e.code()).isEqualTo("not-signed-in");
        }
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void everyRouteButSignInAndTheOpenApiFileNeedsASession() {
        Counts before = counts();
        List<String> open = List.of("POST /api/v1/session", "POST /signin", "GET /api/openapi.yaml", "GET /signin");
        int checked = 0;
        for (String route : h.server.routes()) {
            if (open.contains(route)) {
                continue;
            }
            String method = route.substring(0, route.indexOf(' '));
            // Any other path parameter (a review's id, ...) gets a value too: the guard answers before it is read.
            String path = route.substring(route.indexOf(' ') + 1).replace("{id}", bookClub).replace("{requestId}", "1")
                    .replace("{person}", "erin").replaceAll("\\{[A-Za-z]+\\}", "1");
            WebHarness.Client nobody = path.startsWith("/api/") || path.startsWith("/sign")
                    ? h.anonymous().unchecked() : h.anonymous().outsideTheSpec();
            WebHarness.Exchange e = method.equals("GET") || method.equals("DELETE")
                    ? nobody.send(method, path, null, Map.of())
                    : nobody.send(method, path, path.startsWith("/api/") ? "{}" : "x=1", Map.of("Content-Type",
                            path.startsWith("/api/") ? "application/json" : "application/x-www-form-urlencoded"));
            if (path.startsWith("/api/")) {
                assertThat(e.status()).as(route).isEqualTo(401);
                assertThat(e.code()).as(route).isEqualTo("not-signed-in");
            } else {
                assertThat(e.status()).as(route).isIn(303, 401);
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(18);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aChangeWithoutTheTokenOrWithAnotherSessionsTokenIsRefused() {
        WebHarness.Client erin = h.signIn("erin");
        WebHarness.Client frank = h.signIn("frank");
        Counts before = counts();
        WebHarness.Client missing = erin.unchecked();
        missing.csrf = null;
        WebHarness.Exchange m = missing.post("/api/v1/groups/" + bookClub + "/join", null);
        assertThat(m.status()).isEqualTo(403);
        assertThat(m.code()).isEqualTo("csrf-token-missing");
        WebHarness.Client wrong = erin.unchecked();
        wrong.csrf = frank.csrf;
        WebHarness.Exchange w = wrong.post("/api/v1/groups/" + bookClub + "/join", null);
        assertThat(w.status()).isEqualTo(403);
        assertThat(w.code()).isEqualTo("csrf-token-invalid");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aCrossSiteRequestIsRefusedEvenWithTheToken() {
        WebHarness.Client erin = h.signIn("erin").unchecked();
        Counts before = counts();
        for (Map<String, String> headers : List.of(Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Sec-Fetch-Site", "same-site"), Map.of("Origin", "https://evil.example"))) {
            WebHarness.Exchange e = erin.send("POST", "/api/v1/groups/" + bookClub + "/join", "{}",
                    with(headers, "Content-Type", "application/json"));
            assertThat(e.status()).as(headers.toString()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("cross-site-request");
        }
        // Login CSRF: another site cannot sign a browser in as someone else either.
        WebHarness.Exchange signIn = h.anonymous().unchecked().send("POST", "/signin",
                "login=mallory&password=" + DemoConf.PASSWORD, Map.of("Content-Type",
                        "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site"));
        assertThat(signIn.status()).isEqualTo(403);
        assertThat(signIn.header("Set-Cookie")).isEmpty();
        assertThat(counts()).isEqualTo(before);
        // The same request from the site itself goes through.
        WebHarness.Exchange own = erin.send("POST", "/api/v1/groups/" + bookClub + "/join", "{}",
                Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "same-origin", "Origin", h.base()));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
    }

    @Test
    void anIdleSessionAndAnOldSessionExpire() {
        WebHarness.Client idle = h.signIn("heidi");
        h.clock.advance(Duration.ofMinutes(11));
        WebHarness.Exchange e = idle.get("/api/v1/session");
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("session-expired");

        WebHarness.Client busy = h.signIn("heidi");
        for (int i = 0; i < 6; i++) {
            h.clock.advance(Duration.ofMinutes(9));
            assertThat(busy.get("/api/v1/session").status()).as("after %d minutes", 9 * (i + 1)).isEqualTo(200);
        }
        h.clock.advance(Duration.ofMinutes(9));
        WebHarness.Exchange old = busy.get("/api/v1/session");
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.code()).isEqualTo("session-expired");
    }

    /*
     * The session's last use is written at most every 30 s (a quarter of 10 minutes is more), so that a request is
     * not a write: a session idle for the time-out counted from its stored last use has expired, even if a request
     * came within those 30 s; one used after them is kept alive by that use.
     */
    @Test
    void theLastUseIsWrittenLazilyAndTheIdleTimeOutNeverComesLate() {
        WebHarness.Client early = h.signIn("heidi");
        h.clock.advance(Duration.ofSeconds(20));
        assertThat(early.get("/api/v1/session").status()).isEqualTo(200);
        h.clock.advance(Duration.ofMinutes(10).minusSeconds(10));
        WebHarness.Exchange e = early.get("/api/v1/session");
        assertThat(e.status()).as("10 min 10 s after the last use written, 9 min 50 s after the last").isEqualTo(401);
        assertThat(e.code()).isEqualTo("session-expired");

        WebHarness.Client later = h.signIn("heidi");
        h.clock.advance(Duration.ofSeconds(31));
        assertThat(later.get("/api/v1/session").status()).isEqualTo(200);
        h.clock.advance(Duration.ofMinutes(10).minusSeconds(10));
        assertThat(later.get("/api/v1/session").status()).as("9 min 50 s after a use that was written")
                .isEqualTo(200);
    }

    // spec A2, A14
    @Test
    void aUserCannotReadAnotherGroupsMembersOrRequests() {
        WebHarness.Client niaj = h.signIn("niaj");
        String finance = h.groupId("Finance Team");
        Counts before = counts();
        WebHarness.Exchange members = niaj.get("/api/v1/groups/" + finance + "/members");
        assertThat(members.status()).isEqualTo(403);
        assertThat(members.json().path("rule").asText()).isEqualTo("A2");
        assertThat(members.body()).doesNotContain("uid=frank");
        WebHarness.Exchange requests = niaj.get("/api/v1/groups/" + finance + "/requests?state=any");
        assertThat(requests.status()).isEqualTo(403);
        assertThat(requests.json().path("rule").asText()).isEqualTo("A14");
        assertThat(counts().copyWithoutAudit()).isEqualTo(before.copyWithoutAudit());
    }

    @Test
    void ldapMetacharactersInThePathAndQueryMatchNothing() {
        WebHarness.Client grace = h.signIn("grace").unchecked();
        Counts before = counts();
        for (String id : List.of("*", "*)(objectClass=*", "cn=Finance Team,ou=groups,dc=example,dc=com", "%00")) {
            WebHarness.Exchange e = grace.get("/api/v1/groups/" + WebHarness.enc(id) + "/members");
            assertThat(e.status()).as(id).isEqualTo(404);
            assertThat(e.code()).isEqualTo("no-such-group");
        }
        String finance = h.groupId("Finance Team");
        for (String person : List.of("*", "*)(uid=*", "uid=*,ou=people,dc=example,dc=com", "\\2a")) {
            WebHarness.Exchange e = grace.delete("/api/v1/groups/" + finance + "/members/" + WebHarness.enc(person));
            assertThat(e.status()).as(person).isIn(400, 404);
            WebHarness.Exchange add = grace.post("/api/v1/groups/" + finance + "/members", Map.of("person", person));
            assertThat(add.status()).as(person).isIn(400, 404);
        }
        for (String search : List.of("*", "%", "_", "*)(cn=*")) {
            WebHarness.Exchange e = grace.get("/api/v1/groups?search=" + WebHarness.enc(search));
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.json().path("total").asInt()).as(search).isZero();
        }
        WebHarness.Exchange badId = grace.post("/api/v1/requests/" + WebHarness.enc("1 OR 1=1") + "/approve", null);
        assertThat(badId.status()).isEqualTo(404);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void anOverLongBodyAndAWrongContentTypeAreRefused() {
        WebHarness.Client erin = h.signIn("erin").unchecked();
        String phoenix = h.groupId("Project Phoenix");
        Counts before = counts();
        String longText = "x".repeat(WebServer.MAX_BODY_BYTES + 1);
        WebHarness.Exchange tooLong = erin.post("/api/v1/groups/" + phoenix + "/join", Map.of("justification",
                longText));
        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(tooLong.code()).isEqualTo("body-too-large");
        WebHarness.Exchange text = erin.send("POST", "/api/v1/groups/" + bookClub + "/join", "{}",
                Map.of("Content-Type", "text/plain"));
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.code()).isEqualTo("unsupported-media-type");
        WebHarness.Exchange form = erin.send("POST", "/api/v1/session", "login=erin&password=x",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.status()).isEqualTo(415);
        WebHarness.Exchange jsonForm = h.anonymous().unchecked().send("POST", "/signin", "{\"login\":\"erin\"}",
                Map.of("Content-Type", "application/json"));
        assertThat(jsonForm.status()).isEqualTo(415);
        WebHarness.Exchange notJson = erin.send("POST", "/api/v1/groups/" + bookClub + "/join", "{justification:",
                Map.of("Content-Type", "application/json"));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.code()).isEqualTo("invalid-json");
        WebHarness.Exchange unknownField = erin.post("/api/v1/groups/" + bookClub + "/join", Map.of("role", "owner"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.code()).isEqualTo("unknown-field");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aPageWithoutASessionSendsToTheSignInFormAndOneWithASessionIsServed() {
        WebHarness.Exchange none = h.anonymous().outsideTheSpec().get("/probe-page");
        assertThat(none.status()).isEqualTo(303);
        assertThat(none.header("Location")).contains("/signin");
        WebHarness.Client forged = h.anonymous().outsideTheSpec();
        forged.cookie = "B".repeat(43);
        assertThat(forged.get("/probe-page").header("Location")).contains("/signin?failed=not-signed-in");
        assertThat(h.anonymous().outsideTheSpec().get("/signin").status()).isEqualTo(200);
        WebHarness.Client erin = h.signIn("erin").outsideTheSpec();
        WebHarness.Exchange page = erin.get("/probe-page");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).isPresent();

        // The panel's forms carry the token in a field, and are forms.
        String form = "application/x-www-form-urlencoded";
        String token = erin.csrf;
        erin.csrf = null;
        assertThat(erin.send("POST", "/probe-page", "csrf=" + token, Map.of("Content-Type", form)).status())
                .isEqualTo(303);
        WebHarness.Exchange noField = erin.send("POST", "/probe-page", "x=1", Map.of("Content-Type", form));
        assertThat(noField.status()).isEqualTo(403);
        assertThat(noField.code()).isEqualTo("csrf-token-missing");
        WebHarness.Exchange wrongField = erin.send("POST", "/probe-page", "csrf=" + token + "x",
                Map.of("Content-Type", form));
        assertThat(wrongField.code()).isEqualTo("csrf-token-invalid");
        WebHarness.Exchange json = erin.send("POST", "/probe-page", "{\"csrf\":\"" + token + "\"}",
                Map.of("Content-Type", "application/json"));
        assertThat(json.status()).isEqualTo(415);
    }

    @Test
    void aHeadRequestIsGuardedLikeItsGet() {
        assertThat(h.anonymous().outsideTheSpec().send("HEAD", "/api/openapi.yaml", null, Map.of()).status())
                .isEqualTo(200);
        assertThat(h.anonymous().outsideTheSpec().send("HEAD", "/api/v1/groups", null, Map.of()).status())
                .isEqualTo(401);
        assertThat(h.signIn("erin").outsideTheSpec().send("HEAD", "/api/v1/groups", null, Map.of()).status())
                .isEqualTo(200);
    }

    @Test
    void anUnknownPathIsAProblemDocument() {
        WebHarness.Exchange e = h.signIn("erin").outsideTheSpec().get("/api/v1/nothing-here");
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(e.code()).isEqualTo("not-found");
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> all = new java.util.LinkedHashMap<>(m);
        all.put(k, v);
        return all;
    }

    /** Rows a change would add. */
    record Counts(int requests, int outbox, int members, int audit) {
        Counts copyWithoutAudit() {
            return new Counts(requests, outbox, members, 0);
        }
    }

    private Counts counts() {
        return h.jdbi().withHandle(x -> new Counts(
                x.createQuery("SELECT COUNT(*) FROM join_request").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM outbox").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM group_member").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM audit_event").mapTo(Integer.class).one()));
    }
}
