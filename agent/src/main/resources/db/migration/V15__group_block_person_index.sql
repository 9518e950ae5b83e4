-- Issue 13, point 7: the "I can join" group search leaves out the groups that block the person; without an index on
-- the person, PostgreSQL read the whole block table for every search (PostgresQueryPlanTest). Portable SQL only
-- (HSQLDB and PostgreSQL).
CREATE INDEX group_block_person ON group_block (person_dn_norm);
