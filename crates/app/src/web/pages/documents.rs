//! Documents of a case: the printable notices (PDF) and the one-case-one-file archive, and the weekly package.

use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::error_page;
use crate::services::cases::issued_notices::notice_named;
use crate::web::Web;
use crate::web::auth::PageUser;
use crate::web::kit::respond;

pub(super) async fn notice(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path((id, kind)): Path<(i64, String)>,
) -> Response {
    match notice_named(&web.app, &u.actor, id, &kind).await {
        Ok((name, bytes)) => respond::pdf(&name, bytes),
        Err(e) => error_page(&web, &u, &e),
    }
}

pub(super) async fn archive(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
) -> Response {
    match crate::services::cases::archive::case_archive(&web.app, &u.actor, id).await {
        Ok((name, bytes)) => respond::zip(&name, bytes),
        Err(e) => error_page(&web, &u, &e),
    }
}

#[derive(Debug, serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct WeekQuery {
    week: String,
}

/// `GET /reports/weekly?week=2022-W41` — the Friday package (default: this week).
pub(super) async fn weekly(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<WeekQuery>,
) -> Response {
    let week = if q.week.trim().is_empty() {
        crate::services::ledgers::weekly_report::week_of(
            xinfang_domain::clock::to_local(web.app.now()).date(),
        )
    } else {
        q.week
    };
    match crate::services::ledgers::weekly_report::weekly_package(&web.app, &u.actor, &week).await {
        Ok(p) => respond::zip(&p.filename, p.bytes),
        Err(e) => error_page(&web, &u, &e),
    }
}
