//! Users and organisations, for the 系统管理员.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, Role};
use xinfang_domain::errors::FieldErrors;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::{NewUser, UserRecord};

use crate::services::admin::auth::hash_password;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// A user to create, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct UserInput {
    /// 用户名
    pub username: String,
    /// 姓名
    pub display_name: String,
    /// 所属单位 id
    pub org_id: String,
    /// 角色 keys or labels
    pub roles: Vec<String>,
    /// 电话
    pub phone: String,
    /// 初始密码
    pub password: String,
}

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
    let mut e = FieldErrors::default();
    let username = input.username.trim();
    if username.len() < 2
        || username.len() > 32
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
    {
        e.add(
            "username",
            "用户名",
            "用户名应为2–32位字母、数字、下划线、点或连字符",
        );
    }
    let display_name = input.display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > 30 {
        e.add("display_name", "姓名", "不能为空，且不超过30个字");
    }
    let roles: Vec<Role> = input.roles.iter().filter_map(|r| Role::parse(r)).collect();
    if roles.is_empty()
        || roles.len() != input.roles.iter().filter(|r| !r.trim().is_empty()).count()
    {
        e.add("roles", "角色", "请选择有效的角色");
    }
    if input.password.chars().count() < 8 {
        e.add("password", "密码", "密码至少8位");
    }
    let phone = if input.phone.trim().is_empty() {
        None
    } else {
        match xinfang_domain::ident::PhoneNumber::parse(&input.phone) {
            Ok(p) => Some(p.to_string()),
            Err(err) => {
                e.add("phone", "电话", err.to_string());
                None
            }
        }
    };
    let org_id = match input.org_id.trim().parse::<i64>() {
        Ok(id) => match state.store.org(id).await {
            Ok(o) => Some(o.id),
            Err(_) => {
                e.add("org_id", "所属单位", "没有这个单位");
                None
            }
        },
        Err(_) => {
            e.add("org_id", "所属单位", "请选择所属单位");
            None
        }
    };
    let (Some(org_id), true) = (org_id, e.is_empty()) else {
        return Err(ServiceError::Invalid(e));
    };
    let new = NewUser {
        username: username.into(),
        display_name: display_name.into(),
        org_id,
        roles,
        phone,
        password_hash: hash_password(&input.password)?,
    };
    Ok(state.store.create_user(&new, by, now).await?)
}
