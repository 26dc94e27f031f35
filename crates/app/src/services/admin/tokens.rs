//! API tokens (接口令牌) for the 系统管理员 and the console: list them with their state, revoke one.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::account::TokenRecord;
use xinfang_domain::permission::{Permission, Place, check};

use crate::services::ServiceResult;
use crate::services::admin::users::user_named;
use crate::state::AppState;

/// Every token, or those of one user (by login name), newest first. `by`
/// None is the console.
pub async fn list_tokens(
    state: &AppState,
    by: Option<&Actor>,
    username: Option<&str>,
) -> ServiceResult<Vec<TokenRecord>> {
    if let Some(a) = by {
        check(a, Permission::ManageUsers, &Place::Somewhere)?;
    }
    let user_id = match username.map(str::trim).filter(|u| !u.is_empty()) {
        Some(name) => Some(user_named(state, name).await?.id),
        None => None,
    };
    Ok(state.store.list_api_tokens(user_id).await?)
}

/// A user's tokens by id, for their edit page.
pub async fn tokens_of(
    state: &AppState,
    by: &Actor,
    user_id: i64,
) -> ServiceResult<Vec<TokenRecord>> {
    check(by, Permission::ManageUsers, &Place::Somewhere)?;
    Ok(state.store.list_api_tokens(Some(user_id)).await?)
}

/// Revoke a token: it stops working with the next request.
pub async fn revoke_token(
    state: &AppState,
    by: Option<&Actor>,
    id: i64,
    now: Timestamp,
) -> ServiceResult<TokenRecord> {
    if let Some(a) = by {
        check(a, Permission::ManageUsers, &Place::Somewhere)?;
    }
    Ok(state.store.revoke_api_token(id, by, now).await?)
}
