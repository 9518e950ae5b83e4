package io.groupbridge.bench;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFReader;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.directory.EntryMapper;
import io.groupbridge.fixtures.DirectoryGenerator;
import io.groupbridge.fixtures.EmbeddedDirectory;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.WriteBackReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@code scripts/bench --servers}: groupbridge against Debian's slapd and PostgreSQL on loopback (issue 13), with the
 * raw baselines of the same servers measured in the same run by their own command-line clients.
 *
 * <p>Both servers run from the local images that {@code scripts/test-images} builds, on the host's network, bound to
 * 127.0.0.1 on free ports, with their data inside the container (not a tmpfs), and are removed at the end. slapd gets
 * the generated directory by {@code slapadd} before it starts, with the indexes a production directory has.
 *
 * <p>The raw baselines are whole client processes timed inside the server's container (so {@code docker exec} is not
 * in the figure): {@code ldapsearch} of people and groups with the attributes groupbridge asks for, {@code psql \copy}
 * of the same rows into a minimal two-table schema and into groupbridge's own, {@code ldapmodify} of 1 000 member
 * adds. The groupbridge cases are whole {@code scripts/groupbridge} processes, as a user runs them, except the two
 * marked in-process, which run in this JVM on an app opened once (as the daemon holds it). After every full run the
 * store's people, groups, owners and memberships are compared with what the directory holds: a run that stored
 * something else fails the bench.
 */
final class ServerBench {

    private static final String SLAPD_IMAGE = "groupbridge-test/openldap:latest";
    private static final String POSTGRESQL_IMAGE = "groupbridge-test/postgresql:latest";
    private static final String ADMIN_DN = "cn=admin,dc=example,dc=com";
    private static final String ADMIN_PASSWORD = "admin-secret";
    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final int CHANGES = 100;
    private static final int WRITE_BACK_GROUPS = 100;
    private static final int WRITE_BACK_VALUES = 1000;
    private static final Pattern DOC_SECTION = Pattern.compile(
            "(?s)<!-- bench --servers (\\w) begin -->.*?<!-- bench --servers \\1 end -->\n?");

    private final Bench.Size size;
    private final int runs;
    private final Path work;
    private final Path doc;
    private final PrintStream out;
    private final PrintStream err;
    private final Path root = Path.of("").toAbsolutePath();
    private final String tag = Long.toString(ProcessHandle.current().pid());
    private final List<String> containers = new ArrayList<>();
    private final Map<String, Result> results = new LinkedHashMap<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private Directory expected;
    private int ldapPort;
    private int pgPort;
    private Path home;

    private ServerBench(Bench.Size size, int runs, Path work, Path doc, PrintStream out, PrintStream err) {
        this.size = size;
        this.runs = runs;
        this.work = work.toAbsolutePath();
        this.doc = doc;
        this.out = out;
        this.err = err;
    }

    /** {@code --servers [--size S|M|L] [--runs N] [--work DIR] [--doc FILE|none]}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Bench.Size size = Bench.Size.S;
        int runs = 3;
        Path work = Path.of("target", "bench");
        Path doc = Path.of("docs", "benchmarks.md");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--servers" -> {
                    continue;
                }
                case "--size" -> size = Bench.Size.valueOf(value.toUpperCase(Locale.ROOT));
                case "--runs" -> runs = Integer.parseInt(value);
                case "--work" -> work = Path.of(value);
                case "--doc" -> doc = "none".equals(value) ? null : Path.of(value);
                default -> {
                    err.println("bench: unknown argument " + args[i]);
                    err.println("usage: bench --servers [--size S|M|L] [--runs N] [--work DIR] [--doc FILE|none]");
                    return 2;
                }
            }
            i++;
        }
        ServerBench bench = new ServerBench(size, runs, work, doc, out, err);
        Thread cleanup = new Thread(bench::removeContainers);
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            bench.runAll();
        } finally {
            bench.removeContainers();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        return 0;
    }

    private void runAll() throws Exception {
        Files.createDirectories(work);
        facts.put("load at start", loadAverage());
        facts.put("when", LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES).toString());
        Path ldif = work.resolve("directory-" + size + ".ldif");
        if (!Files.exists(ldif)) {
            err.println("bench: generating " + ldif);
            new DirectoryGenerator().write(new DirectoryGenerator.Spec(size.users, size.groups,
                    size.membersPerGroup, 1L), ldif);
        }
        expected = Directory.read(ldif);
        facts.put("directory", String.format(Locale.ROOT, "%,d people, %,d groups, %,d memberships",
                expected.people.size(), expected.groups.size(), expected.memberships));
        writeCopyFiles();
        startServers(ldif);
        home = writeHome();
        GroupbridgeConfig config = new ConfigLoader(Map.of()).load(home.resolve("conf/groupbridge.yaml"));

        rawRead(config);
        rawCopy();
        oneShotCases();
        inProcessCases(config);
        oneShotAfterDaemon();

        facts.put("load at end", loadAverage());
        String table = table();
        out.print(table);
        Files.writeString(work.resolve("servers-" + size + ".md"), table, StandardCharsets.UTF_8);
        if (doc != null) {
            writeDoc(table);
            err.println("bench: wrote the table into " + doc);
        }
    }

    // ---- servers ----

    private void startServers(Path ldif) throws Exception {
        ldapPort = freePort();
        pgPort = freePort();
        Files.writeString(work.resolve("slapd.conf"), slapdConf(), StandardCharsets.UTF_8);
        String slapd = "gb-bench-slapd-" + tag;
        String pg = "gb-bench-pg-" + tag;
        err.println("bench: slapadd of " + ldif.getFileName() + ", then slapd on 127.0.0.1:" + ldapPort);
        long t = System.nanoTime();
        containers.add(slapd);
        docker("run", "-d", "--name", slapd, "--network", "host", "-v", work + ":/bench",
                "--entrypoint", "/bin/sh", SLAPD_IMAGE, "-c",
                "set -e; mkdir -p /var/lib/gb-bench; slapadd -q -f /bench/slapd.conf -l /bench/" + ldif.getFileName()
                        + "; exec slapd -f /bench/slapd.conf -h ldap://127.0.0.1:" + ldapPort + "/ -d 0");
        containers.add(pg);
        docker("run", "-d", "--name", pg, "--network", "host", "-v", work + ":/bench", "--entrypoint", "/bin/sh",
                POSTGRESQL_IMAGE, "-c", "set -e; bin=$(echo /usr/lib/postgresql/*/bin); d=$(mktemp -d);"
                        + " $bin/initdb -D $d -U postgres -A trust -E UTF8 --locale=C >/dev/null;"
                        + " exec $bin/postgres -D $d -p " + pgPort + " -c listen_addresses=127.0.0.1"
                        + " -c unix_socket_directories=$d -c shared_buffers=256MB -c max_wal_size=4GB");
        waitFor("slapd", slapd, () -> {
            try (LDAPConnection c = ldap()) {
                return c.getEntry(PEOPLE, "1.1") != null;
            }
        });
        facts.put("slapd load (slapadd) s", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t) / 1e9));
        waitFor("PostgreSQL", pg, () -> {
            try (Connection c = DriverManager.getConnection(jdbc("postgres"), "postgres", "")) {
                return true;
            }
        });
        facts.put("slapd", exec(slapd, "slapd -VV 2>&1 | head -1 | sed 's/.*slapd \\([^ ]*\\).*/\\1/'").strip());
        facts.put("PostgreSQL", exec(pg, "postgres --version 2>/dev/null || $(echo /usr/lib/postgresql/*/bin)/postgres"
                + " --version").strip());
        sql("postgres", "CREATE DATABASE raw_min", "CREATE DATABASE raw_own", "CREATE DATABASE gb_template");
        sql("raw_min", "CREATE TABLE min_entry (id INTEGER PRIMARY KEY, dn TEXT NOT NULL)",
                "CREATE TABLE min_member (group_id INTEGER NOT NULL, member_id INTEGER NOT NULL,"
                        + " PRIMARY KEY (group_id, member_id))");
        // groupbridge's schema, made by its own migrations: once into the raw COPY's database, once into the
        // template that every full run's empty store is created from.
        for (String database : List.of("raw_own", "gb_template")) {
            Path h = writeHome(database);
            try (GroupbridgeApp app = GroupbridgeApp.open(new ConfigLoader(Map.of())
                    .load(h.resolve("conf/groupbridge.yaml")), Clock.systemUTC())) {
                app.store().jdbi().useHandle(x -> x.execute("SELECT 1"));
            }
        }
    }

    private String slapdConf() {
        return """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                include /etc/ldap/schema/groupbridge.schema
                modulepath /usr/lib/ldap
                moduleload back_mdb
                moduleload syncprov
                moduleload refint
                pidfile /var/lib/gb-bench/slapd.pid
                argsfile /var/lib/gb-bench/slapd.args
                sizelimit unlimited

                database mdb
                suffix "dc=example,dc=com"
                rootdn "cn=admin,dc=example,dc=com"
                rootpw admin-secret
                directory /var/lib/gb-bench
                maxsize 17179869184
                index objectClass eq
                index uid,cn,mail eq
                index member,uniqueMember,owner eq
                index entryUUID,entryCSN eq
                index modifyTimestamp eq
                overlay refint
                refint_attributes member uniqueMember owner
                overlay syncprov
                syncprov-checkpoint 100 10
                syncprov-sessionlog 1000
                """;
    }

    private Path writeHome() throws IOException {
        return writeHome("gb");
    }

    private Path writeHome(String database) throws IOException {
        Path h = work.resolve("servers-home-" + database);
        Files.createDirectories(h.resolve("conf"));
        Files.writeString(h.resolve("conf/groupbridge.yaml"), "directory:\n"
                + "  url: ldap://127.0.0.1:" + ldapPort + "\n"
                + "  bindDn: " + ADMIN_DN + "\n"
                + "  bindPassword: " + ADMIN_PASSWORD + "\n"
                + "store:\n"
                + "  url: " + jdbc(database) + "\n"
                + "  username: postgres\n", StandardCharsets.UTF_8);
        // The conf holds the bench's throwaway passwords inline; groupbridge warns unless only its owner reads it.
        Files.setPosixFilePermissions(h.resolve("conf/groupbridge.yaml"), PosixFilePermissions.fromString("rw-------"));
        return h;
    }

    private String jdbc(String database) {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database;
    }

    // ---- raw baselines ----

    private void rawRead(GroupbridgeConfig config) throws Exception {
        EntryMapper mapper = new EntryMapper(config.mapping());
        String people = ldapsearch(config.directory().peopleBase(), config.directory().peopleFilter(),
                mapper.personAttributes());
        String groups = ldapsearch(config.directory().groupBase(), config.directory().groupFilter(),
                mapper.groupAttributes());
        measure("raw read: ldapsearch people", () -> execMillis(slapdContainer(), people));
        measure("raw read: ldapsearch groups", () -> execMillis(slapdContainer(), groups));
    }

    private String ldapsearch(String base, String filter, String[] attributes) {
        List<String> a = new ArrayList<>(Arrays.asList(attributes));
        a.add("modifyTimestamp");
        return "ldapsearch -x -LLL -o ldif-wrap=no -H ldap://127.0.0.1:" + ldapPort + " -D '" + ADMIN_DN + "' -w "
                + ADMIN_PASSWORD + " -b '" + base + "' '" + filter + "' " + String.join(" ", a) + " >/dev/null";
    }

    private void rawCopy() throws Exception {
        String min = "psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " + pgPort + " -U postgres -d raw_min"
                + " -f /bench/copy-min.sql";
        measure("raw write: psql \\copy, minimal two-table schema", () -> {
            sql("raw_min", "TRUNCATE min_entry, min_member");
            return execMillis(pgContainer(), min);
        });
        String own = "psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " + pgPort + " -U postgres -d raw_own"
                + " -f /bench/copy-own.sql";
        measure("raw write: psql \\copy, groupbridge's schema", () -> {
            sql("raw_own", "TRUNCATE group_member, group_owner, directory_group, directory_person CASCADE");
            return execMillis(pgContainer(), own);
        });
        SplittableRandom random = new SplittableRandom(3);
        measure("raw modify: ldapmodify of 1 000 member adds", () -> {
            Map<Group, List<String>> round = pickAbsent(random, false);
            writeModifyLdif(work.resolve("modify-add.ldif"), round, "add");
            writeModifyLdif(work.resolve("modify-delete.ldif"), round, "delete");
            long ms = execMillis(slapdContainer(), ldapmodify("/bench/modify-add.ldif"));
            execMillis(slapdContainer(), ldapmodify("/bench/modify-delete.ldif"));
            return ms;
        });
    }

    private String ldapmodify(String file) {
        return "ldapmodify -x -H ldap://127.0.0.1:" + ldapPort + " -D '" + ADMIN_DN + "' -w " + ADMIN_PASSWORD
                + " -f " + file + " >/dev/null";
    }

    /** CSV files of the generated directory for the two raw COPY baselines, and the psql scripts that load them. */
    private void writeCopyFiles() throws Exception {
        expected.writeCsv(work);
        Files.writeString(work.resolve("copy-min.sql"), "BEGIN;\n"
                + "\\copy min_entry FROM '/bench/min-entry.csv' WITH (FORMAT csv)\n"
                + "\\copy min_member FROM '/bench/min-member.csv' WITH (FORMAT csv)\n"
                + "COMMIT;\n", StandardCharsets.UTF_8);
        Files.writeString(work.resolve("copy-own.sql"), "BEGIN;\n"
                + "\\copy directory_person (id, dn, dn_norm, login, display_name, mail, login_key, mail_key,"
                + " fingerprint, created_at, updated_at) FROM '/bench/own-person.csv' WITH (FORMAT csv)\n"
                + "\\copy directory_group (id, dn, dn_norm, name, description, kind, mail, membership_rule,"
                + " role_assignable, object_class, member_attribute, channel, policy, eligible, fingerprint, state,"
                + " created_at, updated_at) FROM '/bench/own-group.csv' WITH (FORMAT csv)\n"
                + "\\copy group_owner (group_id, owner_dn_norm, owner_dn) FROM '/bench/own-owner.csv'"
                + " WITH (FORMAT csv)\n"
                + "\\copy group_member (group_id, member_dn_norm, member_dn) FROM '/bench/own-member.csv'"
                + " WITH (FORMAT csv)\n"
                + "COMMIT;\n", StandardCharsets.UTF_8);
    }

    // ---- groupbridge ----

    private void oneShotCases() throws Exception {
        measure("full reconcile into an empty store", () -> {
            sql("postgres", "DROP DATABASE IF EXISTS gb", "CREATE DATABASE gb TEMPLATE gb_template");
            long ms = groupbridge("full", "reconcile", "--no-writeback");
            checkStore("full");
            return ms;
        });
        measure("no-op reconcile", () -> {
            long ms = groupbridge("noop", "reconcile", "--no-writeback");
            String printed = Files.readString(work.resolve("servers-noop.out"));
            check(printed.contains("no changes"), "the no-op run found no changes: " + printed.lines().findFirst()
                    .orElse(""));
            return ms;
        });
        SplittableRandom random = new SplittableRandom(5);
        measure("full reconcile after 100 changes", () -> {
            applyChanges(random);
            long ms = groupbridge("full-changed", "reconcile", "--no-writeback");
            checkStore("full after changes");
            return ms;
        });
    }

    private void inProcessCases(GroupbridgeConfig config) throws Exception {
        try (GroupbridgeApp app = GroupbridgeApp.open(config, Clock.systemUTC())) {
            Reconciler.Options incremental = new Reconciler.Options(ReconcileReport.Mode.INCREMENTAL, false, false);
            app.reconciler().run(incremental, Reconciler.Progress.NONE);
            SplittableRandom random = new SplittableRandom(7);
            measure("incremental of 100 changes, in-process (app already open)", () -> {
                applyChanges(random);
                long t = System.nanoTime();
                ReconcileReport r = app.reconciler().run(incremental, Reconciler.Progress.NONE);
                long ms = (System.nanoTime() - t) / 1_000_000;
                check(r.peopleChanged() + r.groupsChanged() > 0, "the incremental run found the changes");
                return ms;
            });
            Map<String, String> ids = app.store().jdbi().withHandle(h -> {
                Map<String, String> m = new HashMap<>();
                h.createQuery("SELECT dn_norm, id FROM directory_group WHERE state = 'active'")
                        .map((rs, ctx) -> m.put(rs.getString(1), rs.getString(2))).list();
                return m;
            });
            SplittableRandom pick = new SplittableRandom(11);
            measure("write-back of 1 000 queued member adds, in-process (OutboxRelay.run)", () -> {
                Map<Group, List<String>> round = pickAbsent(pick, true);
                Instant due = Instant.now().minusSeconds(1);
                app.store().jdbi().useTransaction(h -> {
                    PreparedBatch batch = h.prepareBatch("INSERT INTO outbox (group_id, group_dn, operation,"
                            + " value_dn, state, attempts, next_attempt_at, created_at) VALUES (:g, :gdn,"
                            + " 'add-member', :value, 'pending', 0, :at, :at)");
                    round.forEach((g, dns) -> dns.forEach(dn -> batch.bind("g", ids.get(g.norm)).bind("gdn", g.dn)
                            .bind("value", dn).bind("at", due).add()));
                    batch.execute();
                });
                long t = System.nanoTime();
                WriteBackReport r = app.outboxRelay().run();
                long ms = (System.nanoTime() - t) / 1_000_000;
                int queued = round.values().stream().mapToInt(List::size).sum();
                check(r.done() == queued, "the relay wrote every row (" + r + ")");
                return ms;
            });
        }
    }

    private void oneShotAfterDaemon() throws Exception {
        SplittableRandom random = new SplittableRandom(13);
        measure("incremental of 100 changes, one-shot `reconcile --incremental`", () -> {
            applyChanges(random);
            long ms = groupbridge("incremental", "reconcile", "--incremental", "--no-writeback");
            String printed = Files.readString(work.resolve("servers-incremental.out"));
            check(printed.startsWith("read "), "the incremental run found the changes: " + printed.lines()
                    .findFirst().orElse(""));
            return ms;
        });
        measure("one-shot start: `groupbridge status` (gb_floor)", () -> groupbridge("status", "status"));
        SplittableRandom pick = new SplittableRandom(17);
        measure("one `members add` (signed in as the group's owner)", () -> {
            Map<Group, List<String>> one = pickAbsent(pick, true, 1, 1, Group::ownerEditable);
            Map.Entry<Group, List<String>> e = one.entrySet().iterator().next();
            String owner = e.getKey().ownerLogin;
            return groupbridge("members-add", "members", "add", e.getKey().dn, e.getValue().get(0), "--user", owner);
        });
    }

    /** Runs {@code scripts/groupbridge ARGS} with the bench's home; returns its wall milliseconds. */
    private long groupbridge(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("scripts/groupbridge").toString());
        command.addAll(List.of(args));
        return process(name, command);
    }

    /** Runs a process to its end with the bench's home; records its peak RSS; returns its wall milliseconds. */
    private long process(String name, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(work.resolve("servers-" + name + ".out").toFile())
                .redirectError(work.resolve("servers-" + name + ".err").toFile());
        pb.environment().put("GROUPBRIDGE_HOME", home.toString());
        pb.environment().put("GROUPBRIDGE_PASSWORD", EmbeddedDirectory.demoPassword());
        long t = System.nanoTime();
        Process p = pb.start();
        long peak = 0;
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterKb(status));
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        rss.merge(name, peak, Math::max);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                    + Files.readString(work.resolve("servers-" + name + ".err")).strip() + " / "
                    + Files.readString(work.resolve("servers-" + name + ".out")).strip());
        }
        return ms;
    }

    private final Map<String, Long> rss = new HashMap<>();

    private static long highWaterKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The process ended between two polls; its last reading stands.
        }
        return 0;
    }

    /** Half the changes rename a person's cn, half add a person who was not a member to a group. */
    private void applyChanges(SplittableRandom random) throws LDAPException {
        Map<Group, List<String>> adds = pickAbsent(random, true, CHANGES / 2, 1);
        try (LDAPConnection c = ldap()) {
            for (int i = 0; i < CHANGES / 2; i++) {
                int user = 1 + random.nextInt(size.users);
                c.modify(String.format(Locale.ROOT, "uid=user%07d,%s", user, PEOPLE), new Modification(
                        ModificationType.REPLACE, "cn", "User " + user + " " + random.nextInt(1_000_000)));
            }
            for (Map.Entry<Group, List<String>> e : adds.entrySet()) {
                c.modify(e.getKey().dn, new Modification(ModificationType.ADD, e.getKey().memberAttribute,
                        e.getValue().toArray(String[]::new)));
            }
        }
    }

    /**
     * {@link #WRITE_BACK_VALUES} absent pairs over {@link #WRITE_BACK_GROUPS} groups, or over half the groups that
     * take values when the directory has fewer (the smoke size).
     */
    private Map<Group, List<String>> pickAbsent(SplittableRandom random, boolean keep) {
        long writable = expected.groups.stream().filter(g -> !g.dynamic).count();
        int groupCount = (int) Math.min(WRITE_BACK_GROUPS, writable / 2);
        return pickAbsent(random, keep, groupCount, WRITE_BACK_VALUES / groupCount);
    }

    /**
     * {@code perGroup} people who are not members of each of {@code groupCount} random distinct groups; with
     * {@code keep} they count as members from now on (they are about to be added for good).
     */
    private Map<Group, List<String>> pickAbsent(SplittableRandom random, boolean keep, int groupCount, int perGroup) {
        return pickAbsent(random, keep, groupCount, perGroup, g -> !g.dynamic);
    }

    private Map<Group, List<String>> pickAbsent(SplittableRandom random, boolean keep, int groupCount, int perGroup,
            Predicate<Group> eligible) {
        Map<Group, List<String>> picked = new LinkedHashMap<>();
        while (picked.size() < groupCount) {
            Group g = expected.groups.get(random.nextInt(expected.groups.size()));
            if (picked.containsKey(g) || !eligible.test(g)) {
                continue;
            }
            List<String> values = new ArrayList<>();
            Set<Long> taken = new HashSet<>();
            while (values.size() < perGroup) {
                String dn = String.format(Locale.ROOT, "uid=user%07d,%s", 1 + random.nextInt(size.users), PEOPLE);
                long pair = Directory.pair(g.norm, dn);
                if (!expected.pairs.contains(pair) && taken.add(pair)) {
                    values.add(dn);
                }
            }
            picked.put(g, values);
        }
        if (keep) {
            picked.forEach((g, dns) -> dns.forEach(dn -> expected.add(g.norm, dn)));
        }
        return picked;
    }

    private static void writeModifyLdif(Path file, Map<Group, List<String>> round, String op) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<Group, List<String>> e : round.entrySet()) {
                w.write("dn: " + e.getKey().dn + "\nchangetype: modify\n" + op + ": " + e.getKey().memberAttribute
                        + "\n");
                for (String v : e.getValue()) {
                    w.write(e.getKey().memberAttribute + ": " + v + "\n");
                }
                w.write("-\n\n");
            }
        }
    }

    /** The store's people, groups, owners and memberships against what the directory holds now. */
    private void checkStore(String run) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc("gb"), "postgres", "");
                Statement s = c.createStatement()) {
            s.setFetchSize(10_000);
            c.setAutoCommit(false);
            Set<String> people = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT dn_norm FROM directory_person")) {
                while (rs.next()) {
                    people.add(rs.getString(1));
                }
            }
            check(people.equals(expected.people), run + ": the store's people are the directory's (" + people.size()
                    + " stored, " + expected.people.size() + " in the directory)");
            Set<String> groups = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT dn_norm FROM directory_group WHERE state = 'active'")) {
                while (rs.next()) {
                    groups.add(rs.getString(1));
                }
            }
            check(groups.equals(expected.groupNorms), run + ": the store's groups are the directory's (" + groups.size()
                    + " stored, " + expected.groupNorms.size() + " in the directory)");
            long[] members = sumPairs(s, "SELECT g.dn_norm, m.member_dn_norm FROM group_member m"
                    + " JOIN directory_group g ON g.id = m.group_id WHERE g.state = 'active'");
            check(members[0] == expected.memberships && members[1] == expected.memberSum,
                    run + ": the store's memberships are the directory's (" + members[0] + " stored, "
                            + expected.memberships + " in the directory)");
            long[] owners = sumPairs(s, "SELECT g.dn_norm, o.owner_dn_norm FROM group_owner o"
                    + " JOIN directory_group g ON g.id = o.group_id WHERE g.state = 'active'");
            check(owners[0] == expected.ownerships && owners[1] == expected.ownerSum,
                    run + ": the store's owners are the directory's (" + owners[0] + " stored, " + expected.ownerships
                            + " in the directory)");
            c.commit();
        }
        err.println("  " + run + ": store checked, equal to the directory");
    }

    private static long[] sumPairs(Statement s, String query) throws Exception {
        long count = 0;
        long sum = 0;
        try (ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                count++;
                sum += Directory.pairOfNormalized(rs.getString(1), rs.getString(2));
            }
        }
        return new long[] {count, sum};
    }

    // ---- measuring ----

    @FunctionalInterface
    private interface Case {
        long millis() throws Exception;
    }

    private record Result(String name, List<Long> millis) {
        long median() {
            List<Long> sorted = millis.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
    }

    private void measure(String name, Case c) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            long ms = c.millis();
            err.printf(Locale.ROOT, "  %-60s %s %,d ms%n", name, i == 0 ? "warm-up" : "run " + i, ms);
            if (i > 0) {
                millis.add(ms);
            }
        }
        results.put(name, new Result(name, millis));
    }

    private String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "**%s**: %s; slapd %s (mdb), %s, both on loopback in this run;"
                        + " medians of %d runs after a warm-up; load average %s at the start, %s at the end (%s)."
                        + "%n%n", size, facts.get("directory"), facts.get("slapd"), facts.get("PostgreSQL"), runs,
                facts.get("load at start"), facts.get("load at end"), facts.get("when")));
        t.append("| case | median s | runs s | ratio |\n|---|---:|---|---:|\n");
        double read = ms("raw read: ldapsearch people") + ms("raw read: ldapsearch groups");
        double minCopy = ms("raw write: psql \\copy, minimal two-table schema");
        double ownCopy = ms("raw write: psql \\copy, groupbridge's schema");
        double modify = ms("raw modify: ldapmodify of 1 000 member adds");
        double floor = ms("one-shot start: `groupbridge status` (gb_floor)");
        for (Result r : results.values()) {
            double m = r.median();
            String ratio = switch (r.name()) {
                case "full reconcile into an empty store" -> String.format(Locale.ROOT,
                        "%.2f × (read + minimal COPY); %.2f × (read + own COPY)", m / (read + minCopy),
                        m / (read + ownCopy));
                case "no-op reconcile" -> String.format(Locale.ROOT, "%.2f × read; %.2f × (read + gb_floor)",
                        m / read, m / (read + floor));
                case "full reconcile after 100 changes" -> String.format(Locale.ROOT, "%.2f × read", m / read);
                case "write-back of 1 000 queued member adds, in-process (OutboxRelay.run)" -> String.format(
                        Locale.ROOT, "%.2f × modify", m / modify);
                default -> "";
            };
            t.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s |%n", r.name().replace("|", "\\|"), m / 1000,
                    String.join(" ", r.millis().stream().map(x -> String.format(Locale.ROOT, "%.2f", x / 1000.0))
                            .toList()), ratio));
        }
        t.append(String.format(Locale.ROOT, "| peak RSS of the full reconcile (the launcher's heap: -Xmx256m on PostgreSQL) | %d MB |"
                + " | |%n", rss.getOrDefault("full", 0L) / 1024));
        t.append(String.format(Locale.ROOT, "| peak RSS of the no-op / incremental one-shot / `members add` | %d /"
                        + " %d / %d MB | | |%n", rss.getOrDefault("noop", 0L) / 1024,
                rss.getOrDefault("incremental", 0L) / 1024, rss.getOrDefault("members-add", 0L) / 1024));
        return t.toString();
    }

    private double ms(String name) {
        Result r = results.get(name);
        return r == null ? Double.NaN : r.median();
    }

    /** Puts the table between this size's markers in the doc, or appends it with its markers. */
    private void writeDoc(String table) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc) : "";
        String section = "<!-- bench --servers " + size + " begin -->\n" + table + "<!-- bench --servers " + size
                + " end -->\n";
        Matcher m = DOC_SECTION.matcher(text);
        boolean found = false;
        StringBuilder replaced = new StringBuilder();
        while (m.find()) {
            if (m.group(1).equals(size.name())) {
                m.appendReplacement(replaced, Matcher.quoteReplacement(section));
                found = true;
            }
        }
        m.appendTail(replaced);
        String result = found ? replaced.toString() : text + (text.endsWith("\n\n") ? "" : "\n") + section;
        Path temp = doc.resolveSibling(doc.getFileName() + ".tmp");
        Files.writeString(temp, result, StandardCharsets.UTF_8);
        Files.move(temp, doc, StandardCopyOption.REPLACE_EXISTING);
    }

    // ---- plumbing ----

    private String slapdContainer() {
        return "gb-bench-slapd-" + tag;
    }

    private String pgContainer() {
        return "gb-bench-pg-" + tag;
    }

    private LDAPConnection ldap() throws LDAPException {
        return new LDAPConnection("127.0.0.1", ldapPort, ADMIN_DN, ADMIN_PASSWORD);
    }

    private void sql(String database, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc(database), "postgres", "");
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** Wall milliseconds of {@code command} run by sh inside {@code container}, timed there. */
    private long execMillis(String container, String command) throws Exception {
        String printed = exec(container, "s=$(date +%s%N); " + command + "; e=$(date +%s%N);"
                + " echo $(( (e - s) / 1000000 ))");
        String[] lines = printed.strip().split("\n");
        return Long.parseLong(lines[lines.length - 1].strip());
    }

    private String exec(String container, String command) throws Exception {
        return docker("exec", container, "sh", "-ec", command);
    }

    private String docker(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed;
        try (InputStream in = p.getInputStream()) {
            printed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args).replaceAll("\\s+", " ")
                    + " failed: " + printed.strip());
        }
        return printed;
    }

    @FunctionalInterface
    private interface Probe {
        boolean ready() throws Exception;
    }

    private void waitFor(String what, String container, Probe probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            String state = docker("inspect", "-f", "{{.State.Running}}", container).strip();
            if (!"true".equals(state)) {
                throw new IllegalStateException(what + " exited: " + docker("logs", "--tail", "20", container));
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(what + " did not answer within 15 minutes", last);
    }

    private void removeContainers() {
        for (String c : List.copyOf(containers)) {
            try {
                docker("rm", "-f", c);
            } catch (Exception e) {
                err.println("bench: could not remove container " + c + ": " + e.getMessage());
            }
            containers.remove(c);
        }
    }

    private static int freePort() throws IOException {
        while (true) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_768);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken; try another
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

    /** A group of the generated directory, with what the cases need of it. */
    /**
     * {@code ownerEditable}: an owner may add members by self-service (G1, G2), which mail-enabled security groups
     * (G3), distribution lists (G4), dynamic (G5) and role-assignable (G6) groups refuse.
     */
    private record Group(String dn, String norm, String memberAttribute, String ownerLogin, boolean dynamic,
            boolean ownerEditable) {
    }

    /**
     * What the generated directory holds, kept as order-independent sums of 64-bit hashes for memberships and
     * owners (and the member pairs as a set, to pick values that are not there yet), so a million memberships are
     * compared in one pass over the store.
     */
    private static final class Directory {
        final Set<String> people = new HashSet<>();
        final Set<String> groupNorms = new HashSet<>();
        final List<Group> groups = new ArrayList<>();
        final Set<Long> pairs = new HashSet<>();
        long memberships;
        long memberSum;
        long ownerships;
        long ownerSum;
        private final Path ldif;

        private Directory(Path ldif) {
            this.ldif = ldif;
        }

        static Directory read(Path ldif) throws Exception {
            Directory d = new Directory(ldif);
            try (LDIFReader reader = new LDIFReader(ldif.toFile())) {
                for (Entry e = reader.readEntry(); e != null; e = reader.readEntry()) {
                    d.take(e, null);
                }
            }
            return d;
        }

        private void take(Entry e, Csv csv) throws Exception {
            String norm = new DN(e.getDN()).toNormalizedString();
            if (e.hasObjectClass("inetOrgPerson") && e.getDN().endsWith(PEOPLE)) {
                if (csv == null) {
                    people.add(norm);
                } else {
                    csv.person(e, norm);
                }
            } else if (e.hasObjectClass("groupOfNames") || e.hasObjectClass("groupOfUniqueNames")) {
                String attribute = e.hasObjectClass("groupOfUniqueNames") ? "uniqueMember" : "member";
                String[] owners = values(e, "owner");
                if (csv != null) {
                    csv.group(e, norm, attribute, owners);
                    return;
                }
                groupNorms.add(norm);
                String ownerLogin = owners.length == 0 ? null : new DN(owners[0]).getRDN().getAttributeValues()[0];
                boolean dynamic = ownerLogin == null || e.getAttributeValue("gbMembershipRule") != null;
                String kind = e.getAttributeValue("gbGroupKind");
                boolean ownerEditable = !dynamic && !e.hasAttributeValue("gbRoleAssignable", "TRUE")
                        && ("unified".equals(kind) || ("security".equals(kind) && !e.hasAttribute("mail")));
                groups.add(new Group(e.getDN(), norm, attribute, ownerLogin, dynamic, ownerEditable));
                for (String v : values(e, attribute)) {
                    long h = pair(norm, v);
                    pairs.add(h);
                    memberships++;
                    memberSum += h;
                }
                for (String v : owners) {
                    ownerships++;
                    ownerSum += pair(norm, v);
                }
            }
        }

        void add(String groupNorm, String memberDn) {
            long h = pair(groupNorm, memberDn);
            if (pairs.add(h)) {
                memberships++;
                memberSum += h;
            }
        }

        static String[] values(Entry e, String attribute) {
            String[] v = e.getAttributeValues(attribute);
            return v == null ? new String[0] : v;
        }

        static long pair(String groupNorm, String valueDn) {
            try {
                return pairOfNormalized(groupNorm, new DN(valueDn).toNormalizedString());
            } catch (LDAPException e) {
                throw new IllegalArgumentException(valueDn, e);
            }
        }

        static long pairOfNormalized(String groupNorm, String valueNorm) {
            return mix(hash(groupNorm) * 0x9E3779B97F4A7C15L + hash(valueNorm));
        }

        private static long hash(String s) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
            return h;
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** The rows of both raw COPY baselines, as CSV files in {@code dir}. */
        void writeCsv(Path dir) throws Exception {
            try (Csv csv = new Csv(dir); LDIFReader reader = new LDIFReader(ldif.toFile())) {
                for (Entry e = reader.readEntry(); e != null; e = reader.readEntry()) {
                    take(e, csv);
                }
            }
        }
    }

    /** Writes the CSV rows; surrogate integer keys for the minimal schema are given in reading order. */
    private static final class Csv implements AutoCloseable {
        private final BufferedWriter minEntry;
        private final BufferedWriter minMember;
        private final BufferedWriter person;
        private final BufferedWriter group;
        private final BufferedWriter owner;
        private final BufferedWriter member;
        private final Map<String, Integer> keys = new HashMap<>();
        private final String now = Instant.now().toString();

        Csv(Path dir) throws IOException {
            minEntry = Files.newBufferedWriter(dir.resolve("min-entry.csv"));
            minMember = Files.newBufferedWriter(dir.resolve("min-member.csv"));
            person = Files.newBufferedWriter(dir.resolve("own-person.csv"));
            group = Files.newBufferedWriter(dir.resolve("own-group.csv"));
            owner = Files.newBufferedWriter(dir.resolve("own-owner.csv"));
            member = Files.newBufferedWriter(dir.resolve("own-member.csv"));
        }

        void person(Entry e, String norm) throws IOException {
            minEntry.write(key(norm) + "," + q(e.getDN()) + "\n");
            String uid = e.getAttributeValue("uid");
            String mail = e.getAttributeValue("mail");
            row(person, id(norm), e.getDN(), norm, uid, e.getAttributeValue("cn"), mail, lower(uid), lower(mail), "0",
                    now, now);
        }

        void group(Entry e, String norm, String attribute, String[] owners) throws Exception {
            int key = key(norm);
            minEntry.write(key + "," + q(e.getDN()) + "\n");
            String kind = e.getAttributeValue("gbGroupKind");
            String channel = e.getAttributeValue("gbCreationChannel");
            String id = id(norm);
            row(group, id, e.getDN(), norm, e.getAttributeValue("cn"), e.getAttributeValue("description"),
                    kind == null ? "security" : kind, e.getAttributeValue("mail"),
                    e.getAttributeValue("gbMembershipRule"), "false",
                    attribute.equals("member") ? "groupOfNames" : "groupOfUniqueNames", attribute,
                    channel == null ? "api" : channel, "open", "true", "0", "active", now, now);
            for (String v : owners) {
                row(owner, id, new DN(v).toNormalizedString(), v);
            }
            for (String v : Directory.values(e, attribute)) {
                String valueNorm = new DN(v).toNormalizedString();
                minMember.write(key + "," + key(valueNorm) + "\n");
                row(member, id, valueNorm, v);
            }
        }

        private int key(String norm) {
            return keys.computeIfAbsent(norm, k -> keys.size() + 1);
        }

        private static String id(String norm) {
            return UUID.nameUUIDFromBytes(("groupbridge:" + norm).getBytes(StandardCharsets.UTF_8)).toString();
        }

        private static String lower(String s) {
            return s == null ? null : s.toLowerCase(Locale.ROOT);
        }

        private static void row(BufferedWriter w, String... fields) throws IOException {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    w.write(',');
                }
                if (fields[i] != null) {
                    w.write(q(fields[i]));
                }
            }
            w.write('\n');
        }

        private static String q(String s) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }

        @Override
        public void close() throws IOException {
            for (BufferedWriter w : List.of(minEntry, minMember, person, group, owner, member)) {
                w.close();
            }
        }
    }
}
