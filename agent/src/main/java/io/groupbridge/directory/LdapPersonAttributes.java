package io.groupbridge.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import io.groupbridge.selfservice.PersonAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a person's attributes with a base search of their entry, as the agent, for the naming policy (spec N1). The
 * DN is the search base, never part of a filter.
 */
public final class LdapPersonAttributes implements PersonAttributes {

    private final LdapPool reads;

    public LdapPersonAttributes(LdapPool reads) {
        this.reads = reads;
    }

    @Override
    public Map<String, String> read(String personDn, Set<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        try {
            SearchRequest request = new SearchRequest(personDn, SearchScope.BASE, "(objectClass=*)",
                    names.toArray(String[]::new));
            SearchResult result = reads.search(request);
            Map<String, String> values = new HashMap<>();
            if (result.getEntryCount() == 1) {
                Entry entry = result.getSearchEntries().get(0);
                for (String name : names) {
                    String value = entry.getAttributeValue(name);
                    if (value != null) {
                        values.put(name, value);
                    }
                }
            }
            return values;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Map.of();
            }
            if (!ResultCode.isConnectionUsable(e.getResultCode())) {
                throw new IllegalStateException(reads.unavailable(e).getMessage(), e);
            }
            throw new IllegalStateException("cannot read the attributes " + names + " of " + personDn + ": "
                    + e.getExceptionMessage(), e);
        }
    }
}
