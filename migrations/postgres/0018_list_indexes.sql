-- Issue 14. The case list pages newest first, `(key DESC, id DESC)`, within
-- a scope and reads on after a row (keyset pagination): these indexes hold
-- the cases in exactly that order, for the district, for a township and by
-- last change, so a page is read off an index at any depth.
DROP INDEX cases_received;
CREATE INDEX cases_received ON cases(received_at, id);
DROP INDEX cases_township;
CREATE INDEX cases_township ON cases(township_id, received_at, id);
CREATE INDEX cases_updated ON cases(updated_at, id);
