package io.groupbridge.selfservice;

import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
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
 * with its configured credentials. Every failure looks the same from outside ({@link SignInException}) and is
 * counted in the store under the login as typed, whether or not such an account exists.
 *
 * <p>After {@link #MAX_FAILURES} failures in a row for one login, that login is locked out for {@link #LOCKOUT}
 * after its last failure: an attempt then fails alike without a bind, so guessing goes no faster than five tries
 * per quarter hour, and the answer still says nothing about whether the account exists. The lock ends on its own;
 * a successful sign-in clears the count. An attacker can lock a person out that way for as long as they keep
 * trying, which is the price of slowing the guessing (Entra's smart lock-out makes the same trade).
 */
public final class SignIn {

    private final Credentials credentials;
    private final SelfServiceStore store;
    private final SelfServiceViews views;
    private final List<ServicePrincipal> principals;
    private final Clock clock;

    /** Failures in a row that lock a login out. */
    static final int MAX_FAILURES = 5;
    /** How long a locked-out login stays locked after its last failure. */
    static final Duration LOCKOUT = Duration.ofMinutes(15);

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
        try {
            String typed = login == null ? "" : login.strip();
            String key = typed.toLowerCase(Locale.ROOT);
            if (lockedOut(key)) {
                throw new SignInException();
            }
            // An empty password would make an LDAP "unauthenticated bind", which servers answer with success.
            Optional<String> dn = typed.isEmpty() || password.length == 0 ? Optional.empty()
                    : credentials.verifyPerson(typed, password);
            if (dn.isEmpty()) {
                throw failed(key);
            }
            signedIn(key);
            return views.actorFor(dn.get(), ActorKind.PERSON);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public Actor servicePrincipal(String name) throws SignInException {
        String typed = name == null ? "" : name.strip();
        String key = ("service-principal:" + typed).toLowerCase(Locale.ROOT);
        if (lockedOut(key)) {
            throw new SignInException();
        }
        Optional<ServicePrincipal> sp = principals.stream().filter(p -> p.name().equals(typed)).findFirst();
        if (sp.isEmpty() || !credentials.verifyDn(sp.get().dn(), sp.get().password().toCharArray())) {
            throw failed(key);
        }
        signedIn(key);
        return views.actorFor(sp.get().dn(), ActorKind.SERVICE_PRINCIPAL);
    }

    private boolean lockedOut(String key) {
        Optional<Instant> last = store.lastFailedSignIn(key);
        return last.isPresent() && !expired(last.get()) && store.failedSignIns(key) >= MAX_FAILURES;
    }

    private boolean expired(Instant lastFailure) {
        return !lastFailure.plus(LOCKOUT).isAfter(clock.instant());
    }

    private SignInException failed(String key) {
        // Failures older than a lock-out start a new count: five typos a day never lock anyone out.
        store.lastFailedSignIn(key).filter(this::expired).ifPresent(last -> store.clearFailedSignIns(key));
        store.recordFailedSignIn(key, clock.instant());
        return new SignInException();
    }

    private void signedIn(String key) {
        if (store.lastFailedSignIn(key).isPresent()) {
            store.clearFailedSignIns(key);
        }
    }
}
