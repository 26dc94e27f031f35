//! The JSON API under `/api/v1`: the same actions as the pages, for scripts and other systems.

mod accountability;
mod case_records;
mod category_hint;
mod goals;
mod ledgers;
mod meetings;
mod notifications;
pub mod openapi;
mod opinions;
mod orgs;
mod periods;
mod person_assessments;
mod persons;
mod reports;
pub mod requests;
mod risk;
mod scorecard;
mod similar;
mod statistics;
mod training;
mod users;

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use xinfang_domain::case::RegistrationInput;
use xinfang_store::{CaseSort, PageRequest};

use self::requests::{AttachmentUpload, CorrectionBody, CorrectionRequest, StepRequest};
use super::Web;
use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody};
use super::kit::body::{JsonBytes, parse_json};
use super::kit::{respond, upload};
use super::routes::Routes;
use crate::json::{
    AttachmentJson, CaseJson, CaseListJson, CaseSummaryJson, MeJson, OrgJson, PetitionerFileJson,
    PetitionerJson,
};
use crate::services::cases::attachments;
use crate::services::cases::query::{
    COUNT_UP_TO, FilterInput, list_page, parse_cursor, parse_sort, petitioner, resolve_filter, view,
};
use crate::services::cases::register_case::register;
use crate::services::cases::take_step::take_step;

/// API routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/openapi.json", openapi::document)
        .get("/me", me)
        .post("/me/password", users::change_password)
        .get_post("/users", users::list, users::create)
        .get_post("/users/{id}", users::get, users::update)
        .get("/tokens", users::tokens)
        .post("/tokens/{id}/revoke", users::revoke)
        .get_post("/orgs", orgs, orgs::add)
        .post("/orgs/{id}", orgs::rename)
        .get_post("/cases", list_cases, create_case)
        .get("/cases/{id}", get_case)
        .get("/cases/{id}/notices/{kind}", notice)
        .post("/cases/{id}/reveal", reveal)
        .get("/audit", audit)
        .get("/verify/{code}", verify_notice_code)
        .get("/cases/{id}/archive", archive)
        .post("/cases/{id}/steps/correct", correct)
        .post("/cases/{id}/steps/{step}", step)
        .post("/cases/{id}/attachments", upload)
        .get("/attachments/{id}", download)
        .get("/petitioners/{id}", get_petitioner)
        .get("/notifications", notifications::list_notifications)
        .post("/notifications/read", notifications::read_notifications)
        .merge(ledgers::routes())
        .merge(reports::routes())
        .merge(goals::routes())
        .merge(statistics::routes())
        .merge(case_records::routes())
        .merge(opinions::routes())
        .merge(meetings::routes())
        .merge(similar::routes())
        .merge(category_hint::routes())
        .merge(scorecard::routes())
        .merge(accountability::routes())
        .merge(training::routes())
        .merge(risk::routes())
        .merge(persons::routes())
        .merge(person_assessments::routes())
        .merge(periods::routes())
}

/// Who am I.
#[utoipa::path(get, path = "/api/v1/me",
    responses((status = 200, description = "The caller", body = MeJson), (status = 401, description = "No or bad credentials", body = ErrorBody)))]
async fn me(ApiUser(u): ApiUser) -> Json<MeJson> {
    Json(MeJson::from(&u.user))
}

/// The organisation tree.
#[utoipa::path(get, path = "/api/v1/orgs",
    responses((status = 200, description = "Every organisation, by code", body = Vec<OrgJson>), (status = 401, description = "No or bad credentials", body = ErrorBody)))]
async fn orgs(State(web): State<Web>, _u: ApiUser) -> Result<Json<Vec<OrgJson>>, ApiError> {
    let orgs = web.app.store.list_orgs().await?;
    Ok(Json(orgs.iter().map(OrgJson::from).collect()))
}

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
struct ListParams {
    /// 乡镇 name, code or id
    township: String,
    /// 信访类型
    kind: String,
    /// 信访渠道
    channel: String,
    /// 问题类别
    category: String,
    /// status label/key, or `open`
    status: String,
    /// 来源层级
    source_level: String,
    /// received from, YYYY-MM-DD
    from: String,
    /// received to, YYYY-MM-DD inclusive
    to: String,
    /// text in summary, number or petitioner
    q: String,
    /// `是` (or `true`, `1`): 积案 only
    backlog: String,
    /// 越级去向: 赴市, 赴省 or 进京 (label or key)
    escalated_to: String,
    /// 重复访判定 at registration: confirm or override
    repeat_decision: String,
    /// `是` (or `true`, `1`): 越级去向 赴省 or 进京 only
    escalated_province_or_above: String,
    /// `是` (or `true`, `1`): only cases linked to an earlier case they repeat
    repeats_earlier: String,
    /// 舆情等级: 一般, 较大 or 重大 (label or key)
    severity: String,
    /// `是` (or `true`, `1`): only cases whose petitioner stays 不满意 after
    /// delivery, waiting for the district's decision
    awaiting_decision: String,
    /// only the cases one statistics figure counts: `closed`, `on_time`,
    /// `return_visited`, `satisfied`, `repeat`, `escalated`,
    /// `escalated_province_or_above`, `online`, `backlog`, `backlog_resolved`, `overdue_open`
    figure: String,
    /// 责任单位 (lead unit): id, code or name; `none` for cases not yet assigned
    lead_unit: String,
    /// page size (default 50, at most 500)
    limit: Option<i64>,
    /// rows to skip (after the cursor, if any)
    offset: Option<i64>,
    /// start after this row: the `next` of the page before (keyset pagination)
    after: String,
    /// `exact`: count every match; otherwise `total` stops at 10 000 (`total_exact` false)
    count: String,
    /// `received` (default: newest 接待日期 first) or `relevance` (相关度: the
    /// best matches of `q` first; pages by `offset`, `next` is null)
    sort: String,
}

/// List cases the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/cases", params(ListParams),
    responses((status = 200, description = "A page of cases", body = CaseListJson), (status = 422, description = "A filter is wrong", body = ErrorBody)))]
async fn list_cases(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<ListParams>,
) -> Result<Json<CaseListJson>, ApiError> {
    let input = FilterInput {
        township: p.township,
        kind: p.kind,
        channel: p.channel,
        category: p.category,
        status: p.status,
        source_level: p.source_level,
        from: p.from,
        to: p.to,
        q: p.q,
        backlog: p.backlog,
        escalated_to: p.escalated_to,
        repeat_decision: p.repeat_decision,
        awaiting_decision: p.awaiting_decision,
        escalated_province_or_above: p.escalated_province_or_above,
        repeats_earlier: p.repeats_earlier,
        severity: p.severity,
        figure: p.figure,
        lead_unit: p.lead_unit,
    };
    let filter = resolve_filter(&web.app, &input).await?;
    let req = PageRequest {
        limit: Some(p.limit.unwrap_or(50).clamp(1, 500)),
        offset: p.offset.unwrap_or(0).max(0),
        after: parse_cursor(&p.after)?,
        count_up_to: (p.count.trim() != "exact").then_some(COUNT_UP_TO),
    };
    let sort = parse_sort(&p.sort, CaseSort::ReceivedDesc)?;
    let (page, search) = list_page(&web.app, &u.actor, &filter, sort, &req).await?;
    Ok(Json(CaseListJson {
        total: page.total,
        total_exact: page.total_exact,
        total_estimate: page.total_estimate,
        next: page.next.map(|c| c.to_string()),
        items: page.items.iter().map(CaseSummaryJson::from).collect(),
        search,
    }))
}

/// Register a case. Fields as in the registration form; a suspected repeat
/// answers 409 `repeat_suspected` until `repeat_decision` is `confirm` or `override`.
#[utoipa::path(post, path = "/api/v1/cases", request_body(content = RegistrationInput, description = "The registration form's fields, as text (numbers and booleans are accepted too)"),
    responses((status = 201, description = "Registered", body = CaseJson), (status = 422, description = "Fields are wrong, each named", body = ErrorBody),
        (status = 409, description = "`repeat_suspected`: earlier cases in `candidates`", body = ErrorBody)))]
async fn create_case(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let input: RegistrationInput = parse_json(&body)?;
    let r = register(&web.app, &u.actor, &input, web.app.now()).await?;
    let v = crate::services::cases::query::view_of_registered(&web.app, &u.actor, r).await?;
    Ok((StatusCode::CREATED, Json(CaseJson::from(&v))).into_response())
}

/// A case's 受理告知书 (`acceptance`) or 处理意见书 (`opinion`) as PDF.
#[utoipa::path(get, path = "/api/v1/cases/{id}/notices/{kind}",
    params(("id" = i64, Path, description = "case id"), ("kind" = String, Path, description = "acceptance or opinion")),
    responses((status = 200, description = "The notice as PDF", content_type = "application/pdf"),
        (status = 404, description = "No such case or notice", body = ErrorBody), (status = 409, description = "Not yet available", body = ErrorBody)))]
async fn notice(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path((id, kind)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let (name, bytes) =
        crate::services::cases::issued_notices::notice_named(&web.app, &u.actor, id, &kind).await?;
    Ok(respond::pdf(&name, bytes))
}

/// 文书核验: whether a 验证码 printed on a notice belongs to a notice this
/// system issued. Public on purpose (no credentials): it is what the notice's
/// QR code opens, and it answers no personal data.
#[utoipa::path(get, path = "/api/v1/verify/{code}", security(()),
    params(("code" = String, Path, description = "the 验证码 printed on the notice, e.g. 12-K3M9QXZ2PA")),
    responses((status = 200, description = "A notice this system issued", body = crate::services::cases::verify_notice::NoticeCheck),
        (status = 404, description = "验证码无效 (unknown, altered or malformed: one answer)", body = crate::services::cases::verify_notice::NoticeCheck)))]
async fn verify_notice_code(
    State(web): State<Web>,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let check = crate::services::cases::verify_notice::verify_notice(&web.app, &code).await?;
    let status = if check.valid {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok((status, Json(check)).into_response())
}

/// A case's file (一案一档) as .zip: 目录.txt, the notices, the uploads, 办理过程.xlsx.
#[utoipa::path(get, path = "/api/v1/cases/{id}/archive", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "The case file as .zip", content_type = "application/zip"), (status = 404, description = "No such case", body = ErrorBody)))]
async fn archive(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (name, bytes) =
        crate::services::cases::archive::case_archive(&web.app, &u.actor, id).await?;
    Ok(respond::zip(&name, bytes))
}

/// One case with its timeline.
#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "The case", body = CaseJson), (status = 404, description = "No such case, or not visible", body = ErrorBody)))]
async fn get_case(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<CaseJson>, ApiError> {
    let v = view(&web.app, &u.actor, id).await?;
    Ok(Json(CaseJson::from(&v)))
}

/// Take a step: assign, contact, visit, report, opinion, return_visit, close,
/// send_back (退回重办, a petitioner 不满意 after delivery), urge, comment,
/// escalate, reopen, deliver, review (复查复核, in order and within its
/// windows; `late_reason` for a late request), request_extension, extend
/// (`correct` has its own body: `POST /api/v1/cases/{id}/steps/correct`).
/// Send `version` to refuse overwriting a newer change (409).
#[utoipa::path(post, path = "/api/v1/cases/{id}/steps/{step}",
    params(("id" = i64, Path, description = "case id"), ("step" = String, Path, description = "step name")),
    request_body(content = StepRequest, description = "The step's fields, and optionally the version last seen"),
    responses((status = 200, description = "The case after the step", body = CaseJson), (status = 404, description = "No such case", body = ErrorBody),
        (status = 409, description = "Not allowed now, or changed by someone else", body = ErrorBody), (status = 422, description = "Fields are wrong, each named", body = ErrorBody)))]
async fn step(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path((id, step)): Path<(i64, String)>,
    JsonBytes(body): JsonBytes,
) -> Result<Json<CaseJson>, ApiError> {
    let req: StepRequest = parse_json(&body)?;
    take_step(
        &web.app,
        &u.actor,
        id,
        &step,
        &req.input,
        req.version,
        web.app.now(),
    )
    .await?;
    let v = view(&web.app, &u.actor, id).await?;
    Ok(Json(CaseJson::from(&v)))
}

/// 更正登记信息: correct registration fields (a field left out keeps its
/// value), with the reason in `note`. The district at any stage; the
/// case's township while the case is not yet assigned. Send `version` to
/// refuse overwriting a newer change (409). Milestones are recomputed when
/// the kind or the time received changes; the timeline shows before → after.
#[utoipa::path(post, path = "/api/v1/cases/{id}/steps/correct",
    params(("id" = i64, Path, description = "case id")),
    request_body(content = CorrectionRequest, description = "Registration fields to correct, `note` (更正理由) and optionally `version`"),
    responses((status = 200, description = "The case as corrected", body = CaseJson), (status = 403, description = "The caller may not correct this case", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 409, description = "Assigned already (for the township), or changed by someone else", body = ErrorBody),
        (status = 422, description = "Fields are wrong, each named; no 更正理由; nothing changed", body = ErrorBody)))]
async fn correct(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Json<CaseJson>, ApiError> {
    let req: CorrectionBody = parse_json(&body)?;
    crate::services::cases::correct_case::correct_case(
        &web.app,
        &u.actor,
        id,
        &req.input,
        req.version,
        web.app.now(),
    )
    .await?;
    let v = view(&web.app, &u.actor, id).await?;
    Ok(Json(CaseJson::from(&v)))
}

/// Upload an attachment (multipart field `file`, optional `note`, and
/// `signed_document` = acceptance|opinion when it is the petitioner's signed
/// copy of a delivered notice).
#[utoipa::path(post, path = "/api/v1/cases/{id}/attachments", params(("id" = i64, Path, description = "case id")),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "Stored", body = AttachmentJson), (status = 404, description = "No such case", body = ErrorBody),
        (status = 422, description = "No file, a file too large or of a kind not accepted", body = ErrorBody)))]
async fn upload(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let mut form = upload::read(multipart, "附件", web.app.config.max_upload_bytes).await?;
    let details = attachments::UploadDetails {
        note: form.text("note"),
        signed_document: form.text("signed_document"),
    };
    let (filename, bytes) = form.require_file("附件")?;
    let rec = attachments::upload(
        &web.app,
        &u.actor,
        id,
        &filename,
        &bytes,
        details,
        web.app.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(AttachmentJson::from(&rec))).into_response())
}

/// 查看完整信息: the petitioner's ID number, phone and address in full,
/// recorded in the audit trail (district bureau, township officers and
/// handling departments only).
#[utoipa::path(post, path = "/api/v1/cases/{id}/reveal", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "The details in full", body = crate::services::cases::personal::Revealed),
        (status = 403, description = "The caller's role may not see them", body = ErrorBody), (status = 404, description = "No such case", body = ErrorBody)))]
async fn reveal(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<crate::services::cases::personal::Revealed>, ApiError> {
    Ok(Json(
        crate::services::cases::personal::reveal_case(&web.app, &u.actor, id).await?,
    ))
}

/// 审计日志 (督查 and the system administrator): newest first, 50 a page,
/// with `kind` (an `AuditKind` key: personal, case, screening, ledger,
/// roster, user, setting, milestone, org), `actor`, `case` (number), `from`,
/// `to`, `page`; `chain`
/// is the whole chain checked now.
#[utoipa::path(get, path = "/api/v1/audit",
    params(("kind" = Option<String>, Query, description = "personal|case|screening|ledger|roster|user|setting|milestone|org"),
        ("actor" = Option<String>, Query, description = "part of the actor's name"),
        ("case" = Option<String>, Query, description = "case number"),
        ("from" = Option<String>, Query, description = "YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "YYYY-MM-DD, inclusive"),
        ("page" = Option<i64>, Query, description = "from 1")),
    responses((status = 200, description = "A page of the audit trail", body = crate::services::admin::audit_log::AuditPage),
        (status = 403, description = "Only 督查 and the system administrator", body = ErrorBody), (status = 422, description = "A filter is wrong", body = ErrorBody)))]
async fn audit(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(q): Query<crate::services::admin::audit_log::AuditQuery>,
) -> Result<Json<crate::services::admin::audit_log::AuditPage>, ApiError> {
    Ok(Json(
        crate::services::admin::audit_log::list(&web.app, &u.actor, &q).await?,
    ))
}

/// Download an attachment.
#[utoipa::path(get, path = "/api/v1/attachments/{id}", params(("id" = i64, Path, description = "attachment id")),
    responses((status = 200, description = "The file as uploaded", content_type = "application/octet-stream"), (status = 404, description = "No such attachment, or not visible", body = ErrorBody)))]
async fn download(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (rec, bytes) = attachments::download(&web.app, &u.actor, id).await?;
    Ok(respond::attachment(&rec, bytes))
}

/// A petitioner and the cases of theirs the caller may see.
#[utoipa::path(get, path = "/api/v1/petitioners/{id}", params(("id" = i64, Path, description = "petitioner id")),
    responses((status = 200, description = "The petitioner and their cases the caller may see", body = PetitionerFileJson),
        (status = 404, description = "No such petitioner, or none of their cases visible", body = ErrorBody)))]
async fn get_petitioner(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<PetitionerFileJson>, ApiError> {
    let (p, cases) = petitioner(&web.app, &u.actor, id).await?;
    Ok(Json(PetitionerFileJson {
        petitioner: PetitionerJson::from(&p),
        cases: cases.iter().map(CaseSummaryJson::from).collect(),
    }))
}
