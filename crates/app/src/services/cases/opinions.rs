//! 网络舆情处置 — the opinion board's use cases: change an incident's
//! disposal status, record a 正面发声, link it to a petition, read what was
//! recorded, and list the board.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::case::Case;
use xinfang_domain::opinion::{
    LinkTarget, OpinionLinkInput, OpinionStatus, OpinionStatusInput, VoiceInput,
};
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::vocab::CaseKind;
use xinfang_store::{BoardFilter, BoardRow, OpinionRecord, StoreError};

use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// The incident `id` as the actor may dispose of it: in scope (404), the
/// actor one of its units or the district (403), and a 网络舆情 (409).
async fn incident(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<Case> {
    let case = state.store.case(id, &actor.case_scope()).await?;
    check(actor, Permission::RecordOpinion, &Place::case(&case))?;
    if case.kind != CaseKind::OnlineOpinion {
        return Err(ServiceError::NotNow(
            "本案不是网络舆情，没有舆情处置记录".into(),
        ));
    }
    Ok(case)
}

/// Move incident `id` to a new disposal status.
pub async fn change_status(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &OpinionStatusInput,
    now: Timestamp,
) -> ServiceResult<()> {
    let case = incident(state, actor, id).await?;
    let current = state
        .store
        .opinion_record(id, &actor.case_scope())
        .await?
        .status;
    let change = input.parse(current, case.received_at, now)?;
    Ok(state
        .store
        .change_opinion_status(id, current, &change, actor, now)
        .await?)
}

/// Record a 正面发声 on incident `id`; returns its id.
pub async fn record_voice(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &VoiceInput,
    now: Timestamp,
) -> ServiceResult<i64> {
    let case = incident(state, actor, id).await?;
    let voice = input.parse(case.received_at, now)?;
    Ok(state.store.add_voice(id, &voice, actor, now).await?)
}

/// Link incident `id` to a case the actor can see, named by number or id.
pub async fn link(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &OpinionLinkInput,
    now: Timestamp,
) -> ServiceResult<()> {
    let case = incident(state, actor, id).await?;
    let link = input.parse()?;
    let scope = actor.case_scope();
    let found = match &link.target {
        LinkTarget::Id(other) => state.store.case(*other, &scope).await,
        LinkTarget::Number(n) => state.store.case_by_number(n, &scope).await,
    };
    let other = match found {
        Ok(c) => c,
        Err(StoreError::NotFound(_)) => {
            return Err(field_error(
                "case",
                "关联案件",
                "未找到该案件（或不在您的查看范围内）",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if other.id == case.id {
        return Err(field_error("case", "关联案件", "不能与本舆情自身关联"));
    }
    Ok(state
        .store
        .link_opinion(
            (case.id, &case.number),
            (other.id, &other.number),
            link.note.as_deref(),
            actor,
            now,
        )
        .await?)
}

/// What the board records on case `id`, as the actor may read it.
pub async fn record(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<OpinionRecord> {
    Ok(state.store.opinion_record(id, &actor.case_scope()).await?)
}

/// Whether the actor may record on case `case`.
pub fn may_record(actor: &Actor, case: &Case) -> bool {
    case.kind == CaseKind::OnlineOpinion && actor.may(Permission::RecordOpinion, &Place::case(case))
}

/// The board's filter as typed in a query string; unknown values are
/// refused naming the field.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct BoardQuery {
    /// 处置状态 key or label.
    pub status: String,
    /// 舆情等级 key or label.
    pub severity: String,
    /// 乡镇 id.
    pub township: String,
}

impl BoardQuery {
    /// The checked filter.
    pub fn parse(&self) -> ServiceResult<BoardFilter> {
        let mut f = BoardFilter::default();
        if !self.status.trim().is_empty() {
            f.status = Some(OpinionStatus::parse(self.status.trim()).ok_or_else(|| {
                field_error("status", "处置状态", "应为监测中、已回应、已处置或已平息")
            })?);
        }
        if !self.severity.trim().is_empty() {
            let s = xinfang_domain::vocab::OnlineSeverity::parse(self.severity.trim())
                .ok_or_else(|| field_error("severity", "舆情等级", "应为一般、较大或重大"))?;
            f.severity = Some(s.as_str().to_string());
        }
        if !self.township.trim().is_empty() {
            f.township_id = Some(
                self.township
                    .trim()
                    .parse()
                    .map_err(|_| field_error("township", "乡镇", "应为乡镇编号"))?,
            );
        }
        Ok(f)
    }
}

/// The board: every incident the actor may read that passes the filter.
pub async fn board(
    state: &AppState,
    actor: &Actor,
    query: &BoardQuery,
) -> ServiceResult<Vec<BoardRow>> {
    let filter = query.parse()?;
    Ok(state
        .store
        .opinion_board(&actor.case_scope(), &filter)
        .await?)
}

/// A choice of a closed vocabulary, for a form's select.
pub use crate::services::cases::case_records_page::Choice;

/// What an incident's 舆情处置 page shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OpinionPage {
    /// The case as the API shows it.
    pub case: crate::json::CaseJson,
    /// What the board records on it.
    pub record: crate::json::OpinionJson,
    /// Whether the viewer may record (a 网络舆情 the viewer handles).
    pub may_record: bool,
    /// Whether the case is a 网络舆情 at all.
    pub is_incident: bool,
    /// 处置状态 choices.
    pub statuses: Vec<Choice>,
    /// 发声方式 choices.
    pub channels: Vec<Choice>,
    /// Now, local, as a `datetime-local` value.
    pub now: String,
}

/// The 舆情处置 page of case `id` for `actor`.
pub async fn opinion_page(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<OpinionPage> {
    let v = crate::services::cases::query::view(state, actor, id).await?;
    let r = record(state, actor, id).await?;
    Ok(OpinionPage {
        may_record: may_record(actor, &v.case),
        is_incident: v.case.kind == CaseKind::OnlineOpinion,
        case: crate::json::CaseJson::from(&v),
        record: crate::json::OpinionJson::from(&r),
        statuses: OpinionStatus::ALL
            .iter()
            .map(|s| Choice {
                key: s.as_str(),
                label: s.label(),
            })
            .collect(),
        channels: xinfang_domain::opinion::VoiceChannel::ALL
            .iter()
            .map(|s| Choice {
                key: s.as_str(),
                label: s.label(),
            })
            .collect(),
        now: xinfang_domain::clock::to_local(state.now())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
    })
}
