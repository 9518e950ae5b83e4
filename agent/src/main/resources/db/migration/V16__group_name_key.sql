-- Issue 13, point 7: an action that names a group by name compared LOWER(name), which no index covers, so it read
-- every group. The lower-cased name is kept beside it, written with the same LOWER by every writer, and indexed, as
-- V10 did for people's logins and mail. Portable SQL only (HSQLDB and PostgreSQL).
ALTER TABLE directory_group ADD COLUMN name_key VARCHAR(512);
UPDATE directory_group SET name_key = LOWER(name);
CREATE INDEX directory_group_name_key ON directory_group (name_key);
