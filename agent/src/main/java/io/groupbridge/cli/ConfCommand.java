package io.groupbridge.cli;

import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.JdbcUrls;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code groupbridge conf check}: validates the conf without touching the directory or the store. */
@Command(name = "conf", mixinStandardHelpOptions = true, description = "Work with the conf file.",
        subcommands = {ConfCommand.CheckCommand.class})
final class ConfCommand {

    @ParentCommand
    GroupbridgeCommand root;

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate the conf file; errors name the file, line and key.")
    static final class CheckCommand implements Callable<Integer> {
        @ParentCommand
        ConfCommand conf;

        @Override
        public Integer call() throws Exception {
            GroupbridgeConfig config = conf.root.loadConfig();
            var out = conf.root.env.out();
            out.printf("%s: ok%n", config.source());
            out.printf("  directory: %s%n", config.directory().url());
            out.printf("  store:     %s%n", config.store().isEmbedded() ? "embedded"
                    : JdbcUrls.redact(config.store().url()));
            out.printf("  settings version: %s%n", config.settings().version());
            return ExitCodes.OK;
        }
    }
}
