package io.groupbridge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.SettingsView;
import io.groupbridge.StatusReport;
import io.groupbridge.config.HttpConfig;
import io.groupbridge.selfservice.InvalidInputException;
import io.groupbridge.selfservice.SignInException;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.Surface;
import io.groupbridge.store.GroupStore;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web panel's and REST API's HTTP server (issue 12): Javalin on Jetty, bound as {@code http:} in the conf says,
 * HTTPS from the conf's PKCS#12 key store. It owns what every request goes through, whichever page or call it is:
 * the security headers, the session (every route but sign-in, static assets and the OpenAPI file needs one), the
 * CSRF checks on every state-changing request, the size and content type of bodies, and errors as RFC 9457
 * problem documents. The API's routes ({@link ApiRoutes}) and the panel's pages are thin: they call the same
 * self-service actions as the command line.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    /** Longer bodies are refused with 413: a justification or a reason is a few hundred characters. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    /** How long a request may wait for its turn when the store's connections are all in use. */
    static final Duration MAX_ADMISSION_WAIT = Duration.ofSeconds(30);
    /** The header the API's state-changing calls carry the session's synchronizer token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The form field the panel's forms carry it in. */
    public static final String CSRF_FIELD = "csrf";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none';"
            + " frame-ancestors 'none'";
    private static final String ACTOR = "groupbridge.actor";
    private static final String SESSION = "groupbridge.session";
    private static final Set<HandlerType> STATE_CHANGING = Set.of(HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);

    private final HttpConfig http;
    private final SelfServiceSource selfService;
    private final WebSessions sessions;
    private final String cookieName;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    private final Javalin app;
    private final List<Route> publicRoutes = new ArrayList<>();
    private final Pages pages;

    /** A route that needs no session. */
    record Route(HandlerType method, String path) {
    }

    /**
     * Routes beyond the API, such as the panel's pages, registered with the server's guard in front of them. A page
     * that needs no session says so with {@link WebServer#publicRoute}.
     */
    @FunctionalInterface
    public interface Pages {
        Pages NONE = (routes, server) -> { };

        void register(RoutesConfig routes, WebServer server);

        /**
         * Shows {@code problem} as a page, for a browser asking for HTML outside {@code /api/}; false leaves it to
         * the problem document.
         */
        default boolean errorPage(Context ctx, Problem problem) {
            return false;
        }
    }

    /**
     * The read-only views the API serves beside the self-service actions, made when asked so they follow the conf
     * in force: {@code GET /api/v1/settings} and {@code GET /api/v1/status}.
     */
    public record Views(Supplier<SettingsView> settings, Supplier<StatusReport> status) {
        public Views {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(status, "status");
        }
    }

    private WebServer(HttpConfig http, SelfServiceSource selfService, GroupStore store, Clock clock, Views views,
            Pages pages) {
        this.http = Objects.requireNonNull(http, "http");
        this.selfService = Objects.requireNonNull(selfService, "selfService");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.sessions = new WebSessions(store.webSessions(), http, clock);
        // Under TLS the __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and for /.
        this.cookieName = http.tls().isPresent() ? "__Host-groupbridge" : "groupbridge";
        ApiRoutes api = new ApiRoutes(this, selfService, store.queries(), views.settings(), views.status());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.defaultContentType = "application/json";
            config.jetty.host = http.bind();
            config.jetty.port = http.port();
            http.tls().ifPresent(tls -> config.jetty.addConnector((server, httpConfiguration) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStorePath(tls.keyStore().toString());
                ssl.setKeyStoreType("PKCS12");
                ssl.setKeyStorePassword(tls.password().reveal());
                ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
                httpConfiguration.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer());
                ServerConnector connector = new ServerConnector(server, ssl,
                        new org.eclipse.jetty.server.HttpConnectionFactory(httpConfiguration));
                connector.setHost(http.bind());
                connector.setPort(http.port());
                return connector;
            }));
            config.jetty.modifyHttpConfiguration(c -> c.setSendServerVersion(false));
            config.jetty.modifyServletContextHandler(context -> context.insertHandler(admission(requestsAtOnce(
                    store.poolSize(), store.runsOnThisMachine(), Runtime.getRuntime().availableProcessors()))));
            config.routes.before(this::securityHeaders);
            config.routes.beforeMatched(this::guard);
            config.routes.exception(Problem.Exception.class, (e, ctx) -> problem(ctx, e.problem()));
            config.routes.exception(InvalidInputException.class, (e, ctx) -> problem(ctx, Problem.invalidInput(e)));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, fromJavalin(e, ctx)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                problem(ctx, Problem.of(500, "internal-error", "Internal error", "the server could not complete"
                        + " the request; the log says why"));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    problem(ctx, Problem.of(404, "not-found", "Not found", "there is nothing at " + ctx.path()));
                }
            });
            publicRoute(HandlerType.POST, ApiRoutes.SESSION);
            publicRoute(HandlerType.POST, "/signin");
            publicRoute(HandlerType.GET, "/api/openapi.yaml");
            config.routes.post("/signin", this::formSignIn);
            config.routes.post("/signout", this::formSignOut);
            api.register(config.routes);
            new ReviewRoutes(this, api, selfService).register(config.routes);
            pages.register(config.routes, this);
        });
    }

    /**
     * How many requests the admission lets run at once: the store's connections, and on a store that runs on this
     * machine's processors (HSQLDB) no more than two per processor. HSQLDB guards each table with a fair lock: ten
     * requests on two processors were preempted while holding one, and every reader queued behind the writer that
     * waited for them (issue 12, point 6: under bench-web M, 727 requests per second with ten at once, 1 198 with
     * four, and search p95 from 139 ms to 66 ms).
     */
    static int requestsAtOnce(int poolSize, boolean storeOnThisMachine, int processors) {
        return storeOnThisMachine ? Math.min(poolSize, 2 * Math.max(1, processors)) : poolSize;
    }

    /**
     * Lets as many requests run at once as the store has connections and holds the others, without a thread, first
     * come first served. A page takes and gives back a connection several times (session, actor, each view): with
     * every request running, each of those takes waited in HikariCP's queue, which serves no one in order, so some
     * requests waited many times over (issue 12, point 6: under bench-web, 34 threads on average waited for one of
     * 10 connections, and the slowest twentieth took two to seven times the median). A request held longer than
     * {@link #MAX_ADMISSION_WAIT} is answered 503.
     */
    static QoSHandler admission(int concurrent) {
        QoSHandler admission = new QoSHandler();
        admission.setMaxRequestCount(Math.max(2, concurrent));
        admission.setMaxSuspend(MAX_ADMISSION_WAIT);
        return admission;
    }

    /**
     * Starts serving.
     *
     * @throws IOException when the address cannot be bound (in use, not on this host)
     */
    public static WebServer start(HttpConfig http, SelfServiceSource selfService, GroupStore store, Clock clock,
            Views views) throws IOException {
        return start(http, selfService, store, clock, views, Pages.NONE);
    }

    /** With {@code pages} served beside the API. */
    public static WebServer start(HttpConfig http, SelfServiceSource selfService, GroupStore store, Clock clock,
            Views views, Pages pages) throws IOException {
        WebServer server = new WebServer(http, selfService, store, clock, views, pages);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.app.stop();
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof BindException) {
                    throw new IOException("the web panel cannot listen on " + http.bind() + ":" + http.port() + ": "
                            + c.getMessage() + " (is a groupbridge daemon already running? set http.port to another"
                            + " port, or http.enabled to false)", e);
                }
            }
            throw new IOException("the web panel cannot start on " + http.bind() + ":" + http.port() + ": "
                    + e.getMessage(), e);
        }
        LOG.info("web panel and API listening on {}", server.url());
        return server;
    }

    /** The port it listens on, the chosen one when the conf said 0. */
    public int port() {
        return app.port();
    }

    /** Where to open it, e.g. {@code http://127.0.0.1:8470/}. */
    public String url() {
        String host = http.bind().contains(":") && !http.bind().startsWith("[") ? "[" + http.bind() + "]" : http.bind();
        return (http.tls().isPresent() ? "https" : "http") + "://" + host + ":" + port() + "/";
    }

    /** Every route it serves, as method and path (with {@code {param}} placeholders). */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path).sorted().toList();
    }

    String cookieName() {
        return cookieName;
    }

    @Override
    public void close() {
        app.stop();
    }

    // ------------------------------------------------------------ what every request goes through

    private void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (http.tls().isPresent()) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    /*
     * In this order, so that nothing a request asks for is looked at before it is known to be allowed: a body that
     * is too long or of the wrong type, a cross-site request, no session, a missing or wrong token.
     */
    private void guard(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        // A HEAD is answered by the GET route of its path, and Javalin names no endpoint for it.
        HandlerType method = endpoint != null ? endpoint.method
                : ctx.method() == HandlerType.HEAD ? HandlerType.GET : ctx.method();
        String path = endpoint != null ? endpoint.path : ctx.path();
        boolean changing = STATE_CHANGING.contains(ctx.method());
        if (changing) {
            checkBody(ctx);
            checkSameOrigin(ctx);
        }
        if (publicRoutes.contains(new Route(method, path))) {
            return;
        }
        if (path.startsWith("/assets/") || path.startsWith("/webjars/")) {
            return;
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && ctx.path().startsWith("/api/")) {
            // A service principal's call carries its credentials and needs neither session nor CSRF token: no browser
            // adds this header on its own (the server never asks for Basic, so none caches it), and cross-site
            // changes were refused above.
            ctx.attribute(ACTOR, servicePrincipal(ctx, authorization));
            return;
        }
        String id = ctx.cookie(cookieName);
        WebSessions.Lookup found = sessions.find(id);
        if (found.session().isEmpty()) {
            String detail = switch (found.miss()) {
                case EXPIRED -> "your session has expired; sign in again";
                case UNKNOWN -> "your session is not known (signed out, or ended); sign in again";
                case NONE -> "sign in first: POST " + ApiRoutes.SESSION + " with your login and password";
            };
            String code = found.miss() == WebSessions.Miss.EXPIRED ? "session-expired" : "not-signed-in";
            if (found.miss() != WebSessions.Miss.NONE) {
                clearCookie(ctx);
            }
            if (ctx.method() == HandlerType.GET && !ctx.path().startsWith("/api/")) {
                // A page of the panel: to the sign-in form, which says why.
                seeOther(ctx, "/signin" + (found.miss() == WebSessions.Miss.NONE ? "" : "?failed=" + code));
                ctx.skipRemainingHandlers();
                return;
            }
            throw Problem.of(401, code, "Not signed in", detail).raise();
        }
        WebSessions.Session session = found.session().get();
        if (changing) {
            String given = ctx.header(CSRF_HEADER);
            if (given == null && isForm(ctx)) {
                given = ctx.formParam(CSRF_FIELD);
            }
            if (given == null || given.isEmpty()) {
                throw Problem.of(403, "csrf-token-missing", "CSRF token missing", "a change needs the session's"
                        + " token in the " + CSRF_HEADER + " header (or the " + CSRF_FIELD + " form field); GET "
                        + ApiRoutes.SESSION + " returns it").raise();
            }
            if (!WebSessions.sameToken(session.csrfToken(), given)) {
                throw Problem.of(403, "csrf-token-invalid", "CSRF token invalid", "the CSRF token is not this"
                        + " session's; GET " + ApiRoutes.SESSION + " returns the right one").raise();
            }
        }
        ctx.attribute(SESSION, session);
        // The surface decides whether S2 applies: on the panel's pages, not on the API.
        ctx.attribute(ACTOR, selfService.actions().views().actorFor(session.actorDn(), ActorKind.PERSON)
                .on(ctx.path().startsWith("/api/") ? Surface.API : Surface.PANEL));
    }

    /** Bodies up to this size are read and dropped before a 413, so the client is not cut off mid-send. */
    static final int MAX_DISCARDED_BODY_BYTES = 1024 * 1024;

    /**
     * Reads and drops a refused body that is not too large to read, so the answer reaches the client: closing the
     * connection on a client still sending makes its TCP stack discard the 413 (a reset), which a loaded machine
     * showed in WebSecurityTest. A larger body is not read; the connection closes.
     */
    private static void discardBody(Context ctx, long length) {
        if (length > MAX_DISCARDED_BODY_BYTES) {
            return;
        }
        try (var in = ctx.req().getInputStream()) {
            byte[] buffer = new byte[8192];
            long left = length;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (java.io.IOException e) {
            // The client went away; there is nobody to answer.
        }
    }

    /*
     * HTTP Basic (the service principal's name and password, checked by the sign-in's bind as its DN) or a bearer
     * token (checked against the SHA-256s of the conf). Failures are counted against the client's address as a
     * person's are, and answered alike; the header's content is never logged nor repeated.
     */
    private Actor servicePrincipal(Context ctx, String authorization) {
        int space = authorization.indexOf(' ');
        String scheme = (space < 0 ? authorization : authorization.substring(0, space)).toLowerCase(Locale.ROOT);
        String credentials = space < 0 ? "" : authorization.substring(space + 1).strip();
        Optional<String> address = Optional.of(ctx.ip());
        try {
            switch (scheme) {
                case "bearer" -> {
                    return selfService.signIn().bearer(credentials, address);
                }
                case "basic" -> {
                    if (!basicAllowed(ctx.req().isSecure(), ctx.req().getRemoteAddr())) {
                        throw Problem.of(403, "basic-needs-tls", "Basic needs TLS", "HTTP Basic sends the password"
                                + " in the clear without TLS, so it is accepted only over HTTPS or from this host;"
                                + " configure http.tls, or send a bearer token").raise();
                    }
                    String pair;
                    try {
                        pair = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        throw badAuthorization("its Basic credentials are not Base64");
                    }
                    int colon = pair.indexOf(':');
                    if (colon < 0) {
                        throw badAuthorization("its Basic credentials are not NAME:PASSWORD");
                    }
                    return selfService.signIn().servicePrincipal(pair.substring(0, colon),
                            pair.substring(colon + 1).toCharArray(), address);
                }
                default -> throw badAuthorization("it is neither Basic nor Bearer");
            }
        } catch (SignInException e) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"groupbridge\"");
            throw Problem.of(401, "sign-in-failed", "Sign-in failed", e.getMessage()).raise();
        } catch (IllegalStateException e) {
            LOG.warn("a service principal's sign-in could not reach the directory: {}", e.getMessage());
            throw Problem.of(503, "directory-unavailable", "Directory unavailable", "the directory cannot be"
                    + " reached to check the credentials; try again in a moment").raise();
        }
    }

    /** Basic sends the password as it is: only over TLS, or from a client on this host (a loopback address). */
    static boolean basicAllowed(boolean secure, String remoteAddress) {
        if (secure) {
            return true;
        }
        try {
            return remoteAddress != null && isLiteral(remoteAddress)
                    && InetAddress.getByName(remoteAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    // The servlet gives the peer's address as a literal; a name would mean a lookup, which must not decide this.
    private static boolean isLiteral(String address) {
        return address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '['
                || c == ']' || c == '%');
    }

    private static Problem.Exception badAuthorization(String why) {
        return Problem.of(401, "invalid-authorization", "Invalid Authorization header", "the Authorization header"
                + " is not one this API takes: " + why + "; send Basic NAME:PASSWORD (Base64) or Bearer TOKEN").raise();
    }

    private static void checkBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > MAX_BODY_BYTES) {
            discardBody(ctx, length);
            throw Problem.of(413, "body-too-large", "Body too large", "the request body has " + length
                    + " bytes; at most " + MAX_BODY_BYTES + " are accepted").raise();
        }
        boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
        if (!hasBody) {
            return;
        }
        String type = mediaType(ctx);
        // The API takes JSON; the panel's pages take their forms (htmx sends the same encoding).
        String expected = ctx.path().startsWith("/api/") ? "application/json" : "application/x-www-form-urlencoded";
        if (!expected.equals(type)) {
            throw Problem.of(415, "unsupported-media-type", "Unsupported media type", "the body is "
                    + (type.isEmpty() ? "of no declared type" : type) + "; send " + expected).raise();
        }
    }

    /*
     * Browsers say where a request comes from: Sec-Fetch-Site (all current ones), else Origin. A request another site
     * made is refused before its session is even looked at. Clients that send neither (curl, scripts) are not
     * browsers a page could steer, and still need the token.
     */
    private static void checkSameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            String s = site.strip().toLowerCase(Locale.ROOT);
            if (!s.equals("same-origin") && !s.equals("none")) {
                throw crossSite("Sec-Fetch-Site says " + s);
            }
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null) {
            String own = ctx.scheme() + "://" + ctx.host();
            if (!origin.strip().equalsIgnoreCase(own)) {
                throw crossSite("it comes from " + origin + ", not " + own);
            }
        }
    }

    private static Problem.Exception crossSite(String why) {
        return Problem.of(403, "cross-site-request", "Cross-site request refused", "a change must come from this"
                + " site's own pages, but " + why).raise();
    }

    private static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isForm(Context ctx) {
        return mediaType(ctx).equals("application/x-www-form-urlencoded");
    }

    private static Problem fromJavalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        return switch (status) {
            case 413 -> Problem.of(413, "body-too-large", "Body too large", "the request body is longer than "
                    + MAX_BODY_BYTES + " bytes");
            case 404 -> Problem.of(404, "not-found", "Not found", "there is nothing at " + ctx.method() + " "
                    + ctx.path());
            case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed", e.getMessage());
            default -> Problem.of(status, "http-" + status, e.getMessage(), e.getMessage());
        };
    }

    void problem(Context ctx, Problem p) {
        Problem located = p.at(ctx.path());
        ctx.status(located.status());
        String accept = Objects.requireNonNullElse(ctx.header("Accept"), "");
        if (!ctx.path().startsWith("/api/") && accept.contains("text/html") && pages.errorPage(ctx, located)) {
            return;
        }
        writeJson(ctx, located);
        ctx.contentType(Problem.MEDIA_TYPE);
    }

    void writeJson(Context ctx, Object value) {
        try {
            ctx.contentType("application/json").result(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    ObjectMapper json() {
        return json;
    }

    /** For the panel's pages: a route that needs no session, such as the sign-in form ({@code GET /signin}). */
    public void publicRoute(HandlerType method, String path) {
        publicRoutes.add(new Route(method, path));
    }

    // ------------------------------------------------------------ sessions

    /** The signed-in actor; only for routes that need a session. */
    public Actor actor(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(ACTOR), "no session: the route is not guarded");
    }

    /** The signed-in actor, if the request got as far as its session. */
    java.util.Optional<Actor> signedIn(Context ctx) {
        return java.util.Optional.ofNullable(ctx.attribute(ACTOR));
    }

    java.util.Optional<WebSessions.Session> sessionIfAny(Context ctx) {
        return java.util.Optional.ofNullable(ctx.attribute(SESSION));
    }

    /** The store's sessions, where the panel leaves a form's outcome for the next page. */
    WebSessions sessions() {
        return sessions;
    }

    WebSessions.Session session(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(SESSION), "no session: the route is not guarded");
    }

    /**
     * Checks the credentials with the same sign-in as the command line (an LDAP bind, A16; failures counted, one
     * message whether or not the account exists) and starts a new session, ending any the request came with.
     */
    WebSessions.Session signIn(Context ctx, String login, char[] password) {
        Actor actor;
        try {
            actor = selfService.signIn().person(login, password, Optional.of(ctx.ip()));
        } catch (SignInException e) {
            throw Problem.of(401, "sign-in-failed", "Sign-in failed", e.getMessage()).raise();
        } catch (IllegalStateException e) {
            LOG.warn("sign-in could not reach the directory: {}", e.getMessage());
            throw Problem.of(503, "directory-unavailable", "Directory unavailable", "the directory cannot be"
                    + " reached to check your password; try again in a moment").raise();
        }
        WebSessions.Session session = sessions.create(actor.dn(), ctx.cookie(cookieName));
        StringBuilder cookie = new StringBuilder(cookieName).append('=').append(session.id())
                .append("; Path=/; HttpOnly; SameSite=Strict; Max-Age=").append(sessions.absoluteTimeout().toSeconds());
        if (http.tls().isPresent()) {
            cookie.append("; Secure");
        }
        ctx.header("Set-Cookie", cookie.toString());
        return session;
    }

    void signOut(Context ctx) {
        sessions.end(ctx.cookie(cookieName));
        clearCookie(ctx);
    }

    private void clearCookie(Context ctx) {
        ctx.header("Set-Cookie", cookieName + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (http.tls().isPresent() ? "; Secure" : ""));
    }

    /* The panel's sign-in form: POST-redirect-GET, to the panel on success and back to the form otherwise. */
    private void formSignIn(Context ctx) {
        String login = ctx.formParam("login");
        String password = ctx.formParam("password");
        try {
            signIn(ctx, login, password == null ? new char[0] : password.toCharArray());
            seeOther(ctx, "/");
        } catch (Problem.Exception e) {
            if (e.problem().status() != 401 && e.problem().status() != 503) {
                throw e;
            }
            seeOther(ctx, "/signin?failed=" + e.problem().code());
        }
    }

    private void formSignOut(Context ctx) {
        signOut(ctx);
        seeOther(ctx, "/signin");
    }

    private static void seeOther(Context ctx, String location) {
        ctx.status(303).header("Location", location).result("");
    }
}
