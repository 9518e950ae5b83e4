package io.groupbridge.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/**
 * Quartz's connections to the store, taken from the store's pool. The pool grows by the schedule's share while
 * Quartz holds this provider and shrinks back when Quartz shuts it down; the pool itself closes with the store.
 */
final class ScheduleConnections implements ConnectionProvider {

    private final HikariDataSource dataSource;
    private final int connections;
    // Guarded by dataSource: two providers (a test's two daemons) resize the one pool.
    private boolean open = true;

    ScheduleConnections(HikariDataSource dataSource, int connections) {
        this.dataSource = dataSource;
        this.connections = connections;
        resize(connections);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        synchronized (dataSource) {
            if (open) {
                open = false;
                resize(-connections);
            }
        }
    }

    @Override
    public void initialize() {
    }

    private void resize(int by) {
        synchronized (dataSource) {
            var pool = dataSource.getHikariConfigMXBean();
            pool.setMaximumPoolSize(pool.getMaximumPoolSize() + by);
        }
    }
}
