-- 积案销号: a backlog case marked resolved, with its evidence.
ALTER TABLE case_ledgers ADD COLUMN resolved_at INTEGER;
ALTER TABLE case_ledgers ADD COLUMN resolved_by INTEGER REFERENCES users(id);
ALTER TABLE case_ledgers ADD COLUMN resolution_evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE case_ledgers ADD COLUMN resolution_attachment_id INTEGER REFERENCES attachments(id);
