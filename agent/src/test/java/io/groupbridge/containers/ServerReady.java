package io.groupbridge.containers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until a server container on the host network has logged its ready line and accepts TCP connections on each
 * of its loopback ports, and fails at once, with the server's log, if the container stops first (say the port was taken).
 * Both signals are needed: Testcontainers' own port wait needs mapped ports, which the host network has none of; the
 * log line alone is early on slapd, which logs "slapd starting" before its listener thread calls listen(); and the
 * port alone may belong to another process.
 */
final class ServerReady extends AbstractWaitStrategy {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Pattern readyLine;
    private final List<InetSocketAddress> addresses;

    ServerReady(String readyLine, List<Integer> ports) {
        this.readyLine = Pattern.compile(readyLine);
        this.addresses = ports.stream()
                .map(port -> new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .toList();
    }

    @Override
    protected void waitUntilReady() {
        Instant deadline = Instant.now().plus(startupTimeout);
        while (!(readyLine.matcher(waitStrategyTarget.getLogs()).find()
                && addresses.stream().allMatch(ServerReady::accepts))) {
            if (!waitStrategyTarget.isRunning()) {
                throw new ContainerLaunchException("the server stopped before it listened on " + addresses
                        + "; its log:\n" + waitStrategyTarget.getLogs());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ContainerLaunchException("the server is not ready on " + addresses + " after "
                        + startupTimeout + "; its log:\n" + waitStrategyTarget.getLogs());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for the server", e);
            }
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) POLL.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
