package io.groupbridge.directory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.StaticUtils;
import io.groupbridge.sync.ChangeMark;
import io.groupbridge.sync.CheckpointRejectedException;
import io.groupbridge.sync.DirectoryGroup;
import io.groupbridge.sync.DirectoryPerson;
import io.groupbridge.sync.GroupRead;
import io.groupbridge.sync.ReadWindow;
import io.groupbridge.sync.ReconcileWarnings;
import io.groupbridge.sync.SnapshotSource;
import io.groupbridge.sync.SyncException;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Streams people and groups from the directory with a {@link SearchResultListener}: each entry is mapped and handed
 * on as it arrives, never collected. With a page size, the search walks simple-paged-results pages (servers cap
 * unpaged results); with page size 0 it asks for everything in one search, which UnboundID's in-memory server
 * answers faster because it re-scans its entries for every page.
 *
 * <p>An incremental read filters on {@code modifyTimestamp}, or on the change sequence number of the mapping's
 * profile (Active Directory's {@code uSNChanged}). Where the server offers RFC 4533 content synchronisation and the
 * mapping keys by {@code entryUUID}, an incremental read is a refresh from the stored cookies instead, which also
 * reports deletions (see {@link ContentSync}); a full read then takes the cookies before it starts, so that changes
 * made while it reads are refreshed again. Group attributes that the server returns in ranges are completed
 * before the entry is mapped (see {@link RangedValues}).
 */
public final class LdapSnapshotSource implements SnapshotSource {

    /*
     * The change-time attribute an incremental read filters on (spec Y2). OpenLDAP, 389-DS and the embedded server
     * maintain it, and Active Directory answers it as an alias of whenChanged.
     */
    private static final String MODIFY_TIMESTAMP = "modifyTimestamp";
    // Active Directory's root DSE attribute for the latest change number the server committed.
    private static final String HIGHEST_COMMITTED_USN = "highestCommittedUSN";

    private final LdapPool reads;
    private final EntryMapper mapper;
    private final Search people;
    private final Search groups;
    private final int pageSize;
    // Whether the server offers content synchronisation, from its root DSE at the first read; null until then.
    private Boolean contentSync;

    /** A base and filter to search; the filter was checked when the source was made. */
    public record Search(String base, Filter filter) {
        /** @throws IllegalArgumentException naming the filter when it does not parse */
        public static Search of(String base, String filter) {
            try {
                return new Search(base, Filter.create(filter));
            } catch (LDAPException e) {
                throw new IllegalArgumentException("'" + filter + "' is not an LDAP filter: " + e.getExceptionMessage(), e);
            }
        }
    }

    /**
     * @param reads the pool a read borrows its connections from: one for each search, from its first page to its
     *     last, and one more for the ranged values of a group search
     */
    public LdapSnapshotSource(LdapPool reads, EntryMapper mapper, Search people, Search groups, int pageSize) {
        this.reads = reads;
        this.mapper = mapper;
        this.people = people;
        this.groups = groups;
        this.pageSize = pageSize;
    }

    @Override
    public Origin origin() {
        return new Origin(reads.bindDn(), people.base(), people.filter().toString(), groups.base(),
                groups.filter().toString());
    }

    @Override
    public void readPeople(Consumer<DirectoryPerson> consumer, ReconcileWarnings warnings, ReadWindow window)
            throws SyncException {
        stream("read people", ReadWindow.Entries.PEOPLE, people, mapper.personAttributes(), window, null,
                ChangeMark.SyncCookies::people,
                ChangeMark.SyncCookies::withPeople,
                e -> mapper.person(e, warnings).map(p -> {
                    consumer.accept(p);
                    return p;
                }).isPresent());
    }

    @Override
    public void readGroups(Consumer<GroupRead> consumer, ReconcileWarnings warnings, ReadWindow window)
            throws SyncException {
        try (RangedValues ranges = new RangedValues(reads)) {
            stream("read groups", ReadWindow.Entries.GROUPS, groups, mapper.groupAttributes(), window, ranges,
                    ChangeMark.SyncCookies::groups,
                    ChangeMark.SyncCookies::withGroups,
                    e -> mapper.groupRead(e, warnings).map(g -> {
                        consumer.accept(g);
                        return g;
                    }).isPresent());
        }
    }

    /**
     * @param entries which search this is, for the deletions the server reports to it
     * @param ranges completes ranged attributes, or null where none are expected
     * @param cookieOf this search's cookie among the stored ones
     * @param withCookie the cookies with this search's replaced
     */
    private void stream(String phase, ReadWindow.Entries entries, Search search, String[] attributes,
            ReadWindow window, RangedValues ranges,
            Function<ChangeMark.SyncCookies, String> cookieOf,
            BiFunction<ChangeMark.SyncCookies, String, ChangeMark.SyncCookies> withCookie,
            Function<Entry, Boolean> handler) throws SyncException {
        Optional<String> sequence = mapper.changeSequenceAttribute();
        String changeAttribute = sequence.orElse(MODIFY_TIMESTAMP);
        // Off once content sync is in use: the server's cookies are then the checkpoint, not the entries' times.
        boolean[] observeChanges = {true};
        Forwarder forwarder = new Forwarder(entry -> {
            if (observeChanges[0]) {
                changeMark(entry, sequence).ifPresent(window::observe);
            }
            return handler.apply(ranges == null ? entry : complete(ranges, entry));
        });
        String[] requested = Arrays.copyOf(attributes, attributes.length + 1);
        requested[attributes.length] = changeAttribute;
        Filter filter = window.since().flatMap(since -> changedSince(since, changeAttribute))
                .map(changed -> Filter.createANDFilter(search.filter(), changed))
                .orElse(search.filter());
        try (LdapPool.Lease lease = reads.borrow()) {
            LDAPConnection connection = lease.connection();
            if (usesContentSync(connection)) {
                observeChanges[0] = false;
                ChangeMark.SyncCookies cookies = window.latest().or(window::since)
                        .filter(ChangeMark.SyncCookies.class::isInstance).map(ChangeMark.SyncCookies.class::cast)
                        .orElse(ChangeMark.SyncCookies.NONE);
                Optional<String> stored = window.since().filter(ChangeMark.SyncCookies.class::isInstance)
                        .map(c -> cookieOf.apply((ChangeMark.SyncCookies) c)).filter(c -> !c.isEmpty());
                if (stored.isPresent()) {
                    String next = refresh(phase, connection, search, attributes, stored.get(), forwarder,
                            id -> window.deleted(entries, id));
                    forwarder.rethrow();
                    window.observe(withCookie.apply(cookies, next));
                    lease.finished();
                    return;
                }
                window.observe(withCookie.apply(cookies,
                        ContentSync.currentCookie(connection, search.base(), search.filter())));
            }
            if (sequence.isPresent() && window.since().orElse(null) instanceof ChangeMark.Sequence s) {
                requireNotBehind(phase, connection, s);
            }
            SearchRequest request = new SearchRequest(forwarder, search.base(), SearchScope.SUB,
                    DereferencePolicy.NEVER, 0, 0, false, filter, requested);
            ASN1OctetString cookie = null;
            do {
                if (pageSize > 0) {
                    request.setControls(new Control[] {new SimplePagedResultsControl(pageSize, cookie, true)});
                }
                SearchResult result = connection.search(request);
                forwarder.rethrow();
                cookie = nextCookie(result);
            } while (cookie != null);
            lease.finished();
        } catch (RangeReadFailure e) {
            throw new SyncException(phase, e.getMessage(), e.getCause());
        } catch (LDAPSearchException e) {
            forwarder.rethrow();
            throw new SyncException(phase, "search under " + search.base() + " failed after " + forwarder.count
                    + " entries: " + e.getResultCode() + " " + e.getExceptionMessage(), e);
        } catch (LDAPException e) {
            throw new SyncException(phase, "search under " + search.base() + " failed: " + e.getExceptionMessage(), e);
        } catch (DirectoryException e) {
            throw new SyncException(phase, e.getMessage(), e);
        }
    }

    /** A refresh from a stored cookie; a cookie the server no longer accepts means a full run is needed. */
    private static String refresh(String phase, LDAPConnection connection, Search search, String[] attributes,
            String cookie, Forwarder forwarder, Consumer<String> deleted)
            throws LDAPException, CheckpointRejectedException {
        try {
            return ContentSync.refresh(connection, search.base(), search.filter(), attributes, cookie,
                    forwarder::searchEntryReturned, deleted);
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.E_SYNC_REFRESH_REQUIRED) {
                throw e;
            }
            throw new CheckpointRejectedException(phase, "the directory refuses to refresh under " + search.base()
                    + " from the stored content-sync cookie (e-syncRefreshRequired: restored from a backup, or the"
                    + " cookie is older than its session log)", e);
        }
    }

    /**
     * Active Directory's root DSE names the highest update sequence number it has committed. Below the checkpoint,
     * the server was restored from a backup (or it is another domain controller with its own numbers): its next
     * changes get numbers the incremental filter would skip until they pass the checkpoint.
     */
    private static void requireNotBehind(String phase, LDAPConnection connection, ChangeMark.Sequence checkpoint)
            throws LDAPException, CheckpointRejectedException {
        Entry root = connection.getEntry("", HIGHEST_COMMITTED_USN);
        Long highest = root == null ? null : root.getAttributeValueAsLong(HIGHEST_COMMITTED_USN);
        if (highest != null && highest < checkpoint.number()) {
            throw new CheckpointRejectedException(phase, "the directory's " + HIGHEST_COMMITTED_USN + " " + highest
                    + " is behind the checkpoint's " + checkpoint.number() + " (restored from an older backup, or"
                    + " another domain controller?)", null);
        }
    }

    private boolean usesContentSync(LDAPConnection connection) throws LDAPException {
        if (contentSync == null) {
            contentSync = mapper.keysByEntryUuid() && ContentSync.offeredBy(connection);
        }
        return contentSync;
    }

    private static Optional<ChangeMark> changeMark(Entry entry, Optional<String> sequence) {
        if (sequence.isPresent()) {
            Long number = entry.getAttributeValueAsLong(sequence.get());
            return Optional.ofNullable(number).map(ChangeMark.Sequence::new);
        }
        Date modified = entry.getAttributeValueAsDate(MODIFY_TIMESTAMP);
        return Optional.ofNullable(modified).map(d -> new ChangeMark.Timestamp(d.toInstant()));
    }

    /**
     * @return the filter for entries changed at or after {@code since}, or only after it once it is settled; empty,
     *     so that everything is read, when the checkpoint is of another kind than this source tracks (the profile
     *     changed since it was stored)
     */
    private static Optional<Filter> changedSince(ChangeMark since, String changeAttribute) {
        if (since instanceof ChangeMark.Timestamp t && changeAttribute.equals(MODIFY_TIMESTAMP)) {
            String at = StaticUtils.encodeGeneralizedTime(Date.from(t.at()));
            // LDAP has no "greater than": not at or before it.
            return Optional.of(t.settled()
                    ? Filter.createNOTFilter(Filter.createLessOrEqualFilter(MODIFY_TIMESTAMP, at))
                    : Filter.createGreaterOrEqualFilter(MODIFY_TIMESTAMP, at));
        }
        if (since instanceof ChangeMark.Sequence s && !changeAttribute.equals(MODIFY_TIMESTAMP)) {
            return Optional.of(Filter.createGreaterOrEqualFilter(changeAttribute, Long.toString(s.number())));
        }
        return Optional.empty();
    }

    private static Entry complete(RangedValues ranges, Entry entry) {
        try {
            return ranges.complete(entry);
        } catch (LDAPException e) {
            throw new RangeReadFailure("reading the rest of the ranged values of " + entry.getDN() + " failed: "
                    + e.getResultCode() + " " + e.getExceptionMessage(), e);
        } catch (DirectoryException e) {
            throw new RangeReadFailure(e.getMessage(), e);
        }
    }

    /** Carries a failed follow-up read of ranged values out of the search listener, which cannot throw it. */
    private static final class RangeReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RangeReadFailure(String message, Exception cause) {
            super(message, cause);
        }
    }

    private ASN1OctetString nextCookie(SearchResult result) throws LDAPException {
        if (pageSize <= 0) {
            return null;
        }
        SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
        if (response == null || !response.moreResultsToReturn()) {
            return null;
        }
        return response.getCookie();
    }

    /**
     * Hands entries on as they arrive. A failure in the consumer (the store) is kept and rethrown once the search
     * call returns, since the SDK does not let a listener abort a search by throwing.
     */
    private static final class Forwarder implements SearchResultListener {
        private static final long serialVersionUID = 1L;
        private final transient Function<Entry, Boolean> handler;
        private transient RuntimeException failure;
        private int count;

        Forwarder(Function<Entry, Boolean> handler) {
            this.handler = handler;
        }

        @Override
        public void searchEntryReturned(SearchResultEntry entry) {
            if (failure != null) {
                return;
            }
            try {
                handler.apply(entry);
                count++;
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        @Override
        public void searchReferenceReturned(SearchResultReference reference) {
            // Referrals to other servers are not followed: groupbridge reconciles one directory.
        }

        void rethrow() {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
