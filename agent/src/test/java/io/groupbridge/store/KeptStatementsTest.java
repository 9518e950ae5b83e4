package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.Test;

/** The embedded store's prepared statements, kept open between uses (issue 12, point 6). */
class KeptStatementsTest {

    private static final String BY_KIND = "SELECT name FROM thing WHERE kind = :kind ORDER BY name";

    private final List<Statement> used = new ArrayList<>();

    @Test
    void theSameSqlOnTheSameConnectionRunsOnTheStatementPreparedForItsFirstUse() throws Exception {
        try (GroupStore store = store()) {
            Jdbi jdbi = store.jdbi();
            seed(jdbi);
            try (Handle h = jdbi.open()) {
                assertThat(byKind(h, "a").mapTo(String.class).list()).containsExactly("a1", "a2");
                assertThat(byKind(h, "b").mapTo(String.class).list()).containsExactly("b1");
            }

            assertThat(used).hasSize(2);
            assertThat(used.get(1)).isSameAs(used.get(0));
        }
    }

    @Test
    void aLimitSetForOneUseDoesNotCarryIntoTheNext() throws Exception {
        try (GroupStore store = store()) {
            Jdbi jdbi = store.jdbi();
            seed(jdbi);
            try (Handle h = jdbi.open()) {
                assertThat(byKind(h, "a").setMaxRows(1).mapTo(String.class).list()).containsExactly("a1");

                assertThat(byKind(h, "a").mapTo(String.class).list()).containsExactly("a1", "a2");
            }
        }
    }

    @Test
    void theSameSqlReadWhileItsFirstUseIsStillOpenGetsAStatementOfItsOwn() throws Exception {
        try (GroupStore store = store()) {
            Jdbi jdbi = store.jdbi();
            seed(jdbi);
            List<String> pairs = new ArrayList<>();
            try (Handle h = jdbi.open()) {
                byKind(h, "a").mapTo(String.class).useIterator(outer -> outer.forEachRemaining(a ->
                        byKind(h, "b").mapTo(String.class).list().forEach(b -> pairs.add(a + "-" + b))));
            }

            assertThat(pairs).containsExactly("a1-b1", "a2-b1");
            assertThat(used.get(1)).isNotSameAs(used.get(0));
        }
    }

    private Query byKind(Handle h, String kind) {
        return h.createQuery(BY_KIND).bind("kind", kind).addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
                used.add(stmt);
            }
        });
    }

    private static GroupStore store() throws StoreException {
        return GroupStore.open("jdbc:hsqldb:mem:kept-" + UUID.randomUUID(), "SA", "", 2, Clock.systemUTC());
    }

    private static void seed(Jdbi jdbi) {
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE thing (name VARCHAR(10), kind VARCHAR(10))");
            h.execute("INSERT INTO thing VALUES ('a2', 'a'), ('a1', 'a'), ('b1', 'b')");
        });
    }
}
