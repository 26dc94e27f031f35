//! A case's ledger details: the backlog block (积案: 初访时间, 积案原因, 包案人,
//! 一案一策 with its due date, 跟踪回访) of Annex 2 and the provincial block
//! (办结时限, 复查情况, 复核情况, 涉法涉诉涉纪件工作进度) of Annex 4.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use xinfang_domain::access::{Actor, Role};
use xinfang_domain::case::Case;
use xinfang_domain::errors::{FieldReader, truthy};
use xinfang_domain::permission::{Permission, Place};
use xinfang_domain::vocab::SourceLevel;
use xinfang_store::{BacklogChange, CaseLedger, CaseLedgerWrite, FollowUp};

use crate::services::ledgers::rows::{date_of, due_date, end_of};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// A case with its ledger details, as its ledger page shows them.
#[derive(Debug, Clone, Serialize)]
pub struct CaseLedgerView {
    /// The case.
    pub case: Case,
    /// Its ledger details.
    pub ledger: CaseLedger,
    /// Its follow-up contacts, oldest first.
    pub followups: Vec<FollowUp>,
    /// The handled milestone's due time, the default 办结时限.
    pub handled_due: Option<Timestamp>,
    /// The viewer may change the details.
    pub may_edit: bool,
    /// The viewer may change the 包案人.
    pub may_set_leader: bool,
}

/// The backlog form (Annex 2 fields kept on the case). A field left out
/// keeps its stored value; a blank one clears it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BacklogInput {
    /// 是否积案: 是/否.
    pub backlog: Option<String>,
    /// 积案原因
    pub backlog_reason: Option<String>,
    /// 包案人 (user id), blank for none.
    pub leader_user_id: Option<String>,
    /// 初访时间 (date or date and time), blank for the 接待日期.
    pub first_visit_at: Option<String>,
    /// 一案一策 — the resolution plan.
    pub plan: Option<String>,
    /// The plan's due date (YYYY-MM-DD).
    pub plan_due: Option<String>,
    /// The case version the form was built from.
    pub version: String,
}

/// The provincial form (Annex 4 fields kept on the case). A field left out
/// keeps its stored value; a blank one clears it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProvincialInput {
    /// 办结时限 (YYYY-MM-DD), blank for the handled milestone's due day.
    pub due: Option<String>,
    /// 复查情况
    pub review: Option<String>,
    /// 复核情况
    pub second_review: Option<String>,
    /// 涉法涉诉涉纪件工作进度
    pub legal_progress: Option<String>,
}

/// A follow-up contact (跟踪回访) as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct FollowUpInput {
    /// When (date, or date and time).
    pub at: String,
    /// What was said and found.
    pub note: String,
}

/// A case the actor may see, with its ledger details.
pub async fn view(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<CaseLedgerView> {
    let case = crate::services::cases::query::get(state, actor, id).await?;
    let ledger = state.store.case_ledger(id).await?;
    let followups = state.store.followups(id).await?;
    let handled_due = state
        .store
        .milestones(id)
        .await?
        .into_iter()
        .filter(|m| m.row.key == "handled" || m.row.key == "handle")
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

fn day(r: &mut FieldReader, field: &str, label: &str, v: &str) -> Option<jiff::civil::Date> {
    let s = v.trim();
    if s.is_empty() {
        return None;
    }
    let parsed = jiff::civil::Date::strptime("%Y-%m-%d", s.get(..10).unwrap_or(s)).ok();
    if parsed.is_none() {
        r.errors.add(
            field,
            label,
            format!("日期格式不正确“{s}”，应如 2022-10-10"),
        );
    }
    parsed
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
    let mut r = FieldReader::default();
    let backlog = input.backlog.as_deref().map_or(v.case.backlog, truthy);
    let reason = match &input.backlog_reason {
        Some(s) => r.optional("backlog_reason", "积案原因", s, 500),
        None => v.case.backlog_reason.clone(),
    };
    if backlog && reason.is_none() {
        r.errors
            .add("backlog_reason", "积案原因", "积案必须填写积案原因");
    }
    let leader = match &input.leader_user_id {
        Some(s) => r.optional_id("leader_user_id", "包案人", s),
        None => v.case.leader_user_id,
    };
    let first_visit_at = match &input.first_visit_at {
        Some(s) => r.optional_time("first_visit_at", "初访时间", s),
        None => v.ledger.first_visit_at,
    };
    if input.first_visit_at.is_some() && first_visit_at.is_some_and(|t| t > now) {
        r.errors
            .add("first_visit_at", "初访时间", "不能晚于当前时间");
    }
    let plan = match &input.plan {
        Some(s) => r.optional("plan", "一案一策", s, 2000).unwrap_or_default(),
        None => v.ledger.plan.clone(),
    };
    let plan_due_at = match &input.plan_due {
        Some(s) => day(&mut r, "plan_due", "化解时限", s).map(end_of),
        None => v.ledger.plan_due_at,
    };
    if !r.errors.is_empty() {
        return Err(ServiceError::Invalid(r.errors));
    }
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
    let change = BacklogChange {
        backlog,
        backlog_reason: reason,
        leader_user_id: leader,
    };
    let unchanged = change.backlog == v.case.backlog
        && change.backlog_reason == v.case.backlog_reason
        && change.leader_user_id == v.case.leader_user_id;
    let ledger = CaseLedger {
        first_visit_at,
        plan,
        plan_due_at,
        ..v.ledger.clone()
    };
    let write = CaseLedgerWrite {
        case_id: id,
        expected_version: input.version.trim().parse().ok().or(Some(v.case.version)),
        backlog: (!unchanged).then_some(change),
        ledger,
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
    Ok(())
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
    let mut r = FieldReader::default();
    let mut text = |field: &str, label: &str, given: &Option<String>, stored: &String| match given {
        Some(s) => r.optional(field, label, s, 1000).unwrap_or_default(),
        None => stored.clone(),
    };
    let review = text("review", "复查情况", &input.review, &v.ledger.review);
    let second_review = text(
        "second_review",
        "复核情况",
        &input.second_review,
        &v.ledger.second_review,
    );
    let legal_progress = text(
        "legal_progress",
        "涉法涉诉涉纪件工作进度",
        &input.legal_progress,
        &v.ledger.legal_progress,
    );
    // A due day equal to the milestone's is not an override.
    let milestone_day = v.handled_due.map(due_date);
    let due_at = match &input.due {
        Some(s) => day(&mut r, "due", "办结时限", s)
            .filter(|d| Some(*d) != milestone_day)
            .map(end_of),
        None => v.ledger.due_at,
    };
    if !r.errors.is_empty() {
        return Err(ServiceError::Invalid(r.errors));
    }
    let ledger = CaseLedger {
        due_at,
        review,
        second_review,
        legal_progress,
        ..v.ledger.clone()
    };
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
    let mut r = FieldReader::default();
    let at = r.time("at", "回访时间", &input.at);
    let note = r.required("note", "回访情况", &input.note, 1000);
    if at.is_some_and(|t| t > now + jiff::SignedDuration::from_mins(10)) {
        r.errors.add("at", "回访时间", "不能晚于当前时间");
    }
    if at.is_some_and(|t| date_of(t) < date_of(v.case.received_at)) {
        r.errors.add("at", "回访时间", "不能早于案件的接待日期");
    }
    match at {
        Some(at) if r.errors.is_empty() => {
            state.store.add_followup(id, at, &note, actor, now).await?;
            Ok(())
        }
        _ => Err(ServiceError::Invalid(r.errors)),
    }
}
