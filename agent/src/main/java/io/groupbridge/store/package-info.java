/**
 * The SQL store (HSQLDB embedded, PostgreSQL in production), the only package with SQL or JDBC: Flyway migrations, the
 * HikariCP pool, and the adapters of the ports {@code sync} and {@code selfservice} declare —
 * {@link io.groupbridge.store.JdbiReconcileStore}, {@link io.groupbridge.store.JdbiOutbox},
 * {@link io.groupbridge.store.JdbiSelfServiceStore}, {@link io.groupbridge.store.JdbiRunLock} — and the daemon's job
 * history ({@link io.groupbridge.store.DaemonRecords}). A table written by several adapters has one owner class that
 * holds its SQL, and the adapters are composed from them (the groups: {@code DirectoryGroups}; the audit log:
 * {@code AuditEvents}). {@link io.groupbridge.store.GroupStore} opens it all once for the composition root. It may
 * import {@code model}, {@code sync} and {@code selfservice} types only to implement their ports.
 */
package io.groupbridge.store;
