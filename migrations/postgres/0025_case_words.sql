-- Issue 14 (item 3). 全文检索: the words of each case — its number,
-- summary, remarks, petitioner's name and the texts of its timeline entries
-- written by people — cut into words by jieba in the store, written as a
-- tsvector (each word with its positions, so ranking sees how often) and
-- found through a GIN index. The store writes the tsvector itself: no text
-- search configuration parses Chinese.
CREATE TABLE case_words (
    case_id BIGINT PRIMARY KEY REFERENCES cases(id),
    words   TSVECTOR NOT NULL
);
CREATE INDEX case_words_gin ON case_words USING GIN (words);

-- Cases whose words are to be written: every case there is now; the store
-- works through the list when it opens the database (derived data, so it
-- is neither backed up nor compared between engines).
CREATE TABLE case_words_pending (case_id BIGINT PRIMARY KEY);
INSERT INTO case_words_pending (case_id) SELECT id FROM cases;
