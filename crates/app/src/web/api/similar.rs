//! `/api/v1/cases/similar` — 相似案件: the five earlier cases most like a
//! typed matter, each with why.

use axum::Json;
use axum::extract::{Query, State};

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::routes::Routes;
use crate::json::SimilarJson;
use crate::services::cases::similar::{SimilarQuery, similar_to_text};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new().get("/cases/similar", similar)
}

/// The five earlier cases most like `text` among the caller's cases: of
/// `township` (id) when given, else of `category`; scored half on the text
/// (Dice over character pairs), a quarter on the place (同村 25, 同乡镇 10),
/// a quarter on the category; each with its `reasons`. It catches repeats
/// an ID number misses.
#[utoipa::path(get, path = "/api/v1/cases/similar", params(SimilarQuery),
    responses((status = 200, description = "At most five, most similar first", body = Vec<SimilarJson>),
        (status = 422, description = "No text, or a bad id or category, named", body = ErrorBody)))]
pub(super) async fn similar(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(q): Query<SimilarQuery>,
) -> Result<Json<Vec<SimilarJson>>, ApiError> {
    Ok(Json(similar_to_text(&web.app, &u.actor, &q).await?))
}
