package io.groupbridge.config;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import io.groupbridge.dn.Dns;

/** DN checks shared by the loader (which reports the line) and the records (which must never hold a bad DN). */
final class DistinguishedNames {

    static final String EXPECTED = "a distinguished name such as cn=Team,ou=groups,dc=example,dc=com";

    private DistinguishedNames() {
    }

    /** @throws IllegalArgumentException if the text does not parse as a non-empty DN */
    static String requireValid(String text) {
        parse(text);
        return text;
    }

    /** The form the directory adapter compares by, so that differently spelled but equal DNs compare equal. */
    static String normalize(String text) {
        return Dns.normalized(requireValid(text)).orElseThrow();
    }

    private static DN parse(String text) {
        DN dn;
        try {
            dn = new DN(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (dn.isNullDN()) {
            throw new IllegalArgumentException("the DN is empty");
        }
        return dn;
    }
}
