package io.groupbridge.cli;

import io.groupbridge.selfservice.Listing;
import io.groupbridge.selfservice.MembershipEntry;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.sync.GroupSummary;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code groupbridge groups}: what the store knows of the directory's groups. Every subcommand signs in (A16); the
 * members of a group are shown only to those A2 lets see them.
 */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = "List, show, create, edit, rename and delete groups; `groups mine`"
        + " lists yours; renew, restore and list expiring groups (spec E).",
        subcommands = {GroupsCommand.ListCommand.class, GroupsCommand.ShowCommand.class,
                SelfServiceCommands.CreateGroup.class, SelfServiceCommands.EditGroup.class,
                SelfServiceCommands.RenameGroup.class,
                SelfServiceCommands.DeleteGroup.class, SelfServiceCommands.MyGroups.class,
                GroupExpirationCommands.Renew.class, GroupExpirationCommands.Restore.class,
                GroupExpirationCommands.Expiring.class, GroupExpirationCommands.Expired.class,
                GroupExpirationCommands.Expire.class})
final class GroupsCommand {

    @ParentCommand
    GroupbridgeCommand root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List groups with kind, channel, policy,"
            + " whether self-service applies and how many owners and members they have (spec A1: anyone signed in).")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        SignInOptions signIn;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Option(names = "--all", description = "include groups that have vanished from the directory")
        boolean all;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(groups.root, signIn, json, s -> {
                PrintWriter out = s.env().out();
                List<GroupSummary> list = s.queries().listGroups(all);
                if (json) {
                    new Json().print(out, list);
                    return ExitCodes.OK;
                }
                if (list.isEmpty()) {
                    out.println("the store holds no groups yet: run `groupbridge reconcile` first");
                    return ExitCodes.OK;
                }
                Table table = new Table("GROUP", "KIND", "CHANNEL", "POLICY", "SELF-SERVICE", "OWNERS", "MEMBERS",
                        "STATE")
                        .truncating("SELF-SERVICE");
                for (GroupSummary g : list) {
                    table.row(g.name(), g.kindText(), g.channel(), g.policy(), g.eligibilityText(), g.owners(),
                            g.members(), g.state());
                }
                table.print(out, s.env().columns());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one group with its owners and, for"
            + " its members, owners and administrators (spec A2), its members, each with its write-back status.")
    static final class ShowCommand implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        SignInOptions signIn;

        @Parameters(paramLabel = "GROUP", description = "the group's name, DN or id")
        String group;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(groups.root, signIn, json, s -> {
                GroupSummary g = s.group(group);
                List<MembershipEntry> owners = s.actions().memberships().owners(g.id());
                Listing<MembershipEntry> members = s.actions().memberships().members(s.actor(), g.id());
                Optional<String> hidden = members.refusal().map(Decision::message);
                PrintWriter out = s.env().out();
                if (json) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("group", g);
                    view.put("owners", owners.stream().map(SelfServiceCommands.EntryJson::of).toList());
                    hidden.ifPresentOrElse(why -> view.put("membersHidden", why),
                            () -> view.put("members", members.items().stream()
                                    .map(SelfServiceCommands.EntryJson::of).toList()));
                    new Json().print(out, view);
                    return ExitCodes.OK;
                }
                out.printf("%s%n  dn:           %s%n  kind:         %s%n  channel:      %s%n  policy:       %s%n"
                                + "  self-service: %s%n  state:        %s%n", g.name(), g.dn(), g.kindText(),
                                        g.channel(),
                        g.policy(), g.eligibilityText(), g.state());
                out.printf("  owners (%d):%n", owners.size());
                owners.forEach(o -> out.println("    " + line(o)));
                if (hidden.isPresent()) {
                    out.println("  members: not shown: " + hidden.get());
                    return ExitCodes.OK;
                }
                out.printf("  members (%d):%n", members.items().size());
                members.items().forEach(m -> out.println("    " + line(m)));
                return ExitCodes.OK;
            });
        }

        private static String line(MembershipEntry e) {
            return MembershipEntry.IN_DIRECTORY.equals(e.status()) ? e.dn() : e.dn() + "  (" + e.status() + ")";
        }
    }
}
