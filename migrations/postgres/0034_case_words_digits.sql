-- Issue 14 (item 3). A number's fragment matched as written
-- (`〔2025〕1990` in a township whose cases do not say it) was asked of the
-- index by its pairs of digits, which nearly every case number has: the
-- index intersected lists of most cases (55 ms at a million on SQLite).
-- Each run of three or more digits in a case's number, summary and
-- petitioner's name is now indexed from each of its digits on as well
-- (the domain's `search::grams`), and a query's digits are asked for as
-- the beginning of one such gram. The store writes them: every case is
-- listed to be indexed again when the database is next opened.
DELETE FROM case_words_pending;
INSERT INTO case_words_pending (case_id) SELECT id FROM cases;
