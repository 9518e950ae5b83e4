package io.groupbridge.soak;

import io.groupbridge.cli.InProcessCli;
import io.groupbridge.cli.Main;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.StoreConfig;
import io.groupbridge.store.EmbeddedStore;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * The agent under test: {@code groupbridge run} in a JVM of its own (killed with SIGKILL and started again by the
 * driver), one-shot commands forked beside it as an administrator's terminal would, and the store they share.
 */
final class SoakAgent implements AutoCloseable {

    /** What a forked command left behind. */
    record Run(int exit, String out, String err) {
        String both() {
            return out + err;
        }
    }

    static final String PASSWORD = "groupbridge-demo";

    private final Path home;
    private final Path conf;
    private final int httpPort;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classpath = System.getProperty("java.class.path");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process daemon;
    private int starts;
    private Jdbi store;

    SoakAgent(Path home, Path conf, int httpPort) {
        this.home = home;
        this.conf = conf;
        this.httpPort = httpPort;
    }

    Path conf() {
        return conf;
    }

    int httpPort() {
        return httpPort;
    }

    long pid() {
        return daemon.pid();
    }

    boolean alive() {
        return daemon != null && daemon.isAlive();
    }

    /**
     * Starts the daemon and waits for its web server to answer. A daemon killed a moment ago leaves the embedded
     * store's lock fresh for a few seconds, so a start that exits at once is tried again.
     */
    void start() throws Exception {
        // A first start migrates the store; on a loaded shared machine that alone took over two minutes.
        Instant deadline = Instant.now().plus(Duration.ofMinutes(6));
        while (true) {
            starts++;
            List<String> command = new ArrayList<>(List.of(java, "-Xmx384m"));
            URL logback = SoakAgent.class.getClassLoader().getResource("logback.xml");
            if (logback != null && "file".equals(logback.getProtocol())) {
                command.add("-Dlogback.configurationFile=" + Path.of(logback.toURI()));
            }
            command.addAll(List.of("-cp", classpath, Main.class.getName(), "--conf", conf.toString(), "run"));
            daemon = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("daemon-out.log").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("daemon.log").toFile()))
                    .start();
            while (daemon.isAlive() && Instant.now().isBefore(deadline)) {
                if (answers()) {
                    return;
                }
                Thread.sleep(250);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("the daemon did not come up within six minutes; see " + home.resolve("daemon.log"));
            }
            Thread.sleep(2000);
        }
    }

    int starts() {
        return starts;
    }

    private boolean answers() {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/api/openapi.yaml")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, as the OOM killer or a power cut would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        daemon.destroyForcibly();
        daemon.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * {@code groupbridge --conf CONF ARGS}, signing in with the demo password. In the driver's JVM: on a loaded
     * machine a JVM start per command took a minute, which would leave a short soak with a handful of actions.
     */
    Run cli(String... args) {
        List<String> command = new ArrayList<>(List.of("--conf", conf.toString()));
        command.addAll(List.of(args));
        InProcessCli.Result r = InProcessCli.run(Map.of("GROUPBRIDGE_PASSWORD", PASSWORD, "COLUMNS", "200"),
                command.toArray(String[]::new));
        return new Run(r.exit(), r.out(), r.err());
    }

    /** The store as the commands reach it: the daemon's loopback server for the embedded one. */
    synchronized Jdbi store() throws Exception {
        if (store == null) {
            StoreConfig s = new ConfigLoader(Map.of()).load(conf).store();
            if (s.isEmbedded()) {
                String password = Files.readString(EmbeddedStore.credentialsFile(s.embeddedDatabase())).strip();
                store = Jdbi.create(s.embeddedServerUrl(), s.username(), password);
            } else {
                store = Jdbi.create(s.jdbcUrl(), s.username(), "");
            }
        }
        return store;
    }

    @Override
    public void close() throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
