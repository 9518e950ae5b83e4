package io.groupbridge.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core (Deque's accessibility engine, {@code axe.min.js} from npm's tarball, which the build unpacks onto
 * the test class path) on the page a driver shows, for the WCAG 2.0, 2.1 and 2.2 level A and AA rules, and returns
 * what it found.
 *
 * <pre>{@code
 * List<Axe.Violation> found = Axe.check(browser.driver());
 * assertThat(Axe.seriousOrCritical(found)).as(Axe.describe(found)).isEmpty();
 * }</pre>
 *
 * <p>The script is injected through WebDriver, which a page's Content-Security-Policy does not govern, so pages
 * keep their strict policy. When the build could not download axe-core (offline, no earlier download) the test is
 * skipped with one line.
 */
public final class Axe {

    /** axe-core's tags for the WCAG 2 success criteria at levels A and AA (2.0, 2.1 and 2.2). */
    public static final List<String> WCAG2_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    public static final String RESOURCE = "/axe-core/axe.min.js";

    private static final Set<String> SERIOUS = Set.of("serious", "critical");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Axe() {
    }

    /** One broken rule: axe's rule id ({@code label}, {@code color-contrast}), its impact and where. */
    public record Violation(String id, String impact, String help, String helpUrl, List<Node> nodes) {
        public Violation {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }

        public boolean seriousOrCritical() {
            return impact != null && SERIOUS.contains(impact);
        }
    }

    /** One element that breaks the rule: its CSS selector path, its HTML and axe's advice. */
    public record Node(List<String> target, String html, String impact, String failureSummary) {
        public Node {
            target = target == null ? List.of() : target.stream().map(String::valueOf).toList();
        }
    }

    /** Runs axe on the whole document for {@link #WCAG2_A_AA}; waits for it (up to the driver's script timeout). */
    public static List<Violation> check(WebDriver driver) {
        return check(driver, WCAG2_A_AA);
    }

    /** Runs axe on the whole document for the given axe tags. */
    public static List<Violation> check(WebDriver driver, List<String> tags) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
            js.executeScript(source());
        }
        Object answer = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations)), e => done('axe failed: ' + e));", tags);
        String text = String.valueOf(answer);
        if (!text.startsWith("[")) {
            throw new IllegalStateException(text + " on " + driver.getCurrentUrl());
        }
        try {
            return List.of(JSON.readValue(text, Violation[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("axe's answer is not the JSON expected: " + text, e);
        }
    }

    /** The violations of impact serious or critical, the ones a page must not have. */
    public static List<Violation> seriousOrCritical(List<Violation> violations) {
        return violations.stream().filter(Violation::seriousOrCritical).toList();
    }

    /** The rule ids, e.g. to assert that a page breaks {@code label} and {@code color-contrast}. */
    public static Set<String> ids(List<Violation> violations) {
        return violations.stream().map(Violation::id).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** A report for an assertion's message: each rule, its impact, its help and each element's selector. */
    public static String describe(List<Violation> violations) {
        if (violations.isEmpty()) {
            return "axe: no violation";
        }
        return violations.stream().map(v -> v.id() + " (" + v.impact() + "): " + v.help() + "\n"
                        + v.nodes().stream().map(n -> "    " + String.join(" ", n.target()) + "  " + n.html())
                                .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n", "axe found:\n", ""));
    }

    /** axe.min.js (some 650 kB, read in a few milliseconds: not worth a static cache). */
    private static String source() {
        try (InputStream in = Axe.class.getResourceAsStream(RESOURCE)) {
            assumeTrue(in != null, "accessibility checks skip: no " + RESOURCE + " on the test class path (the"
                    + " build downloads axe-core from the npm registry; offline, it could not)");
            return new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }
}
