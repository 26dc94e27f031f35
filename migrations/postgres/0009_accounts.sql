-- Accounts an administrator can manage: a password reset makes the user
-- choose a new one at the next login (must_change_password), and API tokens
-- expire (expires_at, Unix ms; XINFANG_TOKEN_DAYS after they were made).
-- Tokens made before this migration get the default 180 days.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
UPDATE api_tokens SET expires_at = created_at + 15552000000 WHERE expires_at IS NULL;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
