//! 文书核验 page: `/verify/{code}`, public (no login), where a notice's QR
//! code leads; the same answer as JSON when the client asks for JSON.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::context;

use crate::services::cases::verify_notice::verify_notice;
use crate::web::Web;
use crate::web::error::ApiError;
use crate::web::render::{page, ser};

pub(super) async fn show(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    let check = match verify_notice(&web.app, &code).await {
        Ok(c) => c,
        Err(e) if wants_json => return ApiError(e).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "文书核验失败");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "核验暂时无法完成，请稍后再试",
            )
                .into_response();
        }
    };
    let status = if check.valid {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    if wants_json {
        return (status, Json(check)).into_response();
    }
    let (district, bureau) = web.app.store.masthead().await.unwrap_or_default();
    page(
        &web.templates,
        status,
        "verify.html",
        context! { code => code.trim(), check => ser(&check), district => district, bureau => bureau },
    )
}
