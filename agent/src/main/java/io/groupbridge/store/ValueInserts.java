package io.groupbridge.store;

import io.groupbridge.model.Dn;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Inserts a reconcile's new owner and member values, the bulk of a full run (a million rows at size M): on
 * PostgreSQL in one {@code COPY ... FROM STDIN} per batch through pgjdbc's {@code CopyManager}, which the server
 * parses and loads several times faster than the same rows as a prepared batch of {@code INSERT}s (issue 13,
 * point 2); on HSQLDB, which has no COPY, as that prepared batch. Either way the rows go into the run's own
 * transaction (spec Y3) and a bad row fails the whole run.
 */
final class ValueInserts {

    /** The two value tables: a group's owners and its members, each row a group id and a DN. */
    enum Table {
        OWNERS("group_owner", "owner_dn_norm", "owner_dn"),
        MEMBERS("group_member", "member_dn_norm", "member_dn");

        private final String insert;
        private final String copy;

        Table(String name, String normalized, String written) {
            String columns = name + " (group_id, " + normalized + ", " + written + ")";
            this.insert = "INSERT INTO " + columns + " VALUES (:group, :norm, :dn)";
            this.copy = "COPY " + columns + " FROM STDIN";
        }
    }

    /** One value to insert: the group's id and the owner's or member's DN. */
    record Row(String groupId, Dn value) {
    }

    private final boolean copy;

    private ValueInserts(boolean copy) {
        this.copy = copy;
    }

    /** The fastest way the handle's database takes rows: COPY when it is PostgreSQL. */
    static ValueInserts of(Handle handle) {
        try {
            return new ValueInserts(handle.getConnection().isWrapperFor(PGConnection.class));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database the store is: " + e.getMessage(), e);
        }
    }

    /** Whether the rows go in by COPY, which only PostgreSQL has. */
    boolean copies() {
        return copy;
    }

    /** Inserts the rows into the table, in the handle's transaction. */
    void insert(Handle handle, Table table, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (copy) {
            copy(handle.getConnection(), table, rows);
            return;
        }
        PreparedBatch batch = handle.prepareBatch(table.insert);
        for (Row r : rows) {
            batch.bind("group", r.groupId()).bind("norm", r.value().normalized()).bind("dn", r.value().written())
                    .add();
        }
        batch.execute();
    }

    private static void copy(Connection connection, Table table, List<Row> rows) {
        Text text = new Text(rows.size() * 96);
        for (Row r : rows) {
            text.field(r.groupId()).tab().field(r.value().normalized()).tab().field(r.value().written()).endRow();
        }
        try {
            CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(table.copy);
            try {
                in.writeToCopy(text.bytes(), 0, text.size());
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy " + rows.size() + " rows into " + table.name()
                    .toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rows in COPY's text format: fields split by tabs, rows ended by newlines, and a backslash, tab, newline or
     * carriage return inside a field escaped with a backslash, since a DN may hold any of them (RFC 4514 escapes a
     * comma as {@code \,}). None of the columns takes NULL, so {@code \N} never appears.
     */
    static final class Text {
        private final ByteArrayOutputStream out;
        private final StringBuilder field = new StringBuilder();

        Text(int expectedBytes) {
            this.out = new ByteArrayOutputStream(expectedBytes);
        }

        Text field(String value) {
            field.setLength(0);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> field.append("\\\\");
                    case '\t' -> field.append("\\t");
                    case '\n' -> field.append("\\n");
                    case '\r' -> field.append("\\r");
                    default -> field.append(c);
                }
            }
            out.writeBytes(field.toString().getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Text tab() {
            out.write('\t');
            return this;
        }

        void endRow() {
            out.write('\n');
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        int size() {
            return out.size();
        }

        @Override
        public String toString() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
