//! 台账 — the ledgers page: download Annexes 1–4 for an organisation and a
//! period, upload a filled sheet (with a dry run), and the cadre roster.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use xinfang_forms::ledger::ImportProblem;

use super::error_page;
use crate::services::ledgers::export::{Annex, ExportInput, export};
use crate::services::ledgers::import::{ImportFailure, ImportReport, import};
use crate::services::ledgers::ledgers_page::ledgers_page;
use crate::services::ledgers::roster::{self, RosterInput};
use crate::services::ledgers::roster_page::{roster_form, roster_page};
use crate::services::{ServiceError, field_error};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser, csrf_ok, csrf_rejected};
use crate::web::error::user_message;
use crate::web::kit::form::{FormState, import_status, status_of};
use crate::web::kit::{respond, upload};
use crate::web::render::{page, ser, viewer};

/// What the page shows after an action.
#[derive(Debug, Default)]
struct Outcome {
    report: Option<ImportReport>,
    error: Option<String>,
    problems: Vec<ImportProblem>,
    import_annex: String,
}

async fn render(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    f: &ExportInput,
    out: Outcome,
) -> Response {
    let p = match ledgers_page(&web.app, &u.actor).await {
        Ok(p) => p,
        Err(e) => return error_page(web, u, &e),
    };
    page(
        &web.templates,
        status,
        "ledgers.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "ledgers", annexes => ser(&p.annexes), orgs => ser(&p.orgs),
            f => ser(f), report => ser(&out.report), error => out.error, problems => ser(&out.problems),
            import_annex => out.import_annex, sees_all => p.sees_all,
        },
    )
}

pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(f): Query<ExportInput>,
) -> Response {
    render(&web, &u, StatusCode::OK, &f, Outcome::default()).await
}

/// `GET /ledgers/annexN.xlsx?org=&from=&to=`
pub(super) async fn download(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(file): Path<String>,
    Query(f): Query<ExportInput>,
) -> Response {
    let Some(annex) = Annex::from_text(&file) else {
        return error_page(&web, &u, &ServiceError::NotFound("没有这个台账".into()));
    };
    match export(&web.app, &u.actor, annex, &f).await {
        Ok(file) => respond::xlsx(&file),
        Err(e) => {
            let out = Outcome {
                error: Some(user_message(&e)),
                ..Outcome::default()
            };
            render(&web, &u, status_of(&e), &f, out).await
        }
    }
}

/// `POST /ledgers/import` (multipart: `_csrf`, `annex`, `dry_run`, `file`).
pub(super) async fn upload(
    State(web): State<Web>,
    PageUser(u): PageUser,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let mut form = match upload::read(multipart, "台账文件", web.app.config.max_upload_bytes).await
    {
        Ok(f) => f,
        Err(e) => return error_page(&web, &u, &e),
    };
    if !csrf_ok(&headers, &u, &form.csrf) {
        return csrf_rejected();
    }
    let annex_text = form.trimmed("annex");
    let mut out = Outcome {
        import_annex: annex_text.clone(),
        ..Outcome::default()
    };
    let bytes = form.file.take().map(|(_, b)| b).filter(|b| !b.is_empty());
    let result = match (Annex::from_text(&annex_text), bytes) {
        (None, _) => Err(ImportFailure::Service(field_error(
            "annex",
            "台账",
            "请选择要导入的台账",
        ))),
        (_, None) => Err(ImportFailure::Service(field_error(
            "file",
            "台账文件",
            "请选择要上传的Excel文件",
        ))),
        (Some(annex), Some(bytes)) => match form.flag("dry_run", "仅检查") {
            Ok(dry_run) => import(&web.app, &u.actor, annex, &bytes, dry_run, web.app.now()).await,
            Err(e) => Err(ImportFailure::Service(e)),
        },
    };
    let status = match result {
        Ok(report) => {
            out.report = Some(report);
            StatusCode::OK
        }
        Err(failure) => {
            out.error = Some(failure.message());
            out.problems = failure.problems().to_vec();
            import_status(&failure)
        }
    };
    render(&web, &u, status, &ExportInput::default(), out).await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct RosterQuery {
    org: String,
    done: String,
}

async fn render_roster(
    web: &Web,
    u: &CurrentUser,
    form: Option<RosterInput>,
    state: FormState,
    notice: Option<&str>,
) -> Response {
    let p = match roster_page(&web.app, &u.actor, form.as_ref()).await {
        Ok(p) => p,
        Err(e) => return error_page(web, u, &e),
    };
    page(
        &web.templates,
        state.status,
        "roster.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "ledgers", rows => ser(&p.rows), f => ser(&form),
            unit_name => p.unit_name, error => state.message, errors => state.fields, notice => notice,
        },
    )
}

/// `GET /ledgers/roster[?org=ID]` — the roster, with the row of `org` in the form.
pub(super) async fn roster_page_show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<RosterQuery>,
) -> Response {
    let form = match roster_form(&web.app, &u.actor, q.org.trim().parse::<i64>().ok()).await {
        Ok(f) => f,
        Err(e) => return error_page(&web, &u, &e),
    };
    let notice = (!q.done.is_empty()).then_some("干部队伍信息已保存");
    render_roster(&web, &u, form, FormState::ok(), notice).await
}

/// `POST /ledgers/roster` — save one row.
pub(super) async fn roster_save(State(web): State<Web>, f: PageForm<RosterInput>) -> Response {
    match roster::save(&web.app, &f.user.actor, &f.form, web.app.now()).await {
        Ok(_) => Redirect::to("/ledgers/roster?done=1").into_response(),
        Err(e) => render_roster(&web, &f.user, Some(f.form), FormState::from_error(&e), None).await,
    }
}
