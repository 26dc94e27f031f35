//! The registration form (登记) and the case list (案件): what their selects offer, and one page of cases.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::case::RegistrationInput;
use xinfang_domain::permission::{Permission, Place, check, only_own_org};
use xinfang_domain::vocab::{CaseKind, PovertyStatus, SourceLevel};
use xinfang_store::CaseSort;

use crate::json::CaseSummaryJson;
use crate::services::ServiceResult;
use crate::services::cases::query::{
    COUNT_UP_TO, FilterInput, list_page, parse_sort, resolve_filter,
};
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

/// Characters of a summary the list shows.
const SUMMARY_WIDTH: usize = 40;

/// One page of the case list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseListPage {
    /// Whether `total` is exact (or the count stopped there).
    pub total_exact: bool,
    /// The cases of this page.
    pub items: Vec<CaseSummaryJson>,
    /// Each case's summary as the list shows it: the part around the first
    /// searched word, in runs, `true` where a searched word is.
    pub summaries: Vec<Vec<(String, bool)>>,
    /// How the text search was answered, when there was one.
    pub search: Option<crate::services::cases::query::SearchJson>,
    /// Whether the list is in 相关度 order.
    pub relevance: bool,
    /// Matching cases in all.
    pub total: i64,
    /// About how many match, where the database estimated rather than
    /// counted (words many cases have, on PostgreSQL).
    pub total_estimate: Option<i64>,
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
///
/// `sort` as `parse_sort` reads it; blank is 相关度 with a text search and
/// newest first without.
pub async fn case_list_page(
    state: &AppState,
    actor: &Actor,
    input: &FilterInput,
    sort: &str,
    page: i64,
) -> ServiceResult<CaseListPage> {
    let default = if input.q.trim().is_empty() {
        CaseSort::ReceivedDesc
    } else {
        CaseSort::Relevance
    };
    let resolved = match resolve_filter(state, input).await {
        Ok(f) => parse_sort(sort, default).map(|s| (f, s)),
        Err(e) => Err(e),
    };
    let ((filter, sort), error) = match resolved {
        Ok(fs) => (fs, None),
        Err(e @ crate::services::ServiceError::Invalid(_)) => (
            (Default::default(), CaseSort::ReceivedDesc),
            Some(e.to_string()),
        ),
        Err(e) => return Err(e),
    };
    let page = page.max(1);
    let req = xinfang_store::PageRequest {
        limit: Some(PER_PAGE),
        offset: (page - 1) * PER_PAGE,
        after: None,
        count_up_to: Some(COUNT_UP_TO),
    };
    let (result, search) = list_page(state, actor, &filter, sort, &req).await?;
    let marks = search.as_ref().map(|s| s.marks.clone()).unwrap_or_default();
    // Past the counted cases a full page still has a next one.
    let counted_pages = (result.total + PER_PAGE - 1) / PER_PAGE;
    let more = !result.total_exact && result.items.len() as i64 == PER_PAGE;
    Ok(CaseListPage {
        items: result.items.iter().map(CaseSummaryJson::from).collect(),
        summaries: result
            .items
            .iter()
            .map(|c| xinfang_domain::search::snippet(&c.summary, &marks, SUMMARY_WIDTH))
            .collect(),
        search,
        relevance: sort == CaseSort::Relevance,
        total: result.total,
        total_exact: result.total_exact,
        total_estimate: result.total_estimate,
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
