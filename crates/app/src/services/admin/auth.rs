//! Logging in and out, sessions, API tokens, password hashing.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use jiff::SignedDuration;
use sha2::{Digest, Sha256};
use xinfang_domain::account::UserRecord;
use xinfang_store::SessionRecord;

use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// Hash a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> ServiceResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

/// A real argon2 hash of nothing in particular, made once, to verify against
/// when the user name is unknown.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("xinfang-timing-equaliser").unwrap_or_default())
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// A fresh random token (URL-safe hex, 256 bits).
pub fn random_token() -> ServiceResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(hex::encode(bytes))
}

/// The stored form of a token: only its SHA-256 is kept.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new login session: the cookie token and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Goes into the session cookie.
    pub token: String,
    /// Goes into every form.
    pub csrf_token: String,
    /// The user.
    pub user: UserRecord,
}

/// Log in with a password. Wrong passwords count towards a lockout; a
/// locked or disabled account is refused with the same care.
pub async fn login(state: &AppState, username: &str, password: &str) -> ServiceResult<NewSession> {
    let now = state.now();
    let wrong = || ServiceError::Forbidden("用户名或密码错误".into());
    let Some(user) = state.store.user_by_username(username.trim()).await? else {
        // Spend the same time as a real check so names cannot be probed by timing.
        let _ = verify_password(password, dummy_hash());
        return Err(wrong());
    };
    if !user.active {
        return Err(ServiceError::Forbidden(
            "该账号已停用，请联系系统管理员".into(),
        ));
    }
    if let Some(until) = user.locked_until
        && until > now
    {
        return Err(ServiceError::Forbidden(format!(
            "密码错误次数过多，账号已锁定至 {}",
            xinfang_domain::clock::format_local(until)
        )));
    }
    if !verify_password(password, &user.password_hash) {
        let failures = user.failed_logins + 1;
        let lock = (failures >= state.config.lockout_failures)
            .then(|| now + SignedDuration::from_mins(state.config.lockout_minutes));
        state.store.record_login_failure(user.id, lock).await?;
        if lock.is_some() {
            return Err(ServiceError::Forbidden(format!(
                "密码错误次数过多，账号已锁定{}分钟",
                state.config.lockout_minutes
            )));
        }
        return Err(wrong());
    }
    state.store.record_login_success(user.id).await?;
    let token = random_token()?;
    let csrf_token = random_token()?;
    let expires = now + SignedDuration::from_hours(state.config.session_hours);
    state
        .store
        .create_session(&token_hash(&token), user.id, &csrf_token, now, expires)
        .await?;
    Ok(NewSession {
        token,
        csrf_token,
        user,
    })
}

/// The session behind a cookie token, if live.
pub async fn session(state: &AppState, token: &str) -> ServiceResult<Option<SessionRecord>> {
    Ok(state.store.session(&token_hash(token), state.now()).await?)
}

/// End the session behind a cookie token.
pub async fn logout(state: &AppState, token: &str) -> ServiceResult<()> {
    Ok(state.store.delete_session(&token_hash(token)).await?)
}

/// The user behind an API bearer token that is neither revoked nor expired.
pub async fn user_for_api_token(
    state: &AppState,
    token: &str,
) -> ServiceResult<Option<UserRecord>> {
    Ok(state
        .store
        .user_for_token(&token_hash(token), state.now())
        .await?)
}

/// Create an API token for a user; the token is shown once and stored
/// hashed, and works for `XINFANG_TOKEN_DAYS` days.
pub async fn create_api_token(
    state: &AppState,
    username: &str,
    name: &str,
) -> ServiceResult<String> {
    Ok(issue_api_token(state, username, name).await?.0)
}

/// As [`create_api_token`], also giving the token's id and expiry.
pub async fn issue_api_token(
    state: &AppState,
    username: &str,
    name: &str,
) -> ServiceResult<(String, i64, jiff::Timestamp)> {
    let user = state
        .store
        .user_by_username(username)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("用户“{username}”不存在")))?;
    let token = format!("xf_{}", random_token()?);
    let now = state.now();
    let expires = now + SignedDuration::from_hours(24 * state.config.token_days);
    let id = state
        .store
        .create_api_token(user.id, name, &token_hash(&token), now, expires)
        .await?;
    Ok((token, id, expires))
}
