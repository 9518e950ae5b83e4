package io.groupbridge.cli;

import io.groupbridge.SettingsView;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.AuditRecord;
import io.groupbridge.selfservice.BulkAddResult;
import io.groupbridge.selfservice.EffectiveMember;
import io.groupbridge.selfservice.EffectiveMembers;
import io.groupbridge.selfservice.MemberToAdd;
import io.groupbridge.selfservice.JoinRequest;
import io.groupbridge.selfservice.Listing;
import io.groupbridge.selfservice.MyGroup;
import io.groupbridge.selfservice.MembershipEntry;
import io.groupbridge.selfservice.rules.MembershipTerms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.MDC;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The self-service commands (spec A, P, R). Each signs in first (A16); a group is named by its name, DN or id, a person
 * by DN, uid or mail. Exit codes: 0 done, 1 refused or invalid credentials, 2 bad input.
 */
final class SelfServiceCommands {

    private SelfServiceCommands() {
    }

    /** {@code groupbridge join GROUP}. */
    @Command(name = "join", mixinStandardHelpOptions = true,
            description = "Join an open group at once; for a group that needs owner approval use `request`.")
    static final class Join implements Callable<Integer> {
        @ParentCommand
        GroupbridgeCommand root;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(paramLabel = "GROUP", description = "the group's name, DN or id")
        String group;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(root, signIn, output.json, s -> s.report(
                    s.actions().memberships().join(s.actor(), s.groupId(group), "")));
        }
    }

    /** {@code groupbridge request GROUP --justification TEXT}. */
    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "Ask to join a group whose owners approve members (spec P2).")
    static final class Request implements Callable<Integer> {
        @ParentCommand
        GroupbridgeCommand root;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(paramLabel = "GROUP", description = "the group's name, DN or id")
        String group;

        @Option(names = {"-j", "--justification"}, required = true, paramLabel = "TEXT",
                description = "why you need to be in the group (required, not blank)")
        String justification;

        @Override
        public Integer call() throws Exception {
            if (justification.isBlank()) {
                throw new UsageException("a request needs a business justification: --justification must not be blank");
            }
            return SelfServiceSession.run(root, signIn, output.json, s -> s.report(
                    s.actions().memberships().join(s.actor(), s.groupId(group), justification)));
        }
    }

    /** {@code groupbridge extend GROUP --until DATE [--justification TEXT]}. */
    @Command(name = "extend", mixinStandardHelpOptions = true,
            description = "Ask the owners to extend your membership of a group, which ends (spec T6); they decide it"
                    + " as a join request (`requests approve|deny`).")
    static final class Extend implements Callable<Integer> {
        @ParentCommand
        GroupbridgeCommand root;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(paramLabel = "GROUP", description = "the group's name, DN or id")
        String group;

        @Option(names = "--until", required = true, paramLabel = "DATE", description = "the last day you ask the"
                + " membership to last, UTC (2024-06-30); after its end now and within the group's longest (T2)")
        String until;

        @Option(names = {"-j", "--justification"}, paramLabel = "TEXT", description = "why, for the owners")
        String justification;

        @Override
        public Integer call() throws Exception {
            LocalDate last = until(until).orElseThrow();
            return SelfServiceSession.run(root, signIn, output.json, s -> s.report(
                    s.actions().requests().askToExtend(s.actor(), s.groupId(group), last, justification)));
        }
    }

    /** {@code groupbridge leave GROUP}. */
    @Command(name = "leave", mixinStandardHelpOptions = true, description = "Leave a group.")
    static final class Leave implements Callable<Integer> {
        @ParentCommand
        GroupbridgeCommand root;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(paramLabel = "GROUP", description = "the group's name, DN or id")
        String group;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(root, signIn, output.json, s -> s.report(s.actions().memberships()
                    .leave(s.actor(),
                    s.groupId(group))));
        }
    }

    /** {@code groupbridge block GROUP USER}. */
    @Command(name = "block", mixinStandardHelpOptions = true,
            description = "Remove a person from a group and refuse their future requests (administrators, spec A12).")
    static final class Block implements Callable<Integer> {
        @ParentCommand
        GroupbridgeCommand root;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(index = "0", paramLabel = "GROUP", description = "the group's name, DN or id")
        String group;

        @Parameters(index = "1", paramLabel = "USER", description = "the person's DN, uid or mail")
        String person;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(root, signIn, output.json, s -> s.report(s.actions().groups().block(s.actor(),
                    s.groupId(group), person)));
        }
    }

    /** {@code groupbridge unblock GROUP USER}. */
    @Command(name = "unblock", mixinStandardHelpOptions = true,
            description = "Lift a block, so the person may join or ask to join again; they are not put back in the"
                    + " group (administrators, spec A12).")
    static final class Unblock implements Callable<Integer> {
        @ParentCommand
        GroupbridgeCommand root;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(index = "0", paramLabel = "GROUP", description = "the group's name, DN or id")
        String group;

        @Parameters(index = "1", paramLabel = "USER", description = "the person's DN, uid or mail")
        String person;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(root, signIn, output.json, s -> s.report(s.actions().groups()
                    .unblock(s.actor(), s.groupId(group), person)));
        }
    }

    /** {@code groupbridge requests list|approve|deny|cancel}. */
    @Command(name = "requests", mixinStandardHelpOptions = true, description = "List and decide join requests.",
            subcommands = {Requests.ListRequests.class, Requests.Approve.class, Requests.Deny.class,
                    Requests.Cancel.class})
    static final class Requests {
        @ParentCommand
        GroupbridgeCommand root;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Requests you may see: those of groups"
                + " you own and your own; administrators see all. Expired requests are closed first (spec R4).")
        static final class ListRequests implements Callable<Integer> {
            @ParentCommand
            Requests parent;

            @Mixin
            SignInOptions signIn;

            @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "only this group's requests")
            String group;

            @Option(names = "--all", description = "include decided, cancelled and expired requests")
            boolean all;

            @Option(names = "--json", description = "print JSON")
            boolean json;

            @Override
            public Integer call() throws Exception {
                return SelfServiceSession.run(parent.root, signIn, json, s -> {
                    String groupId = group == null ? null : s.groupId(group);
                    Listing<JoinRequest> listing = s.actions().requests().requests(s.actor(), groupId, !all);
                    if (listing.refusal().isPresent()) {
                        return s.refused(listing.refusal().get());
                    }
                    if (json) {
                        new Json().print(s.env().out(), listing.items());
                        return ExitCodes.OK;
                    }
                    if (listing.items().isEmpty()) {
                        s.env().out().println(all ? "no requests" : "no pending requests");
                        return ExitCodes.OK;
                    }
                    // T6: extensions get a column with the last day asked for only where there are any.
                    boolean extensions = listing.items().stream().anyMatch(JoinRequest::extension);
                    Table table = (extensions ? new Table("ID", "GROUP", "REQUESTER", "STATE", "CREATED",
                            "EXTEND TO", "JUSTIFICATION", "REASON") : new Table("ID", "GROUP", "REQUESTER", "STATE",
                            "CREATED", "JUSTIFICATION", "REASON")).truncating("JUSTIFICATION", "REASON");
                    for (JoinRequest r : listing.items()) {
                        if (extensions) {
                            table.row(r.id(), r.groupName(), r.requester().written(), r.state().wireName(),
                                    r.createdAt(), r.wantedEnd().map(MembershipTerms::lastDay).map(LocalDate::toString)
                                    .orElse(""), r.justification(), r.reason());
                        } else {
                            table.row(r.id(), r.groupName(), r.requester().written(), r.state().wireName(),
                                    r.createdAt(), r.justification(), r.reason());
                        }
                    }
                    table.print(s.env().out(), s.env().columns());
                    return ExitCodes.OK;
                });
            }
        }

        @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a pending request.")
        static final class Approve implements Callable<Integer> {
            @ParentCommand
            Requests parent;

            @Mixin
            SignInOptions signIn;

            @Mixin
            JsonOption output;

            @Parameters(paramLabel = "ID", description = "the request's id (requests list shows it)")
            long id;

            @Option(names = "--reason", paramLabel = "TEXT", description = "an optional note for the requester")
            String reason;

            @Option(names = "--until", paramLabel = "DATE", description = "the last day of the membership, UTC"
                    + " (2024-06-30; spec T1); within the group's longest, and required where the group needs one;"
                    + " an extension (T6) without it gets the day the member asked for")
            String until;

            @Override
            public Integer call() throws Exception {
                Optional<LocalDate> last = until(until);
                return forRequest(id, () -> SelfServiceSession.run(parent.root, signIn, output.json, s -> s.report(
                        s.actions().requests().decide(s.actor(), id, true, reason, last))));
            }
        }

        @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a pending request.")
        static final class Deny implements Callable<Integer> {
            @ParentCommand
            Requests parent;

            @Mixin
            SignInOptions signIn;

            @Mixin
            JsonOption output;

            @Parameters(paramLabel = "ID", description = "the request's id (requests list shows it)")
            long id;

            @Option(names = "--reason", required = true, paramLabel = "TEXT",
                    description = "why, for the requester (required)")
            String reason;

            @Override
            public Integer call() throws Exception {
                return forRequest(id, () -> SelfServiceSession.run(parent.root, signIn, output.json, s -> s.report(
                        s.actions().requests().decide(s.actor(), id, false, reason))));
            }
        }

        @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Withdraw your own pending request.")
        static final class Cancel implements Callable<Integer> {
            @ParentCommand
            Requests parent;

            @Mixin
            SignInOptions signIn;

            @Mixin
            JsonOption output;

            @Parameters(paramLabel = "ID", description = "the request's id")
            long id;

            @Override
            public Integer call() throws Exception {
                return forRequest(id, () -> SelfServiceSession.run(parent.root, signIn, output.json, s -> s.report(
                        s.actions().requests().cancelRequest(s.actor(), id))));
            }
        }
    }

    /** {@code groupbridge members add|remove|list}. */
    @Command(name = "members", mixinStandardHelpOptions = true, description = "List, add and remove members.",
            subcommands = {Members.ListMembers.class, Members.Add.class, Members.Remove.class})
    static final class Members {
        @ParentCommand
        GroupbridgeCommand root;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The members, with write-backs that"
                + " are still pending (spec A2: members, owners and administrators only).")
        static final class ListMembers implements Callable<Integer> {
            @ParentCommand
            Members parent;

            @Mixin
            SignInOptions signIn;

            @Parameters(paramLabel = "GROUP", description = "the group's name, DN or id")
            String group;

            @Option(names = "--json", description = "print JSON")
            boolean json;

            @Option(names = "--csv", description = "print CSV (RFC 4180, spec B2): member, status, until; with"
                    + " --effective also via")
            boolean csv;

            @Option(names = "--effective", description = "also the people who are members through a nested group,"
                    + " after the direct members, each with the group they come through (spec B3); the rules count"
                    + " direct members only")
            boolean effective;

            @Override
            public Integer call() throws Exception {
                if (json && csv) {
                    throw new UsageException("--json or --csv, not both");
                }
                return SelfServiceSession.run(parent.root, signIn, json, s -> {
                    String groupId = s.groupId(group);
                    var listing = s.actions().memberships().members(s.actor(), groupId);
                    if (listing.refusal().isPresent()) {
                        return s.refused(listing.refusal().get());
                    }
                    if (csv) {
                        List<Object> header = new ArrayList<>(List.of("member", "status", "until"));
                        if (effective) {
                            header.add("via");
                        }
                        Csv.print(s.env().out(), header.toArray());
                        for (MembershipEntry e : listing.items()) {
                            Object until = e.endsAt().map(MembershipTerms::lastDay).orElse(null);
                            Csv.print(s.env().out(), effective ? new Object[] {e.dn(), e.status(), until, DIRECT}
                                    : new Object[] {e.dn(), e.status(), until});
                        }
                        // A page at a time, each printed as it comes: the store walks the nesting for each page.
                        return effectivePages(s, groupId, page -> page.forEach(m -> Csv.print(s.env().out(), m.dn(),
                                MembershipEntry.IN_DIRECTORY, null, m.via().dn())));
                    }
                    if (!effective) {
                        return printEntries(s, listing.items(), "MEMBER", json);
                    }
                    List<EffectiveMember> nested = new ArrayList<>();
                    int refused = effectivePages(s, groupId, nested::addAll);
                    return refused != ExitCodes.OK ? refused : printWithEffective(s, listing.items(), nested, json);
                });
            }

            /** Hands {@code page} every page of the effective members when asked for them (B3). */
            private int effectivePages(SelfServiceSession s, String groupId, Consumer<List<EffectiveMember>> page) {
                int offset = 0;
                boolean more = effective;
                while (more) {
                    EffectiveMembers found = s.actions().memberships().effectiveMembers(s.actor(), groupId, offset,
                            EFFECTIVE_PAGE);
                    if (found.refusal().isPresent()) {
                        return s.refused(found.refusal().get());
                    }
                    page.accept(found.items());
                    offset += found.items().size();
                    more = !found.items().isEmpty() && offset < found.total();
                }
                return ExitCodes.OK;
            }
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a person (owners and admins).")
        static final class Add implements Callable<Integer> {
            @ParentCommand
            Members parent;

            @Mixin
            SignInOptions signIn;

            @Mixin
            JsonOption output;

            @Parameters(index = "0", paramLabel = "GROUP", description = "the group's name, DN or id")
            String group;

            @Parameters(index = "1", arity = "0..1", paramLabel = "PERSON",
                    description = "the person's DN, uid or mail; or --file")
            String person;

            @Option(names = "--until", paramLabel = "DATE", description = "the last day of the membership, UTC"
                    + " (2024-06-30; spec T1); for a member already in, moves the end, or clears it when left out")
            String until;

            @Option(names = "--file", paramLabel = "FILE", description = "add everyone a CSV file lists (spec B1):"
                    + " one person a line, a DN, uid or mail, then optionally their last day; a first line"
                    + " `person,until` is a header; all or nothing: if anyone is refused, nobody is added and each"
                    + " refusal is listed with its rule")
            Path file;

            @Override
            public Integer call() throws Exception {
                if ((person == null) == (file == null)) {
                    throw new UsageException("give a PERSON or --file FILE, not both or neither");
                }
                if (file != null) {
                    if (until != null) {
                        throw new UsageException("--until goes into the file's second column with --file");
                    }
                    BulkList list = BulkList.read(file);
                    return SelfServiceSession.run(parent.root, signIn, output.json, s -> bulk(s, list,
                            s.actions().memberships().addMembers(s.actor(), s.groupId(group), list.people())));
                }
                Optional<LocalDate> last = until(until);
                return SelfServiceSession.run(parent.root, signIn, output.json, s -> s.report(
                        s.actions().memberships().addMember(s.actor(), s.groupId(group), person, last)));
            }

            private int bulk(SelfServiceSession s, BulkList list, BulkAddResult result) {
                if (result.summary().allowed()) {
                    if (!output.json) {
                        result.rows().forEach(r -> s.env().out().println(r.message()));
                    }
                    return s.report(result.summary());
                }
                if (output.json) {
                    new Json().print(s.env().out(), new BulkRefusedJson("refused", result.summary().rule(),
                            result.summary().message(), ExitCodes.FAILURE, result.refused().stream()
                            .map(r -> new BulkRefusedJson.Line(list.lines().get(r.line() - 1), r.person(), r.rule(),
                                    r.message())).toList()));
                    return ExitCodes.FAILURE;
                }
                s.env().err().println("error: " + result.summary().message() + " (spec B1):");
                Table table = new Table("LINE", "PERSON", "RULE", "WHY").truncating("WHY");
                for (BulkAddResult.Refusal r : result.refused()) {
                    table.row(list.lines().get(r.line() - 1), r.person(), r.rule(), r.message());
                }
                table.print(s.env().err(), s.env().columns());
                return ExitCodes.FAILURE;
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a member (owners and admins).")
        static final class Remove implements Callable<Integer> {
            @ParentCommand
            Members parent;

            @Mixin
            SignInOptions signIn;

            @Mixin
            JsonOption output;

            @Parameters(index = "0", paramLabel = "GROUP", description = "the group's name, DN or id")
            String group;

            @Parameters(index = "1", paramLabel = "PERSON", description = "the person's DN, uid or mail")
            String person;

            @Override
            public Integer call() throws Exception {
                return SelfServiceSession.run(parent.root, signIn, output.json, s -> s.report(
                        s.actions().memberships().removeMember(s.actor(), s.groupId(group), person)));
            }
        }
    }

    /** {@code groupbridge owners add|remove|list}. */
    @Command(name = "owners", mixinStandardHelpOptions = true, description = "List, add and remove owners.",
            subcommands = {Owners.ListOwners.class, Owners.Add.class, Owners.Remove.class})
    static final class Owners {
        @ParentCommand
        GroupbridgeCommand root;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The owners, with pending write-backs.")
        static final class ListOwners implements Callable<Integer> {
            @ParentCommand
            Owners parent;

            @Mixin
            SignInOptions signIn;

            @Parameters(paramLabel = "GROUP", description = "the group's name, DN or id")
            String group;

            @Option(names = "--json", description = "print JSON")
            boolean json;

            @Override
            public Integer call() throws Exception {
                return SelfServiceSession.run(parent.root, signIn, json, s -> printEntries(s,
                        s.actions().memberships().owners(s.groupId(group)), "OWNER", json));
            }
        }

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = "Make a member an owner (owners per ownerAssignment, spec S6; admins always).")
        static final class Add implements Callable<Integer> {
            @ParentCommand
            Owners parent;

            @Mixin
            SignInOptions signIn;

            @Mixin
            JsonOption output;

            @Parameters(index = "0", paramLabel = "GROUP", description = "the group's name, DN or id")
            String group;

            @Parameters(index = "1", paramLabel = "PERSON", description = "the person's DN, uid or mail")
            String person;

            @Override
            public Integer call() throws Exception {
                return SelfServiceSession.run(parent.root, signIn, output.json, s -> s.report(
                        s.actions().memberships().addOwner(s.actor(), s.groupId(group), person)));
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true,
                description = "Remove an owner; owners cannot remove the last one (spec A10).")
        static final class Remove implements Callable<Integer> {
            @ParentCommand
            Owners parent;

            @Mixin
            SignInOptions signIn;

            @Mixin
            JsonOption output;

            @Parameters(index = "0", paramLabel = "GROUP", description = "the group's name, DN or id")
            String group;

            @Parameters(index = "1", paramLabel = "PERSON", description = "the person's DN, uid or mail")
            String person;

            @Override
            public Integer call() throws Exception {
                return SelfServiceSession.run(parent.root, signIn, output.json, s -> s.report(
                        s.actions().memberships().removeOwner(s.actor(), s.groupId(group), person)));
            }
        }
    }

    /* The request's id on every log line of its decision (conf/logback.xml), so its trail can be followed. */
    private static int forRequest(long id, Callable<Integer> decision) throws Exception {
        try (MDC.MDCCloseable logged = MDC.putCloseable("request", Long.toString(id))) {
            return decision.call();
        }
    }

    private static int printEntries(SelfServiceSession s, List<MembershipEntry> entries, String heading,
            boolean json) {
        if (json) {
            new Json().print(s.env().out(), entries.stream().map(EntryJson::of).toList());
            return ExitCodes.OK;
        }
        if (entries.isEmpty()) {
            s.env().out().println("none");
            return ExitCodes.OK;
        }
        boolean ending = entries.stream().anyMatch(e -> e.endsAt().isPresent());
        Table table = ending ? new Table(heading, "STATUS", "UNTIL") : new Table(heading, "STATUS");
        for (MembershipEntry e : entries) {
            if (ending) {
                // The last day the membership includes, as it was given (spec T1): it ends when that day is over.
                table.row(e.dn(), e.status(), e.endsAt().map(MembershipTerms::lastDay).map(LocalDate::toString)
                        .orElse(""));
            } else {
                table.row(e.dn(), e.status());
            }
        }
        table.print(s.env().out(), s.env().columns());
        return ExitCodes.OK;
    }

    // How a listing with effective members (B3) says that a membership is direct.
    private static final String DIRECT = "direct";
    private static final int EFFECTIVE_PAGE = 500;

    private static int printWithEffective(SelfServiceSession s, List<MembershipEntry> direct,
            List<EffectiveMember> nested, boolean json) {
        if (json) {
            List<MemberJson> all = new ArrayList<>();
            direct.forEach(e -> all.add(new MemberJson(e.dn(), e.status(), e.endsAt().orElse(null), null)));
            nested.forEach(m -> all.add(new MemberJson(m.dn(), MembershipEntry.IN_DIRECTORY, null, m.via())));
            new Json().print(s.env().out(), all);
            return ExitCodes.OK;
        }
        if (direct.isEmpty() && nested.isEmpty()) {
            s.env().out().println("none");
            return ExitCodes.OK;
        }
        Table table = new Table("MEMBER", "STATUS", "UNTIL", "VIA");
        for (MembershipEntry e : direct) {
            table.row(e.dn(), e.status(), e.endsAt().map(MembershipTerms::lastDay).map(LocalDate::toString)
                    .orElse(""), DIRECT);
        }
        for (EffectiveMember m : nested) {
            table.row(m.dn(), MembershipEntry.IN_DIRECTORY, "", m.via().name());
        }
        table.print(s.env().out(), s.env().columns());
        return ExitCodes.OK;
    }

    /**
     * A member in {@code members list --effective --json} (spec B3).
     *
     * @param via the nested group the membership comes through, {@code null} for a direct member
     */
    record MemberJson(String dn, String status, Instant endsAt, EffectiveMember.Via via) {
    }

    /**
     * A member or owner in {@code --json}.
     *
     * @param endsAt when the membership ends (spec T1, T5), {@code null} when it does not
     */
    record EntryJson(String dn, String status, Instant endsAt) {
        static EntryJson of(MembershipEntry e) {
            return new EntryJson(e.dn(), e.status(), e.endsAt().orElse(null));
        }
    }

    /**
     * A list of people to add (spec B1) read from a CSV file: a person and optionally their last day on each line,
     * blank lines skipped, a first line {@code person[,until]} taken as a header.
     *
     * @param lines the file's line (from 1) of each person, for the report of refusals
     */
    record BulkList(List<MemberToAdd> people, List<Integer> lines) {
        static BulkList read(Path file) throws UsageException {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("--file " + file + " cannot be read: " + e.getMessage());
            }
            List<List<String>> records;
            try {
                records = Csv.read(text);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--file " + file + " is not CSV (RFC 4180): " + e.getMessage());
            }
            List<MemberToAdd> people = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                List<String> r = records.get(i);
                String who = r.get(0).strip();
                if (r.size() == 1 && who.isEmpty() || i == 0 && who.equalsIgnoreCase("person")) {
                    continue;
                }
                if (r.size() > 2) {
                    throw new UsageException("--file " + file + ", line " + (i + 1) + ": " + r.size()
                            + " cells; give a person and optionally the last day of the membership");
                }
                Optional<LocalDate> last;
                try {
                    last = r.size() < 2 || r.get(1).isBlank() ? Optional.empty()
                            : Optional.of(LocalDate.parse(r.get(1).strip()));
                } catch (DateTimeParseException e) {
                    throw new UsageException("--file " + file + ", line " + (i + 1) + ": '" + r.get(1)
                            + "' is not a date such as 2024-06-30 (the last day of the membership, UTC)");
                }
                people.add(new MemberToAdd(who, last));
                lines.add(i + 1);
            }
            if (people.isEmpty()) {
                throw new UsageException("--file " + file + " lists nobody");
            }
            return new BulkList(List.copyOf(people), List.copyOf(lines));
        }
    }

    /** A bulk add's refusal in {@code --json}: the shape of every error, with each person refused. */
    record BulkRefusedJson(String code, String rule, String message, int exitCode, List<Line> refused) {
        record Line(int line, String person, String rule, String message) {
        }
    }

    /** The end date option's value: a day, UTC (spec T1). */
    static Optional<LocalDate> until(String text) throws UsageException {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw new UsageException("--until '" + text + "' is not a date such as 2024-06-30 (the last day of the"
                    + " membership, UTC)");
        }
    }

    /** {@code groupbridge audit [--group G] [--since T]}. */
    @Command(name = "audit", mixinStandardHelpOptions = true, description = "Read the audit log (spec A13): your own"
            + " actions, a group's entries if you own it, everything if you are an administrator.")
    static final class Audit implements Callable<Integer> {
        @ParentCommand
        GroupbridgeCommand root;

        @Mixin
        SignInOptions signIn;

        @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "only this group's entries")
        String group;

        @Option(names = "--since", paramLabel = "TIME", description = "only entries at or after TIME: an ISO-8601"
                + " instant (2024-06-01T08:00:00Z) or a date (2024-06-01, UTC)")
        String since;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "200", description = "at most N entries, newest"
                + " first (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Option(names = "--csv", description = "print CSV (RFC 4180, spec B2), a column for each field of --json")
        boolean csv;

        @Override
        public Integer call() throws Exception {
            if (json && csv) {
                throw new UsageException("--json or --csv, not both");
            }
            Instant from = since == null ? null : parseTime(since);
            return SelfServiceSession.run(root, signIn, json, s -> {
                String groupId = group == null ? null : s.groupId(group);
                var listing = s.actions().views().audit(s.actor(), groupId, from, limit);
                if (listing.refusal().isPresent()) {
                    return s.refused(listing.refusal().get());
                }
                if (json) {
                    new Json().print(s.env().out(), listing.items());
                    return ExitCodes.OK;
                }
                if (csv) {
                    Csv.print(s.env().out(), "id", "at", "actorDn", "action", "groupId", "groupDn", "targetDn",
                            "outcome", "rule", "detail", "settingsVersion");
                    for (AuditRecord r : listing.items()) {
                        Csv.print(s.env().out(), r.id(), r.at(), r.actorDn(), r.action(), r.groupId(), r.groupDn(),
                                r.targetDn(), r.outcome(), r.rule(), r.detail(), r.settingsVersion());
                    }
                    return ExitCodes.OK;
                }
                Table table = new Table("TIME", "ACTOR", "ACTION", "GROUP", "TARGET", "OUTCOME", "RULE", "DETAIL")
                        .truncating("DETAIL");
                for (AuditRecord r : listing.items()) {
                    table.row(r.at(), r.actorDn(), r.action(), r.groupDn(), r.targetDn(), r.outcome(), r.rule(),
                            r.detail());
                }
                table.print(s.env().out(), s.env().columns());
                return ExitCodes.OK;
            });
        }

        private static Instant parseTime(String text) throws UsageException {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e) {
                    throw new UsageException("--since '" + text + "' is neither an ISO-8601 instant"
                            + " (2024-06-01T08:00:00Z) nor a date (2024-06-01)");
                }
            }
        }
    }

    /** {@code groupbridge settings show}. */
    @Command(name = "settings", mixinStandardHelpOptions = true, description = "The tenant settings in force.",
            subcommands = {Settings.Show.class})
    static final class Settings {
        @ParentCommand
        GroupbridgeCommand root;

        @Command(name = "show", mixinStandardHelpOptions = true,
                description = "Show the self-service settings (spec S1-S7) and their version (S8).")
        static final class Show implements Callable<Integer> {
            @ParentCommand
            Settings parent;

            @Option(names = "--json", description = "print JSON")
            boolean json;

            @Override
            public Integer call() throws Exception {
                SettingsView view = SettingsView.of(parent.root.loadConfig());
                var out = parent.root.env.out();
                if (json) {
                    new Json().print(out, view);
                    return ExitCodes.OK;
                }
                Table table = new Table("SETTING", "VALUE", "SPEC");
                view.settings().forEach((key, value) -> table.row("settings." + key, value, view.ruleOf(key)));
                table.row("requests.expireAfter", view.requests().get("expireAfter"), "R4");
                table.row("version", view.version(), "S8");
                table.print(out, parent.root.env.columns());
                return ExitCodes.OK;
            }
        }
    }

    /** {@code groupbridge groups create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a security or unified group"
            + " (spec A7); you become its owner. The group is written back to the directory before the command"
            + " ends; if the directory is busy it stays pending for the daemon's write-back.")
    static final class CreateGroup implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(paramLabel = "NAME", description = "the new group's name (at most 64 characters)")
        String name;

        @Option(names = "--kind", paramLabel = "KIND", defaultValue = "security",
                description = "security or unified (default: ${DEFAULT-VALUE})")
        String kind;

        @Option(names = "--description", paramLabel = "TEXT", description = "what the group is for")
        String description;

        @Option(names = "--policy", paramLabel = "POLICY",
                description = "open, owner-approval or owners-only (default: open for a user's group; for an"
                        + " administrator's or service principal's, owners-only for security, open for unified)")
        String policy;

        @Option(names = "--owner", paramLabel = "PERSON", description = "another owner (DN, uid or mail); repeatable;"
                + " required for an administrator's security group and a service principal's group")
        List<String> owners = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            GroupKind k = parse(() -> GroupKind.fromWireName(kind));
            Optional<JoinPolicy> p = policy == null ? Optional.empty()
                    : Optional.of(parse(() -> JoinPolicy.fromWireName(policy)));
            return SelfServiceSession.run(groups.root, signIn, output.json, s -> s.report(
                    s.actions().groups().createGroup(s.actor(), k, name, description, p, owners)));
        }
    }

    /** {@code groupbridge groups edit}. */
    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = "Change a group's name or description (both written back to the directory) or join policy"
                    + " (spec A8, P5).")
    static final class EditGroup implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(paramLabel = "GROUP", description = "the group's name, DN or id")
        String group;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Changes changes;

        static final class Changes {
            @Option(names = "--policy", paramLabel = "POLICY", description = "open, owner-approval or owners-only")
            String policy;

            @Option(names = "--name", paramLabel = "NAME",
                    description = "the new name, written back to the directory (its entry is renamed); as `groups"
                    + " rename`")
            String name;

            @Option(names = "--description", paramLabel = "TEXT",
                    description = "the new description, written back to the directory; \"\" removes it")
            String description;
        }

        @Override
        public Integer call() throws Exception {
            Optional<JoinPolicy> p = changes.policy == null ? Optional.empty()
                    : Optional.of(parse(() -> JoinPolicy.fromWireName(changes.policy)));
            return SelfServiceSession.run(groups.root, signIn, output.json, s -> s.report(s.actions().groups()
                    .editGroup(s.actor(),
                    s.groupId(group), Optional.ofNullable(changes.name), Optional.ofNullable(changes.description),
                    p)));
        }
    }

    /** {@code groupbridge groups rename GROUP NEW-NAME}. */
    @Command(name = "rename", mixinStandardHelpOptions = true,
            description = "Rename a group: the directory entry gets the new name (a modify DN under the same parent)"
                    + " at the next write-back; until then the old name shows (spec A8, R6).")
    static final class RenameGroup implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(index = "0", paramLabel = "GROUP", description = "the group's name, DN or id")
        String group;

        @Parameters(index = "1", paramLabel = "NEW-NAME", description = "the name it is to have")
        String name;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(groups.root, signIn, output.json, s -> s.report(s.actions().groups()
                    .editGroup(s.actor(), s.groupId(group), Optional.of(name), Optional.empty(), Optional.empty())));
        }
    }

    /** {@code groupbridge groups delete}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a group from the directory (administrators, spec A11).")
    static final class DeleteGroup implements Callable<Integer> {
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
                    s.actions().groups().deleteGroup(s.actor(), s.groupId(group))));
        }
    }

    /** {@code groupbridge groups mine}. */
    @Command(name = "mine", mixinStandardHelpOptions = true,
            description = "Groups you are a member or owner of, with write-backs still pending.")
    static final class MyGroups implements Callable<Integer> {
        @ParentCommand
        GroupsCommand groups;

        @Mixin
        SignInOptions signIn;

        @Option(names = "--owned", description = "only groups you own")
        boolean owned;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(groups.root, signIn, json, s -> {
                List<MyGroup> mine = s.actions().views().myGroups(s.actor()).stream()
                        .filter(g -> !owned || g.owner()).toList();
                if (json) {
                    new Json().print(s.env().out(), mine);
                    return ExitCodes.OK;
                }
                if (mine.isEmpty()) {
                    s.env().out().println(owned ? "you own no groups" : "you are in no groups");
                    return ExitCodes.OK;
                }
                // T5: the last day of a membership that ends, in a column only where one does.
                boolean ending = mine.stream().anyMatch(g -> g.memberEndsAt() != null);
                Table table = ending ? new Table("GROUP", "KIND", "POLICY", "OWNER", "MEMBER", "UNTIL", "STATE")
                        : new Table("GROUP", "KIND", "POLICY", "OWNER", "MEMBER", "STATE");
                for (MyGroup g : mine) {
                    List<Object> cells = new ArrayList<>(List.of(g.group().name(), g.group().kind().wireName(),
                            g.group().policy().wireName(), g.owner() ? "yes" + suffix(g.ownerStatus()) : "no",
                            g.member() ? "yes" + suffix(g.memberStatus()) : "no"));
                    if (ending) {
                        cells.add(g.memberEndsAt() == null ? "" : MembershipTerms.lastDay(g.memberEndsAt()).toString());
                    }
                    cells.add(g.group().creating() ? "creating (pending write-back)" : g.group().state());
                    table.row(cells.toArray());
                }
                table.print(s.env().out(), s.env().columns());
                return ExitCodes.OK;
            });
        }

        private static String suffix(String status) {
            return MembershipEntry.IN_DIRECTORY.equals(status) ? "" : ": " + status;
        }
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse();
    }

    private static <T> T parse(Parser<T> parser) throws UsageException {
        try {
            return parser.parse();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
