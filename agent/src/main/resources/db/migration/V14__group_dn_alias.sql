-- A group renamed through groupbridge keeps its old DN as an alias: lookups by the old DN (a script, a bookmark, a
-- request row that names it) still find the group, which the store keeps by its directory id. A live group at that
-- DN always wins over an alias. Portable SQL only (HSQLDB and PostgreSQL).
CREATE TABLE group_dn_alias (
    old_dn_norm  VARCHAR(2048) NOT NULL,
    group_id     VARCHAR(64)   NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (old_dn_norm, group_id)
);
CREATE INDEX group_dn_alias_group ON group_dn_alias (group_id);
