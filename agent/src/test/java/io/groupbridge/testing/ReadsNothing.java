package io.groupbridge.testing;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSASLBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hides every entry from connections bound as one account, as 389-DS's default access rules do for a new account
 * without ACIs (issue 17): its searches succeed and return nothing. Other accounts read as usual.
 */
public final class ReadsNothing extends InMemoryOperationInterceptor {

    private final DN account;
    // Connections whose last bind succeeded as the account.
    private final Set<Long> blind = ConcurrentHashMap.newKeySet();

    public ReadsNothing(String account) throws LDAPException {
        this.account = new DN(account);
    }

    @Override
    public void processSimpleBindResult(InMemoryInterceptedSimpleBindResult bind) {
        if (bind.getResult().getResultCode() == ResultCode.SUCCESS && sameDn(bind.getRequest().getBindDN())) {
            blind.add(bind.getConnectionID());
        } else {
            blind.remove(bind.getConnectionID());
        }
    }

    @Override
    public void processSASLBindRequest(InMemoryInterceptedSASLBindRequest bind) {
        blind.remove(bind.getConnectionID());
    }

    @Override
    public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
        if (blind.contains(result.getConnectionID())) {
            result.setSearchEntry(null);
        }
    }

    private boolean sameDn(String dn) {
        try {
            return account.equals(new DN(dn));
        } catch (LDAPException e) {
            return false;
        }
    }
}
