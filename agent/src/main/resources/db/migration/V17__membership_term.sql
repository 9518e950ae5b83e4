-- Spec T1-T4 (issue 16): when a membership ends. The directory has no place for it, and the reconcile replaces
-- group_member wholesale, so the end lives beside it, keyed as a membership is; the job that ends memberships
-- removes the member through the outbox and then this row. Portable SQL only (HSQLDB and PostgreSQL).
-- V15: V12 to V14 are taken.
CREATE TABLE membership_term (
    group_id        VARCHAR(64)   NOT NULL REFERENCES directory_group (id),
    member_dn_norm  VARCHAR(2048) NOT NULL,
    member_dn       VARCHAR(2048) NOT NULL,
    ends_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    set_by          VARCHAR(2048) NOT NULL,
    set_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, member_dn_norm)
);
CREATE INDEX membership_term_ends ON membership_term (ends_at);
