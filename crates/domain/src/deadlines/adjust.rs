//! 延期与暂停计时 — what moves a due time after it is computed: approved extensions and paused clocks (听证).

use jiff::{SignedDuration, Timestamp};

use super::due::{Due, local_date, nth_day_after, plus, roll_over_tail, short_day, short_due};
use super::rules::{Limit, Pause};
use super::signal::Signal;
use crate::calendar::{WorkingCalendar, weekday_label};
use crate::clock::format_local;

/// 延期 — an approved extension of one milestone, e.g. 30 days for a complex matter
/// (《信访工作条例》第三十四条: approved by the body's head, at most 30 days,
/// the petitioner told why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// Which milestone ([`super::Milestone::key`]).
    pub milestone_key: String,
    /// How many calendar days it adds.
    pub days: u32,
    /// When it was approved; it counts from then on.
    pub approved_at: Timestamp,
    /// 延期理由, as told to the petitioner.
    pub reason: String,
}

/// Push `due` by the extensions (already filtered to this milestone), at most
/// `max_days` in all. A calendar-day period is lengthened and its last day
/// rolled over again if the rule says so; any other limit moves by whole days.
pub(crate) fn apply_extensions(
    limit: &Limit,
    start: Timestamp,
    mut due: Due,
    extensions: &[&Extension],
    max_days: Option<u32>,
    cal: &WorkingCalendar,
) -> Due {
    let requested: u32 = extensions.iter().map(|e| e.days).sum();
    if requested == 0 {
        return due;
    }
    let allowed = max_days.map_or(requested, |m| requested.min(m));
    let day0 = local_date(start);
    let mut text = std::mem::take(&mut due.explanation);
    for e in extensions {
        text.push_str(&format!(
            "；延期{}天，理由：{}（{}批准）",
            e.days,
            e.reason,
            local_date(e.approved_at)
        ));
    }
    if allowed < requested {
        let warning = format!("延期合计{requested}天，超过上限{allowed}天，只计{allowed}天");
        text.push_str(&format!("；{warning}"));
        due.warnings.push(warning);
    }
    match *limit {
        Limit::CalendarDays {
            days,
            roll_over_days_off,
        } => {
            let total = days.saturating_add(allowed);
            let last = nth_day_after(day0, total);
            text.push_str(&format!(
                "；延期后第{total}日为{}（{}）",
                short_day(last, day0),
                weekday_label(last)
            ));
            let (end, warnings) = roll_over_tail(&mut text, last, roll_over_days_off, day0, cal);
            due.at = super::due::end_of_day(end);
            due.warnings.extend(warnings);
        }
        _ => {
            due.at = plus(due.at, SignedDuration::from_hours(24 * i64::from(allowed)));
        }
    }
    text.push_str(&format!("，截止顺延至 {}", short_due(due.at, day0)));
    due.explanation = text;
    dedup(&mut due.warnings);
    due
}

/// The stretches of time a pause covers, from the (time-ordered) signals: each
/// `from` signal opens one, the next `until` closes it; one still open at `now`
/// runs to `now`. Returns (from, until, still_open).
pub(crate) fn pause_intervals(
    pause: &Pause,
    seen: &[(Signal, Timestamp)],
    now: Timestamp,
) -> Vec<(Timestamp, Timestamp, bool)> {
    let mut out = Vec::new();
    let mut open: Option<Timestamp> = None;
    for (s, t) in seen {
        if open.is_none() && pause.from.matches(s) {
            open = Some(*t);
        } else if let Some(from) = open
            && pause.until.matches(s)
        {
            out.push((from, *t, false));
            open = None;
        }
    }
    if let Some(from) = open {
        out.push((from, now.max(from), true));
    }
    out
}

/// Shift `due` by each paused stretch that began after the clock started and
/// before it ran out (a pause after the due time cannot save a late milestone).
pub(crate) fn apply_pauses(
    pause: &Pause,
    intervals: &[(Timestamp, Timestamp, bool)],
    start: Timestamp,
    mut due: Due,
) -> Due {
    let day0 = local_date(start);
    for &(from, until, still_open) in intervals {
        let from = from.max(start);
        if until <= from || from >= due.at {
            continue;
        }
        let length = until.duration_since(from);
        due.at = plus(due.at, length);
        let text = if still_open {
            format!(
                "；{}（{}）后尚未{}，暂停计时，已暂停{}，截止暂顺延至 {}",
                pause.from.label(),
                format_local(from),
                pause.until.label(),
                human_duration(length),
                short_due(due.at, day0)
            )
        } else {
            format!(
                "；{}（{}）至{}（{}）期间不计入，共{}，截止顺延至 {}",
                pause.from.label(),
                format_local(from),
                pause.until.label(),
                format_local(until),
                human_duration(length),
                short_due(due.at, day0)
            )
        };
        due.explanation.push_str(&text);
    }
    due
}

/// "2天8小时30分钟".
pub(crate) fn human_duration(d: SignedDuration) -> String {
    let minutes = d.as_secs().max(0) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let mut s = String::new();
    if days > 0 {
        s.push_str(&format!("{days}天"));
    }
    if hours > 0 {
        s.push_str(&format!("{hours}小时"));
    }
    if mins > 0 || s.is_empty() {
        s.push_str(&format!("{mins}分钟"));
    }
    s
}

pub(crate) fn dedup(v: &mut Vec<String>) {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|w| seen.insert(w.clone()));
}
