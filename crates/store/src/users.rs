//! Users and login sessions (API tokens are `tokens.rs`).

use jiff::Timestamp;
use sqlx::any::AnyRow;
use xinfang_domain::access::{Actor, Role};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::org::OrgKind;

use xinfang_domain::account::{NewUser, UserRecord};

use crate::audit::Audit;
use crate::codec::{RowExt, flag, ms};
use crate::{Store, StoreError, StoreResult};

/// A login session as stored.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    /// The user.
    pub user: UserRecord,
    /// The form token of this session (CSRF).
    pub csrf_token: String,
    /// When it expires.
    pub expires_at: Timestamp,
    /// When a lock took hold that this session's login told the user of
    /// (shown on the 工作台 while the session lasts).
    pub lock_notice_at: Option<Timestamp>,
}

pub(crate) const USER_SELECT: &str =
    "SELECT u.id, u.username, u.display_name, u.org_id, o.name AS org_name, o.kind AS org_kind,
    u.roles, u.phone, u.active, u.failed_logins, u.locked_until, u.last_failed_login_at, u.locked_at,
    u.must_change_password, u.password_hash
    FROM users u JOIN orgs o ON o.id = u.org_id";

pub(crate) fn roles_to_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn user_from_row(r: &AnyRow) -> StoreResult<UserRecord> {
    let roles = r
        .text("roles")?
        .split(',')
        .filter_map(Role::parse)
        .collect();
    Ok(UserRecord {
        id: r.int("id")?,
        username: r.text("username")?,
        display_name: r.text("display_name")?,
        org_id: r.int("org_id")?,
        org_name: r.text("org_name")?,
        org_kind: r.key("org_kind", OrgKind::parse)?,
        roles,
        phone: r.text_opt("phone")?,
        active: r.flag("active")?,
        failed_logins: r.int("failed_logins")?,
        locked_until: r.time_opt("locked_until")?,
        last_failed_login_at: r.time_opt("last_failed_login_at")?,
        locked_at: r.time_opt("locked_at")?,
        must_change_password: r.flag("must_change_password")?,
        password_hash: r.text("password_hash")?,
    })
}

impl Store {
    /// Create a user.
    pub async fn create_user(
        &self,
        new: &NewUser,
        by: Option<&Actor>,
        now: Timestamp,
    ) -> StoreResult<UserRecord> {
        let mut w = self.write().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(&new.username)
            .fetch_optional(w.conn())
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!(
                "用户名“{}”已被使用",
                new.username
            )));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, org_id, roles, phone, password_hash, active, failed_logins, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, 0, $7) RETURNING id",
        )
        .bind(&new.username)
        .bind(&new.display_name)
        .bind(new.org_id)
        .bind(roles_to_text(&new.roles))
        .bind(new.phone.clone())
        .bind(&new.password_hash)
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        let audit = Audit::by_or_system(by, AuditAction::UserCreate, now)
            .on("user", Some(id))
            .after(Some(format!(
                "{} {} org={} roles={}",
                new.username,
                new.display_name,
                new.org_id,
                roles_to_text(&new.roles)
            )));
        w.commit(audit).await?;
        self.user(id).await
    }

    /// One user by id.
    pub async fn user(&self, id: i64) -> StoreResult<UserRecord> {
        let sql = format!("{USER_SELECT} WHERE u.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("该用户".into()))?;
        user_from_row(&row)
    }

    /// One user by login name.
    pub async fn user_by_username(&self, username: &str) -> StoreResult<Option<UserRecord>> {
        let sql = format!("{USER_SELECT} WHERE u.username = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Every user, by organisation then name.
    pub async fn list_users(&self) -> StoreResult<Vec<UserRecord>> {
        let sql = format!("{USER_SELECT} ORDER BY o.code, u.username");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Change a user's password hash or active flag (audited).
    pub async fn update_user_access(
        &self,
        user_id: i64,
        password_hash: Option<&str>,
        active: Option<bool>,
        by: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let n = sqlx::query(
            "UPDATE users SET password_hash = COALESCE($2, password_hash), active = COALESCE($3, active),
             failed_logins = 0, locked_until = NULL WHERE id = $1",
        )
        .bind(user_id)
        .bind(password_hash)
        .bind(active.map(flag))
        .execute(w.conn())
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("该用户".into()));
        }
        let what = match (password_hash.is_some(), active) {
            (true, _) => "重置密码".to_string(),
            (false, Some(a)) => format!("active={a}"),
            _ => String::new(),
        };
        let audit = Audit::by(by, AuditAction::UserUpdate, now)
            .on("user", Some(user_id))
            .after(Some(what));
        w.commit(audit).await
    }

    /// The live session for a token hash, if any (expired or disabled users give None).
    pub async fn session(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<SessionRecord>> {
        let row = sqlx::query("SELECT user_id, csrf_token, expires_at, lock_notice_at FROM sessions WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(ms(now))
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let user = self.user(row.int("user_id")?).await?;
        if !user.active {
            return Ok(None);
        }
        Ok(Some(SessionRecord {
            user,
            csrf_token: row.text("csrf_token")?,
            expires_at: row.time("expires_at")?,
            lock_notice_at: row.time_opt("lock_notice_at")?,
        }))
    }

    /// End a session.
    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        let _w = self.write_guard().await;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Change a user as an administrator (audited, before and after): the
    /// fields `patch` names, nothing else. A password reset or a disabled
    /// account ends the user's sessions in the same transaction.
    pub async fn update_user(
        &self,
        user_id: i64,
        patch: &UserPatch,
        by: Option<&Actor>,
        now: Timestamp,
    ) -> StoreResult<UserRecord> {
        let before = self.user(user_id).await?;
        let mut w = self.write().await?;
        let n = sqlx::query(
            "UPDATE users SET display_name = COALESCE($2, display_name), org_id = COALESCE($3, org_id),
             roles = COALESCE($4, roles), phone = CASE WHEN $5 = 1 THEN $6 ELSE phone END,
             password_hash = COALESCE($7, password_hash),
             must_change_password = COALESCE($8, must_change_password),
             active = COALESCE($9, active),
             failed_logins = CASE WHEN $7 IS NULL THEN failed_logins ELSE 0 END,
             locked_until = CASE WHEN $7 IS NULL THEN locked_until ELSE NULL END
             WHERE id = $1",
        )
        .bind(user_id)
        .bind(patch.display_name.clone())
        .bind(patch.org_id)
        .bind(patch.roles.as_deref().map(roles_to_text))
        .bind(flag(patch.phone.is_some()))
        .bind(patch.phone.clone().flatten())
        .bind(patch.password_hash.clone())
        .bind(patch.must_change_password.map(flag))
        .bind(patch.active.map(flag))
        .execute(w.conn())
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("该用户".into()));
        }
        if patch.password_hash.is_some() || patch.active == Some(false) {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(w.conn())
                .await?;
        }
        let mut after = describe(&before);
        if let Some(v) = &patch.display_name {
            after.name.clone_from(v);
        }
        if let Some(v) = patch.org_id {
            after.org = format!("org={v}");
        }
        if let Some(v) = &patch.roles {
            after.roles = roles_to_text(v);
        }
        after.phone_changed = patch.phone.as_ref().is_some_and(|p| *p != before.phone);
        if let Some(v) = patch.active {
            after.active = v;
        }
        after.password_reset = patch.password_hash.is_some();
        let audit = Audit::by_or_system(by, AuditAction::UserUpdate, now)
            .on("user", Some(user_id))
            .before(Some(describe(&before).to_string()))
            .after(Some(after.to_string()));
        w.commit(audit).await?;
        self.user(user_id).await
    }

    /// A user's own new password (audited): the reset flag is cleared and
    /// every other session of theirs ends; `keep_session` (the hash of the
    /// session that made the change) stays signed in.
    pub async fn change_own_password(
        &self,
        user: &Actor,
        password_hash: &str,
        keep_session: Option<&str>,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        sqlx::query(
            "UPDATE users SET password_hash = $2, must_change_password = 0, failed_logins = 0, locked_until = NULL WHERE id = $1",
        )
        .bind(user.user_id)
        .bind(password_hash)
        .execute(w.conn())
        .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user.user_id)
            .bind(keep_session.unwrap_or_default())
            .execute(w.conn())
            .await?;
        let audit =
            Audit::by(user, AuditAction::PasswordChange, now).on("user", Some(user.user_id));
        w.commit(audit).await
    }
}

/// An administrator's change to a user, ready to store: None keeps a field.
#[derive(Clone, Default)]
pub struct UserPatch {
    /// New name.
    pub display_name: Option<String>,
    /// New organisation.
    pub org_id: Option<i64>,
    /// New roles.
    pub roles: Option<Vec<Role>>,
    /// New phone; `Some(None)` removes it.
    pub phone: Option<Option<String>>,
    /// New password hash (a reset).
    pub password_hash: Option<String>,
    /// Whether the user must choose a new password at the next login.
    pub must_change_password: Option<bool>,
    /// Enable or disable.
    pub active: Option<bool>,
}

impl std::fmt::Debug for UserPatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserPatch")
            .field("display_name", &self.display_name)
            .field("org_id", &self.org_id)
            .field("roles", &self.roles)
            .field(
                "password_hash",
                &self.password_hash.as_ref().map(|_| "<redacted>"),
            )
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

/// What the audit trail records of a user (never the password, its hash or the phone).
struct Described {
    name: String,
    org: String,
    roles: String,
    phone_changed: bool,
    active: bool,
    password_reset: bool,
}

fn describe(u: &UserRecord) -> Described {
    Described {
        name: u.display_name.clone(),
        org: format!("org={}", u.org_id),
        roles: roles_to_text(&u.roles),
        phone_changed: false,
        active: u.active,
        password_reset: false,
    }
}

impl std::fmt::Display for Described {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} roles={} active={}",
            self.name, self.org, self.roles, self.active
        )?;
        if self.phone_changed {
            f.write_str(" 电话已改")?;
        }
        if self.password_reset {
            f.write_str(" 重置密码")?;
        }
        Ok(())
    }
}
