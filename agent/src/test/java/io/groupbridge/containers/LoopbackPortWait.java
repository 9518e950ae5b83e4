package io.groupbridge.containers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until a container on the host network accepts TCP connections on a loopback port. Testcontainers' own port
 * wait needs mapped ports, which the host network has none of; and a log line is not enough, since slapd logs
 * "slapd starting" before its listener thread calls listen().
 */
final class LoopbackPortWait extends AbstractWaitStrategy {

    private static final Duration POLL = Duration.ofMillis(100);

    private final int port;

    LoopbackPortWait(int port) {
        this.port = port;
    }

    @Override
    protected void waitUntilReady() {
        Instant deadline = Instant.now().plus(startupTimeout);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(address, (int) POLL.toMillis());
                return;
            } catch (IOException refused) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new ContainerLaunchException("the container stopped before it listened on " + address
                            + "; its log: " + waitStrategyTarget.getLogs());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new ContainerLaunchException("nothing listens on " + address + " after " + startupTimeout);
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while waiting for the container", e);
        }
    }
}
