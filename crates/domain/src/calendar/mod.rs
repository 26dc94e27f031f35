//! 工作日历 — China's working days: weekends, statutory holidays (法定节假日) and makeup working days (调休上班).
//!
//! A day is a working day if it is a makeup working day, or Monday–Friday and
//! not a day off. The years 2022–2026 ship embedded from `calendars/*.json`;
//! an administrator loads or corrects another year with
//! [`WorkingCalendar::with_year_json`]. A year with no data falls back to
//! weekends only, and every answer that depends on it says so.

mod data;

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use serde::Serialize;

pub use data::{CalendarError, DaysOff, MakeupWorkday, YearData};

/// The calendar files compiled into the binary, one per year.
const EMBEDDED: [&str; 5] = [
    include_str!("../../../../calendars/2022.json"),
    include_str!("../../../../calendars/2023.json"),
    include_str!("../../../../calendars/2024.json"),
    include_str!("../../../../calendars/2025.json"),
    include_str!("../../../../calendars/2026.json"),
];

/// Longest run of non-working days any search walks before giving up; far
/// beyond any real holiday, it only stops a corrupt calendar from hanging us.
const MAX_SEARCH_DAYS: u32 = 400;

/// 工作日历 — which days are working days, year by year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkingCalendar {
    years: BTreeMap<i16, YearData>,
    off: BTreeMap<Date, String>,
    makeup: BTreeMap<Date, String>,
}

/// One day, classified: working or not, and why (in Chinese).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayInfo {
    /// 是否工作日
    pub working: bool,
    /// Why, e.g. "周六，休息日", "国庆节放假", "国庆节调休上班", "周一，工作日".
    pub reason: String,
    /// Whether the holiday notice for the day's year is loaded; if not, only
    /// weekends are known to be off.
    pub year_known: bool,
}

impl WorkingCalendar {
    /// A calendar that knows no holidays: weekends off, every year unknown.
    pub fn weekends_only() -> WorkingCalendar {
        WorkingCalendar::default()
    }

    /// The calendar shipped with xinfang: 2022–2026 from the State Council's notices.
    pub fn embedded() -> WorkingCalendar {
        let mut cal = WorkingCalendar::default();
        for text in EMBEDDED {
            // The embedded files are checked by the crate's tests; a broken one
            // is a build defect, not an operator's mistake.
            cal.with_year_json(text)
                .expect("embedded calendar file is valid");
        }
        cal
    }

    /// Load or replace one year from its JSON text (the `calendars/*.json`
    /// format), e.g. 2027 once its notice is out. Returns the year loaded.
    pub fn with_year_json(&mut self, text: &str) -> Result<i16, CalendarError> {
        self.with_year(YearData::from_json(text)?)
    }

    /// Load or replace one year from parsed data, after checking it and that
    /// it does not contradict a neighbouring year already loaded.
    pub fn with_year(&mut self, data: YearData) -> Result<i16, CalendarError> {
        data.validate()?;
        let year = data.year;
        let mut problems = Vec::new();
        for (other_year, other) in self.years.iter().filter(|(y, _)| **y != year) {
            for (d, _) in data.off_days() {
                if other.makeup_workdays.iter().any(|m| m.date == d) {
                    problems.push(format!("{d} 在{other_year}年数据中是调休上班日"));
                }
            }
            for m in &data.makeup_workdays {
                if other.off_days().any(|(d, _)| d == m.date) {
                    problems.push(format!("{} 在{other_year}年数据中是放假日", m.date));
                }
            }
        }
        if !problems.is_empty() {
            return Err(CalendarError::Invalid { year, problems });
        }
        self.years.insert(year, data);
        self.rebuild();
        Ok(year)
    }

    fn rebuild(&mut self) {
        self.off.clear();
        self.makeup.clear();
        for data in self.years.values() {
            for (d, name) in data.off_days() {
                self.off.insert(d, name.to_string());
            }
            for m in &data.makeup_workdays {
                self.makeup.insert(m.date, m.holiday.clone());
            }
        }
    }

    /// The years whose holiday notice is loaded, ascending.
    pub fn years(&self) -> Vec<i16> {
        self.years.keys().copied().collect()
    }

    /// One loaded year's data, e.g. to show or export it.
    pub fn year_data(&self, year: i16) -> Option<&YearData> {
        self.years.get(&year)
    }

    /// Whether the holiday notice for `year` is loaded.
    pub fn is_year_known(&self, year: i16) -> bool {
        self.years.contains_key(&year)
    }

    /// Classify one day.
    pub fn day(&self, date: Date) -> DayInfo {
        let year_known = self.is_year_known(date.year());
        let (working, reason) = if let Some(name) = self.makeup.get(&date) {
            (true, format!("{name}调休上班"))
        } else if let Some(name) = self.off.get(&date) {
            (false, format!("{name}放假"))
        } else if is_weekend(date) {
            (false, format!("{}，休息日", weekday_label(date)))
        } else {
            (true, format!("{}，工作日", weekday_label(date)))
        };
        DayInfo {
            working,
            reason,
            year_known,
        }
    }

    /// 是否工作日 — a makeup working day, or Monday–Friday and not a day off.
    pub fn is_working_day(&self, date: Date) -> bool {
        self.makeup.contains_key(&date) || (!is_weekend(date) && !self.off.contains_key(&date))
    }

    /// The holiday a day off belongs to (None for ordinary weekends and working days).
    pub fn holiday_of(&self, date: Date) -> Option<&str> {
        self.off.get(&date).map(String::as_str)
    }

    /// The holiday a makeup working day (调休上班) is worked for.
    pub fn makeup_for(&self, date: Date) -> Option<&str> {
        self.makeup.get(&date).map(String::as_str)
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: Date) -> Date {
        self.add_working_days(date, 1)
    }

    /// The first working day on or after `date`.
    pub fn working_day_on_or_after(&self, date: Date) -> Date {
        if self.is_working_day(date) {
            date
        } else {
            self.next_working_day(date)
        }
    }

    /// The `n`-th working day after `date`, not counting `date` itself
    /// (`n = 0` gives `date`).
    pub fn add_working_days(&self, date: Date, n: u32) -> Date {
        let mut d = date;
        let mut counted = 0;
        let mut idle = 0;
        while counted < n && idle < MAX_SEARCH_DAYS {
            d = next_day(d);
            if self.is_working_day(d) {
                counted += 1;
                idle = 0;
            } else {
                idle += 1;
            }
        }
        d
    }

    /// The last working day strictly before `date`.
    pub fn previous_working_day(&self, date: Date) -> Date {
        let mut d = date;
        for _ in 0..MAX_SEARCH_DAYS {
            d = d.yesterday().unwrap_or(d);
            if self.is_working_day(d) {
                break;
            }
        }
        d
    }

    /// Working days in the inclusive range `from..=to` (0 if `to < from`).
    pub fn working_days_in(&self, from: Date, to: Date) -> u32 {
        day_range(from, to)
            .filter(|d| self.is_working_day(*d))
            .count()
            .try_into()
            .unwrap_or(u32::MAX)
    }

    /// The warnings for a computation that looked at the days `from..=to`:
    /// one per year in that range whose holiday notice is not loaded.
    pub fn warnings_between(&self, from: Date, to: Date) -> Vec<String> {
        if to < from {
            return Vec::new();
        }
        (from.year()..=to.year())
            .filter(|y| !self.is_year_known(*y))
            .map(missing_year_warning)
            .collect()
    }
}

/// "2027年节假日安排未载入，截止时间可能不准" — shown wherever a due time
/// depends on a year whose holiday notice is not loaded.
pub fn missing_year_warning(year: i16) -> String {
    format!("{year}年节假日安排未载入，截止时间可能不准")
}

/// 周一 … 周日.
pub fn weekday_label(date: Date) -> &'static str {
    match date.weekday() {
        Weekday::Monday => "周一",
        Weekday::Tuesday => "周二",
        Weekday::Wednesday => "周三",
        Weekday::Thursday => "周四",
        Weekday::Friday => "周五",
        Weekday::Saturday => "周六",
        Weekday::Sunday => "周日",
    }
}

/// Saturday or Sunday.
pub fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The day after (the same day at the end of jiff's range, which no deadline reaches).
pub(crate) fn next_day(d: Date) -> Date {
    d.tomorrow().unwrap_or(d)
}

/// Every day of `from..=to`.
pub(crate) fn day_range(from: Date, to: Date) -> impl Iterator<Item = Date> {
    let mut next = (from <= to).then_some(from);
    std::iter::from_fn(move || {
        let d = next?;
        next = (d < to).then(|| next_day(d)).filter(|n| *n > d);
        Some(d)
    })
}

#[cfg(test)]
mod tests;
