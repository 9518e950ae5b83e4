-- Self-service state that V1 has no place for. Portable SQL only (HSQLDB and PostgreSQL).

-- Spec A12: a person an administrator blocked from a group; their requests to join it are refused and owners
-- cannot add them back. A row lives until an administrator removes it.
CREATE TABLE group_block (
    group_id        VARCHAR(64)   NOT NULL REFERENCES directory_group (id),
    person_dn_norm  VARCHAR(2048) NOT NULL,
    person_dn       VARCHAR(2048) NOT NULL,
    blocked_by      VARCHAR(2048) NOT NULL,
    blocked_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, person_dn_norm)
);

-- Spec A16: failed sign-ins per login text as typed (lower-cased), whether or not such an account exists, so the
-- counter itself tells an observer nothing about which accounts exist.
CREATE TABLE auth_failure (
    login_key        VARCHAR(512) NOT NULL PRIMARY KEY,
    failures         INTEGER      NOT NULL,
    last_failure_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Who created a group through self-service, for the audit trail of a group that is not yet in the directory
-- (directory_group.state = 'creating' until the reconcile adopts the written entry by its DN).
ALTER TABLE directory_group ADD COLUMN created_by VARCHAR(2048);
