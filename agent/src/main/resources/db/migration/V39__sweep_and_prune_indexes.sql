-- Issue 12, point 6: two statements that ran on every page or write-back read whole tables under load
-- (scripts/bench-web, a flight recording of the daemon). The sweep of expired requests (R4), run before each
-- group page's request lookup, asked for pending requests created before a cut-off and read every request; the
-- prune of job_run, run after each write-back, asked for one job's rows older than a week and read all of that
-- job's rows, one more after every run (HSQLDB took the index on job and id). Each now finds its rows, usually none,
-- through an index; the prune asks for every job's old rows, since all keep the same week. Portable SQL only (HSQLDB
-- and PostgreSQL).
CREATE INDEX join_request_state_created ON join_request (state, created_at);
CREATE INDEX job_run_started ON job_run (started_at);
