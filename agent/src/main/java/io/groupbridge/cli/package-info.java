/**
 * The administrator's command line (picocli): a thin entry point like {@code daemon} and {@code web}. Each command
 * parses its arguments, asks the services the composition root ({@link io.groupbridge.GroupbridgeApp}) hands out,
 * and turns their results into lines, tables or {@code --json}, and exit codes monitoring can read
 * ({@link io.groupbridge.cli.ExitCodes}). No rule and no SQL lives here; only {@link io.groupbridge.cli.Main} ends
 * the JVM (ArchitectureTest).
 */
package io.groupbridge.cli;
