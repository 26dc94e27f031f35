-- Issue 14 (item 3). jieba cuts a district's place names together with
-- their neighbours (反映榆林乡白庄村… is cut 榆林 / 乡白 / 庄村), so a search
-- for 白庄村 missed the cases that said it. Each case is now also indexed
-- under the township and village names its texts contain, and their stems
-- (the store's `places`): every case is listed to be indexed again when
-- the database is next opened.
DELETE FROM case_words_pending;
INSERT INTO case_words_pending (case_id) SELECT id FROM cases;
