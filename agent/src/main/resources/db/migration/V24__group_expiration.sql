-- Spec E1-E4 (issue 16): groups that expire unless renewed. The lifetime itself is the conf's, so a changed
-- lifetime applies to every group at once; the store keeps only the facts it is measured from.
-- Portable SQL only (HSQLDB and PostgreSQL). Rows follow a group's id when a restore re-creates it (JdbiOutbox).

-- E1: the last renewal of a group; a group without a row counts from its creation.
CREATE TABLE group_renewal (
    group_id    VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES directory_group (id),
    renewed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    renewed_by  VARCHAR(2048) NOT NULL
);

-- When the expiration policy first ran: groups older than the lifetime then get a full lifetime from that moment,
-- as Entra gives them a grace, instead of all expiring in the first run. One row.
CREATE TABLE expiration_start (
    name        VARCHAR(16)   NOT NULL PRIMARY KEY,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- E2: the reminders emitted, one per group, expiry and threshold, so that a reminder is sent once.
CREATE TABLE group_expiry_reminder (
    group_id     VARCHAR(64)   NOT NULL REFERENCES directory_group (id),
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    days_before  INTEGER       NOT NULL,
    sent_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, expires_at, days_before)
);

-- E3, E4: a group the expiration removed from the directory; its store row (state 'deleted') keeps its owners and
-- members for a restore until restore_until.
CREATE TABLE expired_group (
    group_id       VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES directory_group (id),
    expired_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    restore_until  TIMESTAMP WITH TIME ZONE NOT NULL,
    restored_at    TIMESTAMP WITH TIME ZONE,
    restored_by    VARCHAR(2048)
);
CREATE INDEX expired_group_until ON expired_group (restore_until);
