-- Spec T7 (issue 16): when the reminder of a membership's end was queued, so that each end is reminded of once. A new
-- end date replaces the row (V17), which clears it. Portable SQL only (HSQLDB and PostgreSQL).
ALTER TABLE membership_term ADD COLUMN reminded_at TIMESTAMP WITH TIME ZONE;
