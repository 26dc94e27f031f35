//! `/api/v1/ledgers`, `/api/v1/screenings`, `/api/v1/roster` and a case's
//! `/ledger`: the ledgers out and in, and the records behind them.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use xinfang_domain::clock::format_rfc3339;
use xinfang_store::ScreeningRecord;

use super::parse_json;
use crate::services::ledgers::case_ledger::{self, BacklogInput, FollowUpInput, ProvincialInput};
use crate::services::ledgers::export::{Annex, ExportInput, export};
use crate::services::ledgers::import::{ImportFailure, import};
use crate::services::ledgers::roster::{self, RosterInput};
use crate::services::ledgers::screenings::{self, ScreeningFilterInput, ScreeningInput};
use crate::services::{ServiceError, field_error};
use crate::web::Web;
use crate::web::auth::ApiUser;
use crate::web::error::ApiError;
use crate::web::routes::Routes;
use xinfang_domain::clock::{due_day, local_date};

/// The routes of this file.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get_post("/ledgers/{file}", download, upload)
        .get_post("/screenings", list_screenings, create_screening)
        .get_post("/screenings/{id}", get_screening, update_screening)
        .post("/screenings/{id}/case", screening_to_case)
        .post("/screenings/{id}/reveal", reveal_screening)
        .get("/cases/{id}/ledger", get_case_ledger)
        .post("/cases/{id}/ledger/{part}", save_case_ledger)
        .get_post("/roster", get_roster, save_roster)
}

/// A screening entry as JSON (ID number and phone masked).
pub(crate) fn screening_json(s: &ScreeningRecord) -> Value {
    let e = &s.entry;
    json!({
        "id": s.id,
        "screened_at": local_date(e.screened_at).to_string(),
        "screening_kind": e.screening_kind.as_deref()
            .and_then(xinfang_forms::ledger::ScreeningKind::parse).map(|k| k.label()),
        "township_id": e.township_id,
        "township": s.township,
        "village_id": e.village_id,
        "village": s.village,
        "name": e.name,
        "id_number": e.id_number.as_ref().map(|i| i.masked()),
        "phone": e.phone.as_ref().map(|p| p.masked()),
        "poverty_status": e.poverty.map(|p| p.label()),
        "problem": e.problem,
        "category": e.category.label(),
        "newly_found": e.newly_found,
        "unit_id": e.unit_id,
        "responsible_unit": s.unit_display(),
        "tri": e.tri.answers().map(|a| a.label()),
        "stable": e.stable,
        "remarks": e.remarks,
        "case_id": s.case_id,
        "case_number": s.case_number,
        "version": s.version,
        "updated_at": format_rfc3339(s.updated_at),
    })
}

/// `GET /api/v1/ledgers/annexN.xlsx?org=&from=&to=&full=` — the ledger as .xlsx.
#[utoipa::path(get, path = "/api/v1/ledgers/{file}",
    params(("file" = String, Path, description = "annex1.xlsx … annex4.xlsx"),
        ("org" = Option<String>, Query, description = "organisation id, code or name; default the caller's own (the district for district roles)"),
        ("from" = Option<String>, Query, description = "first day, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "last day, YYYY-MM-DD, inclusive")),
    responses((status = 200, description = "The .xlsx"), (status = 403, body = super::super::error::ErrorBody)))]
pub(super) async fn download(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(file): Path<String>,
    Query(f): Query<ExportInput>,
) -> Result<Response, ApiError> {
    let annex = Annex::from_text(&file).ok_or_else(|| {
        ServiceError::NotFound("没有这个台账，应为 annex1.xlsx … annex4.xlsx".into())
    })?;
    let file = export(&web.app, &u.actor, annex, &f).await?;
    Ok(crate::web::pages::xlsx_response(&file))
}

/// `POST /api/v1/ledgers/annexN` (multipart `file`, optional `dry_run`): import a
/// filled ledger. 200 with what was added/updated; 422 with every problem
/// (`row`, `column`, `value`, `reason`) and nothing written.
#[utoipa::path(post, path = "/api/v1/ledgers/{file}",
    params(("file" = String, Path, description = "annex1 … annex4")),
    responses((status = 200, description = "{annex, dry_run, rows, added, updated, unchanged}"),
        (status = 422, description = "{code: import_rejected, message, problems: [{row, column, value, reason}]}")))]
pub(super) async fn upload(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(file): Path<String>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let annex = Annex::from_text(&file)
        .ok_or_else(|| ServiceError::NotFound("没有这个台账，应为 annex1 … annex4".into()))?;
    let form = crate::web::pages::read_ledger_upload(multipart).await?;
    let bytes = form
        .file
        .ok_or_else(|| field_error("file", "台账文件", "缺少名为 file 的文件字段"))?;
    match import(
        &web.app,
        &u.actor,
        annex,
        &bytes,
        form.dry_run,
        web.app.now(),
    )
    .await
    {
        Ok(report) => Ok(Json(report).into_response()),
        Err(ImportFailure::Service(e)) => Err(ApiError(e)),
        Err(failure) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({
                "code": "import_rejected",
                "message": failure.message(),
                "problems": failure.problems(),
            })),
        )
            .into_response()),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct ListParams {
    #[serde(flatten)]
    filter: ScreeningFilterInput,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `GET /api/v1/screenings?township=&from=&to=&limit=&offset=`
#[utoipa::path(get, path = "/api/v1/screenings", responses((status = 200, description = "{total, items}")))]
pub(super) async fn list_screenings(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<ListParams>,
) -> Result<Json<Value>, ApiError> {
    let limit = p.limit.unwrap_or(50).clamp(1, 500);
    let page = screenings::list(
        &web.app,
        &u.actor,
        &p.filter,
        Some(limit),
        p.offset.unwrap_or(0),
    )
    .await?;
    Ok(Json(json!({
        "total": page.total,
        "items": page.items.iter().map(screening_json).collect::<Vec<_>>(),
    })))
}

/// `POST /api/v1/screenings` — a new entry (fields as the form's).
#[utoipa::path(post, path = "/api/v1/screenings", request_body(content = Object, description = "ScreeningInput fields"),
    responses((status = 201, description = "The entry"), (status = 422, body = super::super::error::ErrorBody)))]
pub(super) async fn create_screening(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (input, _): (ScreeningInput, _) = parse_json(&body)?;
    let s = screenings::create(&web.app, &u.actor, &input, web.app.now()).await?;
    Ok((StatusCode::CREATED, Json(screening_json(&s))).into_response())
}

/// `GET /api/v1/screenings/{id}`
#[utoipa::path(get, path = "/api/v1/screenings/{id}", params(("id" = i64, Path, description = "entry id")),
    responses((status = 200, description = "The entry"), (status = 404, body = super::super::error::ErrorBody)))]
pub(super) async fn get_screening(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(screening_json(
        &screenings::get(&web.app, &u.actor, id).await?,
    )))
}

/// `POST /api/v1/screenings/{id}` — change an entry (send `version`).
#[utoipa::path(post, path = "/api/v1/screenings/{id}", params(("id" = i64, Path, description = "entry id")),
    request_body(content = Object, description = "ScreeningInput fields"),
    responses((status = 200, description = "The entry"), (status = 409, body = super::super::error::ErrorBody)))]
pub(super) async fn update_screening(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let (input, _): (ScreeningInput, _) = parse_json(&body)?;
    let s = screenings::update(&web.app, &u.actor, id, &input, web.app.now()).await?;
    Ok(Json(screening_json(&s)))
}

/// `POST /api/v1/screenings/{id}/reveal` — the entry's ID number and phone in full, logged.
#[utoipa::path(post, path = "/api/v1/screenings/{id}/reveal", params(("id" = i64, Path, description = "entry id")),
    responses((status = 200, body = crate::services::cases::personal::Revealed), (status = 403, body = super::super::error::ErrorBody)))]
pub(super) async fn reveal_screening(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<crate::services::cases::personal::Revealed>, ApiError> {
    Ok(Json(
        crate::services::cases::personal::reveal_screening(&web.app, &u.actor, id).await?,
    ))
}

/// `POST /api/v1/screenings/{id}/case` — 转为案件; `{"repeat_decision": "confirm"|"override"}` answers a suspected repeat.
#[utoipa::path(post, path = "/api/v1/screenings/{id}/case", params(("id" = i64, Path, description = "entry id")),
    request_body(content = Object, description = "optional repeat_decision"),
    responses((status = 201, description = "The case"), (status = 409, body = super::super::error::ErrorBody)))]
pub(super) async fn screening_to_case(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let decision = if body.is_empty() {
        String::new()
    } else {
        let (raw, _): (Value, _) = parse_json(&body)?;
        raw.get("repeat_decision")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let case = screenings::to_case(&web.app, &u.actor, id, &decision, web.app.now()).await?;
    let v = crate::services::cases::query::view(&web.app, &u.actor, case.id).await?;
    Ok((StatusCode::CREATED, Json(crate::json::CaseJson::from(&v))).into_response())
}

fn case_ledger_json(v: &case_ledger::CaseLedgerView) -> Value {
    let l = &v.ledger;
    let day = |t: Option<jiff::Timestamp>| t.map(|t| due_day(t).to_string());
    json!({
        "case_id": v.case.id,
        "number": v.case.number,
        "backlog": v.case.backlog,
        "backlog_reason": v.case.backlog_reason,
        "leader": v.case.leader_name,
        "first_visit_at": l.first_visit_at.map(format_rfc3339),
        "plan": l.plan,
        "plan_due": day(l.plan_due_at),
        "due": day(l.due_at.or(v.handled_due)),
        "due_entered": l.due_at.is_some(),
        "review": l.review,
        "second_review": l.second_review,
        "legal_progress": l.legal_progress,
        "followups": v.followups.iter().map(|f| json!({
            "visited_at": format_rfc3339(f.visited_at), "note": f.note, "by": f.created_by,
        })).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/cases/{id}/ledger` — the backlog and provincial details and follow-ups.
#[utoipa::path(get, path = "/api/v1/cases/{id}/ledger", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "Ledger details"), (status = 404, body = super::super::error::ErrorBody)))]
pub(super) async fn get_case_ledger(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(case_ledger_json(
        &case_ledger::view(&web.app, &u.actor, id).await?,
    )))
}

/// `POST /api/v1/cases/{id}/ledger/backlog|provincial|followups` — save one block.
#[utoipa::path(post, path = "/api/v1/cases/{id}/ledger/{part}",
    params(("id" = i64, Path, description = "case id"), ("part" = String, Path, description = "backlog, provincial or followups")),
    request_body(content = Object, description = "BacklogInput, ProvincialInput or FollowUpInput fields"),
    responses((status = 200, description = "Ledger details"), (status = 422, body = super::super::error::ErrorBody)))]
pub(super) async fn save_case_ledger(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path((id, part)): Path<(i64, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let now = web.app.now();
    match part.as_str() {
        "backlog" => {
            let (input, _): (BacklogInput, _) = parse_json(&body)?;
            case_ledger::save_backlog(&web.app, &u.actor, id, &input, now).await?;
        }
        "provincial" => {
            let (input, _): (ProvincialInput, _) = parse_json(&body)?;
            case_ledger::save_provincial(&web.app, &u.actor, id, &input, now).await?;
        }
        "followups" => {
            let (input, _): (FollowUpInput, _) = parse_json(&body)?;
            case_ledger::add_followup(&web.app, &u.actor, id, &input, now).await?;
        }
        _ => return Err(ServiceError::NotFound("没有这个台账信息栏目".into()).into()),
    }
    get_case_ledger(State(web), ApiUser(u), Path(id)).await
}

/// `GET /api/v1/roster` — the cadre roster rows the caller may see.
#[utoipa::path(get, path = "/api/v1/roster", responses((status = 200, description = "Roster rows")))]
pub(super) async fn get_roster(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let rows = roster::list(&web.app, &u.actor).await?;
    Ok(Json(serde_json::to_value(&rows).unwrap_or_default()))
}

/// `POST /api/v1/roster` — save one organisation's row.
#[utoipa::path(post, path = "/api/v1/roster", request_body(content = Object, description = "RosterInput fields"),
    responses((status = 200, description = "The row"), (status = 422, body = super::super::error::ErrorBody)))]
pub(super) async fn save_roster(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let (input, _): (RosterInput, _) = parse_json(&body)?;
    let row = roster::save(&web.app, &u.actor, &input, web.app.now()).await?;
    Ok(Json(serde_json::to_value(&row).unwrap_or_default()))
}
