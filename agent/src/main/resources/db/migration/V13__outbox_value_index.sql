-- Issue 13, point 7: "my groups" and a group's page find the groups a person has write-backs waiting for by the
-- outbox rows' value, which no index covered: every row the outbox ever held (done ones stay) was read for each
-- page. Portable SQL only (HSQLDB and PostgreSQL).
CREATE INDEX outbox_value ON outbox (value_dn);
