//! `/api/v1/notifications`: the caller's 督办 notices, and marking them read.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde_json::Value;
use xinfang_domain::clock::format_rfc3339;
use xinfang_domain::deadlines::NoticeLevel;
use xinfang_store::Notification;

use super::parse_json;
use crate::services::deadlines::notifications::{inbox, mark_read};
use crate::services::field_error;
use crate::web::Web;
use crate::web::auth::ApiUser;
use crate::web::error::ApiError;

/// A notice as the API and the inbox page show it.
pub(crate) fn notice_json(n: &Notification) -> Value {
    serde_json::json!({
        "id": n.id,
        "level": n.level,
        "level_label": NoticeLevel::from_rank(n.level).map_or("通知", NoticeLevel::label),
        "title": n.title,
        "body": n.body,
        "case_id": n.case_id,
        "case_number": n.case_number,
        "created_at": format_rfc3339(n.created_at),
        "read_at": n.read_at.map(format_rfc3339),
    })
}

/// The caller's notices, newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/notifications",
    responses((status = 200, description = "{\"unread\": n, \"items\": [notice…]}")))]
pub(super) async fn list_notifications(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let (items, unread) = inbox(&web.app, &u.actor).await?;
    Ok(Json(serde_json::json!({
        "unread": unread,
        "items": items.iter().map(notice_json).collect::<Vec<_>>(),
    })))
}

/// Mark notices read: `{"id": 12}` for one, `{"all": true}` (or `{}`) for all of the caller's.
#[utoipa::path(post, path = "/api/v1/notifications/read", request_body(content = Object, description = "id or all"),
    responses((status = 200, description = "{\"marked\": n, \"unread\": n}"), (status = 422, body = super::super::error::ErrorBody)))]
pub(super) async fn read_notifications(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let raw: Value = if body.is_empty() {
        Value::Object(serde_json::Map::new())
    } else {
        parse_json::<Value>(&body)?.1
    };
    let all = raw.get("all").and_then(Value::as_bool).unwrap_or(false);
    let id = match raw.get("id") {
        None | Some(Value::Null) => None,
        Some(_) if all => None,
        Some(v) => Some(
            v.as_i64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                .ok_or_else(|| field_error("id", "通知编号", "应为整数"))?,
        ),
    };
    let marked = mark_read(&web.app, &u.actor, id, web.app.now()).await?;
    let unread = web.app.store.unread_count(u.user.id).await?;
    Ok(Json(
        serde_json::json!({ "marked": marked, "unread": unread }),
    ))
}
