//! 管理 → 用户 → one user: edit name, organisation, roles and phone; reset the password; 停用/启用; 解除锁定; revoke API tokens.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use xinfang_domain::clock::format_local;

use super::admin::{org_rows, role_options};
use super::error_page;
use crate::services::ServiceResult;
use crate::services::admin::tokens::revoke_token;
use crate::services::admin::user_pages::user_edit_page;
use crate::services::admin::users::{UserUpdate, unlock_user, update_user};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::kit::form::FormState;
use crate::web::render::{page, viewer};

/// The profile form: every field is sent, so a blank one is a blank value.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct ProfileForm {
    display_name: String,
    org_id: String,
    roles: Vec<String>,
    phone: String,
}

/// The password reset form.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct ResetForm {
    password: String,
}

/// 停用 or 启用.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct ActiveForm {
    active: String,
}

/// Which form on the page an answer belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Profile,
    Password,
    Active,
    Lock,
}

impl Part {
    fn key(self) -> &'static str {
        match self {
            Part::Profile => "profile",
            Part::Password => "password",
            Part::Active => "active",
            Part::Lock => "lock",
        }
    }
}

async fn show_page(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    part: Option<Part>,
    profile: Option<&ProfileForm>,
    state: FormState,
    done: Option<&str>,
) -> Response {
    let view = match user_edit_page(&web.app, &u.actor, id).await {
        Ok(v) => v,
        Err(e) => return error_page(web, u, &e),
    };
    let x = &view.user;
    let f = match profile {
        Some(p) => {
            context! { display_name => &p.display_name, org_id => &p.org_id, roles => &p.roles, phone => &p.phone }
        }
        None => context! {
            display_name => &x.display_name, org_id => x.org_id.to_string(),
            roles => x.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(), phone => x.phone.clone().unwrap_or_default(),
        },
    };
    let now = web.app.now();
    let tokens: Vec<Value> = view
        .tokens
        .iter()
        .map(|t| {
            let status = t.status(now);
            context! {
                id => t.id, name => &t.name, created_at => format_local(t.created_at),
                expires_at => t.expires_at.map(format_local), status => status.label(), key => status.as_str(),
            }
        })
        .collect();
    page(
        &web.templates,
        state.status,
        "admin_user.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "admin", orgs => org_rows(&view.orgs), roles => role_options(view.roles),
            user => context! {
                id => x.id, username => &x.username, name => &x.display_name, org => &x.org_name, active => x.active,
                must_change_password => x.must_change_password, roles => x.roles.iter().map(|r| r.label()).collect::<Vec<_>>(),
                locked => x.is_locked(now), locked_until => x.locked_until.map(format_local),
                failed_logins => x.failed_logins, last_failed_login_at => x.last_failed_login_at.map(format_local),
                locked_at => x.locked_at.map(format_local),
            },
            is_self => view.is_self, f => f, tokens => tokens, done => done,
            part => part.map(Part::key), error => state.message, error_list => Value::from(minijinja::value::Serde(state.list)),
        },
    )
}

pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
) -> Response {
    show_page(&web, &u, id, None, None, FormState::ok(), None).await
}

/// After a change: the page again, with what was done or what was wrong.
async fn answer<T>(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    part: Part,
    profile: Option<&ProfileForm>,
    result: ServiceResult<T>,
    done: &str,
) -> Response {
    match result {
        Ok(_) => show_page(web, u, id, Some(part), None, FormState::ok(), Some(done)).await,
        Err(e) => {
            show_page(
                web,
                u,
                id,
                Some(part),
                profile,
                FormState::from_error(&e),
                None,
            )
            .await
        }
    }
}

pub(super) async fn save(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ProfileForm>,
) -> Response {
    let input = UserUpdate {
        display_name: Some(f.form.display_name.clone()),
        org_id: Some(f.form.org_id.clone()),
        roles: Some(f.form.roles.clone()),
        phone: Some(f.form.phone.clone()),
        ..UserUpdate::default()
    };
    let r = update_user(&web.app, Some(&f.user.actor), id, &input, web.app.now()).await;
    answer(&web, &f.user, id, Part::Profile, Some(&f.form), r, "已保存").await
}

pub(super) async fn reset_password(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ResetForm>,
) -> Response {
    let input = UserUpdate {
        password: Some(f.form.password.clone()),
        ..UserUpdate::default()
    };
    let r = update_user(&web.app, Some(&f.user.actor), id, &input, web.app.now()).await;
    let done = "密码已重置：该用户已退出登录，下次登录须先修改密码";
    answer(&web, &f.user, id, Part::Password, None, r, done).await
}

pub(super) async fn set_active(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ActiveForm>,
) -> Response {
    let input = UserUpdate {
        active: Some(f.form.active.clone()),
        ..UserUpdate::default()
    };
    let r = update_user(&web.app, Some(&f.user.actor), id, &input, web.app.now()).await;
    let done = match &r {
        Ok(x) if !x.active => "账号已停用：其登录会话和接口令牌即刻失效",
        _ => "账号已启用",
    };
    answer(&web, &f.user, id, Part::Active, None, r, done).await
}

/// 解除锁定 from the user's page.
pub(super) async fn unlock(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<super::EmptyForm>,
) -> Response {
    let r = unlock_user(&web.app, &f.user.actor, id, web.app.now()).await;
    answer(&web, &f.user, id, Part::Lock, None, r, "已解除锁定").await
}

/// 吊销 a token from its holder's page, then back to that page.
pub(super) async fn revoke(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<super::EmptyForm>,
) -> Response {
    match revoke_token(&web.app, Some(&f.user.actor), id, web.app.now()).await {
        Ok(t) => Redirect::to(&format!("/admin/users/{}#tokens", t.user_id)).into_response(),
        Err(e) => error_page(&web, &f.user, &e),
    }
}
