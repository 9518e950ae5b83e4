-- Issue 13: an action that names a person by login or mail scanned the whole people table (LOWER(login) has no
-- index, mail none; 66 ms at 100 000 people, for every action). The lower-cased forms are kept beside them, written
-- by the reconcile with the same LOWER, and indexed.
ALTER TABLE directory_person ADD COLUMN login_key VARCHAR(512);
ALTER TABLE directory_person ADD COLUMN mail_key VARCHAR(512);
UPDATE directory_person SET login_key = LOWER(login), mail_key = LOWER(mail);
CREATE INDEX directory_person_login_key ON directory_person (login_key);
CREATE INDEX directory_person_mail_key ON directory_person (mail_key);
