//! The HTTP surface: server-rendered pages and the JSON API.

pub mod api;
pub mod auth;
pub mod error;
pub mod headers;
pub mod kit;
pub mod pages;
pub mod render;
pub mod routes;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use minijinja::Environment;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// Router state: the application and the compiled templates.
#[derive(Clone, Debug)]
pub struct Web {
    /// Application state.
    pub app: AppState,
    /// Templates.
    pub templates: Arc<Environment<'static>>,
}

const CSS: &str = include_str!("../../assets/app.css");

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        CSS,
    )
}

async fn healthz() -> &'static str {
    "ok"
}

/// Every page and API route, recorded as it is registered.
fn all_routes() -> routes::Routes {
    routes::Routes::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .get("/assets/app.css", css)
        .get("/healthz", healthz)
}

/// The method and path of every route the server answers (for the route × role test).
pub fn route_table() -> Vec<routes::Route> {
    all_routes().into_parts().1
}

/// All routes.
pub fn router(app: AppState) -> Router {
    let upload_limit = app.config.max_upload_bytes + 1024 * 1024;
    let web = Web {
        app,
        templates: Arc::new(render::environment()),
    };
    let (routes, _) = all_routes().into_parts();
    routes
        .fallback(|| async { (StatusCode::NOT_FOUND, "页面不存在") })
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::map_response(
            headers::add_security_headers,
        ))
        .with_state(web)
}
