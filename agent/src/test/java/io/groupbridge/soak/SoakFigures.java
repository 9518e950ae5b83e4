package io.groupbridge.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** What a soak did and found: the table {@code scripts/soak} prints and docs/reliability.md quotes. */
final class SoakFigures {

    /** A check that failed, under the invariant's name. */
    record Violation(String invariant, String detail) {
    }

    private final Map<String, Integer> actions = new TreeMap<>();
    private final Map<String, Integer> faults = new TreeMap<>();
    private final Map<String, int[]> checks = new TreeMap<>();
    private final Map<String, Integer> cycles = new TreeMap<>();
    private final Map<String, Integer> tallies = new TreeMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private Duration elapsed = Duration.ZERO;
    private int agentStarts;
    private int quietPoints;

    synchronized void action(String kind) {
        actions.merge(kind, 1, Integer::sum);
    }

    synchronized void fault(String kind) {
        faults.merge(kind, 1, Integer::sum);
    }

    /** Adds {@code n} to a figure that is neither an action nor a fault, such as entries removed by a step. */
    synchronized void tally(String figure, int n) {
        tallies.merge(figure, n, Integer::sum);
    }

    synchronized void check(String invariant, boolean held, String detail) {
        int[] counts = checks.computeIfAbsent(invariant, k -> new int[2]);
        counts[held ? 0 : 1]++;
        if (!held) {
            violations.add(new Violation(invariant, detail));
        }
    }

    synchronized void quietPoint() {
        quietPoints++;
    }

    /** Reads the cycles the daemon recorded ({@code job_run}) once the run is over. */
    void finish(Duration elapsed, Jdbi store, int agentStarts) {
        this.elapsed = elapsed;
        this.agentStarts = agentStarts;
        store.useHandle(h -> h.createQuery("SELECT job, outcome, COUNT(*) FROM job_run GROUP BY job, outcome")
                .map((rs, ctx) -> Map.entry(rs.getString(1) + " " + rs.getString(2), rs.getInt(3)))
                .forEach(e -> cycles.put(e.getKey(), e.getValue())));
    }

    synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }

    synchronized Map<String, Integer> faults() {
        return Map.copyOf(faults);
    }

    synchronized Map<String, Integer> actions() {
        return Map.copyOf(actions);
    }

    /** Checks passed per invariant. */
    synchronized Map<String, Integer> passed() {
        Map<String, Integer> passed = new TreeMap<>();
        checks.forEach((k, v) -> passed.put(k, v[0]));
        return passed;
    }

    synchronized int count(String prefix, Map<String, Integer> of) {
        return of.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(Map.Entry::getValue).sum();
    }

    /** Acknowledged decisions or memberships that did not hold. */
    synchronized long lost() {
        return violations.stream().filter(v -> v.invariant().startsWith("acknowledged")
                || v.invariant().startsWith("approved or joined member")).count();
    }

    /** Values twice in the directory, outbox rows written twice. */
    synchronized long duplicated() {
        return violations.stream().filter(v -> v.invariant().contains("once")).count();
    }

    synchronized String summary() {
        return quietPoints + " quiet points, " + actions.values().stream().mapToInt(Integer::intValue).sum()
                + " actions, " + faults.values().stream().mapToInt(Integer::intValue).sum() + " faults, "
                + violations.size() + " violations";
    }

    synchronized String table(Soak.Options o) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("| soak | %s directory, %s store, seed %d, %d + demo people, %d + demo groups |%n",
                o.directory(), o.store(), o.seed(), o.users(), o.groups()));
        t.append("|---|---|\n");
        t.append(String.format("| minutes | %.1f |%n", elapsed.toMillis() / 60_000.0));
        t.append(String.format("| quiet points | %d |%n", quietPoints));
        t.append(String.format("| agent starts | %d |%n", agentStarts));
        cycles.forEach((k, v) -> t.append(String.format("| cycles: %s | %d |%n", k, v)));
        faults.forEach((k, v) -> t.append(String.format("| fault: %s | %d |%n", k, v)));
        actions.forEach((k, v) -> t.append(String.format("| action: %s | %d |%n", k, v)));
        tallies.forEach((k, v) -> t.append(String.format("| %s | %d |%n", k, v)));
        checks.forEach((k, v) -> t.append(String.format("| check: %s | %d passed, %d failed |%n", k, v[0], v[1])));
        t.append(String.format("| lost | %d |%n| duplicated | %d |%n", lost(), duplicated()));
        for (Violation v : violations) {
            t.append(String.format("| VIOLATION %s | %s |%n", v.invariant(), v.detail().replace('\n', ' ')));
        }
        return t.toString();
    }
}
