package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV as exports write it and {@code members add --file} reads it (spec B2, B1): RFC 4180 and formula guards. */
class CsvTest {

    @Test
    void cellsWithCommasQuotesOrLineBreaksAreQuotedAndLinesEndInCrLf() { // spec B2
        StringWriter out = new StringWriter();
        Csv.print(new PrintWriter(out, true), "plain", "a,b", "say \"hi\"", "two\nlines", null, 7);

        assertThat(out.toString()).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,7\r\n");
    }

    @Test
    void aCellASpreadsheetWouldRunAsAFormulaIsPrefixed() { // spec B2
        assertThat(Csv.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(Csv.cell("+1")).isEqualTo("'+1");
        assertThat(Csv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.cell("\tx")).isEqualTo("'\tx");
        assertThat(Csv.cell("a=b")).isEqualTo("a=b");
        assertThat(Csv.cell("")).isEmpty();
    }

    @Test
    void readingTakesQuotedCellsCrLfAndLfAndWhatPrintWrites() { // spec B1
        assertThat(Csv.read("judy,2024-06-30\r\n\"uid=ivan,ou=people,dc=example,dc=com\"\n\n"))
                .containsExactly(List.of("judy", "2024-06-30"), List.of("uid=ivan,ou=people,dc=example,dc=com"),
                        List.of(""));
        assertThat(Csv.read("\"a \"\"b\"\"\",\"two\nlines\"")).containsExactly(List.of("a \"b\"", "two\nlines"));
        StringWriter out = new StringWriter();
        Csv.print(new PrintWriter(out, true), "x,y", "q\"", "");
        assertThat(Csv.read(out.toString())).containsExactly(List.of("x,y", "q\"", ""));
    }

    @Test
    void anUnclosedOrStrayQuoteNamesItsLine() { // spec B1
        assertThatThrownBy(() -> Csv.read("judy\n\"ivan,2024-06-30\n")).hasMessageContaining("line 2")
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> Csv.read("judy\n\"ivan\"x\n")).hasMessageContaining("line 2");
    }
}
