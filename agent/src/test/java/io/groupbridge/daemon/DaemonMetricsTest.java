package io.groupbridge.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.testing.TestHome;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's meters (issue 5, point 7): per-job counters and timers move with each cycle, they are MBeans in the
 * groupbridge JMX domain, and the optional Prometheus endpoint serves them as text on loopback only.
 */
class DaemonMetricsTest {

    @TempDir
    Path home;

    @Test
    void countersMoveAfterACycleAndThePrometheusEndpointServesThemOnLoopbackOnly() throws Exception {
        int port = TestHome.freePort();
        String conf = "schedule:\n  incremental: 1s\n  writeBack: 1s\n" + TestHome.storeOnFreePort()
                + "metrics:\n  prometheusPort: " + port + "\n";
        try (TestHome t = TestHome.start(home, null, conf); GroupbridgeApp app = t.openApp();
                Daemon daemon = new Daemon(app, new LiveConfig(new ConfigLoader(Map.of()), t.config()),
                        Clock.systemUTC())) {
            daemon.start();
            MeterRegistry meters = daemon.metrics().registry();
            await().atMost(Duration.ofSeconds(30)).until(() -> runs(meters, IncrementalReconcileJob.NAME) >= 2
                    && runs(meters, WriteBackJob.NAME) >= 1);

            assertThat(meters.get("groupbridge.job.entries.read").tag("job", IncrementalReconcileJob.NAME).counter()
                    .count()).as("the first run reads the whole demo directory").isGreaterThan(10);
            assertThat(meters.get("groupbridge.job.changes").tag("job", IncrementalReconcileJob.NAME).counter()
                    .count()).isGreaterThan(10);
            assertThat(meters.get("groupbridge.job.duration").tag("job", IncrementalReconcileJob.NAME).timer()
                    .count()).isGreaterThanOrEqualTo(2);
            assertThat(meters.get("groupbridge.job.failures").tag("job", WriteBackJob.NAME).counter().count())
                    .isZero();
            assertThat(meters.get("groupbridge.outbox.pending").gauge().value()).isZero();
            assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("groupbridge:*"), null))
                    .isNotEmpty();

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(v -> v.startsWith("text/plain"));
            assertThat(scrape.body()).contains("groupbridge_job_runs_total{job=\"incremental-reconcile\",outcome=",
                    "groupbridge_job_duration_seconds_count{job=\"write-back\"}", "groupbridge_outbox_failed ");

            Optional<InetAddress> outside = nonLoopbackAddress();
            if (outside.isPresent()) {
                assertThatThrownBy(() -> new Socket(outside.get(), port).close()).isInstanceOf(ConnectException.class);
            }
        }
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("groupbridge:*"), null))
                .as("the daemon's MBeans go with it").isEmpty();
    }

    private static double runs(MeterRegistry meters, String job) {
        return meters.find("groupbridge.job.runs").tag("job", job).counters().stream().mapToDouble(c -> c.count())
                .sum();
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
