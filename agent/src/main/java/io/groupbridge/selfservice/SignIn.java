package io.groupbridge.selfservice;

import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Proves who acts (spec A16): a person by an LDAP bind with their own DN and password, a service principal by a bind
 * with its configured credentials. Every failure looks the same from outside ({@link SignInException}) and is
 * counted in the store under the login as typed, whether or not such an account exists.
 */
public final class SignIn {

    private final Credentials credentials;
    private final SelfServiceStore store;
    private final SelfServiceActions actions;
    private final List<ServicePrincipal> principals;
    private final Clock clock;

    public SignIn(Credentials credentials, SelfServiceStore store, SelfServiceActions actions,
            List<ServicePrincipal> principals, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.store = Objects.requireNonNull(store, "store");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.principals = List.copyOf(principals);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The password array is wiped before this returns. */
    public Actor person(String login, char[] password) throws SignInException {
        try {
            String typed = login == null ? "" : login.strip();
            // An empty password would make an LDAP "unauthenticated bind", which servers answer with success.
            Optional<String> dn = typed.isEmpty() || password.length == 0 ? Optional.empty()
                    : credentials.verifyPerson(typed, password);
            if (dn.isEmpty()) {
                throw failed(typed);
            }
            return actions.actorFor(dn.get(), ActorKind.PERSON);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public Actor servicePrincipal(String name) throws SignInException {
        String typed = name == null ? "" : name.strip();
        Optional<ServicePrincipal> sp = principals.stream().filter(p -> p.name().equals(typed)).findFirst();
        if (sp.isEmpty() || !credentials.verifyDn(sp.get().dn(), sp.get().password().toCharArray())) {
            throw failed("service-principal:" + typed);
        }
        return actions.actorFor(sp.get().dn(), ActorKind.SERVICE_PRINCIPAL);
    }

    private SignInException failed(String loginKey) {
        store.recordFailedSignIn(loginKey.toLowerCase(Locale.ROOT), clock.instant());
        return new SignInException();
    }
}
