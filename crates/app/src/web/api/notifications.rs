//! `/api/v1/notifications`: the caller's 督办 notices, and marking them read.

use axum::Json;
use axum::extract::State;

use super::requests::ReadRequest;
use crate::json::{MarkedJson, NotificationJson, NotificationListJson};
use crate::services::deadlines::notifications::{inbox, mark_read};
use crate::web::Web;
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ErrorBody};
use crate::web::kit::body::{JsonBytes, parse_json_or_empty};

/// The caller's notices, newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/notifications",
    responses((status = 200, description = "The caller's notices", body = NotificationListJson)))]
pub(super) async fn list_notifications(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<NotificationListJson>, ApiError> {
    let (items, unread) = inbox(&web.app, &u.actor).await?;
    Ok(Json(NotificationListJson {
        unread,
        items: items.iter().map(NotificationJson::from).collect(),
    }))
}

/// Mark notices read: `{"id": 12}` for one, `{"all": true}` (or `{}`) for all of the caller's.
#[utoipa::path(post, path = "/api/v1/notifications/read",
    request_body(content = Option<ReadRequest>, description = "Empty, `id`, or `all`"),
    responses((status = 200, description = "How many were marked, and how many are left unread", body = MarkedJson),
        (status = 422, description = "`id` is not a number", body = ErrorBody)))]
pub(super) async fn read_notifications(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<Json<MarkedJson>, ApiError> {
    let req: ReadRequest = parse_json_or_empty(&body)?;
    let marked = mark_read(&web.app, &u.actor, req.id, web.app.now()).await?;
    let unread = web.app.store.unread_count(u.user.id).await?;
    Ok(Json(MarkedJson { marked, unread }))
}
