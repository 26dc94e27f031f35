//! The opinion board (舆情) page, and an incident's 舆情处置 page with the
//! forms to change its status, record a 正面发声 and link a petition.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use xinfang_domain::opinion::{OpinionLinkInput, OpinionStatusInput, VoiceInput};

use super::error_page;
use crate::json::OpinionBoardJson;
use crate::services::ServiceError;
use crate::services::cases::opinions::{self, BoardQuery};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::kit::form::FormState;
use crate::web::render::{page, ser, viewer};

/// Which form failed, with what was typed.
#[derive(Debug, Default)]
struct Failed {
    section: &'static str,
    status: Option<OpinionStatusInput>,
    voice: Option<VoiceInput>,
    link: Option<OpinionLinkInput>,
}

async fn render(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    err: Option<(FormState, Failed)>,
    notice: Option<&str>,
) -> Response {
    let p = match opinions::opinion_page(&web.app, &u.actor, id).await {
        Ok(p) => p,
        Err(e) => return error_page(web, u, &e),
    };
    let (state, failed) = err.unwrap_or_default();
    page(
        &web.templates,
        state.status,
        "case_opinion.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "opinions", p => ser(&p), notice => notice,
            message => state.message, errors => state.fields, section => failed.section,
            sf => ser(failed.status.unwrap_or_default()),
            vf => ser(failed.voice.unwrap_or_default()),
            lf => ser(failed.link.unwrap_or_default()),
        },
    )
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct DoneQuery {
    done: String,
}

/// 舆情处置 of case `id`.
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let notice = match q.done.as_str() {
        "status" => Some("处置状态已更新"),
        "voice" => Some("正面发声已记录"),
        "link" => Some("已关联案件"),
        _ => None,
    };
    render(&web, &u, id, None, notice).await
}

async fn after(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    result: Result<(), ServiceError>,
    failed: Failed,
) -> Response {
    match result {
        Ok(()) => {
            Redirect::to(&format!("/cases/{id}/opinion?done={}", failed.section)).into_response()
        }
        Err(e @ ServiceError::NotFound(_)) => error_page(web, u, &e),
        Err(e) => render(web, u, id, Some((FormState::from_error(&e), failed)), None).await,
    }
}

pub(super) async fn status(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<OpinionStatusInput>,
) -> Response {
    let r = opinions::change_status(&web.app, &f.user.actor, id, &f.form, web.app.now()).await;
    let failed = Failed {
        section: "status",
        status: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, r, failed).await
}

pub(super) async fn voice(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<VoiceInput>,
) -> Response {
    let r = opinions::record_voice(&web.app, &f.user.actor, id, &f.form, web.app.now())
        .await
        .map(|_| ());
    let failed = Failed {
        section: "voice",
        voice: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, r, failed).await
}

pub(super) async fn link(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<OpinionLinkInput>,
) -> Response {
    let r = opinions::link(&web.app, &f.user.actor, id, &f.form, web.app.now()).await;
    let failed = Failed {
        section: "link",
        link: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, r, failed).await
}

/// 舆情: the board of the incidents the viewer reads.
pub(super) async fn board(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<BoardQuery>,
) -> Response {
    match opinions::board(&web.app, &u.actor, &q).await {
        Ok(rows) => {
            let b = OpinionBoardJson::new(&rows, web.app.now());
            let statuses: Vec<(&str, &str)> = xinfang_domain::opinion::OpinionStatus::ALL
                .iter()
                .map(|s| (s.as_str(), s.label()))
                .collect();
            page(
                &web.templates,
                StatusCode::OK,
                "opinions.html",
                context! {
                    me => viewer(&u), csrf => &u.csrf, nav => "opinions", b => ser(&b),
                    statuses => statuses, q_status => &q.status, q_severity => &q.severity,
                },
            )
        }
        Err(e) => error_page(&web, &u, &e),
    }
}
