//! Login attempts: the lockout's one atomic step, its settling, sessions, and the administrator's unlock.
//!
//! A password check is slow (argon2) and many run at once, so the lock
//! cannot be checked by reading the user and written back afterwards: 200
//! parallel guesses would all read "not locked". Instead every attempt first
//! *claims* a try in one conditional `UPDATE … RETURNING`: it counts as a
//! failure before the password is checked, and the claim that reaches the
//! limit sets the lock in the same statement. Both engines serialise updates
//! of one row (SQLite the whole file; PostgreSQL re-reads the row a
//! concurrent update left), so at most `max_failures` claims are ever granted
//! before the lock, and none while it holds. A right password then gives
//! its claim back ([`Store::finish_login`]).

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;

use crate::audit::Audit;
use crate::codec::{RowExt, flag, ms, ms_opt};
use crate::{Store, StoreError, StoreResult};

/// A granted try at a password: the account was not locked, and this try
/// already counts as failure number `attempt`.
#[derive(Clone)]
pub struct LoginAttempt {
    /// The user.
    pub user_id: i64,
    /// The stored argon2 hash to check the password against.
    pub password_hash: String,
    /// Whether the account may log in at all (a disabled account is told
    /// so only after the right password).
    pub active: bool,
    /// The failure count this try holds (1 after a success or an expired lock).
    pub attempt: i64,
    /// Whether this try reached the limit and set the lock.
    pub locks: bool,
    /// When a lock the user has not yet been told of took hold.
    pub untold_lock: Option<Timestamp>,
}

impl std::fmt::Debug for LoginAttempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginAttempt")
            .field("user_id", &self.user_id)
            .field("attempt", &self.attempt)
            .field("locks", &self.locks)
            .finish_non_exhaustive()
    }
}

/// A session to open on a successful login (only the token's hash is stored).
#[derive(Debug, Clone)]
pub struct NewSessionRow<'a> {
    /// SHA-256 of the cookie token.
    pub token_hash: &'a str,
    /// The form token of the session.
    pub csrf_token: &'a str,
    /// When it ends.
    pub expires_at: Timestamp,
}

impl Store {
    /// Claim one try at the password of `username` (see the module doc).
    /// None when there is no such user or the account is locked at `now`:
    /// the caller cannot tell the two apart, and nothing was counted.
    pub async fn claim_login_attempt(
        &self,
        username: &str,
        now: Timestamp,
        max_failures: i64,
        lock_until: Timestamp,
    ) -> StoreResult<Option<LoginAttempt>> {
        let _w = self.write_guard().await;
        // SET reads the row as it was: a lock that ran out restarts the count.
        let row = sqlx::query(
            "UPDATE users SET
                failed_logins = CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END,
                locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END) >= $3
                                    THEN $4 ELSE NULL END
             WHERE username = $1 AND (locked_until IS NULL OR locked_until <= $2)
             RETURNING id, password_hash, active, failed_logins, locked_until, locked_at",
        )
        .bind(username)
        .bind(ms(now))
        .bind(max_failures.max(1))
        .bind(ms(lock_until))
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(LoginAttempt {
            user_id: r.int("id")?,
            password_hash: r.text("password_hash")?,
            active: r.flag("active")?,
            attempt: r.int("failed_logins")?,
            locks: r.int_opt("locked_until")?.is_some(),
            untold_lock: r.time_opt("locked_at")?,
        }))
    }

    /// The password of a claimed try was wrong: note when, and if the try
    /// set the lock, when the lock took hold (audited as the system's act).
    pub async fn settle_login_failure(
        &self,
        attempt: &LoginAttempt,
        now: Timestamp,
    ) -> StoreResult<()> {
        const NOTE: &str = "UPDATE users SET last_failed_login_at = $2,
            locked_at = CASE WHEN $3 = 1 THEN $2 ELSE locked_at END WHERE id = $1";
        if !attempt.locks {
            let _w = self.write_guard().await;
            sqlx::query(NOTE)
                .bind(attempt.user_id)
                .bind(ms(now))
                .bind(flag(false))
                .execute(&self.pool)
                .await?;
            return Ok(());
        }
        let mut w = self.write().await?;
        sqlx::query(NOTE)
            .bind(attempt.user_id)
            .bind(ms(now))
            .bind(flag(true))
            .execute(w.conn())
            .await?;
        let audit = Audit::system(AuditAction::UserLock, now)
            .on("user", Some(attempt.user_id))
            .after(Some(format!("连续{}次密码错误", attempt.attempt)));
        w.commit(audit).await
    }

    /// The password of a claimed try was right: give the claim back and,
    /// for an active account, open `session`. When no other try came since
    /// this one, the count starts again and a lock this try set is lifted;
    /// otherwise only this try is taken off the count, so guesses that came
    /// meanwhile (and a lock they set) stand. The session carries the lock
    /// the user has not yet been told of, which is then told.
    pub async fn finish_login(
        &self,
        attempt: &LoginAttempt,
        session: Option<&NewSessionRow<'_>>,
        now: Timestamp,
    ) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let mut tx = self.begin_write().await?;
        let last = if session.is_some() {
            "NULL"
        } else {
            "locked_at"
        };
        let sql = format!(
            "UPDATE users SET
                locked_until = CASE WHEN failed_logins = $2 THEN NULL ELSE locked_until END,
                locked_at = CASE WHEN failed_logins = $2 THEN {last} ELSE locked_at END,
                failed_logins = CASE WHEN failed_logins = $2 THEN 0 ELSE failed_logins - 1 END
             WHERE id = $1"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(attempt.user_id)
            .bind(attempt.attempt)
            .execute(&mut *tx)
            .await?;
        if let Some(s) = session {
            sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                .bind(ms(now))
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, lock_notice_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(s.token_hash)
            .bind(attempt.user_id)
            .bind(s.csrf_token)
            .bind(ms(now))
            .bind(ms(s.expires_at))
            .bind(ms_opt(attempt.untold_lock))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// 解除锁定 — an administrator lifts a user's lock and clears the count
    /// of wrong passwords (audited). The user is still told of the lock at
    /// their next login.
    pub async fn unlock_user(&self, user_id: i64, by: &Actor, now: Timestamp) -> StoreResult<()> {
        let mut w = self.write().await?;
        let row = sqlx::query("SELECT failed_logins, locked_until FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(w.conn())
            .await?
            .ok_or_else(|| StoreError::NotFound("该用户".into()))?;
        let (failures, until) = (row.int("failed_logins")?, row.time_opt("locked_until")?);
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(user_id)
            .execute(w.conn())
            .await?;
        let was = match until {
            Some(u) if u > now => format!("锁定中，连续{failures}次密码错误"),
            _ => format!("未锁定，{failures}次密码错误"),
        };
        let audit = Audit::by(by, AuditAction::UserUnlock, now)
            .on("user", Some(user_id))
            .before(Some(was))
            .after(Some("已解除锁定".into()));
        w.commit(audit).await
    }
}
