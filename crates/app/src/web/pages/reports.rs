//! 每周报送: the preview of the next package, sending it, the 报送记录 and each sent package (the district only).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;

use super::{EmptyForm, error_page};
use crate::services::ledgers::sendings::{send, sending, sendings, sent_package};
use crate::services::ledgers::weekly_report::{
    pending_package_with_progress, preview, weekly_package,
};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::user_message;
use crate::web::kit::form::status_of;
use crate::web::kit::respond;
use crate::web::render::{page, ser, viewer};

#[derive(Debug, serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct WeekQuery {
    week: String,
}

async fn weekly_page(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    message: Option<String>,
) -> Response {
    let p = match preview(&web.app, &u.actor).await {
        Ok(p) => p,
        Err(e) => return error_page(web, u, &e),
    };
    let sent = match sendings(&web.app, &u.actor).await {
        Ok(s) => s,
        Err(e) => return error_page(web, u, &e),
    };
    let this_week = crate::services::ledgers::weekly_report::week_of(
        xinfang_domain::clock::to_local(web.app.now()).date(),
    );
    page(
        &web.templates,
        status,
        "reports_weekly.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "ledgers", preview => ser(&p),
            sendings => ser(&sent), this_week => this_week, message => message,
        },
    )
}

/// `GET /reports/weekly` — what the next package holds and the 报送记录;
/// `?week=2022-W41` gives that ISO week's look-back package (.zip), as before.
pub(super) async fn weekly(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<WeekQuery>,
) -> Response {
    if q.week.trim().is_empty() {
        return weekly_page(&web, &u, StatusCode::OK, None).await;
    }
    match weekly_package(&web.app, &u.actor, &q.week).await {
        Ok(p) => respond::zip(&p.filename, p.bytes),
        Err(e) => error_page(&web, &u, &e),
    }
}

/// `GET /reports/weekly.zip` — the next package as it would go now (预览), recording nothing.
pub(super) async fn weekly_zip(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    match pending_package_with_progress(&web.app, &u.actor, &|_, _| {}).await {
        Ok(p) => respond::zip(&p.filename.replace(".zip", "（预览）.zip"), p.bytes),
        Err(e) => error_page(&web, &u, &e),
    }
}

/// `POST /reports/weekly` — send the package: recorded, then its page.
pub(super) async fn send_weekly(State(web): State<Web>, f: PageForm<EmptyForm>) -> Response {
    match send(&web.app, &f.user.actor).await {
        Ok(sent) => Redirect::to(&format!("/reports/sendings/{}", sent.sending.id)).into_response(),
        Err(e) => weekly_page(&web, &f.user, status_of(&e), Some(user_message(&e))).await,
    }
}

/// `GET /reports/sendings/{id}` — one sent package: who, when, its cases and their gaps.
pub(super) async fn sent(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
) -> Response {
    match sending(&web.app, &u.actor, id).await {
        Ok(s) => page(
            &web.templates,
            StatusCode::OK,
            "report_sending.html",
            context! { me => viewer(&u), csrf => &u.csrf, nav => "ledgers", s => ser(&s) },
        ),
        Err(e) => error_page(&web, &u, &e),
    }
}

/// `GET /reports/sendings/{id}/package.zip` — the package exactly as it was sent.
pub(super) async fn sent_zip(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
) -> Response {
    match sent_package(&web.app, &u.actor, id).await {
        Ok((name, bytes)) => respond::zip(&name, bytes),
        Err(e) => error_page(&web, &u, &e),
    }
}
