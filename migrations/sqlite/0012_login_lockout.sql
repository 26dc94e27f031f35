-- Issue 13. A lockout the administrator can see and the user is told of:
-- when the last wrong password came, when the most recent lock took hold
-- (kept until the user has next logged in and been told), and, on the
-- session that told them, the lock it tells of (shown on the 工作台).
ALTER TABLE users ADD COLUMN last_failed_login_at INTEGER;
ALTER TABLE users ADD COLUMN locked_at INTEGER;
ALTER TABLE sessions ADD COLUMN lock_notice_at INTEGER;
