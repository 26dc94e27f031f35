//! Documents of a case: the printable notices (PDF) as issued and the one-case-one-file archive.

use axum::extract::{Path, State};
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
