-- What each committed run removed, so that the failsafe holds over a window of runs (reconcile.removalWindow): a
-- deletion spread over several incremental runs adds up instead of passing one small share at a time.
ALTER TABLE reconcile_run ADD COLUMN people_removed INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE reconcile_run ADD COLUMN groups_removed INTEGER DEFAULT 0 NOT NULL;
-- The run was let past the failsafe (--allow-mass-removal): removals before it no longer count.
ALTER TABLE reconcile_run ADD COLUMN failsafe_overridden BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX reconcile_run_finished ON reconcile_run (finished_at);
