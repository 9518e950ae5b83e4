package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The rows {@link ValueInserts} copies into PostgreSQL, in COPY's text format (issue 13, point 2). The database's
 * side is {@code PostgresReconcileTest#aFullRunCopiesMembersInBatchesAndKeepsEveryCharacterOfTheirDns}.
 */
class ValueInsertsTest {

    @Test
    void fieldsAreSplitByTabsAndRowsEndWithANewline() {
        ValueInserts.Text text = new ValueInserts.Text(16);

        text.field("g1").tab().field("uid=a,dc=x").tab().field("UID=a,DC=x").endRow();
        text.field("g2").tab().field("uid=b,dc=x").tab().field("uid=b,dc=x").endRow();

        assertThat(text.toString()).isEqualTo("g1\tuid=a,dc=x\tUID=a,DC=x\ng2\tuid=b,dc=x\tuid=b,dc=x\n");
    }

    @Test
    void backslashesTabsAndLineBreaksInsideAFieldAreEscaped() {
        ValueInserts.Text text = new ValueInserts.Text(16);

        text.field("cn=Smith\\, John").tab().field("a\tb\nc\rd").endRow();

        assertThat(text.toString()).isEqualTo("cn=Smith\\\\, John\ta\\tb\\nc\\rd\n");
    }

    @Test
    void nonAsciiLettersAreWrittenAsUtf8() {
        ValueInserts.Text text = new ValueInserts.Text(4);

        text.field("Zoë").endRow();

        assertThat(text.size()).isEqualTo(5);
        assertThat(text.bytes()).containsExactly('Z', 'o', 0xC3, 0xAB, '\n');
    }
}
