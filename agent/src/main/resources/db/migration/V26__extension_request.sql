-- Spec T6: a member whose membership ends asks to extend it. The request is a join request the owners decide the
-- same way (A4, R1: one pending request per person and group, the first decision wins); extend_to is when the member
-- asks the membership to end, and NULL for a request to join. Portable SQL only (HSQLDB and PostgreSQL).
ALTER TABLE join_request ADD COLUMN extend_to TIMESTAMP WITH TIME ZONE;
