//! 待办 — what is overdue, due today and due soon, for me, my unit, my township or the district.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, Role};
use xinfang_store::{TodoBucket, TodoFilter, TodoItem};

use crate::services::ServiceResult;
use crate::state::AppState;

/// Whose list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Who {
    /// Cases I handle.
    Me,
    /// Cases of my unit.
    Unit,
    /// Cases in my township.
    Township,
    /// Every case I may see.
    District,
}

impl Who {
    /// From a query value; the default depends on the role.
    pub fn parse(s: &str, actor: &Actor) -> Who {
        match s {
            "me" => Who::Me,
            "unit" => Who::Unit,
            "township" => Who::Township,
            "district" => Who::District,
            _ if actor.has(Role::DistrictAdmin) || actor.has(Role::Inspector) => Who::District,
            _ if actor.has(Role::TownshipOfficer) => Who::Township,
            _ if actor.has(Role::DepartmentHandler) => Who::Unit,
            _ => Who::District,
        }
    }

    /// Query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Who::Me => "me",
            Who::Unit => "unit",
            Who::Township => "township",
            Who::District => "district",
        }
    }
}

/// The three lists and the overdue counts by unit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TodoView {
    /// Whose.
    pub who: Who,
    /// 已超期
    pub overdue: Vec<TodoItem>,
    /// 今日到期
    pub due_today: Vec<TodoItem>,
    /// 临期预警
    pub due_soon: Vec<TodoItem>,
    /// Overdue milestones by responsible unit.
    pub overdue_by_unit: Vec<(String, i64)>,
    /// 待研判 — screening entries awaiting each level the actor assesses.
    pub assessments: Vec<crate::json::QueueCountJson>,
}

/// The actor's 待办 at `now`. The scope still applies: a township's "district" list is its own cases.
pub async fn todo(
    state: &AppState,
    actor: &Actor,
    who: Who,
    now: Timestamp,
) -> ServiceResult<TodoView> {
    let filter = match who {
        Who::Me => TodoFilter {
            handler_user_id: Some(actor.user_id),
            ..TodoFilter::default()
        },
        Who::Unit => TodoFilter {
            unit_id: Some(actor.org_id),
            ..TodoFilter::default()
        },
        Who::Township => TodoFilter {
            township_id: Some(actor.org_id),
            ..TodoFilter::default()
        },
        Who::District => TodoFilter::default(),
    };
    let scope = actor.case_scope();
    let today = xinfang_domain::clock::to_local(now).date();
    let tomorrow = today
        .tomorrow()
        .map(|d| xinfang_domain::clock::from_local(d.to_datetime(jiff::civil::Time::midnight())))
        .unwrap_or(now);
    let store = &state.store;
    Ok(TodoView {
        who,
        overdue: store
            .todo(&scope, filter, TodoBucket::Overdue, now, tomorrow, 200)
            .await?,
        due_today: store
            .todo(&scope, filter, TodoBucket::DueToday, now, tomorrow, 200)
            .await?,
        due_soon: store
            .todo(&scope, filter, TodoBucket::DueSoon, now, tomorrow, 200)
            .await?,
        overdue_by_unit: store.overdue_by_unit(&scope, now).await?,
        assessments: crate::services::risk::assessments::my_queues(state, actor).await?,
    })
}
