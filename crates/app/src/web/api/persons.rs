//! `/api/v1/persons`: 重点人员 — the register by risk, one person, registering
//! and editing, reveals, 稳控 contacts and 督办, contacts due, the system's
//! proposals, and the scoring rules.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use xinfang_domain::key_person::{ContactInput, KeyPersonInput, ProposalDecisionInput};

use super::super::Web;
use super::super::auth::ApiUser;
use super::super::error::{ApiError, ErrorBody};
use super::super::kit::body::{JsonBytes, parse_json};
use super::super::routes::Routes;
use crate::json::{
    ContactJson, DueContactJson, PersonDetailJson, PersonSummaryJson, ProposalJson, RiskRulesFile,
};
use crate::services::cases::personal::Revealed;
use crate::services::persons::contacts::{UrgeInput, contacts_due, record_contact, urge_contact};
use crate::services::persons::list::{person_view, persons_list};
use crate::services::persons::proposals::{confirm_proposal, dismiss_proposal};
use crate::services::persons::register::{register_person, reveal_person, update_person};
use crate::services::persons::rules::{risk_rules, save_risk_rules};
use crate::services::{ServiceError, field_error};

/// The routes of this module.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get_post("/persons", list, register)
        .get("/persons/proposals", proposals)
        .post("/persons/proposals/{id}/confirm", confirm)
        .post("/persons/proposals/{id}/dismiss", dismiss)
        .get("/persons/due", due)
        .get_post("/persons/rules", get_rules, post_rules)
        .get_post("/persons/{id}", detail, update)
        .post("/persons/{id}/reveal", reveal)
        .get_post("/persons/{id}/contacts", contacts, add_contact)
        .post("/persons/{id}/urge", urge)
}

/// `?township=`
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct ListParams {
    /// 乡镇 (name, short name or id); blank: all the caller reads
    township: String,
}

/// 重点人员 by risk, highest score first, each point explained. The district
/// and 督查 read every township (or the one asked for); a township officer
/// its own; others 403.
#[utoipa::path(get, path = "/api/v1/persons", params(ListParams),
    responses((status = 200, description = "The persons, highest score first", body = Vec<PersonSummaryJson>),
        (status = 403, description = "The role reads no key persons, or not that township's", body = ErrorBody),
        (status = 422, description = "No such township", body = ErrorBody)))]
pub(super) async fn list(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<PersonSummaryJson>>, ApiError> {
    let l = persons_list(&web.app, &u.actor, &p.township).await?;
    Ok(Json(
        l.persons.iter().map(PersonSummaryJson::from).collect(),
    ))
}

/// Register a person (the district, or a township officer in their own
/// township): `name`, `township_id` required; `id_number` links their
/// cases. Audited `key_person.create`; an ID number already registered is 409.
#[utoipa::path(post, path = "/api/v1/persons", request_body = KeyPersonInput,
    responses((status = 201, description = "The person as registered", body = PersonDetailJson),
        (status = 403, description = "The role may not register, or not in that township", body = ErrorBody),
        (status = 409, description = "The ID number is already registered", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn register(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<PersonDetailJson>), ApiError> {
    let input: KeyPersonInput = parse_json(&body)?;
    let id = register_person(&web.app, &u.actor, &input).await?;
    let v = person_view(&web.app, &u.actor, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(PersonDetailJson::of(
            &v.person,
            &v.screenings,
            &v.contacts,
            &v.urges,
        )),
    ))
}

/// One person: the score explained, cases, screening entries, contacts and
/// 督办. Another township's person is 404 to a township officer.
#[utoipa::path(get, path = "/api/v1/persons/{id}", params(("id" = i64, Path, description = "person id")),
    responses((status = 200, description = "The person", body = PersonDetailJson),
        (status = 403, description = "The role reads no key persons", body = ErrorBody),
        (status = 404, description = "No such person in the caller's reach", body = ErrorBody)))]
pub(super) async fn detail(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<PersonDetailJson>, ApiError> {
    let v = person_view(&web.app, &u.actor, id).await?;
    Ok(Json(PersonDetailJson::of(
        &v.person,
        &v.screenings,
        &v.contacts,
        &v.urges,
    )))
}

/// Change a person's entry (all fields, as registered; `version` from the
/// detail guards against a lost update: 409). The masked ID number and
/// phone sent back keep the stored ones. Audited `key_person.update`.
#[utoipa::path(post, path = "/api/v1/persons/{id}", params(("id" = i64, Path, description = "person id")),
    request_body = KeyPersonInput,
    responses((status = 200, description = "The person as saved", body = PersonDetailJson),
        (status = 403, description = "The role may not edit", body = ErrorBody),
        (status = 404, description = "No such person in the caller's reach", body = ErrorBody),
        (status = 409, description = "Changed by someone else, or the ID number is registered", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn update(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<Json<PersonDetailJson>, ApiError> {
    let input: KeyPersonInput = parse_json(&body)?;
    update_person(&web.app, &u.actor, id, &input).await?;
    let v = person_view(&web.app, &u.actor, id).await?;
    Ok(Json(PersonDetailJson::of(
        &v.person,
        &v.screenings,
        &v.contacts,
        &v.urges,
    )))
}

/// 查看完整信息: the person's ID number and phone in full, logged as a reveal.
#[utoipa::path(post, path = "/api/v1/persons/{id}/reveal", params(("id" = i64, Path, description = "person id")),
    responses((status = 200, description = "The details in full", body = Revealed),
        (status = 403, description = "The role may not see them", body = ErrorBody),
        (status = 404, description = "No such person in the caller's reach", body = ErrorBody)))]
pub(super) async fn reveal(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Revealed>, ApiError> {
    Ok(Json(reveal_person(&web.app, &u.actor, id).await?))
}

/// A person's 稳控 contacts, latest first.
#[utoipa::path(get, path = "/api/v1/persons/{id}/contacts", params(("id" = i64, Path, description = "person id")),
    responses((status = 200, description = "The contacts", body = Vec<ContactJson>),
        (status = 403, description = "The role reads no key persons", body = ErrorBody),
        (status = 404, description = "No such person in the caller's reach", body = ErrorBody)))]
pub(super) async fn contacts(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ContactJson>>, ApiError> {
    let v = person_view(&web.app, &u.actor, id).await?;
    Ok(Json(v.contacts.iter().map(ContactJson::from).collect()))
}

/// Record a contact: `date`, `method` (电话/上门走访/视频/约见面谈),
/// `contacted_by`, `content`, `result`. Audited `key_person.contact`.
#[utoipa::path(post, path = "/api/v1/persons/{id}/contacts", params(("id" = i64, Path, description = "person id")),
    request_body = ContactInput,
    responses((status = 201, description = "The contacts, the new one included", body = Vec<ContactJson>),
        (status = 403, description = "The role may not record contacts", body = ErrorBody),
        (status = 404, description = "No such person in the caller's reach", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn add_contact(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<Vec<ContactJson>>), ApiError> {
    let input: ContactInput = parse_json(&body)?;
    record_contact(&web.app, &u.actor, id, &input).await?;
    let v = person_view(&web.app, &u.actor, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(v.contacts.iter().map(ContactJson::from).collect()),
    ))
}

/// 督办 the person's due contact (the district): `note` required; 409 when
/// the contact is not yet due. The 包保责任人 and the township's officers
/// are notified; audited `key_person.urge`.
#[utoipa::path(post, path = "/api/v1/persons/{id}/urge", params(("id" = i64, Path, description = "person id")),
    request_body = UrgeInput,
    responses((status = 201, description = "The person after the 督办", body = PersonDetailJson),
        (status = 403, description = "Not a district role", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 409, description = "The contact is not yet due", body = ErrorBody),
        (status = 422, description = "The note is missing", body = ErrorBody)))]
pub(super) async fn urge(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<PersonDetailJson>), ApiError> {
    let input: UrgeInput = parse_json(&body)?;
    urge_contact(&web.app, &u.actor, id, &input).await?;
    let v = person_view(&web.app, &u.actor, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(PersonDetailJson::of(
            &v.person,
            &v.screenings,
            &v.contacts,
            &v.urges,
        )),
    ))
}

/// `?by=&township=`
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub(super) struct DueParams {
    /// 截至日期 (YYYY-MM-DD; blank: today)
    by: String,
    /// 乡镇 (name, short name or id); blank: all the caller reads
    township: String,
}

/// 到期联系 — contacts due on or before `by`, most overdue first.
#[utoipa::path(get, path = "/api/v1/persons/due", params(DueParams),
    responses((status = 200, description = "The contacts due", body = Vec<DueContactJson>),
        (status = 403, description = "The role reads no key persons", body = ErrorBody),
        (status = 422, description = "The date or the township is wrong", body = ErrorBody)))]
pub(super) async fn due(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Query(p): Query<DueParams>,
) -> Result<Json<Vec<DueContactJson>>, ApiError> {
    let by = if p.by.trim().is_empty() {
        xinfang_domain::clock::local_date(web.app.now())
    } else {
        jiff::civil::Date::strptime("%Y-%m-%d", p.by.trim())
            .map_err(|_| field_error("by", "截至日期", "日期格式不正确，应如 2022-10-10"))?
    };
    let d = contacts_due(&web.app, &u.actor, by, &p.township).await?;
    Ok(Json(d.iter().map(DueContactJson::from).collect()))
}

/// 系统提议 — people with three petitions (the rules' number) in twelve
/// months by one ID number and no register entry, in the caller's reach.
#[utoipa::path(get, path = "/api/v1/persons/proposals",
    responses((status = 200, description = "The proposals, most petitions first", body = Vec<ProposalJson>),
        (status = 403, description = "The role reads no key persons", body = ErrorBody)))]
pub(super) async fn proposals(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<Vec<ProposalJson>>, ApiError> {
    let l = persons_list(&web.app, &u.actor, "").await?;
    Ok(Json(l.proposals.iter().map(ProposalJson::from).collect()))
}

/// 列入 — confirm a proposal: the petitioner is entered in the register
/// (their latest case's township). Audited `key_person.create`.
#[utoipa::path(post, path = "/api/v1/persons/proposals/{id}/confirm", params(("id" = i64, Path, description = "the proposal's petitioner id")),
    request_body = ProposalDecisionInput,
    responses((status = 201, description = "The person as registered", body = PersonDetailJson),
        (status = 403, description = "The role may not register", body = ErrorBody),
        (status = 404, description = "No such proposal in the caller's reach", body = ErrorBody)))]
pub(super) async fn confirm(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<(StatusCode, Json<PersonDetailJson>), ApiError> {
    let input: ProposalDecisionInput = parse_json(&body)?;
    let pid = confirm_proposal(&web.app, &u.actor, id, &input).await?;
    let v = person_view(&web.app, &u.actor, pid).await?;
    Ok((
        StatusCode::CREATED,
        Json(PersonDetailJson::of(
            &v.person,
            &v.screenings,
            &v.contacts,
            &v.urges,
        )),
    ))
}

/// 不列入 — dismiss a proposal: `reason` required. Audited
/// `key_person.dismiss`; proposed again only after a newer case.
#[utoipa::path(post, path = "/api/v1/persons/proposals/{id}/dismiss", params(("id" = i64, Path, description = "the proposal's petitioner id")),
    request_body = ProposalDecisionInput,
    responses((status = 204, description = "Dismissed"),
        (status = 403, description = "The role may not decide", body = ErrorBody),
        (status = 404, description = "No such proposal in the caller's reach", body = ErrorBody),
        (status = 422, description = "The reason is missing", body = ErrorBody)))]
pub(super) async fn dismiss(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    Path(id): Path<i64>,
    JsonBytes(body): JsonBytes,
) -> Result<StatusCode, ApiError> {
    let input: ProposalDecisionInput = parse_json(&body)?;
    dismiss_proposal(&web.app, &u.actor, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The scoring rules in force (`rules/key_persons.json` or the district's
/// saved copy), for those who read key persons.
#[utoipa::path(get, path = "/api/v1/persons/rules",
    responses((status = 200, description = "The rules file in force", body = RiskRulesFile),
        (status = 403, description = "The role reads no key persons", body = ErrorBody)))]
pub(super) async fn get_rules(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (_, body) = risk_rules(&web.app, &u.actor).await?;
    Ok(Json(serde_json::from_str(&body).map_err(|e| {
        ServiceError::Internal(format!("key person rules: {e}"))
    })?))
}

/// Replace the scoring rules (区级管理员 and 系统管理员): the body is the
/// rules file itself; every problem named by its field (`escalated.city`).
/// Audited `risk_rules.save`.
#[utoipa::path(post, path = "/api/v1/persons/rules",
    request_body(content = RiskRulesFile, description = "The rules file (format in README)"),
    responses((status = 200, description = "The rules as saved", body = RiskRulesFile),
        (status = 403, description = "The role may not change the rules", body = ErrorBody),
        (status = 422, description = "A field is wrong, named in `fields`", body = ErrorBody)))]
pub(super) async fn post_rules(
    State(web): State<Web>,
    ApiUser(u): ApiUser,
    JsonBytes(body): JsonBytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| field_error("body", "评分规则", "不是 UTF-8 文本"))?;
    save_risk_rules(&web.app, &u.actor, &text).await?;
    Ok(Json(serde_json::from_str(&text).unwrap_or_default()))
}
