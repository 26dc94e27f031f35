-- Issue 14 (item 3). 全文检索: the words of each case — its number,
-- summary, remarks, petitioner's name and the texts of its timeline entries
-- written by people — cut into words by jieba in the store (SQLite cannot
-- cut Chinese), space-separated, in an FTS5 index whose rowid is the case
-- id. Contentless: the words are not kept twice, only indexed.
CREATE VIRTUAL TABLE case_words USING fts5(
    words,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Cases whose words are to be written: every case there is now; the store
-- works through the list when it opens the database (derived data, so it
-- is neither backed up nor compared between engines).
CREATE TABLE case_words_pending (case_id INTEGER PRIMARY KEY);
INSERT INTO case_words_pending (case_id) SELECT id FROM cases;
