//! Logging in and out, sessions, API tokens, password hashing.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use jiff::SignedDuration;
use sha2::{Digest, Sha256};
use xinfang_domain::account::UserRecord;
use xinfang_store::{NewSessionRow, SessionRecord};

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

/// argon2 password checks this process has made: every login attempt costs
/// exactly one, whether its name is unknown, its account locked or its
/// password wrong (a figure for operators, and the tests' proof that the
/// three cost alike without timing them).
static PASSWORD_CHECKS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many argon2 password checks this process has made.
pub fn password_checks() -> u64 {
    PASSWORD_CHECKS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Whether `password` matches `hash`, checked off the async workers (argon2
/// is deliberately slow, and many logins may run at once).
async fn verify_off_thread(password: &str, hash: &str) -> bool {
    PASSWORD_CHECKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (password, hash) = (password.to_string(), hash.to_string());
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false)
}

/// The one answer to every refused login: an unknown name, a wrong
/// password and a locked account look alike, so the answer tells an
/// outsider neither that a name exists nor that it is locked.
pub const LOGIN_REFUSED: &str = "用户名或密码错误";

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

/// Log in with a password.
///
/// The store first claims a try in one atomic step (see
/// `xinfang_store::LoginAttempt`): at most `lockout_failures` passwords are
/// ever checked before the lock takes hold, and while it holds even the
/// right one is refused. Unknown names and locked accounts cost the same
/// argon2 check (against a dummy hash) and get the same answer as a wrong
/// password. Only the right password learns that an account is disabled.
pub async fn login(state: &AppState, username: &str, password: &str) -> ServiceResult<NewSession> {
    let now = state.now();
    let wrong = || ServiceError::Forbidden(LOGIN_REFUSED.into());
    let lock_until = now + SignedDuration::from_mins(state.config.lockout_minutes);
    let claim = state
        .store
        .claim_login_attempt(
            username.trim(),
            now,
            state.config.lockout_failures,
            lock_until,
        )
        .await?;
    let Some(attempt) = claim else {
        let _ = verify_off_thread(password, dummy_hash()).await;
        return Err(wrong());
    };
    if !verify_off_thread(password, &attempt.password_hash).await {
        state.store.settle_login_failure(&attempt, now).await?;
        return Err(wrong());
    }
    if !attempt.active {
        state.store.finish_login(&attempt, None, now).await?;
        return Err(ServiceError::Forbidden(
            "该账号已停用，请联系系统管理员".into(),
        ));
    }
    let token = random_token()?;
    let csrf_token = random_token()?;
    let hashed = token_hash(&token);
    let session = NewSessionRow {
        token_hash: &hashed,
        csrf_token: &csrf_token,
        expires_at: now + SignedDuration::from_hours(state.config.session_hours),
    };
    state
        .store
        .finish_login(&attempt, Some(&session), now)
        .await?;
    let user = state.store.user(attempt.user_id).await?;
    Ok(NewSession {
        token,
        csrf_token,
        user,
    })
}

/// What the 工作台 tells a user whose account was locked since their last
/// login ("您的账号于…因连续N次密码错误被锁定").
pub fn lock_notice(state: &AppState, session: &SessionRecord) -> Option<String> {
    session.lock_notice_at.map(|at| {
        format!(
            "您的账号于 {} 因连续{}次密码错误被锁定{}分钟。如非本人操作，请立即修改密码并告知系统管理员。",
            xinfang_domain::clock::format_local(at),
            state.config.lockout_failures,
            state.config.lockout_minutes,
        )
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
