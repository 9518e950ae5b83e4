package io.groupbridge.store;

import java.sql.SQLException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A transaction that meets a concurrent one's commit on a key (SQLSTATE class 23) runs once more: the second try
 * reads what the other committed and takes the other path. Only for work that touches nothing but the store, so
 * running it again is safe.
 */
final class Conflicts {

    private Conflicts() {
    }

    static <R, X extends Exception> R retryOnce(Jdbi jdbi, HandleCallback<R, X> work) throws X {
        try {
            return jdbi.inTransaction(work);
        } catch (UnableToExecuteStatementException e) {
            if (!(e.getCause() instanceof SQLException sql) || sql.getSQLState() == null
                    || !sql.getSQLState().startsWith("23")) {
                throw e;
            }
            return jdbi.inTransaction(work);
        }
    }
}
