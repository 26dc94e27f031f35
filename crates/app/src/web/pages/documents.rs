//! Documents of a case: the printable notices (PDF) and the one-case-one-file archive.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::error_page;
use crate::services::cases::notices::{NoticeKind, notice_pdf};
use crate::services::{ServiceError, ServiceResult};
use crate::web::Web;
use crate::web::auth::{PageUser, urlencode};

/// A download response with a UTF-8 file name.
pub(crate) fn download(
    content_type: &'static str,
    filename: &str,
    bytes: Vec<u8>,
    inline: bool,
) -> Response {
    let disposition = format!(
        "{}; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        urlencode(filename)
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// The notice of a case, by the name in the URL.
pub(crate) async fn render_notice(
    web: &Web,
    actor: &xinfang_domain::access::Actor,
    id: i64,
    kind: &str,
) -> ServiceResult<Response> {
    let kind =
        NoticeKind::parse(kind).ok_or_else(|| ServiceError::NotFound("没有这种文书".into()))?;
    let (name, bytes) = notice_pdf(&web.app, actor, id, kind).await?;
    Ok(download("application/pdf", &name, bytes, true))
}

pub(super) async fn notice(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path((id, kind)): Path<(i64, String)>,
) -> Response {
    match render_notice(&web, &u.actor, id, &kind).await {
        Ok(r) => r,
        Err(e) => error_page(&web, &u, &e),
    }
}

pub(super) async fn archive(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
) -> Response {
    match crate::services::cases::archive::case_archive(&web.app, &u.actor, id).await {
        Ok((name, bytes)) => download("application/zip", &name, bytes, false),
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
    axum::extract::Query(q): axum::extract::Query<WeekQuery>,
) -> Response {
    let week = if q.week.trim().is_empty() {
        crate::services::ledgers::weekly_report::week_of(
            xinfang_domain::clock::to_local(web.app.now()).date(),
        )
    } else {
        q.week
    };
    match crate::services::ledgers::weekly_report::weekly_package(&web.app, &u.actor, &week).await {
        Ok(p) => download("application/zip", &p.filename, p.bytes, false),
        Err(e) => error_page(&web, &u, &e),
    }
}
