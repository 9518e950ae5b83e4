-- Write-back bookkeeping (spec W1, W5). Portable SQL only (HSQLDB and PostgreSQL).

-- The normalized form of value_dn, set when the directory confirmed the row: the store compares DNs only in this
-- form, and drift detection needs it to find a written value that the directory no longer holds.
ALTER TABLE outbox ADD COLUMN value_dn_norm VARCHAR(2048);

-- When a reconcile found that a value this row wrote was removed in the directory by someone else (W5); a row is
-- reported as drift once.
ALTER TABLE outbox ADD COLUMN drift_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX outbox_written_value ON outbox (group_id, value_dn_norm);
