package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.daemon.Daemon;
import io.groupbridge.daemon.LiveConfig;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon serves the web API for as long as it runs (issue 12, point 1): a join made through the API reaches the
 * directory by the daemon's write-back, and the port closes with the daemon.
 */
class WebDaemonTest {

    private static final String SCHEDULE = "schedule:\n  incremental: 1s\n  full: \"0 0 3 * * ?\"\n"
            + "  writeBack: 1s\n  shutdownTimeout: 20s\n";

    @TempDir
    Path home;

    @Test
    void theDaemonServesTheApiAndAJoinReachesTheDirectory() throws Exception {
        try (TestHome t = TestHome.start(home, null, SCHEDULE + TestHome.storeOnFreePort() + DemoConf.SELF_SERVICE);
                GroupbridgeApp app = t.openApp()) {
            Daemon daemon = new Daemon(app, new LiveConfig(new ConfigLoader(Map.of()), t.config()), Clock.systemUTC());
            String base;
            try {
                daemon.start();
                WebServer web = daemon.web().orElseThrow();
                base = web.url();
                assertThat(base).startsWith("http://127.0.0.1:").doesNotContain(":8470/");
                await().atMost(Duration.ofSeconds(30)).until(() -> !app.store().queries()
                        .findGroups("Book Club", null).isEmpty());
                String bookClub = app.store().queries().findGroups("Book Club", null).get(0).id();

                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/session"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"login\":\"erin\",\"password\":\"" + DemoConf.PASSWORD + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(201);
                String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
                String csrf = new ObjectMapper().readTree(signedIn.body()).path("csrfToken").asText();
                HttpResponse<String> joined = http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/groups/"
                                + bookClub + "/join")).header("Cookie", cookie).header(WebServer.CSRF_HEADER, csrf)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);

                await().atMost(Duration.ofSeconds(30)).until(() -> t.directory().server()
                        .getEntry("cn=Book Club,ou=groups,dc=example,dc=com")
                        .hasAttributeValue("member", "uid=erin,ou=people,dc=example,dc=com"));
            } finally {
                daemon.close();
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThat(catchThrowableOfType(IOException.class, () -> http.send(HttpRequest.newBuilder(
                    URI.create(base + "api/openapi.yaml")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()))).as("the port after the daemon stopped").isNotNull();
        }
    }

    @Test
    void aDaemonWithTheWebSwitchedOffServesNone() throws Exception {
        try (TestHome t = TestHome.start(home, null, SCHEDULE + TestHome.storeOnFreePort()
                + "http:\n  enabled: false\n");
                GroupbridgeApp app = t.openApp();
                Daemon daemon = new Daemon(app, new LiveConfig(new ConfigLoader(Map.of()), t.config()),
                        Clock.systemUTC())) {
            daemon.start();
            assertThat(daemon.web()).isEmpty();
        }
    }
}
