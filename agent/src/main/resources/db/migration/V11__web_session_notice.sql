-- The panel's one-time notice (issue 12): the outcome of a form's POST, shown by the page its redirect leads to.
-- It lives with the session rather than in one agent's memory, so that with two clustered agents the GET may reach
-- the other one and still show it. Portable SQL only (HSQLDB and PostgreSQL).
ALTER TABLE web_session ADD COLUMN notice_refused BOOLEAN;
ALTER TABLE web_session ADD COLUMN notice_text VARCHAR(4000);
ALTER TABLE web_session ADD COLUMN notice_path VARCHAR(512);
