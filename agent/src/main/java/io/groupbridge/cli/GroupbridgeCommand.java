package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigException;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.logging.ConsoleLevelFilter;
import io.groupbridge.store.StoreException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code groupbridge}: the top-level command. It finds and loads the conf once for whichever subcommand runs.
 */
@Command(name = "groupbridge", mixinStandardHelpOptions = true, version = "groupbridge 0.1.0",
        description = "Self-service group management for LDAP directories.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (directory, store, or a refused action)",
                "2:usage or conf error",
                "75:skipped, try again later (EX_TEMPFAIL): another reconcile or daemon holds the lock, or the"
                        + " failsafe stopped the run before it changed anything"})
final class GroupbridgeCommand {

    /*
     * In the order the usage lists them. Not in the @Command annotation: picocli would then build every command's
     * model by reflection at each start, most of a one-shot command's start-up work (issue 13, point 8), where a
     * command line that names its command needs that command's alone (see commandLine).
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ReconcileCommand.class, RunCommand.class,
            StatusCommand.class, GroupsCommand.class, ConfCommand.class, OutboxCommand.class, MembershipsCommand.class,
            ReviewsCommand.class, MailCommand.class, SelfServiceCommands.Join.class, SelfServiceCommands.Request.class,
            SelfServiceCommands.Requests.class, SelfServiceCommands.Members.class, SelfServiceCommands.Owners.class,
            SelfServiceCommands.Leave.class, SelfServiceCommands.Block.class, SelfServiceCommands.Unblock.class,
            SelfServiceCommands.Audit.class, SelfServiceCommands.Settings.class, SelfServiceCommands.Extend.class,
            CommandLine.HelpCommand.class);
    // The root's options that take a value, so that the value is not taken for the command's name.
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-c", "--conf");
    private static final Set<String> OPTIONS_WITHOUT_VALUE = Set.of("-v", "--verbose");

    @Option(names = {"-c", "--conf"}, paramLabel = "FILE",
            description = "conf file (default: $GROUPBRIDGE_CONF, else $GROUPBRIDGE_HOME/conf/groupbridge.yaml,"
                    + " else conf/groupbridge.yaml)")
    Path conf;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "show INFO log lines on stderr too (one-shot commands show only warnings and errors there;"
                    + " the log file keeps INFO)")
    boolean verbose;

    final CliEnvironment env;

    GroupbridgeCommand(CliEnvironment env) {
        this.env = env;
    }

    /** Parses and runs {@code args}; returns the exit code. */
    static int execute(CliEnvironment env, String... args) {
        CommandLine cli = commandLine(new GroupbridgeCommand(env), args);
        versionOnTopOnly(cli);
        cli.setOut(env.out());
        cli.setErr(env.err());
        cli.setExecutionStrategy(parsed -> {
            ConsoleLevelFilter.consoleShowsInfo(showsInfo(parsed));
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> error(e).print(env, wantsJson(parseResult)));
        CommandLine.IParameterExceptionHandler plain = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, parsed) -> {
            if (!Arrays.asList(parsed).contains("--json")) {
                return plain.handleParseException(e, parsed);
            }
            return new CliError(CliError.USAGE, null, e.getMessage(), ExitCodes.USAGE).print(env, true);
        });
        int code = cli.execute(args);
        env.out().flush();
        env.err().flush();
        return code;
    }

    /**
     * The command line with only the subcommand {@code args} names when it names one (other than {@code help}),
     * otherwise with them all, so that the usage, {@code help} and picocli's "did you mean" see every command.
     */
    static CommandLine commandLine(GroupbridgeCommand root, String... args) {
        Optional<String> named = subcommandName(args).filter(n -> !n.equals("help")
                && SUBCOMMANDS.stream().anyMatch(type -> name(type).equals(n)));
        CommandLine cli = new CommandLine(root);
        for (Class<?> type : SUBCOMMANDS) {
            if (named.isEmpty() || named.get().equals(name(type))) {
                cli.addSubcommand(name(type), type);
            }
        }
        return cli;
    }

    private static String name(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }

    /* The first word after the root's own options; empty when an option is one this does not know the shape of. */
    private static Optional<String> subcommandName(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("--conf=") && !OPTIONS_WITHOUT_VALUE.contains(a)) {
                return a.startsWith("-") ? Optional.empty() : Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static CliError error(Exception e) {
        if (e instanceof ConfigException) {
            return new CliError(CliError.CONF_ERROR, null, e.getMessage(), ExitCodes.USAGE);
        }
        if (e instanceof UsageException usage) {
            return CliError.usage(usage);
        }
        return new CliError(CliError.FAILURE, null, String.valueOf(e.getMessage()), ExitCodes.FAILURE);
    }

    /* The daemon's INFO lines are its record of what it does; a one-shot command's result is its output. */
    private static boolean showsInfo(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose") || p.commandSpec().userObject() instanceof RunCommand) {
                return true;
            }
        }
        return false;
    }

    /** Whether the command that ran (the innermost subcommand) was given {@code --json}. */
    private static boolean wantsJson(ParseResult parsed) {
        ParseResult leaf = parsed;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        return leaf.hasMatchedOption("--json");
    }

    /*
     * Every command mixes in the standard help options for -h; only groupbridge itself has a version to show, so the
     * subcommands' -V, --version would be noise in their usage.
     */
    private static void versionOnTopOnly(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            OptionSpec version = spec.findOption("--version");
            if (version != null) {
                spec.remove(version);
            }
            versionOnTopOnly(sub);
        }
    }

    Path confPath() {
        if (conf != null) {
            return conf;
        }
        String explicit = env.environment().get("GROUPBRIDGE_CONF");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String home = env.environment().get("GROUPBRIDGE_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "conf", "groupbridge.yaml");
        }
        return Path.of("conf", "groupbridge.yaml");
    }

    GroupbridgeConfig loadConfig() throws ConfigException {
        return new ConfigLoader(env.environment()).load(confPath());
    }

    GroupbridgeApp openApp() throws ConfigException, StoreException {
        return GroupbridgeApp.open(loadConfig(), env.clock());
    }
}
