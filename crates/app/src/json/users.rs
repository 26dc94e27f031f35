//! Users and API tokens as the administrator's API and `xinfang user list|token list --json` give them.

use jiff::Timestamp;
use serde::Serialize;
use xinfang_domain::account::{TokenRecord, UserRecord};

use super::t;

/// A user (`GET /api/v1/users`, `xinfang user list --json`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserJson {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown to others.
    pub name: String,
    /// Organisation id.
    pub org_id: i64,
    /// Organisation name.
    pub org: String,
    /// Roles (Chinese labels).
    pub roles: Vec<String>,
    /// Phone, if any.
    pub phone: Option<String>,
    /// Can log in (false: 停用).
    pub active: bool,
    /// The password was reset and must be changed at the next login.
    pub must_change_password: bool,
    /// Wrong passwords since the last successful login (or the last lock).
    pub failed_logins: i64,
    /// The end of the last lock after too many wrong passwords (RFC 3339, +08:00): locked while it lies ahead; null when none.
    pub locked_until: Option<String>,
    /// When the last wrong password was tried; null when never.
    pub last_failed_login_at: Option<String>,
}

impl From<&UserRecord> for UserJson {
    fn from(u: &UserRecord) -> Self {
        UserJson {
            id: u.id,
            username: u.username.clone(),
            name: u.display_name.clone(),
            org_id: u.org_id,
            org: u.org_name.clone(),
            roles: u.roles.iter().map(|r| r.label().to_string()).collect(),
            phone: u.phone.clone(),
            active: u.active,
            must_change_password: u.must_change_password,
            failed_logins: u.failed_logins,
            locked_until: u.locked_until.map(t),
            last_failed_login_at: u.last_failed_login_at.map(t),
        }
    }
}

/// An API token, never the token itself (`GET /api/v1/tokens`, `xinfang token list --json`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TokenJson {
    /// Id (what `xinfang token revoke` and `POST /api/v1/tokens/{id}/revoke` take).
    pub id: i64,
    /// The holder's login name.
    pub user: String,
    /// The holder's name.
    pub user_name: String,
    /// The label given when it was made.
    pub name: String,
    /// When made, RFC 3339 with +08:00.
    pub created_at: String,
    /// When it stops working; null for a token that never expires.
    pub expires_at: Option<String>,
    /// Revoked by an administrator.
    pub revoked: bool,
    /// `valid`, `expired` or `revoked` now.
    pub status: String,
    /// The status in Chinese: 有效, 已过期, 已吊销.
    pub status_label: String,
}

impl TokenJson {
    /// The token as of `now`.
    pub fn at(tok: &TokenRecord, now: Timestamp) -> TokenJson {
        let status = tok.status(now);
        TokenJson {
            id: tok.id,
            user: tok.username.clone(),
            user_name: tok.display_name.clone(),
            name: tok.name.clone(),
            created_at: t(tok.created_at),
            expires_at: tok.expires_at.map(t),
            revoked: tok.revoked,
            status: status.as_str().to_string(),
            status_label: status.label().to_string(),
        }
    }
}
