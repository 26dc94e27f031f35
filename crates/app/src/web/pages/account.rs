//! 修改密码 — every signed-in user's own password; after a reset, the one page they may reach.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use xinfang_domain::account::PasswordChangeInput;

use crate::services::admin::password::change_own_password;
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser, SESSION_COOKIE, cookie};
use crate::web::kit::form::FormState;
use crate::web::render::{page, viewer};

fn show_page(web: &Web, u: &CurrentUser, state: FormState) -> Response {
    page(
        &web.templates,
        state.status,
        "account_password.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "account", must_change => u.user.must_change_password,
            error => state.message, error_list => Value::from(minijinja::value::Serde(state.list)),
        },
    )
}

pub(super) async fn show(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    show_page(&web, &u, FormState::ok())
}

pub(super) async fn submit(
    State(web): State<Web>,
    headers: HeaderMap,
    f: PageForm<PasswordChangeInput>,
) -> Response {
    let session = cookie(&headers, SESSION_COOKIE);
    let r = change_own_password(
        &web.app,
        &f.user.actor,
        session.as_deref(),
        &f.form,
        web.app.now(),
    )
    .await;
    match r {
        Ok(()) => Redirect::to("/").into_response(),
        Err(e) => show_page(&web, &f.user, FormState::from_error(&e)),
    }
}
