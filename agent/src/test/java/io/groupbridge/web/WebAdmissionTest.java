package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The server's admission (issue 12, point 6): as many requests run at once as the store has connections (and on
 * HSQLDB two per processor at most), and the others wait their turn and are then served, not refused.
 */
class WebAdmissionTest {

    @Test
    void requestsBeyondTheStoresConnectionsWaitAndAreThenServed() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        var admission = WebServer.admission(2);
        admission.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await(30, TimeUnit.SECONDS);
                } finally {
                    running.decrementAndGet();
                }
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        });
        server.setHandler(admission);
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
            List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(client.sendAsync(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (admission.getSuspendedRequestCount() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(running.get()).as("requests in the handler while the store's 2 connections are taken")
                    .isEqualTo(2);
            assertThat(admission.getSuspendedRequestCount()).isEqualTo(3);
            release.countDown();
            for (CompletableFuture<HttpResponse<Void>> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(mostAtOnce.get()).isEqualTo(2);
        } finally {
            server.stop();
        }
    }

    @Test
    void onAStoreThatSharesThisMachinesProcessorsAtMostTwoRequestsPerProcessorRun() {
        assertThat(WebServer.requestsAtOnce(10, true, 2)).isEqualTo(4);
        assertThat(WebServer.requestsAtOnce(3, true, 2)).as("fewer connections than that").isEqualTo(3);
        assertThat(WebServer.requestsAtOnce(10, true, 16)).isEqualTo(10);
    }

    @Test
    void onPostgresqlAsManyRequestsRunAsTheStoreHasConnections() {
        assertThat(WebServer.requestsAtOnce(10, false, 2)).isEqualTo(10);
    }
}
