//! A case's ledger details: the backlog block (积案: 初访时间, 积案原因, 包案人,
//! 一案一策 with its due date, 跟踪回访) of Annex 2 and the provincial block
//! (办结时限, 复查情况, 复核情况, 涉法涉诉涉纪件工作进度) of Annex 4.

pub use crate::views::CaseLedgerView;
use jiff::Timestamp;
use xinfang_domain::access::{Actor, Role};
use xinfang_domain::case_ledger::BacklogChange;
pub use xinfang_domain::case_ledger::{BacklogInput, FollowUpInput, ProvincialInput};
use xinfang_domain::deadlines::MilestoneRole;
use xinfang_domain::permission::{Permission, Place};
use xinfang_domain::vocab::SourceLevel;
use xinfang_store::CaseLedgerWrite;

use crate::services::deadlines::milestones::refresh_milestones;
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// A case the actor may see, with its ledger details.
pub async fn view(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<CaseLedgerView> {
    let case = crate::services::cases::query::get(state, actor, id).await?;
    let scope = actor.case_scope();
    let ledger = state.store.case_ledger(id, &scope).await?;
    let followups = state.store.followups(id, &scope).await?;
    let handled_due = state
        .store
        .milestones(id, &scope)
        .await?
        .into_iter()
        .filter(|m| m.row.role == Some(MilestoneRole::Answer))
        .find_map(|m| m.row.due_at);
    let here = Place::case(&case);
    Ok(CaseLedgerView {
        case,
        ledger,
        followups,
        handled_due,
        may_edit: actor.may(Permission::EditCaseLedger, &here),
        may_set_leader: actor.may(Permission::SetCaseLeader, &here),
    })
}

fn editable(state_view: &CaseLedgerView) -> ServiceResult<()> {
    if state_view.may_edit {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "您只能查看该案件，不能修改台账信息".into(),
        ))
    }
}

/// Save the backlog block. Only the district changes the 包案人.
pub async fn save_backlog(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &BacklogInput,
    now: Timestamp,
) -> ServiceResult<()> {
    let v = view(state, actor, id).await?;
    editable(&v)?;
    let stored = BacklogChange {
        backlog: v.case.backlog,
        backlog_reason: v.case.backlog_reason.clone(),
        leader_user_id: v.case.leader_user_id,
    };
    let edit = input.parse(&stored, &v.ledger, now)?;
    let leader = edit.change.leader_user_id;
    if leader != v.case.leader_user_id {
        if !v.may_set_leader {
            return Err(field_error(
                "leader_user_id",
                "包案人",
                "只有区乡村振兴局可以更改包案人",
            ));
        }
        if let Some(uid) = leader {
            let ok = state
                .store
                .list_users()
                .await?
                .iter()
                .any(|u| u.id == uid && u.active && u.roles.contains(&Role::CaseLeader));
            if !ok {
                return Err(field_error(
                    "leader_user_id",
                    "包案人",
                    "所选用户不是包案领导",
                ));
            }
        }
    }
    let backlog = edit.change.backlog;
    let unchanged = edit.change == stored;
    let write = CaseLedgerWrite {
        case_id: id,
        expected_version: edit.version.or(Some(v.case.version)),
        backlog: (!unchanged).then_some(edit.change),
        ledger: edit.ledger,
        text: if backlog {
            "更新积案信息（一案一策）".into()
        } else {
            "更新积案信息：不列为积案".into()
        },
        before: serde_json::to_string(&v.ledger).ok(),
    };
    state
        .store
        .save_case_ledgers(&[write], actor, now, false)
        .await?;
    // 积案 and its 化解时限 are clocks.
    refresh_milestones(state, id, now).await
}

/// Save the provincial block of a 省交办 case.
pub async fn save_provincial(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &ProvincialInput,
    now: Timestamp,
) -> ServiceResult<()> {
    let v = view(state, actor, id).await?;
    editable(&v)?;
    if v.case.source_level != SourceLevel::Province {
        return Err(ServiceError::NotNow(
            "只有省交办案件需要填写省级交办办理情况".into(),
        ));
    }
    let ledger = input.parse(&v.ledger, v.handled_due)?;
    let write = CaseLedgerWrite {
        case_id: id,
        expected_version: None,
        backlog: None,
        ledger,
        text: "更新省级交办办理情况".into(),
        before: serde_json::to_string(&v.ledger).ok(),
    };
    state
        .store
        .save_case_ledgers(&[write], actor, now, false)
        .await?;
    Ok(())
}

/// Record a follow-up contact (跟踪回访).
pub async fn add_followup(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &FollowUpInput,
    now: Timestamp,
) -> ServiceResult<()> {
    let v = view(state, actor, id).await?;
    editable(&v)?;
    let f = input.parse(v.case.received_at, now)?;
    state
        .store
        .add_followup(id, f.visited_at, &f.note, actor, now)
        .await?;
    // A follow-up restarts the 积案 contact rhythm.
    refresh_milestones(state, id, now).await
}
