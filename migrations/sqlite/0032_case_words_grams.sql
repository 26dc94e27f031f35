-- Issue 14 (item 3). A search matched as written (a fragment of a word,
-- one character, a query whose words find nothing) scanned every case's
-- number, summary and petitioner's name: two seconds at a million. Those
-- three texts are now indexed under their grams too (the domain's
-- `search::grams`: each pair of characters side by side, and each run's
-- last character), in a column of their own, `grams`, which the words'
-- queries never search and the ranking weighs 0.
--
-- FTS5 cannot add a column, and a contentless table cannot give its words
-- back: the index is made again, and every case is listed to be indexed
-- when the database is next opened.
DROP TABLE case_words;
CREATE VIRTUAL TABLE case_words USING fts5(
    words,
    scope,
    grams,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
DELETE FROM case_words_pending;
INSERT INTO case_words_pending (case_id) SELECT id FROM cases;
