//! `/api/v1/ledgers`, `/api/v1/screenings`, `/api/v1/roster` and a case's
//! `/ledger`: the ledgers out and in, and the records behind them.

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::requests::{LedgerBlockFields, LedgerBlockRequest, LedgerUpload, ToCaseRequest};
use crate::json::{
    CaseJson, CaseLedgerJson, ImportProblemJson, ImportRejectedJson, RosterRowJson, ScreeningJson,
    ScreeningListJson,
};
use crate::services::ServiceError;
use crate::services::cases::personal::Revealed;
use crate::services::ledgers::case_ledger;
use crate::services::ledgers::export::{Annex, ExportInput, export};
use crate::services::ledgers::import::{ImportFailure, ImportReport, import};
use crate::services::ledgers::roster::{self, RosterInput};
use crate::services::ledgers::screenings::{self, ScreeningFilterInput, ScreeningInput};
use crate::web::Web;
use crate::web::auth::ApiUser;
use crate::web::error::{ApiError, ErrorBody};
use crate::web::kit::body::{JsonBytes, parse_json, parse_json_or_empty};
use crate::web::kit::form::import_status;
use crate::web::kit::{respond, upload};
use crate::web::routes::Routes;

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

/// `GET /api/v1/ledgers/annexN.xlsx?org=&from=&to=&full=` — the ledger as .xlsx.
#[utoipa::path(get, path = "/api/v1/ledgers/{file}",
    params(("file" = String, Path, description = "annex1.xlsx … annex4.xlsx"),
        ("org" = Option<String>, Query, description = "organisation id, code or name; default the caller's own (the district for district roles)"),
        ("from" = Option<String>, Query, description = "first day, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "last day, YYYY-MM-DD, inclusive"),
        ("full" = Option<String>, Query, description = "Annex 1 only, 是/true: add 排查方式 and 身份证号 (a working copy for re-import)")),
    responses((status = 200, description = "The ledger; `X-Ledger-Rows` holds its row count", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, description = "Not the caller's organisation", body = ErrorBody),
        (status = 404, description = "No such ledger", body = ErrorBody), (status = 422, description = "A filter is wrong", body = ErrorBody)))]
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
    Ok(respond::xlsx(&file))
}

/// `POST /api/v1/ledgers/annexN` (multipart `file`, optional `dry_run`): import a
/// filled ledger. 200 with what was added/updated; 422 with every problem
/// (`row`, `column`, `value`, `reason`) and nothing written.
#[utoipa::path(post, path = "/api/v1/ledgers/{file}",
    params(("file" = String, Path, description = "annex1 … annex4")),
    request_body(content = LedgerUpload, content_type = "multipart/form-data"),
    responses((status = 200, description = "What was (or, in a dry run, would be) added and updated", body = ImportReport),
        (status = 403, description = "The caller may not import this ledger", body = ErrorBody),
        (status = 404, description = "No such ledger", body = ErrorBody),
        (status = 422, description = "Nothing written: `import_rejected` with every problem, or `invalid` for a missing file", body = ImportRejectedJson)))]
pub(super) async fn upload(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(file): Path<String>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let annex = Annex::from_text(&file)
        .ok_or_else(|| ServiceError::NotFound("没有这个台账，应为 annex1 … annex4".into()))?;
    let mut form = upload::read(multipart, "台账文件", web.app.config.max_upload_bytes).await?;
    let (_, bytes) = form.require_file("台账文件")?;
    let dry_run = form.flag("dry_run", "仅检查")?;
    match import(&web.app, &u.actor, annex, &bytes, dry_run, web.app.now()).await {
        Ok(report) => Ok(Json(report).into_response()),
        Err(ImportFailure::Service(e)) => Err(ApiError(e)),
        Err(failure) => Ok((
            import_status(&failure),
            Json(ImportRejectedJson {
                code: "import_rejected",
                message: failure.message(),
                problems: failure
                    .problems()
                    .iter()
                    .map(ImportProblemJson::from)
                    .collect(),
            }),
        )
            .into_response()),
    }
}

/// Filters and paging of the screening list.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct ListParams {
    #[serde(flatten)]
    filter: ScreeningFilterInput,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `GET /api/v1/screenings?township=&from=&to=&screening_kind=&stable=&newly_found=&limit=&offset=`
#[utoipa::path(get, path = "/api/v1/screenings",
    params(("township" = Option<String>, Query, description = "乡镇 id or name"),
        ("from" = Option<String>, Query, description = "排查时间 from, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "排查时间 to, YYYY-MM-DD, inclusive"),
        ("screening_kind" = Option<String>, Query, description = "排查方式: campaign|routine|sensitive_period or 集中排查|日常排查|敏感节点排查"),
        ("stable" = Option<String>, Query, description = "是否稳定: 是 or 否 (true/false); entries left blank match neither"),
        ("newly_found" = Option<String>, Query, description = "是否新排查: 是 or 否 (true/false); entries left blank match neither"),
        ("limit" = Option<i64>, Query, description = "page size (default 50, at most 500)"),
        ("offset" = Option<i64>, Query, description = "rows to skip")),
    responses((status = 200, description = "A page of entries", body = ScreeningListJson), (status = 422, description = "A filter is wrong", body = ErrorBody)))]
pub(super) async fn list_screenings(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<ListParams>,
) -> Result<Json<ScreeningListJson>, ApiError> {
    let limit = p.limit.unwrap_or(50).clamp(1, 500);
    let page = screenings::list(
        &web.app,
        &u.actor,
        &p.filter,
        Some(limit),
        p.offset.unwrap_or(0),
    )
    .await?;
    Ok(Json(ScreeningListJson {
        total: page.total,
        items: page.items.iter().map(ScreeningJson::from).collect(),
    }))
}

/// `POST /api/v1/screenings` — a new entry (fields as the form's).
#[utoipa::path(post, path = "/api/v1/screenings", request_body(content = ScreeningInput, description = "The entry's fields, as text (numbers and booleans are accepted too)"),
    responses((status = 201, description = "The entry", body = ScreeningJson), (status = 403, description = "Not the caller's township", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
pub(super) async fn create_screening(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let input: ScreeningInput = parse_json(&body)?;
    let s = screenings::create(&web.app, &u.actor, &input, web.app.now()).await?;
    Ok((StatusCode::CREATED, Json(ScreeningJson::from(&s))).into_response())
}

/// `GET /api/v1/screenings/{id}`
#[utoipa::path(get, path = "/api/v1/screenings/{id}", params(("id" = i64, Path, description = "entry id")),
    responses((status = 200, description = "The entry", body = ScreeningJson), (status = 404, description = "No such entry, or not visible", body = ErrorBody)))]
pub(super) async fn get_screening(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<ScreeningJson>, ApiError> {
    Ok(Json(ScreeningJson::from(
        &screenings::get(&web.app, &u.actor, id).await?,
    )))
}

/// `POST /api/v1/screenings/{id}` — change an entry (send `version`).
#[utoipa::path(post, path = "/api/v1/screenings/{id}", params(("id" = i64, Path, description = "entry id")),
    request_body(content = ScreeningInput, description = "The entry's fields, with the `version` last seen"),
    responses((status = 200, description = "The entry", body = ScreeningJson), (status = 404, description = "No such entry", body = ErrorBody),
        (status = 409, description = "Changed by someone else", body = ErrorBody), (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
pub(super) async fn update_screening(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Json<ScreeningJson>, ApiError> {
    let input: ScreeningInput = parse_json(&body)?;
    let s = screenings::update(&web.app, &u.actor, id, &input, web.app.now()).await?;
    Ok(Json(ScreeningJson::from(&s)))
}

/// `POST /api/v1/screenings/{id}/reveal` — the entry's ID number and phone in full, logged.
#[utoipa::path(post, path = "/api/v1/screenings/{id}/reveal", params(("id" = i64, Path, description = "entry id")),
    responses((status = 200, description = "The details in full", body = Revealed), (status = 403, description = "The caller's role may not see them", body = ErrorBody),
        (status = 404, description = "No such entry", body = ErrorBody)))]
pub(super) async fn reveal_screening(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Revealed>, ApiError> {
    Ok(Json(
        crate::services::cases::personal::reveal_screening(&web.app, &u.actor, id).await?,
    ))
}

/// `POST /api/v1/screenings/{id}/case` — 转为案件; `{"repeat_decision": "confirm"|"override"}` answers a suspected repeat.
#[utoipa::path(post, path = "/api/v1/screenings/{id}/case", params(("id" = i64, Path, description = "entry id")),
    request_body(content = Option<ToCaseRequest>, description = "Empty, or the answer to a suspected repeat"),
    responses((status = 201, description = "The case", body = CaseJson), (status = 404, description = "No such entry", body = ErrorBody),
        (status = 409, description = "Already a case, or `repeat_suspected`", body = ErrorBody), (status = 422, description = "The entry lacks what a case needs", body = ErrorBody)))]
pub(super) async fn screening_to_case(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let req: ToCaseRequest = parse_json_or_empty(&body)?;
    let decision = req.repeat_decision.unwrap_or_default();
    let case = screenings::to_case(&web.app, &u.actor, id, &decision, web.app.now()).await?;
    let v = crate::services::cases::query::view(&web.app, &u.actor, case.id).await?;
    Ok((StatusCode::CREATED, Json(CaseJson::from(&v))).into_response())
}

/// `GET /api/v1/cases/{id}/ledger` — the backlog and provincial details and follow-ups.
#[utoipa::path(get, path = "/api/v1/cases/{id}/ledger", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "Ledger details", body = CaseLedgerJson), (status = 404, description = "No such case, or not visible", body = ErrorBody)))]
pub(super) async fn get_case_ledger(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<CaseLedgerJson>, ApiError> {
    Ok(Json(CaseLedgerJson::from(
        &case_ledger::view(&web.app, &u.actor, id).await?,
    )))
}

/// `POST /api/v1/cases/{id}/ledger/backlog|provincial|followups` — save one block.
#[utoipa::path(post, path = "/api/v1/cases/{id}/ledger/{part}",
    params(("id" = i64, Path, description = "case id"), ("part" = String, Path, description = "backlog, provincial or followups")),
    request_body(content = LedgerBlockFields, description = "The block's fields; a field left out keeps its stored value, a blank one clears it"),
    responses((status = 200, description = "Ledger details", body = CaseLedgerJson), (status = 403, description = "The caller may not change them", body = ErrorBody),
        (status = 404, description = "No such case or block", body = ErrorBody), (status = 409, description = "Changed by someone else", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
pub(super) async fn save_case_ledger(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path((id, part)): Path<(i64, String)>,
    JsonBytes(body): JsonBytes,
) -> Result<Json<CaseLedgerJson>, ApiError> {
    let now = web.app.now();
    match LedgerBlockRequest::parse(&part, &body)? {
        LedgerBlockRequest::Backlog(input) => {
            case_ledger::save_backlog(&web.app, &u.actor, id, &input, now).await?;
        }
        LedgerBlockRequest::Provincial(input) => {
            case_ledger::save_provincial(&web.app, &u.actor, id, &input, now).await?;
        }
        LedgerBlockRequest::FollowUp(input) => {
            case_ledger::add_followup(&web.app, &u.actor, id, &input, now).await?;
        }
        LedgerBlockRequest::Resolve(input) => {
            crate::services::ledgers::resolve_backlog::resolve_backlog(
                &web.app, &u.actor, id, &input, now,
            )
            .await?;
        }
    }
    get_case_ledger(State(web), ApiUser(u), Path(id)).await
}

/// `GET /api/v1/roster` — the cadre roster rows the caller may see.
#[utoipa::path(get, path = "/api/v1/roster",
    responses((status = 200, description = "Roster rows: all for the district, else the caller's own", body = Vec<RosterRowJson>)))]
pub(super) async fn get_roster(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<Vec<RosterRowJson>>, ApiError> {
    let rows = roster::list(&web.app, &u.actor).await?;
    Ok(Json(rows.iter().map(RosterRowJson::from).collect()))
}

/// `POST /api/v1/roster` — save one organisation's row.
#[utoipa::path(post, path = "/api/v1/roster", request_body(content = RosterInput, description = "The row's fields, as text"),
    responses((status = 200, description = "The row", body = RosterRowJson), (status = 403, description = "Not the caller's organisation", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
pub(super) async fn save_roster(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<Json<RosterRowJson>, ApiError> {
    let input: RosterInput = parse_json(&body)?;
    let row = roster::save(&web.app, &u.actor, &input, web.app.now()).await?;
    Ok(Json(RosterRowJson::from(&row)))
}
