//! Users and organisations, for the 系统管理员.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
pub use xinfang_domain::account::UserInput;
use xinfang_domain::account::{NewUser, UserRecord};
use xinfang_domain::permission::{Permission, Place, check};

use crate::services::admin::auth::hash_password;
use crate::services::{ServiceResult, field_error};
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
