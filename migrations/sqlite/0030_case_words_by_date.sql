-- Issue 14 (item 3). A search's first page of the newest cases read every
-- case having its words and sorted them (the district's `危房 补助` at a
-- million: 121 000 matches for a page of 50). The index is now keyed by
-- the day each case was received (UTC), then its id (the store's
-- `Engine::words_key`), so FTS5 walks the matches newest first and stops
-- at the page.
--
-- A contentless table cannot give its words back to be keyed anew: the
-- index is made again, and every case is listed to be indexed when the
-- database is next opened.
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
