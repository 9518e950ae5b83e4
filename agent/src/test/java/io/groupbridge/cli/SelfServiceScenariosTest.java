package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two scenarios of issue 3 end to end through the command line on the embedded demo directory, plus sign-in and
 * bad input as a person at a terminal meets them.
 */
class SelfServiceScenariosTest {

    private static final Pattern REQUEST_ID = Pattern.compile("request (\\d+) ");

    @TempDir
    Path home;

    private TestHome testHome;
    private CliHarness cli = new CliHarness();

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE);
        assertThat(run(Map.of(), "reconcile")).isZero();
    }

    @AfterEach
    void stop() {
        testHome.close();
    }

    private int run(Map<String, String> environment, String... args) {
        cli = new CliHarness(environment);
        return cli.runOn(testHome.confFile(), args);
    }

    /** Runs as {@code login}, the password coming from GROUPBRIDGE_PASSWORD as a script would give it. */
    private int as(String login, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--user";
        all[args.length + 1] = login;
        // A wide terminal: these tests read cells, TableTest the layout.
        return run(Map.of(SignInOptions.PASSWORD_VARIABLE, DemoConf.PASSWORD, "COLUMNS", "300"), all);
    }

    private long requestIdFromOutput() {
        Matcher m = REQUEST_ID.matcher(cli.out());
        assertThat(m.find()).as(cli.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private List<String> outboxRows() throws Exception {
        try (GroupbridgeApp app = testHome.openApp()) {
            return app.store().jdbi().withHandle(h -> h.createQuery(
                    "SELECT operation || ' ' || COALESCE(value_dn, group_dn) FROM outbox ORDER BY id")
                    .mapTo(String.class).list());
        }
    }

    @Test
    void delegatedGroupManagement() throws Exception { // issue 3 scenario (a): spec A4, A5, A7, A12, A14
        // An administrator creates a group for an application and makes its business owner the owner.
        assertThat(as("bob", "groups", "create", "App Expenses Users", "--owner", "dave", "--policy",
                "owner-approval", "--description", "Access to the expenses application")).as(cli.err()).isZero();

        // The owner adds people and approves requests.
        assertThat(as("dave", "members", "add", "App Expenses Users", "erin")).as(cli.err()).isZero();
        assertThat(as("heidi", "request", "App Expenses Users", "--justification", "I file travel costs"))
                .as(cli.err()).isZero();
        long heidis = requestIdFromOutput();
        assertThat(as("judy", "request", "App Expenses Users", "--justification", "conference trip")).isZero();
        long judys = requestIdFromOutput();
        assertThat(as("dave", "requests", "list")).isZero();
        assertThat(cli.out()).contains("uid=heidi,ou=people,dc=example,dc=com", "I file travel costs");
        assertThat(as("dave", "requests", "approve", String.valueOf(heidis))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("approved; written to the directory");

        // A manager owning another group neither sees nor changes this group's requests or members (A14).
        assertThat(as("grace", "requests", "list", "--group", "App Expenses Users")).isEqualTo(1);
        assertThat(cli.err()).contains("(spec A14)");
        assertThat(as("grace", "requests", "list")).isZero();
        assertThat(cli.out()).doesNotContain("App Expenses Users");
        assertThat(as("grace", "members", "list", "App Expenses Users")).isEqualTo(1);
        assertThat(cli.err()).contains("(spec A2)");
        assertThat(as("grace", "members", "add", "App Expenses Users", "frank")).isEqualTo(1);
        assertThat(cli.err()).contains("(spec A5)");
        assertThat(as("grace", "requests", "deny", String.valueOf(judys), "--reason", "no")).isEqualTo(1);
        assertThat(cli.err()).contains("(spec A4)");

        // The administrator sees everything and blocks a user.
        assertThat(as("alice", "requests", "list")).isZero();
        assertThat(cli.out()).contains("uid=judy,ou=people,dc=example,dc=com");
        assertThat(as("alice", "block", "App Expenses Users", "judy")).as(cli.err()).isZero();
        assertThat(as("judy", "request", "App Expenses Users", "--justification", "please")).isEqualTo(1);
        assertThat(cli.err()).contains("(spec A12)");
        assertThat(as("alice", "audit", "--group", "App Expenses Users")).isZero();
        assertThat(cli.out()).contains("block", "approve", "add-member", "create-group");

        assertThat(outboxRows()).containsExactly(
                "create-group cn=App Expenses Users,ou=groups,dc=example,dc=com",
                "add-member uid=erin,ou=people,dc=example,dc=com",
                "add-member uid=heidi,ou=people,dc=example,dc=com");
    }

    @Test
    void twoPeopleCreateAGroupOthersRequestAndOneApprovalGrantsMembership() throws Exception { // scenario (b): R6
        assertThat(as("heidi", "groups", "create", "Rust Guild", "--kind", "unified", "--owner", "judy",
                "--policy", "owner-approval")).as(cli.err()).isZero();
        assertThat(as("judy", "owners", "list", "Rust Guild")).isZero();
        assertThat(cli.out()).contains("uid=heidi", "uid=judy");

        assertThat(as("niaj", "request", "Rust Guild", "--justification", "I write Rust on weekends")).isZero();
        long niajs = requestIdFromOutput();
        assertThat(as("erin", "request", "Rust Guild", "--justification", "curious")).isZero();
        assertThat(as("mallory", "request", "Rust Guild", "--justification", "me too")).isEqualTo(1);
        assertThat(cli.err()).contains("premium licence", "(spec L1)");

        assertThat(as("judy", "requests", "approve", String.valueOf(niajs))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("written to the directory");
        assertThat(as("heidi", "requests", "approve", String.valueOf(niajs))).isZero();
        assertThat(cli.out()).isEqualTo("request " + niajs + " was already approved; nothing changed\n");

        assertThat(outboxRows()).containsExactly("create-group cn=Rust Guild,ou=groups,dc=example,dc=com",
                "add-member uid=niaj,ou=people,dc=example,dc=com");

        // Each command wrote what it queued back at once: the directory has the group and the member, and so do the
        // listings (ImmediateWriteBackTest shows the pending state a failed write-back leaves).
        var entry = testHome.directory().server().getEntry("cn=Rust Guild,ou=groups,dc=example,dc=com");
        assertThat(entry).isNotNull();
        assertThat(entry.getAttributeValues("member")).contains("uid=niaj,ou=people,dc=example,dc=com",
                "uid=heidi,ou=people,dc=example,dc=com", "uid=judy,ou=people,dc=example,dc=com");
        assertThat(as("heidi", "members", "list", "Rust Guild")).isZero();
        assertThat(cli.out()).containsPattern("uid=niaj,ou=people,dc=example,dc=com +in directory")
                .doesNotContain("pending");
        assertThat(as("niaj", "groups", "mine")).isZero();
        assertThat(cli.out()).contains("Rust Guild").doesNotContain("creating");
        assertThat(as("niaj", "leave", "Rust Guild")).as(cli.err()).isZero();
    }

    @Test
    void anOwnerChangesTheDescriptionFromTheCommandLineAndOthersCannot() throws Exception { // spec A8, R6
        String phoenix = "cn=Project Phoenix,ou=groups,dc=example,dc=com";
        assertThat(as("heidi", "groups", "edit", "Project Phoenix", "--description", "taken over")).isNotZero();
        assertThat(cli.err()).contains("A8");
        assertThat(outboxRows()).isEmpty();

        assertThat(as("grace", "groups", "edit", "Project Phoenix", "--description", "The launch campaign"))
                .as(cli.err()).isZero();

        assertThat(testHome.directory().server().getEntry(phoenix).getAttributeValue("description"))
                .isEqualTo("The launch campaign");
        assertThat(outboxRows()).containsExactly("set-description " + phoenix);
        try (GroupbridgeApp app = testHome.openApp()) {
            String stored = app.store().jdbi().withHandle(h -> h.createQuery("SELECT description FROM"
                    + " directory_group WHERE dn = :dn").bind("dn", phoenix).mapTo(String.class).one());
            assertThat(stored).isEqualTo("The launch campaign");
        }
    }

    /**
     * Issue 15, finding 6: the README's daemon example sent {@code request} to Project Phoenix, which is open in the
     * demo data, so niaj joined at once instead of asking. The example now has grace, an owner, make the group
     * take requests first; these are its commands, and what the README says they do.
     */
    @Test
    void theReadmesDaemonExampleLeavesNiajsRequestPendingUntilAnOwnerApproves() throws Exception { // spec P2, P5, R6
        String phoenix = "cn=Project Phoenix,ou=groups,dc=example,dc=com";
        String niaj = "uid=niaj,ou=people,dc=example,dc=com";
        assertThat(as("grace", "groups", "edit", "Project Phoenix", "--policy", "owner-approval"))
                .as(cli.err()).isZero();

        assertThat(as("niaj", "request", "Project Phoenix", "--justification", "I run the launch campaign"))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("to join 'Project Phoenix' waits for an owner's decision");
        long id = requestIdFromOutput();
        assertThat(testHome.directory().server().getEntry(phoenix).getAttributeValues("member")).doesNotContain(niaj);

        assertThat(as("grace", "requests", "list")).isZero();
        assertThat(cli.out()).contains(String.valueOf(id), "niaj");
        assertThat(as("grace", "requests", "approve", String.valueOf(id))).as(cli.err()).isZero();
        assertThat(testHome.directory().server().getEntry(phoenix).getAttributeValues("member")).contains(niaj);
    }

    @Test
    void aPasswordFileSignsInAndWrongPasswordsLookLikeUnknownUsers() throws Exception { // spec A16
        Path file = home.resolve("password.txt");
        Files.writeString(file, DemoConf.PASSWORD + "\n");
        Path wrong = home.resolve("wrong.txt");
        Files.writeString(wrong, "not-it\n");

        assertThat(run(Map.of(), "groups", "mine", "--user", "dave", "--password-file", file.toString())).isZero();
        assertThat(cli.out()).contains("App Payroll Users");

        assertThat(run(Map.of(), "groups", "mine", "--user", "dave", "--password-file", wrong.toString()))
                .isEqualTo(1);
        String wrongPassword = cli.err();
        assertThat(run(Map.of(), "groups", "mine", "--user", "nobody", "--password-file", file.toString()))
                .isEqualTo(1);
        assertThat(cli.err()).isEqualTo(wrongPassword).contains("invalid credentials")
                .doesNotContain("not-it", "nobody");

        assertThat(run(Map.of(), "groups", "mine")).isEqualTo(2);
        assertThat(cli.err()).contains("--user");
        assertThat(run(Map.of(), "groups", "mine", "--user", "dave")).isEqualTo(2);
        assertThat(cli.err()).contains("no password");
        assertThat(run(Map.of(), "join", "Project Phoenix", "--service-principal", "automation")).isEqualTo(2);
        assertThat(cli.err()).contains("not a person");
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() throws Exception { // issue 3 acceptance: bad input
        assertThat(as("heidi", "join", "No Such Group")).isEqualTo(2);
        assertThat(cli.err()).contains("no group named 'No Such Group'");
        assertThat(as("heidi", "request", "App Payroll Users", "--justification", "   ")).isEqualTo(2);
        assertThat(cli.err()).contains("justification");
        assertThat(as("heidi", "groups", "create", "x".repeat(65))).isEqualTo(2);
        assertThat(cli.err()).contains("at most 64 characters");
        assertThat(as("heidi", "groups", "create", "Finance Team")).isEqualTo(2);
        assertThat(cli.err()).contains("already exists");
        assertThat(as("heidi", "groups", "create", "Guild", "--kind", "distribution")).isEqualTo(1);
        assertThat(cli.err()).contains("(spec G4)");
        assertThat(as("heidi", "groups", "create", "Guild", "--policy", "whenever")).isEqualTo(2);
        assertThat(as("heidi", "members", "add", "Project Phoenix", "(uid=*)")).isEqualTo(2);
        assertThat(as("heidi", "audit", "--since", "last tuesday")).isEqualTo(2);
        assertThat(outboxRows()).isEmpty();

        assertThat(as("heidi", "groups", "create", "Ops *()\\,+\"<>; Café", "--kind", "unified")).as(cli.err())
                .isZero();
        assertThat(outboxRows()).containsExactly(
                "create-group cn=Ops *()\\\\\\,\\+\\\"\\<\\>\\; Café,ou=groups,dc=example,dc=com");
        assertThat(as("heidi", "groups", "show", "Ops *()\\,+\"<>; Café")).as(cli.err()).isZero();
    }

    @Test
    void settingsShowPrintsEverySettingAndItsVersion() throws Exception { // spec S1-S8
        assertThat(run(Map.of(), "settings", "show")).isZero();
        assertThat(cli.out()).containsPattern("settings.ownersCanManageJoinRequests +true +S1\n")
                .containsPattern("settings.premiumLicense +cn=premium licensed,ou=groups,dc=example,dc=com +S7\n")
                .containsPattern("version +\\w+ +S8\n").containsPattern("requests.expireAfter +\\S+ +R4\n");
    }
}
