-- A group created through self-service lives under a provisional id until the directory assigns its entryUUID;
-- the alias keeps the provisional id usable afterwards.
CREATE TABLE group_alias (
    old_id      VARCHAR(64) NOT NULL PRIMARY KEY,
    group_id    VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
