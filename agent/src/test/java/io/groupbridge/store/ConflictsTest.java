package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back's commit of a created group, and self-service transactions, meet a concurrent commit on a key
 * once in a while; a second try takes the path for a row that is there.
 */
class ConflictsTest {

    private final Jdbi jdbi = Jdbi.create("jdbc:hsqldb:mem:conflicts-" + UUID.randomUUID() + ";hsqldb.tx=mvcc", "SA", "");
    private final List<String> paths = new ArrayList<>();

    @BeforeEach
    void table() {
        jdbi.useHandle(h -> h.execute("CREATE TABLE g (id VARCHAR(10) PRIMARY KEY, policy VARCHAR(20))"));
    }

    @Test
    void aKeyAnotherTransactionCommittedMeanwhileSendsTheWorkDownTheOtherPath() {
        String policy = Conflicts.retryOnce(jdbi, h -> {
            boolean known = count(h) > 0;
            if (known) {
                paths.add("update");
                h.execute("UPDATE g SET policy = 'owner-approval' WHERE id = 'a'");
            } else {
                paths.add("insert");
                if (paths.size() == 1) {
                    commitInAnotherThread("INSERT INTO g VALUES ('a', 'open')");
                }
                h.execute("INSERT INTO g VALUES ('a', 'owner-approval')");
            }
            return h.createQuery("SELECT policy FROM g WHERE id = 'a'").mapTo(String.class).one();
        });

        assertThat(paths).containsExactly("insert", "update");
        assertThat(policy).isEqualTo("owner-approval");
    }

    @Test
    void otherFailuresAreNotTriedAgain() {
        assertThatThrownBy(() -> Conflicts.retryOnce(jdbi, h -> {
            paths.add("try");
            // Too long for the column: a data exception (SQLSTATE 22001), not a conflict.
            return h.execute("INSERT INTO g VALUES ('far-too-long-for-it', 'open')");
        })).isInstanceOf(UnableToExecuteStatementException.class);
        assertThat(paths).containsExactly("try");
    }

    /** Jdbi hands a thread its open handle again, so the other transaction needs a thread of its own. */
    private void commitInAnotherThread(String sql) {
        Thread other = new Thread(() -> jdbi.useHandle(h -> h.execute(sql)));
        other.start();
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int count(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM g WHERE id = 'a'").mapTo(Integer.class).one();
    }
}
