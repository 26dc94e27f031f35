-- Repeats across townships and corrections (issue 9).
-- 越级去向: where the petitioner went above the district ('city' 赴市,
-- 'province' 赴省, 'beijing' 进京) or NULL; a case with one is 越级访.
ALTER TABLE cases ADD COLUMN escalated_to TEXT;
-- 重复访判定 given at registration ('confirm' or 'override'), NULL when the
-- registrant was not asked; the district lists the cases by it.
ALTER TABLE cases ADD COLUMN repeat_decision TEXT;
-- A person without an ID number is recognised across the district by name
-- and phone: phone_index is a keyed HMAC-SM3 of the phone, as id_index is of
-- the ID number (the phone itself stays sealed). Rows from before are
-- indexed by the store's startup pass.
ALTER TABLE petitioners ADD COLUMN phone_index TEXT;
CREATE INDEX petitioners_phone_index ON petitioners(phone_index);
