package io.groupbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, finding 6: the spec whose rules every refusal cites ships with the project as {@code docs/spec.md}, and
 * stays in step with the code: each rule id the main sources cite, in a {@code (spec X9)} citation or as a decision's
 * rule id, has an anchor there, so {@code docs/spec.md#X9} opens it. The README linked a file outside the clone.
 */
class SpecAnchorsTest {

    private static final Path PROJECT = Path.of("..");
    private static final Path SPEC = PROJECT.resolve("docs/spec.md");
    private static final Path SOURCES = Path.of("src", "main", "java");

    private static final Pattern CITATION = Pattern.compile("\\(spec ([^)]*)\\)");
    // A rule id or a range of them: A16, R1-R4, Y3-Y6.
    private static final Pattern RULE_IDS = Pattern.compile("\\b([A-Z])(\\d{1,2})(?:-\\1?(\\d{1,2}))?\\b");
    private static final Pattern RULE_LITERAL = Pattern.compile("\"([A-Z]\\d{1,2})\"");
    private static final Pattern ANCHOR = Pattern.compile("<a id=\"([A-Z]\\d{1,2})\"></a>");
    private static final Pattern RULE_ROW =
            Pattern.compile("^(?:\\| |- )(?:<a id=\"[A-Z]\\d+\"></a>)?([A-Z]\\d{1,2}) ");
    private static final Pattern SPEC_LINK = Pattern.compile("docs/spec\\.md#([A-Za-z0-9]+)|spec\\.md#([A-Za-z0-9]+)");

    @Test
    void everyRuleIdTheCodeCitesHasAnAnchorInTheShippedSpec() throws IOException { // spec A15
        Set<String> cited = citedRuleIds();
        Set<String> anchors = anchors();

        assertThat(cited).as("the scan found the citations").contains("A2", "A16", "P3", "R1", "R4", "S9", "W5", "Y6");
        assertThat(anchors).as("rule ids cited in agent/src/main/java without an anchor in docs/spec.md")
                .containsAll(cited);
    }

    @Test
    void theReadmeAndTheDocsLinkTheShippedSpecAndEveryLinkedRuleExists() throws IOException {
        String readme = Files.readString(PROJECT.resolve("README.md"));
        assertThat(readme).contains("(docs/spec.md)").doesNotContain("shared/spec");

        Set<String> anchors = anchors();
        List<Path> docs = new ArrayList<>(List.of(PROJECT.resolve("README.md")));
        try (Stream<Path> files = Files.list(PROJECT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
        }
        for (Path doc : docs) {
            String text = Files.readString(doc);
            assertThat(text).as(doc + " points outside the project").doesNotContain("shared/spec");
            Matcher m = SPEC_LINK.matcher(text);
            while (m.find()) {
                String id = m.group(1) != null ? m.group(1) : m.group(2);
                assertThat(anchors).as(doc + " links spec.md#" + id).contains(id);
            }
        }
    }

    @Test
    void theShippedSpecAnchorsEveryRuleOfItsTablesAndLists() throws IOException {
        Set<String> anchors = anchors();
        for (String line : Files.readAllLines(SPEC)) {
            Matcher row = RULE_ROW.matcher(line);
            if (row.find()) {
                assertThat(anchors).as(line).contains(row.group(1));
            }
        }
        assertThat(anchors).hasSizeGreaterThan(60);
    }

    private static Set<String> anchors() throws IOException {
        Set<String> ids = new TreeSet<>();
        Matcher m = ANCHOR.matcher(Files.readString(SPEC));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static Set<String> citedRuleIds() throws IOException {
        Set<String> ids = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher citation = CITATION.matcher(text);
            while (citation.find()) {
                Matcher id = RULE_IDS.matcher(citation.group(1));
                while (id.find()) {
                    int from = Integer.parseInt(id.group(2));
                    int to = id.group(3) == null ? from : Integer.parseInt(id.group(3));
                    for (int n = from; n <= to; n++) {
                        ids.add(id.group(1) + n);
                    }
                }
            }
            Matcher literal = RULE_LITERAL.matcher(text);
            while (literal.find()) {
                ids.add(literal.group(1));
            }
        }
        return ids;
    }
}
