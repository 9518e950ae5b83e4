-- Spec V5, E2 by mail (issue 16): what a review's reminder says beside the mail queue's columns (V20), and the
-- reminders queued, one per review, reviewer and day before the deadline, so that each is sent once, across restarts
-- too. Portable SQL only (HSQLDB and PostgreSQL).
ALTER TABLE mail_queue ADD COLUMN review_id BIGINT;
ALTER TABLE mail_queue ADD COLUMN review_title VARCHAR(256);
ALTER TABLE mail_queue ADD COLUMN undecided INTEGER;

CREATE TABLE access_review_reminder (
    review_id         BIGINT        NOT NULL REFERENCES access_review (id),
    reviewer_dn_norm  VARCHAR(2048) NOT NULL,
    days_before       INTEGER       NOT NULL,
    sent_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (review_id, reviewer_dn_norm, days_before)
);
