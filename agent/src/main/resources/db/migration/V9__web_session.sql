-- Signed-in web sessions (issue 12): in the store rather than in one agent's memory, so that with two clustered
-- agents a person stays signed in when one of them stops. The cookie's value is never stored, only its SHA-256, so
-- a copy of this table signs nobody in. Portable SQL only (HSQLDB and PostgreSQL).
CREATE TABLE web_session (
    id_hash       VARCHAR(64)   NOT NULL PRIMARY KEY,
    actor_dn      VARCHAR(2048) NOT NULL,
    actor_kind    VARCHAR(32)   NOT NULL,
    csrf_token    VARCHAR(64)   NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX web_session_last_seen ON web_session (last_seen_at);
