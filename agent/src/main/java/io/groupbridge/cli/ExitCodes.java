package io.groupbridge.cli;

/** The exit codes of every command, as the README documents them. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
