package io.groupbridge.logging;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import java.io.PrintStream;
import java.util.regex.Pattern;

/**
 * Tells of logback's own errors, such as a log folder that cannot be written, in one line on standard error, so
 * that a command meets "cannot write the log file …" instead of logback's status dump with its stack traces.
 * Registering any status listener also stops logback from printing that dump itself; its information and warning
 * messages (configuration steps) stay silent.
 */
public final class OneLineStatusListener extends ContextAwareBase implements StatusListener, LifeCycle {

    // logback's wording for a log file it cannot open; the cause's message names the file and the reason.
    private static final Pattern OPEN_FILE = Pattern.compile("openFile\\(.*\\) call failed\\..*", Pattern.DOTALL);

    private final PrintStream err;
    private boolean started;

    public OneLineStatusListener() {
        this(System.err);
    }

    OneLineStatusListener(PrintStream err) {
        this.err = err;
    }

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() < Status.ERROR) {
            return;
        }
        Throwable cause = status.getThrowable();
        String reason = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        String what = OPEN_FILE.matcher(status.getMessage()).matches() && !reason.isEmpty()
                ? "cannot open the log file " + reason
                : status.getMessage() + (reason.isEmpty() ? "" : ": " + reason);
        err.println("logging: " + what + " (the command goes on; see conf/logback.xml)");
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }
}
