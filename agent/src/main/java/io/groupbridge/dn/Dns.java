package io.groupbridge.dn;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import io.groupbridge.model.Dn;
import java.util.Optional;

/**
 * The one place a DN is normalized: UnboundID's RFC 4514 parser, without a schema, so that the value the reconciler
 * stores, the one an action compares and the one the conf names agree to the byte. Everything else takes a
 * {@link Dn} from here or through a port implemented with it (ArchitectureTest holds that no other class calls
 * UnboundID's normalizer).
 */
public final class Dns {

    private Dns() {
    }

    /** @return the DN with its normalized form, or empty when {@code text} is not a DN or is the empty DN */
    public static Optional<Dn> parse(String text) {
        try {
            return parsed(text);
        } catch (LDAPException e) {
            return Optional.empty();
        }
    }

    /**
     * As {@link #parse}, for callers that say why a value was refused.
     *
     * @return empty for the empty DN, which names no entry
     * @throws LDAPException when {@code text} is not a DN; its message says where it stops being one
     */
    public static Optional<Dn> parsed(String text) throws LDAPException {
        DN dn = new DN(text);
        return dn.isNullDN() ? Optional.empty() : Optional.of(new Dn(text, dn.toNormalizedString()));
    }

    /** @return the normalized form of {@code text}, or empty when it is not a DN */
    public static Optional<String> normalized(String text) {
        return parse(text).map(Dn::normalized);
    }
}
