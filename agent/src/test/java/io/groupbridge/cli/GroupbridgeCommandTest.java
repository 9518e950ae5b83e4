package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which commands a command line builds: only the one it names, so that a one-shot command starts fast (issue 13). */
class GroupbridgeCommandTest {

    private final GroupbridgeCommand root = new GroupbridgeCommand(new CliEnvironment(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), Clock.systemUTC(),
            false));

    @Test
    void aCommandLineThatNamesItsCommandBuildsThatCommandAlone() {
        assertThat(subcommands("status")).containsExactly("status");
        assertThat(subcommands("members", "add", "G", "P", "--user", "grace")).containsExactly("members");
        assertThat(subcommands("-c", "conf/groupbridge.yaml", "-v", "groups", "list")).containsExactly("groups");
        assertThat(subcommands("--conf", "status", "reconcile")).as("the value of --conf is not the command")
                .containsExactly("reconcile");
        assertThat(subcommands("--conf=x.yaml", "--verbose", "outbox", "list")).containsExactly("outbox");
    }

    @Test
    void helpNoCommandAnUnknownOneOrAnUnknownOptionBuildEveryCommand() {
        int all = subcommands("help").length;
        assertThat(all).isGreaterThan(15);
        assertThat(subcommands()).hasSize(all);
        assertThat(subcommands("--help")).hasSize(all);
        assertThat(subcommands("stauts")).as("picocli suggests the near names").hasSize(all);
        assertThat(subcommands("-x", "status")).hasSize(all);
    }

    @Test
    void theUsageListsEveryCommandInItsOrder() {
        assertThat(subcommands("--help")).startsWith("reconcile", "run", "status", "groups", "conf").endsWith("help");
    }

    private String[] subcommands(String... args) {
        CommandLine cli = GroupbridgeCommand.commandLine(root, args);
        return cli.getSubcommands().keySet().toArray(String[]::new);
    }
}
