package io.groupbridge.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import io.groupbridge.selfservice.DirectoryNames;
import java.util.Optional;

/** Builds and normalizes DNs with the LDAP SDK's parser, so special characters in names are always escaped. */
public final class LdapDirectoryNames implements DirectoryNames {

    private final DN groupBase;
    private final String nameAttribute;

    /** @throws IllegalArgumentException when {@code groupBase} is not a DN */
    public LdapDirectoryNames(String groupBase, String nameAttribute) {
        try {
            this.groupBase = new DN(groupBase);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("group base '" + groupBase + "' is not a DN", e);
        }
        this.nameAttribute = nameAttribute;
    }

    @Override
    public String groupDn(String name) {
        return new DN(new RDN(nameAttribute, name), groupBase).toString();
    }

    @Override
    public Optional<String> normalize(String text) {
        return Dns.normalized(text);
    }
}
