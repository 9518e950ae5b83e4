package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.SettingsView;
import io.groupbridge.StatusReport;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The web server on the demo directory for API tests: a {@link TestHome} with the demo conf's self-service parts,
 * reconciled once, served on a free loopback port; a clock the test can move (session time-outs); clients that sign
 * in as demo people; every exchange checked against {@code web/openapi.yaml}.
 */
final class WebHarness implements AutoCloseable {

    static final String PEOPLE = ",ou=people,dc=example,dc=com";
    private static final Pattern COOKIE = Pattern.compile("^groupbridge=([^;]*)");
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final OpenApiInteractionValidator OPENAPI = OpenApiInteractionValidator
            .createForInlineApiSpecification(openApiText()).build();

    final TestHome home;
    final GroupbridgeApp app;
    final SelfServiceSource wiring;
    final MovableClock clock = new MovableClock();
    final WebServer server;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private WebHarness(TestHome home, String extraConf) throws Exception {
        this(home, (java.util.function.BiFunction<SelfServiceSource, GroupbridgeApp, WebServer.Pages>) null);
    }

    /** @param pages the pages to serve beside the API, made from the wiring; {@code null} for stand-ins */
    private WebHarness(TestHome home, java.util.function.BiFunction<SelfServiceSource, GroupbridgeApp,
            WebServer.Pages> pages) throws Exception {
        this.home = home;
        this.app = home.openApp();
        app.reconciler().run(false, Reconciler.Progress.NONE);
        this.wiring = app.selfService();
        // Stand-ins for the panel's pages: a page and its form, which need a session, and the sign-in form.
        this.server = WebServer.start(app.config().http(), wiring, app.store(), clock, views(app, clock), pages != null
                ? pages.apply(wiring, app) : (routes, web) -> {
            routes.get("/probe-page", ctx -> ctx.contentType("text/html").result("<p>"
                    + web.actor(ctx).dn().length() + "</p>"));
            routes.post("/probe-page", ctx -> ctx.status(303).header("Location", "/probe-page").result(""));
            routes.get("/signin", ctx -> ctx.contentType("text/html").result("<form></form>"));
            web.publicRoute(io.javalin.http.HandlerType.GET, "/signin");
        });
    }

    /**
     * The server with the panel's real pages, on the demo conf with {@code settingsLines} (indented two spaces)
     * added to its settings section.
     */
    static WebHarness startPanel(Path dir, String settingsLines, int pageSize) throws Exception {
        return startPanel(dir, settingsLines, pageSize, "");
    }

    /** @param extraConf more top-level sections of the conf, such as {@code governance:} */
    static WebHarness startPanel(Path dir, String settingsLines, int pageSize, String extraConf) throws Exception {
        String conf = DemoConf.SELF_SERVICE.replace("settings:\n", "settings:\n" + settingsLines) + "http:\n  port: 0\n"
                + extraConf;
        TestHome home = TestHome.start(dir, null, conf);
        try {
            return new WebHarness(home, (wiring, app) -> new PanelPages(wiring, app.store().queries(), pageSize));
        } catch (Exception | Error e) {
            home.close();
            throw e;
        }
    }

    /** The settings and status of the conf the app was opened with, as a one-shot command shows them. */
    static WebServer.Views views(GroupbridgeApp app, Clock clock) {
        return new WebServer.Views(() -> SettingsView.of(app.config()),
                () -> StatusReport.read(app, app.config(), app.config(), null, clock));
    }

    /** The demo conf with the service principal {@code automation} given the API token hash {@code tokenSha256}. */
    static WebHarness startWithToken(Path dir, String tokenSha256) throws Exception {
        String conf = DemoConf.SELF_SERVICE.replace("    password: automation-secret\n",
                "    password: automation-secret\n    apiTokenSha256: " + tokenSha256 + "\n");
        TestHome home = TestHome.start(dir, null, conf + "http:\n  port: 0\n");
        try {
            return new WebHarness(home, "");
        } catch (Exception | Error e) {
            home.close();
            throw e;
        }
    }

    static WebHarness start(Path dir) throws Exception {
        return start(dir, "");
    }

    /** @param extraConf more conf, e.g. an {@code http:} section with time-outs */
    static WebHarness start(Path dir, String extraConf) throws Exception {
        String http = extraConf.contains("http:") ? "" : "http:\n  port: 0\n";
        TestHome home = TestHome.start(dir, null, DemoConf.SELF_SERVICE + http + extraConf);
        try {
            return new WebHarness(home, extraConf);
        } catch (Exception | Error e) {
            home.close();
            throw e;
        }
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * A second server with the panel's pages on the same store, as a second clustered agent would serve them: it
     * shares nothing with the first but the store. The caller closes it.
     */
    WebServer secondAgent() throws IOException {
        return WebServer.start(app.config().http(), wiring, app.store(), clock, views(app, clock),
                new PanelPages(wiring, app.store().queries()));
    }

    Client anonymous() {
        return new Client(null, null);
    }

    /** A client signed in through the API as the demo person {@code uid}. */
    Client signIn(String uid) {
        Client c = anonymous();
        Exchange e = c.post("/api/v1/session", Map.of("login", uid, "password", DemoConf.PASSWORD));
        assertThat(e.status()).as("sign-in of %s: %s", uid, e.body()).isEqualTo(201);
        return c;
    }

    /** A client signed in through the panel's form as the demo person {@code uid}, as a browser signs in. */
    Client panelSignIn(String uid) {
        Client c = anonymous().outsideTheSpec();
        Exchange e = c.send("POST", "/signin", "login=" + uid + "&password=" + DemoConf.PASSWORD,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(e.status()).as("panel sign-in of %s: %s", uid, e.body()).isEqualTo(303);
        assertThat(e.header("Location")).contains("/");
        return c;
    }

    /** The store's id of the group named {@code name}. */
    String groupId(String name) {
        return app.store().queries().findGroups(name, null).get(0).id();
    }

    /** How many groups the store holds whose name starts with {@code prefix}, created ones included. */
    int groupCount(String prefix) {
        return jdbi().withHandle(hd -> hd.createQuery("SELECT COUNT(*) FROM directory_group WHERE name LIKE :p")
                .bind("p", prefix + "%").mapTo(Integer.class).one());
    }

    Jdbi jdbi() {
        return app.store().jdbi();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                app.close();
            } finally {
                home.close();
            }
        }
    }

    private static String openApiText() {
        try (var in = WebHarness.class.getResourceAsStream("/web/openapi.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One request and its answer. */
    record Exchange(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .flatMap(h -> h.getValue().stream()).findFirst();
        }

        String code() {
            return json().path("code").asText();
        }
    }

    /** A client with its own cookie and CSRF token; {@link #validate} decides whether its requests are checked too. */
    final class Client {
        String cookie;
        String csrf;
        /* Another server to send to (a second agent), or null for the harness's. */
        WebServer at;
        boolean validateRequests = true;
        boolean validateResponses = true;

        Client(String cookie, String csrf) {
            this.cookie = cookie;
            this.csrf = csrf;
        }

        /** Requests that are wrong on purpose: only the answers are held to the OpenAPI file. */
        Client unchecked() {
            Client c = new Client(cookie, csrf);
            c.validateRequests = false;
            c.at = at;
            return c;
        }

        /** The same session, its requests sent to {@code other} (a second agent on the same store). */
        Client at(WebServer other) {
            Client c = new Client(cookie, csrf);
            c.validateRequests = validateRequests;
            c.validateResponses = validateResponses;
            c.at = other;
            return c;
        }

        /** Paths the API does not have: nothing is held to the file. */
        Client outsideTheSpec() {
            Client c = unchecked();
            c.validateResponses = false;
            c.at = at;
            return c;
        }

        /** The synchronizer token the panel's forms carry for this session, read from a page of the panel. */
        String formToken() {
            Matcher m = FORM_TOKEN.matcher(get("/mine").body());
            assertThat(m.find()).as("the page's form token").isTrue();
            return m.group(1);
        }

        Exchange get(String path) {
            return send("GET", path, null, Map.of());
        }

        Exchange post(String path, Map<String, ?> body) {
            return send("POST", path, body == null ? null : write(body), json());
        }

        Exchange patch(String path, Map<String, ?> body) {
            return send("PATCH", path, write(body), json());
        }

        Exchange delete(String path) {
            return send("DELETE", path, null, Map.of());
        }

        private Map<String, String> json() {
            return Map.of("Content-Type", "application/json");
        }

        Exchange send(String method, String path, String body, Map<String, String> headers) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            if (cookie != null) {
                all.putIfAbsent("Cookie", "groupbridge=" + cookie);
            }
            if (csrf != null && !method.equals("GET")) {
                all.putIfAbsent(WebServer.CSRF_HEADER, csrf);
            }
            String host = at == null ? base() : "http://127.0.0.1:" + at.port();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            all.forEach(b::header);
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Exchange e = new Exchange(r.statusCode(), r.headers().map(), r.body());
            if (validateResponses) {
                check(method, path, body, all, e);
            }
            e.header("Set-Cookie").ifPresent(c -> {
                Matcher m = COOKIE.matcher(c);
                if (m.find()) {
                    cookie = m.group(1).isEmpty() ? null : m.group(1);
                }
            });
            if (e.status() == 201 && path.equals("/api/v1/session")) {
                csrf = e.json().path("csrfToken").asText();
            }
            return e;
        }

        private void check(String method, String path, String body, Map<String, String> headers, Exchange e) {
            URI uri = URI.create(base() + path);
            SimpleRequest.Builder rb = new SimpleRequest.Builder(method, uri.getRawPath(), true);
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    rb.withQueryParam(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
            }
            headers.forEach(rb::withHeader);
            if (body != null) {
                rb.withBody(body);
            }
            SimpleResponse.Builder sb = new SimpleResponse.Builder(e.status()).withBody(e.body());
            e.headers().forEach((k, v) -> {
                if (k != null && !k.startsWith(":")) {
                    sb.withHeader(k, v);
                }
            });
            Request request = rb.build();
            ValidationReport report = validateRequests ? OPENAPI.validate(request, sb.build())
                    : OPENAPI.validateResponse(uri.getRawPath(), request.getMethod(), sb.build());
            assertThat(report.hasErrors()).as("%s %s -> %d %s does not match web/openapi.yaml: %s", method, path,
                    e.status(), e.body(), report.getMessages()).isFalse();
        }
    }

    private static String write(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The system clock plus however far the test moved it. */
    static final class MovableClock extends Clock {
        private volatile Duration skew = Duration.ZERO;

        void advance(Duration d) {
            skew = skew.plus(d);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(skew);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }
    }
}
