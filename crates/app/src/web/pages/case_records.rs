//! A case's 调解与核查 page: its mediations and verifications with the forms
//! to record them and to answer a rectification; and the 待整改 list.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use xinfang_domain::mediation::MediationInput;
use xinfang_domain::verification::{RectificationInput, VerificationInput};

use super::error_page;
use crate::services::ServiceError;
use crate::services::cases::case_records_page::{
    RecordVocab, case_records_page, open_rectification_list,
};
use crate::services::cases::{mediations, verifications};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::kit::form::FormState;
use crate::web::render::{page, ser, viewer};

/// Which form failed, with what was typed.
#[derive(Debug, Default)]
struct Failed {
    section: String,
    mediation: Option<MediationInput>,
    verification: Option<VerificationInput>,
    rectification: Option<RectificationInput>,
}

async fn render(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    err: Option<(FormState, Failed)>,
    notice: Option<&str>,
) -> Response {
    let p = match case_records_page(&web.app, &u.actor, id).await {
        Ok(p) => p,
        Err(e) => return error_page(web, u, &e),
    };
    let (state, failed) = err.unwrap_or_default();
    page(
        &web.templates,
        state.status,
        "case_records.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "cases", c => ser(&p.case), rights => ser(p.rights),
            rv => ser(RecordVocab::new()), now => p.now, notice => notice, message => state.message,
            rec_errors => state.fields, rec_section => failed.section,
            mf => ser(failed.mediation.unwrap_or_default()),
            vf => ser(failed.verification.unwrap_or_default()),
            rf => ser(failed.rectification.unwrap_or_default()),
        },
    )
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct DoneQuery {
    done: String,
}

pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let notice = match q.done.as_str() {
        "mediation" => Some("调解已记录"),
        "verification" => Some("实地跟踪核查已记录"),
        "rectification" => Some("整改情况已报送"),
        _ => None,
    };
    render(&web, &u, id, None, notice).await
}

async fn after<T>(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    done: &str,
    result: Result<T, ServiceError>,
    failed: Failed,
) -> Response {
    match result {
        Ok(_) => Redirect::to(&format!("/cases/{id}/records?done={done}")).into_response(),
        Err(e @ ServiceError::NotFound(_)) => error_page(web, u, &e),
        Err(e) => render(web, u, id, Some((FormState::from_error(&e), failed)), None).await,
    }
}

pub(super) async fn mediation(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<MediationInput>,
) -> Response {
    let r = mediations::record_mediation(&web.app, &f.user.actor, id, &f.form, web.app.now()).await;
    let failed = Failed {
        section: "mediation".into(),
        mediation: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, "mediation", r, failed).await
}

pub(super) async fn verification(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<VerificationInput>,
) -> Response {
    let r = verifications::record_verification(&web.app, &f.user.actor, id, &f.form, web.app.now())
        .await;
    let failed = Failed {
        section: "verification".into(),
        verification: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, "verification", r, failed).await
}

pub(super) async fn rectification(
    State(web): State<Web>,
    Path((id, vid)): Path<(i64, i64)>,
    f: PageForm<RectificationInput>,
) -> Response {
    let r = verifications::answer_rectification(
        &web.app,
        &f.user.actor,
        id,
        vid,
        &f.form,
        web.app.now(),
    )
    .await;
    let failed = Failed {
        section: format!("rectification-{vid}"),
        rectification: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, "rectification", r, failed).await
}

/// 待整改: the open rectifications of the cases the viewer reads.
pub(super) async fn open(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    match open_rectification_list(&web.app, &u.actor).await {
        Ok(list) => page(
            &web.templates,
            StatusCode::OK,
            "rectifications.html",
            context! { me => viewer(&u), csrf => &u.csrf, nav => "todo", items => ser(&list) },
        ),
        Err(e) => error_page(&web, &u, &e),
    }
}
