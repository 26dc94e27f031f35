-- 积案销号: a backlog case marked resolved, with its evidence.
ALTER TABLE case_ledgers ADD COLUMN resolved_at BIGINT;
ALTER TABLE case_ledgers ADD COLUMN resolved_by BIGINT REFERENCES users(id);
ALTER TABLE case_ledgers ADD COLUMN resolution_evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE case_ledgers ADD COLUMN resolution_attachment_id BIGINT REFERENCES attachments(id);
