-- Issue 12, point 6: the Groups page finds names that start with what was typed as a range on name_key. The
-- database's collation (en_US and the like) does not order a prefix's strings together, so the range is asked in
-- the C collation (code point order, as HSQLDB compares), and this index answers it.
CREATE INDEX directory_group_name_key_c ON directory_group (name_key COLLATE "C");
