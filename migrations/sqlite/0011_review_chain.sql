-- Issue 9. Closing a dissatisfied case and the review chain need to know
-- when the current 处理意见书 reached the petitioner (its first delivery
-- since the last opinion; a new opinion clears it). Each stored milestone
-- carries its role (`answer`: the one that answers the petitioner, for
-- Annex 4's 办结时限). A notice keeps the key of the milestone it was raised
-- for, so a rule change that drops the milestone keeps the notice whole.
ALTER TABLE cases ADD COLUMN opinion_delivered_at INTEGER;
ALTER TABLE milestones ADD COLUMN role TEXT;
ALTER TABLE notifications ADD COLUMN milestone_key TEXT;
CREATE INDEX notifications_case ON notifications(case_id, milestone_key);

UPDATE notifications
   SET milestone_key = (SELECT m.key FROM milestones m WHERE m.id = notifications.milestone_id)
 WHERE milestone_id IS NOT NULL;

-- The answering milestones of the shipped presets (seed: handled,
-- handling_report, disposal_report; statute: handle); the next recomputation
-- writes the role of the rules in force.
UPDATE milestones SET role = 'answer'
 WHERE key IN ('handled', 'handle', 'handling_report', 'disposal_report');

UPDATE cases SET opinion_delivered_at = (
    SELECT MIN(e.occurred_at) FROM case_events e
     WHERE e.case_id = cases.id AND e.kind = 'delivered'
       AND json_extract(e.body, '$.data.document') = '处理意见书'
       AND e.occurred_at >= COALESCE(
           (SELECT MAX(o.occurred_at) FROM case_events o WHERE o.case_id = cases.id AND o.kind = 'opinion'), 0))
 WHERE opinion IS NOT NULL;
