//! The login page and logging out.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use crate::services::admin::auth;
use crate::web::Web;
use crate::web::auth::{PageForm, SESSION_COOKIE, cookie};
use crate::web::error::user_message;
use crate::web::render::page;

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct NextQuery {
    next: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct LoginForm {
    username: String,
    password: String,
    next: String,
}

/// Only local paths may follow a login, never another site.
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/"
    }
}

pub(super) async fn show(State(web): State<Web>, Query(q): Query<NextQuery>) -> Response {
    let (district, bureau) = web.app.store.masthead().await.unwrap_or_default();
    page(
        &web.templates,
        StatusCode::OK,
        "login.html",
        context! { next => safe_next(&q.next), district => district, bureau => bureau },
    )
}

pub(super) async fn submit(State(web): State<Web>, Form(f): Form<LoginForm>) -> Response {
    match auth::login(&web.app, &f.username, &f.password).await {
        Ok(s) => {
            let secure = if web.app.config.secure_cookies {
                "; Secure"
            } else {
                ""
            };
            let max_age = web.app.config.session_hours * 3600;
            let cookie = format!(
                "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
                s.token
            );
            let mut resp = Redirect::to(safe_next(&f.next)).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                resp.headers_mut().insert(header::SET_COOKIE, v);
            }
            resp
        }
        Err(e) => {
            let (district, bureau) = web.app.store.masthead().await.unwrap_or_default();
            page(
                &web.templates,
                StatusCode::UNAUTHORIZED,
                "login.html",
                context! {
                    error => user_message(&e), username => f.username, next => safe_next(&f.next),
                    district => district, bureau => bureau,
                },
            )
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct Empty {}

pub(super) async fn logout(
    State(web): State<Web>,
    headers: HeaderMap,
    _form: PageForm<Empty>,
) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let _ = auth::logout(&web.app, &token).await;
    }
    let mut resp = Redirect::to("/login").into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("xf_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    );
    resp
}
