-- Issue 14 (item 3). A township's or a department's search by words at a
-- million cases read every case of its scope to test it against the
-- words' matches (a township's two words: 68 ms). Each case's scope now
-- goes into the full-text index beside its words, as hidden tokens in a
-- column of their own — `t{township}`, `u{unit}` for each unit it is
-- assigned to, `l{user}` for its 包案领导 — so the index intersects the
-- words and the scope itself. A search asks for its words in `words`
-- only; the ranking weighs `scope` 0.
--
-- FTS5 cannot add a column, and a contentless table cannot give its words
-- back: the index is made again, and every case is listed to be indexed
-- when the database is next opened.
DROP TABLE case_words;
CREATE VIRTUAL TABLE case_words USING fts5(
    words,
    scope,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
DELETE FROM case_words_pending;
INSERT INTO case_words_pending (case_id) SELECT id FROM cases;
