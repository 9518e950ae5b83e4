package io.groupbridge.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.groupbridge.config.MetricsConfig;
import io.groupbridge.store.DaemonRecords;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's meters (issue 5, point 7), per job: runs by outcome, failures, duration, entries read and changes
 * applied; and the outbox's pending and failed rows, read from the store when a meter is read. Exposed as JMX MBeans
 * in the {@value #JMX_DOMAIN} domain by default, and optionally as Prometheus text on a loopback port.
 *
 * <p>Thread-safe: jobs record from scheduler threads while JMX and the endpoint read.
 */
final class DaemonMetrics implements AutoCloseable {

    static final String JMX_DOMAIN = "groupbridge";

    private static final Logger LOG = LoggerFactory.getLogger(DaemonMetrics.class);

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final MetricsConfig config;
    private final Optional<PrometheusMeterRegistry> prometheus;
    private HttpServer endpoint;

    DaemonMetrics(MetricsConfig config, DaemonRecords records) {
        this.config = config;
        if (config.jmx()) {
            registry.add(new JmxMeterRegistry(new JmxConfig() {
                @Override
                public String get(String key) {
                    return null;
                }

                @Override
                public String domain() {
                    return JMX_DOMAIN;
                }
            }, Clock.SYSTEM));
        }
        prometheus = config.prometheusPort() == 0 ? Optional.empty()
                : Optional.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        prometheus.ifPresent(registry::add);
        outboxGauge("pending", records);
        outboxGauge("failed", records);
    }

    private void outboxGauge(String state, DaemonRecords records) {
        // Held strongly: a gauge keeps only a weak reference by default, and nothing else holds this function.
        Gauge.builder("groupbridge.outbox." + state, records, r -> outboxRows(r, state)).strongReference(true)
                .description("write-back outbox rows " + state).register(registry);
    }

    private static double outboxRows(DaemonRecords records, String state) {
        try {
            return records.outboxCounts().getOrDefault(state, 0);
        } catch (RuntimeException e) {
            // A meter read while the store is closing or down: no value rather than an error in the reader.
            return Double.NaN;
        }
    }

    /**
     * Starts the Prometheus endpoint when the conf asks for one: {@code GET /metrics} on 127.0.0.1 only, since the
     * numbers describe the directory and nothing authenticates the reader.
     *
     * @throws IOException when the port cannot be bound
     */
    synchronized void serve() throws IOException {
        if (prometheus.isEmpty() || endpoint != null) {
            return;
        }
        int port = config.prometheusPort();
        try {
            endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (set metrics.prometheusPort to a free port, or 0 for none)", e);
        }
        PrometheusMeterRegistry scraped = prometheus.get();
        endpoint.createContext("/metrics", exchange -> answer(exchange, scraped));
        endpoint.start();
        LOG.info("metrics served on http://127.0.0.1:{}/metrics", endpoint.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, PrometheusMeterRegistry scraped) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = scraped.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Records one cycle of {@code job}. */
    void record(String job, JobOutcome outcome, Duration duration) {
        Counter.builder("groupbridge.job.runs").description("job cycles by outcome").tag("job", job)
                .tag("outcome", outcome.outcome()).register(registry).increment();
        Counter failures = Counter.builder("groupbridge.job.failures").description("job cycles that failed")
                .tag("job", job).register(registry);
        if (outcome.outcome().equals("failed")) {
            failures.increment();
        }
        Timer.builder("groupbridge.job.duration").description("how long job cycles take").tag("job", job)
                .register(registry).record(duration);
        Counter.builder("groupbridge.job.entries.read").description("directory entries read").tag("job", job)
                .register(registry).increment(outcome.entriesRead());
        Counter.builder("groupbridge.job.changes").description("changes applied").tag("job", job)
                .register(registry).increment(outcome.changes());
    }

    MeterRegistry registry() {
        return registry;
    }

    /** The port the Prometheus endpoint listens on, once serving. */
    synchronized Optional<InetSocketAddress> endpointAddress() {
        return Optional.ofNullable(endpoint).map(HttpServer::getAddress);
    }

    @Override
    public synchronized void close() {
        if (endpoint != null) {
            endpoint.stop(0);
            endpoint = null;
        }
        registry.getRegistries().forEach(MeterRegistry::close);
        registry.close();
    }
}
