//! 通知 — the signed-in user's inbox of 督办 notices, and marking them read.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use super::error_page;
use crate::json::NotificationJson;
use crate::services::deadlines::notifications::{inbox, mark_read};
use crate::web::Web;
use crate::web::auth::{PageForm, PageUser};
use crate::web::render::{page, ser, viewer};

pub(super) async fn show(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    let (items, unread) = match inbox(&web.app, &u.actor).await {
        Ok(x) => x,
        Err(e) => return error_page(&web, &u, &e),
    };
    let items: Vec<NotificationJson> = items.iter().map(NotificationJson::from).collect();
    page(
        &web.templates,
        StatusCode::OK,
        "inbox.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "inbox", items => ser(items), unread => unread,
        },
    )
}

/// `id` marks one notice; `all` (or no id) marks every notice of the user.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ReadForm {
    id: String,
    all: String,
}

pub(super) async fn read(State(web): State<Web>, f: PageForm<ReadForm>) -> Response {
    let id = if f.form.all.trim().is_empty() {
        f.form.id.trim().parse::<i64>().ok()
    } else {
        None
    };
    match mark_read(&web.app, &f.user.actor, id, web.app.now()).await {
        Ok(_) => Redirect::to("/inbox").into_response(),
        Err(e) => error_page(&web, &f.user, &e),
    }
}
