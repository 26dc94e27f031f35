//! Who is asking: session cookies for people, bearer tokens for scripts, CSRF for forms.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use xinfang_domain::access::Actor;
use xinfang_domain::account::UserRecord;

use super::Web;
use crate::services::admin::auth;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "xf_session";

/// The page where a user chooses their own password.
pub const PASSWORD_PAGE: &str = "/account/password";

/// What a signed-in user whose password was reset may still reach through
/// a session: choosing the new password, and leaving.
const OPEN_WHILE_RESET: &[&str] = &[
    PASSWORD_PAGE,
    "/logout",
    "/api/v1/me",
    "/api/v1/me/password",
];

/// The request's path as the client sent it (a nested router sees it without its prefix).
fn full_path(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| parts.uri.path().to_string(), |o| o.0.path().to_string())
}

/// Whether a session user must first choose a new password before `path`.
fn held_for_new_password(u: &CurrentUser, path: &str) -> bool {
    !u.via_token && u.user.must_change_password && !OPEN_WHILE_RESET.contains(&path)
}

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The stored user.
    pub user: UserRecord,
    /// The user as actor.
    pub actor: Actor,
    /// The session's form token; empty for bearer tokens.
    pub csrf: String,
    /// Authenticated by a bearer token rather than a cookie.
    pub via_token: bool,
    /// Unread notices (通知) for the page header; counted for pages only, 0 for the API.
    pub unread: i64,
    /// The district's name and its bureau's, for the page frame (pages only).
    pub masthead: (String, String),
    /// A lock of the account this session's login told of (shown on the 工作台).
    pub lock_notice: Option<String>,
}

/// Read one cookie from the headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

async fn authenticate(parts: &Parts, web: &Web) -> Option<CurrentUser> {
    if let Some(bearer) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        let user = auth::user_for_api_token(&web.app, bearer.trim())
            .await
            .ok()
            .flatten()?;
        return Some(CurrentUser {
            actor: user.actor(),
            user,
            csrf: String::new(),
            via_token: true,
            unread: 0,
            masthead: Default::default(),
            lock_notice: None,
        });
    }
    let token = cookie(&parts.headers, SESSION_COOKIE)?;
    let session = auth::session(&web.app, &token).await.ok().flatten()?;
    let lock_notice = auth::lock_notice(&web.app, &session);
    Some(CurrentUser {
        lock_notice,
        actor: session.user.actor(),
        user: session.user,
        csrf: session.csrf_token,
        via_token: false,
        unread: 0,
        masthead: Default::default(),
    })
}

/// Whether a cross-site request is visible in Origin: it must name this host.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
}

/// A signed-in person on a page; others are sent to the login page.
#[derive(Debug, Clone)]
pub struct PageUser(pub CurrentUser);

impl FromRequestParts<Web> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, web: &Web) -> Result<Self, Self::Rejection> {
        match authenticate(parts, web).await {
            Some(u) if held_for_new_password(&u, &full_path(parts)) => {
                Err(Redirect::to(PASSWORD_PAGE).into_response())
            }
            Some(mut u) if !u.via_token => {
                // Every page's header shows the unread count; a failed count is not worth a failed page.
                u.unread = web
                    .app
                    .store
                    .unread_count(u.user.id)
                    .await
                    .unwrap_or_else(|e| {
                        tracing::warn!(error = %e, "counting unread notices");
                        0
                    });
                // The district's own names on every page: data, not Jian'an's.
                u.masthead = web.app.store.masthead().await.unwrap_or_else(|e| {
                    tracing::warn!(error = %e, "reading the district's names");
                    Default::default()
                });
                Ok(PageUser(u))
            }
            _ => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/");
                let target = format!("/login?next={}", urlencode(next));
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}

/// A caller of the JSON API: a bearer token, or a session cookie plus the
/// `X-CSRF-Token` header on anything that changes data.
#[derive(Debug, Clone)]
pub struct ApiUser(pub CurrentUser);

impl FromRequestParts<Web> for ApiUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, web: &Web) -> Result<Self, Self::Rejection> {
        let Some(u) = authenticate(parts, web).await else {
            return Err(super::error::unauthorized());
        };
        if held_for_new_password(&u, &full_path(parts)) {
            return Err(
                super::error::ApiError(crate::services::ServiceError::Forbidden(
                    "管理员已重置您的密码，请先修改密码（POST /api/v1/me/password）".into(),
                ))
                .into_response(),
            );
        }
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !u.via_token && !safe {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !same_origin(&parts.headers) || !constant_eq(sent, &u.csrf) {
                return Err(
                    super::error::ApiError(crate::services::ServiceError::Forbidden(
                        "使用登录会话调用接口时须提供 X-CSRF-Token 请求头".into(),
                    ))
                    .into_response(),
                );
            }
        }
        Ok(ApiUser(u))
    }
}

/// A form posted from one of our pages: the signed-in user, the CSRF token
/// checked, and the fields parsed into `T` (repeated keys fill `Vec`s).
#[derive(Debug)]
pub struct PageForm<T> {
    /// Who posted it.
    pub user: CurrentUser,
    /// The fields.
    pub form: T,
    /// The raw body, for a second reading of other fields.
    pub raw: Bytes,
}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

impl<T: DeserializeOwned> FromRequest<Web> for PageForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, web: &Web) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let PageUser(user) = PageUser::from_request_parts(&mut parts, web).await?;
        // A page form is text fields only (uploads are multipart): the JSON
        // bodies' limit, refused in Chinese stating it.
        let bytes = crate::web::kit::body::read_limited(Request::from_parts(parts.clone(), body))
            .await
            .map_err(IntoResponse::into_response)?;
        let token: CsrfField = serde_html_form::from_bytes(&bytes)
            .map_err(|_| (StatusCode::BAD_REQUEST, "表单格式不正确").into_response())?;
        if !csrf_ok(&parts.headers, &user, &token.csrf) {
            return Err(csrf_rejected());
        }
        let form = serde_html_form::from_bytes(&bytes).map_err(|e| {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("表单内容不正确：{e}"),
            )
                .into_response()
        })?;
        Ok(PageForm {
            user,
            form,
            raw: bytes,
        })
    }
}

/// Whether a form's token matches the session's and it comes from this site.
pub fn csrf_ok(headers: &HeaderMap, user: &CurrentUser, sent: &str) -> bool {
    same_origin(headers) && constant_eq(sent, &user.csrf)
}

/// The answer to a form that fails [`csrf_ok`].
pub fn csrf_rejected() -> Response {
    (
            StatusCode::FORBIDDEN,
            axum::response::Html(
                "<!doctype html><meta charset=utf-8><p>表单已过期或来源不明（CSRF 校验失败），请返回刷新页面后重新提交。</p>",
            ),
        )
            .into_response()
}

/// Whether two tokens are equal, in time that does not depend on where they differ; an empty expected token never matches.
pub(crate) fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !b.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Percent-encode a query value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
