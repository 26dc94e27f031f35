-- A scan of a notice signed by the petitioner (送达回证) names the notice it
-- is the signed copy of: 'acceptance' (受理告知书) or 'opinion' (处理意见书).
-- Its upload closes that notice's delivery loop.
ALTER TABLE attachments ADD COLUMN signed_document TEXT;
