package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.SelfServiceWiring;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.Actor;
import io.groupbridge.selfservice.Decision;
import io.groupbridge.selfservice.InvalidInputException;
import io.groupbridge.selfservice.SelfServiceActions;
import io.groupbridge.selfservice.SignInException;
import io.groupbridge.store.GroupQueries;
import io.groupbridge.sync.GroupSummary;
import io.groupbridge.sync.Outbox;
import io.groupbridge.sync.OutboxRow;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

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
    private final SelfServiceActions actions;
    private final Actor actor;
    private final CliEnvironment env;

    private SelfServiceSession(GroupbridgeApp app, SelfServiceActions actions, Actor actor, CliEnvironment env) {
        this.app = app;
        this.actions = actions;
        this.actor = actor;
        this.env = env;
    }

    static int run(GroupbridgeCommand root, SignInOptions signIn, Work work) throws Exception {
        CliEnvironment env = root.env;
        try (GroupbridgeApp app = root.openApp(); SelfServiceWiring wiring = SelfServiceWiring.open(app, env.clock())) {
            Actor actor;
            try {
                actor = signIn.signIn(wiring.signIn(), env);
            } catch (SignInException e) {
                env.err().println("error: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            try {
                return work.run(new SelfServiceSession(app, wiring.actions(), actor, env));
            } catch (InvalidInputException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }

    SelfServiceActions actions() {
        return actions;
    }

    Actor actor() {
        return actor;
    }

    CliEnvironment env() {
        return env;
    }

    /** The write-back outbox; callers check {@link SelfServiceActions#outboxAccess} first. */
    Outbox outbox() {
        return app.outbox();
    }

    GroupQueries queries() {
        return app.store().queries();
    }

    GroupSummary group(String nameOrDn) throws UsageException {
        return GroupsCommand.resolve(app.store().queries(), nameOrDn);
    }

    /**
     * Prints what an action did, or why it was refused; sends what it queued for the directory. Exits 1 when the
     * directory refused one of the action's own changes for good (the row is parked, spec W3).
     */
    int report(ActionResult result) {
        if (result.allowed()) {
            env.out().println(result.message());
            return result.outboxIds().isEmpty() ? ExitCodes.OK : writeBackNow(result.outboxIds());
        }
        env.err().println("refused: " + result.message());
        return ExitCodes.FAILURE;
    }

    /*
     * One write-back pass right after the action, so the directory has the change without waiting for a daemon's next
     * drain. The pass sends every due row, but only the rows this action queued are reported: other people's
     * failures are theirs to see. A temporary failure leaves the row pending and the command succeeds; a parked row
     * means the directory will not take the change as it is, so the command fails and says how to send it again.
     */
    private int writeBackNow(List<Long> ownRows) {
        String later = "it stays pending for the daemon's write-back or the next groupbridge reconcile";
        try {
            app.outboxRelay().run();
        } catch (IOException | RuntimeException e) {
            env.err().printf("note: the write-back did not run (%s); %s%n", e.getMessage(), later);
            return ExitCodes.OK;
        }
        List<OutboxRow> rows = app.outbox().rows(ownRows);
        List<OutboxRow> parked = rows.stream().filter(r -> OutboxRow.FAILED.equals(r.state())).toList();
        List<OutboxRow> waiting = rows.stream().filter(r -> OutboxRow.PENDING.equals(r.state())).toList();
        long done = rows.stream().filter(r -> OutboxRow.DONE.equals(r.state())).count();
        if (done > 0) {
            env.out().printf("written to the directory (%d change(s))%n", done);
        }
        if (!waiting.isEmpty()) {
            String why = waiting.stream().map(OutboxRow::lastError).filter(Objects::nonNull).findFirst()
                    .orElse("not sent yet");
            env.err().printf("note: %d change(s) not written to the directory (%s); %s%n", waiting.size(), why, later);
        }
        for (OutboxRow r : parked) {
            env.err().printf("error: the directory refused the change (outbox %d: %s%s on %s): %s; it is parked and"
                            + " not retried: fix the cause, then an administrator sends it again with"
                            + " `groupbridge outbox retry %d`%n", r.id(), r.operation(),
                    r.valueDn() == null ? "" : " " + r.valueDn(), r.groupDn(), r.lastError(), r.id());
        }
        return parked.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    int refused(Decision decision) {
        env.err().println("refused: " + decision.message());
        return ExitCodes.FAILURE;
    }
}
