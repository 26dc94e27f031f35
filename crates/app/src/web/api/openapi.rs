//! The OpenAPI document, generated from the handlers' annotations and the
//! typed bodies (`crate::json`, [`super::requests`], the services' inputs).

use axum::Json;
use utoipa::OpenApi;

use crate::web::auth::ApiUser;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "xinfang API",
        description = "涉贫信访舆情工作平台接口。认证：Authorization: Bearer <token>（xinfang token create --user NAME）。\
            Request fields read as text also accept JSON numbers and booleans (true is 是, false is 否)."
    ),
    paths(
        document,
        super::me,
        super::orgs,
        super::orgs::add,
        super::orgs::rename,
        super::users::list,
        super::users::create,
        super::users::get,
        super::users::update,
        super::users::tokens,
        super::users::revoke,
        super::users::change_password,
        super::list_cases,
        super::create_case,
        super::get_case,
        super::notice,
        super::reveal,
        super::audit,
        super::verify_notice_code,
        super::archive,
        super::step,
        super::correct,
        super::upload,
        super::download,
        super::get_petitioner,
        super::notifications::list_notifications,
        super::notifications::read_notifications,
        super::ledgers::download,
        super::ledgers::upload,
        super::ledgers::list_screenings,
        super::ledgers::create_screening,
        super::ledgers::get_screening,
        super::ledgers::update_screening,
        super::ledgers::screening_to_case,
        super::ledgers::reveal_screening,
        super::ledgers::get_case_ledger,
        super::ledgers::save_case_ledger,
        super::ledgers::get_roster,
        super::ledgers::save_roster,
        super::reports::get_unit_info,
        super::reports::post_unit_info,
        super::reports::preview_weekly,
        super::reports::send_weekly,
        super::reports::list_sendings,
        super::reports::get_sending,
        super::reports::get_package,
        super::goals::get_goals,
        super::goals::list_ranks,
        super::goals::post_rank,
        super::statistics::stats,
        super::case_records::list_mediations,
        super::case_records::record_mediation,
        super::case_records::list_verifications,
        super::case_records::record_verification,
        super::case_records::answer_rectification,
        super::case_records::open_rectifications,
        super::scorecard::get_scorecard,
        super::scorecard::get_rules,
        super::scorecard::post_rules,
        super::accountability::list,
        super::accountability::record,
        super::training::list,
        super::training::record,
        super::opinions::board,
        super::opinions::show,
        super::opinions::change_status,
        super::opinions::list_voices,
        super::opinions::record_voice,
        super::opinions::link,
        super::meetings::month,
        super::meetings::create,
        super::meetings::show,
        super::meetings::done,
        super::meetings::pack,
        super::meetings::open_measures,
        super::meetings::plan,
        super::similar::similar,
        super::category_hint::suggestion,
        super::risk::list_campaigns,
        super::risk::post_campaign,
        super::risk::get_campaign,
        super::risk::post_clear,
        super::risk::get_assessments,
        super::risk::post_assessment,
        super::risk::get_queue,
        super::person_assessments::get_person,
        super::person_assessments::post_person,
        super::persons::list,
        super::persons::register,
        super::persons::detail,
        super::persons::update,
        super::persons::reveal,
        super::persons::contacts,
        super::persons::add_contact,
        super::persons::urge,
        super::persons::due,
        super::persons::proposals,
        super::persons::confirm,
        super::persons::dismiss,
        super::persons::get_rules,
        super::persons::post_rules,
        super::periods::list,
        super::periods::add,
        super::periods::sheet,
        super::periods::report
    ),
    components(schemas(
        crate::json::CaseJson,
        crate::json::CaseListJson,
        crate::json::CaseSummaryJson,
        crate::json::EventJson,
        crate::json::AttachmentJson,
        crate::json::PetitionerJson,
        crate::services::admin::orgs::OrgRow,
        crate::services::admin::orgs::OrgInput,
        crate::services::admin::orgs::RenameInput,
        crate::json::UserJson,
        crate::json::TokenJson,
        crate::web::error::ErrorBody,
        crate::services::cases::verify_notice::NoticeCheck
    ))
)]
struct ApiDoc;

/// The document as a value (for tests and tools).
pub fn document_value() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// This document, for signed-in callers only (a token or a session): it
/// maps every route and field of a system that holds personal data, and
/// nobody without an account needs that map.
#[utoipa::path(get, path = "/api/v1/openapi.json",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", body = Object),
              (status = 401, description = "No or bad credentials", body = crate::web::error::ErrorBody)))]
pub(super) async fn document(_u: ApiUser) -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
