//! The login page and logging out: the login form's own CSRF token, and where the browser may go next.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use crate::services::admin::auth;
use crate::web::Web;
use crate::web::auth::{PageForm, SESSION_COOKIE, constant_eq, cookie, same_origin};
use crate::web::error::user_message;
use crate::web::render::page;

/// The login form's token before there is a session: a cookie the form
/// must echo in its `_csrf` field (double submit). Another site can neither
/// read the cookie nor set it, so it cannot post a login of its own choosing.
const LOGIN_CSRF_COOKIE: &str = "xf_login_csrf";

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
    #[serde(rename = "_csrf")]
    csrf: String,
}

/// Whether `s` may be followed after login: a path of this site and
/// nothing a browser could read as another one. It starts with one `/`
/// (not `//` or `/\`, which browsers take for another host), holds no
/// backslash, no control character (browsers drop tabs and line breaks, so
/// `/\t/host` becomes `//host`; CR/LF would split the header) and no DEL —
/// neither as sent nor once percent-decoded.
fn is_local_path(s: &str) -> bool {
    fn plain(s: &[u8]) -> bool {
        s.first() == Some(&b'/')
            && !matches!(s.get(1), Some(b'/' | b'\\'))
            && !s.iter().any(|&b| b == b'\\' || b < 0x20 || b == 0x7f)
    }
    plain(s.as_bytes()) && plain(&percent_decode(s.as_bytes()))
}

/// Percent-decoding of a path, byte by byte (a malformed escape stays as it is).
fn percent_decode(s: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match (
            s[i],
            s.get(i + 1).copied().and_then(hex),
            s.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push(((h << 4) | l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Where to go after login: `next` when it is a local path, else the 工作台.
/// Characters beyond ASCII are percent-encoded, so the answer's Location
/// header is always valid (never a 500).
fn safe_next(next: &str) -> String {
    if !is_local_path(next) {
        return "/".into();
    }
    next.bytes()
        .map(|b| match b {
            0x21..=0x7e => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The browser's login token if it has a well-formed one, else a new one.
fn login_token(headers: &HeaderMap) -> String {
    cookie(headers, LOGIN_CSRF_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .or_else(|| auth::random_token().ok())
        .unwrap_or_default()
}

/// The Set-Cookie value of the login token (or of its removal, `max_age` 0).
fn login_cookie(web: &Web, token: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if web.app.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{LOGIN_CSRF_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .ok()
}

/// The login page with a login token (set as a cookie beside it).
async fn login_page(
    web: &Web,
    headers: &HeaderMap,
    status: StatusCode,
    error: Option<String>,
    username: &str,
    next: &str,
) -> Response {
    let (district, bureau) = web.app.store.masthead().await.unwrap_or_default();
    let token = login_token(headers);
    let mut resp = page(
        &web.templates,
        status,
        "login.html",
        context! {
            error => error, username => username, next => safe_next(next), csrf => &token,
            district => district, bureau => bureau,
            lockout_failures => web.app.config.lockout_failures, lockout_minutes => web.app.config.lockout_minutes,
        },
    );
    if let Some(v) = login_cookie(web, &token, 3600) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

pub(super) async fn show(
    State(web): State<Web>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    login_page(&web, &headers, StatusCode::OK, None, "", &q.next).await
}

pub(super) async fn submit(
    State(web): State<Web>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let sent_back = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if !same_origin(&headers) || !constant_eq(&f.csrf, &sent_back) {
        let why = "登录表单已过期或来源不明，请在本页重新登录".to_string();
        return login_page(
            &web,
            &headers,
            StatusCode::FORBIDDEN,
            Some(why),
            "",
            &f.next,
        )
        .await;
    }
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
            let mut resp = Redirect::to(&safe_next(&f.next)).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                resp.headers_mut().insert(header::SET_COOKIE, v);
            }
            // The login token has served; a new one comes with the next login page.
            if let Some(v) = login_cookie(&web, "", 0) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
            resp
        }
        Err(e) => {
            let message = user_message(&e);
            login_page(
                &web,
                &headers,
                StatusCode::UNAUTHORIZED,
                Some(message),
                &f.username,
                &f.next,
            )
            .await
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

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        for ok in ["/", "/cases?kind=x", "/cases/12#steps", "/a%20b"] {
            assert_eq!(safe_next(ok), ok, "{ok}");
        }
        assert_eq!(
            safe_next("/cases?kind=重复访"),
            "/cases?kind=%E9%87%8D%E5%A4%8D%E8%AE%BF"
        );
        for bad in [
            "",
            "cases",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil",
            "https://evil.example",
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/\n",
            "/\u{7f}",
            "/%2F/evil.example",
            "/%5Cevil",
            "/%09/evil.example",
            "/a\\b",
            " /x",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }
}
