package io.groupbridge.web;

import io.groupbridge.config.HttpConfig;
import io.groupbridge.store.JdbiWebSessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Server-side sessions in the store (issue 12, point 2): a random 256-bit id in the cookie, its SHA-256 as the row's
 * key, a per-session synchronizer token against CSRF, and the idle and absolute time-outs of the conf. Every sign-in
 * makes a new id, so an id planted before sign-in is worth nothing after it (no fixation). Thread-safe.
 */
final class WebSessions {

    /**
     * A signed-in session, as a request sees it.
     *
     * @param noticePath the page a notice waited for when the session was looked up; empty when none did
     */
    record Session(String id, String actorDn, String csrfToken, Instant createdAt, Instant expiresAt,
            Optional<String> noticePath) {
    }

    /** Why a cookie signs nobody in. */
    enum Miss { NONE, UNKNOWN, EXPIRED }

    /** The outcome of looking a cookie up: a session, or why there is none. */
    record Lookup(Optional<Session> session, Miss miss) {
    }

    static final String PERSON = "person";
    // 43 characters of URL-safe Base64 without padding: what new ids look like; anything else is not looked up.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    // Writing last_seen_at on every request would make each read a write; a quarter of the idle time is precise enough.
    private static final Duration MAX_TOUCH_INTERVAL = Duration.ofSeconds(30);

    private final JdbiWebSessions store;
    private final Duration idle;
    private final Duration absolute;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WebSessions(JdbiWebSessions store, HttpConfig http, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.idle = http.idleTimeout();
        this.absolute = http.absoluteTimeout();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts a new session for {@code actorDn}, ending {@code previousId}'s if there was one. */
    Session create(String actorDn, String previousId) {
        if (previousId != null && ID.matcher(previousId).matches()) {
            store.delete(hash(previousId));
        }
        Instant now = clock.instant();
        store.deleteExpired(now.minus(idle), now.minus(absolute));
        String id = token();
        String csrf = token();
        store.insert(new JdbiWebSessions.Row(hash(id), actorDn, PERSON, csrf, now, now));
        return new Session(id, actorDn, csrf, now, expiry(now, now), Optional.empty());
    }

    Lookup find(String id) {
        if (id == null || id.isEmpty()) {
            return new Lookup(Optional.empty(), Miss.NONE);
        }
        if (!ID.matcher(id).matches()) {
            return new Lookup(Optional.empty(), Miss.UNKNOWN);
        }
        String key = hash(id);
        Optional<JdbiWebSessions.Row> row = store.find(key);
        if (row.isEmpty()) {
            return new Lookup(Optional.empty(), Miss.UNKNOWN);
        }
        JdbiWebSessions.Row r = row.get();
        Instant now = clock.instant();
        if (!now.isBefore(expiry(r.createdAt(), r.lastSeenAt()))) {
            store.delete(key);
            return new Lookup(Optional.empty(), Miss.EXPIRED);
        }
        Duration touchEvery = idle.dividedBy(4).compareTo(MAX_TOUCH_INTERVAL) < 0 ? idle.dividedBy(4)
                : MAX_TOUCH_INTERVAL;
        if (Duration.between(r.lastSeenAt(), now).compareTo(touchEvery) >= 0) {
            store.touch(key, now);
        }
        return new Lookup(Optional.of(new Session(id, r.actorDn(), r.csrfToken(), r.createdAt(),
                expiry(r.createdAt(), now), r.noticePath())), Miss.NONE);
    }

    void end(String id) {
        if (id != null && ID.matcher(id).matches()) {
            store.delete(hash(id));
        }
    }

    /** Leaves the outcome of a form's POST for the page at {@code path} (POST-redirect-GET), in the store. */
    void leaveNotice(Session session, PanelView.Notice notice, String path) {
        store.leaveNotice(hash(session.id()), new JdbiWebSessions.Notice(notice.refused(), notice.message(), path));
    }

    /**
     * The notice waiting for the page at {@code path}, taken so that no other page shows it again. The store is asked
     * only when the session's row named this page as it was looked up: the POST that leaves a notice answers before
     * the browser asks for the page it names (POST-redirect-GET), so that look-up sees it.
     */
    Optional<PanelView.Notice> takeNotice(Session session, String path) {
        if (!session.noticePath().filter(path::equals).isPresent()) {
            return Optional.empty();
        }
        return store.takeNotice(hash(session.id()), path).map(n -> new PanelView.Notice(n.refused(), n.text()));
    }

    Duration absoluteTimeout() {
        return absolute;
    }

    private Instant expiry(Instant created, Instant lastSeen) {
        Instant byIdle = lastSeen.plus(idle);
        Instant byAge = created.plus(absolute);
        return byIdle.isBefore(byAge) ? byIdle : byAge;
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Compares two tokens in time independent of where they differ. */
    static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}
