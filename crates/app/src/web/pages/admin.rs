//! Administration for the 系统管理员: users (the organisation tree is `admin_orgs.rs`).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use xinfang_domain::access::Role;
use xinfang_domain::clock::format_local;
use xinfang_domain::org::Org;
use xinfang_domain::permission::{Permission, Place, check};

use super::error_page;
use crate::services::ServiceError;
use crate::services::admin::user_pages::users_page as users_page_view;
use crate::services::admin::users::{UserInput, create_user as create};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::kit::form::FormState;
use crate::web::render::{page, viewer};

fn require(u: &CurrentUser, permission: Permission) -> Result<(), ServiceError> {
    Ok(check(&u.actor, permission, &Place::Somewhere)?)
}

pub(super) fn org_rows(orgs: &[Org]) -> Vec<Value> {
    // Depth-first so children follow their parent.
    fn walk(orgs: &[Org], parent: Option<i64>, depth: usize, out: &mut Vec<Value>) {
        for o in orgs.iter().filter(|o| o.parent_id == parent) {
            out.push(context! { id => o.id, code => &o.code, name => &o.name, kind => o.kind.label(), depth => depth });
            walk(orgs, Some(o.id), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(orgs, None, 0, &mut out);
    out
}

/// The user list with the add form; `state` carries the add form's errors.
async fn users_page(web: &Web, u: &CurrentUser, form: &UserInput, state: FormState) -> Response {
    let view = match users_page_view(&web.app, &u.actor).await {
        Ok(v) => v,
        Err(e) => return error_page(web, u, &e),
    };
    let now = web.app.now();
    let users: Vec<Value> = view
        .users
        .iter()
        .map(|x| {
            context! {
                id => x.id, username => &x.username, name => &x.display_name, org => &x.org_name,
                roles => x.roles.iter().map(|r| r.label()).collect::<Vec<_>>(), phone => &x.phone, active => x.active,
                must_change_password => x.must_change_password,
                locked_until => x.is_locked(now).then(|| x.locked_until.map(format_local)).flatten(),
                failed_logins => x.failed_logins, last_failed_login_at => x.last_failed_login_at.map(format_local),
            }
        })
        .collect();
    page(
        &web.templates,
        state.status,
        "admin_users.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "admin", users => users, orgs => org_rows(&view.orgs), roles => role_options(view.roles),
            f => context! { username => &form.username, display_name => &form.display_name, org_id => &form.org_id, phone => &form.phone, roles => &form.roles },
            error => state.message, error_list => Value::from(minijinja::value::Serde(state.list)),
        },
    )
}

/// The roles as the forms' options.
pub(super) fn role_options(roles: &[Role]) -> Vec<Value> {
    roles
        .iter()
        .map(|r| context! { key => r.as_str(), label => r.label() })
        .collect()
}

pub(super) async fn users(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    users_page(&web, &u, &UserInput::default(), FormState::ok()).await
}

pub(super) async fn create_user(State(web): State<Web>, f: PageForm<UserInput>) -> Response {
    if let Err(e) = require(&f.user, Permission::ManageUsers) {
        return error_page(&web, &f.user, &e);
    }
    match create(&web.app, Some(&f.user.actor), &f.form, web.app.now()).await {
        Ok(_) => Redirect::to("/admin/users").into_response(),
        Err(e) => users_page(&web, &f.user, &f.form, FormState::from_error(&e)).await,
    }
}
