package io.groupbridge.bench;

import io.groupbridge.fixtures.EmbeddedDirectory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The directory side of {@link Bench}: serves a seed LDIF from the embedded directory in a JVM of its own, so that
 * the agent's heap and CPU figures are the agent's alone. Prints {@code LISTENING <port> <load ms>} once it accepts
 * connections and stops when its standard input closes, which is when the harness that started it goes away.
 *
 * <p>Usage: {@code BenchDirectoryServer SEED.ldif}
 */
public final class BenchDirectoryServer {

    static final String MANAGER_DN = "cn=Directory Manager";
    static final String MANAGER_PASSWORD = "bench-manager-secret";

    private BenchDirectoryServer() {
    }

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        EmbeddedDirectory directory = EmbeddedDirectory.builder()
                .seed(Path.of(args[0]))
                .additionalBindCredentials(MANAGER_DN, MANAGER_PASSWORD)
                .start();
        System.out.println("LISTENING " + directory.port() + " " + (System.nanoTime() - start) / 1_000_000);
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // Nothing is sent on the pipe; reading only waits for it to close.
            }
        } finally {
            directory.server().shutDown(true);
        }
    }
}
