package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security checks of issue 12, point 5, on the routes that create, edit, delete and block and on the search's
 * filters and the audit log: each refused with the right status, and nothing changed in the store (groups, their
 * policies, blocks, members, requests, audit) nor queued for the directory (outbox).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebAdminSecurityTest {

    @TempDir
    static Path dir;

    private WebHarness h;
    private String wiki;

    @BeforeAll
    void start() throws Exception {
        h = WebHarness.start(dir);
        wiki = h.groupId("Wiki Editors");
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void changesWithoutTheTokenWithAnotherSessionsOrFromAnotherSiteAreRefused() {
        WebHarness.Client alice = h.signIn("alice");
        WebHarness.Client frank = h.signIn("frank");
        Counts before = counts();
        for (String[] call : calls()) {
            WebHarness.Client missing = alice.unchecked();
            missing.csrf = null;
            WebHarness.Exchange m = missing.send(call[0], call[1], call[2], Map.of("Content-Type", "application/json"));
            assertThat(m.status()).as("%s %s", call[0], call[1]).isEqualTo(403);
            assertThat(m.code()).isEqualTo("csrf-token-missing");
            WebHarness.Client wrong = alice.unchecked();
            wrong.csrf = frank.csrf;
            WebHarness.Exchange w = wrong.send(call[0], call[1], call[2], Map.of("Content-Type", "application/json"));
            assertThat(w.status()).isEqualTo(403);
            assertThat(w.code()).isEqualTo("csrf-token-invalid");
            WebHarness.Exchange x = alice.unchecked().send(call[0], call[1], call[2], Map.of("Content-Type",
                    "application/json", "Sec-Fetch-Site", "cross-site"));
            assertThat(x.status()).isEqualTo(403);
            assertThat(x.code()).isEqualTo("cross-site-request");
            WebHarness.Client forged = h.anonymous().unchecked();
            forged.cookie = "A".repeat(43);
            forged.csrf = alice.csrf;
            WebHarness.Exchange f = forged.send(call[0], call[1], call[2], Map.of("Content-Type", "application/json"));
            assertThat(f.status()).isEqualTo(401);
            assertThat(f.code()).isEqualTo("not-signed-in");
        }
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void ldapFilterAndDnMetacharactersInPathsQueriesAndBodiesMatchNothing() {
        WebHarness.Client alice = h.signIn("alice").unchecked();
        Counts before = counts();
        for (String id : List.of("*", "*)(objectClass=*", "cn=Wiki Editors,ou=groups,dc=example,dc=com", "%00",
                "\\2a")) {
            String path = "/api/v1/groups/" + WebHarness.enc(id);
            assertThat(alice.patch(path, Map.of("joinPolicy", "open")).status()).as(id).isEqualTo(404);
            assertThat(alice.delete(path).status()).as(id).isEqualTo(404);
            assertThat(alice.post(path + "/blocked", Map.of("person", "mallory")).status()).as(id).isEqualTo(404);
            assertThat(alice.get("/api/v1/audit?group=" + WebHarness.enc(id)).status()).as(id).isEqualTo(404);
        }
        for (String person : List.of("*", "*)(uid=*", "uid=*,ou=people,dc=example,dc=com", "\\2a", "mallory)(")) {
            WebHarness.Exchange e = alice.post("/api/v1/groups/" + wiki + "/blocked", Map.of("person", person));
            assertThat(e.status()).as(person).isIn(400, 404);
            WebHarness.Exchange owner = alice.post("/api/v1/groups", Map.of("displayName", "Meta Group",
                    "owners", List.of(person)));
            assertThat(owner.status()).as(person).isIn(400, 404);
        }
        for (String filter : List.of("kind=*", "kind=security)(cn=*", "joinPolicy=%25", "joinPolicy=open,*")) {
            WebHarness.Exchange e = alice.get("/api/v1/groups?" + filter);
            assertThat(e.status()).as(filter).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid-parameter");
        }
        WebHarness.Client frank = h.signIn("frank");
        for (String search : List.of("*", "%", "_", "*)(cn=*")) {
            WebHarness.Exchange e = frank.get("/api/v1/groups?joinable=true&kind=security&search="
                    + WebHarness.enc(search));
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.json().path("total").asInt()).as(search).isZero();
        }
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void overLongBodiesWrongContentTypesAndWrongFieldsAreRefused() {
        WebHarness.Client alice = h.signIn("alice").unchecked();
        Counts before = counts();
        WebHarness.Exchange tooLong = alice.post("/api/v1/groups", Map.of("displayName", "Long Group",
                "description", "x".repeat(WebServer.MAX_BODY_BYTES + 1)));
        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(tooLong.code()).isEqualTo("body-too-large");
        WebHarness.Exchange tooLongPatch = alice.patch("/api/v1/groups/" + wiki, Map.of("description",
                "x".repeat(WebServer.MAX_BODY_BYTES + 1)));
        assertThat(tooLongPatch.status()).isEqualTo(413);
        for (String[] call : calls()) {
            WebHarness.Exchange text = alice.send(call[0], call[1], call[2] == null ? "x" : call[2],
                    Map.of("Content-Type", "text/plain"));
            assertThat(text.status()).as("%s %s", call[0], call[1]).isEqualTo(415);
            assertThat(text.code()).isEqualTo("unsupported-media-type");
            WebHarness.Exchange form = alice.send(call[0], call[1], "displayName=x", Map.of("Content-Type",
                    "application/x-www-form-urlencoded"));
            assertThat(form.status()).isEqualTo(415);
        }
        WebHarness.Exchange unknown = alice.patch("/api/v1/groups/" + wiki, Map.of("owner", "mallory"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.code()).isEqualTo("unknown-field");
        WebHarness.Exchange ownersNotAList = alice.post("/api/v1/groups", Map.of("displayName", "Typed Group",
                "owners", "mallory"));
        assertThat(ownersNotAList.status()).isEqualTo(400);
        assertThat(ownersNotAList.code()).isEqualTo("invalid-field");
        WebHarness.Exchange array = alice.send("POST", "/api/v1/groups", "[\"displayName\"]",
                Map.of("Content-Type", "application/json"));
        assertThat(array.code()).isEqualTo("invalid-json");
        WebHarness.Exchange deleteWithBody = alice.send("DELETE", "/api/v1/groups/" + wiki, "{\"force\":\"yes\"}",
                Map.of("Content-Type", "application/json"));
        assertThat(deleteWithBody.status()).isEqualTo(400);
        assertThat(deleteWithBody.code()).isEqualTo("unknown-field");
        assertThat(counts()).isEqualTo(before);
    }

    /** Method, path and a body that would be accepted, for each new route that changes something. */
    private List<String[]> calls() {
        return List.of(
                new String[] {"POST", "/api/v1/groups", "{\"displayName\":\"Sneaky Group\"}"},
                new String[] {"PATCH", "/api/v1/groups/" + wiki, "{\"joinPolicy\":\"open\"}"},
                new String[] {"DELETE", "/api/v1/groups/" + wiki, null},
                new String[] {"POST", "/api/v1/groups/" + wiki + "/blocked", "{\"person\":\"mallory\"}"});
    }

    record Counts(int groups, String wikiPolicy, int blocks, int members, int requests, int outbox, int audit) {
    }

    private Counts counts() {
        return h.jdbi().withHandle(x -> new Counts(
                x.createQuery("SELECT COUNT(*) FROM directory_group").mapTo(Integer.class).one(),
                x.createQuery("SELECT policy FROM directory_group WHERE id = :id").bind("id", wiki)
                        .mapTo(String.class).one(),
                x.createQuery("SELECT COUNT(*) FROM group_block").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM group_member").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM join_request").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM outbox").mapTo(Integer.class).one(),
                x.createQuery("SELECT COUNT(*) FROM audit_event").mapTo(Integer.class).one()));
    }
}
