package io.groupbridge.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import io.groupbridge.selfservice.Credentials;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks credentials with LDAP simple binds (spec A16) on a pool of its own, whose connections are bound as the agent.
 * The person is found as the agent, with an equality filter the SDK escapes; the bind that proves the password runs on
 * a pooled connection that is bound as the agent again before anyone else gets it ({@link LdapPool#checkPassword}), so
 * no operation ever runs as the person signing in. Passwords are held as
 * bytes only for the bind and are never logged.
 */
public final class LdapCredentials implements Credentials {

    private final LdapPool signIns;
    private final String peopleBase;
    private final Filter peopleFilter;
    private final List<String> loginAttributes;

    /** @throws IllegalArgumentException when {@code peopleFilter} is not a filter */
    public LdapCredentials(LdapPool signIns, String peopleBase, String peopleFilter,
            List<String> loginAttributes) {
        this.signIns = signIns;
        this.peopleBase = peopleBase;
        try {
            this.peopleFilter = Filter.create(peopleFilter);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("people filter '" + peopleFilter + "' is not a filter", e);
        }
        this.loginAttributes = List.copyOf(loginAttributes);
    }

    @Override
    public Optional<String> verifyPerson(String login, char[] password) {
        Optional<String> dn = find(login);
        return dn.isPresent() && verifyDn(dn.get(), password) ? dn : Optional.empty();
    }

    private Optional<String> find(String login) {
        List<Filter> matches = new ArrayList<>();
        for (String attribute : loginAttributes) {
            matches.add(Filter.createEqualityFilter(attribute, login));
        }
        Filter filter = Filter.createANDFilter(peopleFilter, Filter.createORFilter(matches));
        try {
            SearchRequest request = new SearchRequest(peopleBase, SearchScope.SUB, filter, "1.1");
            // Two are enough to know the login is ambiguous.
            request.setSizeLimit(2);
            SearchResult result = signIns.search(request);
            return result.getEntryCount() == 1 ? Optional.of(result.getSearchEntries().get(0).getDN())
                    : Optional.empty();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return Optional.empty();
            }
            if (!ResultCode.isConnectionUsable(e.getResultCode())) {
                throw new IllegalStateException(signIns.unavailable(e).getMessage(), e);
            }
            throw new IllegalStateException("cannot search " + peopleBase + ": " + e.getExceptionMessage(), e);
        }
    }

    @Override
    public boolean verifyDn(String dn, char[] password) {
        if (password.length == 0) {
            return false;
        }
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            return signIns.checkPassword(new SimpleBindRequest(dn, bytes)).getResultCode() == ResultCode.SUCCESS;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS || e.getResultCode() == ResultCode.INVALID_DN_SYNTAX
                    || e.getResultCode() == ResultCode.NO_SUCH_OBJECT || e.getResultCode() == ResultCode.UNWILLING_TO_PERFORM
                    || e.getResultCode() == ResultCode.INAPPROPRIATE_AUTHENTICATION) {
                return false;
            }
            throw new IllegalStateException("cannot bind at " + signIns.endpoint() + ": " + e.getResultCode(), e);
        } catch (DirectoryException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }
}
