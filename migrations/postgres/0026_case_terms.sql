-- Issue 14 (item 3). 全文检索 at a million cases on PostgreSQL: a case's
-- words with their positions (for 相关度) are often longer than a page and
-- moved out of line (TOAST), so every test of a case against a query read
-- and decompressed them. `terms` keeps the same words without positions
-- (`strip`): short enough to stay in the row, and the column the GIN index
-- and every search condition use; `words` is read only to rank the matches.
ALTER TABLE case_words ADD COLUMN terms TSVECTOR;
UPDATE case_words SET terms = strip(words);
ALTER TABLE case_words ALTER COLUMN terms SET NOT NULL;
DROP INDEX case_words_gin;
CREATE INDEX case_words_terms ON case_words USING GIN (terms);
