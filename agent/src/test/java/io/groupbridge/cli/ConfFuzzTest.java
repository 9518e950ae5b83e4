package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing the shipped conf (issue 14, point 4): random mutations of conf/groupbridge.yaml (lines deleted, doubled,
 * swapped, re-indented or cut short, YAML metacharacters, control and non-ASCII characters inserted, values
 * replaced by odd ones, keys misspelled) through {@code groupbridge conf check}. Every answer is a pass (exit 0) or
 * a usage error (exit 2) naming the file and the line; never a stack trace, never one of the conf's secrets. Seeded
 * and bounded, so a failure repeats with the seed it prints.
 */
class ConfFuzzTest {

    private static final long SEED = 1414;
    private static final int TRIES = 400;
    private static final Duration BUDGET = Duration.ofSeconds(40);
    private static final List<String> SECRETS = List.of("fuzz-agent-s3cret", "fuzz-automation-s3cret");
    private static final String[] CHARACTERS = {":", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "\"",
        "'", "#", "\t", "\u0000", "\u0007", "\u001b[31m", "é", "\u202e", "\n", "- ", "\\", "\r", "\uFEFF", "? "};
    private static final String[] VALUES = {"", "-1", "99999999999999999999", "1e400", "yes", "null", "~", "[a, b]",
        "{a: 1}", "\"unterminated", "x".repeat(100_000), "ldap://", "0s", "\u0000", "${env:GROUPBRIDGE_FUZZ_MISSING}",
        "file:/nonexistent/fuzz/secret", "&anchor v", "*alias", "!!binary AAAA", "2001-13-45", "-", "|", ">",
        "'single", "0x1F", "1h30", "cn=x,,dc=y", "ldaps://h:99999", "jdbc:", "\u00e9\u00e8\u4e2d"};

    @TempDir
    Path home;

    @Test
    void everyMutationOfTheShippedConfPassesOrIsAUsageErrorNamingFileAndLineWithoutAStackTraceOrASecret()
            throws Exception {
        String shipped = Files.readString(Path.of("..", "conf", "groupbridge.yaml"))
                .replace("agent-secret", SECRETS.get(0)).replace("automation-secret", SECRETS.get(1));
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, shipped);
        CliHarness cli = new CliHarness();
        assertThat(cli.run("--conf", conf.toString(), "conf", "check")).as(cli.err()).isZero();

        Random random = new Random(SEED);
        Pattern fileAndLine = Pattern.compile(Pattern.quote(conf.toString()) + ":\\d+: ");
        Instant deadline = Instant.now().plus(BUDGET);
        int errors = 0;
        int tries = 0;
        for (; tries < TRIES && Instant.now().isBefore(deadline); tries++) {
            List<String> applied = new ArrayList<>();
            String mutated = shipped;
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                mutated = mutate(mutated, random, applied);
            }
            Files.writeString(conf, mutated);
            int exit = cli.run("--conf", conf.toString(), "conf", "check");
            String printed = cli.out() + cli.err();
            String what = "try " + tries + " (seed " + SEED + "): " + applied + "\n" + printed;
            assertThat(exit).as(what).isIn(0, 2);
            assertThat(printed).as(what).doesNotContain("\tat ", "Exception");
            for (String secret : SECRETS) {
                assertThat(printed).as(what).doesNotContain(secret);
            }
            if (exit == 2) {
                errors++;
                assertThat(fileAndLine.matcher(cli.err()).find()).as("file and line in: " + what).isTrue();
            }
        }
        System.err.printf("ConfFuzzTest: %d mutated confs, %d refused with file and line%n", tries, errors);
        // A loaded machine (two shared cores) gets through fewer in the budget; a handful still proves the check.
        assertThat(tries).as("tries within %s", BUDGET).isGreaterThanOrEqualTo(10);
        assertThat(errors).as("mutations that the loader refused, of %d", tries).isGreaterThan(tries / 3);
    }

    private static String mutate(String conf, Random random, List<String> applied) {
        List<String> lines = new ArrayList<>(Arrays.asList(conf.split("\n", -1)));
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        switch (random.nextInt(9)) {
            case 0 -> {
                lines.remove(i);
                applied.add("delete line " + (i + 1));
            }
            case 1 -> {
                lines.add(i, line);
                applied.add("double line " + (i + 1));
            }
            case 2 -> {
                int j = Math.min(lines.size() - 1, i + 1);
                lines.set(i, lines.get(j));
                lines.set(j, line);
                applied.add("swap lines " + (i + 1) + " and " + (j + 1));
            }
            case 3 -> {
                String indent = random.nextBoolean() ? "  " : "\t";
                lines.set(i, random.nextBoolean() || !line.startsWith("  ") ? indent + line : line.substring(2));
                applied.add("re-indent line " + (i + 1));
            }
            case 4 -> {
                String c = CHARACTERS[random.nextInt(CHARACTERS.length)];
                int at = random.nextInt(line.length() + 1);
                lines.set(i, line.substring(0, at) + c + line.substring(at));
                applied.add("insert " + escape(c) + " in line " + (i + 1));
            }
            case 5 -> {
                int cut = random.nextInt(conf.length() + 1);
                applied.add("cut at " + cut);
                return conf.substring(0, cut);
            }
            case 6, 7 -> {
                int colon = line.indexOf(": ");
                if (colon < 0 || line.strip().startsWith("#")) {
                    return mutate(conf, random, applied);
                }
                String v = VALUES[random.nextInt(VALUES.length)];
                lines.set(i, line.substring(0, colon + 2) + v);
                applied.add("value of line " + (i + 1) + " := " + escape(v.length() > 40 ? v.substring(0, 40) + "..."
                        : v));
            }
            default -> {
                int colon = line.indexOf(':');
                if (colon < 1 || line.strip().startsWith("#")) {
                    return mutate(conf, random, applied);
                }
                lines.set(i, line.substring(0, colon) + "x" + line.substring(colon));
                applied.add("misspell the key of line " + (i + 1));
            }
        }
        return String.join("\n", lines);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
