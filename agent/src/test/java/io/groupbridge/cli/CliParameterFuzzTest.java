package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.StoreDump;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing the command line's parameters (issue 14, point 4): people, groups, search texts, justifications and reasons
 * made of LDAP filter and DN metacharacters and control characters, in every self-service command that takes one.
 * None is read as a filter or a DN pattern: a wildcard or an injected filter names nobody and no group, so the command
 * refuses or fails with a sentence, never a stack trace, and the store (requests, outbox, memberships) changes only
 * through a command that names a real group and person. Seeded and bounded.
 */
class CliParameterFuzzTest {

    private static final long SEED = 1416;
    private static final int TRIES = 150;
    private static final Duration BUDGET = Duration.ofSeconds(40);
    private static final String[] NASTY = {"*", "(uid=*)", "*)(uid=*", "alice)(|(uid=*", "\\2a", "\\", "uid=*",
        "cn=*,ou=groups,dc=example,dc=com", "uid=alice,ou=people,dc=example,dc=com)(", ",", "+", "=", "#", "<>", ";",
        "\"", "\u0000", "\u001b[31m", "\u0007", "\r\n", "\t", "\u202e", "é", "中文", "%00", "../../etc/passwd", "",
        " ", "x".repeat(5000), "Finance Team*", "Finance Team)(cn=*", "cn=Finance Team,ou=groups,dc=example,dc=com*"};

    @TempDir
    Path home;

    @Test
    void metacharactersAndControlCharactersInParametersNameNothingAndNeverCrash() throws Exception {
        try (TestHome test = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            CliHarness cli = CliHarness.withDemoPassword();
            String conf = test.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).as(cli.err()).isZero();
            Map<String, List<String>> before = StoreDump.of(test.storeJdbi());
            Random random = new Random(SEED);
            Instant deadline = Instant.now().plus(BUDGET);
            int tries = 0;
            for (; tries < TRIES && Instant.now().isBefore(deadline); tries++) {
                String nasty = NASTY[random.nextInt(NASTY.length)] + (random.nextBoolean() ? ""
                        : NASTY[random.nextInt(NASTY.length)]);
                List<String> args = new ArrayList<>(List.of("--conf", conf));
                args.addAll(command(random, nasty));
                int exit = cli.run(args.toArray(String[]::new));
                String printed = cli.out() + cli.err();
                String what = "try " + tries + " (seed " + SEED + "): " + args.subList(2, args.size()) + "\n" + printed;
                assertThat(printed).as(what).doesNotContain("\tat ", "Exception");
                assertThat(exit).as(what).isNotZero();
            }
            // Each command opens the store and signs in; a loaded shared machine managed 10 in the budget.
            assertThat(tries).as("tries within %s", BUDGET).isGreaterThanOrEqualTo(5);
            Map<String, List<String>> after = StoreDump.of(test.storeJdbi());
            for (String table : List.of("directory_group", "group_member", "group_owner", "join_request", "outbox")) {
                assertThat(after.get(table)).as(table + " after %d commands", tries).isEqualTo(before.get(table));
            }
            System.err.printf("CliParameterFuzzTest: %d commands, none changed the store%n", tries);
        }
    }

    /** A command whose person or group (or both) is {@code nasty}; the other parameters are real. */
    private static List<String> command(Random random, String nasty) {
        boolean nastyPerson = random.nextBoolean();
        String person = nastyPerson ? nasty : "erin";
        String group = nastyPerson ? "Wiki Editors" : nasty;
        return switch (random.nextInt(9)) {
            case 0 -> List.of("join", group, "--user", nastyPerson ? nasty : "erin");
            case 1 -> List.of("request", nastyPerson ? "Project Phoenix" : nasty, "--justification", "please",
                    "--user", nastyPerson ? nasty : "erin");
            case 2 -> List.of("members", "add", group, person, "--user", "grace");
            case 3 -> List.of("members", "remove", group, person, "--user", "grace");
            case 4 -> List.of("owners", "add", group, person, "--user", "grace");
            case 5 -> List.of("leave", group, "--user", nastyPerson ? nasty : "heidi");
            case 6 -> List.of("groups", "show", nasty, "--user", "alice");
            case 7 -> List.of("block", group, person, "--user", "grace");
            default -> List.of("requests", "approve", nasty, "--user", "grace");
        };
    }
}
