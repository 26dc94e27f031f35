-- Issue 14. The sweeper reads only the milestones whose state or notices can
-- change now: each running milestone holds the instant of its next change
-- (下次变化时间), indexed. Backfilled with the calendar-free bound of the
-- 通报 (due + 5 days); the sweeper finds the exact instant when it gets there.
ALTER TABLE milestones ADD COLUMN next_transition_at INTEGER;
UPDATE milestones SET next_transition_at = NULLIF(min(
        CASE WHEN is_window = 0 AND state = 'open' AND warn_from IS NOT NULL THEN warn_from ELSE 9223372036854775807 END,
        CASE WHEN (is_window = 0 AND state IN ('open', 'due_soon')) OR (is_window = 1 AND state = 'open')
             THEN due_at + 1 ELSE 9223372036854775807 END,
        CASE WHEN is_window = 0 AND notice_level < 1
             THEN COALESCE(min(warn_from, due_at + 1), due_at + 1) ELSE 9223372036854775807 END,
        CASE WHEN is_window = 0 AND notice_level < 2 THEN due_at + 86400000 ELSE 9223372036854775807 END,
        CASE WHEN is_window = 0 AND notice_level < 3 THEN due_at + 432000000 ELSE 9223372036854775807 END
    ), 9223372036854775807)
 WHERE completed_at IS NULL AND started_at IS NOT NULL AND due_at IS NOT NULL;
CREATE INDEX milestones_next_transition ON milestones(next_transition_at) WHERE next_transition_at IS NOT NULL;
