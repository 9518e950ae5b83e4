package io.groupbridge.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.groupbridge.BuildInfo;
import io.groupbridge.config.MetricsConfig;
import io.groupbridge.store.DaemonRecords;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's meters (issue 5, point 7; issue 15, finding 9), per task (the job's name): runs by outcome, failures,
 * duration, entries read, changes applied and when its last successful run finished; the outbox's rows by state, read
 * from the store when a meter is read; JVM, process and connection-pool meters; and the build's version. Exposed as
 * JMX MBeans in the {@value #JMX_DOMAIN} domain by default, and optionally as Prometheus text on a loopback port.
 *
 * <p>The per-job tag is {@value #TASK}, not {@code job}: Prometheus sets {@code job} on every scraped series to the
 * scrape job's name, and renames a {@code job} label of the target to {@code exported_job}.
 *
 * <p>Thread-safe: jobs record from scheduler threads while JMX and the endpoint read.
 */
final class DaemonMetrics implements AutoCloseable {

    static final String JMX_DOMAIN = "groupbridge";
    static final String TASK = "task";
    /** The outbox states shown: the backlog. Done rows are history, and they are most of the table. */
    static final List<String> OUTBOX_STATES = List.of("pending", "failed");

    private static final Logger LOG = LoggerFactory.getLogger(DaemonMetrics.class);

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final MetricsConfig config;
    private final Optional<PrometheusMeterRegistry> prometheus;
    // Seconds since the epoch of each task's last succeeded run, read by its gauge.
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final List<AutoCloseable> binders = new ArrayList<>();
    private HttpServer endpoint;

    /** @param records the store's job runs (each task's last success is seeded from them) and outbox counts */
    DaemonMetrics(MetricsConfig config, DaemonRecords records, BuildInfo build) {
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
        OUTBOX_STATES.forEach(state -> outboxGauge(state, records));
        Gauge.builder("groupbridge.build.info", () -> 1.0).tag("version", build.version())
                .description("the agent's version; always 1").strongReference(true).register(registry);
        bindJvmAndProcess();
        try {
            records.lastSuccesses().forEach((task, at) -> succeeded(task, at));
        } catch (RuntimeException e) {
            LOG.warn("cannot read the last successful runs from the store; their meters start at the next run: {}",
                    e.getMessage());
        }
    }

    private void bindJvmAndProcess() {
        JvmGcMetrics gc = new JvmGcMetrics();
        binders.add(gc);
        JvmHeapPressureMetrics pressure = new JvmHeapPressureMetrics();
        binders.add(pressure);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, pressure, new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new JvmInfoMetrics(), new ProcessorMetrics(), new UptimeMetrics(),
                new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
    }

    private void outboxGauge(String state, DaemonRecords records) {
        // Held strongly: a gauge keeps only a weak reference by default, and nothing else holds this function.
        Gauge.builder("groupbridge.outbox.rows", records, r -> outboxRows(r, state)).tag("state", state)
                .strongReference(true).description("write-back outbox rows by state").register(registry);
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

    /** Records one cycle of {@code task} that ended at {@code finished}. */
    void record(String task, JobOutcome outcome, Duration duration, Instant finished) {
        Counter.builder("groupbridge.job.runs").description("job cycles by outcome").tag(TASK, task)
                .tag("outcome", outcome.outcome()).register(registry).increment();
        Counter failures = Counter.builder("groupbridge.job.failures").description("job cycles that failed")
                .tag(TASK, task).register(registry);
        if (outcome.outcome().equals("failed")) {
            failures.increment();
        }
        Timer.builder("groupbridge.job.duration").description("how long job cycles take").tag(TASK, task)
                .register(registry).record(duration);
        Counter.builder("groupbridge.job.entries.read").description("directory entries read").tag(TASK, task)
                .register(registry).increment(outcome.entriesRead());
        Counter.builder("groupbridge.job.changes").description("changes applied").tag(TASK, task)
                .register(registry).increment(outcome.changes());
        if (outcome.outcome().equals("succeeded")) {
            succeeded(task, finished);
        }
    }

    private void succeeded(String task, Instant at) {
        lastSuccess.computeIfAbsent(task, t -> {
            AtomicLong seconds = new AtomicLong();
            // The name with its unit: Prometheus shows groupbridge_job_last_success_timestamp_seconds.
            Gauge.builder("groupbridge.job.last.success.timestamp", seconds, AtomicLong::get).tag(TASK, t)
                    .baseUnit("seconds").strongReference(true)
                    .description("when the task's last succeeded run finished, seconds since the epoch")
                    .register(registry);
            return seconds;
        }).accumulateAndGet(at.getEpochSecond(), Math::max);
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
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.debug("closing a JVM meter binder: {}", e.getMessage());
            }
        }
        registry.getRegistries().forEach(MeterRegistry::close);
        registry.close();
    }
}
