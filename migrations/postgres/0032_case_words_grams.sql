-- Issue 14 (item 3). A search matched as written (a fragment of a word,
-- one character, a query whose words find nothing) scanned every case's
-- number, summary and petitioner's name: seconds at a million. Those three
-- texts are now indexed under their grams too (the domain's
-- `search::grams`: each pair of characters side by side, and each run's
-- last character), in `terms` only (not `words`, which ranks), each marked
-- with a `^` no cut word has. The store writes them: every case is listed
-- to be indexed again when the database is next opened.
DELETE FROM case_words_pending;
INSERT INTO case_words_pending (case_id) SELECT id FROM cases;
