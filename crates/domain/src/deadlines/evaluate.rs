//! 节点状态 — each milestone of a case at a given instant: started, due, done, late, warned.

use jiff::{SignedDuration, Timestamp};

use super::adjust::{Extension, apply_extensions, apply_pauses, dedup, pause_intervals};
use super::due::{Due, due_at_from, due_day, end_of_day, local_date};
use super::rules::{Limit, Milestone, MilestoneKind, MilestoneRole, RuleSet};
use super::signal::Signal;
use crate::calendar::{WorkingCalendar, day_range};
use crate::clock::from_local;
use crate::labelled_enum;
use crate::vocab::CaseKind;

labelled_enum! {
    /// 节点状态 — where a milestone stands.
    pub enum MilestoneState {
        /// 按期完成 — done by the due time.
        OnTime => ("on_time", "按期完成"),
        /// 逾期完成 — done, but after the due time.
        Late => ("late", "逾期完成"),
        /// 进行中 — running, not yet near the due time.
        Open => ("open", "进行中"),
        /// 临期预警 — running and inside the warning period.
        DueSoon => ("due_soon", "临期预警"),
        /// 已超期 — past the due time and not done; raises 督办.
        Overdue => ("overdue", "已超期"),
        /// 未开始 — the signal that starts its clock has not happened.
        NotStarted => ("not_started", "未开始"),
        /// 已届满 — a petitioner's window that closed unused (never overdue).
        WindowClosed => ("window_closed", "已届满"),
    }
}

/// The state at `now` of a started milestone with these facts; the sweeper
/// uses it to move stored milestones along without re-reading their case.
pub fn state_at(
    kind: MilestoneKind,
    due: Timestamp,
    warn_from: Option<Timestamp>,
    completed_at: Option<Timestamp>,
    now: Timestamp,
) -> MilestoneState {
    match (kind, completed_at) {
        (_, Some(done)) if done <= due => MilestoneState::OnTime,
        (_, Some(_)) => MilestoneState::Late,
        (MilestoneKind::Window, None) if now > due => MilestoneState::WindowClosed,
        (MilestoneKind::Window, None) => MilestoneState::Open,
        (MilestoneKind::Deadline, None) if now > due => MilestoneState::Overdue,
        (MilestoneKind::Deadline, None) if warn_from.is_some_and(|w| now >= w) => {
            MilestoneState::DueSoon
        }
        (MilestoneKind::Deadline, None) => MilestoneState::Open,
    }
}

/// 临期预警 policy: a milestone is "due soon" from the earlier of the last
/// `last_percent` % of its span and, for working-day limits, 00:00 of its last
/// `last_working_days` working days (the due day counted as the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarningPolicy {
    /// Percent of the span (0 turns this part off). Default 25.
    pub last_percent: u8,
    /// Working days, for `working_days` limits only (0 turns this part off).
    /// Default 1: from 00:00 of the working day the due time ends.
    pub last_working_days: u32,
}

impl Default for WarningPolicy {
    fn default() -> WarningPolicy {
        WarningPolicy {
            last_percent: 25,
            last_working_days: 1,
        }
    }
}

/// One milestone of one case, evaluated at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneStatus {
    /// [`Milestone::key`].
    pub key: String,
    /// Chinese name.
    pub name: String,
    /// Duty or window.
    pub kind: MilestoneKind,
    /// What it stands for beyond its clock (答复信访人).
    pub role: Option<MilestoneRole>,
    /// When its clock started; None while 未开始.
    pub started_at: Option<Timestamp>,
    /// When it is due, why, and any calendar warnings; None while 未开始.
    pub due: Option<Due>,
    /// When 临期预警 begins (duties only).
    pub warn_from: Option<Timestamp>,
    /// The first instant all its completion groups were satisfied.
    pub completed_at: Option<Timestamp>,
    /// Where it stands.
    pub state: MilestoneState,
}

/// Evaluate every milestone `rules` gives a case of `kind`, at `now`.
///
/// Only what has happened by `now` counts: signals and extension approvals
/// later than `now` are ignored, so walking a clock forward over the same
/// history replays the case. The same inputs always give the same result.
pub fn evaluate(
    rules: &RuleSet,
    kind: CaseKind,
    signals: &[(Signal, Timestamp)],
    extensions: &[Extension],
    cal: &WorkingCalendar,
    now: Timestamp,
    warn: &WarningPolicy,
) -> Vec<MilestoneStatus> {
    let mut seen: Vec<(Signal, Timestamp)> =
        signals.iter().filter(|(_, t)| *t <= now).copied().collect();
    // Same-instant signals in a fixed order, so input order never matters
    // (a hearing that starts and ends at one instant is a zero-length pause).
    seen.sort_by_key(|(s, t)| (*t, s.order()));
    let ctx = Context {
        seen: &seen,
        extensions,
        max_extension_days: rules.max_extension_days,
        cal,
        now,
        warn,
    };
    rules
        .milestones(kind)
        .into_iter()
        .map(|m| ctx.milestone(m))
        .collect()
}

struct Context<'a> {
    seen: &'a [(Signal, Timestamp)],
    extensions: &'a [Extension],
    max_extension_days: Option<u32>,
    cal: &'a WorkingCalendar,
    now: Timestamp,
    warn: &'a WarningPolicy,
}

impl Context<'_> {
    fn milestone(&self, m: &Milestone) -> MilestoneStatus {
        let mut status = MilestoneStatus {
            key: m.key.clone(),
            name: m.name.clone(),
            kind: m.kind,
            role: m.role,
            started_at: None,
            due: None,
            warn_from: None,
            completed_at: None,
            state: MilestoneState::NotStarted,
        };
        let Some(start) = self.first(|s| m.start.matches(s), None) else {
            return status;
        };
        let mut due = due_at_from(&m.limit, start, m.start.start_noun(), self.cal);
        let mine: Vec<&Extension> = self
            .extensions
            .iter()
            .filter(|e| e.milestone_key == m.key && e.approved_at <= self.now)
            .collect();
        if !mine.is_empty() {
            if m.kind == MilestoneKind::Window {
                due.warnings
                    .push(format!("{}是申请期限，不适用延期，已忽略延期记录", m.name));
            } else {
                due = apply_extensions(
                    &m.limit,
                    start,
                    due,
                    &mine,
                    self.max_extension_days,
                    self.cal,
                );
            }
        }
        if let Some(pause) = &m.pause {
            let intervals = pause_intervals(pause, self.seen, self.now);
            due = apply_pauses(pause, &intervals, start, due);
        }
        dedup(&mut due.warnings);

        let completed_at = if m.complete.is_empty() {
            None
        } else {
            m.complete
                .iter()
                .map(|group| self.first(|s| group.iter().any(|p| p.matches(s)), Some(start)))
                .collect::<Option<Vec<_>>>()
                .and_then(|times| times.into_iter().max())
        };
        let warn_from = (m.kind == MilestoneKind::Deadline)
            .then(|| warn_from(&m.limit, start, due.at, self.cal, self.warn));
        status.state = state_at(m.kind, due.at, warn_from, completed_at, self.now);
        status.started_at = Some(start);
        status.completed_at = completed_at;
        status.warn_from = warn_from;
        status.due = Some(due);
        status
    }

    /// The earliest seen signal satisfying `pred`, at or after `from` if given.
    fn first(&self, pred: impl Fn(&Signal) -> bool, from: Option<Timestamp>) -> Option<Timestamp> {
        self.seen
            .iter()
            .find(|(s, t)| from.is_none_or(|f| *t >= f) && pred(s))
            .map(|(_, t)| *t)
    }
}

/// When 临期预警 begins for a duty started at `start` and due at `due`.
pub fn warn_from(
    limit: &Limit,
    start: Timestamp,
    due: Timestamp,
    cal: &WorkingCalendar,
    policy: &WarningPolicy,
) -> Timestamp {
    let mut from = due;
    if policy.last_percent > 0 {
        let span = due.duration_since(start).as_secs().max(0);
        let back = span.saturating_mul(i64::from(policy.last_percent.min(100))) / 100;
        from = from.min(
            due.checked_sub(SignedDuration::from_secs(back))
                .unwrap_or(start),
        );
    }
    if matches!(limit, Limit::WorkingDays(_)) && policy.last_working_days > 0 {
        let last = due_day(due);
        let mut day = if cal.is_working_day(last) {
            last
        } else {
            cal.previous_working_day(last)
        };
        for _ in 1..policy.last_working_days {
            day = cal.previous_working_day(day);
        }
        from = from.min(from_local(day.to_datetime(jiff::civil::Time::midnight())));
    }
    from.max(start)
}

/// 超期工作日数 — whole working days that have passed since `due` by `now`
/// (a working day counts once all of it, 00:00–24:00, lies between them).
/// Feeds the 通报 raised at 5 working days overdue.
pub fn overdue_working_days(due: Timestamp, now: Timestamp, cal: &WorkingCalendar) -> u32 {
    if now <= due {
        return 0;
    }
    day_range(local_date(due), local_date(now))
        .filter(|d| {
            let begins = from_local(d.to_datetime(jiff::civil::Time::midnight()));
            begins >= due && end_of_day(*d) <= now && cal.is_working_day(*d)
        })
        .count()
        .try_into()
        .unwrap_or(u32::MAX)
}
