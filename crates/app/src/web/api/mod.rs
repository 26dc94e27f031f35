//! The JSON API under `/api/v1`: the same actions as the pages, for scripts and other systems.

mod ledgers;
mod notifications;
mod openapi;
mod orgs;

pub(crate) use ledgers::screening_json;
pub(crate) use notifications::notice_json;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use xinfang_domain::case::RegistrationInput;
use xinfang_domain::workflow::StepInput;
use xinfang_store::CaseSort;

use super::Web;
use super::auth::ApiUser;
use super::error::ApiError;
use super::routes::Routes;
use crate::json::{AttachmentJson, CaseJson, CaseListJson, CaseSummaryJson, PetitionerJson};
use crate::services::cases::attachments;
use crate::services::cases::query::{FilterInput, list, petitioner, resolve_filter, view};
use crate::services::cases::register_case::register_case;
use crate::services::cases::take_step::take_step;
use crate::services::field_error;

/// API routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/openapi.json", openapi::document)
        .get("/me", me)
        .get_post("/orgs", orgs, orgs::add)
        .post("/orgs/{id}", orgs::rename)
        .get_post("/cases", list_cases, create_case)
        .get("/cases/{id}", get_case)
        .get("/cases/{id}/notices/{kind}", notice)
        .post("/cases/{id}/reveal", reveal)
        .get("/audit", audit)
        .get("/cases/{id}/archive", archive)
        .post("/cases/{id}/steps/{step}", step)
        .post("/cases/{id}/attachments", upload)
        .get("/attachments/{id}", download)
        .get("/petitioners/{id}", get_petitioner)
        .get("/notifications", notifications::list_notifications)
        .post("/notifications/read", notifications::read_notifications)
        .merge(ledgers::routes())
}

/// Numbers and booleans become strings, so scripts may send `"unit_id": 5`
/// or `"key_assigned": true` to inputs that are read as text.
fn stringify(v: Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(if b { "是".into() } else { "否".into() }),
        Value::Array(a) => Value::Array(a.into_iter().map(stringify).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, stringify(v))).collect()),
        other => other,
    }
}

fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<(T, Value), ApiError> {
    let raw: Value = serde_json::from_slice(body)
        .map_err(|e| field_error("body", "请求体", format!("不是有效的JSON：{e}")))?;
    if !raw.is_object() {
        return Err(field_error("body", "请求体", "应为JSON对象").into());
    }
    let typed = serde_json::from_value(stringify(raw.clone()))
        .map_err(|e| field_error("body", "请求体", format!("字段类型不正确：{e}")))?;
    Ok((typed, raw))
}

/// Who am I.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, description = "The caller")))]
async fn me(ApiUser(u): ApiUser) -> Json<Value> {
    Json(serde_json::json!({
        "id": u.user.id, "username": u.user.username, "name": u.user.display_name, "org_id": u.user.org_id,
        "org": u.user.org_name, "roles": u.user.roles.iter().map(|r| r.label()).collect::<Vec<_>>(),
    }))
}

/// The organisation tree.
#[utoipa::path(get, path = "/api/v1/orgs", responses((status = 200, description = "Every organisation")))]
async fn orgs(State(web): State<Web>, _u: ApiUser) -> Result<Json<Value>, ApiError> {
    let orgs = web.app.store.list_orgs().await?;
    Ok(Json(serde_json::to_value(&orgs).unwrap_or_default()))
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
    /// page size (default 50, at most 500)
    limit: Option<i64>,
    /// rows to skip
    offset: Option<i64>,
}

/// List cases the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/cases", params(ListParams),
    responses((status = 200, body = CaseListJson), (status = 422, body = super::error::ErrorBody)))]
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
        ..FilterInput::default()
    };
    let filter = resolve_filter(&web.app, &input).await?;
    let limit = p.limit.unwrap_or(50).clamp(1, 500);
    let page = list(
        &web.app,
        &u.actor,
        &filter,
        CaseSort::ReceivedDesc,
        Some(limit),
        p.offset.unwrap_or(0).max(0),
    )
    .await?;
    Ok(Json(CaseListJson {
        total: page.total,
        items: page.items.iter().map(CaseSummaryJson::from).collect(),
    }))
}

/// Register a case. Fields as in the registration form; a suspected repeat
/// answers 409 `repeat_suspected` until `repeat_decision` is `confirm` or `override`.
#[utoipa::path(post, path = "/api/v1/cases", request_body(content = Object, description = "RegistrationInput fields"),
    responses((status = 201, body = CaseJson), (status = 422, body = super::error::ErrorBody), (status = 409, body = super::error::ErrorBody)))]
async fn create_case(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (input, _): (RegistrationInput, _) = parse_json(&body)?;
    let case = register_case(&web.app, &u.actor, &input, web.app.now()).await?;
    let v = view(&web.app, &u.actor, case.id).await?;
    Ok((StatusCode::CREATED, Json(CaseJson::from(&v))).into_response())
}

/// A case's 受理告知书 (`acceptance`) or 处理意见书 (`opinion`) as PDF.
#[utoipa::path(get, path = "/api/v1/cases/{id}/notices/{kind}",
    params(("id" = i64, Path, description = "case id"), ("kind" = String, Path, description = "acceptance or opinion")),
    responses((status = 200, description = "PDF", content_type = "application/pdf"), (status = 409, body = super::error::ErrorBody)))]
async fn notice(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path((id, kind)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    Ok(super::pages::render_notice(&web, &u.actor, id, &kind).await?)
}

/// A case's file (一案一档) as .zip: 目录.txt, the notices, the uploads, 办理过程.xlsx.
#[utoipa::path(get, path = "/api/v1/cases/{id}/archive", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "zip", content_type = "application/zip"), (status = 404, body = super::error::ErrorBody)))]
async fn archive(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (name, bytes) =
        crate::services::cases::archive::case_archive(&web.app, &u.actor, id).await?;
    Ok(super::pages::download(
        "application/zip",
        &name,
        bytes,
        false,
    ))
}

/// One case with its timeline.
#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, body = CaseJson), (status = 404, body = super::error::ErrorBody)))]
async fn get_case(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<CaseJson>, ApiError> {
    let v = view(&web.app, &u.actor, id).await?;
    Ok(Json(CaseJson::from(&v)))
}

/// Take a step: assign, contact, visit, report, opinion, return_visit, close,
/// urge, comment, escalate, reopen. Send `version` to refuse overwriting a newer change (409).
#[utoipa::path(post, path = "/api/v1/cases/{id}/steps/{step}",
    params(("id" = i64, Path, description = "case id"), ("step" = String, Path, description = "step name")),
    request_body(content = Object, description = "StepInput fields plus optional version"),
    responses((status = 200, body = CaseJson), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn step(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path((id, step)): Path<(i64, String)>,
    body: Bytes,
) -> Result<Json<CaseJson>, ApiError> {
    let (input, raw): (StepInput, Value) = parse_json(&body)?;
    let version = match raw.get("version") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_i64()
                .ok_or_else(|| field_error("version", "版本号", "应为整数"))?,
        ),
    };
    take_step(
        &web.app,
        &u.actor,
        id,
        &step,
        &input,
        version,
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
    responses((status = 201, body = AttachmentJson), (status = 422, body = super::error::ErrorBody)))]
async fn upload(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let form = crate::web::upload::read_upload(multipart).await?;
    let details = form.details();
    let (filename, bytes) = form
        .file
        .ok_or_else(|| field_error("file", "附件", "缺少名为 file 的文件字段"))?;
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
    responses((status = 200, body = crate::services::cases::personal::Revealed), (status = 403, body = super::error::ErrorBody), (status = 404, body = super::error::ErrorBody)))]
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
    responses((status = 200, description = "{ total, page, pages, chain: { rows, first_broken }, items: [AuditRow] }"), (status = 403, body = super::error::ErrorBody)))]
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
    responses((status = 200, description = "The file"), (status = 404, body = super::error::ErrorBody)))]
async fn download(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (rec, bytes) = attachments::download(&web.app, &u.actor, id).await?;
    Ok(super::pages::attachment_response(&rec, bytes))
}

/// A petitioner and the cases of theirs the caller may see.
#[utoipa::path(get, path = "/api/v1/petitioners/{id}", params(("id" = i64, Path, description = "petitioner id")),
    responses((status = 200, description = "petitioner and cases"), (status = 404, body = super::error::ErrorBody)))]
async fn get_petitioner(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let (p, cases) = petitioner(&web.app, &u.actor, id).await?;
    Ok(Json(serde_json::json!({
        "petitioner": PetitionerJson::from(&p),
        "cases": cases.iter().map(CaseSummaryJson::from).collect::<Vec<_>>(),
    })))
}
