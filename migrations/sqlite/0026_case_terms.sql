-- Issue 14 (item 3): PostgreSQL's full-text index gets a column of words
-- without positions to search on (see the PostgreSQL migration). FTS5
-- needs nothing: it keeps positions in its own index, not in a row.
SELECT 1;
