package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, finding 7: every command that changes something takes {@code --json} and prints one JSON object on
 * stdout, its errors too ({@code code}, {@code rule}, {@code message}, {@code exitCode}); {@code settings show --json}
 * uses the conf's key names. Each shape is held to a golden file under {@code src/test/resources/golden/}, compared
 * after masking what changes from run to run (ids, timestamps, UUIDs, the settings version, the temporary home). A
 * mismatch leaves the masked actual output in {@code target/golden-actual/} to compare or copy.
 */
class JsonOutputTest {

    private static final String RUST = "Rust Guild";
    private static final Set<String> ID_FIELDS = Set.of("id", "groupId", "requestId");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[.\\d]*Z");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final CliHarness cli = CliHarness.withDemoPassword();

    @TempDir
    Path home;

    private TestHome testHome;
    private final List<String> mismatches = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE);
        assertThat(cli.run("--conf", conf(), "reconcile")).isZero();
    }

    @AfterEach
    void stop() {
        testHome.close();
        assertThat(mismatches).as("golden files that differ (actual output in target/golden-actual)").isEmpty();
    }

    @Test
    void everyCommandThatChangesSomethingPrintsItsResultAsOneJsonObject() throws Exception {
        golden("groups-create", 0, "groups", "create", RUST, "--kind", "unified", "--policy", "owner-approval",
                "--user", "heidi");
        JsonNode request = golden("request", 0, "request", RUST, "-j", "I write Rust", "--user", "niaj");
        golden("requests-approve", 0, "requests", "approve", id(request), "--user", "heidi");
        JsonNode erins = golden(null, 0, "request", RUST, "-j", "curious", "--user", "erin");
        golden("requests-deny", 0, "requests", "deny", id(erins), "--reason", "not now", "--user", "heidi");
        JsonNode judys = golden(null, 0, "request", RUST, "-j", "conference", "--user", "judy");
        golden("requests-cancel", 0, "requests", "cancel", id(judys), "--user", "judy");
        golden("join", 0, "join", "Book Club", "--user", "niaj");
        golden("leave", 0, "leave", "Book Club", "--user", "niaj");
        golden("members-add", 0, "members", "add", RUST, "erin", "--user", "heidi");
        golden("members-remove", 0, "members", "remove", RUST, "erin", "--user", "heidi");
        golden("owners-add", 0, "owners", "add", RUST, "niaj", "--user", "heidi");
        golden("owners-remove", 0, "owners", "remove", RUST, "niaj", "--user", "heidi");
        golden("groups-edit", 0, "groups", "edit", RUST, "--policy", "open", "--user", "heidi");
        golden("groups-rename", 0, "groups", "rename", RUST, "Rust Guild Team", "--user", "heidi");
        golden(null, 0, "groups", "rename", "Rust Guild Team", RUST, "--user", "heidi");
        golden("block", 0, "block", "Book Club", "peggy", "--user", "alice");
        golden("unblock", 0, "unblock", "Book Club", "peggy", "--user", "alice");
        golden("groups-delete", 0, "groups", "delete", RUST, "--user", "bob");
        golden("outbox-retry", 0, "outbox", "retry", "--all", "--user", "bob");
    }

    @Test
    void settingsShowUsesTheConfKeysWithTheSpecIdsApart() throws Exception {
        JsonNode settings = golden("settings-show", 0, "settings", "show");
        assertThat(settings.path("settings").has("ownersCanManageJoinRequests")).isTrue();
        assertThat(settings.path("spec").path("settings").path("ownersCanManageJoinRequests").asText())
                .isEqualTo("S1");
    }

    @Test
    void errorsUnderJsonAreOneObjectWithACodeTheRuleTheMessageAndTheExitCode() throws Exception {
        golden("error-refused", 1, "join", "VPN Users", "--user", "niaj");
        golden("error-unknown-group", 2, "join", "No Such Group", "--user", "niaj");
        golden("error-usage", 2, "requests", "approve", "--user", "heidi");
        golden("error-invalid-input", 2, "requests", "deny", "1", "--reason", " ", "--user", "heidi");
        golden("error-outbox-row-not-failed", 1, "outbox", "retry", "999", "--user", "bob");
        golden("error-refused-rule", 1, "block", "Book Club", "peggy", "--user", "niaj");

        CliHarness wrongPassword = new CliHarness(Map.of(SignInOptions.PASSWORD_VARIABLE, "not-the-password"));
        assertThat(wrongPassword.run("--conf", conf(), "join", "Book Club", "--user", "niaj", "--json")).isOne();
        compare("error-sign-in-failed", wrongPassword.out(), wrongPassword.err());

        assertThat(cli.run("--conf", home.resolve("missing.yaml").toString(), "settings", "show", "--json"))
                .isEqualTo(ExitCodes.USAGE);
        compare("error-conf-error", cli.out(), cli.err());
    }

    private String conf() {
        return testHome.confFile().toString();
    }

    private static String id(JsonNode result) {
        return result.path("requestId").asText();
    }

    /** Runs the command with --json, checks its exit code and, when {@code name} is given, its golden file. */
    private JsonNode golden(String name, int exitCode, String... args) throws IOException {
        String[] all = new String[args.length + 3];
        all[0] = "--conf";
        all[1] = conf();
        System.arraycopy(args, 0, all, 2, args.length);
        all[all.length - 1] = "--json";
        assertThat(cli.run(all)).as(String.join(" ", args) + "\n" + cli.out() + cli.err()).isEqualTo(exitCode);
        JsonNode actual = mapper.readTree(cli.out());
        if (name != null) {
            compare(name, cli.out(), cli.err());
        }
        return actual;
    }

    private void compare(String name, String out, String err) throws IOException {
        assertThat(err).as("stderr of " + name).isEmpty();
        JsonNode actual = mask(mapper.readTree(out));
        assertThat(actual.isObject()).as(out).isTrue();
        if (actual.has("version")) { // the settings version: a hash of the conf's settings
            ((ObjectNode) actual).put("version", "<version>");
        }
        if (!name.equals("settings-show")) {
            assertThat(actual.path("exitCode").isInt()).as(name + " has an exitCode").isTrue();
        }
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name + ".json")) {
            expected = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (expected == null || !mapper.readTree(expected).equals(actual)) {
            Path dump = Path.of("target", "golden-actual", name + ".json");
            Files.createDirectories(dump.getParent());
            Files.writeString(dump, mapper.writeValueAsString(actual) + "\n");
            mismatches.add(name);
        }
    }

    private JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (ID_FIELDS.contains(field.getKey()) && !field.getValue().isNull()) {
                    field.setValue(new TextNode("<id>"));
                } else {
                    field.setValue(mask(field.getValue()));
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, mask(array.get(i)));
            }
        } else if (node.isTextual()) {
            String text = node.asText().replace(home.toString(), "<home>");
            text = INSTANT.matcher(text).replaceAll("<time>");
            return new TextNode(UUID.matcher(text).replaceAll("<uuid>"));
        }
        return node;
    }
}
