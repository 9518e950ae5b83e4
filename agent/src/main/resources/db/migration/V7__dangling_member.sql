-- Member values that name neither a stored person nor an active stored group (issue 15, finding 2). Each reconcile
-- reports them for as long as they stay in the directory, not only on the run that changed their group, so a
-- monitor does not read a fixed problem into `0 warnings`. The reconcile keeps the table current from what it
-- changed (groups read with new values, people and groups gone or renamed) and re-checks the rows already here,
-- so no run scans every membership. No foreign key: rows of a group that is gone or deleted are dropped by the
-- next run. Portable SQL only (HSQLDB and PostgreSQL).
CREATE TABLE dangling_member (
    group_id        VARCHAR(64)   NOT NULL,
    member_dn_norm  VARCHAR(2048) NOT NULL,
    member_dn       VARCHAR(2048) NOT NULL,
    PRIMARY KEY (group_id, member_dn_norm)
);
CREATE INDEX dangling_member_member ON dangling_member (member_dn_norm);

-- A store that predates the table: one scan of every membership now, so the first run after the upgrade already
-- reports the values of groups it does not change.
INSERT INTO dangling_member (group_id, member_dn_norm, member_dn)
SELECT m.group_id, m.member_dn_norm, m.member_dn
FROM directory_group g JOIN group_member m ON m.group_id = g.id
WHERE g.state = 'active'
  AND NOT EXISTS (SELECT 1 FROM directory_person p WHERE p.dn_norm = m.member_dn_norm)
  AND NOT EXISTS (SELECT 1 FROM directory_group x WHERE x.dn_norm = m.member_dn_norm AND x.state = 'active');
