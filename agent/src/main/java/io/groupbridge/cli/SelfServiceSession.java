package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.SelfServiceWiring;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.Actor;
import io.groupbridge.selfservice.Decision;
import io.groupbridge.selfservice.InvalidInputException;
import io.groupbridge.selfservice.SelfServiceActions;
import io.groupbridge.selfservice.SignInException;
import io.groupbridge.sync.GroupSummary;
import io.groupbridge.sync.WriteBackReport;
import java.io.IOException;

/**
 * One signed-in command run: opens the store and the directory, proves the identity (spec A16), runs the command's
 * work and turns what happened into output and an exit code: 0 done, 1 refused (naming the rule, A15) or invalid
 * credentials, 2 bad input.
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

    GroupSummary group(String nameOrDn) throws UsageException {
        return GroupsCommand.resolve(app.store().queries(), nameOrDn);
    }

    /** Prints what an action did, or why it was refused; sends what it queued for the directory. */
    int report(ActionResult result) {
        if (result.allowed()) {
            env.out().println(result.message());
            if (!result.outboxIds().isEmpty()) {
                writeBackNow();
            }
            return ExitCodes.OK;
        }
        env.err().println("refused: " + result.message());
        return ExitCodes.FAILURE;
    }

    /*
     * One write-back pass right after the action, so the directory has the change without waiting for a daemon's next
     * drain. Best effort: the action is done either way, and whatever is not sent stays pending in the outbox.
     */
    private void writeBackNow() {
        String later = "it stays pending for the daemon's write-back or the next groupbridge reconcile";
        try {
            WriteBackReport r = app.outboxRelay().run();
            if (r.retrying() + r.parked() > 0) {
                env.err().printf("note: %d change(s) not written to the directory (%s); %s%n", r.retrying() + r.parked(),
                        r.errors().isEmpty() ? "see the log" : r.errors().get(0), later);
            } else if (r.done() > 0) {
                env.out().printf("written to the directory (%d change(s))%n", r.done());
            }
        } catch (IOException | RuntimeException e) {
            env.err().printf("note: the write-back did not run (%s); %s%n", e.getMessage(), later);
        }
    }

    int refused(Decision decision) {
        env.err().println("refused: " + decision.message());
        return ExitCodes.FAILURE;
    }
}
