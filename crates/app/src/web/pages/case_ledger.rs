//! A case's 台账信息 page: the backlog block with its follow-up contacts
//! (Annex 2) and, for 省交办 cases, the provincial handling block (Annex 4).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use xinfang_domain::backlog::ResolveInput;

use super::error_page;
use crate::services::ServiceError;
use crate::services::ledgers::case_ledger::{
    BacklogInput, FollowUpInput, ProvincialInput, add_followup, save_backlog, save_provincial,
};
use crate::services::ledgers::case_ledger_page::case_ledger_page;
use crate::services::ledgers::resolve_backlog::resolve_backlog;
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::kit::form::FormState;
use crate::web::render::{page, ser, viewer};

/// Which form failed, with what.
#[derive(Debug, Default)]
struct Failed {
    section: &'static str,
    backlog: Option<BacklogInput>,
    provincial: Option<ProvincialInput>,
    followup: Option<FollowUpInput>,
    resolve: Option<ResolveInput>,
}

async fn render(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    err: Option<(FormState, Failed)>,
    notice: Option<&str>,
) -> Response {
    let p = match case_ledger_page(&web.app, &u.actor, id).await {
        Ok(p) => p,
        Err(e) => return error_page(web, u, &e),
    };
    let (state, failed) = err.unwrap_or_default();
    page(
        &web.templates,
        state.status,
        "case_ledger.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "cases", c => ser(&p.case),
            b => ser(failed.backlog.unwrap_or(p.backlog)), p => ser(failed.provincial.unwrap_or(p.provincial)),
            fu => ser(failed.followup.unwrap_or_default()), followups => ser(&p.followups), leaders => ser(&p.leaders),
            may_edit => p.may_edit, may_set_leader => p.may_set_leader, section => failed.section, errors => state.fields,
            message => state.message, notice => notice, now => p.now,
            resolution => ser(&p.resolution), may_resolve => p.may_resolve, attachments => ser(&p.attachments),
            rs => ser(failed.resolve.unwrap_or_default()),
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
        "backlog" => Some("积案信息已保存"),
        "provincial" => Some("省级交办办理情况已保存"),
        "followup" => Some("跟踪回访已记录"),
        "resolve" => Some("积案已销号"),
        _ => None,
    };
    render(&web, &u, id, None, notice).await
}

async fn after(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    done: &str,
    result: Result<(), ServiceError>,
    failed: Failed,
) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/cases/{id}/ledger?done={done}")).into_response(),
        Err(e @ ServiceError::NotFound(_)) => error_page(web, u, &e),
        Err(e) => render(web, u, id, Some((FormState::from_error(&e), failed)), None).await,
    }
}

pub(super) async fn backlog(
    State(web): State<Web>,
    Path(id): Path<i64>,
    mut f: PageForm<BacklogInput>,
) -> Response {
    // A form's unticked checkbox is not sent: on the page it means 否.
    f.form.backlog.get_or_insert_with(String::new);
    let r = save_backlog(&web.app, &f.user.actor, id, &f.form, web.app.now()).await;
    let failed = Failed {
        section: "backlog",
        backlog: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, "backlog", r, failed).await
}

pub(super) async fn provincial(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ProvincialInput>,
) -> Response {
    let r = save_provincial(&web.app, &f.user.actor, id, &f.form, web.app.now()).await;
    let failed = Failed {
        section: "provincial",
        provincial: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, "provincial", r, failed).await
}

pub(super) async fn followup(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<FollowUpInput>,
) -> Response {
    let r = add_followup(&web.app, &f.user.actor, id, &f.form, web.app.now()).await;
    let failed = Failed {
        section: "followup",
        followup: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, "followup", r, failed).await
}

pub(super) async fn resolve(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ResolveInput>,
) -> Response {
    let r = resolve_backlog(&web.app, &f.user.actor, id, &f.form, web.app.now()).await;
    let failed = Failed {
        section: "resolve",
        resolve: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, "resolve", r, failed).await
}
