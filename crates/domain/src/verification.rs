//! 实地跟踪核查 — the inspection group's (or the district's) verification of
//! how a case was handled, and the 整改 (rectification) a 需整改 verdict
//! demands of the case's responsible unit: a milestone like the others
//! (待办, 临期, 督办), met by the unit's 整改情况.
//!
//! The plan: "由区乡村振兴局协同区直相关部门、区脱贫攻坚调研指导组实地跟踪核查
//! 办理情况，确保问题全面化解".

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::clock::{end_of_day, format_local, local_date};
use crate::deadlines::{
    Due, Limit, MilestoneKind, MilestoneStatus, WarningPolicy, format_due, state_at, warn_from,
};
use crate::errors::{FieldErrors, FieldReader};
use crate::labelled_enum;

labelled_enum! {
    /// 核查方式.
    pub enum VerificationMethod {
        /// 实地 — on site.
        OnSite => ("on_site", "实地"),
        /// 入户 — at the petitioner's home.
        Household => ("household", "入户"),
        /// 电话 — by telephone.
        Phone => ("phone", "电话"),
    }
}

labelled_enum! {
    /// 核查结论.
    pub enum Verdict {
        /// 属实已解决 — the handling is as reported and the problem solved.
        Resolved => ("resolved", "属实已解决"),
        /// 未化解 — the problem is not resolved.
        Unresolved => ("unresolved", "未化解"),
        /// 需整改 — the responsible unit must rectify by a due date.
        NeedsRectification => ("needs_rectification", "需整改"),
    }
}

/// The verification form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct VerificationInput {
    /// 核查日期 (date, or date and time).
    pub date: String,
    /// 核查方式: 实地, 入户 or 电话 (or on_site/household/phone).
    pub method: String,
    /// 核查情况: what was found.
    pub findings: String,
    /// 核查结论: 属实已解决, 未化解 or 需整改 (or resolved/unresolved/needs_rectification).
    pub verdict: String,
    /// 整改要求: required with 需整改.
    pub rectification_demand: String,
    /// 整改期限 (YYYY-MM-DD, due at 24:00 of that day): required with 需整改.
    pub rectification_due: String,
}

/// What a 需整改 verdict demands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RectificationDemand {
    /// 整改要求.
    pub demand: String,
    /// 整改期限: due at 24:00 of this day.
    pub due_on: Date,
}

/// A checked verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// When it was made.
    pub at: Timestamp,
    /// 核查方式.
    pub method: VerificationMethod,
    /// 核查情况.
    pub findings: String,
    /// 核查结论.
    pub verdict: Verdict,
    /// The rectification demanded (exactly when the verdict is 需整改).
    pub rectification: Option<RectificationDemand>,
}

/// Check a time field: required, not after `now` (ten minutes' grace), not
/// before the case was received.
fn record_time(
    r: &mut FieldReader,
    field: &str,
    label: &str,
    value: &str,
    not_before: Timestamp,
    now: Timestamp,
) -> Option<Timestamp> {
    let at = r.time(field, label, value);
    let at = r.not_too_old(field, label, at);
    if at.is_some_and(|t| t > now + jiff::SignedDuration::from_mins(10)) {
        r.errors.add(field, label, "不能晚于当前时间");
    }
    if at.is_some_and(|t| local_date(t) < local_date(not_before)) {
        r.errors.add(field, label, "不能早于案件的接待日期");
    }
    at
}

impl VerificationInput {
    /// Check the form: date, method, findings and verdict are required; a
    /// 需整改 verdict needs its demand and a due date after the day of the
    /// verification (the other verdicts take neither).
    pub fn parse(
        &self,
        received_at: Timestamp,
        now: Timestamp,
    ) -> Result<Verification, FieldErrors> {
        let mut r = FieldReader::default();
        let at = record_time(&mut r, "date", "核查日期", &self.date, received_at, now);
        let method = r.choice(
            "method",
            "核查方式",
            &self.method,
            VerificationMethod::parse,
        );
        let findings = r.required("findings", "核查情况", &self.findings, 4000);
        let verdict = r.choice("verdict", "核查结论", &self.verdict, Verdict::parse);
        let rectification = if verdict == Some(Verdict::NeedsRectification) {
            let demand = r.required(
                "rectification_demand",
                "整改要求",
                &self.rectification_demand,
                2000,
            );
            let due_on = match self.rectification_due.trim() {
                "" => {
                    r.errors
                        .add("rectification_due", "整改期限", "需整改时必须填写整改期限");
                    None
                }
                s => match s.parse::<Date>() {
                    Ok(d) if at.is_some_and(|t| d <= local_date(t)) => {
                        r.errors
                            .add("rectification_due", "整改期限", "应晚于核查日期");
                        None
                    }
                    Ok(d) => Some(d),
                    Err(_) => {
                        r.errors.add(
                            "rectification_due",
                            "整改期限",
                            format!("日期格式不正确“{s}”，应如 2022-10-31"),
                        );
                        None
                    }
                },
            };
            due_on.map(|due_on| RectificationDemand { demand, due_on })
        } else {
            if verdict.is_some() && !self.rectification_due.trim().is_empty() {
                r.errors.add(
                    "rectification_due",
                    "整改期限",
                    "只有结论为需整改时才填写整改期限",
                );
            }
            if verdict.is_some() && !self.rectification_demand.trim().is_empty() {
                r.errors.add(
                    "rectification_demand",
                    "整改要求",
                    "只有结论为需整改时才填写整改要求",
                );
            }
            None
        };
        match (at, method, verdict) {
            (Some(at), Some(method), Some(verdict)) if r.errors.is_empty() => Ok(Verification {
                at,
                method,
                findings,
                verdict,
                rectification,
            }),
            _ => Err(r.errors),
        }
    }
}

impl Verification {
    /// The timeline sentence.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{}核查（{}）：{}；结论：{}",
            self.method.label(),
            format_local(self.at),
            self.findings,
            self.verdict.label()
        );
        if let Some(d) = &self.rectification {
            s.push_str(&format!("，限{}前整改：{}", d.due_on, d.demand));
        }
        s
    }
}

/// The unit's 整改情况 as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RectificationInput {
    /// 整改完成时间 (date, or date and time); blank for now.
    pub date: String,
    /// 整改情况: what was done.
    pub text: String,
    /// 佐证材料: the id of one of the case's attachments, optional.
    pub attachment_id: String,
}

/// A checked 整改情况.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RectificationAnswer {
    /// When the rectification was done.
    pub at: Timestamp,
    /// 整改情况.
    pub text: String,
    /// 佐证材料 (the caller checks it belongs to the case).
    pub attachment_id: Option<i64>,
}

impl RectificationInput {
    /// Check the answer: the text is required; the time (blank for now) may
    /// not lie after `now` nor before the verification that demanded it.
    pub fn parse(
        &self,
        verified_at: Timestamp,
        now: Timestamp,
    ) -> Result<RectificationAnswer, FieldErrors> {
        let mut r = FieldReader::default();
        let at = if self.date.trim().is_empty() {
            Some(now)
        } else {
            let at = r.time("date", "整改完成时间", &self.date);
            if at.is_some_and(|t| t > now + jiff::SignedDuration::from_mins(10)) {
                r.errors.add("date", "整改完成时间", "不能晚于当前时间");
            }
            if at.is_some_and(|t| local_date(t) < local_date(verified_at)) {
                r.errors.add("date", "整改完成时间", "不能早于核查日期");
            }
            at
        };
        let text = r.required("text", "整改情况", &self.text, 4000);
        let attachment_id = r.optional_id("attachment_id", "佐证材料", &self.attachment_id);
        match at {
            Some(at) if r.errors.is_empty() => Ok(RectificationAnswer {
                at,
                text,
                attachment_id,
            }),
            _ => Err(r.errors),
        }
    }
}

/// Milestone key prefix of a verification's 整改 clock: `rectification_<id>`.
pub const RECTIFICATION_KEY: &str = "rectification_";

/// The milestone key of verification `id`'s rectification.
pub fn rectification_key(verification_id: i64) -> String {
    format!("{RECTIFICATION_KEY}{verification_id}")
}

/// What a rectification clock is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RectificationFacts {
    /// The verification that demanded it.
    pub verification_id: i64,
    /// When that verification was made (the clock starts).
    pub verified_at: Timestamp,
    /// 整改期限.
    pub due_on: Date,
    /// When the unit's 整改情况 says it was done.
    pub answered_at: Option<Timestamp>,
}

/// The 整改 clocks of a case at `now`, one per 需整改 verification: due at
/// 24:00 of its 整改期限, warned like the other deadlines, met by the answer.
pub fn rectification_milestones(
    facts: &[RectificationFacts],
    cal: &WorkingCalendar,
    policy: &WarningPolicy,
    now: Timestamp,
) -> Vec<MilestoneStatus> {
    facts
        .iter()
        .map(|f| {
            let due_at = end_of_day(f.due_on);
            let start = f.verified_at.min(due_at);
            let limit = Limit::CalendarDays {
                days: 0,
                roll_over_days_off: false,
            };
            let warn = warn_from(&limit, start, due_at, cal, policy);
            MilestoneStatus {
                key: rectification_key(f.verification_id),
                name: format!("核查整改（{}核查）", local_date(f.verified_at)),
                kind: MilestoneKind::Deadline,
                role: None,
                started_at: Some(start),
                state: state_at(
                    MilestoneKind::Deadline,
                    due_at,
                    Some(warn),
                    f.answered_at,
                    now,
                ),
                warn_from: Some(warn),
                completed_at: f.answered_at,
                due: Some(Due {
                    at: due_at,
                    explanation: format!(
                        "实地核查（{}）结论需整改，限期截止 {}",
                        format_local(f.verified_at),
                        format_due(due_at)
                    ),
                    warnings: Vec::new(),
                }),
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "verification_tests.rs"]
mod tests;
