package io.groupbridge.directory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.IntermediateResponse;
import com.unboundid.ldap.sdk.IntermediateResponseListener;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ContentSyncDoneControl;
import com.unboundid.ldap.sdk.controls.ContentSyncInfoIntermediateResponse;
import com.unboundid.ldap.sdk.controls.ContentSyncInfoType;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestControl;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestMode;
import com.unboundid.ldap.sdk.controls.ContentSyncStateControl;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * RFC 4533 content synchronisation in refreshOnly mode, for servers whose root DSE offers it (OpenLDAP's syncprov):
 * one search with the stored cookie returns the entries added or changed since, and names the deleted ones, either
 * one by one (state delete) or in sets of entryUUIDs (syncIdSet with refreshDeletes). The cookie of the server's
 * answer is where the next refresh starts.
 *
 * <p>A server that cannot tell deletions since the cookie (OpenLDAP without a session log, or a cookie older than
 * the log) answers with a present phase instead; present entries are not changes, and the deletions it implies
 * wait for the next full reconcile. The entryUUIDs the server reports are groupbridge's ids only when the mapping
 * keys by {@code entryUUID}, so other mappings never use this.
 */
final class ContentSync {

    /** An empty result that carries the server's current cookie, so a full read knows where the next refresh starts. */
    private static final Filter NOTHING = Filter.createNOTFilter(Filter.createPresenceFilter("objectClass"));

    private ContentSync() {
    }

    static boolean offeredBy(LDAPConnection connection) throws LDAPException {
        RootDSE root = connection.getRootDSE();
        return root != null && root.supportsControl(ContentSyncRequestControl.SYNC_REQUEST_OID);
    }

    /** @return the server's cookie for this search now, base64; empty when it sent none */
    static String currentCookie(LDAPConnection connection, String base, Filter filter) throws LDAPException {
        return refresh(connection, base, Filter.createANDFilter(filter, NOTHING), new String[] {"1.1"}, null,
                entry -> { }, id -> { });
    }

    /**
     * @param cookie base64, or null for none
     * @param changed gets each added or changed entry
     * @param deleted gets the entryUUID of each deleted entry
     * @return the cookie to start the next refresh from, base64; the given one when the server sent none
     */
    static String refresh(LDAPConnection connection, String base, Filter filter, String[] attributes, String cookie,
            Consumer<SearchResultEntry> changed, Consumer<String> deleted) throws LDAPException {
        Listener listener = new Listener(changed, deleted);
        SearchRequest request = new SearchRequest(listener, base, SearchScope.SUB, filter, attributes);
        request.setIntermediateResponseListener(listener);
        ASN1OctetString given = cookie == null ? null : new ASN1OctetString(Base64.getDecoder().decode(cookie));
        request.addControl(new ContentSyncRequestControl(true, ContentSyncRequestMode.REFRESH_ONLY, given, false));
        SearchResult result = connection.search(request);
        listener.rethrow();
        ContentSyncDoneControl done = ContentSyncDoneControl.get(result);
        ASN1OctetString next = done != null && done.getCookie() != null ? done.getCookie() : listener.lastCookie;
        if (next == null) {
            return cookie == null ? "" : cookie;
        }
        return Base64.getEncoder().encodeToString(next.getValue());
    }

    /** Sorts what the server sends; a failure of the consumers is kept and rethrown after the search returns. */
    private static final class Listener implements SearchResultListener, IntermediateResponseListener {
        private static final long serialVersionUID = 1L;
        private final transient Consumer<SearchResultEntry> changed;
        private final transient Consumer<String> deleted;
        private transient RuntimeException failure;
        private transient LDAPException undecodable;
        private ASN1OctetString lastCookie;

        Listener(Consumer<SearchResultEntry> changed, Consumer<String> deleted) {
            this.changed = changed;
            this.deleted = deleted;
        }

        @Override
        public void searchEntryReturned(SearchResultEntry entry) {
            if (failure != null || undecodable != null) {
                return;
            }
            try {
                ContentSyncStateControl state = ContentSyncStateControl.get(entry);
                if (state == null) {
                    changed.accept(entry);
                    return;
                }
                if (state.getCookie() != null) {
                    lastCookie = state.getCookie();
                }
                switch (state.getState()) {
                    case ADD, MODIFY -> changed.accept(entry);
                    case DELETE -> deleted.accept(text(state.getEntryUUID()));
                    case PRESENT -> { }
                }
            } catch (LDAPException e) {
                undecodable = e;
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        @Override
        public void intermediateResponseReturned(IntermediateResponse response) {
            if (!ContentSyncInfoIntermediateResponse.SYNC_INFO_OID.equals(response.getOID())) {
                return;
            }
            try {
                ContentSyncInfoIntermediateResponse info = ContentSyncInfoIntermediateResponse.decode(response);
                if (info.getCookie() != null) {
                    lastCookie = info.getCookie();
                }
                if (info.getType() == ContentSyncInfoType.SYNC_ID_SET && info.refreshDeletes()) {
                    info.getEntryUUIDs().forEach(id -> deleted.accept(text(id)));
                }
            } catch (LDAPException e) {
                undecodable = e;
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        @Override
        public void searchReferenceReturned(SearchResultReference reference) {
            // Referrals to other servers are not followed: groupbridge reconciles one directory.
        }

        void rethrow() throws LDAPException {
            if (failure != null) {
                throw failure;
            }
            if (undecodable != null) {
                throw undecodable;
            }
        }

        /** slapd writes entryUUIDs in lower case, and that is how the store keys them. */
        private static String text(UUID id) {
            return id.toString();
        }
    }
}
