//! 待研判 — the queue page of each level of 三级研判 (村级, 乡镇级, 区级).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use serde::Deserialize;

use super::error_page;
use crate::services::risk::assessments::{PER_PAGE, parse_level, queue};
use crate::web::Web;
use crate::web::auth::PageUser;
use crate::web::render::{page, ser, viewer};

/// `?level=&page=`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct QueueQuery {
    level: String,
    page: String,
}

/// `GET /assessments` — the entries awaiting one level, with every level's count.
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<QueueQuery>,
) -> Response {
    let result = match parse_level(&u.actor, &q.level) {
        Ok(level) => {
            queue(
                &web.app,
                &u.actor,
                level,
                q.page.trim().parse().unwrap_or(1),
            )
            .await
        }
        Err(e) => Err(e),
    };
    let view = match result {
        Ok(v) => v,
        Err(e) => return error_page(&web, &u, &e),
    };
    let page_no = q.page.trim().parse::<i64>().unwrap_or(1).max(1);
    page(
        &web.templates,
        StatusCode::OK,
        "assessments.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "assessments", view => ser(&view),
            page => page_no, pages => (view.total + PER_PAGE - 1) / PER_PAGE,
        },
    )
}
