package io.groupbridge.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import io.groupbridge.dn.Dns;
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
    public String renamedDn(String dn, String newName) {
        try {
            DN old = new DN(dn);
            return renamedRdn(old, nameAttribute, newName).map(rdn -> new DN(rdn, old.getParent()).toString())
                    .orElse(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("'" + dn + "' is not a DN", e);
        }
    }

    /**
     * The new RDN of a group entry renamed to {@code newName} when its RDN is its name (one value of the name
     * attribute, as groupbridge creates them); empty when the RDN is something else, such as an id, and only the
     * name attribute changes.
     */
    static Optional<RDN> renamedRdn(DN dn, String nameAttribute, String newName) {
        RDN rdn = dn.getRDN();
        if (rdn == null || rdn.getAttributeNames().length != 1
                || !rdn.getAttributeNames()[0].equalsIgnoreCase(nameAttribute)) {
            return Optional.empty();
        }
        return Optional.of(new RDN(rdn.getAttributeNames()[0], newName));
    }

    @Override
    public Optional<String> normalize(String text) {
        return Dns.normalized(text);
    }
}
