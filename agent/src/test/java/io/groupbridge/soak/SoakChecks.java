package io.groupbridge.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.groupbridge.sync.Reconciler;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.JdbiException;

/**
 * The soak's invariants (issue 14, point 2), checked at every quiet point, and the ledger of what the agent
 * acknowledged that they check against. Every check counts in {@link SoakFigures}, passed or failed.
 */
final class SoakChecks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WRITTEN = Pattern.compile("\\(outbox (\\d+), try \\d+\\)");
    private static final Duration DRAIN = Duration.ofSeconds(120);
    // The conf's reconcile.maxRemovalShare (the default).
    private static final double MAX_REMOVAL_SHARE = 0.30;
    // slapd's refint, rewriting the values of 400 groups moved back on a machine at a load of 40, took over 90 s.
    private static final Duration SETTLE = Duration.ofMinutes(5);
    // How long the same values may name missing entries before they count as refint's lost work.
    private static final Duration REFINT_PATIENCE = Duration.ofSeconds(20);
    // Longer than any comparison takes, so the lease never lapses under one; short if the driver dies holding it.
    private static final Duration LEASE = Duration.ofMinutes(5);

    /** A member the agent acknowledged (a join, an approval), keyed by group id and the member's normalized DN. */
    private record Member(String groupId, String dn) {
    }

    private final SoakDirectory directory;
    private final SoakAgent agent;
    private final SoakFigures figures;
    private final PrintStream log;
    private final Map<Long, String> decisions = new HashMap<>();
    private final Set<Member> members = new HashSet<>();
    // A written-back member an administrator removed, with the outbox row that had written it.
    private final Map<Member, Long> removedWrittenBack = new HashMap<>();
    private final Set<String> disturbedGroups = new HashSet<>();
    private final Set<String> disturbedPeople = new HashSet<>();
    private Map<Long, String[]> pendingBefore = Map.of();
    private long auditBefore;
    private Set<String> knownDangling = Set.of();

    SoakChecks(SoakDirectory directory, SoakAgent agent, SoakFigures figures, PrintStream log) {
        this.directory = directory;
        this.agent = agent;
        this.figures = figures;
        this.log = log;
    }

    // ---- the ledger ---------------------------------------------------------------------------------------------

    void expectMember(String groupId, String dn) {
        Member m = new Member(groupId, norm(dn));
        members.add(m);
        // Joined again through groupbridge after an administrator's removal: W5 no longer applies to it.
        removedWrittenBack.remove(m);
    }

    void left(String groupId, String dn) {
        Member m = new Member(groupId, norm(dn));
        members.remove(m);
        // groupbridge's own removal is now the value's last write: W5's drift is about a value it last added.
        removedWrittenBack.remove(m);
    }

    void decided(long request, String state) {
        decisions.put(request, state);
    }

    void disturbedPerson(String dn) {
        String n = norm(dn);
        disturbedPeople.add(n);
        members.removeIf(m -> m.dn().equals(n));
    }

    void disturbedGroup(String dn) throws Exception {
        for (String id : storeTexts("SELECT id FROM directory_group WHERE dn_norm = ?", norm(dn))) {
            disturbedGroups.add(id);
            members.removeIf(m -> m.groupId().equals(id));
            removedWrittenBack.keySet().removeIf(m -> m.groupId().equals(id));
        }
        disturbedGroups.add(norm(dn));
    }

    void disturbedMember(String groupDn, String value) throws Exception {
        String n = norm(value);
        for (String id : storeTexts("SELECT id FROM directory_group WHERE dn_norm = ?", norm(groupDn))) {
            members.remove(new Member(id, n));
        }
    }

    void writtenBackRemoved(String groupId, String value, long outboxId) {
        members.remove(new Member(groupId, norm(value)));
        removedWrittenBack.put(new Member(groupId, norm(value)), outboxId);
    }

    String currentGroupDn(String groupId) throws Exception {
        List<String> dns = storeTexts("SELECT dn FROM directory_group WHERE id = ? AND state = 'active'", groupId);
        return dns.isEmpty() ? null : dns.get(0);
    }

    // ---- checks -------------------------------------------------------------------------------------------------

    void check(String invariant, boolean held, Supplier<String> detail) {
        String d = held ? "" : detail.get();
        if (!held) {
            log.println("soak: VIOLATION " + invariant + ": " + d);
        }
        figures.check(invariant, held, d);
    }

    void violation(String invariant, String detail) {
        check(invariant, false, () -> detail);
    }

    void noStackTrace(String what, String output) {
        check("no stack trace in an answer", !output.contains("\tat ") && !output.contains("Exception in thread"),
                () -> what + " printed: " + output);
    }

    /** Waits for the agent to be quiet, runs a full reconcile twice and checks every invariant. */
    void quietPoint() throws Exception {
        figures.quietPoint();
        if (!agent.alive()) {
            violation("daemon up", "the daemon was not running at a quiet point; see daemon.log");
            agent.start();
        } else {
            check("daemon up", true, () -> "");
        }
        awaitDrained();
        awaitDirectorySettled();
        reconcile("full reconcile at a quiet point succeeds");
        awaitDrained();
        Snapshot snapshot = consistentSnapshot();
        storeEqualsDirectory(snapshot.directory(), snapshot.store());
        ledger();
        pendingRequests();
        parkedRows();
        writtenOnce();
        status();
    }

    /** Store and directory read as of one moment, see {@link #consistentSnapshot()}. */
    private record Snapshot(DirectoryRead directory, Contents store) {
    }

    /**
     * People, active groups, their members and owners, keyed by lower-case entryUUID, DNs normalized.
     */
    private record Contents(Map<String, String> people, Map<String, String> groups,
            Map<String, Set<String>> members, Map<String, Set<String>> owners) {
    }

    /** The directory's contents and the groups in it that hold a member value twice. */
    private record DirectoryRead(Contents contents, List<String> twice) {
    }

    /**
     * Store and directory as of one moment. The directory is read before a full reconcile and twice after it, the
     * store twice between those two reads, while the driver holds the daemon's reconcile lease; all three directory
     * reads and both store reads must agree, else something changed under the comparison (slapd's refint rewriting
     * the values of moved entries after a pause longer than the settle wait, or the daemon's write-back) and the
     * snapshot is taken again after the next settle and full reconcile. A difference in a snapshot that passes is
     * therefore what a full reconcile over an unchanging directory left, plus whatever a daemon run did after it
     * without a change to read: the store not following the directory, which the comparison reports.
     */
    private Snapshot consistentSnapshot() throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        while (true) {
            DirectoryRead before = readDirectory();
            reconcile("full reconcile at a quiet point succeeds");
            DirectoryRead first;
            Contents store;
            DirectoryRead second;
            Contents storeAgain;
            try (ReconcilesHeld held = holdReconciles()) {
                first = readDirectory();
                store = readStore();
                second = readDirectory();
                storeAgain = readStore();
            }
            List<String> moved = new ArrayList<>();
            if (!before.contents().equals(first.contents())) {
                moved.add("the directory during the full reconcile");
            }
            if (!first.contents().equals(second.contents())) {
                moved.add("the directory while the store was read");
            }
            if (!store.equals(storeAgain)) {
                moved.add("the store while the directory was read");
            }
            if (moved.isEmpty()) {
                return new Snapshot(second, storeAgain);
            }
            figures.tally("quiet-point snapshots taken again (" + String.join(", ", moved) + " changed)", 1);
            if (Instant.now().isAfter(deadline)) {
                violation("the directory settles", "no snapshot of store and directory within " + SETTLE
                        + " in which neither changed; last: " + moved);
                return new Snapshot(second, storeAgain);
            }
            awaitDirectorySettled();
        }
    }

    /** The reconcile lease (spec Y6) as the driver holds it; closing gives it back. */
    private interface ReconcilesHeld extends AutoCloseable {
        @Override
        void close() throws Exception;
    }

    /**
     * Takes the daemon's reconcile lease, so that none of its runs changes the store while the driver reads it; a
     * run that holds it is waited out. The lease expires on its own if the driver dies holding it.
     */
    private ReconcilesHeld holdReconciles() throws Exception {
        String token = UUID.randomUUID().toString();
        String holder = "soak driver (pid " + ProcessHandle.current().pid() + "), comparing store and directory";
        Instant deadline = Instant.now().plus(DRAIN);
        while (true) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try {
                agent.store().useHandle(h -> {
                    h.createUpdate("DELETE FROM run_lease WHERE name = :name AND expires_at < :now")
                            .bind("name", Reconciler.LOCK).bind("now", now).execute();
                    h.createUpdate("INSERT INTO run_lease (name, token, holder, acquired_at, expires_at)"
                                    + " VALUES (:name, :token, :holder, :now, :expires)")
                            .bind("name", Reconciler.LOCK).bind("token", token).bind("holder", holder)
                            .bind("now", now).bind("expires", now.plus(LEASE)).execute();
                });
                break;
            } catch (JdbiException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("the daemon held its reconcile lease for over " + DRAIN, e);
                }
                Thread.sleep(200);
            }
        }
        figures.tally("comparisons made holding the daemon's reconcile lease", 1);
        return () -> agent.store().useHandle(h -> h.createUpdate("DELETE FROM run_lease WHERE token = :token")
                .bind("token", token).execute());
    }

    private void awaitDrained() throws Exception {
        Instant deadline = Instant.now().plus(DRAIN);
        List<String> pending;
        do {
            pending = storeTexts("SELECT CAST(id AS VARCHAR(20)) || ' ' || operation || ' ' || COALESCE(last_error, '')"
                    + " FROM outbox WHERE state = 'pending'");
            if (pending.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        List<String> left = pending;
        check("the outbox drains", left.isEmpty(), () -> left.size() + " rows still pending after " + DRAIN + ": "
                + left.subList(0, Math.min(5, left.size())));
    }

    /**
     * Waits until three reads of every group's members and owners a second apart agree and no member or owner value
     * names a missing entry that was not already dangling at the last quiet point. slapd's refint overlay rewrites
     * the values that name a renamed or deleted entry in a thread of its own, after the modify DN or delete has
     * answered, in bursts; after hundreds of moves (a staged mass deletion moved back) it is still at work when the
     * quiet point starts, and while it is, values name the entries' old DNs. The same values dangling for
     * {@link #REFINT_PATIENCE} are taken as refint's lost work (slapd stopped with its queue
     * full) and become the new baseline: the store keeps dangling values too, so they still compare.
     */
    private void awaitDirectorySettled() throws Exception {
        Instant started = Instant.now();
        Instant deadline = started.plus(SETTLE);
        GroupValues previous = groupValues();
        Instant unchangedSince = Instant.now();
        int same = 0;
        Set<String> fresh = Set.of();
        Instant freshSince = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            GroupValues now = groupValues();
            if (now.digest() == previous.digest()) {
                same++;
            } else {
                same = 0;
                unchangedSince = Instant.now();
            }
            previous = now;
            if (same >= 2) {
                Set<String> dangling = missingEntries(now.named());
                Set<String> unknown = new TreeSet<>(dangling);
                unknown.removeAll(knownDangling);
                if (!unknown.equals(fresh)) {
                    fresh = unknown;
                    freshSince = Instant.now();
                }
                boolean patienceOver = Duration.between(freshSince, Instant.now()).compareTo(REFINT_PATIENCE) >= 0;
                if (fresh.isEmpty() || patienceOver) {
                    if (!fresh.isEmpty()) {
                        figures.tally("values left naming a missing entry after refint's patience", fresh.size());
                    }
                    knownDangling = dangling;
                    figures.tally("seconds waited for the directory to settle, all quiet points",
                            (int) Duration.between(started, Instant.now()).toSeconds());
                    return;
                }
            }
        }
        Duration unchanged = Duration.between(unchangedSince, Instant.now());
        Set<String> named = fresh;
        violation("the directory settles", "after " + SETTLE + " the groups' values last changed "
                + unchanged.toSeconds() + " s ago and " + named.size() + " values name a missing entry, e.g. "
                + named.stream().limit(3).toList());
    }

    /** A digest of every group's member, uniqueMember and owner values, and the DNs those values name. */
    private record GroupValues(int digest, Set<String> named) {
    }

    private GroupValues groupValues() throws LDAPException {
        int digest = 0;
        Set<String> named = new HashSet<>();
        try (LDAPConnection c = directory.connect()) {
            for (SearchResultEntry e : c.search(Soak.BASE, SearchScope.SUB,
                    "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))", "member", "uniqueMember",
                    "owner").getSearchEntries()) {
                int entry = norm(e.getDN()).hashCode();
                for (String a : List.of("member", "uniqueMember", "owner")) {
                    String[] values = e.getAttributeValues(a);
                    if (values != null) {
                        for (String v : values) {
                            String n = norm(v);
                            named.add(n);
                            entry += 31 * (a + "=" + n).hashCode();
                        }
                    }
                }
                digest += entry * 17 + 1;
            }
        }
        return new GroupValues(digest, named);
    }

    /** The DNs among {@code named} that no entry of the directory has. */
    private Set<String> missingEntries(Set<String> named) throws LDAPException {
        Set<String> missing = new HashSet<>(named);
        try (LDAPConnection c = directory.connect()) {
            for (SearchResultEntry e : c.search(Soak.BASE, SearchScope.SUB, "(objectClass=*)", "1.1")
                    .getSearchEntries()) {
                missing.remove(norm(e.getDN()));
            }
        }
        return missing;
    }

    /** {@code groupbridge reconcile}; a reconcile lease held by the daemon's own run is waited out. */
    private SoakAgent.Run reconcileRun() throws Exception {
        SoakAgent.Run run = null;
        for (int i = 0; i < 20; i++) {
            run = agent.cli("reconcile");
            if (run.exit() != 75 || !run.both().contains("holds the lock")) {
                return run;
            }
            Thread.sleep(1000);
        }
        return run;
    }

    private void reconcile(String invariant) throws Exception {
        SoakAgent.Run run = reconcileRun();
        noStackTrace("reconcile", run.both());
        check(invariant, run.exit() == 0, () -> "exit " + run.exit() + ": " + run.both());
    }

    private DirectoryRead readDirectory() throws LDAPException {
        Map<String, String> people = new TreeMap<>();
        Map<String, String> groups = new TreeMap<>();
        Map<String, Set<String>> members = new TreeMap<>();
        Map<String, Set<String>> owners = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        try (LDAPConnection c = directory.connect()) {
            for (SearchResultEntry e : c.search(Soak.PEOPLE, SearchScope.SUB, "(objectClass=inetOrgPerson)",
                    "entryUUID").getSearchEntries()) {
                people.put(lower(e.getAttributeValue("entryUUID")), norm(e.getDN()));
            }
            for (SearchResultEntry e : c.search(Soak.GROUPS, SearchScope.SUB,
                    "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))", "entryUUID", "member",
                    "uniqueMember", "owner").getSearchEntries()) {
                String id = lower(e.getAttributeValue("entryUUID"));
                groups.put(id, norm(e.getDN()));
                List<String> values = new ArrayList<>();
                for (String a : List.of("member", "uniqueMember")) {
                    String[] v = e.getAttributeValues(a);
                    if (v != null) {
                        for (String s : v) {
                            values.add(norm(s));
                        }
                    }
                }
                Set<String> set = new TreeSet<>(values);
                if (set.size() != values.size()) {
                    twice.add(e.getDN());
                }
                members.put(id, set);
                Set<String> o = new TreeSet<>();
                String[] values2 = e.getAttributeValues("owner");
                if (values2 != null) {
                    for (String s : values2) {
                        o.add(norm(s));
                    }
                }
                owners.put(id, o);
            }
        }
        return new DirectoryRead(new Contents(people, groups, members, owners), twice);
    }

    private Contents readStore() throws Exception {
        Map<String, String> people = new TreeMap<>();
        storeRows("SELECT id, dn FROM directory_person", 2).forEach(r -> people.put(lower(r[0]), norm(r[1])));
        Map<String, String> groups = new TreeMap<>();
        storeRows("SELECT id, dn FROM directory_group WHERE state = 'active'", 2)
                .forEach(r -> groups.put(lower(r[0]), norm(r[1])));
        Map<String, Set<String>> members = new TreeMap<>();
        groups.keySet().forEach(id -> members.put(id, new TreeSet<>()));
        storeRows("SELECT m.group_id, m.member_dn FROM group_member m JOIN directory_group g ON g.id = m.group_id"
                + " WHERE g.state = 'active'", 2)
                .forEach(r -> members.computeIfAbsent(lower(r[0]), k -> new TreeSet<>()).add(norm(r[1])));
        Map<String, Set<String>> owners = new TreeMap<>();
        groups.keySet().forEach(id -> owners.put(id, new TreeSet<>()));
        storeRows("SELECT o.group_id, o.owner_dn FROM group_owner o JOIN directory_group g ON g.id = o.group_id"
                + " WHERE g.state = 'active'", 2)
                .forEach(r -> owners.computeIfAbsent(lower(r[0]), k -> new TreeSet<>()).add(norm(r[1])));
        return new Contents(people, groups, members, owners);
    }

    /** The store's active groups, their owners and members, and its people are the directory's (one snapshot). */
    private void storeEqualsDirectory(DirectoryRead read, Contents store) throws Exception {
        Contents ldap = read.contents();
        List<String> twice = read.twice();
        check("no member value twice in the directory (exactly once)", twice.isEmpty(),
                () -> twice.size() + " groups hold a member twice: " + twice);
        check("store equals directory: people", store.people().equals(ldap.people()),
                () -> difference(store.people(), ldap.people()));
        check("store equals directory: groups", store.groups().equals(ldap.groups()),
                () -> difference(store.groups(), ldap.groups()));
        check("store equals directory: members", store.members().equals(ldap.members()),
                () -> difference(store.members(), ldap.members()));
        check("store equals directory: owners", store.owners().equals(ldap.owners()),
                () -> difference(store.owners(), ldap.owners()));
        for (Member m : members) {
            Set<String> in = ldap.members().get(lower(m.groupId()));
            check("approved or joined member is in the directory", in != null && in.contains(m.dn()),
                    () -> m + " is not in the directory's group; " + history(m));
        }
        for (Member m : removedWrittenBack.keySet()) {
            Set<String> in = ldap.members().get(lower(m.groupId()));
            check("a written-back member removed outside stays removed (W5)", in == null || !in.contains(m.dn()),
                    () -> m + " was added again after an administrator removed it; " + history(m));
        }
    }

    /** What the store knows of a member, for a violation's detail: its row, its outbox rows, its audit events. */
    private String history(Member m) {
        try {
            List<String> rows = storeTexts("SELECT member_dn FROM group_member WHERE group_id = ?", m.groupId());
            boolean stored = rows.stream().map(SoakChecks::norm).anyMatch(m.dn()::equals);
            List<String> outbox = new ArrayList<>();
            for (String[] r : storeRows("SELECT CAST(id AS VARCHAR(20)), operation, state, value_dn,"
                    + " CAST(attempts AS VARCHAR(10)), COALESCE(last_error, ''), CAST(created_at AS VARCHAR(40)),"
                    + " COALESCE(CAST(done_at AS VARCHAR(40)), '') FROM outbox WHERE group_id = ? ORDER BY id", 8,
                    m.groupId())) {
                if (r[3] != null && norm(r[3]).equals(m.dn())) {
                    outbox.add(String.join(" ", r[0], r[1], r[2], "attempts " + r[4], r[5], r[6], "->", r[7]));
                }
            }
            List<String> audit = new ArrayList<>();
            for (String[] r : storeRows("SELECT CAST(occurred_at AS VARCHAR(40)), action_name, outcome,"
                    + " COALESCE(target_dn, ''), COALESCE(detail, '') FROM audit_event WHERE group_id = ? ORDER BY id",
                    5, m.groupId())) {
                if (norm(r[3]).equals(m.dn())) {
                    audit.add(String.join(" ", r[0], r[1], r[2], r[4]));
                }
            }
            return "in the store: " + stored + "; outbox " + outbox + "; audit " + audit;
        } catch (Exception e) {
            return "history unavailable: " + e;
        }
    }

    private static <V> String difference(Map<String, V> store, Map<String, V> ldap) {
        List<String> d = new ArrayList<>();
        for (String k : new TreeSet<>(union(store.keySet(), ldap.keySet()))) {
            V s = store.get(k);
            V l = ldap.get(k);
            if (s == null ? l != null : !s.equals(l)) {
                d.add(k + ": store " + s + ", directory " + l);
            }
            if (d.size() == 5) {
                break;
            }
        }
        return d.toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    /** Every acknowledged decision is still the request's state; a W5 removal was audited as drift. */
    private void ledger() throws Exception {
        for (Map.Entry<Long, String> d : decisions.entrySet()) {
            List<String> state = storeTexts("SELECT state FROM join_request WHERE id = ?", d.getKey());
            check("acknowledged decision survives", state.equals(List.of(d.getValue())),
                    () -> "request " + d.getKey() + " was acknowledged " + d.getValue() + ", the store says " + state);
        }
        for (Map.Entry<Member, Long> w : new ArrayList<>(removedWrittenBack.entrySet())) {
            Member m = w.getKey();
            if (removedSinceThroughGroupbridge(m, w.getValue())) {
                // A leave, an owner's removal or a membership's end after the administrator's removal (before a
                // reconcile saw it) made groupbridge's removal the value's last write; W5 audits only a value it
                // last added (JdbiOutbox's drift query), and nothing adds it again.
                removedWrittenBack.remove(m);
                figures.tally("W5 removals followed by a removal through groupbridge (no drift due)", 1);
                continue;
            }
            List<String> drift = storeTexts("SELECT target_dn FROM audit_event WHERE action_name = 'drift'"
                    + " AND group_id = ?", m.groupId());
            check("an outside removal of a written-back member is audited as drift (W5)",
                    drift.stream().map(SoakChecks::norm).anyMatch(m.dn()::equals),
                    () -> m + " has no drift audit event; " + history(m));
        }
    }

    /** Whether an outbox row after {@code outboxId} removes the member's value from the group. */
    private boolean removedSinceThroughGroupbridge(Member m, long outboxId) throws Exception {
        return storeTexts("SELECT value_dn FROM outbox WHERE group_id = ? AND id > ? AND operation = 'remove-member'",
                m.groupId(), outboxId).stream().map(SoakChecks::norm).anyMatch(m.dn()::equals);
    }

    /** A request pending at the last quiet point and not now was decided, withdrawn or cancelled with an audit event. */
    private void pendingRequests() throws Exception {
        Map<Long, String[]> pending = new HashMap<>();
        for (String[] r : storeRows("SELECT CAST(id AS VARCHAR(20)), group_id, requester_dn FROM join_request"
                + " WHERE state = 'pending'", 3)) {
            pending.put(Long.parseLong(r[0]), r);
        }
        for (Map.Entry<Long, String[]> was : pendingBefore.entrySet()) {
            if (pending.containsKey(was.getKey())) {
                continue;
            }
            String[] r = was.getValue();
            List<String[]> now = storeRows("SELECT requester_dn, state FROM join_request WHERE id = ?", 2,
                    was.getKey());
            Set<String> requester = new HashSet<>(List.of(norm(r[2])));
            now.forEach(n -> requester.add(norm(n[0])));
            List<String> events = storeTexts("SELECT target_dn FROM audit_event WHERE group_id = ? AND id > ?"
                    + " AND outcome <> 'refused'", r[1], auditBefore);
            check("no pending request vanishes without an audit event", !now.isEmpty()
                    && events.stream().map(SoakChecks::norm).anyMatch(requester::contains),
                    () -> "request " + was.getKey() + " (" + r[2] + ") left pending without an audit event, state "
                            + (now.isEmpty() ? "gone" : now.get(0)[1]));
        }
        pendingBefore = pending;
        auditBefore = Long.parseLong(storeTexts("SELECT CAST(COALESCE(MAX(id), 0) AS VARCHAR(20)) FROM audit_event")
                .get(0));
    }

    /** A row given up on (failed) must aim at a group or person the driver deleted or renamed under it. */
    private void parkedRows() throws Exception {
        for (String[] r : storeRows("SELECT CAST(id AS VARCHAR(20)), group_id, group_dn, COALESCE(value_dn, ''),"
                + " COALESCE(last_error, '') FROM outbox WHERE state = 'failed'", 5)) {
            boolean explained = disturbedGroups.contains(r[1]) || disturbedGroups.contains(norm(r[2]))
                    || (!r[3].isEmpty() && disturbedPeople.contains(norm(r[3])));
            check("nothing parked in the outbox that should not be", explained,
                    () -> "outbox " + r[0] + " failed: " + r[4]);
        }
    }

    /** Every outbox row the write-back reported done was written once (one done audit each). */
    private void writtenOnce() throws Exception {
        Map<String, Integer> written = new HashMap<>();
        for (String detail : storeTexts("SELECT detail FROM audit_event WHERE action_name = 'write-back'"
                + " AND outcome = 'done'")) {
            Matcher m = WRITTEN.matcher(detail);
            if (m.find()) {
                written.merge(m.group(1), 1, Integer::sum);
            }
        }
        List<String> twice = written.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        check("every outbox row written once", twice.isEmpty(), () -> "written more than once: " + twice);
    }

    /** {@code groupbridge status --json} says the daemon that runs, with its pid, is up. */
    private void status() throws Exception {
        SoakAgent.Run run = agent.cli("status", "--json");
        JsonNode s;
        try {
            s = JSON.readTree(run.out());
        } catch (Exception e) {
            violation("status is truthful", "status --json printed no JSON: " + run.both());
            return;
        }
        JsonNode daemon = s.path("daemon");
        String holder = daemon.path("holder").asText("");
        check("status is truthful", run.exit() == 0 && daemon.path("held").asBoolean()
                && holder.contains(Long.toString(agent.pid())),
                () -> "daemon pid " + agent.pid() + ", status said " + daemon);
    }

    /**
     * Stages a mass deletion: moves over 40 % of the stored active groups out of the group base, then moves them
     * back. The daemon's incremental runs meet the moves in slices while they happen; each slice under the share
     * may be removed, but never more than {@code maxRemovalShare} of the groups in all (the failsafe's window), and
     * the full reconcile after the moves stops (exit 75, the failsafe).
     */
    void failsafe(List<String> generatedGroups, Random random) throws Exception {
        int active = Integer.parseInt(storeTexts("SELECT CAST(COUNT(*) AS VARCHAR(20)) FROM directory_group"
                + " WHERE state = 'active'").get(0));
        int n = (int) Math.ceil(active * 0.4) + 1;
        if (generatedGroups.size() < n) {
            return;
        }
        List<String> moved = new ArrayList<>(generatedGroups);
        java.util.Collections.shuffle(moved, random);
        moved = moved.subList(0, n);
        try (LDAPConnection c = directory.connect()) {
            for (String dn : moved) {
                c.modifyDN(dn, new DN(dn).getRDNString(), true, Soak.ATTIC);
            }
        }
        figures.fault("mass deletion staged (groups moved out of the base)");
        SoakAgent.Run run = reconcileRun();
        int after = Integer.parseInt(storeTexts("SELECT CAST(COUNT(*) AS VARCHAR(20)) FROM directory_group"
                + " WHERE state = 'active'").get(0));
        int floor = active - (int) Math.floor(MAX_REMOVAL_SHARE * active);
        check("the failsafe stops every staged mass deletion", run.exit() == 75 && run.both().contains("failsafe")
                && after >= floor, () -> "exit " + run.exit() + ", active groups " + active + " -> " + after
                + " (at least " + floor + " must stay): " + run.both());
        figures.tally("groups removed by incremental slices of staged mass deletions", active - after);
        try (LDAPConnection c = directory.connect()) {
            for (String dn : moved) {
                String rdn = new DN(dn).getRDNString();
                c.modifyDN(rdn + "," + Soak.ATTIC, rdn, true, Soak.GROUPS);
            }
        }
    }

    // ---- store access -------------------------------------------------------------------------------------------

    List<String> storeTexts(String sql, Object... args) throws Exception {
        return agent.store().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(String.class).list();
        });
    }

    List<String[]> storeRows(String sql, int columns, Object... args) throws Exception {
        return agent.store().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.map((rs, ctx) -> {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getString(i + 1);
                }
                return row;
            }).list();
        });
    }

    static String norm(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            return lower(dn);
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
