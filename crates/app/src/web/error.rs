//! One error type for the HTTP layer: each service error maps to a status and a Chinese message.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::services::ServiceError;

/// A service error, answered as JSON (API).
#[derive(Debug)]
pub struct ApiError(pub ServiceError);

impl<E: Into<ServiceError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Machine code: invalid, unauthorized, forbidden, not_found, conflict,
    /// not_allowed_now, repeat_suspected, internal.
    pub code: &'static str,
    /// Chinese message for people.
    pub message: String,
    /// Field problems, for `invalid`.
    pub fields: Vec<xinfang_domain::errors::FieldError>,
    /// Earlier cases, for `repeat_suspected`: the petitioner's cases on the
    /// same category anywhere in the district in the last twelve months,
    /// newest first; outside the caller's scope without their content.
    pub candidates: Vec<crate::json::RepeatCandidateJson>,
    /// For `repeat_suspected`: the petitioner's cases on other categories in
    /// the same twelve months (此人近12个月另有N件信访), information only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_petitions: Option<usize>,
}

/// Status code and machine code of a service error.
pub fn classify(e: &ServiceError) -> (StatusCode, &'static str) {
    match e {
        ServiceError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        ServiceError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
        ServiceError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
        ServiceError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
        ServiceError::NotNow(_) => (StatusCode::CONFLICT, "not_allowed_now"),
        ServiceError::RepeatSuspected(_) => (StatusCode::CONFLICT, "repeat_suspected"),
        ServiceError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
    }
}

/// The message a user sees: internal details are logged, never shown.
pub fn user_message(e: &ServiceError) -> String {
    e.user_message()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = classify(&self.0);
        let message = user_message(&self.0);
        let fields = match &self.0 {
            ServiceError::Invalid(f) => f.0.clone(),
            _ => Vec::new(),
        };
        let (candidates, other_petitions) = match &self.0 {
            ServiceError::RepeatSuspected(h) => (
                h.repeats
                    .iter()
                    .map(crate::json::RepeatCandidateJson::from)
                    .collect(),
                Some(h.other_categories),
            ),
            _ => (Vec::new(), None),
        };
        (
            status,
            Json(ErrorBody {
                code,
                message,
                fields,
                candidates,
                other_petitions,
            }),
        )
            .into_response()
    }
}

/// An API error that is not a service error: no or bad credentials.
pub fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(ErrorBody {
            code: "unauthorized",
            message: "请先登录，或在 Authorization 头中提供有效的 Bearer 令牌".into(),
            fields: Vec::new(),
            candidates: Vec::new(),
            other_petitions: None,
        }),
    )
        .into_response()
}
