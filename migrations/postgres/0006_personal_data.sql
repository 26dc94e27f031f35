-- Personal data at rest (SPEC: rules that hold everywhere). id_number, phone
-- and address of petitioners and screenings now hold SM4-GCM ciphertext
-- (`sm4gcm1:…`, written by the store; rows from before are sealed by the
-- store's startup pass). Petitioners are found by id_index, a keyed
-- HMAC-SM3 of the ID number, instead of the number itself.
ALTER TABLE petitioners ADD COLUMN id_index TEXT;
CREATE UNIQUE INDEX petitioners_id_index ON petitioners(id_index);
