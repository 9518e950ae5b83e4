package io.groupbridge.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Completes attributes that the server returned in part. Active Directory sends at most {@code MaxValRange} values
 * (1 500 by default) of a large multi-valued attribute such as a big group's {@code member}, named with a range
 * option: {@code member;range=0-1499}. The rest comes from reads of the same entry for {@code member;range=1500-*},
 * and so on, until a returned range ends in {@code *}.
 *
 * <p>The follow-up reads use a connection of their own, borrowed at the first partial entry, because the search that
 * returned the entry is still reading its answer on the first one. Not thread-safe; close it after the search, which
 * returns the connection.
 */
final class RangedValues implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("(?i)range=(\\d+)-(\\d+|\\*)");

    private final LdapPool reads;
    private LdapPool.Lease lease;

    RangedValues(LdapPool reads) {
        this.reads = reads;
    }

    /** @return {@code entry} itself when no attribute is partial, else a copy with every attribute complete */
    Entry complete(Entry entry) throws LDAPException, DirectoryException {
        Entry complete = null;
        for (Attribute attribute : entry.getAttributes()) {
            Optional<Range> range = range(attribute);
            if (range.isEmpty()) {
                continue;
            }
            if (complete == null) {
                complete = entry.duplicate();
            }
            complete.removeAttribute(attribute.getName());
            List<byte[]> values = new ArrayList<>(Arrays.asList(attribute.getValueByteArrays()));
            String base = attribute.getBaseName();
            Range current = range.get();
            while (!current.isLast()) {
                Optional<Attribute> next = read(entry.getDN(), base + ";range=" + (current.end() + 1) + "-*");
                Optional<Range> nextRange = next.flatMap(RangedValues::range);
                if (nextRange.isEmpty()) {
                    // The entry went away or the server stopped ranging: keep what was read.
                    next.ifPresent(a -> values.addAll(Arrays.asList(a.getValueByteArrays())));
                    break;
                }
                values.addAll(Arrays.asList(next.get().getValueByteArrays()));
                current = nextRange.get();
            }
            complete.addAttribute(new Attribute(base, values.toArray(byte[][]::new)));
        }
        return complete == null ? entry : complete;
    }

    private Optional<Attribute> read(String dn, String rangedName) throws LDAPException, DirectoryException {
        if (lease == null) {
            lease = reads.borrow();
        }
        SearchResultEntry more;
        try {
            more = lease.connection().getEntry(dn, rangedName);
        } catch (LDAPException e) {
            lease.failed(e);
            throw e;
        }
        if (more == null) {
            return Optional.empty();
        }
        String base = rangedName.substring(0, rangedName.indexOf(';'));
        return more.getAttributes().stream().filter(a -> a.getBaseName().equalsIgnoreCase(base)).findFirst();
    }

    private static Optional<Range> range(Attribute attribute) {
        for (String option : attribute.getOptions()) {
            Matcher m = RANGE.matcher(option);
            if (m.matches()) {
                boolean isFinal = m.group(2).equals("*");
                return Optional.of(new Range(isFinal ? -1 : Long.parseLong(m.group(2)), isFinal));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.finished();
            lease.close();
            lease = null;
        }
    }

    private record Range(long end, boolean isLast) {
    }
}
