//! Users, for the 系统管理员: add one, change one (name, organisation, roles, phone, a password reset, 停用/启用), list them.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, Role};
use xinfang_domain::account::{NewUser, UserRecord};
pub use xinfang_domain::account::{UserInput, UserUpdate};
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::UserPatch;

use crate::services::admin::auth::hash_password;
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Create a user. `by` None means the command line (the operator of the machine).
pub async fn create_user(
    state: &AppState,
    by: Option<&Actor>,
    input: &UserInput,
    now: Timestamp,
) -> ServiceResult<UserRecord> {
    if let Some(a) = by {
        check(a, Permission::ManageUsers, &Place::Somewhere)?;
    }
    let account = input.parse()?;
    state
        .store
        .org(account.org_id)
        .await
        .map_err(|_| field_error("org_id", "所属单位", "没有这个单位"))?;
    let new = NewUser {
        password_hash: hash_password(&account.password)?,
        username: account.username,
        display_name: account.display_name,
        org_id: account.org_id,
        roles: account.roles,
        phone: account.phone,
    };
    Ok(state.store.create_user(&new, by, now).await?)
}

/// Every user (系统管理员 only; `by` None is the console).
pub async fn list_users(state: &AppState, by: Option<&Actor>) -> ServiceResult<Vec<UserRecord>> {
    if let Some(a) = by {
        check(a, Permission::ManageUsers, &Place::Somewhere)?;
    }
    Ok(state.store.list_users().await?)
}

/// One user, for the edit page and the API (系统管理员 only).
pub async fn user(state: &AppState, by: &Actor, id: i64) -> ServiceResult<UserRecord> {
    check(by, Permission::ManageUsers, &Place::Somewhere)?;
    Ok(state.store.user(id).await?)
}

/// Change a user: only the fields given. A new password is a reset — the
/// user must choose their own at the next login — and, like disabling the
/// account, ends their sessions at once; a disabled user's API tokens stop
/// working too. An administrator may not disable themselves or give up
/// their own 系统管理员 role, so the system never loses its last way in
/// by a slip. `by` None is the console.
pub async fn update_user(
    state: &AppState,
    by: Option<&Actor>,
    user_id: i64,
    input: &UserUpdate,
    now: Timestamp,
) -> ServiceResult<UserRecord> {
    if let Some(a) = by {
        check(a, Permission::ManageUsers, &Place::Somewhere)?;
    }
    let change = input.parse()?;
    let target = state.store.user(user_id).await?;
    if let Some(org) = change.org_id {
        state
            .store
            .org(org)
            .await
            .map_err(|_| field_error("org_id", "所属单位", "没有这个单位"))?;
    }
    if let Some(a) = by.filter(|a| a.user_id == target.id) {
        if change.active == Some(false) {
            return Err(field_error("active", "状态", "不能停用自己的账号"));
        }
        if let Some(roles) = &change.roles
            && a.roles.contains(&Role::Admin)
            && !roles.contains(&Role::Admin)
        {
            return Err(field_error(
                "roles",
                "角色",
                "不能取消自己的系统管理员角色，请由另一位系统管理员操作",
            ));
        }
    }
    let password_hash = change.password.as_deref().map(hash_password).transpose()?;
    let patch = UserPatch {
        display_name: change.display_name,
        org_id: change.org_id,
        roles: change.roles,
        phone: change.phone,
        must_change_password: password_hash.as_ref().map(|_| true),
        password_hash,
        active: change.active,
    };
    Ok(state.store.update_user(user_id, &patch, by, now).await?)
}

/// 解除锁定 — lift a user's login lock and clear their count of wrong
/// passwords (系统管理员 only; audited). The user is still told of the lock
/// at their next login.
pub async fn unlock_user(
    state: &AppState,
    by: &Actor,
    user_id: i64,
    now: Timestamp,
) -> ServiceResult<UserRecord> {
    check(by, Permission::ManageUsers, &Place::Somewhere)?;
    state.store.unlock_user(user_id, by, now).await?;
    Ok(state.store.user(user_id).await?)
}

/// A user by login name, for the console.
pub async fn user_named(state: &AppState, username: &str) -> ServiceResult<UserRecord> {
    state
        .store
        .user_by_username(username.trim())
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("用户“{username}”不存在")))
}
