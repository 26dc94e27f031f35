//! `/api/v1/categories/suggest` — the 问题类别 a matter's words point to.

use axum::Json;
use axum::extract::Query;

use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::routes::Routes;
use crate::services::cases::category_hint::{CategorySuggestionJson, suggest};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new().get("/categories/suggest", suggestion)
}

/// `?text=`
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct SuggestQuery {
    /// 反映问题.
    text: String,
}

/// A suggested 问题类别 for a matter, with the words that led to it
/// (`rules/categories.json`: each word found scores its length), and the
/// other categories pointed to. The officer accepts or changes it.
#[utoipa::path(get, path = "/api/v1/categories/suggest", params(SuggestQuery),
    responses((status = 200, description = "The suggestion (null when no word matches) and the alternatives", body = CategorySuggestionJson),
        (status = 422, description = "No text", body = ErrorBody)))]
pub(super) async fn suggestion(
    _u: ApiUser,
    Query(q): Query<SuggestQuery>,
) -> Result<Json<CategorySuggestionJson>, ApiError> {
    Ok(Json(suggest(&q.text)?))
}
