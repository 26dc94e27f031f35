//! 截止时间 — when a limit runs out from a start time, with the reasoning spelled out in Chinese.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::rules::Limit;
use crate::calendar::{WorkingCalendar, next_day, weekday_label};
use crate::clock::{format_local, to_local};

/// A due time, how it was reached, and what may make it wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The instant; 24:00 of day D is 00:00 of D+1.
    pub at: Timestamp,
    /// 计算说明, e.g. "受理日 2022-09-30（周五）不计入；10-01至10-07国庆节放假；…，截止 10-10 24:00".
    pub explanation: String,
    /// E.g. "2027年节假日安排未载入，截止时间可能不准"; empty when sure.
    pub warnings: Vec<String>,
}

impl Due {
    /// "2022-10-10 24:00" or "2022-10-01 02:30".
    pub fn display(&self) -> String {
        format_due(self.at)
    }
}

/// A due time for people: midnight shows as "24:00" of the day before
/// ("2022-10-10 24:00"), any other time as "2022-10-01 02:30".
pub fn format_due(at: Timestamp) -> String {
    let local = to_local(at);
    if local.time() == jiff::civil::Time::midnight() {
        let day = local.date().yesterday().unwrap_or(local.date());
        format!("{} 24:00", day.strftime("%Y-%m-%d"))
    } else {
        format_local(at)
    }
}

pub use crate::clock::{due_day, end_of_day, local_date};

/// When `limit` runs out for a clock started at `start` (the start called "起算日" in the explanation).
pub fn due_at(limit: &Limit, start: Timestamp, cal: &WorkingCalendar) -> Due {
    due_at_from(limit, start, "起算", cal)
}

/// As [`due_at`], naming the start in the explanation: `"受理"` gives
/// "受理日 2022-09-30（周五）不计入".
pub fn due_at_from(
    limit: &Limit,
    start: Timestamp,
    start_noun: &str,
    cal: &WorkingCalendar,
) -> Due {
    let day0 = local_date(start);
    match *limit {
        Limit::Hours(n) => hours_due(n, start, start_noun),
        Limit::SameDay | Limit::CalendarDays { days: 0, .. } | Limit::WorkingDays(0) => {
            let at = end_of_day(day0);
            Due {
                at,
                explanation: format!(
                    "{start_noun}日 {}（{}）当天，截止 {}",
                    day0,
                    weekday_label(day0),
                    short_due(at, day0)
                ),
                warnings: Vec::new(),
            }
        }
        Limit::CalendarDays {
            days,
            roll_over_days_off,
        } => calendar_days_due(day0, days, roll_over_days_off, start_noun, cal),
        Limit::WorkingDays(n) => working_days_due(day0, n, start_noun, cal),
    }
}

fn hours_due(n: u32, start: Timestamp, start_noun: &str) -> Due {
    let at = plus(start, SignedDuration::from_hours(i64::from(n)));
    let day0 = local_date(start);
    Due {
        at,
        explanation: format!(
            "自{start_noun}时间 {} 起计{n}小时，按自然时间连续计算，节假日不停，截止 {}",
            format_local(start),
            short_due(at, day0)
        ),
        warnings: Vec::new(),
    }
}

/// The last day of an N-day period from `day0` (not counted), before any roll-over.
pub(crate) fn nth_day_after(day0: Date, n: u32) -> Date {
    day0.checked_add(jiff::Span::new().days(i64::from(n)))
        .unwrap_or(day0)
}

fn calendar_days_due(
    day0: Date,
    days: u32,
    roll: bool,
    start_noun: &str,
    cal: &WorkingCalendar,
) -> Due {
    let last = nth_day_after(day0, days);
    let mut text = format!(
        "{start_noun}日 {}（{}）不计入；第{days}日为{}（{}）",
        day0,
        weekday_label(day0),
        short_day(last, day0),
        weekday_label(last)
    );
    let (end, warnings) = roll_over_tail(&mut text, last, roll, day0, cal);
    let at = end_of_day(end);
    text.push_str(&format!("，截止 {}", short_due(at, day0)));
    Due {
        at,
        explanation: text,
        warnings,
    }
}

/// Appends what happens when the period's last day is a day off; returns the
/// day the period really ends and the calendar warnings consulted on the way.
pub(crate) fn roll_over_tail(
    text: &mut String,
    last: Date,
    roll: bool,
    day0: Date,
    cal: &WorkingCalendar,
) -> (Date, Vec<String>) {
    let info = cal.day(last);
    if info.working {
        let warnings = if roll {
            cal.warnings_between(last, last)
        } else {
            Vec::new()
        };
        return (last, warnings);
    }
    let why = if info.reason.ends_with("放假") {
        info.reason.clone()
    } else {
        "休息日".to_string()
    };
    if !roll {
        text.push_str(&format!("，虽为{why}，按本规则不顺延"));
        return (last, Vec::new());
    }
    let end = cal.working_day_on_or_after(last);
    text.push_str(&format!(
        "，为{why}，顺延至其后第一个工作日{}（{}）",
        short_day(end, day0),
        weekday_label(end)
    ));
    (end, cal.warnings_between(last, end))
}

fn working_days_due(day0: Date, n: u32, start_noun: &str, cal: &WorkingCalendar) -> Due {
    let mut parts = vec![format!(
        "{start_noun}日 {}（{}）不计入",
        day0,
        weekday_label(day0)
    )];
    let mut off: Option<(String, Date, Date)> = None;
    let mut makeup: Vec<(Date, u32)> = Vec::new();
    let flush_off = |off: &mut Option<(String, Date, Date)>, parts: &mut Vec<String>| {
        if let Some((why, from, to)) = off.take() {
            parts.push(if from == to {
                format!("{}{why}", short_day(from, day0))
            } else {
                format!("{}至{}{why}", short_day(from, day0), short_day(to, day0))
            });
        }
    };
    let flush_makeup = |makeup: &mut Vec<(Date, u32)>, parts: &mut Vec<String>| {
        if makeup.is_empty() {
            return;
        }
        let days: Vec<String> = makeup
            .iter()
            .map(|(d, _)| format!("{}（{}）", short_day(*d, day0), weekday_label(*d)))
            .collect();
        let ordinals: Vec<String> = makeup.iter().map(|(_, k)| k.to_string()).collect();
        parts.push(format!(
            "{}调休上班，为第{}个工作日",
            days.join("、"),
            ordinals.join("、")
        ));
        makeup.clear();
    };

    let mut d = day0;
    let mut count = 0;
    let mut idle = 0;
    while count < n && idle < 400 {
        d = next_day(d);
        if cal.is_working_day(d) {
            idle = 0;
            flush_off(&mut off, &mut parts);
            count += 1;
            if count == n {
                break;
            }
            if cal.makeup_for(d).is_some() {
                makeup.push((d, count));
            } else {
                flush_makeup(&mut makeup, &mut parts);
            }
        } else {
            idle += 1;
            flush_makeup(&mut makeup, &mut parts);
            let why = cal
                .holiday_of(d)
                .map_or_else(|| "周末休息".to_string(), |h| format!("{h}放假"));
            match &mut off {
                Some((w, _, to)) if *w == why => *to = d,
                _ => {
                    flush_off(&mut off, &mut parts);
                    off = Some((why, d, d));
                }
            }
        }
    }
    flush_off(&mut off, &mut parts);
    flush_makeup(&mut makeup, &mut parts);
    let at = end_of_day(d);
    let day_note = match cal.makeup_for(d) {
        Some(_) => format!("{}，调休上班", weekday_label(d)),
        None => weekday_label(d).to_string(),
    };
    parts.push(format!(
        "第{n}个工作日为{}（{day_note}），截止 {}",
        short_day(d, day0),
        short_due(at, day0)
    ));
    Due {
        at,
        explanation: parts.join("；"),
        warnings: cal.warnings_between(next_day(day0), d),
    }
}

/// "10-08" within the reference year, "2023-01-02" outside it.
pub(crate) fn short_day(d: Date, reference: Date) -> String {
    if d.year() == reference.year() {
        d.strftime("%m-%d").to_string()
    } else {
        d.to_string()
    }
}

/// A due time in an explanation: "10-10 24:00", "10-01 02:30", with the year
/// only when it differs from the reference date's.
pub(crate) fn short_due(at: Timestamp, reference: Date) -> String {
    let full = format_due(at);
    let same_year = full.starts_with(&format!("{:04}-", reference.year()));
    if same_year {
        full.get(5..).unwrap_or(&full).to_string()
    } else {
        full
    }
}

/// `at + d`, saturating at the end of time (no deadline gets there).
pub(crate) fn plus(at: Timestamp, d: SignedDuration) -> Timestamp {
    at.checked_add(d).unwrap_or(Timestamp::MAX)
}
