//! The HTTP surface: server-rendered pages and the JSON API.

use axum::Router;

use crate::state::AppState;

/// All routes.
pub fn router(state: AppState) -> Router {
    Router::new().with_state(state)
}
