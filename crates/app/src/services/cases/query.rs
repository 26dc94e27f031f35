//! Reading cases: the list, one case with its timeline, a petitioner's file.

pub use crate::views::{CaseView, MilestoneView};
use xinfang_domain::access::Actor;
use xinfang_domain::case::{Case, Petitioner};
use xinfang_domain::case_list::{CaseListItem, ListCursor};
use xinfang_domain::search::TextQuery;
use xinfang_domain::workflow::allowed_steps;
use xinfang_store::{CaseFilter, CaseSort, LeadUnit, Page, PageRequest};

use crate::json::ReindexJson;
pub use crate::json::SearchJson;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The milestones of a case the actor may see, with their states at `now`.
pub async fn milestones(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
    now: jiff::Timestamp,
) -> ServiceResult<Vec<MilestoneView>> {
    let rows = state.store.milestones(case_id, &actor.case_scope()).await?;
    Ok(milestone_views(rows, now))
}

/// Stored milestones as shown, with their states at `now`.
fn milestone_views(
    rows: Vec<xinfang_store::StoredMilestone>,
    now: jiff::Timestamp,
) -> Vec<MilestoneView> {
    use xinfang_domain::deadlines::{
        MilestoneKind, MilestoneRole, MilestoneState, format_due, state_at,
    };
    rows.into_iter()
        .map(|m| {
            let r = m.row;
            let kind = if r.is_window {
                MilestoneKind::Window
            } else {
                MilestoneKind::Deadline
            };
            let live = match (r.started_at, r.due_at) {
                (Some(_), Some(due)) => state_at(kind, due, r.warn_from, r.completed_at, now),
                _ => MilestoneState::parse(&r.state).unwrap_or(MilestoneState::NotStarted),
            };
            MilestoneView {
                key: r.key,
                name: r.name,
                state: live.label(),
                state_key: live.as_str(),
                is_window: r.is_window,
                answers_petitioner: r.role == Some(MilestoneRole::Answer),
                started_at: r.started_at,
                due_at: r.due_at,
                due_display: r.due_at.map(format_due),
                completed_at: r.completed_at,
                explanation: r.explanation,
                warnings: r.warnings,
            }
        })
        .collect()
}

/// The cases the actor may see, filtered; `limit` None returns all.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    filter: &CaseFilter,
    sort: CaseSort,
    limit: Option<i64>,
    offset: i64,
) -> ServiceResult<Page<CaseListItem>> {
    Ok(state
        .store
        .list_cases(filter, &actor.case_scope(), sort, limit, offset)
        .await?)
}

/// A page of the cases the actor may see, filtered (see
/// `Store::list_cases_page`), with how its text search was answered: by
/// its words, or — when they find nothing, so a fragment of a word (`危`
/// of `危房`) is still found — as written.
pub async fn list_page(
    state: &AppState,
    actor: &Actor,
    filter: &CaseFilter,
    sort: CaseSort,
    req: &PageRequest,
) -> ServiceResult<(Page<CaseListItem>, Option<SearchJson>)> {
    let scope = actor.case_scope();
    let query = match filter.text.as_deref() {
        Some(text) => TextQuery::parse(text, &*state.store.places().await?),
        None => None,
    };
    let page = state
        .store
        .list_cases_page(filter, &scope, sort, req)
        .await?;
    let Some(query) = query else {
        return Ok((page, None));
    };
    let reindex = state.store.index_backlog().await?.map(ReindexJson::from);
    let words = !filter.text_as_written && !query.words().is_empty();
    // Words no case has: the text as written instead.
    let (page, by_words) = if words && page.total == 0 && req.after.is_none() {
        let written = CaseFilter {
            text_as_written: true,
            ..filter.clone()
        };
        let page = state
            .store
            .list_cases_page(&written, &scope, sort, req)
            .await?;
        (page, false)
    } else {
        (page, words)
    };
    let search = SearchJson {
        words: if by_words {
            query.words().to_vec()
        } else {
            Vec::new()
        },
        as_written: !by_words,
        marks: if by_words {
            query.marks()
        } else {
            vec![query.text().to_string()]
        },
        reindex,
        ranked_newest: page.ranked_newest,
    };
    Ok((page, Some(search)))
}

/// The list order named by `sort`: `received` (接待日期, newest first) or
/// `relevance` (相关度: the text search's best matches first); blank is
/// `default`. 422 naming 排序 for anything else.
pub fn parse_sort(sort: &str, default: CaseSort) -> ServiceResult<CaseSort> {
    match sort.trim() {
        "" => Ok(default),
        "received" | "接待日期" => Ok(CaseSort::ReceivedDesc),
        "relevance" | "相关度" => Ok(CaseSort::Relevance),
        other => {
            let mut errors = xinfang_domain::errors::FieldErrors::default();
            errors.add(
                "sort",
                "排序",
                format!("“{other}”不是可用的排序（received 接待日期、relevance 相关度）"),
            );
            Err(ServiceError::Invalid(errors))
        }
    }
}

/// The counts a list page stops at: beyond it the list says "more than",
/// and a page by relevance ranks only as many matches, the newest received
/// (see `xinfang_store::CaseSort::Relevance`).
pub const COUNT_UP_TO: i64 = 10_000;

/// The cursor a request names (`after=`), checked: 422 naming 分页游标 when it is not one.
pub fn parse_cursor(text: &str) -> ServiceResult<Option<ListCursor>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match ListCursor::parse(text) {
        Some(c) => Ok(Some(c)),
        None => {
            let mut e = xinfang_domain::errors::FieldErrors::default();
            e.add(
                "after",
                "分页游标",
                format!(
                    "分页游标格式不正确“{}”，应使用上一页返回的 next",
                    text.trim()
                ),
            );
            Err(ServiceError::Invalid(e))
        }
    }
}

/// One case the actor may see.
pub async fn get(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<Case> {
    Ok(state.store.case(id, &actor.case_scope()).await?)
}

/// One case with its timeline, attachments and the viewer's possible steps.
pub async fn view(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<CaseView> {
    let case = get(state, actor, id).await?;
    // One scope check for the five lists.
    let records = state
        .store
        .case_records(case.id, &actor.case_scope())
        .await?;
    let other_petitions = self::other_petitions(state, actor, &case).await?;
    let accountability =
        crate::services::accountability::accountability_list::for_case(state, actor, &case).await?;
    Ok(view_with(
        state,
        actor,
        case,
        records,
        other_petitions,
        accountability,
    ))
}

/// The view of a case just registered by `actor` (within their area), made
/// of what the registration read and wrote: the case and its records as
/// written, and the count its repeat check made (asked only when the check
/// did not run). A registration takes no 问责 action, so there is none to
/// read.
pub async fn view_of_registered(
    state: &AppState,
    actor: &Actor,
    r: crate::services::cases::register_case::Registered,
) -> ServiceResult<CaseView> {
    let other_petitions = match r.other_petitions {
        Some(n) => n,
        None => self::other_petitions(state, actor, &r.case).await?,
    };
    Ok(view_with(
        state,
        actor,
        r.case,
        r.records,
        other_petitions,
        Vec::new(),
    ))
}

/// The view of `case` from what was read of it for `actor`.
fn view_with(
    state: &AppState,
    actor: &Actor,
    case: Case,
    records: xinfang_store::CaseRecords,
    other_petitions: usize,
    accountability: Vec<xinfang_store::AccountabilityRecord>,
) -> CaseView {
    let allowed_steps = allowed_steps(actor, &case);
    let milestones = milestone_views(records.milestones, state.now());
    let notices = crate::services::cases::deliveries::notice_statuses(
        &case,
        &records.events,
        &records.attachments,
    );
    CaseView {
        mediations: records.mediations,
        verifications: records.verifications,
        accountability,
        case,
        events: records.events,
        attachments: records.attachments,
        allowed_steps,
        milestones,
        notices,
        other_petitions,
    }
}

/// 此人近12个月另有N件信访 for a case: its petitioner's cases on other
/// categories anywhere in the district in the twelve months up to it.
async fn other_petitions(state: &AppState, actor: &Actor, case: &Case) -> ServiceResult<usize> {
    let Some(marks) = state.store.case_person_marks(case.id).await? else {
        return Ok(0);
    };
    let history = crate::services::cases::register_case::person_history(
        state,
        actor,
        &marks,
        case.category,
        case.received_at,
        Some(case.id),
    )
    .await?;
    Ok(history.other_categories)
}

/// Resolve a case given by id or by number.
pub async fn resolve(state: &AppState, actor: &Actor, id_or_number: &str) -> ServiceResult<Case> {
    match id_or_number.trim().parse::<i64>() {
        Ok(id) => get(state, actor, id).await,
        Err(_) => Ok(state
            .store
            .case_by_number(id_or_number, &actor.case_scope())
            .await?),
    }
}

/// A petitioner and the cases of theirs the actor may see. A petitioner with
/// no visible case is reported as not found.
pub async fn petitioner(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<(Petitioner, Vec<CaseListItem>)> {
    let filter = CaseFilter {
        petitioner_id: Some(id),
        ..CaseFilter::default()
    };
    let cases = list(state, actor, &filter, CaseSort::ReceivedDesc, None, 0).await?;
    if cases.items.is_empty() {
        return Err(crate::services::ServiceError::NotFound(
            "未找到该信访人，或您无权查看".into(),
        ));
    }
    let p = state.store.petitioner(id, &actor.case_scope()).await?;
    Ok((p, cases.items))
}

/// List filters as typed in a URL, a form or on the command line.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct FilterInput {
    /// 乡镇: id, full name or name without suffix.
    pub township: String,
    /// 信访类型
    pub kind: String,
    /// 信访渠道
    pub channel: String,
    /// 问题类别
    pub category: String,
    /// Status label or key; `open` for every case not closed.
    pub status: String,
    /// 来源层级
    pub source_level: String,
    /// Received on or after this date (YYYY-MM-DD).
    pub from: String,
    /// Received on or before this date (YYYY-MM-DD).
    pub to: String,
    /// Text in summary, number or petitioner name.
    pub q: String,
    /// 积案 only when 是/1/true.
    pub backlog: String,
    /// 越级去向: 赴市, 赴省 or 进京 (label or key).
    pub escalated_to: String,
    /// 重复访判定 given at registration: `confirm` or `override` (label or key).
    pub repeat_decision: String,
    /// 越级去向 赴省 or 进京 only, when 是/1/true (赴省级以上越级访).
    pub escalated_province_or_above: String,
    /// Only cases linked to an earlier case they repeat, when 是/1/true.
    pub repeats_earlier: String,
    /// 舆情等级: 一般, 较大 or 重大 (label or key).
    pub severity: String,
    /// Only cases whose petitioner stays 不满意 after delivery and which wait
    /// for the district's decision, when 是/1/true.
    pub awaiting_decision: String,
    /// Only the cases one statistics figure counts: its JSON key
    /// (`on_time`, `overdue_open`, …) or Chinese label (按期办结, …).
    pub figure: String,
    /// 责任单位: the lead unit's id, code or name, or `（无）`/`none` for
    /// cases not yet assigned.
    pub lead_unit: String,
}

/// Turn typed filters into a store filter; unknown values are named errors.
pub async fn resolve_filter(state: &AppState, input: &FilterInput) -> ServiceResult<CaseFilter> {
    use xinfang_domain::errors::{FieldReader, truthy};
    use xinfang_domain::vocab::{CaseKind, Category, Channel, SourceLevel};
    use xinfang_domain::workflow::CaseStatus;
    let mut r = FieldReader::default();
    let mut f = CaseFilter {
        kind: r.optional_choice("kind", "信访类型", &input.kind, CaseKind::parse),
        channel: r.optional_choice("channel", "信访渠道", &input.channel, Channel::parse),
        category: r.optional_choice("category", "问题类别", &input.category, Category::parse),
        source_level: r.optional_choice(
            "source_level",
            "来源层级",
            &input.source_level,
            SourceLevel::parse,
        ),
        text: Some(input.q.trim().to_string()).filter(|q| !q.is_empty()),
        backlog: truthy(&input.backlog).then_some(true),
        escalated_to: r.optional_choice(
            "escalated_to",
            "越级去向",
            &input.escalated_to,
            xinfang_domain::vocab::EscalatedTo::parse,
        ),
        repeat_decision: r.optional_choice(
            "repeat_decision",
            "重复访判定",
            &input.repeat_decision,
            xinfang_domain::repeat::RepeatDecision::parse,
        ),
        awaiting_decision: truthy(&input.awaiting_decision),
        escalated_province_or_above: truthy(&input.escalated_province_or_above),
        repeats_earlier: truthy(&input.repeats_earlier),
        severity: r.optional_choice(
            "severity",
            "舆情等级",
            &input.severity,
            xinfang_domain::vocab::OnlineSeverity::parse,
        ),
        figure: r.optional_choice(
            "figure",
            "统计指标",
            &input.figure,
            xinfang_domain::statistics::Figure::parse,
        ),
        now: Some(state.now()),
        ..CaseFilter::default()
    };
    match input.status.trim() {
        "" => {}
        "open" | "未办结" => f.open_only = true,
        s => f.status = r.optional_choice("status", "状态", s, CaseStatus::parse),
    }
    f.received_from = r.optional_time("from", "起始日期", &input.from);
    if let Some(to) = r.optional_time("to", "截止日期", &input.to) {
        // A bare date means the whole day.
        let whole_day = input.to.trim().len() == 10;
        f.received_to = Some(if whole_day {
            to + jiff::SignedDuration::from_hours(24)
        } else {
            to
        });
    }
    let township = input.township.trim();
    if !township.is_empty() {
        let orgs = state.store.list_orgs().await?;
        let found = orgs
            .iter()
            .find(|o| {
                o.kind == xinfang_domain::org::OrgKind::Township
                    && (o.id.to_string() == township || o.code == township)
            })
            .or_else(|| xinfang_domain::org::find_township(&orgs, township));
        match found {
            Some(o) => f.township_id = Some(o.id),
            None => r
                .errors
                .add("township", "乡镇", format!("没有名为“{township}”的乡镇")),
        }
    }
    let unit = input.lead_unit.trim();
    if !unit.is_empty() {
        if unit == xinfang_domain::statistics::NO_GROUP || unit == "none" {
            f.lead_unit = Some(LeadUnit::Unassigned);
        } else {
            let orgs = state.store.list_orgs().await?;
            match orgs
                .iter()
                .find(|o| o.id.to_string() == unit || o.code == unit || o.name == unit)
            {
                Some(o) => f.lead_unit = Some(LeadUnit::Org(o.id)),
                None => r
                    .errors
                    .add("lead_unit", "责任单位", format!("没有名为“{unit}”的单位")),
            }
        }
    }
    r.errors
        .into_result(f)
        .map_err(crate::services::ServiceError::Invalid)
}
