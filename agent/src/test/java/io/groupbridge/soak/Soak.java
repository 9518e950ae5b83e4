package io.groupbridge.soak;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldif.LDIFReader;
import io.groupbridge.fixtures.DirectoryGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The soak (issue 14, point 1): {@code groupbridge run} with short schedules on a generated directory, while a driver
 * picks at random from its seed, bounded in count and time, among changes to the directory from outside,
 * self-service actions through the command line and the REST API as different people, and faults (SIGKILL of the
 * agent, the directory stopped or frozen, PostgreSQL restarted, the conf broken and restored). After every round
 * it waits for a quiet point and checks the invariants ({@link SoakChecks}). {@code scripts/soak} runs it; SoakTest
 * runs three minutes of it in the test command.
 */
public final class Soak {

    /**
     * @param users     generated people besides the demo directory's
     * @param groups    generated groups besides the demo directory's
     * @param directory {@code slapd} or {@code embedded}
     * @param store     {@code embedded} or {@code postgres}
     */
    record Options(double minutes, long seed, String store, String directory, int users, int groups, Path work) {
        static Options parse(String[] args) {
            double minutes = 3;
            long seed = 14;
            String store = "embedded";
            String directory = "slapd";
            String size = "S";
            Path work = Path.of("target", "soak");
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--minutes" -> minutes = Double.parseDouble(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--store" -> store = value;
                    case "--directory" -> directory = value;
                    case "--size" -> size = value;
                    case "--work" -> work = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: soak"
                            + " [--minutes N] [--seed S] [--store embedded|postgres] [--directory slapd|embedded]"
                            + " [--size T|S] [--work DIR]");
                }
                i++;
            }
            if (!List.of("embedded", "postgres").contains(store) || !List.of("slapd", "embedded").contains(directory)) {
                throw new IllegalArgumentException("--store is embedded or postgres, --directory slapd or embedded");
            }
            return switch (size) {
                case "T" -> new Options(minutes, seed, store, directory, 1_000, 100, work);
                case "S" -> new Options(minutes, seed, store, directory, 10_000, 1_000, work);
                default -> throw new IllegalArgumentException("--size is T (1 000 people) or S (10 000 people)");
            };
        }
    }

    static final String BASE = "dc=example,dc=com";
    static final String PEOPLE = "ou=people," + BASE;
    static final String GROUPS = "ou=groups," + BASE;
    static final String ATTIC = "ou=attic," + BASE;
    /** Owners of the driver's groups, who decide their requests. */
    static final List<String> OWNERS = List.of("grace", "dave");
    /** Demo people with the premium licence, who may ask to join (spec L1). */
    static final List<String> LICENSED = List.of("erin", "heidi", "judy", "niaj");
    static final List<String> EMPLOYEES = List.of("erin", "frank", "heidi", "ivan", "judy", "niaj", "olivia", "peggy");

    private final Options options;
    private final Random random;
    private final PrintStream log;
    private final SoakFigures figures = new SoakFigures();
    private final List<String> generatedGroups = new ArrayList<>();
    private final List<String> generatedPeople = new ArrayList<>();
    private final List<String> soakGroups = new ArrayList<>();
    private SoakDirectory directory;
    private SoakStore store;
    private SoakAgent agent;
    private SoakApi api;
    private SoakChecks checks;
    private int serial;

    Soak(Options options, PrintStream log) {
        this.options = options;
        this.random = new Random(options.seed());
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            System.exit(2);
            return;
        }
        SoakFigures figures = new Soak(options, System.err).run();
        System.out.println(figures.table(options));
        System.exit(figures.violations().isEmpty() ? 0 : 1);
    }

    SoakFigures run() throws Exception {
        Path work = options.work().toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work.resolve("conf"));
        Instant started = Instant.now();
        String suffix = options.seed() + "-" + ProcessHandle.current().pid();
        try {
            Path seed = writeSeed(work);
            int ldapPort = freePort();
            log.printf("soak: %s directory on 127.0.0.1:%d, %s store, %d + demo people, %d + demo groups, seed %d%n",
                    options.directory(), ldapPort, options.store(), options.users(), options.groups(), options.seed());
            if (options.directory().equals("slapd")) {
                directory = new SoakDirectory.Slapd(work, ldapPort, "groupbridge-soak-slapd-" + suffix);
                load(seed);
            } else {
                directory = new SoakDirectory.Embedded(seed, ldapPort);
            }
            try (LDAPConnection c = directory.connect()) {
                c.add(new Entry(ATTIC, new Attribute("objectClass", "top", "organizationalUnit"),
                        new Attribute("ou", "attic")));
            }
            store = options.store().equals("postgres")
                    ? new SoakStore.Postgres(freePort(), "groupbridge-soak-postgres-" + suffix)
                    : new SoakStore.Embedded(freePort());
            int httpPort = freePort();
            Path conf = work.resolve("conf/groupbridge.yaml");
            String goodConf = conf(httpPort);
            Files.writeString(conf, goodConf);
            Files.setPosixFilePermissions(conf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            agent = new SoakAgent(work, conf, httpPort);
            api = new SoakApi(httpPort);
            checks = new SoakChecks(directory, agent, figures, log);
            agent.start();
            for (int i = 0; i < 3; i++) {
                addSoakGroup();
            }
            checks.quietPoint();
            Instant end = Instant.now().plus(Duration.ofMillis((long) (options.minutes() * 60_000)));
            int round = 0;
            while (Instant.now().isBefore(end)) {
                round++;
                int steps = 4 + random.nextInt(6);
                for (int i = 0; i < steps && Instant.now().isBefore(end); i++) {
                    step(goodConf);
                }
                if (round % 4 == 0) {
                    checks.failsafe(generatedGroups, random);
                }
                checks.quietPoint();
                log.printf("soak: round %d done, %s%n", round, figures.summary());
            }
            figures.finish(Duration.between(started, Instant.now()), agent.store(), agent.starts());
            return figures;
        } finally {
            if (agent != null) {
                agent.close();
            }
            if (store != null) {
                store.close();
            }
            if (directory != null) {
                directory.close();
            }
        }
    }

    private String conf(int httpPort) {
        return "http:\n  port: " + httpPort + "\n"
                + "directory:\n  url: " + directory.url() + "\n  bindDn: " + directory.managerDn() + "\n"
                + "  bindPassword: " + directory.managerPassword() + "\n  peopleBase: " + PEOPLE + "\n"
                + "  groupBase: " + GROUPS + "\n  connectTimeout: 3s\n  responseTimeout: 20s\n"
                + store.confSection()
                + "schedule:\n  incremental: 5s\n  writeBack: 2s\n  full: \"0 */2 * * * ?\"\n  shutdownTimeout: 5s\n"
                + "writeBack:\n  initialBackoff: 1s\n  maxBackoff: 4s\n  maxAttempts: 50\n"
                + """
                settings:
                  ownersCanManageJoinRequests: true
                  unifiedGroupCreationAllowedGroup: cn=Unified Group Creators,ou=groups,dc=example,dc=com
                  premiumLicense: cn=Premium Licensed,ou=groups,dc=example,dc=com
                roles:
                  groupsAdministrators: cn=Groups Administrators,ou=groups,dc=example,dc=com
                  userAdministrators: cn=User Administrators,ou=groups,dc=example,dc=com
                  globalAdministrators: cn=Global Administrators,ou=groups,dc=example,dc=com
                requests:
                  expireAfter: 30d
                """;
    }

    /** The demo directory, then the generated people and groups that it does not hold already (the containers). */
    private Path writeSeed(Path work) throws Exception {
        Path generated = work.resolve("generated.ldif");
        new DirectoryGenerator().write(new DirectoryGenerator.Spec(options.users(), options.groups(), 20,
                options.seed()), generated);
        Path seed = work.resolve("seed.ldif");
        Set<String> seen = new HashSet<>();
        StringBuilder ldif = new StringBuilder();
        try (InputStream demo = Soak.class.getClassLoader().getResourceAsStream("ldap/demo.ldif");
                LDIFReader reader = new LDIFReader(demo)) {
            for (Entry e = reader.readEntry(); e != null; e = reader.readEntry()) {
                seen.add(e.getParsedDN().toNormalizedString());
                ldif.append(e.toLDIFString()).append('\n');
            }
        }
        try (LDIFReader reader = new LDIFReader(generated.toFile())) {
            for (Entry e = reader.readEntry(); e != null; e = reader.readEntry()) {
                if (seen.add(e.getParsedDN().toNormalizedString())) {
                    ldif.append(e.toLDIFString()).append('\n');
                    if (e.getParentDNString().equalsIgnoreCase(GROUPS)) {
                        generatedGroups.add(e.getDN());
                    } else if (e.getParentDNString().equalsIgnoreCase(PEOPLE)) {
                        generatedPeople.add(e.getDN());
                    }
                }
            }
        }
        Files.writeString(seed, ldif);
        return seed;
    }

    private void load(Path seed) throws Exception {
        try (LDAPConnection c = directory.connect(); LDIFReader reader = new LDIFReader(seed.toFile())) {
            for (Entry e = reader.readEntry(); e != null; e = reader.readEntry()) {
                c.add(e);
            }
        }
    }

    // ---- one step of a round -------------------------------------------------------------------------------------

    private void step(String goodConf) throws Exception {
        int pick = random.nextInt(100);
        try {
            if (pick < 35) {
                churn();
            } else if (pick < 60) {
                cliAction();
            } else if (pick < 82) {
                apiAction();
            } else {
                fault(goodConf);
            }
        } catch (LDAPException e) {
            figures.action("directory change failed (" + e.getResultCode().getName() + ")");
        }
    }

    private void churn() throws Exception {
        try (LDAPConnection c = directory.connect()) {
            switch (random.nextInt(12)) {
                case 0 -> addPerson(c);
                case 1 -> deletePerson(c);
                case 2 -> addSoakGroup();
                case 3, 4 -> changeValue(c, "member", ModificationType.ADD);
                case 5 -> changeValue(c, "member", ModificationType.DELETE);
                case 6 -> changeValue(c, "owner", ModificationType.ADD);
                case 7 -> changeValue(c, "owner", ModificationType.DELETE);
                case 8 -> renamePerson(c);
                case 9 -> renameGroup(c);
                case 10 -> deleteGroupWithPendingRequests(c);
                default -> removeWrittenBackMember(c);
            }
        }
    }

    private void addPerson(LDAPConnection c) throws LDAPException {
        String uid = "soakp" + (++serial);
        String dn = "uid=" + uid + "," + PEOPLE;
        c.add(new Entry(dn, new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                new Attribute("uid", uid), new Attribute("cn", "Soak Person " + serial),
                new Attribute("sn", "Person " + serial), new Attribute("mail", uid + "@example.com"),
                new Attribute("userPassword", SoakAgent.PASSWORD)));
        generatedPeople.add(dn);
        figures.action("directory: add person");
    }

    private void deletePerson(LDAPConnection c) throws Exception {
        String dn = take(generatedPeople);
        c.delete(dn);
        checks.disturbedPerson(dn);
        figures.action("directory: delete person");
    }

    void addSoakGroup() throws Exception {
        String cn = "Soak Group " + (++serial);
        String dn = new DN(new RDN("cn", cn), new DN(GROUPS)).toString();
        try (LDAPConnection c = directory.connect()) {
            c.add(new Entry(dn, new Attribute("objectClass", "top", "groupOfNames", "gbGroup"),
                    new Attribute("cn", cn), new Attribute("gbGroupKind", "security"),
                    new Attribute("description", "made by the soak driver"),
                    new Attribute("owner", uid("grace"), uid("dave")), new Attribute("member", uid("grace"))));
        }
        soakGroups.add(dn);
        figures.action("directory: add group");
    }

    private void changeValue(LDAPConnection c, String attribute, ModificationType type) throws Exception {
        String group = random.nextBoolean() || soakGroups.isEmpty() ? pick(generatedGroups) : pick(soakGroups);
        Entry entry = c.getEntry(group, "objectClass", "member", "uniqueMember", "owner");
        if (entry == null) {
            return;
        }
        String name = attribute.equals("member") && entry.hasObjectClass("groupOfUniqueNames") ? "uniqueMember"
                : attribute;
        String value;
        if (type == ModificationType.ADD) {
            value = pick(generatedPeople);
        } else {
            List<String> values = new ArrayList<>(List.of(entry.getAttributeValues(name) == null ? new String[0]
                    : entry.getAttributeValues(name)));
            // The driver's groups keep their owners and grace, who decide and are counted on by the checks.
            values.removeIf(v -> OWNERS.stream().anyMatch(o -> v.equalsIgnoreCase(uid(o))));
            if (values.size() < 2) {
                return;
            }
            value = values.get(random.nextInt(values.size()));
            checks.disturbedMember(group, value);
        }
        c.modify(group, new Modification(type, name, value));
        figures.action("directory: " + (type == ModificationType.ADD ? "add " : "remove ") + attribute);
    }

    private void renamePerson(LDAPConnection c) throws Exception {
        String dn = take(generatedPeople);
        String uid = "soakr" + (++serial);
        c.modifyDN(dn, "uid=" + uid, true);
        // uid is the login: the entry's own uid value follows its RDN.
        generatedPeople.add("uid=" + uid + "," + PEOPLE);
        checks.disturbedPerson(dn);
        figures.action("directory: modrdn person");
    }

    private void renameGroup(LDAPConnection c) throws Exception {
        boolean mine = random.nextBoolean() && !soakGroups.isEmpty();
        List<String> list = mine ? soakGroups : generatedGroups;
        String dn = take(list);
        String cn = (mine ? "Soak Group " : "Renamed Group ") + (++serial);
        String renamed = new DN(new RDN("cn", cn), new DN(GROUPS)).toString();
        checks.disturbedGroup(dn);
        c.modifyDN(dn, new RDN("cn", cn).toString(), true);
        list.add(renamed);
        figures.action("directory: modrdn group");
    }

    private void deleteGroupWithPendingRequests(LDAPConnection c) throws Exception {
        List<String> pending = checks.storeTexts("SELECT DISTINCT g.dn FROM join_request r JOIN directory_group g"
                + " ON g.id = r.group_id WHERE r.state = 'pending' AND g.state = 'active' AND g.name LIKE 'Soak %'");
        if (pending.isEmpty() && soakGroups.size() < 3) {
            return;
        }
        String dn = pending.isEmpty() ? pick(soakGroups) : pending.get(random.nextInt(pending.size()));
        checks.disturbedGroup(dn);
        c.delete(dn);
        soakGroups.removeIf(g -> same(g, dn));
        figures.action(pending.isEmpty() ? "directory: delete group" : "directory: delete group with pending requests");
    }

    /** An administrator removing in LDAP a member that groupbridge wrote back (spec W5): it must stay removed. */
    private void removeWrittenBackMember(LDAPConnection c) throws Exception {
        // Only a value's last outbox row: a member groupbridge removed since (a leave) and someone added again
        // outside was not written back by it, so removing it is no W5 drift.
        List<String> rows = checks.storeTexts("SELECT o.group_dn || '|' || o.value_dn || '|' || o.group_id || '|'"
                + " || CAST(o.id AS VARCHAR(20)) FROM outbox o JOIN directory_group g ON g.id = o.group_id"
                + " WHERE o.state = 'done' AND o.operation = 'add-member' AND o.drift_at IS NULL"
                + " AND g.state = 'active' AND NOT EXISTS (SELECT 1 FROM outbox n WHERE n.group_id = o.group_id"
                + " AND n.value_dn_norm = o.value_dn_norm AND n.id > o.id"
                + " AND n.operation IN ('add-member', 'remove-member'))");
        if (rows.isEmpty()) {
            return;
        }
        String[] row = rows.get(random.nextInt(rows.size())).split("\\|", 4);
        String group = checks.currentGroupDn(row[2]);
        if (group == null) {
            return;
        }
        Entry entry = c.getEntry(group, "objectClass");
        String name = entry != null && entry.hasObjectClass("groupOfUniqueNames") ? "uniqueMember" : "member";
        try {
            c.modify(group, new Modification(ModificationType.DELETE, name, row[1]));
        } catch (LDAPException e) {
            return;
        }
        checks.writtenBackRemoved(row[2], row[1], Long.parseLong(row[3]));
        figures.action("directory: remove a written-back member");
    }

    // ---- self-service -------------------------------------------------------------------------------------------

    private void cliAction() throws Exception {
        SelfServiceStep step = nextSelfService();
        if (step == null) {
            return;
        }
        SoakAgent.Run run = agent.cli(step.cli());
        checks.noStackTrace("cli " + step.kind(), run.both());
        boolean acknowledged = run.exit() == 0;
        figures.action("cli: " + step.kind() + (acknowledged ? "" : " (refused or failed, exit " + run.exit() + ")"));
        if (acknowledged) {
            step.acknowledged(checks);
        }
    }

    private void apiAction() throws Exception {
        SelfServiceStep step = nextSelfService();
        if (step == null || step.apiPath() == null) {
            return;
        }
        SoakApi.Answer answer = api.post(step.actor(), step.apiPath(), step.apiBody());
        checks.noStackTrace("api " + step.kind(), answer.body() == null ? "" : answer.body().toString());
        figures.action("api: " + step.kind() + (answer.ok() ? "" : " (refused or failed, " + answer.status() + ")"));
        if (answer.ok()) {
            step.acknowledged(checks);
        }
    }

    /** One self-service action chosen from what the store holds now. */
    private SelfServiceStep nextSelfService() throws Exception {
        List<String[]> groups = checks.storeRows("SELECT id, name, policy FROM directory_group WHERE state = 'active'"
                + " AND eligible = TRUE AND name LIKE 'Soak %'", 3);
        if (groups.isEmpty()) {
            return null;
        }
        String[] g = groups.get(random.nextInt(groups.size()));
        String id = g[0];
        String owner = OWNERS.get(random.nextInt(OWNERS.size()));
        int pick = random.nextInt(10);
        if (pick == 0 || !List.of("open", "owner-approval").contains(g[2])) {
            String policy = random.nextInt(3) == 0 ? "open" : "owner-approval";
            return SelfServiceStep.policy(owner, id, policy);
        }
        if (pick == 1) {
            return SelfServiceStep.create(owner, "Soak Created " + (++serial));
        }
        if (pick == 2) {
            String person = pick(EMPLOYEES);
            return random.nextBoolean() ? SelfServiceStep.addOwner(owner, id, person)
                    : SelfServiceStep.removeOwner(owner, id, person);
        }
        List<String[]> pending = checks.storeRows("SELECT CAST(r.id AS VARCHAR(20)), r.requester_dn, r.group_id"
                + " FROM join_request r JOIN directory_group g ON g.id = r.group_id WHERE r.state = 'pending'"
                + " AND g.state = 'active' AND g.name LIKE 'Soak %'", 3);
        if (pick <= 5 && !pending.isEmpty()) {
            String[] r = pending.get(random.nextInt(pending.size()));
            int how = random.nextInt(5);
            if (how == 4) {
                return SelfServiceStep.cancel(loginOf(r[1]), Long.parseLong(r[0]));
            }
            return SelfServiceStep.decide(owner, Long.parseLong(r[0]), how < 3, r[2], r[1]);
        }
        String person = g[2].equals("open") ? pick(EMPLOYEES) : pick(LICENSED);
        if (pick == 6) {
            return SelfServiceStep.leave(person, id);
        }
        return g[2].equals("open") ? SelfServiceStep.join(person, id)
                : SelfServiceStep.request(person, id, "soak " + serial);
    }

    // ---- faults -------------------------------------------------------------------------------------------------

    private void fault(String goodConf) throws Exception {
        int pick = random.nextInt(8);
        switch (pick) {
            case 0 -> {
                Thread.sleep(random.nextInt(4000));
                killAndRestart("kill -9 of the agent at a random moment");
            }
            case 1 -> killAfterDecision();
            case 2 -> killMidWriteBack();
            case 3 -> {
                directory.stop();
                figures.fault("directory stopped and restarted");
                Thread.sleep(2000 + random.nextInt(6000));
                directory.start();
            }
            case 4 -> {
                if (!directory.canPause()) {
                    figures.fault("directory stopped and restarted");
                    directory.stop();
                    Thread.sleep(2000 + random.nextInt(3000));
                    directory.start();
                    return;
                }
                directory.pause();
                figures.fault("directory frozen (SIGSTOP) and thawed (SIGCONT)");
                Thread.sleep(2000 + random.nextInt(8000));
                directory.resume();
            }
            case 5 -> {
                if (!store.canRestart()) {
                    killAndRestart("kill -9 of the agent at a random moment");
                    return;
                }
                store.restart();
                figures.fault("PostgreSQL restarted");
            }
            case 6 -> breakConf(goodConf, "directory:\n  url: [not yaml\n", "conf made invalid and restored");
            default -> breakConf(goodConf, "", "conf emptied and restored");
        }
    }

    private void killAndRestart(String kind) throws Exception {
        agent.kill();
        figures.fault(kind);
        agent.start();
    }

    /** A decision the command acknowledged, then SIGKILL at once: the decision must survive. */
    private void killAfterDecision() throws Exception {
        List<String[]> pending = checks.storeRows("SELECT CAST(r.id AS VARCHAR(20)), r.requester_dn, r.group_id"
                + " FROM join_request r JOIN directory_group g ON g.id = r.group_id WHERE r.state = 'pending'"
                + " AND g.state = 'active' AND g.name LIKE 'Soak %'", 3);
        if (pending.isEmpty()) {
            killAndRestart("kill -9 of the agent at a random moment");
            return;
        }
        String[] r = pending.get(random.nextInt(pending.size()));
        SelfServiceStep step = SelfServiceStep.decide(pick(OWNERS), Long.parseLong(r[0]), random.nextBoolean(), r[2],
                r[1]);
        SoakAgent.Run run = agent.cli(step.cli());
        checks.noStackTrace("cli " + step.kind(), run.both());
        figures.action("cli: " + step.kind() + (run.exit() == 0 ? "" : " (refused or failed, exit " + run.exit() + ")"));
        if (run.exit() == 0) {
            step.acknowledged(checks);
        }
        killAndRestart("kill -9 of the agent right after an acknowledged decision");
    }

    /** A join that queues a write-back, then SIGKILL while the write-back job (every 2 s) is likely sending it. */
    private void killMidWriteBack() throws Exception {
        List<String[]> open = checks.storeRows("SELECT id FROM directory_group WHERE state = 'active'"
                + " AND eligible = TRUE AND policy = 'open' AND name LIKE 'Soak %'", 1);
        if (!open.isEmpty()) {
            SelfServiceStep step = SelfServiceStep.join(pick(EMPLOYEES), open.get(random.nextInt(open.size()))[0]);
            SoakApi.Answer answer = api.post(step.actor(), step.apiPath(), step.apiBody());
            figures.action("api: " + step.kind() + (answer.ok() ? "" : " (refused or failed, " + answer.status() + ")"));
            if (answer.ok()) {
                step.acknowledged(checks);
            }
            Thread.sleep(random.nextInt(2500));
        }
        killAndRestart("kill -9 of the agent during the write-back");
    }

    private void breakConf(String goodConf, String broken, String kind) throws Exception {
        Files.writeString(agent.conf(), broken);
        figures.fault(kind);
        Thread.sleep(3000 + random.nextInt(4000));
        if (!agent.alive()) {
            checks.violation("daemon up", "the daemon ended while its conf was broken (" + kind + ")");
            Files.writeString(agent.conf(), goodConf);
            agent.start();
            return;
        }
        SoakAgent.Run status = agent.cli("status");
        // A running daemon keeps its last good conf, and status says the file has an error.
        checks.check("status names the broken conf", status.both().contains("error")
                || status.both().contains("empty"), () -> "status said: " + status.both());
        Files.writeString(agent.conf(), goodConf);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static String uid(String login) {
        return "uid=" + login + "," + PEOPLE;
    }

    private static String loginOf(String dn) {
        try {
            return new DN(dn).getRDN().getAttributeValues()[0];
        } catch (LDAPException e) {
            throw new IllegalStateException("not a DN in the store: " + dn, e);
        }
    }

    static boolean same(String a, String b) {
        try {
            return new DN(a).equals(new DN(b));
        } catch (LDAPException e) {
            return a.equalsIgnoreCase(b);
        }
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private String take(List<String> list) {
        return list.remove(random.nextInt(list.size()));
    }

    private static int freePort() throws IOException {
        // Below Linux's ephemeral range, so other builds' outgoing connections do not take it meanwhile.
        for (int i = 0; i < 200; i++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                continue;
            }
        }
        throw new IOException("no free loopback port between 20000 and 32000");
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
