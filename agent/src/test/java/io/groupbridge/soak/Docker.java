package io.groupbridge.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command line, for the soak's servers: unlike Testcontainers it can stop, start, pause and
 * signal one container while the data in its writable layer stays.
 */
final class Docker {

    private Docker() {
    }

    /** Whether the engine answers and {@code image} is there. */
    static boolean hasImage(String image) {
        try {
            run(List.of("image", "inspect", image), false);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code docker ARGS} and returns what it printed; fails with its output when it exits non-zero. */
    static String run(List<String> args) throws IOException {
        return run(args, true);
    }

    private static String run(List<String> args, boolean echo) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("docker " + String.join(" ", args) + " did not finish within two minutes");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("docker " + String.join(" ", args) + " exited " + process.exitValue()
                        + (echo ? ": " + out.strip() : ""));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for docker", e);
        }
    }
}
