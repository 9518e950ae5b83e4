package io.groupbridge.notify;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A webhook receiver on 127.0.0.1 and an ephemeral port, the only address these tests contact. It answers with the
 * statuses queued by {@link #answer} and 200 after them, and records every request.
 */
final class LoopbackWebhook implements AutoCloseable {

    record Received(String method, String path, Headers headers, String body) {
    }

    /** Runs inside the server before the answer is sent, e.g. to make it hang. */
    @FunctionalInterface
    interface Behaviour {
        void before(Received request) throws InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final LinkedBlockingQueue<Integer> statuses = new LinkedBlockingQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = r -> { };

    LoopbackWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/groupbridge");
    }

    LoopbackWebhook answer(Integer... statusCodes) {
        statuses.addAll(List.of(statusCodes));
        return this;
    }

    LoopbackWebhook behave(Behaviour b) {
        behaviour = b;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.add(r);
            try {
                behaviour.before(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Integer status = statuses.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
