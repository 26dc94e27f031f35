//! 修改密码 — every user changes their own password (no administrator needed); after a reset they must, before anything else.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::account::PasswordChangeInput;

use crate::services::admin::auth::{hash_password, token_hash, verify_password};
use crate::services::{ServiceResult, field_error};
use crate::state::AppState;

/// Check the current password, then store the new one. The session that
/// asked (`session_token`, the cookie; None for an API token) stays signed
/// in, every other session of the user ends.
pub async fn change_own_password(
    state: &AppState,
    actor: &Actor,
    session_token: Option<&str>,
    input: &PasswordChangeInput,
    now: Timestamp,
) -> ServiceResult<()> {
    let change = input.parse()?;
    let user = state.store.user(actor.user_id).await?;
    if !verify_password(&change.current, &user.password_hash) {
        return Err(field_error(
            "current_password",
            "当前密码",
            "当前密码不正确",
        ));
    }
    let hash = hash_password(&change.new)?;
    let keep = session_token.map(token_hash);
    state
        .store
        .change_own_password(actor, &hash, keep.as_deref(), now)
        .await?;
    Ok(())
}
