//! 节假日安排 — one year's holiday notice as data, read from JSON and checked before use.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use super::{day_range, weekday_label};

/// Earliest and latest year a calendar file may describe.
const YEARS: std::ops::RangeInclusive<i16> = 2000..=2100;

/// A block of days off longer than this is almost certainly a typo
/// (the longest so far, 春节 2026, is 9 days).
const LONGEST_BLOCK_DAYS: i32 = 15;

/// 节假日安排 — the State Council's arrangement for one year, as in `calendars/2022.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearData {
    /// The year the notice covers.
    pub year: i16,
    /// 依据 — the notice, e.g. 国办发明电〔2021〕11号.
    #[serde(default)]
    pub source: String,
    /// 放假 — blocks of days off, inclusive ranges.
    pub days_off: Vec<DaysOff>,
    /// 调休上班 — weekend days made working days.
    #[serde(default)]
    pub makeup_workdays: Vec<MakeupWorkday>,
}

/// 放假 — one block of days off, e.g. 国庆节 10-01 to 10-07.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaysOff {
    /// 节日名称, e.g. 国庆节 or 中秋节、国庆节.
    pub name: String,
    /// First day off.
    pub from: Date,
    /// Last day off (inclusive).
    pub to: Date,
}

/// 调休上班 — a Saturday or Sunday worked in exchange for a holiday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MakeupWorkday {
    /// The day.
    pub date: Date,
    /// The holiday it belongs to, e.g. 国庆节.
    #[serde(rename = "for")]
    pub holiday: String,
}

/// Why a calendar file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The text is not the calendar JSON format.
    #[error("日历文件格式有误：{0}")]
    Format(String),
    /// The file parses but breaks a rule; every problem is listed.
    #[error("{year}年日历数据有误：{}", .problems.join("；"))]
    Invalid {
        /// The year the file claims to describe.
        year: i16,
        /// Each problem, in Chinese.
        problems: Vec<String>,
    },
}

impl YearData {
    /// Parse and check one year's JSON.
    pub fn from_json(text: &str) -> Result<YearData, CalendarError> {
        let data: YearData =
            serde_json::from_str(text).map_err(|e| CalendarError::Format(e.to_string()))?;
        data.validate()?;
        Ok(data)
    }

    /// Every day off in the file, with its holiday name.
    pub fn off_days(&self) -> impl Iterator<Item = (Date, &str)> + '_ {
        self.days_off.iter().flat_map(|block| {
            day_range(block.from, block.to).map(move |d| (d, block.name.as_str()))
        })
    }

    /// Check the rules a notice always follows: dates inside the year (a block
    /// may start in the last days of the previous December, as 2023's 元旦
    /// did on 2022-12-31), no day both off and worked, makeup days on weekends,
    /// each makeup day naming a holiday of the same file.
    pub fn validate(&self) -> Result<(), CalendarError> {
        let mut problems = Vec::new();
        if !YEARS.contains(&self.year) {
            problems.push(format!(
                "年份 {} 超出范围（{}–{}）",
                self.year,
                YEARS.start(),
                YEARS.end()
            ));
            return Err(self.invalid(problems));
        }
        let earliest = Date::constant(self.year - 1, 12, 25);
        let latest = Date::constant(self.year, 12, 31);
        let in_range = |d: Date| earliest <= d && d <= latest;
        let outside = |d: Date| {
            format!(
                "{d} 不在{}年内（仅允许跨年假期从上一年12月25日之后开始）",
                self.year
            )
        };

        let mut off: BTreeMap<Date, &str> = BTreeMap::new();
        for block in &self.days_off {
            if block.name.trim().is_empty() {
                problems.push(format!("{}至{}的放假没有写节日名称", block.from, block.to));
            }
            if block.from > block.to {
                problems.push(format!(
                    "{}放假起止颠倒：{} 晚于 {}",
                    block.name, block.from, block.to
                ));
                continue;
            }
            for d in [block.from, block.to] {
                if !in_range(d) {
                    problems.push(outside(d));
                }
            }
            if block.to.year() != self.year {
                problems.push(format!(
                    "{}放假 {}至{} 须在{}年内结束",
                    block.name, block.from, block.to, self.year
                ));
            }
            let len = block
                .from
                .until(block.to)
                .map(|s| s.get_days())
                .unwrap_or(0)
                + 1;
            if len > LONGEST_BLOCK_DAYS {
                problems.push(format!(
                    "{}放假 {}至{} 共{}天，超过{}天，请核对",
                    block.name, block.from, block.to, len, LONGEST_BLOCK_DAYS
                ));
            }
        }
        for (d, name) in self.off_days() {
            if let Some(other) = off.insert(d, name) {
                problems.push(format!("{d} 同时列在{other}和{name}的放假中"));
            }
        }

        let names: Vec<&str> = self.days_off.iter().map(|b| b.name.as_str()).collect();
        let mut seen = BTreeMap::new();
        for m in &self.makeup_workdays {
            if !in_range(m.date) {
                problems.push(outside(m.date));
            }
            if seen.insert(m.date, ()).is_some() {
                problems.push(format!("调休上班日 {} 重复", m.date));
            }
            if !matches!(m.date.weekday(), Weekday::Saturday | Weekday::Sunday) {
                problems.push(format!(
                    "{}（{}）不是周末，不能设为调休上班日",
                    m.date,
                    weekday_label(m.date)
                ));
            }
            if let Some(name) = off.get(&m.date) {
                problems.push(format!("{} 既是{}放假日又是调休上班日", m.date, name));
            }
            if !names.contains(&m.holiday.as_str()) {
                problems.push(format!(
                    "调休上班日 {} 所属节日“{}”不在本年放假安排中",
                    m.date, m.holiday
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(self.invalid(problems))
        }
    }

    fn invalid(&self, problems: Vec<String>) -> CalendarError {
        CalendarError::Invalid {
            year: self.year,
            problems,
        }
    }
}
