package io.groupbridge.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.groupbridge.BuildInfo;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.MetricsConfig;
import io.groupbridge.store.JobRun;
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
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

            assertThat(meters.get("groupbridge.job.entries.read").tag("task", IncrementalReconcileJob.NAME).counter()
                    .count()).as("the first run reads the whole demo directory").isGreaterThan(10);
            assertThat(meters.get("groupbridge.job.changes").tag("task", IncrementalReconcileJob.NAME).counter()
                    .count()).isGreaterThan(10);
            assertThat(meters.get("groupbridge.job.duration").tag("task", IncrementalReconcileJob.NAME).timer()
                    .count()).isGreaterThanOrEqualTo(2);
            assertThat(meters.get("groupbridge.job.failures").tag("task", WriteBackJob.NAME).counter().count())
                    .isZero();
            assertThat(meters.get("groupbridge.outbox.rows").tag("state", "pending").gauge().value()).isZero();
            assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("groupbridge:*"), null))
                    .isNotEmpty();

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(v -> v.startsWith("text/plain"));
            assertThat(scrape.body()).contains("groupbridge_job_runs_total{outcome=",
                    ",task=\"incremental-reconcile\"}", "groupbridge_job_duration_seconds_count{task=\"write-back\"}",
                    "groupbridge_outbox_rows{state=\"failed\"} ");

            Optional<InetAddress> outside = nonLoopbackAddress();
            if (outside.isPresent()) {
                assertThatThrownBy(() -> new Socket(outside.get(), port).close()).isInstanceOf(ConnectException.class);
            }
        }
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("groupbridge:*"), null))
                .as("the daemon's MBeans go with it").isEmpty();
    }

    /**
     * Issue 15, finding 9: scraped from the loopback endpoint, the per-job series carry {@code task} (a {@code job}
     * label would become {@code exported_job}), each task that succeeded has its last-success timestamp, the outbox is
     * one gauge by state, and JVM, process, connection-pool and build-info meters are there.
     */
    @Test
    void theScrapeNamesTasksAndCarriesLastSuccessOutboxJvmProcessPoolAndBuildMeters() throws Exception {
        int port = TestHome.freePort();
        String conf = "schedule:\n  incremental: 1s\n  writeBack: 1s\n" + TestHome.storeOnFreePort()
                + "metrics:\n  jmx: false\n  prometheusPort: " + port + "\n";
        try (TestHome t = TestHome.start(home, null, conf); GroupbridgeApp app = t.openApp();
                Daemon daemon = new Daemon(app, new LiveConfig(new ConfigLoader(Map.of()), t.config()),
                        Clock.systemUTC())) {
            long before = Instant.now().getEpochSecond();
            daemon.start();
            MeterRegistry meters = daemon.metrics().registry();
            await().atMost(Duration.ofSeconds(30)).until(() -> runs(meters, IncrementalReconcileJob.NAME) >= 1
                    && runs(meters, WriteBackJob.NAME) >= 1);

            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                    .body();

            assertThat(body).doesNotContain("job=\"", "exported_job");
            assertThat(body).contains("groupbridge_job_failures_total{task=\"incremental-reconcile\"} 0.0",
                    "groupbridge_job_entries_read_total{task=\"incremental-reconcile\"}",
                    "groupbridge_job_changes_total{task=\"write-back\"}");
            Matcher last = Pattern.compile(
                    "(?m)^groupbridge_job_last_success_timestamp_seconds\\{task=\"incremental-reconcile\"} (\\S+)$")
                    .matcher(body);
            assertThat(last.find()).as("last success of the incremental reconcile in:%n%s", body).isTrue();
            assertThat(Double.parseDouble(last.group(1))).isBetween((double) before,
                    (double) Instant.now().getEpochSecond() + 1);
            assertThat(body).contains("groupbridge_outbox_rows{state=\"pending\"} 0.0",
                    "groupbridge_outbox_rows{state=\"failed\"} 0.0")
                    .doesNotContain("groupbridge_outbox_pending", "groupbridge_outbox_failed");
            assertThat(body).contains("groupbridge_build_info{version=\"" + BuildInfo.load().version() + "\"} 1");
            assertThat(body).as("JVM memory, GC, threads").contains("jvm_memory_used_bytes{",
                    "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads ", "jvm_info{");
            assertThat(body).as("process CPU, uptime, open files").contains("process_cpu_usage ",
                    "process_uptime_seconds ", "process_files_open_files ");
            assertThat(body).as("the store's HikariCP pool").contains(
                    "hikaricp_connections_active{pool=\"groupbridge-store\"}",
                    "hikaricp_connections_max{pool=\"groupbridge-store\"}");
        }
    }

    /** Issue 15, finding 9: a restarted daemon's last-success gauge starts from the runs the store recorded. */
    @Test
    void lastSuccessStartsFromTheStoreAfterARestart() throws Exception {
        try (TestHome t = TestHome.start(home, null, TestHome.storeOnFreePort()); GroupbridgeApp app = t.openApp()) {
            var records = app.store().daemonRecords();
            Instant night = Instant.parse("2026-11-30T02:00:07Z");
            records.record(new JobRun(FullReconcileJob.NAME, night.minusSeconds(7), night, "succeeded", 40, 3, null,
                    "1"));
            records.record(new JobRun(FullReconcileJob.NAME, night, night.plusSeconds(60), "failed", 0, 0, "down",
                    "1"));
            // A registry with no backend keeps no values: Prometheus is one, its endpoint left unserved.
            try (DaemonMetrics metrics = new DaemonMetrics(new MetricsConfig(false, TestHome.freePort()), records,
                    BuildInfo.load())) {
                assertThat(metrics.registry().get("groupbridge.job.last.success.timestamp")
                        .tag("task", FullReconcileJob.NAME).gauge().value()).isEqualTo(night.getEpochSecond());
                assertThat(metrics.registry().find("groupbridge.job.last.success.timestamp")
                        .tag("task", WriteBackJob.NAME).gauge()).as("no success recorded, no series").isNull();
            }
        }
    }

    private static double runs(MeterRegistry meters, String job) {
        return meters.find("groupbridge.job.runs").tag("task", job).counters().stream().mapToDouble(c -> c.count())
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
