package io.groupbridge.bench;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldif.LDIFReader;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.directory.EntryMapper;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.WriteBackReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The agent side of {@link Bench}, in a JVM of its own with the heap cap under test. Measures every case against
 * the directory server it is given, in one process so that baselines and groupbridge share JIT, heap and machine
 * noise, and prints one {@code RESULT} line per case as soon as the case is done.
 *
 * <p>Each case runs once to warm up, then {@code runs} times; only the setup a case needs (a fresh store, the
 * changes an incremental run is to find, the outbox rows a write-back is to send) happens outside the timed part.
 *
 * <p>Usage: {@code BenchAgent --port P --ldif FILE --work DIR --users N --groups M --runs R}
 */
public final class BenchAgent {

    static final String RESULT = "RESULT";
    private static final int[] PAGE_SIZES = {0, 1000, 10_000};
    private static final int CHANGES = 100;
    private static final int WRITE_BACK_GROUPS = 500;
    private static final int WRITE_BACK_PER_GROUP = 20;
    private static final int RAW_BATCH = 1000;
    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String GROUPS = "ou=groups,dc=example,dc=com";

    private final int port;
    private final Path ldif;
    private final Path work;
    private final int users;
    private final int groups;
    private final int runs;
    private final HeapWatch heap = new HeapWatch();
    private int homes;
    private int pageSize;

    private BenchAgent(int port, Path ldif, Path work, int users, int groups, int runs) {
        this.port = port;
        this.ldif = ldif;
        this.work = work;
        this.users = users;
        this.groups = groups;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        new BenchAgent(Integer.parseInt(o.get("--port")), Path.of(o.get("--ldif")), Path.of(o.get("--work")),
                Integer.parseInt(o.get("--users")), Integer.parseInt(o.get("--groups")),
                Integer.parseInt(o.get("--runs"))).runAll();
    }

    private void runAll() throws Exception {
        Files.createDirectories(work);
        rawRead();
        rawWrite();
        Path store = fullReconcile();
        try (GroupbridgeApp app = open(store)) {
            noOpReconcile(app);
            incrementalReconcile(app);
            writeBack(app);
        }
    }

    // ---- cases ----

    private void rawRead() throws Exception {
        GroupbridgeConfig config = config(newHome(0));
        EntryMapper mapper = new EntryMapper(config.mapping());
        String[] personAttributes = withModifyTimestamp(mapper.personAttributes());
        String[] groupAttributes = withModifyTimestamp(mapper.groupAttributes());
        Measured best = null;
        // One untimed pass of every variant first, so the first one measured does not pay the JIT for the others; a
        // variant three times slower than the fastest is not timed (the embedded server re-scans its entries for
        // every page, so small pages take minutes at size M and more).
        Map<Integer, Long> probe = new LinkedHashMap<>();
        for (int size : PAGE_SIZES) {
            long t = System.nanoTime();
            rawReadOnce(config, personAttributes, groupAttributes, size);
            probe.put(size, System.nanoTime() - t);
        }
        long fastest = probe.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        for (int size : PAGE_SIZES) {
            if (probe.get(size) > 3 * fastest) {
                System.err.printf(Locale.ROOT, "  raw-read page=%d not timed: its untimed pass took %,d ms%n", size,
                        probe.get(size) / 1_000_000);
                continue;
            }
            Measured m = measure("raw-read page=" + size, "entries",
                    () -> rawReadOnce(config, personAttributes, groupAttributes, size));
            emit(m, "");
            if (best == null || m.median() < best.median()) {
                best = m;
                pageSize = size;
            }
        }
        emit(best.renamed("raw-read"), "page=" + pageSize);
    }

    private long rawReadOnce(GroupbridgeConfig config, String[] personAttributes, String[] groupAttributes,
            int size) throws LDAPException {
        try (LDAPConnection c = connect()) {
            return search(c, config.directory().peopleBase(), config.directory().peopleFilter(), personAttributes,
                    size)
                    + search(c, config.directory().groupBase(), config.directory().groupFilter(), groupAttributes,
                    size);
        }
    }

    private void rawWrite() throws Exception {
        Measured m = measure("raw-write", "rows", () -> {
            Path home = newHome(pageSize);
            GroupbridgeConfig config = config(home);
            // Opening the app migrates the empty store; the timer covers only inserts and the commit.
            try (GroupbridgeApp app = GroupbridgeApp.open(config, Clock.systemUTC());
                    Handle h = app.store().jdbi().open();
                    LDIFReader reader = new LDIFReader(ldif.toFile())) {
                h.begin();
                RawRows rows = new RawRows(Instant.now());
                long rowCount = 0;
                long nanos = 0;
                Entry entry;
                while ((entry = reader.readEntry()) != null) {
                    rows.add(entry);
                    if (rows.size() >= 10 * RAW_BATCH) {
                        long t = System.nanoTime();
                        rowCount += rows.insert(h);
                        nanos += System.nanoTime() - t;
                    }
                }
                long t = System.nanoTime();
                rowCount += rows.insert(h);
                h.commit();
                nanos += System.nanoTime() - t;
                shutDown(app);
                return new Timed(rowCount, nanos);
            } finally {
                deleteTree(home);
            }
        });
        emit(m, "batch=" + RAW_BATCH);
    }

    private Path fullReconcile() throws Exception {
        Path[] last = new Path[1];
        long[] memberships = new long[1];
        Measured m = measure("full", "entries", () -> {
            if (last[0] != null) {
                deleteTree(last[0]);
            }
            Path home = newHome(pageSize);
            last[0] = home;
            try (GroupbridgeApp app = open(home)) {
                long t = System.nanoTime();
                ReconcileReport r = app.reconciler().run(false, Reconciler.Progress.NONE);
                long nanos = System.nanoTime() - t;
                check(r.peopleAdded() == r.peopleRead() && r.groupsAdded() == r.groupsRead(), "full run added all");
                memberships[0] = r.membersAdded();
                shutDown(app);
                return new Timed(r.peopleRead() + r.groupsRead(), nanos);
            }
        });
        emit(m, "memberships=" + memberships[0]);
        return last[0];
    }

    private void noOpReconcile(GroupbridgeApp app) throws Exception {
        Measured m = measure("noop", "entries", () -> {
            long t = System.nanoTime();
            ReconcileReport r = app.reconciler().run(false, Reconciler.Progress.NONE);
            long nanos = System.nanoTime() - t;
            check(r.noChanges(), "no-op run found no changes");
            return new Timed(r.peopleRead() + r.groupsRead(), nanos);
        });
        emit(m, "");
    }

    private void incrementalReconcile(GroupbridgeApp app) throws Exception {
        Reconciler.Options incremental = new Reconciler.Options(ReconcileReport.Mode.INCREMENTAL, false, false);
        SplittableRandom random = new SplittableRandom(7);
        long[] read = new long[1];
        Measured m = measure("incremental", "changes", () -> {
            try (LDAPConnection c = connect()) {
                applyRandomChanges(c, random);
            }
            long t = System.nanoTime();
            ReconcileReport r = app.reconciler().run(incremental, Reconciler.Progress.NONE);
            long nanos = System.nanoTime() - t;
            check(r.mode() == ReconcileReport.Mode.INCREMENTAL, "the run was incremental");
            check(r.peopleChanged() + r.groupsChanged() > 0, "the run found the changes");
            read[0] = r.peopleRead() + r.groupsRead();
            return new Timed(CHANGES, nanos);
        });
        emit(m, "entries read=" + read[0]);
    }

    /**
     * Raw modify and write-back send the same values: each round picks 10 000 new (group, person) pairs, adds them
     * with plain modifies, takes them out again untimed, and then has the relay add them from the outbox.
     */
    private void writeBack(GroupbridgeApp app) throws Exception {
        List<Target> targets = app.store().jdbi().withHandle(h -> h.createQuery("SELECT id, dn, member_attribute"
                        + " FROM directory_group WHERE state = 'active' ORDER BY id")
                .map((rs, ctx) -> new Target(rs.getString(1), rs.getString(2), rs.getString(3))).list());
        SplittableRandom random = new SplittableRandom(11);
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            rounds.add(pickPairs(app, targets, random, rounds));
        }
        int[] next = {0};
        Measured raw = measure("raw-modify", "memberships", () -> {
            Round round = rounds.get(next[0]++);
            try (LDAPConnection c = connect()) {
                long t = System.nanoTime();
                modify(c, round, ModificationType.ADD);
                long nanos = System.nanoTime() - t;
                modify(c, round, ModificationType.DELETE);
                return new Timed(round.size(), nanos);
            }
        });
        emit(raw, "modifies=" + rounds.get(0).values().size());
        next[0] = 0;
        Measured relay = measure("write-back", "memberships", () -> {
            Round round = rounds.get(next[0]++);
            insertOutboxRows(app, round);
            long t = System.nanoTime();
            WriteBackReport r = app.outboxRelay().run();
            long nanos = System.nanoTime() - t;
            check(r.done() == round.size(), "the relay wrote every row (" + r + ")");
            return new Timed(round.size(), nanos);
        });
        emit(relay, "");
    }

    // ---- case helpers ----

    private long search(LDAPConnection c, String base, String filter, String[] attributes,
            int size) throws LDAPException {
        long[] count = new long[1];
        SearchResultListener listener = new SearchResultListener() {
            private static final long serialVersionUID = 1L;

            @Override
            public void searchEntryReturned(SearchResultEntry entry) {
                count[0]++;
            }

            @Override
            public void searchReferenceReturned(SearchResultReference reference) {
            }
        };
        SearchRequest request = new SearchRequest(listener, base, SearchScope.SUB, filter, attributes);
        com.unboundid.asn1.ASN1OctetString cookie = null;
        do {
            if (size > 0) {
                request.setControls(new SimplePagedResultsControl(size, cookie, true));
            }
            SearchResult result = c.search(request);
            SimplePagedResultsControl response = size > 0 ? SimplePagedResultsControl.get(result) : null;
            cookie = response != null && response.moreResultsToReturn() ? response.getCookie() : null;
        } while (cookie != null);
        return count[0];
    }

    /** Half the changes rename a person's cn, half add a person to a group, all at random. */
    private void applyRandomChanges(LDAPConnection c, SplittableRandom random) throws LDAPException {
        for (int i = 0; i < CHANGES; i++) {
            if (i % 2 == 0) {
                int user = 1 + random.nextInt(users);
                c.modify(userDn(user), new Modification(ModificationType.REPLACE, "cn",
                        "User " + user + " " + random.nextInt(1_000_000)));
            } else {
                String group = groupDn(1 + random.nextInt(groups));
                Entry entry = c.getEntry(group, "objectClass");
                String attribute = entry.hasObjectClass("groupOfUniqueNames") ? "uniqueMember" : "member";
                ModifyRequest request = new ModifyRequest(group, new Modification(ModificationType.ADD, attribute,
                        userDn(1 + random.nextInt(users))));
                request.addControl(new PermissiveModifyRequestControl());
                c.modify(request);
            }
        }
    }

    private Round pickPairs(GroupbridgeApp app, List<Target> targets, SplittableRandom random, List<Round> earlier) {
        return app.store().jdbi().withHandle(h -> {
            Map<Target, List<String>> values = new LinkedHashMap<>();
            List<Target> shuffled = new ArrayList<>(targets);
            for (int i = shuffled.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Target swap = shuffled.get(i);
                shuffled.set(i, shuffled.get(j));
                shuffled.set(j, swap);
            }
            for (Target target : shuffled) {
                if (values.size() == WRITE_BACK_GROUPS) {
                    break;
                }
                Set<String> taken = new HashSet<>(h.createQuery("SELECT member_dn_norm FROM group_member"
                                + " WHERE group_id = :g")
                        .bind("g", target.id()).mapTo(String.class).list());
                earlier.forEach(r -> taken.addAll(r.values().getOrDefault(target, List.of())));
                int wanted = Math.min(WRITE_BACK_PER_GROUP, users / 2);
                if (users - taken.size() < 2 * wanted) {
                    continue;
                }
                List<String> chosen = new ArrayList<>();
                while (chosen.size() < wanted) {
                    String dn = userDn(1 + random.nextInt(users));
                    if (taken.add(dn)) {
                        chosen.add(dn);
                    }
                }
                values.put(target, chosen);
            }
            return new Round(values);
        });
    }

    private static void modify(LDAPConnection c, Round round, ModificationType type) throws LDAPException {
        for (Map.Entry<Target, List<String>> e : round.values().entrySet()) {
            ModifyRequest request = new ModifyRequest(e.getKey().dn(), new Modification(type,
                    e.getKey().memberAttribute(), e.getValue().toArray(String[]::new)));
            request.addControl(new PermissiveModifyRequestControl());
            c.modify(request);
        }
    }

    private static void insertOutboxRows(GroupbridgeApp app, Round round) {
        Instant due = Instant.now().minusSeconds(1);
        app.store().jdbi().useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO outbox (group_id, group_dn, operation, value_dn, state,"
                    + " attempts, next_attempt_at, created_at) VALUES (:g, :gdn, 'add-member', :value, 'pending', 0,"
                    + " :at, :at)");
            round.values().forEach((target, dns) -> dns.forEach(dn -> batch.bind("g", target.id())
                    .bind("gdn", target.dn()).bind("value", dn).bind("at", due).add()));
            batch.execute();
        });
    }

    // ---- measuring ----

    @FunctionalInterface
    private interface Body {
        /** Runs once; returns items done and, when the body timed itself, the nanoseconds of the timed part. */
        Object run() throws Exception;
    }

    private record Timed(long items, long nanos) {
    }

    record Measured(String name, String unit, List<Long> millis, long items, long peakUsed, long peakAfterGc) {
        long median() {
            List<Long> sorted = millis.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        Measured renamed(String newName) {
            return new Measured(newName, unit, millis, items, peakUsed, peakAfterGc);
        }
    }

    private Measured measure(String name, String unit, Body body) throws Exception {
        heap.reset();
        List<Long> millis = new ArrayList<>();
        long items = 0;
        for (int i = 0; i <= runs; i++) {
            long start = System.nanoTime();
            Object result = body.run();
            long nanos = System.nanoTime() - start;
            if (result instanceof Timed t) {
                items = t.items();
                nanos = t.nanos();
            } else {
                items = (Long) result;
            }
            long ms = nanos / 1_000_000;
            System.err.printf(Locale.ROOT, "  %-20s %s %,d ms (%,d %s)%n", name, i == 0 ? "warm-up" : "run " + i,
                    ms, items, unit);
            if (i > 0) {
                millis.add(ms);
            }
        }
        return new Measured(name, unit, millis, items, heap.peakUsedBytes(), heap.peakAfterGcBytes());
    }

    private static void emit(Measured m, String detail) {
        StringBuilder line = new StringBuilder(RESULT);
        for (Object field : List.of(m.name(), m.median(), m.millis().stream().map(String::valueOf)
                .reduce((a, b) -> a + "," + b).orElse(""), m.items(), m.unit(), m.peakUsed() >> 20,
                m.peakAfterGc() >> 20, detail)) {
            line.append('\t').append(field);
        }
        System.out.println(line);
        System.out.flush();
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

    // ---- plumbing ----

    private LDAPConnection connect() throws LDAPException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setUseSynchronousMode(true);
        LDAPConnection c = new LDAPConnection(options, "127.0.0.1", port);
        c.bind(BenchDirectoryServer.MANAGER_DN, BenchDirectoryServer.MANAGER_PASSWORD);
        return c;
    }

    private Path newHome(int page) throws IOException {
        Path home = work.resolve("home-" + homes++);
        deleteTree(home);
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/groupbridge.yaml"), "directory:\n"
                + "  url: ldap://127.0.0.1:" + port + "\n"
                + "  bindDn: " + BenchDirectoryServer.MANAGER_DN + "\n"
                + "  bindPassword: " + BenchDirectoryServer.MANAGER_PASSWORD + "\n"
                + "  pageSize: " + page + "\n", StandardCharsets.UTF_8);
        return home;
    }

    private static GroupbridgeConfig config(Path home) throws Exception {
        return new ConfigLoader(Map.of()).load(home.resolve("conf/groupbridge.yaml"));
    }

    private static GroupbridgeApp open(Path home) throws Exception {
        return GroupbridgeApp.open(config(home), Clock.systemUTC());
    }

    private static String[] withModifyTimestamp(String[] attributes) {
        String[] result = Arrays.copyOf(attributes, attributes.length + 1);
        result[attributes.length] = "modifyTimestamp";
        return result;
    }

    private static String userDn(int user) {
        return String.format(Locale.ROOT, "uid=user%07d,%s", user, PEOPLE);
    }

    private static String groupDn(int group) {
        return String.format(Locale.ROOT, "cn=group%06d,%s", group, GROUPS);
    }

    /**
     * Shuts the embedded store down now: left to the pool, the last connection's close does it on a pool thread,
     * writing a large store out while the next case runs, and into the folder being deleted.
     */
    private static void shutDown(GroupbridgeApp app) {
        app.store().jdbi().useHandle(h -> h.execute("SHUTDOWN"));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            // The store may still be removing its own temporary files as it shuts down.
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private record Target(String id, String dn, String memberAttribute) {
    }

    private record Round(Map<Target, List<String>> values) {
        int size() {
            return values.values().stream().mapToInt(List::size).sum();
        }
    }

    /**
     * The rows a full reconcile stores for the entries read so far, in the store's schema, prepared outside the
     * timer (parsing and DN normalization are the reconcile's work, not the store's).
     */
    private static final class RawRows {
        private final Instant now;
        private final List<String[]> people = new ArrayList<>();
        private final List<String[]> groupRows = new ArrayList<>();
        private final List<String[]> owners = new ArrayList<>();
        private final List<String[]> members = new ArrayList<>();

        RawRows(Instant now) {
            this.now = now;
        }

        int size() {
            return people.size() + groupRows.size() + owners.size() + members.size();
        }

        void add(Entry e) throws LDAPException {
            String norm = new DN(e.getDN()).toNormalizedString();
            String id = UUID.nameUUIDFromBytes(("groupbridge:" + norm).getBytes(StandardCharsets.UTF_8)).toString();
            if (e.hasObjectClass("inetOrgPerson")) {
                people.add(new String[] {id, e.getDN(), norm, e.getAttributeValue("uid"), e.getAttributeValue("cn"),
                        e.getAttributeValue("mail"), e.getAttributeValue("uid"), e.getAttributeValue("mail")});
            } else if (e.hasObjectClass("groupOfNames") || e.hasObjectClass("groupOfUniqueNames")) {
                String memberAttribute = e.hasObjectClass("groupOfUniqueNames") ? "uniqueMember" : "member";
                String kind = e.getAttributeValue("gbGroupKind");
                String channel = e.getAttributeValue("gbCreationChannel");
                groupRows.add(new String[] {id, e.getDN(), norm, e.getAttributeValue("cn"), e.getAttributeValue("cn"),
                        e.getAttributeValue("description"), kind == null ? "security" : kind,
                        e.getAttributeValue("mail"), e.getAttributeValue("gbMembershipRule"),
                        memberAttribute.equals("member") ? "groupOfNames" : "groupOfUniqueNames", memberAttribute,
                        channel == null ? "api" : channel});
                for (String v : values(e, "owner")) {
                    owners.add(new String[] {id, new DN(v).toNormalizedString(), v});
                }
                for (String v : values(e, memberAttribute)) {
                    members.add(new String[] {id, new DN(v).toNormalizedString(), v});
                }
            }
        }

        private static String[] values(Entry e, String attribute) {
            String[] v = e.getAttributeValues(attribute);
            return v == null ? new String[0] : v;
        }

        /** Inserts and forgets the rows held; returns how many. */
        long insert(Handle h) {
            long n = size();
            run(h, "INSERT INTO directory_person (id, dn, dn_norm, login, display_name, mail, login_key, mail_key,"
                    + " fingerprint, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, LOWER(?), LOWER(?), 0, ?, ?)",
                    people, 8);
            run(h, "INSERT INTO directory_group (id, dn, dn_norm, name, name_key, description, kind, mail,"
                    + " membership_rule, role_assignable, object_class, member_attribute, channel, policy, eligible,"
                    + " fingerprint, state, created_at, updated_at) VALUES (?, ?, ?, ?, LOWER(?), ?, ?, ?, ?, FALSE, ?,"
                    + " ?, ?, 'open', TRUE, 0, 'active', ?, ?)", groupRows, 12);
            run(h, "INSERT INTO group_owner (group_id, owner_dn_norm, owner_dn) VALUES (?, ?, ?)", owners, 3);
            run(h, "INSERT INTO group_member (group_id, member_dn_norm, member_dn) VALUES (?, ?, ?)", members, 3);
            return n;
        }

        /** {@code width} values from each row, then two timestamps when the statement has more parameters. */
        private void run(Handle h, String sql, List<String[]> rows, int width) {
            boolean stamped = sql.contains("created_at");
            PreparedBatch batch = h.prepareBatch(sql);
            for (String[] row : rows) {
                for (int i = 0; i < width; i++) {
                    batch.bind(i, row[i]);
                }
                if (stamped) {
                    batch.bind(width, now).bind(width + 1, now);
                }
                batch.add();
                if (batch.size() >= RAW_BATCH) {
                    batch.execute();
                }
            }
            if (batch.size() > 0) {
                batch.execute();
            }
            rows.clear();
        }
    }
}
