package io.groupbridge.bench;

import io.groupbridge.fixtures.DirectoryGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark behind {@code scripts/bench}: generates a directory of the chosen size, serves it from the embedded
 * directory in one JVM ({@link BenchDirectoryServer}), measures the raw baselines and groupbridge side by side in
 * another ({@link BenchAgent}, heap capped), and prints the table of medians and ratios. The figures also go to
 * {@code <work>/results-<size>.tsv}, which {@link BenchChart} draws.
 *
 * <p>{@link #run} returns the exit code (0 done, 1 a case failed, 2 usage), so a test can drive it.
 */
public final class Bench {

    /** What to generate; T is the smoke-test size. */
    enum Size {
        T(1_000, 100, 20, "1g"),
        S(10_000, 1_000, 100, "2g"),
        M(100_000, 10_000, 100, "8g"),
        L(300_000, 30_000, 100, "20g");

        final int users;
        final int groups;
        final int membersPerGroup;
        final String directoryHeap;

        Size(int users, int groups, int membersPerGroup, String directoryHeap) {
            this.users = users;
            this.groups = groups;
            this.membersPerGroup = membersPerGroup;
            this.directoryHeap = directoryHeap;
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (List.of(args).contains("--servers")) {
            return ServerBench.run(args, out, err);
        }
        Size size = Size.S;
        int runs = 3;
        String agentHeap = "512m";
        Path work = Path.of("target", "bench");
        boolean profile = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--size" -> size = Size.valueOf(value.toUpperCase(Locale.ROOT));
                case "--runs" -> runs = Integer.parseInt(value);
                case "--agent-heap" -> agentHeap = value;
                case "--work" -> work = Path.of(value);
                case "--profile" -> {
                    profile = true;
                    i--;
                }
                default -> {
                    err.println("bench: unknown argument " + args[i]);
                    err.println("usage: bench [--size S|M|L] [--runs N (>= 3)] [--agent-heap 512m] [--work DIR]"
                            + " [--profile]");
                    err.println("       bench --servers [--size S|M|L] [--runs N] [--work DIR] [--doc FILE|none]");
                    return 2;
                }
            }
            i++;
        }
        Path ldif = directoryLdif(size, work, err);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");

        err.println("bench: loading the directory (" + size + ") into the embedded server, -Xmx"
                + size.directoryHeap);
        Process directory = new ProcessBuilder(java, "-Xmx" + size.directoryHeap, "-cp", classpath,
                BenchDirectoryServer.class.getName(), ldif.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String[]> results = new ArrayList<>();
        Map<String, String> facts = new LinkedHashMap<>();
        int agentStatus;
        try {
            String[] listening = new BufferedReader(new InputStreamReader(directory.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().split(" ");
            facts.put("directory load ms", listening[2]);
            err.println("bench: directory on 127.0.0.1:" + listening[1] + " after " + listening[2] + " ms");
            List<String> command = new ArrayList<>(List.of(java, "-Xmx" + agentHeap, "-XX:+ExitOnOutOfMemoryError"));
            if (profile) {
                Path recording = work.resolve("agent-" + size + ".jfr").toAbsolutePath();
                command.add("-XX:StartFlightRecording=settings=profile,filename=" + recording);
                err.println("bench: recording the agent JVM to " + recording);
            }
            command.addAll(List.of("-cp", classpath, BenchAgent.class.getName(), "--port", listening[1],
                    "--ldif", ldif.toString(), "--work", work.resolve("agent-" + size).toString(),
                    "--users", String.valueOf(size.users), "--groups", String.valueOf(size.groups),
                    "--runs", String.valueOf(runs)));
            Process agent = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(agent.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(BenchAgent.RESULT + "\t")) {
                        results.add(line.split("\t", -1));
                    } else {
                        // The JVM reports -XX:+ExitOnOutOfMemoryError on standard output.
                        err.println(line);
                    }
                }
            }
            agentStatus = agent.waitFor();
        } finally {
            directory.getOutputStream().close();
            if (!directory.waitFor(30, TimeUnit.SECONDS)) {
                directory.destroyForcibly();
            }
        }
        facts.put("size", size.name());
        facts.put("people", String.valueOf(size.users));
        facts.put("groups", String.valueOf(size.groups));
        facts.put("runs", String.valueOf(runs));
        facts.put("agent heap", agentHeap);
        facts.put("directory heap", size.directoryHeap);
        facts.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        facts.put("os", ManagementFactory.getOperatingSystemMXBean().getName() + " "
                + ManagementFactory.getOperatingSystemMXBean().getVersion());
        facts.put("when", LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        writeResults(work.resolve("results-" + size + ".tsv"), facts, results);
        printTable(out, facts, results);
        if (agentStatus != 0) {
            err.println("bench: the agent JVM exited with status " + agentStatus
                    + " before every case was measured (see above; above 128 means killed by signal status - 128)");
            return 1;
        }
        return 0;
    }

    /** The generated directory of {@code size} in {@code work} (seed 1), written first if it is not there yet. */
    static Path directoryLdif(Size size, Path work, PrintStream err) throws IOException {
        Files.createDirectories(work);
        Path ldif = work.resolve("directory-" + size + ".ldif");
        if (!Files.exists(ldif)) {
            err.println("bench: generating " + ldif);
            new DirectoryGenerator().write(new DirectoryGenerator.Spec(size.users, size.groups,
                    size.membersPerGroup, 1L), ldif);
        }
        return ldif;
    }

    private static void writeResults(Path file, Map<String, String> facts, List<String[]> results)
            throws IOException {
        List<String> lines = new ArrayList<>();
        facts.forEach((k, v) -> lines.add("#\t" + k + "\t" + v));
        results.forEach(r -> lines.add(String.join("\t", r)));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** The targets of issue 7, as a ratio of a case's median to its baseline's (or seconds, for incremental). */
    private static void printTable(PrintStream out, Map<String, String> facts, List<String[]> results) {
        Map<String, String[]> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put(r[1], r));
        out.printf(Locale.ROOT, "%n%s: %s people, %s groups; median of %s runs after a warm-up; agent -Xmx%s%n%n",
                facts.get("size"), facts.get("people"), facts.get("groups"), facts.get("runs"),
                facts.get("agent heap"));
        out.println("| case | median s | runs s | items | per second | peak heap MB (after GC) | ratio | target |");
        out.println("|---|---:|---|---:|---:|---:|---:|---|");
        for (String[] r : results) {
            String name = r[1];
            long median = Long.parseLong(r[2]);
            long items = Long.parseLong(r[4]);
            String ratio = "";
            String target = "";
            switch (name) {
                case "full" -> {
                    double base = millis(byName, "raw-read") + millis(byName, "raw-write");
                    ratio = ratio(median, base, " × (read + write)");
                    target = verdict(median <= 1.5 * base, "≤ 1.5");
                }
                case "noop" -> {
                    double base = millis(byName, "raw-read");
                    ratio = ratio(median, base, " × read");
                    target = verdict(median <= 1.2 * base, "≤ 1.2");
                }
                case "incremental" -> target = verdict(median <= 2000, "≤ 2 s");
                case "write-back" -> {
                    double base = millis(byName, "raw-modify");
                    ratio = ratio(median, base, " × modify");
                    target = verdict(median <= 1.3 * base, "≤ 1.3");
                }
                default -> { }
            }
            String detail = r.length > 8 && !r[8].isEmpty() ? " (" + r[8] + ")" : "";
            out.printf(Locale.ROOT, "| %s%s | %.2f | %s | %,d %s | %,.0f | %s (%s) | %s | %s |%n", name, detail,
                    median / 1000.0, seconds(r[3]), items, r[5], median == 0 ? 0 : items * 1000.0 / median,
                    r[6], r[7], ratio, target);
        }
        out.println();
    }

    private static double millis(Map<String, String[]> byName, String name) {
        String[] r = byName.get(name);
        return r == null ? Double.NaN : Long.parseLong(r[2]);
    }

    private static String ratio(long median, double base, String of) {
        return Double.isNaN(base) ? "" : String.format(Locale.ROOT, "%.2f%s", median / base, of);
    }

    private static String verdict(boolean met, String target) {
        return target + (met ? " met" : " **missed**");
    }

    private static String seconds(String millisList) {
        List<String> s = new ArrayList<>();
        for (String ms : millisList.split(",")) {
            s.add(String.format(Locale.ROOT, "%.2f", Long.parseLong(ms) / 1000.0));
        }
        return String.join(" ", s);
    }
}
