-- Issue 14 (item 3). A township's or a department's search by words at a
-- million cases read every case of its scope to test it against the
-- words' matches. Each case's scope now goes into `terms` (not `words`,
-- which ranks) as hidden lexemes — `~t{township}`, `~u{unit}` for each
-- unit it is assigned to, `~l{user}` for its 包案领导 — so one GIN search
-- intersects the words and the scope. The store writes them: every case is
-- listed to be indexed again when the database is next opened.
DELETE FROM case_words_pending;
INSERT INTO case_words_pending (case_id) SELECT id FROM cases;
