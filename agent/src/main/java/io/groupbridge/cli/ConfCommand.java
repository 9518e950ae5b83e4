package io.groupbridge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.groupbridge.config.ConfigException;
import io.groupbridge.config.EffectiveConfig;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.JdbcUrls;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code groupbridge conf check|show}: the conf without touching the directory or the store. */
@Command(name = "conf", mixinStandardHelpOptions = true, description = "Check or show the conf file.",
        subcommands = {ConfCommand.CheckCommand.class, ConfCommand.ShowCommand.class})
final class ConfCommand {

    @ParentCommand
    GroupbridgeCommand root;

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate the conf file; errors name the file, line and key.")
    static final class CheckCommand implements Callable<Integer> {
        @ParentCommand
        ConfCommand conf;

        @Option(names = "--json", description = "print the result as JSON: valid, file, and the error or a summary")
        boolean json;

        @Override
        public Integer call() throws Exception {
            var out = conf.root.env.out();
            if (json) {
                return checkJson(out);
            }
            GroupbridgeConfig config = conf.root.loadConfig();
            out.printf("%s: ok%n", config.source());
            out.printf("  directory: %s%n", config.directory().url());
            out.printf("  store:     %s%n", store(config));
            out.printf("  settings version: %s%n", config.settings().version());
            return ExitCodes.OK;
        }

        /* A conf error is the answer here, not a failure of the command: it goes to stdout with the usual exit 2. */
        private int checkJson(PrintWriter out) {
            Map<String, Object> result = new LinkedHashMap<>();
            try {
                GroupbridgeConfig config = conf.root.loadConfig();
                result.put("valid", true);
                result.put("file", config.source().toString());
                result.put("directory", config.directory().url());
                result.put("store", store(config));
                result.put("settingsVersion", config.settings().version());
                new Json().print(out, result);
                return ExitCodes.OK;
            } catch (ConfigException e) {
                result.put("valid", false);
                result.put("file", e.file().toString());
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", "conf");
                error.put("message", e.getMessage());
                if (e.line() > 0) {
                    error.put("line", e.line());
                }
                if (!e.key().isEmpty()) {
                    error.put("key", e.key());
                }
                error.put("problem", e.problem());
                error.put("expected", e.expected());
                error.put("exitCode", ExitCodes.USAGE);
                result.put("error", error);
                new Json().print(out, result);
                return ExitCodes.USAGE;
            }
        }

        private static String store(GroupbridgeConfig config) {
            return config.store().isEmbedded() ? "embedded" : JdbcUrls.redact(config.store().url());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the conf as loaded, every default filled in and every secret masked as "
                    + EffectiveConfig.MASK + ".")
    static final class ShowCommand implements Callable<Integer> {
        @ParentCommand
        ConfCommand conf;

        @Option(names = "--effective", required = true,
                description = "the conf in force: the file's values merged over the defaults")
        boolean effective;

        @Option(names = "--json", description = "print JSON instead of YAML")
        boolean json;

        @Override
        public Integer call() throws Exception {
            GroupbridgeConfig config = conf.root.loadConfig();
            Map<String, Object> tree = EffectiveConfig.tree(config);
            var out = conf.root.env.out();
            if (json) {
                new Json().print(out, tree);
            } else {
                out.println("# " + config.source() + " with every default filled in; secrets masked");
                out.print(yaml(tree));
            }
            return ExitCodes.OK;
        }

        private static String yaml(Map<String, Object> tree) {
            ObjectMapper mapper = new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build());
            try {
                return mapper.writeValueAsString(tree);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the effective conf as YAML", e);
            }
        }
    }
}
