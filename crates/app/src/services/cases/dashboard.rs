//! 工作台 — the first page after login: counts by step, what waits for me,
//! the newest activity and today's duties.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::clock::format_local;
use xinfang_domain::menu::Menu;
use xinfang_domain::permission::{Permission, Place};
use xinfang_domain::workflow::CaseStatus;
use xinfang_store::{CaseFilter, CaseSort};

use crate::json::CaseSummaryJson;
use crate::services::ServiceResult;
use crate::services::cases::query::list;
use crate::state::AppState;

/// Cases in one status.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    /// Status key.
    pub key: &'static str,
    /// Status label.
    pub label: &'static str,
    /// The six-step character: 接, 转, 办, 回, 交.
    pub step: &'static str,
    /// Cases the viewer may see in it.
    pub count: i64,
}

/// One line of the newest activity.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityLine {
    /// The case.
    pub case_id: i64,
    /// Its number.
    pub number: String,
    /// Event kind label.
    pub kind: &'static str,
    /// Who.
    pub actor: String,
    /// When, local.
    pub at: String,
    /// What.
    pub text: String,
}

/// A duty of the day (e.g. the Friday report).
#[derive(Debug, Clone, Serialize)]
pub struct DutyLine {
    /// Title.
    pub title: String,
    /// Detail.
    pub detail: String,
    /// Due today.
    pub urgent: bool,
}

/// What the 工作台 shows.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    /// Cases by status, in the six steps' order.
    pub counts: Vec<StatusCount>,
    /// The queue: for the district what waits to be assigned, else the viewer's open cases.
    pub todo: Vec<CaseSummaryJson>,
    /// All cases in the queue.
    pub todo_total: i64,
    /// The queue's heading.
    pub todo_title: &'static str,
    /// For those who decide on a petitioner who stays 不满意 after delivery
    /// (the district): the cases waiting for that decision, latest first.
    pub decisions: Vec<CaseSummaryJson>,
    /// All cases waiting for that decision.
    pub decisions_total: i64,
    /// The newest activity on cases the viewer may see.
    pub events: Vec<ActivityLine>,
    /// Today's duties for the viewer's level.
    pub duties: Vec<DutyLine>,
    /// 问责 this year that the viewer may read: the year and the count per
    /// type (None for those who read none).
    pub accountability: Option<AccountabilityCount>,
    /// 待研判 — entries awaiting each level the viewer assesses (三级研判).
    pub assessments: Vec<crate::json::QueueCountJson>,
    /// 敏感节点 on today, who has not made today's 零报告, key-person contacts due.
    pub risk: Option<crate::services::periods::panel::RiskPanel>,
}

/// 问责 this year on the 工作台.
#[derive(Debug, Clone, Serialize)]
pub struct AccountabilityCount {
    /// 年度.
    pub year: i16,
    /// All actions.
    pub total: i64,
    /// Per type: label and count.
    pub by_kind: Vec<(&'static str, i64)>,
}

/// The 工作台 of `actor`.
pub async fn dashboard(state: &AppState, actor: &Actor) -> ServiceResult<Dashboard> {
    let scope = actor.case_scope();
    let counts = state
        .store
        .case_counts_by_status(&scope)
        .await?
        .into_iter()
        .map(|(status, count)| StatusCount {
            key: status.as_str(),
            label: status.label(),
            step: status.step_char(),
            count,
        })
        .collect();
    // The district's queue is what waits for it (转办, 办结); everyone else's is their open cases.
    let menu = Menu::of(actor);
    let todo_filter = CaseFilter {
        status: menu.is_district.then_some(CaseStatus::Registered),
        open_only: true,
        ..CaseFilter::default()
    };
    let todo = list(
        state,
        actor,
        &todo_filter,
        CaseSort::UpdatedDesc,
        Some(15),
        0,
    )
    .await?;
    // The district's decisions on the dissatisfied (退回重办 or 依法办结) wait
    // in 回访 and would otherwise be found only case by case.
    let decisions = if actor.may(Permission::DecideDissatisfied, &Place::Somewhere) {
        let filter = CaseFilter {
            awaiting_decision: true,
            ..CaseFilter::default()
        };
        Some(list(state, actor, &filter, CaseSort::UpdatedDesc, Some(15), 0).await?)
    } else {
        None
    };
    let events = state
        .store
        .recent_events(&scope, 15)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(e, number)| ActivityLine {
            case_id: e.case_id,
            number,
            kind: e.kind.label(),
            at: format_local(e.occurred_at),
            actor: e.actor_name,
            text: e.text,
        })
        .collect();
    let today = xinfang_domain::clock::to_local(state.now()).date();
    let settings = state.deadline_settings().await?;
    let duties = xinfang_domain::duties::duties_on(today, &settings.calendar)
        .into_iter()
        .filter(|d| d.audience.includes(actor))
        .collect();
    let duties =
        crate::services::training::people_duties::with_people_duties(state, actor, today, duties)
            .await?
            .into_iter()
            .map(|d| DutyLine {
                title: d.title,
                detail: d.detail,
                urgent: d.urgent,
            })
            .collect();
    Ok(Dashboard {
        counts,
        todo: todo.items.iter().map(CaseSummaryJson::from).collect(),
        todo_total: todo.total,
        decisions: decisions
            .as_ref()
            .map(|d| d.items.iter().map(CaseSummaryJson::from).collect())
            .unwrap_or_default(),
        decisions_total: decisions.map_or(0, |d| d.total),
        todo_title: if menu.is_district {
            "待转办案件"
        } else {
            "我的待办案件"
        },
        events,
        duties,
        assessments: crate::services::risk::assessments::my_queues(state, actor).await?,
        accountability: crate::services::accountability::accountability_list::this_year(
            state, actor,
        )
        .await?
        .map(|(year, by_kind)| AccountabilityCount {
            year,
            total: by_kind.iter().map(|(_, n)| n).sum(),
            by_kind,
        }),
        risk: crate::services::periods::panel::risk_panel(state, actor).await?,
    })
}
