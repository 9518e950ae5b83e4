package io.groupbridge.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps the embedded store's prepared statements open between uses, per database connection. HSQLDB compiles a
 * statement each time one is prepared and forgets it when it is closed, and compiling was a fifth of a loaded panel's
 * CPU (issue 12, point 6: a flight recording of scripts/bench-web). PostgreSQL's driver keeps its own, so the store
 * uses this on HSQLDB only.
 *
 * <p>A statement is prepared on the pool's physical connection, which HikariCP does not close statements of when the
 * connection goes back to the pool; given back, its parameters, batch and limits are reset and it waits for the next
 * use of the same SQL on that connection. A statement whose SQL is already in use on the connection (one query read
 * while another of the same text is still open) gets one of its own; of the two, the one given back last is kept and
 * the other closed. Statements that return generated keys or update through their result set are not kept. A
 * connection that the pool closes takes its statements with it.
 */
final class KeptStatements implements StatementBuilder {

    // More than the distinct statements a panel page, an action and a reconcile run use; the least used go first.
    private static final int PER_CONNECTION = 256;

    private final StatementBuilder plain = new DefaultStatementBuilder();
    // Weakly: the pool retires connections on its own, and a retired one must not be kept alive here.
    private final Map<Connection, Kept> connections = Collections.synchronizedMap(new WeakHashMap<>());

    /** The statements of one connection: idle ones by SQL, and those lent out now. */
    private static final class Kept {
        final Map<String, Idle> idle = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Idle> eldest) {
                if (size() <= PER_CONNECTION) {
                    return false;
                }
                closeQuietly(eldest.getValue().statement());
                return true;
            }
        };
        final Map<Statement, Idle> lent = new IdentityHashMap<>();
    }

    /** What a statement was prepared with, restored before it is used again. */
    private record Limits(int maxRows, int fetchSize, int queryTimeout) {
    }

    /**
     * A statement, the SQL it was prepared for (Jdbi gives {@link #close} the SQL before its parameters were
     * parsed, so the statement carries its own key), and its limits.
     */
    private record Idle(PreparedStatement statement, String sql, Limits limits) {
    }

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
        return plain.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
        if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
            return plain.create(conn, sql, ctx);
        }
        Connection physical = conn.unwrap(Connection.class);
        Kept kept = connections.computeIfAbsent(physical, c -> new Kept());
        synchronized (kept) {
            Idle idle = kept.idle.remove(sql);
            if (idle != null && !idle.statement().isClosed()) {
                kept.lent.put(idle.statement(), idle);
                return idle.statement();
            }
            if (kept.lent.size() >= PER_CONNECTION) {
                return plain.create(conn, sql, ctx);
            }
            PreparedStatement fresh = physical.prepareStatement(sql);
            kept.lent.put(fresh, new Idle(fresh, sql, new Limits(fresh.getMaxRows(), fresh.getFetchSize(),
                    fresh.getQueryTimeout())));
            return fresh;
        }
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
        return plain.createCall(conn, sql, ctx);
    }

    @Override
    public void close(Connection conn, String sql, Statement stmt) throws SQLException {
        Kept kept = connections.get(conn.unwrap(Connection.class));
        Idle returned;
        if (kept == null) {
            returned = null;
        } else {
            synchronized (kept) {
                returned = kept.lent.remove(stmt);
            }
        }
        if (returned == null || stmt.isClosed() || !(stmt instanceof PreparedStatement prepared)) {
            stmt.close();
            return;
        }
        try {
            prepared.clearParameters();
            prepared.clearBatch();
            prepared.clearWarnings();
            prepared.setMaxRows(returned.limits().maxRows());
            prepared.setFetchSize(returned.limits().fetchSize());
            prepared.setQueryTimeout(returned.limits().queryTimeout());
        } catch (SQLException e) {
            stmt.close();
            return;
        }
        synchronized (kept) {
            Idle replaced = kept.idle.put(returned.sql(), returned);
            if (replaced != null) {
                closeQuietly(replaced.statement());
            }
        }
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException e) {
            // Its connection is gone or going; nothing is left to free.
        }
    }
}
