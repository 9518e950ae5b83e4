package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.InputProblem;
import io.groupbridge.selfservice.InvalidInputException;
import io.groupbridge.selfservice.ReviewService;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.SignInException;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.Surface;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.store.GroupQueries;
import io.groupbridge.sync.GroupSummary;
import io.groupbridge.sync.Outbox;
import io.groupbridge.sync.OutboxRow;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One signed-in command run: opens the store and the directory, proves the identity (spec A16), runs the command's
 * work and turns what happened into output and an exit code: 0 done, 1 refused (naming the rule, A15), invalid
 * credentials or a change the directory refused for good, 2 bad input.
 */
final class SelfServiceSession {

    @FunctionalInterface
    interface Work {
        int run(SelfServiceSession session) throws Exception;
    }

    private final GroupbridgeApp app;
    private final SelfService actions;
    private final Actor actor;
    private final CliEnvironment env;
    // --json: results and errors as JSON objects on stdout.
    private final boolean json;

    private SelfServiceSession(GroupbridgeApp app, SelfService actions, Actor actor, CliEnvironment env,
            boolean json) {
        this.app = app;
        this.actions = actions;
        this.actor = actor;
        this.env = env;
        this.json = json;
    }

    /** @param json print results and errors (a refusal, failed sign-in) as JSON objects on stdout */
    static int run(GroupbridgeCommand root, SignInOptions signIn, boolean json, Work work) throws Exception {
        CliEnvironment env = root.env;
        try (GroupbridgeApp app = root.openApp()) {
            SelfServiceSource wiring = app.selfService();
            Actor actor;
            try {
                actor = signIn.signIn(wiring.signIn(), env).on(Surface.COMMAND_LINE);
            } catch (SignInException e) {
                return new CliError(CliError.SIGN_IN_FAILED, null, e.getMessage(), ExitCodes.FAILURE).print(env, json);
            }
            try {
                return work.run(new SelfServiceSession(app, wiring.actions(), actor, env, json));
            } catch (InvalidInputException e) {
                throw new UsageException(cliCode(e), inCommandLineWords(e));
            }
        }
    }

    /** The self-service sentence with the flag that fixes it, where the command line has one. */
    private static String inCommandLineWords(InvalidInputException e) {
        return switch (e.problem()) {
            case OWNER_REQUIRED -> e.getMessage() + " with --owner";
            case NOTHING_TO_CHANGE -> "nothing to change: give --policy";
            case NO_SUCH_GROUP -> e.getMessage() + " (groups list shows them all)";
            default -> e.getMessage();
        };
    }

    private static String cliCode(InvalidInputException e) {
        return switch (e.problem()) {
            case NO_SUCH_GROUP -> CliError.UNKNOWN_GROUP;
            case AMBIGUOUS_GROUP -> CliError.AMBIGUOUS_GROUP;
            default -> CliError.INVALID_INPUT;
        };
    }

    SelfService actions() {
        return actions;
    }

    Actor actor() {
        return actor;
    }

    CliEnvironment env() {
        return env;
    }

    /** The write-back outbox; callers check {@link io.groupbridge.selfservice.SelfServiceViews#outboxAccess} first. */
    Outbox outbox() {
        return app.outbox();
    }

    /** Access reviews (spec V1-V8) deciding with the conf this command was opened with. */
    ReviewService reviews() throws IOException {
        return app.selfService().reviews();
    }

    GroupQueries queries() {
        return app.store().queries();
    }

    /** The id of the group the text names (its name, DN or id), looked up as every surface does. */
    String groupId(String text) {
        return actions.groups().findGroup(actor, text).id();
    }

    /** The group the text names, with the counts and wording {@code groups show} prints. */
    GroupSummary group(String text) {
        String id = groupId(text);
        return app.store().queries().group(id).orElseThrow(() -> new InvalidInputException(
                InputProblem.NO_SUCH_GROUP, "no group named '" + text.strip() + "'"));
    }

    /**
     * Prints what an action did, or why it was refused, after sending what it queued for the directory: one line
     * that says whether the change is in the directory, still pending (and why), or refused by the directory. Exits
     * 1 when the directory refused one of the action's own changes for good (the row is parked, spec W3).
     */
    int report(ActionResult result) {
        if (!result.allowed()) {
            return CliError.refused(result.rule(), result.message()).print(env, json);
        }
        WriteBack writeBack = result.outboxIds().isEmpty() ? WriteBack.NONE : writeBackNow(result.outboxIds());
        int exitCode = writeBack.outcome() == WriteBack.Outcome.FAILED ? ExitCodes.FAILURE : ExitCodes.OK;
        if (json) {
            new Json().print(env.out(), ActionJson.of(result, writeBack, exitCode));
            return exitCode;
        }
        switch (writeBack.outcome()) {
            case NONE -> env.out().println(result.message());
            case WRITTEN -> env.out().println(result.message() + "; written to the directory");
            case PENDING -> env.out().printf("%s; not in the directory yet (%s): it stays pending for the daemon's"
                    + " write-back or the next groupbridge reconcile%n", result.message(), writeBack.why());
            case FAILED -> env.err().printf("error: %s in the group store, but %s%n", result.message(),
                    writeBack.why());
        }
        return exitCode;
    }

    /**
     * An action's result under {@code --json}.
     *
     * @param writeBack       {@code none} (nothing for the directory), {@code written}, {@code pending} or
     *                        {@code failed} (parked; the exit code is then 1)
     * @param writeBackDetail why the change is pending or failed, else {@code null}
     * @param outbox          the action's own write-back rows as the pass left them
     */
    record ActionJson(boolean changed, String rule, String message, Long requestId, String groupId,
            String writeBack, String writeBackDetail, List<OutboxJson> outbox, int exitCode) {

        static ActionJson of(ActionResult result, WriteBack writeBack, int exitCode) {
            return new ActionJson(result.changed(), result.rule(), result.message(), result.requestId().orElse(null),
                    result.groupId().orElse(null), writeBack.outcome().name().toLowerCase(Locale.ROOT),
                    writeBack.why().isEmpty() ? null : writeBack.why(),
                    writeBack.rows().stream().map(OutboxJson::of).toList(), exitCode);
        }
    }

    /** One write-back row under {@code --json}, without the new entry's payload. */
    record OutboxJson(long id, String operation, String groupDn, String valueDn, String state, int attempts,
            String lastError) {

        static OutboxJson of(OutboxRow r) {
            return new OutboxJson(r.id(), r.operation(), r.groupDn(), r.valueDn(), r.state(), r.attempts(),
                    r.lastError());
        }
    }

    /**
     * What became of an action's own outbox rows after the write-back pass.
     *
     * @param rows the action's rows as the pass left them; empty when the pass did not run
     * @param why  for a pending or failed outcome, the reason in words; otherwise empty
     */
    record WriteBack(Outcome outcome, List<OutboxRow> rows, String why) {
        static final WriteBack NONE = new WriteBack(Outcome.NONE, List.of(), "");

        enum Outcome { NONE, WRITTEN, PENDING, FAILED }
    }

    /*
     * One write-back pass right after the action, so the directory has the change without waiting for a daemon's next
     * drain. The pass sends every due row, but only the rows this action queued are reported: other people's
     * failures are theirs to see. A temporary failure leaves the row pending and the command succeeds; a parked row
     * means the directory will not take the change as it is, so the command fails and says how to send it again.
     */
    private WriteBack writeBackNow(List<Long> ownRows) {
        try {
            app.outboxRelay().run();
        } catch (IOException | RuntimeException e) {
            return new WriteBack(WriteBack.Outcome.PENDING, List.of(), "the write-back did not run: " + e.getMessage());
        }
        List<OutboxRow> rows = app.outbox().rows(ownRows);
        List<OutboxRow> parked = rows.stream().filter(r -> OutboxRow.FAILED.equals(r.state())).toList();
        if (!parked.isEmpty()) {
            String why = parked.stream().map(r -> String.format("the directory refused the change (outbox %d: %s%s on"
                            + " %s): %s; it is parked and not retried: fix the cause, then an administrator sends it"
                            + " again with `groupbridge outbox retry %d`", r.id(), r.operation(),
                    r.valueDn() == null ? "" : " " + r.valueDn(), r.groupDn(), r.lastError(), r.id()))
                    .collect(Collectors.joining("; "));
            return new WriteBack(WriteBack.Outcome.FAILED, rows, why);
        }
        List<OutboxRow> waiting = rows.stream().filter(r -> OutboxRow.PENDING.equals(r.state())).toList();
        if (!waiting.isEmpty()) {
            String why = waiting.stream().map(OutboxRow::lastError).filter(Objects::nonNull).findFirst()
                    .orElse("not sent yet");
            return new WriteBack(WriteBack.Outcome.PENDING, rows, why);
        }
        return new WriteBack(WriteBack.Outcome.WRITTEN, rows, "");
    }

    int refused(Decision decision) {
        return CliError.refused(decision.rule(), decision.message()).print(env, json);
    }
}
