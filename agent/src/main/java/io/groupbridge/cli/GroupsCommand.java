package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.directory.EntryMapper;
import io.groupbridge.store.GroupQueries;
import io.groupbridge.sync.GroupSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code groupbridge groups}: what the store knows of the directory's groups. */
@Command(name = "groups", mixinStandardHelpOptions = true, description = "List and show groups in the group store.",
        subcommands = {GroupsCommand.ListCommand.class, GroupsCommand.ShowCommand.class,
                SelfServiceCommands.CreateGroup.class, SelfServiceCommands.EditGroup.class,
                SelfServiceCommands.DeleteGroup.class, SelfServiceCommands.MyGroups.class})
final class GroupsCommand {

    @ParentCommand
    GroupbridgeCommand root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List groups with kind, channel, policy"
            + " and whether self-service applies.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Option(names = "--all", description = "include groups that have vanished from the directory")
        boolean all;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = groups.root.env;
            try (GroupbridgeApp app = groups.root.openApp()) {
                List<GroupSummary> list = app.store().queries().listGroups(all);
                if (json) {
                    new Json().print(env.out(), list);
                    return ExitCodes.OK;
                }
                if (list.isEmpty()) {
                    env.out().println("the store holds no groups yet: run `groupbridge reconcile` first");
                    return ExitCodes.OK;
                }
                Table table = new Table("GROUP", "KIND", "CHANNEL", "POLICY", "SELF-SERVICE", "OWNERS", "MEMBERS",
                        "STATE");
                for (GroupSummary g : list) {
                    table.row(g.name(), g.kindText(), g.channel(), g.policy(), g.eligibilityText(), g.owners(),
                            g.members(), g.state());
                }
                table.print(env.out());
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one group with its owners and members.")
    static final class ShowCommand implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Parameters(paramLabel = "GROUP", description = "the group's name or DN")
        String group;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = groups.root.env;
            try (GroupbridgeApp app = groups.root.openApp()) {
                GroupQueries queries = app.store().queries();
                GroupSummary g = resolve(queries, group);
                List<String> owners = queries.owners(g.id());
                List<String> members = queries.members(g.id());
                if (json) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("group", g);
                    view.put("owners", owners);
                    view.put("members", members);
                    new Json().print(env.out(), view);
                    return ExitCodes.OK;
                }
                var out = env.out();
                out.printf("%s%n  dn:           %s%n  kind:         %s%n  channel:      %s%n  policy:       %s%n"
                                + "  self-service: %s%n  state:        %s%n", g.name(), g.dn(), g.kindText(), g.channel(),
                        g.policy(), g.eligibilityText(), g.state());
                out.printf("  owners (%d):%n", owners.size());
                owners.forEach(o -> out.println("    " + o));
                out.printf("  members (%d):%n", members.size());
                members.forEach(m -> out.println("    " + m));
                return ExitCodes.OK;
            }
        }
    }

    /**
     * Finds a group by name or DN.
     *
     * @throws UsageException when nothing matches, or when a name matches several groups (listing them)
     */
    static GroupSummary resolve(GroupQueries queries, String nameOrDn) throws UsageException {
        String text = nameOrDn == null ? "" : nameOrDn.strip();
        if (text.isEmpty()) {
            throw new UsageException("a group name or DN is required");
        }
        List<GroupSummary> found = queries.findGroups(text, EntryMapper.normalize(text).orElse(null));
        if (found.isEmpty()) {
            throw new UsageException("no group named '" + text + "' (groups list shows them all)");
        }
        if (found.size() > 1) {
            StringBuilder sb = new StringBuilder("'" + text + "' names " + found.size()
                    + " groups; give the DN of the one you mean:");
            found.forEach(g -> sb.append(System.lineSeparator()).append("  ").append(g.dn()));
            throw new UsageException(sb.toString());
        }
        return found.get(0);
    }
}
