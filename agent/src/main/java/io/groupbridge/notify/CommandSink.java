package io.groupbridge.notify;

import io.groupbridge.selfservice.Notification;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a configured program, without a shell, with the notification's JSON (see {@link NotificationJson}) on stdin.
 * Exit status 0 is success; another status, a failure to start, or running past the timeout (the process is then
 * killed) is a retryable failure whose message carries the end of the program's output.
 */
final class CommandSink implements NotificationTarget {

    private static final int OUTPUT_TAIL_CHARS = 300;

    private final List<String> command;
    private final Duration timeout;
    private final NotificationJson json = new NotificationJson();

    /** @param command the program and its arguments; must not be empty */
    CommandSink(List<String> command, Duration timeout) {
        this.command = List.copyOf(command);
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("command must name a program");
        }
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String describe() {
        return "command " + command.get(0);
    }

    @Override
    public void deliver(Notification notification) throws DeliveryException, InterruptedException {
        byte[] body = json.toJson(notification);
        Path output = null;
        Process process = null;
        try {
            // A file rather than a pipe, so a chatty program can never block on a pipe nobody drains.
            output = Files.createTempFile("groupbridge-notify", ".out");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            writeStdin(process, body);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DeliveryException("did not finish within " + timeout.toMillis() + " ms; killed", true);
            }
            int status = process.exitValue();
            if (status != 0) {
                throw new DeliveryException("exited with status " + status + tail(output), true);
            }
        } catch (IOException e) {
            throw new DeliveryException("could not be run: " + e.getMessage(), e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(output);
        }
    }

    /** A program may exit without reading its input; its exit status then decides, not the broken pipe. */
    private static void writeStdin(Process process, byte[] body) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(body);
        } catch (IOException e) {
            // The status check that follows reports whatever went wrong.
        }
    }

    private static String tail(Path output) {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return "";
            }
            String end = text.length() <= OUTPUT_TAIL_CHARS ? text : "..." + text.substring(text.length() - OUTPUT_TAIL_CHARS);
            return ", output " + LogSink.quote(end);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file holds only the program's output and is not worth failing a delivery for.
        }
    }
}
