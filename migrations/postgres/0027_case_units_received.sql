-- Issue 14 (item 2). A unit's list at a million cases: a department's or
-- township's cases newest first were found by walking every case newest
-- first and asking, of each, whether it was assigned to the unit — a page
-- deep in the list read every row it skipped (0.3–5 s at offset 50 000).
-- Each assignment now carries its case's 接待日期 (written with it, and
-- again when a correction changes the date), so a unit's cases are read
-- newest first off one index, its own.
ALTER TABLE case_units ADD COLUMN received_at BIGINT NOT NULL DEFAULT 0;
UPDATE case_units u SET received_at = c.received_at FROM cases c WHERE c.id = u.case_id;
CREATE INDEX case_units_received ON case_units(org_id, received_at, case_id);
-- The new index begins with the unit: the old one says nothing more.
DROP INDEX case_units_org;

-- And a list filtered by 类别 (kind): newest first off the first index;
-- with a 接待状态 too (the district's 已办结 重复访 at a million cases) off
-- the second — its count up to 10 000 had walked the status index reading
-- each closed case for its kind (105 ms), and reads index entries only
-- (under 1 ms). One index of the three columns would not do for the kind
-- alone: SQLite sorted the kind's 274 000 cases for a page (106 ms).
CREATE INDEX cases_kind ON cases(kind, received_at);
CREATE INDEX cases_kind_status ON cases(kind, status, received_at);
