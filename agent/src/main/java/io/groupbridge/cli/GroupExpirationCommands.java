package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.GroupExpirationService;
import io.groupbridge.selfservice.GroupExpirationService.ExpirationRun;
import io.groupbridge.selfservice.GroupExpirationService.GroupLifetime;
import io.groupbridge.selfservice.GroupLifetimes.ExpiredGroup;
import io.groupbridge.sync.WriteBackReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Group expiration on the command line (spec E1-E4): {@code groups renew}, {@code groups restore}, the listings
 * {@code groups expiring} and {@code groups expired}, and {@code groups expire}, the daemon's job from a shell.
 */
final class GroupExpirationCommands {

    private GroupExpirationCommands() {
    }

    /** {@code groupbridge groups renew}. */
    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = "Renew a group so that its lifetime starts again (owners and administrators, spec E1).")
    static final class Renew implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(paramLabel = "GROUP", description = "the group's name, DN or id")
        String group;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(groups.root, signIn, output.json, s -> s.report(
                    s.actions().expiration().renew(s.actor(), s.groupId(group))));
        }
    }

    /** {@code groupbridge groups restore}. */
    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Re-create an expired group in the directory with its owners and members, within its"
                    + " restore window (administrators, spec E4).")
    static final class Restore implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(paramLabel = "GROUP", description = "the expired group's name, DN or id")
        String group;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(groups.root, signIn, output.json, s -> s.report(
                    s.actions().expiration().restore(s.actor(), s.groupId(group))));
        }
    }

    /**
     * One group under the policy, for {@code --json}.
     *
     * @param owners 0 for a group the administrators renew (E2)
     */
    record LifetimeJson(String id, String name, String dn, String kind, Instant expiresAt, Instant renewedAt,
            int owners) {
        static LifetimeJson of(GroupLifetime l) {
            return new LifetimeJson(l.group().id(), l.group().name(), l.group().dn().written(),
                    l.group().kind().wireName(), l.expiresAt(), l.renewedAt().orElse(null), l.owners());
        }
    }

    /** {@code groupbridge groups expiring}. */
    @Command(name = "expiring", mixinStandardHelpOptions = true,
            description = "The groups that expire unless renewed, soonest first, with their owner count; a group"
                    + " without owners is the administrators' to renew (spec E1, E2).")
    static final class Expiring implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        SignInOptions signIn;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(groups.root, signIn, json, s -> {
                GroupExpirationService expiration = s.actions().expiration();
                List<GroupLifetime> list = expiration.lifetimes();
                PrintWriter out = s.env().out();
                if (json) {
                    new Json().print(out, list.stream().map(LifetimeJson::of).toList());
                    return ExitCodes.OK;
                }
                if (!expiration.enabled()) {
                    out.println("groups do not expire: governance.expiration.lifetime is not set");
                    return ExitCodes.OK;
                }
                Table table = new Table("GROUP", "KIND", "EXPIRES", "OWNERS");
                for (GroupLifetime l : list) {
                    table.row(l.group().name(), l.group().kind().wireName(), l.expiresAt(),
                            l.owners() == 0 ? "none: administrators renew" : l.owners());
                }
                table.print(out, s.env().columns());
                return ExitCodes.OK;
            });
        }
    }

    /** An expired group, for {@code --json}. */
    record ExpiredJson(String id, String name, String dn, Instant expiredAt, Instant restoreUntil) {
        static ExpiredJson of(ExpiredGroup e) {
            return new ExpiredJson(e.group().id(), e.group().name(), e.group().dn().written(), e.expiredAt(),
                    e.restoreUntil());
        }
    }

    /** {@code groupbridge groups expired}. */
    @Command(name = "expired", mixinStandardHelpOptions = true,
            description = "The expired groups not restored, newest first, with the end of their restore window"
                    + " (spec E3, E4).")
    static final class Expired implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        SignInOptions signIn;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(groups.root, signIn, json, s -> {
                List<ExpiredGroup> list = s.actions().expiration().expiredGroups();
                PrintWriter out = s.env().out();
                if (json) {
                    new Json().print(out, list.stream().map(ExpiredJson::of).toList());
                    return ExitCodes.OK;
                }
                Table table = new Table("GROUP", "DN", "EXPIRED", "RESTORABLE UNTIL");
                for (ExpiredGroup e : list) {
                    table.row(e.group().name(), e.group().dn().written(), e.expiredAt(), e.restoreUntil());
                }
                table.print(out, s.env().columns());
                return ExitCodes.OK;
            });
        }
    }

    /**
     * {@code groupbridge groups expire}: the daemon's group-expiry job from a shell, for cron or a setup without the
     * daemon. The operator's, like {@code memberships end}: it acts with the conf's directory accounts and prints
     * counts.
     */
    @Command(name = "expire", mixinStandardHelpOptions = true,
            description = "Remind the owners of groups whose expiry is near and remove, through the write-back"
                    + " outbox, the groups whose expiry came, as the daemon's job does (spec E1-E3).")
    static final class Expire implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        JsonOption output;

        /**
         * @param expired   groups expired in this run
         * @param reminded  reminders sent
         * @param held      why the failsafe held the expiries back, or null
         * @param writeBack the write-back run that followed
         */
        record Report(int expired, int reminded, String held, WriteBackReport writeBack) {
        }

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = groups.root.env;
            try (GroupbridgeApp app = groups.root.openApp()) {
                ExpirationRun run = app.selfService().actions().expiration()
                        .expireGroups(GroupbridgeApp.groupExpiryLimit(app.config()));
                WriteBackReport wb = app.syncCycle().writeBack();
                if (output.json) {
                    new Json().print(env.out(), new Report(run.expired(), run.reminded(), run.held().orElse(null),
                            wb));
                } else {
                    env.out().println("groups expired: " + run.expired() + ", reminders sent: " + run.reminded());
                    run.held().ifPresent(h -> env.out().println("  held back by the failsafe"
                            + " (reconcile.maxRemovalShare): " + h));
                    if (!wb.nothingToDo()) {
                        ReconcileCommand.printWriteBack(env.out(), wb);
                    }
                }
                return run.held().isPresent() ? ExitCodes.FAILURE : ReconcileCommand.writeBackExitCode(wb);
            }
        }
    }
}
