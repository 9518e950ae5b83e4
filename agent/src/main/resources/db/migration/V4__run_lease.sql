-- Spec Y6: one reconcile at a time per store, across processes and hosts. A lease is a row: taking it is an INSERT
-- that the primary key lets only one process win, so no database-specific locking is needed. A holder that crashes
-- stops renewing, and once expires_at has passed the next taker deletes the row and inserts its own.
-- Portable SQL only (HSQLDB and PostgreSQL).
CREATE TABLE run_lease (
    name         VARCHAR(64)  NOT NULL PRIMARY KEY,
    token        VARCHAR(64)  NOT NULL,
    holder       VARCHAR(512) NOT NULL,
    acquired_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
