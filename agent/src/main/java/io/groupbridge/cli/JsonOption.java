package io.groupbridge.cli;

import picocli.CommandLine.Option;

/** {@code --json} for commands that change something: the result, or the error, as one JSON object on stdout. */
final class JsonOption {

    @Option(names = "--json", description = "print the result, or the error (code, rule, message, exitCode), as one"
            + " JSON object on stdout")
    boolean json;
}
