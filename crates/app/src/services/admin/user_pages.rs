//! What the 管理 → 用户 pages show: the user list, one user's edit page with their API tokens.

use xinfang_domain::access::{Actor, Role};
use xinfang_domain::account::{TokenRecord, UserRecord};
use xinfang_domain::org::Org;
use xinfang_domain::permission::{Permission, Place, check};

use crate::services::ServiceResult;
use crate::state::AppState;

/// The user list page: every user and what the add form chooses from.
#[derive(Debug, Clone)]
pub struct UsersPage {
    /// Every user.
    pub users: Vec<UserRecord>,
    /// The organisation tree.
    pub orgs: Vec<Org>,
    /// Every role.
    pub roles: &'static [Role],
}

/// One user's edit page.
#[derive(Debug, Clone)]
pub struct UserEditPage {
    /// The user.
    pub user: UserRecord,
    /// Their API tokens, newest first.
    pub tokens: Vec<TokenRecord>,
    /// The organisation tree.
    pub orgs: Vec<Org>,
    /// Every role.
    pub roles: &'static [Role],
    /// Whether the viewer is looking at their own account.
    pub is_self: bool,
}

/// The user list (系统管理员 only).
pub async fn users_page(state: &AppState, actor: &Actor) -> ServiceResult<UsersPage> {
    check(actor, Permission::ManageUsers, &Place::Somewhere)?;
    Ok(UsersPage {
        users: state.store.list_users().await?,
        orgs: state.store.list_orgs().await?,
        roles: Role::ALL,
    })
}

/// One user with their tokens (系统管理员 only).
pub async fn user_edit_page(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<UserEditPage> {
    check(actor, Permission::ManageUsers, &Place::Somewhere)?;
    let user = state.store.user(id).await?;
    Ok(UserEditPage {
        tokens: state.store.list_api_tokens(Some(user.id)).await?,
        orgs: state.store.list_orgs().await?,
        roles: Role::ALL,
        is_self: user.id == actor.user_id,
        user,
    })
}
