//! API tokens (接口令牌): issued with an expiry, listed, revoked; only their SHA-256 is stored.

use jiff::Timestamp;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::account::{TokenRecord, UserRecord};
use xinfang_domain::audit::AuditAction;

use crate::audit::Audit;
use crate::codec::{RowExt, ms};
use crate::{Store, StoreError, StoreResult};

const TOKEN_SELECT: &str =
    "SELECT t.id, t.user_id, u.username, u.display_name, t.name, t.created_at,
    t.expires_at, t.revoked FROM api_tokens t JOIN users u ON u.id = t.user_id";

fn token_from_row(r: &AnyRow) -> StoreResult<TokenRecord> {
    Ok(TokenRecord {
        id: r.int("id")?,
        user_id: r.int("user_id")?,
        username: r.text("username")?,
        display_name: r.text("display_name")?,
        name: r.text("name")?,
        created_at: r.time("created_at")?,
        expires_at: r.time_opt("expires_at")?,
        revoked: r.flag("revoked")?,
    })
}

impl Store {
    /// Store an API token hash for a user, good until `expires_at` (audited;
    /// `by` None is the console).
    pub async fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at, revoked) VALUES ($1, $2, $3, $4, $5, 0) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(ms(now))
        .bind(ms(expires_at))
        .fetch_one(w.conn())
        .await?;
        let audit = Audit::system(AuditAction::TokenCreate, now)
            .on("user", Some(user_id))
            .after(Some(format!("token {id} {name}")));
        w.commit(audit).await?;
        Ok(id)
    }

    /// The active user an API token hash belongs to, if the token is neither
    /// revoked nor expired at `now`.
    pub async fn user_for_token(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<UserRecord>> {
        // One round trip: the token and its user together.
        let sql = format!(
            "{} WHERE u.id = (SELECT user_id FROM api_tokens WHERE token_hash = $1 AND revoked = 0
                AND (expires_at IS NULL OR expires_at > $2))",
            crate::users::USER_SELECT
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .bind(ms(now))
            .fetch_optional(&self.pool)
            .await?;
        match row {
            None => Ok(None),
            Some(row) => {
                let u = crate::users::user_from_row(&row)?;
                Ok(u.active.then_some(u))
            }
        }
    }

    /// Every token, or one user's, newest first.
    pub async fn list_api_tokens(&self, user_id: Option<i64>) -> StoreResult<Vec<TokenRecord>> {
        let rows = match user_id {
            Some(id) => {
                let sql = format!("{TOKEN_SELECT} WHERE t.user_id = $1 ORDER BY t.id DESC");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?
            }
            None => {
                let sql = format!("{TOKEN_SELECT} ORDER BY t.id DESC");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.iter().map(token_from_row).collect()
    }

    /// One token.
    pub async fn api_token(&self, id: i64) -> StoreResult<TokenRecord> {
        let sql = format!("{TOKEN_SELECT} WHERE t.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("该接口令牌".into()))?;
        token_from_row(&row)
    }

    /// Revoke a token at once (audited; `by` None is the console). Revoking
    /// one already revoked is refused, so the trail holds one row per token.
    pub async fn revoke_api_token(
        &self,
        id: i64,
        by: Option<&Actor>,
        now: Timestamp,
    ) -> StoreResult<TokenRecord> {
        let token = self.api_token(id).await?;
        let mut w = self.write().await?;
        let n = sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE id = $1 AND revoked = 0")
            .bind(id)
            .execute(w.conn())
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict(format!(
                "接口令牌 {id}（{}）已吊销",
                token.name
            )));
        }
        let audit = Audit::by_or_system(by, AuditAction::TokenRevoke, now)
            .on("user", Some(token.user_id))
            .after(Some(format!("token {id} {} 吊销", token.name)));
        w.commit(audit).await?;
        self.api_token(id).await
    }
}
