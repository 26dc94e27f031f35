//! 审计日志 page: the audit trail for 督查 and the system administrator.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;

use super::error_page;
use crate::services::admin::audit_log::{AuditQuery, KINDS, list};
use crate::web::Web;
use crate::web::auth::PageUser;
use crate::web::render::{page, ser, viewer};

pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<AuditQuery>,
) -> Response {
    match list(&web.app, &u.actor, &q).await {
        Ok(p) => {
            let kinds: Vec<_> = KINDS
                .iter()
                .map(|k| context! { key => k.as_str(), label => k.label() })
                .collect();
            let mut next = q.clone();
            next.page = (p.page + 1).to_string();
            let mut prev = q.clone();
            prev.page = (p.page - 1).to_string();
            let query = |q: &AuditQuery| serde_html_form::to_string(q).unwrap_or_default();
            page(
                &web.templates,
                StatusCode::OK,
                "audit.html",
                context! {
                    me => viewer(&u), csrf => &u.csrf, nav => "audit", q => ser(&q), kinds => kinds,
                    p => ser(&p), next_query => query(&next), prev_query => query(&prev),
                },
            )
        }
        Err(e) => error_page(&web, &u, &e),
    }
}
