package io.groupbridge.cli;

/** The exit codes of every command, as the README documents them. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    /**
     * EX_TEMPFAIL of sysexits.h: the run was skipped, not failed (another reconcile holds the lock, or the failsafe
     * stopped it before it changed anything), so cron, systemd and monitoring can tell a skip from a fault.
     */
    static final int TEMPFAIL = 75;

    private ExitCodes() {
    }
}
