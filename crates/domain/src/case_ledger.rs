//! A case's ledger blocks (台账信息): backlog (积案, Annex 2), provincial handling
//! (省交办, Annex 4) and follow-up contacts (跟踪回访), with the pure parse of each form.
//!
//! A field left out of a backlog or provincial form keeps its stored value;
//! a blank one clears it. Whether the user may change the block, and whether
//! a chosen 包案人 is a case leader, are for the caller to check: those need
//! the permission table and the user list.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::clock::{due_day, end_of_day, local_date};
use crate::errors::{FieldErrors, FieldReader};

/// The ledger details kept beside a case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CaseLedger {
    /// 初访时间 — the first visit or letter on the matter (None: the case's 接待日期).
    pub first_visit_at: Option<Timestamp>,
    /// 一案一策 — the resolution plan.
    pub plan: String,
    /// The plan's due date (24:00 of the day).
    pub plan_due_at: Option<Timestamp>,
    /// 办结时限 set by hand (None: the handled milestone's due time).
    pub due_at: Option<Timestamp>,
    /// 复查情况 — dates and progress (empty: read from the review events).
    pub review: String,
    /// 复核情况 — dates and progress (empty: read from the review events).
    pub second_review: String,
    /// 涉法涉诉涉纪件工作进度.
    pub legal_progress: String,
    /// 销号: when the backlog case was marked resolved.
    pub resolved_at: Option<Timestamp>,
    /// 销号: what was done and what shows it.
    pub resolution_evidence: String,
    /// 销号: the attachment that proves it.
    pub resolution_attachment_id: Option<i64>,
}

/// A case's own backlog fields (kept on the case itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BacklogChange {
    /// 是否积案
    pub backlog: bool,
    /// 积案原因
    pub backlog_reason: Option<String>,
    /// 包案人 (user id).
    pub leader_user_id: Option<i64>,
}

/// A follow-up contact (跟踪回访) on a case.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUp {
    /// Id.
    pub id: i64,
    /// When the petitioner was contacted.
    pub visited_at: Timestamp,
    /// What was said and found.
    pub note: String,
    /// Who entered it.
    pub created_by: Option<String>,
    /// When it was entered.
    pub created_at: Timestamp,
}

/// The backlog form (Annex 2 fields kept on the case).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// The provincial form (Annex 4 fields kept on the case).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FollowUpInput {
    /// When (date, or date and time).
    pub at: String,
    /// What was said and found.
    pub note: String,
}

/// A new follow-up contact, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFollowUp {
    /// When the petitioner was contacted.
    pub visited_at: Timestamp,
    /// What was said and found.
    pub note: String,
}

/// A parsed backlog form: the case's own fields and the ledger details after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacklogEdit {
    /// The case's backlog fields.
    pub change: BacklogChange,
    /// The ledger details.
    pub ledger: CaseLedger,
    /// The version the form was built from, when it said.
    pub version: Option<i64>,
}

/// A date typed as `2022-10-10` (a time after it is ignored); blank is None.
pub(crate) fn day(r: &mut FieldReader, field: &str, label: &str, v: &str) -> Option<Date> {
    let s = v.trim();
    if s.is_empty() {
        return None;
    }
    let parsed = Date::strptime("%Y-%m-%d", s.get(..10).unwrap_or(s)).ok();
    if parsed.is_none() {
        r.errors.add(
            field,
            label,
            format!("日期格式不正确“{s}”，应如 2022-10-10"),
        );
    }
    parsed
}

impl BacklogInput {
    /// The backlog block after this form, given the case's `stored` fields and
    /// ledger; `now` bounds the 初访时间.
    pub fn parse(
        &self,
        stored: &BacklogChange,
        ledger: &CaseLedger,
        now: Timestamp,
    ) -> Result<BacklogEdit, FieldErrors> {
        let mut r = FieldReader::default();
        let backlog = match self.backlog.as_deref() {
            Some(s) => r.flag("backlog", "是否积案", s),
            None => stored.backlog,
        };
        let reason = match &self.backlog_reason {
            Some(s) => r.optional("backlog_reason", "积案原因", s, 500),
            None => stored.backlog_reason.clone(),
        };
        if backlog && reason.is_none() {
            r.errors
                .add("backlog_reason", "积案原因", "积案必须填写积案原因");
        }
        let leader_user_id = match &self.leader_user_id {
            Some(s) => r.optional_id("leader_user_id", "包案人", s),
            None => stored.leader_user_id,
        };
        let first_visit_at = match &self.first_visit_at {
            Some(s) => {
                let t = r.optional_time("first_visit_at", "初访时间", s);
                if t.is_some_and(|t| t > now) {
                    r.errors
                        .add("first_visit_at", "初访时间", "不能晚于当前时间");
                }
                t
            }
            None => ledger.first_visit_at,
        };
        let plan = match &self.plan {
            Some(s) => r.optional("plan", "一案一策", s, 2000).unwrap_or_default(),
            None => ledger.plan.clone(),
        };
        let plan_due_at = match &self.plan_due {
            Some(s) => day(&mut r, "plan_due", "化解时限", s).map(end_of_day),
            None => ledger.plan_due_at,
        };
        r.errors.into_result(BacklogEdit {
            change: BacklogChange {
                backlog,
                backlog_reason: reason,
                leader_user_id,
            },
            ledger: CaseLedger {
                first_visit_at,
                plan,
                plan_due_at,
                ..ledger.clone()
            },
            version: self.version.trim().parse().ok(),
        })
    }
}

impl ProvincialInput {
    /// The ledger details after this form. A 办结时限 on the handled
    /// milestone's own day (`handled_due`) is no override and is not kept.
    pub fn parse(
        &self,
        stored: &CaseLedger,
        handled_due: Option<Timestamp>,
    ) -> Result<CaseLedger, FieldErrors> {
        let mut r = FieldReader::default();
        let mut text = |field: &str, label: &str, given: &Option<String>, kept: &String| match given
        {
            Some(s) => r.optional(field, label, s, 1000).unwrap_or_default(),
            None => kept.clone(),
        };
        let review = text("review", "复查情况", &self.review, &stored.review);
        let second_review = text(
            "second_review",
            "复核情况",
            &self.second_review,
            &stored.second_review,
        );
        let legal_progress = text(
            "legal_progress",
            "涉法涉诉涉纪件工作进度",
            &self.legal_progress,
            &stored.legal_progress,
        );
        let milestone_day = handled_due.map(due_day);
        let due_at = match &self.due {
            Some(s) => day(&mut r, "due", "办结时限", s)
                .filter(|d| Some(*d) != milestone_day)
                .map(end_of_day),
            None => stored.due_at,
        };
        r.errors.into_result(CaseLedger {
            due_at,
            review,
            second_review,
            legal_progress,
            ..stored.clone()
        })
    }
}

impl FollowUpInput {
    /// A follow-up on a case received at `received_at`: not before that day,
    /// not after `now` (ten minutes' grace for clocks).
    pub fn parse(
        &self,
        received_at: Timestamp,
        now: Timestamp,
    ) -> Result<NewFollowUp, FieldErrors> {
        let mut r = FieldReader::default();
        let at = r.time("at", "回访时间", &self.at);
        let at = r.not_too_old("at", "回访时间", at);
        let note = r.required("note", "回访情况", &self.note, 1000);
        if at.is_some_and(|t| t > now + jiff::SignedDuration::from_mins(10)) {
            r.errors.add("at", "回访时间", "不能晚于当前时间");
        }
        if at.is_some_and(|t| local_date(t) < local_date(received_at)) {
            r.errors.add("at", "回访时间", "不能早于案件的接待日期");
        }
        match at {
            Some(visited_at) if r.errors.is_empty() => Ok(NewFollowUp { visited_at, note }),
            _ => Err(r.errors),
        }
    }
}

#[cfg(test)]
#[path = "case_ledger_tests.rs"]
mod tests;
