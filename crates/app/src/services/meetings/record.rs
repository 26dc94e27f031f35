//! 录入隐患分析排查会议 and 措施落实: a township records its meeting (the
//! district may for it); whoever may record for the township marks a
//! measure done.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::clock::local_date;
use xinfang_domain::meeting::{MeasureDoneInput, MeetingInput};
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check};

use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Record a meeting; returns its id. A township's user records for its own
/// township (the field may be blank); the district names the township.
pub async fn record_meeting(
    state: &AppState,
    actor: &Actor,
    input: &MeetingInput,
    now: Timestamp,
) -> ServiceResult<i64> {
    check(actor, Permission::RecordMeeting, &Place::Somewhere)?;
    let township_id = match input.township_id.trim() {
        "" if actor.org_kind == OrgKind::Township => actor.org_id,
        "" => return Err(field_error("township_id", "乡镇", "请选择召开会议的乡镇")),
        t => t
            .parse::<i64>()
            .map_err(|_| field_error("township_id", "乡镇", "应为乡镇编号"))?,
    };
    let org = state
        .store
        .org(township_id)
        .await
        .map_err(|_| field_error("township_id", "乡镇", "没有这个乡镇"))?;
    if org.kind != OrgKind::Township {
        return Err(field_error("township_id", "乡镇", "应为乡镇"));
    }
    check(actor, Permission::RecordMeeting, &Place::Org(township_id))?;
    let meeting = input.parse(local_date(now))?;
    Ok(state
        .store
        .add_meeting(township_id, &meeting, actor, now)
        .await?)
}

/// Mark measure `measure_id` of meeting `meeting_id` carried out.
pub async fn complete_measure(
    state: &AppState,
    actor: &Actor,
    meeting_id: i64,
    measure_id: i64,
    input: &MeasureDoneInput,
    now: Timestamp,
) -> ServiceResult<()> {
    check(actor, Permission::RecordMeeting, &Place::Somewhere)?;
    let m = state.store.measure(measure_id).await?;
    if m.meeting_id != meeting_id || !actor_reads(actor, m.township_id) {
        return Err(ServiceError::NotFound("未找到该措施".into()));
    }
    check(actor, Permission::RecordMeeting, &Place::Org(m.township_id))?;
    let done = input.parse(m.held_on, local_date(now))?;
    Ok(state
        .store
        .complete_measure(measure_id, &done, actor, now)
        .await?)
}

/// Whether the actor may read township `township_id`'s meetings.
pub fn actor_reads(actor: &Actor, township_id: i64) -> bool {
    actor.may(Permission::ReadMeetings, &Place::Org(township_id))
}
