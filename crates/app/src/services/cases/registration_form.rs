//! The registration form (登记) and the case list (案件): what their selects offer, and one page of cases.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::case::RegistrationInput;
use xinfang_domain::permission::{Permission, Place, check, only_own_org};
use xinfang_domain::vocab::{CaseKind, PovertyStatus, SourceLevel};
use xinfang_store::CaseSort;

use crate::json::CaseSummaryJson;
use crate::services::ServiceResult;
use crate::services::cases::query::{COUNT_UP_TO, FilterInput, list_page, resolve_filter};
use crate::services::choices::{TownshipOption, townships};
use crate::state::AppState;

/// What the registration form offers.
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationForm {
    /// Townships with their villages.
    pub townships: Vec<TownshipOption>,
    /// The one township a township officer registers in; None for the district.
    pub own_township: Option<i64>,
}

/// The registration form's options for `actor`.
pub async fn registration_form(state: &AppState, actor: &Actor) -> ServiceResult<RegistrationForm> {
    Ok(RegistrationForm {
        townships: townships(state).await?,
        own_township: only_own_org(actor, Permission::RegisterCase),
    })
}

/// A blank registration: received now, 初信初访 at the district's own level,
/// and the officer's own township; refused to those who may not register.
pub fn blank_registration(state: &AppState, actor: &Actor) -> ServiceResult<RegistrationInput> {
    check(actor, Permission::RegisterCase, &Place::Somewhere)?;
    let now = xinfang_domain::clock::to_local(state.now());
    Ok(RegistrationInput {
        received_at: now.strftime("%Y-%m-%dT%H:%M").to_string(),
        kind: CaseKind::FirstPetition.as_str().into(),
        source_level: SourceLevel::Own.as_str().into(),
        poverty_status: PovertyStatus::General.as_str().into(),
        township_id: only_own_org(actor, Permission::RegisterCase)
            .map(|id| id.to_string())
            .unwrap_or_default(),
        ..RegistrationInput::default()
    })
}

/// Cases a page of the list holds.
pub const PER_PAGE: i64 = 50;

/// One page of the case list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseListPage {
    /// Whether `total` is exact (or the count stopped there).
    pub total_exact: bool,
    /// The cases of this page.
    pub items: Vec<CaseSummaryJson>,
    /// Matching cases in all.
    pub total: i64,
    /// This page, from 1.
    pub page: i64,
    /// Pages in all.
    pub pages: i64,
    /// Townships for the filter.
    pub townships: Vec<TownshipOption>,
    /// What was wrong with the filters (the list then shows every case).
    pub error: Option<String>,
}

/// Page `page` (from 1) of the cases `actor` may see, filtered by `input`.
pub async fn case_list_page(
    state: &AppState,
    actor: &Actor,
    input: &FilterInput,
    page: i64,
) -> ServiceResult<CaseListPage> {
    let (filter, error) = match resolve_filter(state, input).await {
        Ok(f) => (f, None),
        Err(e @ crate::services::ServiceError::Invalid(_)) => {
            (Default::default(), Some(e.to_string()))
        }
        Err(e) => return Err(e),
    };
    let page = page.max(1);
    let req = xinfang_store::PageRequest {
        limit: Some(PER_PAGE),
        offset: (page - 1) * PER_PAGE,
        after: None,
        count_up_to: Some(COUNT_UP_TO),
    };
    let result = list_page(state, actor, &filter, CaseSort::ReceivedDesc, &req).await?;
    // Past the counted cases a full page still has a next one.
    let counted_pages = (result.total + PER_PAGE - 1) / PER_PAGE;
    let more = !result.total_exact && result.items.len() as i64 == PER_PAGE;
    Ok(CaseListPage {
        items: result.items.iter().map(CaseSummaryJson::from).collect(),
        total: result.total,
        total_exact: result.total_exact,
        page,
        pages: if more {
            counted_pages.max(page + 1)
        } else {
            counted_pages
        },
        townships: townships(state).await?,
        error,
    })
}
