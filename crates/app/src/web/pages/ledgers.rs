//! 台账 — the ledgers page: download Annexes 1–4 for an organisation and a
//! period, upload a filled sheet (with a dry run), and the cadre roster.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use xinfang_domain::access::Actor;
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place};
use xinfang_forms::ledger::ImportProblem;

use super::error_page;
use crate::services::ledgers::export::{Annex, ExportInput, LedgerFile, export};
use crate::services::ledgers::import::{ImportFailure, ImportReport, import};
use crate::services::ledgers::roster::{self, RosterInput};
use crate::services::{ServiceError, field_error};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser, csrf_ok, csrf_rejected, urlencode};
use crate::web::error::{classify, user_message};
use crate::web::render::{page, viewer};

fn ser<T: serde::Serialize>(v: T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

/// A generated ledger as a download.
pub(crate) fn xlsx_response(file: &LedgerFile) -> Response {
    let disposition = format!(
        "attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''{}",
        urlencode(&file.filename)
    );
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (
                header::HeaderName::from_static("x-ledger-rows"),
                file.rows.to_string(),
            ),
        ],
        file.bytes.clone(),
    )
        .into_response()
}

/// The fields of a ledger upload (page or API).
#[derive(Debug, Default)]
pub(crate) struct LedgerUpload {
    /// `_csrf` (pages only).
    pub csrf: String,
    /// `annex` (the page's select; the API has it in the path).
    pub annex: String,
    /// `dry_run`: 是/true/on/1.
    pub dry_run: bool,
    /// `file`.
    pub file: Option<Vec<u8>>,
}

/// Read a ledger upload; a broken body is a named error on `file`.
pub(crate) async fn read_ledger_upload(mut m: Multipart) -> Result<LedgerUpload, ServiceError> {
    let mut form = LedgerUpload::default();
    while let Some(field) = m
        .next_field()
        .await
        .map_err(|e| field_error("file", "台账文件", format!("上传格式不正确：{e}")))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| field_error("file", "台账文件", format!("上传中断或文件过大：{e}")))?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_string();
        match name.as_str() {
            "_csrf" => form.csrf = text(),
            "annex" => form.annex = text(),
            "dry_run" => form.dry_run = xinfang_domain::errors::truthy(&text()),
            "file" => form.file = Some(bytes.to_vec()),
            _ => {}
        }
    }
    Ok(form)
}

/// The organisations a user may export for, grouped for a select: the
/// district, its townships and its departments for those who see
/// everything, else their own organisation alone.
async fn export_orgs(web: &Web, actor: &Actor) -> Result<Vec<Value>, ServiceError> {
    let orgs = web.app.store.list_orgs().await?;
    let option = |o: &xinfang_domain::org::Org| context! { id => o.id, name => &o.name };
    if !actor.sees_all() {
        let own: Vec<Value> = orgs
            .iter()
            .filter(|o| o.id == actor.org_id)
            .map(option)
            .collect();
        return Ok(vec![context! { label => "", orgs => own }]);
    }
    Ok([
        ("", OrgKind::District),
        ("乡镇（街道）", OrgKind::Township),
        ("区直部门", OrgKind::Department),
    ]
    .into_iter()
    .map(|(label, kind)| {
        let list: Vec<Value> = orgs.iter().filter(|o| o.kind == kind).map(option).collect();
        context! { label => label, orgs => list }
    })
    .collect())
}

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
    let orgs = match export_orgs(web, &u.actor).await {
        Ok(o) => o,
        Err(e) => return error_page(web, u, &e),
    };
    let annexes: Vec<Value> = Annex::ALL
        .iter()
        .map(|a| context! { key => a.as_str(), n => a.number(), title => a.label() })
        .collect();
    page(
        &web.templates,
        status,
        "ledgers.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "ledgers", annexes => annexes, orgs => orgs,
            f => ser(f), report => ser(&out.report), error => out.error, problems => ser(&out.problems),
            import_annex => out.import_annex, sees_all => u.actor.sees_all(),
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
        Ok(file) => xlsx_response(&file),
        Err(e) => {
            let status = classify(&e).0;
            let out = Outcome {
                error: Some(user_message(&e)),
                ..Outcome::default()
            };
            render(&web, &u, status, &f, out).await
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
    let form = match read_ledger_upload(multipart).await {
        Ok(f) => f,
        Err(e) => return error_page(&web, &u, &e),
    };
    if !csrf_ok(&headers, &u, &form.csrf) {
        return csrf_rejected();
    }
    let mut out = Outcome {
        import_annex: form.annex.clone(),
        ..Outcome::default()
    };
    let result = match (
        Annex::from_text(&form.annex),
        form.file.filter(|b| !b.is_empty()),
    ) {
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
        (Some(annex), Some(bytes)) => {
            import(
                &web.app,
                &u.actor,
                annex,
                &bytes,
                form.dry_run,
                web.app.now(),
            )
            .await
        }
    };
    let status = match result {
        Ok(report) => {
            out.report = Some(report);
            StatusCode::OK
        }
        Err(failure) => {
            out.error = Some(failure.message());
            out.problems = failure.problems().to_vec();
            match &failure {
                ImportFailure::Service(e) => classify(e).0,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            }
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
    status: StatusCode,
    form: Option<RosterInput>,
    err: Option<&ServiceError>,
    notice: Option<&str>,
) -> Response {
    let rows = match roster::list(&web.app, &u.actor).await {
        Ok(r) => r,
        Err(e) => return error_page(web, u, &e),
    };
    let unit_name = match form
        .as_ref()
        .and_then(|f| f.org_id.trim().parse::<i64>().ok())
    {
        Some(id) => web.app.store.org(id).await.ok().map(|o| o.name),
        None => None,
    };
    let rows: Vec<Value> = rows
        .iter()
        .map(|e| context! { e => ser(e), editable => u.actor.may(Permission::EditRoster, &Place::Org(e.org_id)) })
        .collect();
    let fields: std::collections::BTreeMap<String, String> = match err {
        Some(ServiceError::Invalid(f)) => {
            f.0.iter()
                .map(|x| (x.field.clone(), format!("{}：{}", x.label, x.message)))
                .collect()
        }
        _ => Default::default(),
    };
    page(
        &web.templates,
        status,
        "roster.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "ledgers", rows => rows, f => ser(&form), unit_name => unit_name,
            error => err.map(user_message), errors => fields, notice => notice,
        },
    )
}

/// `GET /ledgers/roster[?org=ID]` — the roster, with the row of `org` in the form.
pub(super) async fn roster_page(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<RosterQuery>,
) -> Response {
    let wanted = q.org.trim().parse::<i64>().ok().or_else(|| {
        (!u.actor.sees_all()
            && u.actor
                .may(Permission::EditRoster, &Place::Org(u.actor.org_id)))
        .then_some(u.actor.org_id)
    });
    let form = match wanted.filter(|id| u.actor.may(Permission::EditRoster, &Place::Org(*id))) {
        Some(id) => match web.app.store.roster(Some(id)).await {
            Ok(rows) => rows.into_iter().next().map(|e| RosterInput {
                org_id: e.org_id.to_string(),
                leader_name: e.leader_name,
                leader_title: e.leader_title,
                leader_office_phone: e.leader_office_phone.unwrap_or_default(),
                leader_mobile: e.leader_mobile.unwrap_or_default(),
                cadre_name: e.cadre_name,
                cadre_office_phone: e.cadre_office_phone.unwrap_or_default(),
                cadre_mobile: e.cadre_mobile.unwrap_or_default(),
            }),
            Err(e) => return error_page(&web, &u, &e.into()),
        },
        None => None,
    };
    let notice = (!q.done.is_empty()).then_some("干部队伍信息已保存");
    render_roster(&web, &u, StatusCode::OK, form, None, notice).await
}

/// `POST /ledgers/roster` — save one row.
pub(super) async fn roster_save(State(web): State<Web>, f: PageForm<RosterInput>) -> Response {
    match roster::save(&web.app, &f.user.actor, &f.form, web.app.now()).await {
        Ok(_) => Redirect::to("/ledgers/roster?done=1").into_response(),
        Err(e) => {
            let status = classify(&e).0;
            render_roster(&web, &f.user, status, Some(f.form), Some(&e), None).await
        }
    }
}
