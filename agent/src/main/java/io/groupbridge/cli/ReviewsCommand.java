package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.model.GroupKind;
import io.groupbridge.selfservice.AccessReview;
import io.groupbridge.selfservice.Listing;
import io.groupbridge.selfservice.ReviewExport;
import io.groupbridge.selfservice.ReviewItem;
import io.groupbridge.selfservice.ReviewScope;
import io.groupbridge.selfservice.ReviewService;
import io.groupbridge.selfservice.ReviewStore;
import io.groupbridge.selfservice.ReviewVerdict;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.sync.WriteBackReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code groupbridge reviews start|list|show|decide|close|export|run}: access reviews (spec V1-V8). Every
 * subcommand but {@code run} signs in (A16) and is decided by the review rules: administrators start, close and see
 * every review; the owners of a group, or the review's named reviewer, decide and see its members (V2, V6).
 */
@Command(name = "reviews", mixinStandardHelpOptions = true,
        description = "Access reviews: owners confirm or remove each member of their groups (spec V1-V8).",
        subcommands = {ReviewsCommand.Start.class, ReviewsCommand.ListReviews.class, ReviewsCommand.Show.class,
                ReviewsCommand.Decide.class, ReviewsCommand.Close.class, ReviewsCommand.Export.class,
                ReviewsCommand.Run.class})
final class ReviewsCommand {

    @ParentCommand
    GroupbridgeCommand root;

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a review of a group, or of every"
            + " group a --name pattern and/or --kind match (administrators; spec V1).")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        ReviewsCommand parent;

        @Mixin
        SignInOptions signIn;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Parameters(paramLabel = "GROUP", arity = "0..1", description = "the group's name, DN or id")
        String group;

        @Option(names = "--name", paramLabel = "PATTERN", description = "every group whose name matches, * for any"
                + " characters and ? for one, case ignored")
        String name;

        @Option(names = "--kind", paramLabel = "KIND", description = "every group of this kind: security, unified"
                + " or distribution")
        String kind;

        @Option(names = "--deadline", required = true, paramLabel = "DATE", description = "the review's last day,"
                + " UTC (2024-06-30): it closes as the next day begins")
        String deadline;

        @Option(names = "--default", required = true, paramLabel = "keep|remove", description = "what becomes of"
                + " the members nobody decided by the deadline (spec V3)")
        String byDefault;

        @Option(names = "--reviewer", paramLabel = "PERSON", description = "who decides instead of the owners")
        String reviewer;

        @Option(names = "--title", paramLabel = "TEXT", description = "a title for listings and exports")
        String title;

        @Override
        public Integer call() throws Exception {
            Instant end = MembershipTerms.endOf(day(deadline));
            Optional<GroupKind> groupKind;
            try {
                groupKind = Optional.ofNullable(kind).map(GroupKind::fromWireName);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--kind: " + e.getMessage());
            }
            return SelfServiceSession.run(parent.root, signIn, json, s -> {
                ReviewScope scope = group != null
                        ? new ReviewScope(Optional.of(group), Optional.ofNullable(name), groupKind)
                        : ReviewScope.matching(Optional.ofNullable(name), groupKind);
                ReviewService.Started started = s.reviews().start(s.actor(), new ReviewService.Start(title, scope,
                        end, ReviewVerdict.fromWireName(byDefault), Optional.ofNullable(reviewer)));
                if (!started.result().allowed()) {
                    return s.report(started.result());
                }
                if (json) {
                    new Json().print(s.env().out(), new StartJson(started.reviewId().orElseThrow(),
                            started.result().message(), started.groups(), started.members(), started.skipped()));
                    return ExitCodes.OK;
                }
                PrintWriter out = s.env().out();
                out.println(started.result().message());
                started.skipped().forEach(k -> out.println("  skipped " + k));
                return ExitCodes.OK;
            });
        }
    }

    /** {@code reviews start --json}. */
    record StartJson(long reviewId, String message, List<String> groups, int members, List<String> skipped) {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The reviews you may see: every one for"
            + " administrators, those of groups you review for owners and named reviewers (spec V6).")
    static final class ListReviews implements Callable<Integer> {
        @ParentCommand
        ReviewsCommand parent;

        @Mixin
        SignInOptions signIn;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(parent.root, signIn, json, s -> {
                Listing<ReviewStore.Summary> listing = s.reviews().list(s.actor());
                if (json) {
                    new Json().print(s.env().out(), listing.items().stream().map(r -> new SummaryJson(
                            r.review().id(), r.review().title(), r.review().scope(), r.review().state().wireName(),
                            r.review().defaultVerdict().wireName(), r.review().deadline(), r.members(),
                            r.undecided())).toList());
                    return ExitCodes.OK;
                }
                if (listing.items().isEmpty()) {
                    s.env().out().println("no reviews");
                    return ExitCodes.OK;
                }
                Table table = new Table("ID", "TITLE", "STATE", "DEADLINE", "DEFAULT", "MEMBERS", "UNDECIDED")
                        .truncating("TITLE");
                for (ReviewStore.Summary r : listing.items()) {
                    table.row(r.review().id(), r.review().title(), r.review().state().wireName(),
                            r.review().deadline(), r.review().defaultVerdict().wireName(), r.members(),
                            r.undecided());
                }
                table.print(s.env().out(), s.env().columns());
                return ExitCodes.OK;
            });
        }
    }

    /** {@code reviews list --json}: one review. */
    record SummaryJson(long id, String title, String scope, String state, String defaultDecision, Instant deadline,
            int members, int undecided) {
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A review with the members you may see"
            + " and what was decided for each (spec V6).")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ReviewsCommand parent;

        @Mixin
        SignInOptions signIn;

        @Option(names = "--json", description = "print JSON (the export's document)")
        boolean json;

        @Parameters(paramLabel = "ID", description = "the review's id (reviews list shows it)")
        long id;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(parent.root, signIn, json, s -> {
                ReviewService.Shown shown = s.reviews().show(s.actor(), id);
                if (shown.refusal().isPresent()) {
                    return s.refused(shown.refusal().get());
                }
                AccessReview r = shown.review().orElseThrow();
                if (json) {
                    new Json().print(s.env().out(), ReviewExport.of(r, shown.items()));
                    return ExitCodes.OK;
                }
                PrintWriter out = s.env().out();
                out.printf("review %d: %s%n", r.id(), r.title());
                out.printf("  of: %s%n  state: %s%s%n  deadline: %s (then undecided members are %s)%n", r.scope(),
                        r.state().wireName(), r.heldReason().map(h -> " (" + h + ")").orElse(""), r.deadline(),
                        r.defaultVerdict() == ReviewVerdict.KEEP ? "kept" : "removed");
                out.printf("  decided by: %s%n", r.reviewerDn().orElse("the owners of each group"));
                Table table = new Table("GROUP", "MEMBER", "DECISION", "OUTCOME", "BY", "REASON")
                        .truncating("REASON");
                for (ReviewItem i : shown.items()) {
                    table.row(i.groupName(), i.memberDn(), i.verdict().map(ReviewVerdict::wireName).orElse("-"),
                            i.outcome().map(ReviewItem.Outcome::wireName).orElse("undecided"),
                            i.decidedBy().orElse(""), i.reason().orElse(""));
                }
                table.print(out, s.env().columns());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "decide", mixinStandardHelpOptions = true, description = "Keep or remove one member under"
            + " review, with a reason (owners of the group or the named reviewer; spec V2). A removal leaves the"
            + " directory through the write-back outbox at once.")
    static final class Decide implements Callable<Integer> {
        @ParentCommand
        ReviewsCommand parent;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(index = "0", paramLabel = "ID", description = "the review's id")
        long id;

        @Parameters(index = "1", paramLabel = "MEMBER", description = "the member's login, mail or DN")
        String member;

        @Parameters(index = "2", paramLabel = "keep|remove", description = "the decision")
        String verdict;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (required)")
        String reason;

        @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "the group, when the member is under"
                + " review in several")
        String group;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(parent.root, signIn, output.json, s -> s.report(s.reviews().decide(
                    s.actor(), id, group, member, ReviewVerdict.fromWireName(verdict), reason)));
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close a review now (administrators):"
            + " the default applies to the undecided members, its removals held to the failsafe"
            + " (reconcile.maxRemovalShare); a held review is tried again (spec V3).")
    static final class Close implements Callable<Integer> {
        @ParentCommand
        ReviewsCommand parent;

        @Mixin
        SignInOptions signIn;

        @Mixin
        JsonOption output;

        @Parameters(paramLabel = "ID", description = "the review's id")
        long id;

        @Override
        public Integer call() throws Exception {
            return SelfServiceSession.run(parent.root, signIn, output.json, s -> {
                ReviewService.Closed closed = s.reviews().close(s.actor(), id);
                int code = s.report(closed.result());
                return closed.held().isEmpty() ? code : ExitCodes.FAILURE;
            });
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "A review's results as CSV or JSON on"
            + " stdout, audited (spec V4): every member for administrators, those of the groups you review"
            + " otherwise.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        ReviewsCommand parent;

        @Mixin
        SignInOptions signIn;

        @Parameters(paramLabel = "ID", description = "the review's id")
        long id;

        @Option(names = "--format", paramLabel = "csv|json", defaultValue = "csv",
                description = "csv (the default) or json")
        String format;

        @Override
        public Integer call() throws Exception {
            String f = format.strip().toLowerCase(java.util.Locale.ROOT);
            if (!f.equals("csv") && !f.equals("json")) {
                throw new UsageException("--format '" + format + "': expected csv or json");
            }
            boolean json = f.equals("json");
            return SelfServiceSession.run(parent.root, signIn, json, s -> {
                ReviewService.Shown shown = s.reviews().export(s.actor(), id, f);
                if (shown.refusal().isPresent()) {
                    return s.refused(shown.refusal().get());
                }
                ReviewExport export = ReviewExport.of(shown.review().orElseThrow(), shown.items());
                if (json) {
                    new Json().print(s.env().out(), export);
                } else {
                    s.env().out().print(export.csv());
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start the reviews the conf schedules"
            + " (governance.reviews.schedules) that are due, queue the reviewers' reminders (spec V5; mail send"
            + " sends them) and close the reviews whose deadline came, then write the removals back, as the daemon's"
            + " review job does. The operator's, like memberships end: it prints"
            + " counts, never member names.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        ReviewsCommand parent;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        /**
         * @param started   reviews the schedules started
         * @param notStarted why each due schedule started none
         * @param closed    reviews closed
         * @param held      why each group the failsafe held back was held (spec V3)
         * @param reminded  reviewers' reminders queued (spec V5)
         */
        record Report(int started, List<String> notStarted, int closed, int removed, List<String> held,
                WriteBackReport writeBack, int reminded) {
        }

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = parent.root.env;
            try (GroupbridgeApp app = parent.root.openApp()) {
                ReviewService reviews = app.selfService().reviews();
                List<ReviewService.Started> started = reviews.startScheduled(GroupbridgeApp.reviewSchedules(
                        app.config()));
                int reminded = reviews.remindReviewers(app.config().governance().reviews().remindBefore());
                List<ReviewService.Closed> closed = reviews.closeDue();
                WriteBackReport wb = app.syncCycle().writeBack();
                Report report = new Report((int) started.stream().filter(x -> x.reviewId().isPresent()).count(),
                        started.stream().filter(x -> x.reviewId().isEmpty()).map(x -> x.result().message()).toList(),
                        (int) closed.stream().filter(c -> c.state() == AccessReview.State.CLOSED).count(),
                        closed.stream().mapToInt(ReviewService.Closed::removed).sum(),
                        closed.stream().flatMap(c -> c.held().stream()).toList(), wb, reminded);
                if (json) {
                    new Json().print(env.out(), report);
                } else {
                    env.out().println("reviews started: " + report.started() + ", closed: " + report.closed()
                            + ", members removed by default: " + report.removed()
                            + (reminded > 0 ? ", reviewers reminded: " + reminded : ""));
                    report.notStarted().forEach(n -> env.out().println("  " + n));
                    report.held().forEach(h -> env.out().println("  held back by the failsafe"
                            + " (reconcile.maxRemovalShare): " + h));
                    if (!wb.nothingToDo()) {
                        ReconcileCommand.printWriteBack(env.out(), wb);
                    }
                }
                return !report.held().isEmpty() ? ExitCodes.FAILURE : ReconcileCommand.writeBackExitCode(wb);
            }
        }
    }

    static LocalDate day(String text) throws UsageException {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new UsageException("--deadline '" + text + "' is not a date such as 2024-06-30 (the review's last"
                    + " day, UTC)");
        }
    }
}
