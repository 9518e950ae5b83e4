package io.groupbridge.store;

import java.sql.SQLException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A transaction that meets a concurrent one's commit on a key (SQLSTATE class 23), or finds the provisional row of
 * the group it writes for gone ({@link GroupMoved}), runs once more: the second try reads what the other committed
 * and takes the other path. Only for work that touches nothing but the store, so running it again is safe.
 */
final class Conflicts {

    private Conflicts() {
    }

    static <R, X extends Exception> R retryOnce(Jdbi jdbi, HandleCallback<R, X> work) throws X {
        try {
            return jdbi.inTransaction(work);
        } catch (GroupMoved e) {
            return jdbi.inTransaction(work);
        } catch (UnableToExecuteStatementException e) {
            if (!(e.getCause() instanceof SQLException sql) || sql.getSQLState() == null
                    || !sql.getSQLState().startsWith("23")) {
                throw e;
            }
            return jdbi.inTransaction(work);
        }
    }

    /** A creating group's provisional row was replaced by the directory's id while this transaction ran. */
    static final class GroupMoved extends RuntimeException {

        private static final long serialVersionUID = 1L;

        GroupMoved(String provisionalId) {
            super("group " + provisionalId + " was given its directory id by a concurrent write-back", null, false,
                    false);
        }
    }
}
