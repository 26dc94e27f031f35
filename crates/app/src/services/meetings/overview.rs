//! Reading the meetings: the month's overview (which townships held theirs,
//! their open and overdue measures), one meeting, and the open measures the
//! 待办 lists.

use jiff::civil::Date;
use xinfang_domain::access::Actor;
use xinfang_domain::clock::local_date;
use xinfang_domain::meeting::{MeasureState, Month};
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check, only_own_org};
use xinfang_store::{MeasureRecord, MeetingRecord};

use super::record::actor_reads;
use crate::json::{MeetingJson, MonthOverviewJson, TownshipMeetingJson};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// The month asked for (`YYYY-MM`), or this month when blank.
pub fn month_or_this(state: &AppState, text: &str) -> ServiceResult<Month> {
    if text.trim().is_empty() {
        return Ok(Month::of(local_date(state.now())));
    }
    Month::parse(text).ok_or_else(|| field_error("month", "月份", "应如 2022-10"))
}

/// The townships the actor reads meetings of: its own, or all.
async fn townships(state: &AppState, actor: &Actor) -> ServiceResult<Vec<(i64, String)>> {
    check(actor, Permission::ReadMeetings, &Place::Somewhere)?;
    let own = only_own_org(actor, Permission::ReadMeetings);
    let mut orgs: Vec<_> = state
        .store
        .list_orgs()
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::Township && own.is_none_or(|id| id == o.id))
        .collect();
    orgs.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(orgs.into_iter().map(|o| (o.id, o.name)).collect())
}

/// Month `month` for every township the actor reads: its meetings, and its
/// measures still open today and of those overdue.
pub async fn month_overview(
    state: &AppState,
    actor: &Actor,
    month: Month,
) -> ServiceResult<MonthOverviewJson> {
    let towns = townships(state, actor).await?;
    let own = only_own_org(actor, Permission::ReadMeetings);
    let held = state.store.meetings_in(own, month).await?;
    let open = state.store.open_measures(own).await?;
    let today = local_date(state.now());
    let rows: Vec<TownshipMeetingJson> = towns
        .iter()
        .map(|(id, name)| {
            let meetings: Vec<MeetingJson> = held
                .iter()
                .filter(|m| m.township_id == *id)
                .map(|m| MeetingJson::new(m, today))
                .collect();
            let states: Vec<MeasureState> = open
                .iter()
                .filter(|m| m.township_id == *id)
                .map(|m| MeasureState::of(m.measure.due, None, today))
                .collect();
            TownshipMeetingJson {
                township_id: *id,
                township: name.clone(),
                held: !meetings.is_empty(),
                meetings,
                open_measures: states.len() as i64,
                overdue_measures: states
                    .iter()
                    .filter(|s| **s == MeasureState::Overdue)
                    .count() as i64,
            }
        })
        .collect();
    Ok(MonthOverviewJson {
        month: month.to_string(),
        held: rows.iter().filter(|r| r.held).count() as i64,
        townships: rows,
    })
}

/// One meeting, if the actor reads its township's.
pub async fn meeting(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<MeetingRecord> {
    check(actor, Permission::ReadMeetings, &Place::Somewhere)?;
    let m = state.store.meeting(id).await?;
    if !actor_reads(actor, m.township_id) {
        return Err(ServiceError::NotFound("未找到该会议记录".into()));
    }
    Ok(m)
}

/// The measures still open that the actor reads, soonest due first.
pub async fn open_measures(state: &AppState, actor: &Actor) -> ServiceResult<Vec<MeasureRecord>> {
    if !actor.may(Permission::ReadMeetings, &Place::Somewhere) {
        return Ok(Vec::new());
    }
    let own = only_own_org(actor, Permission::ReadMeetings);
    Ok(state.store.open_measures(own).await?)
}

/// Today, local.
pub fn today(state: &AppState) -> Date {
    local_date(state.now())
}
