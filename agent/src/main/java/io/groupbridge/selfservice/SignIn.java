package io.groupbridge.selfservice;

import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Proves who acts (spec A16): a person by an LDAP bind with their own DN and password, a service principal by a bind
 * with its configured credentials, or over the API by a bearer token whose SHA-256 the conf holds. Every failure looks
 * the same from outside ({@link SignInException}) and is counted in the store under the login as typed, whether or
 * not such an account exists, and, for the web server, under the client's address.
 *
 * <p>After {@link #MAX_FAILURES} failures in a row for one login, that login is locked out for {@link #LOCKOUT}
 * after its last failure: an attempt then fails alike without a bind, so guessing goes no faster than five tries
 * per quarter hour, and the answer still says nothing about whether the account exists. The lock ends on its own;
 * a successful sign-in clears the count. An attacker can lock a person out that way for as long as they keep
 * trying, which is the price of slowing the guessing (Entra's smart lock-out makes the same trade).
 *
 * <p>One client address gets {@link #ADDRESS_FREE_FAILURES} failures, then has to wait before each next attempt
 * (one second, doubling with each failure), and after {@link #ADDRESS_MAX_FAILURES} is locked out for
 * {@link #LOCKOUT} after its last failure. That bounds how many logins one address can lock out (four per quarter
 * hour) without locking any account: the address waits, the accounts stay open to everyone else. A success does not
 * clear an address's count, so an attacker holding one good account cannot reset it between guesses.
 *
 * <p>The store's counter keys carry their kind ({@code person:}, {@code service-principal:}, {@code address:}), so
 * no typed login can count against a service principal or an address.
 */
public final class SignIn {

    private final Credentials credentials;
    private final SelfServiceStore store;
    private final SelfServiceViews views;
    private final List<ServicePrincipal> principals;
    private final Clock clock;

    /** Failures in a row that lock a login out. */
    static final int MAX_FAILURES = 5;
    /** How long a locked-out login or address stays locked after its last failure. */
    static final Duration LOCKOUT = Duration.ofMinutes(15);
    /** Failures from one address before it has to wait between attempts. */
    static final int ADDRESS_FREE_FAILURES = 5;
    /** Failures from one address that lock it out. */
    static final int ADDRESS_MAX_FAILURES = 20;
    /** The longest wait between attempts before the address lock-out. */
    static final Duration MAX_BACK_OFF = Duration.ofMinutes(1);

    public SignIn(Credentials credentials, SelfServiceStore store, SelfServiceViews views,
            List<ServicePrincipal> principals, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.store = Objects.requireNonNull(store, "store");
        this.views = Objects.requireNonNull(views, "views");
        this.principals = List.copyOf(principals);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The password array is wiped before this returns. */
    public Actor person(String login, char[] password) throws SignInException {
        return person(login, password, Optional.empty());
    }

    /**
     * @param address the client's address when it comes over the network (the web server), counted and held to
     *     the address limits as well as the login's
     */
    public Actor person(String login, char[] password, Optional<String> address) throws SignInException {
        try {
            String typed = login == null ? "" : login.strip();
            String key = "person:" + typed.toLowerCase(Locale.ROOT);
            refuseWhileHeld(key, address);
            // An empty password would make an LDAP "unauthenticated bind", which servers answer with success.
            Optional<String> dn = typed.isEmpty() || password.length == 0 ? Optional.empty()
                    : credentials.verifyPerson(typed, password);
            if (dn.isEmpty()) {
                throw failed(key, address);
            }
            signedIn(key);
            return views.actorFor(dn.get(), ActorKind.PERSON);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The command line's: a bind with the password the conf gives the service principal. */
    public Actor servicePrincipal(String name) throws SignInException {
        Optional<ServicePrincipal> sp = principal(name);
        return servicePrincipal(name, sp.map(p -> p.password().toCharArray()).orElse(new char[0]), Optional.empty());
    }

    /**
     * HTTP Basic: a bind as the named service principal's DN with the password the caller gives, counted like a
     * person's. The password array is wiped before this returns.
     */
    public Actor servicePrincipal(String name, char[] password, Optional<String> address) throws SignInException {
        try {
            String typed = name == null ? "" : name.strip();
            String key = "service-principal:" + typed.toLowerCase(Locale.ROOT);
            refuseWhileHeld(key, address);
            Optional<ServicePrincipal> sp = principal(typed);
            if (sp.isEmpty() || password.length == 0 || !credentials.verifyDn(sp.get().dn(), password)) {
                throw failed(key, address);
            }
            signedIn(key);
            return views.actorFor(sp.get().dn(), ActorKind.SERVICE_PRINCIPAL);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * A bearer token: the service principal whose configured SHA-256 equals the token's. Every configured hash is
     * compared, each in constant time, so the answer's timing says nothing about which came close. A failure counts
     * against the address only: a token names no account to lock.
     */
    public Actor bearer(String token, Optional<String> address) throws SignInException {
        refuseWhileHeld(null, address);
        byte[] given = sha256(token == null ? "" : token);
        ServicePrincipal found = null;
        for (ServicePrincipal p : principals) {
            if (p.tokenSha256().isPresent() && MessageDigest.isEqual(p.tokenSha256().get(), given) && found == null) {
                found = p;
            }
        }
        if (found == null) {
            throw failed(null, address);
        }
        return views.actorFor(found.dn(), ActorKind.SERVICE_PRINCIPAL);
    }

    /** The SHA-256 of a token's UTF-8 bytes, as the conf's {@code apiTokenSha256} holds it in hex. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private Optional<ServicePrincipal> principal(String name) {
        String typed = name == null ? "" : name.strip();
        return principals.stream().filter(p -> p.name().equals(typed)).findFirst();
    }

    private void refuseWhileHeld(String key, Optional<String> address) throws SignInException {
        if (key != null && lockedOut(key, MAX_FAILURES)) {
            throw new SignInException();
        }
        if (address.isPresent() && addressHeld(addressKey(address.get()))) {
            throw new SignInException();
        }
    }

    private boolean lockedOut(String key, int max) {
        Optional<Instant> last = store.lastFailedSignIn(key);
        return last.isPresent() && !expired(last.get()) && store.failedSignIns(key) >= max;
    }

    /* Locked out, or still inside the back-off after its last failure: 1 s after the sixth, doubling up to a minute. */
    private boolean addressHeld(String key) {
        Optional<Instant> last = store.lastFailedSignIn(key);
        if (last.isEmpty() || expired(last.get())) {
            return false;
        }
        int failures = store.failedSignIns(key);
        if (failures >= ADDRESS_MAX_FAILURES) {
            return true;
        }
        if (failures < ADDRESS_FREE_FAILURES) {
            return false;
        }
        Duration wait = Duration.ofSeconds(1L << Math.min(failures - ADDRESS_FREE_FAILURES, 6));
        wait = wait.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : wait;
        return last.get().plus(wait).isAfter(clock.instant());
    }

    private static String addressKey(String address) {
        return "address:" + address.toLowerCase(Locale.ROOT);
    }

    private boolean expired(Instant lastFailure) {
        return !lastFailure.plus(LOCKOUT).isAfter(clock.instant());
    }

    private SignInException failed(String key, Optional<String> address) {
        if (key != null) {
            count(key);
        }
        address.ifPresent(a -> count(addressKey(a)));
        return new SignInException();
    }

    private void count(String key) {
        // Failures older than a lock-out start a new count: five typos a day never lock anyone out.
        store.lastFailedSignIn(key).filter(this::expired).ifPresent(last -> store.clearFailedSignIns(key));
        store.recordFailedSignIn(key, clock.instant());
    }

    private void signedIn(String key) {
        if (store.lastFailedSignIn(key).isPresent()) {
            store.clearFailedSignIns(key);
        }
    }
}
