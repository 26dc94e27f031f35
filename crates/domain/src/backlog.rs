//! 积案 clocks — a backlog case's 一案一策 化解时限 and its 定期联络 rhythm, as
//! milestones like the others (待办, 临期, 督办), and the 销号 (resolution) form.
//!
//! The plan: "按照'一案一策'的原则，制定化解方案，限期解决到位。同时，要定期与信访
//! 对象加强联络". The 化解时限 runs from when the plan was set to its due date
//! and is met when the case is marked 已化解（销号）. The contact rhythm runs
//! from the latest contact (a 跟踪回访, or the case's own contacts and visits)
//! and starts again with each one, while the case stays a backlog case.

use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::clock::{end_of_day, format_local, local_date};
use crate::deadlines::{
    Due, Limit, MilestoneKind, MilestoneStatus, WarningPolicy, format_due, state_at, warn_from,
};
use crate::errors::{FieldErrors, FieldReader};

/// Milestone key of the 一案一策 化解时限.
pub const PLAN_KEY: &str = "backlog_plan";
/// Milestone key of the 定期联络 clock.
pub const CONTACT_KEY: &str = "backlog_contact";

/// 联络频次 — how often a backlog petitioner is contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContactRhythm {
    /// 每月 — the same date of the next month (the month's last day when it has none).
    #[default]
    Monthly,
    /// Every N days.
    EveryDays(u16),
}

impl ContactRhythm {
    /// `monthly`/`每月`, or a number of days (1–366).
    pub fn parse(s: &str) -> Option<ContactRhythm> {
        match s.trim() {
            "monthly" | "每月" | "" => Some(ContactRhythm::Monthly),
            n => n
                .trim_end_matches(['天', '日'])
                .parse::<u16>()
                .ok()
                .filter(|d| (1..=366).contains(d))
                .map(ContactRhythm::EveryDays),
        }
    }

    /// As stored: `monthly` or the number of days.
    pub fn as_setting(self) -> String {
        match self {
            ContactRhythm::Monthly => "monthly".into(),
            ContactRhythm::EveryDays(n) => n.to_string(),
        }
    }

    /// In Chinese: 每月, 每15天.
    pub fn label(self) -> String {
        match self {
            ContactRhythm::Monthly => "每月".into(),
            ContactRhythm::EveryDays(n) => format!("每{n}天"),
        }
    }

    /// 24:00 of the day the next contact is due after one at `last`.
    fn next_due(self, last: Timestamp) -> Timestamp {
        let day = local_date(last);
        let next = match self {
            ContactRhythm::Monthly => day.checked_add(1.month()),
            ContactRhythm::EveryDays(n) => day.checked_add(i64::from(n).days()),
        };
        end_of_day(next.unwrap_or(day))
    }
}

/// What a backlog case's clocks are computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacklogFacts {
    /// 是否积案.
    pub backlog: bool,
    /// When it became a backlog case (or, not known, when it was received).
    pub listed_at: Timestamp,
    /// The 一案一策's due time (24:00 of its day).
    pub plan_due_at: Option<Timestamp>,
    /// When the plan's due date was set.
    pub plan_set_at: Option<Timestamp>,
    /// 销号: when the case was marked resolved.
    pub resolved_at: Option<Timestamp>,
    /// The latest contact with the petitioner (跟踪回访, contact, visit, return visit).
    pub last_contact_at: Option<Timestamp>,
}

/// The backlog clocks of a case at `now`: none for a case that is not a
/// backlog case; the 化解时限 when a plan has a due date; the contact rhythm
/// until the case is resolved.
pub fn backlog_milestones(
    f: &BacklogFacts,
    rhythm: ContactRhythm,
    cal: &WorkingCalendar,
    policy: &WarningPolicy,
    now: Timestamp,
) -> Vec<MilestoneStatus> {
    let mut out = Vec::new();
    if !f.backlog {
        return out;
    }
    let milestone = |key: &str, name: &str, start: Timestamp, due: Due, done: Option<Timestamp>| {
        let limit = Limit::CalendarDays {
            days: 0,
            roll_over_days_off: false,
        };
        let warn = warn_from(&limit, start, due.at, cal, policy);
        MilestoneStatus {
            key: key.to_string(),
            name: name.to_string(),
            kind: MilestoneKind::Deadline,
            role: None,
            started_at: Some(start),
            state: state_at(MilestoneKind::Deadline, due.at, Some(warn), done, now),
            warn_from: Some(warn),
            completed_at: done,
            due: Some(due),
        }
    };
    if let Some(due_at) = f.plan_due_at {
        let start = f.plan_set_at.unwrap_or(f.listed_at).min(due_at);
        let due = Due {
            at: due_at,
            explanation: format!("一案一策确定的化解时限，截止 {}", format_due(due_at)),
            warnings: Vec::new(),
        };
        out.push(milestone(
            PLAN_KEY,
            "一案一策化解",
            start,
            due,
            f.resolved_at,
        ));
    }
    if f.resolved_at.is_none() {
        let start = f.last_contact_at.unwrap_or(f.listed_at);
        let due_at = rhythm.next_due(start);
        let from = match f.last_contact_at {
            Some(t) => format!("上次联络 {}", format_local(t)),
            None => format!("列为积案 {}", format_local(start)),
        };
        let due = Due {
            at: due_at,
            explanation: format!(
                "积案定期联络（{}）：{from}，下次联络截止 {}",
                rhythm.label(),
                format_due(due_at)
            ),
            warnings: Vec::new(),
        };
        out.push(milestone(CONTACT_KEY, "积案定期联络", start, due, None));
    }
    out
}

/// 销号 as typed: when the case was resolved, the evidence in words, and an
/// attachment of the case that proves it (a signed agreement, a payment slip …).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ResolveInput {
    /// 化解时间 (date, or date and time); blank for now.
    pub at: String,
    /// 化解情况及佐证 — what was done and what shows it.
    pub evidence: String,
    /// 佐证材料: the id of one of the case's attachments, optional.
    pub attachment_id: String,
}

/// A checked 销号.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// When it was resolved.
    pub at: Timestamp,
    /// The evidence in words.
    pub evidence: String,
    /// The attachment that proves it (the caller checks it belongs to the case).
    pub attachment_id: Option<i64>,
}

impl ResolveInput {
    /// Check the form: the evidence is required; the time may not lie after
    /// `now` (ten minutes' grace) or before the case was received.
    pub fn parse(&self, received_at: Timestamp, now: Timestamp) -> Result<Resolution, FieldErrors> {
        let mut r = FieldReader::default();
        let at = if self.at.trim().is_empty() {
            Some(now)
        } else {
            r.time("at", "化解时间", &self.at)
        };
        if at.is_some_and(|t| t > now + jiff::SignedDuration::from_mins(10)) {
            r.errors.add("at", "化解时间", "不能晚于当前时间");
        }
        if at.is_some_and(|t| local_date(t) < local_date(received_at)) {
            r.errors.add("at", "化解时间", "不能早于案件的接待日期");
        }
        let evidence = r.required("evidence", "化解情况及佐证", &self.evidence, 2000);
        let attachment_id = r.optional_id("attachment_id", "佐证材料", &self.attachment_id);
        match at {
            Some(at) if r.errors.is_empty() => Ok(Resolution {
                at,
                evidence,
                attachment_id,
            }),
            _ => Err(r.errors),
        }
    }
}

#[cfg(test)]
#[path = "backlog_tests.rs"]
mod tests;
