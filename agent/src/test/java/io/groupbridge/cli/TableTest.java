package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 15, finding 5: tables ran 183-337 columns wide; now they fit the terminal without losing a name or an id. */
class TableTest {

    private static final String DN = "cn=Application Expenses Approvers,ou=finance,ou=groups,dc=example,dc=com";
    private static final String TEXT = "I approve travel costs for the whole department and need to see every"
            + " request that reaches the expenses application";

    private static List<String> print(Table table, int width) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out, true), width);
        return out.toString().lines().toList();
    }

    @Test
    void aTableThatFitsKeepsItsNaturalWidths() {
        List<String> lines = print(new Table("ID", "GROUP").row(7, "VPN Users"), 100);
        assertThat(lines).containsExactly("ID  GROUP", "7   VPN Users");
    }

    @Test
    void aWideTableFitsTheWidthWrappingNamesWholeAndCuttingFreeTextWithAnEllipsis() {
        Table table = new Table("ID", "GROUP", "REQUESTER", "JUSTIFICATION").truncating("JUSTIFICATION")
                .row(12345, DN, "uid=heidi,ou=people,dc=example,dc=com", TEXT);
        List<String> lines = print(table, 80);

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        int from = lines.get(0).indexOf("GROUP");
        int to = lines.get(0).indexOf("REQUESTER");
        String groupColumn = lines.subList(1, lines.size()).stream()
                .map(l -> l.substring(from, Math.min(l.length(), to)).strip()).reduce("", String::concat);
        assertThat(groupColumn.replace(" ", "")).isEqualTo(DN.replace(" ", ""));
        assertThat(lines.get(1)).startsWith("12345  cn=");
        assertThat(lines.get(1)).endsWith("…");
        assertThat(String.join("\n", lines)).doesNotContain("reaches the expenses application");
    }

    @Test
    void theWidthComesFromColumnsElseItIsAHundredOnATerminalAndUnboundedInAPipe() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        assertThat(new CliEnvironment(sink, sink, Map.of("COLUMNS", "132"), Clock.systemUTC(), false).columns())
                .isEqualTo(132);
        assertThat(new CliEnvironment(sink, sink, Map.of(), Clock.systemUTC(), true).columns()).isEqualTo(100);
        assertThat(new CliEnvironment(sink, sink, Map.of(), Clock.systemUTC(), false).columns())
                .as("into a pipe or a file").isEqualTo(Integer.MAX_VALUE);
        assertThat(new CliEnvironment(sink, sink, Map.of("COLUMNS", "wide"), Clock.systemUTC(), true).columns())
                .isEqualTo(100);
    }
}
