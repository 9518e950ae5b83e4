package io.groupbridge.cli;

import io.groupbridge.sync.Reconciler;
import java.io.PrintWriter;

/** One self-overwriting line on the terminal while a long run reads; cleared when it ends. */
final class TerminalProgress implements Reconciler.Progress {

    private final PrintWriter err;
    private int lastLength;

    TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(String phase, int count) {
        String text = "reading " + phase + ": " + count;
        err.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
        err.flush();
        lastLength = text.length();
    }

    void clear() {
        if (lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
        }
    }
}
