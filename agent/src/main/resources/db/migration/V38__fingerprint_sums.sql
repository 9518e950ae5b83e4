-- Fingerprints are now sums of 64-bit value hashes (issue 13, point 4), not SHA-256 over sorted values: an old
-- one compared with a new one could only say "changed", but by chance it could also say "unchanged". Zero is what
-- no new fingerprint ever is, so the first run after this migration compares every entry in full and stores the
-- new ones.
UPDATE directory_person SET fingerprint = 0;
UPDATE directory_group SET fingerprint = 0;
