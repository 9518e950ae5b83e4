package io.groupbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.groupbridge.fixtures.DirectoryGenerator;
import io.groupbridge.fixtures.EmbeddedDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark behind {@code scripts/bench-web} (issue 12, point 6): the daemon ({@code groupbridge run}, its own
 * JVM) on a generated directory served by the embedded server (another JVM), and N signed-in people on loopback
 * using the panel and the API at once for a fixed time: the Groups search page, a group's page and a join (or a
 * request to join) through the API. Reports requests per second, p50/p95/p99 latency per kind and the errors.
 *
 * <p>A refusal the rules give (403 with a rule, 409 for a request already made) is a right answer and counted as
 * refused; an error is anything else that is not a 2xx/3xx: 5xx, 400, 401, a connection that failed or timed out.
 *
 * <p>Usage: {@code WebBench [--size T|S|M] [--sessions 50] [--seconds 60] [--warm-up 10] [--agent-heap 1g]
 * [--pauses MS[,MS...]] [--incremental DURATION] [--daemon-option OPTION]... [--work DIR]}; {@code --pauses} runs
 * the load once for each pause, on the same daemon: with 0 (the default) each person sends the next request as soon
 * as the answer is in, which measures the most the daemon serves and makes latency the queue's length; with MS each
 * waits 0 to 2 MS after every answer, as people read a page before they click; {@code --incremental} sets the daemon's
 * {@code schedule.incremental}, so a run can tell the web's own cost from that of the daemon's reconciles beside it;
 * {@code --daemon-option} passes a JVM option to the daemon alone, such as a flight recording of the measured run
 * ({@code -XX:StartFlightRecording=delay=40s,duration=60s,filename=web.jfr}).
 */
public final class WebBench {

    /** What one signed-in person does, with how often (out of 100). */
    enum Kind {
        SEARCH(55), GROUP_PAGE(35), JOIN(10);

        final int share;

        Kind(int share) {
            this.share = share;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebBench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Bench.Size size = Bench.Size.S;
        int sessions = 50;
        int seconds = 60;
        int warmUp = 10;
        String agentHeap = "1g";
        String incremental = null;
        List<Integer> pauses = List.of(0);
        List<String> daemonOptions = new ArrayList<>();
        Path work = Path.of("target", "bench");
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                return usage(err, "missing value after " + args[i]);
            }
            try {
                switch (args[i]) {
                    case "--size" -> size = Bench.Size.valueOf(value.toUpperCase(Locale.ROOT));
                    case "--sessions" -> sessions = positive(args[i], value);
                    case "--seconds" -> seconds = positive(args[i], value);
                    case "--warm-up" -> warmUp = Integer.parseInt(value);
                    case "--agent-heap" -> agentHeap = value;
                    case "--incremental" -> incremental = value;
                    case "--pauses" -> pauses = pauses(value);
                    case "--daemon-option" -> daemonOptions.add(value);
                    case "--work" -> work = Path.of(value);
                    default -> {
                        return usage(err, "unknown argument " + args[i]);
                    }
                }
            } catch (IllegalArgumentException e) {
                return usage(err, args[i] + " " + value + ": " + e.getMessage());
            }
        }
        Path ldif = Bench.directoryLdif(size, work, err);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Process directory = new ProcessBuilder(java, "-Xmx" + size.directoryHeap, "-cp", classpath,
                BenchDirectoryServer.class.getName(), ldif.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String[] listening = new BufferedReader(new InputStreamReader(directory.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().split(" ");
            err.println("bench-web: directory (" + size + ") on 127.0.0.1:" + listening[1]);
            Path home = work.resolve("web-" + size);
            deleteTree(home);
            Files.createDirectories(home.resolve("conf"));
            int httpPort = freePort();
            Path conf = home.resolve("conf/groupbridge.yaml");
            Files.writeString(conf, "http:\n  port: " + httpPort + "\n"
                    + (incremental == null ? "" : "schedule:\n  incremental: " + incremental + "\n")
                    + "directory:\n  url: ldap://127.0.0.1:" + listening[1] + "\n"
                    + "  bindDn: " + BenchDirectoryServer.MANAGER_DN + "\n"
                    + "  bindPassword: " + BenchDirectoryServer.MANAGER_PASSWORD + "\n", StandardCharsets.UTF_8);
            List<String> agent = List.of(java, "-Xmx" + agentHeap, "-XX:+ExitOnOutOfMemoryError", "-cp", classpath,
                    "io.groupbridge.cli.Main", "--conf", conf.toString());
            err.println("bench-web: first reconcile into an empty store");
            long loadStart = System.nanoTime();
            Process reconcile = command(agent, "reconcile").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (reconcile.waitFor() != 0) {
                err.println("bench-web: the first reconcile exited with " + reconcile.exitValue());
                return 1;
            }
            long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
            List<String> daemonCommand = new ArrayList<>(agent);
            daemonCommand.addAll(1, daemonOptions);
            Process daemon = command(daemonCommand, "run").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                URI base = URI.create("http://127.0.0.1:" + httpPort);
                waitForPanel(base, daemon);
                int errors = 0;
                for (int pause : pauses) {
                    Result result = new Load(base, size, sessions, pause).run(Duration.ofSeconds(warmUp),
                            Duration.ofSeconds(seconds), err);
                    print(out, size, sessions, seconds, pause, loadMillis, result);
                    writeResults(work.resolve("web-results-" + size + (pause == 0 ? "" : "-pause-" + pause)
                            + ".tsv"), size, sessions, seconds, pause, result);
                    errors += result.errors();
                }
                return errors == 0 ? 0 : 1;
            } finally {
                daemon.destroy();
                if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
        } finally {
            directory.getOutputStream().close();
            if (!directory.waitFor(30, TimeUnit.SECONDS)) {
                directory.destroyForcibly();
            }
        }
    }

    private static ProcessBuilder command(List<String> agent, String subcommand) {
        List<String> command = new ArrayList<>(agent);
        command.add(subcommand);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    private static void waitForPanel(URI base, Process daemon) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IOException("the daemon exited with " + daemon.exitValue() + " before serving the panel");
            }
            try {
                if (client.send(HttpRequest.newBuilder(base.resolve("/signin")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new IOException("the panel did not answer on " + base + " within 5 minutes");
    }

    /** Latencies in microseconds per kind, and what did not go right. */
    record Result(Map<Kind, long[]> latencies, Map<Kind, Integer> refused, Map<Kind, Integer> errorsByKind,
            List<String> firstErrors, double seconds) {

        int errors() {
            return errorsByKind.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The signed-in people and what they do. */
    private static final class Load {

        private final URI base;
        private final Bench.Size size;
        private final int sessions;
        private final int pauseMillis;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();

        Load(URI base, Bench.Size size, int sessions, int pauseMillis) {
            this.base = base;
            this.size = size;
            this.sessions = sessions;
            this.pauseMillis = pauseMillis;
        }

        Result run(Duration warmUp, Duration measured, PrintStream err) throws Exception {
            List<Session> people = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                // Spread over the numbering, so the people are not all members of the same groups.
                int user = 1 + (int) ((long) i * size.users / sessions);
                people.add(signIn(DirectoryGenerator.userUid(user)));
            }
            List<String> groups = groupIds(people.get(0));
            err.println("bench-web: " + people.size() + " people signed in; " + groups.size()
                    + " group ids to visit; " + (pauseMillis == 0 ? "no pause between requests" : "a pause of 0 to "
                    + 2 * pauseMillis + " ms after each answer") + "; warm-up " + warmUp.toSeconds() + " s, then "
                    + measured.toSeconds() + " s measured");
            ExecutorService threads = Executors.newFixedThreadPool(sessions);
            try {
                long start = System.nanoTime();
                long measureFrom = start + warmUp.toNanos();
                long end = measureFrom + measured.toNanos();
                List<Future<Worker>> running = new ArrayList<>();
                for (int i = 0; i < people.size(); i++) {
                    Worker w = new Worker(people.get(i), groups, new SplittableRandom(i), measureFrom, end);
                    running.add(threads.submit(() -> {
                        w.work();
                        return w;
                    }));
                }
                Map<Kind, List<long[]>> parts = new EnumMap<>(Kind.class);
                Map<Kind, Integer> refused = new EnumMap<>(Kind.class);
                Map<Kind, Integer> errors = new EnumMap<>(Kind.class);
                List<String> firstErrors = new ArrayList<>();
                for (Future<Worker> f : running) {
                    Worker w = f.get();
                    for (Kind k : Kind.values()) {
                        parts.computeIfAbsent(k, x -> new ArrayList<>()).add(w.latencies.get(k).toArray());
                        refused.merge(k, w.refused.getOrDefault(k, 0), Integer::sum);
                        errors.merge(k, w.errors.getOrDefault(k, 0), Integer::sum);
                    }
                    w.firstErrors.stream().limit(5 - Math.min(5, firstErrors.size())).forEach(firstErrors::add);
                }
                Map<Kind, long[]> latencies = new EnumMap<>(Kind.class);
                parts.forEach((k, arrays) -> {
                    long[] all = arrays.stream().flatMapToLong(Arrays::stream).toArray();
                    Arrays.sort(all);
                    latencies.put(k, all);
                });
                return new Result(latencies, refused, errors, firstErrors, measured.toNanos() / 1e9);
            } finally {
                threads.shutdownNow();
            }
        }

        private Session signIn(String login) throws Exception {
            String body = JSON.writeValueAsString(Map.of("login", login, "password",
                    EmbeddedDirectory.demoPassword()));
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IOException("sign-in as " + login + " answered " + r.statusCode() + ": " + r.body());
            }
            String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            return new Session(cookie, JSON.readTree(r.body()).path("csrfToken").asText());
        }

        private List<String> groupIds(Session s) throws Exception {
            List<String> ids = new ArrayList<>();
            for (int offset = 0; offset < size.groups; offset += 100) {
                HttpResponse<String> r = client.send(s.get(base.resolve("/api/v1/groups?limit=100&offset="
                        + offset)), HttpResponse.BodyHandlers.ofString());
                JsonNode items = JSON.readTree(r.body()).path("value");
                if (!items.isArray() || items.isEmpty()) {
                    break;
                }
                items.forEach(g -> ids.add(g.path("id").asText()));
            }
            if (ids.isEmpty()) {
                throw new IOException("the API listed no groups");
            }
            return ids;
        }

        /** One person's loop: picks a kind by its share, sends it, and records the answer's latency. */
        private final class Worker {

            final Map<Kind, LongList> latencies = new EnumMap<>(Kind.class);
            final Map<Kind, Integer> refused = new EnumMap<>(Kind.class);
            final Map<Kind, Integer> errors = new EnumMap<>(Kind.class);
            final List<String> firstErrors = new ArrayList<>();
            private final Session session;
            private final List<String> groups;
            private final SplittableRandom random;
            private final long measureFrom;
            private final long end;

            Worker(Session session, List<String> groups, SplittableRandom random, long measureFrom, long end) {
                this.session = session;
                this.groups = groups;
                this.random = random;
                this.measureFrom = measureFrom;
                this.end = end;
                for (Kind k : Kind.values()) {
                    latencies.put(k, new LongList());
                }
            }

            void work() {
                long now;
                while ((now = System.nanoTime()) < end) {
                    Kind kind = pick();
                    HttpRequest request = request(kind);
                    int status;
                    String failure = null;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                        failure = e.toString();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    long took = (System.nanoTime() - now) / 1_000;
                    if (pauseMillis > 0 && !pause()) {
                        return;
                    }
                    if (now < measureFrom) {
                        continue;
                    }
                    latencies.get(kind).add(took);
                    if (status == 403 || status == 409) {
                        refused.merge(kind, 1, Integer::sum);
                    } else if (status < 200 || status >= 400) {
                        errors.merge(kind, 1, Integer::sum);
                        if (firstErrors.size() < 5) {
                            firstErrors.add(kind + " " + request.uri() + ": "
                                    + (failure != null ? failure : "HTTP " + status));
                        }
                    }
                }
            }

            /** What a person takes to read the answer before the next click: uniform, averaging the pause asked. */
            private boolean pause() {
                try {
                    Thread.sleep(random.nextInt(2 * pauseMillis + 1));
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }

            private Kind pick() {
                int roll = random.nextInt(100);
                for (Kind k : Kind.values()) {
                    if (roll < k.share) {
                        return k;
                    }
                    roll -= k.share;
                }
                return Kind.SEARCH;
            }

            private HttpRequest request(Kind kind) {
                String group = groups.get(random.nextInt(groups.size()));
                return switch (kind) {
                    // What people type: the start of a name; "group0012" matches group001200 to group001299.
                    case SEARCH -> session.get(base.resolve("/groups?q=" + DirectoryGenerator.groupCn(
                            1 + random.nextInt(size.groups)).substring(0, 9)));
                    case GROUP_PAGE -> session.get(base.resolve("/groups/" + URLEncoder.encode(group,
                            StandardCharsets.UTF_8)));
                    case JOIN -> session.post(base.resolve("/api/v1/groups/" + URLEncoder.encode(group,
                            StandardCharsets.UTF_8) + "/join"), "{\"justification\":\"bench\"}");
                };
            }
        }
    }

    /** A signed-in person: the session cookie and the CSRF token that goes with it. */
    private record Session(String cookie, String csrf) {

        HttpRequest get(URI uri) {
            return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Cookie", cookie).GET().build();
        }

        HttpRequest post(URI uri, String json) {
            return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Cookie", cookie)
                    .header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        }
    }

    /** A growable array of primitive longs, so a minute of latencies does not box millions of values. */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    private static void print(PrintStream out, Bench.Size size, int sessions, int seconds, int pause,
            long loadMillis, Result r) {
        out.printf(Locale.ROOT, "%n%s: %,d people, %,d groups; %d signed-in sessions for %d s on loopback, %s"
                + " (first reconcile %.1f s); %s%n%n", size, size.users, size.groups, sessions, seconds,
                pause == 0 ? "each sending its next request as soon as the answer is in" : "each pausing 0 to "
                + 2 * pause + " ms (" + pause + " ms on average) after an answer", loadMillis / 1000.0,
                LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        out.println("| request | count | per second | p50 ms | p95 ms | p99 ms | refused by a rule | errors |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        long total = 0;
        for (Kind k : Kind.values()) {
            long[] l = r.latencies().get(k);
            total += l.length;
            out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | %.1f | %d | %d |%n", label(k), l.length,
                    l.length / r.seconds(), pct(l, 50), pct(l, 95), pct(l, 99), r.refused().get(k),
                    r.errorsByKind().get(k));
        }
        out.printf(Locale.ROOT, "| all | %,d | %.1f | | | | | %d |%n%n", total, total / r.seconds(), r.errors());
        long[] search = r.latencies().get(Kind.SEARCH);
        out.printf(Locale.ROOT, "target: group search p95 <= 100 ms: %.1f ms, %s; zero errors: %s%n",
                pct(search, 95), pct(search, 95) <= 100 ? "met" : "MISSED", r.errors() == 0 ? "met" : "MISSED");
        r.firstErrors().forEach(e -> out.println("error: " + e));
    }

    private static void writeResults(Path file, Bench.Size size, int sessions, int seconds, int pause, Result r)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("#\tsize\t" + size + "\tsessions\t" + sessions + "\tseconds\t" + seconds + "\tpause ms\t"
                + pause);
        for (Kind k : Kind.values()) {
            long[] l = r.latencies().get(k);
            lines.add(String.join("\t", label(k), String.valueOf(l.length), fmt(pct(l, 50)), fmt(pct(l, 95)),
                    fmt(pct(l, 99)), String.valueOf(r.refused().get(k)), String.valueOf(r.errorsByKind().get(k))));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static String label(Kind k) {
        return switch (k) {
            case SEARCH -> "Groups search page (GET /groups?q=)";
            case GROUP_PAGE -> "group page (GET /groups/{id})";
            case JOIN -> "join or request (POST /api/v1/groups/{id}/join)";
        };
    }

    /** The p-th percentile in milliseconds, nearest rank. */
    static double pct(long[] sortedMicros, int p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedMicros.length);
        return sortedMicros[Math.max(0, rank - 1)] / 1000.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Pauses in milliseconds, comma-separated: one measured run each, on the same daemon, in this order. */
    private static List<Integer> pauses(String value) {
        List<Integer> pauses = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            int pause = Integer.parseInt(part.strip());
            if (pause < 0) {
                throw new IllegalArgumentException("a pause cannot be negative");
            }
            pauses.add(pause);
        }
        return pauses;
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException("must be at least 1");
        }
        return n;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("bench-web: " + problem);
        err.println("usage: bench-web [--size T|S|M] [--sessions 50] [--seconds 60] [--warm-up 10]"
                + " [--agent-heap 1g] [--pauses MS[,MS...]] [--incremental DURATION] [--daemon-option OPTION]..."
                + " [--work DIR]");
        return 2;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
