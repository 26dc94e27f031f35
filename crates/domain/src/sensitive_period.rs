//! 敏感节点 — sensitive periods (全国两会, 党的二十大, 春节, 国庆 and those a
//! district adds) with heightened duties, and the townships' daily 零报告;
//! their pure parses.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::case_ledger::day;
use crate::errors::{FieldErrors, FieldReader};
use crate::labelled_enum;

/// The longest period one may define (a sensitive period is days or weeks).
const MAX_DAYS: i32 = 92;

/// 敏感节点 — a period with heightened duties, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitivePeriod {
    /// 名称.
    pub name: String,
    /// 开始日期 (inclusive).
    pub starts_on: Date,
    /// 结束日期 (inclusive).
    pub ends_on: Date,
    /// 较大及以上重点人员的联系周期（天）.
    pub contact_every_days: u32,
    /// 说明.
    pub note: String,
}

impl SensitivePeriod {
    /// Whether `d` falls within the period.
    pub fn is_on(&self, d: Date) -> bool {
        self.starts_on <= d && d <= self.ends_on
    }

    /// Days from `d` until the period starts (0 while it is on); None once over.
    pub fn days_until(&self, d: Date) -> Option<i64> {
        if d > self.ends_on {
            None
        } else if d >= self.starts_on {
            Some(0)
        } else {
            Some(i64::from((self.starts_on - d).get_days()))
        }
    }

    /// Each day of the period, first to last.
    pub fn days(&self) -> Vec<Date> {
        let mut out = Vec::new();
        let mut d = self.starts_on;
        while d <= self.ends_on {
            out.push(d);
            match d.tomorrow() {
                Ok(n) => d = n,
                Err(_) => break,
            }
        }
        out
    }
}

/// 敏感节点 as typed: every field text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PeriodInput {
    /// 名称, e.g. 全国两会.
    pub name: String,
    /// 开始日期, `2022-10-16`.
    pub starts_on: String,
    /// 结束日期, `2022-10-22`.
    pub ends_on: String,
    /// 较大及以上重点人员每几天联系一次 (1–30).
    pub contact_every_days: String,
    /// 说明 (the heightened duties), optional.
    pub note: String,
}

impl PeriodInput {
    /// Check every field; every problem named with its field.
    pub fn parse(&self) -> Result<SensitivePeriod, FieldErrors> {
        let mut r = FieldReader::default();
        let name = r.required_line("name", "名称", &self.name, 40);
        let date = |r: &mut FieldReader, field: &str, label: &str, v: &str| {
            if v.trim().is_empty() {
                r.errors.add(field, label, "不能为空");
                None
            } else {
                day(r, field, label, v)
            }
        };
        let starts_on = date(&mut r, "starts_on", "开始日期", &self.starts_on);
        let ends_on = date(&mut r, "ends_on", "结束日期", &self.ends_on);
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                r.errors.add("ends_on", "结束日期", "不能早于开始日期");
            } else if (e - s).get_days() >= MAX_DAYS {
                r.errors
                    .add("ends_on", "结束日期", format!("敏感节点最长{MAX_DAYS}天"));
            }
            if s.year() < 2000 {
                r.errors
                    .add("starts_on", "开始日期", "不能早于2000年1月1日");
            }
        }
        let every = self.contact_every_days.trim();
        let contact_every_days = match every.parse::<u32>() {
            Ok(n) if (1..=30).contains(&n) => n,
            _ if every.is_empty() => {
                r.errors
                    .add("contact_every_days", "联系周期（天）", "不能为空");
                0
            }
            _ => {
                r.errors.add(
                    "contact_every_days",
                    "联系周期（天）",
                    format!("应为1至30的整数，而不是“{every}”"),
                );
                0
            }
        };
        let note = r
            .optional("note", "说明", &self.note, 500)
            .unwrap_or_default();
        match (starts_on, ends_on, r.errors.is_empty()) {
            (Some(starts_on), Some(ends_on), true) => Ok(SensitivePeriod {
                name,
                starts_on,
                ends_on,
                contact_every_days,
                note,
            }),
            _ => Err(r.errors),
        }
    }
}

labelled_enum! {
    /// 零报告 — what a township reports for a day of a period.
    pub enum ZeroReportOutcome {
        /// 无异常 — nothing to report (the "zero" of 零报告).
        Nothing => ("nothing", "无异常"),
        /// 有情况 — issues listed.
        Issues => ("issues", "有情况"),
    }
}

/// 零报告 as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ZeroReportInput {
    /// 报告日期, `2022-10-17` (blank: today).
    pub date: String,
    /// 乡镇 (organisation id); blank for the reporter's own township.
    pub township_id: String,
    /// 无异常 / 有情况.
    pub outcome: String,
    /// 情况 — the issues, required with 有情况.
    pub issues: String,
}

/// 零报告 — checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZeroReport {
    /// 报告日期.
    pub date: Date,
    /// 乡镇, when named (else the reporter's own).
    pub township_id: Option<i64>,
    /// 无异常 / 有情况.
    pub outcome: ZeroReportOutcome,
    /// 情况.
    pub issues: Option<String>,
}

impl ZeroReportInput {
    /// Check every field; the day must be within `period` and not after `today`.
    pub fn parse(&self, period: &SensitivePeriod, today: Date) -> Result<ZeroReport, FieldErrors> {
        let mut r = FieldReader::default();
        let date = if self.date.trim().is_empty() {
            Some(today)
        } else {
            day(&mut r, "date", "报告日期", &self.date)
        };
        if let Some(d) = date {
            if d > today {
                r.errors.add("date", "报告日期", "不能晚于今天");
            } else if !period.is_on(d) {
                r.errors.add(
                    "date",
                    "报告日期",
                    format!(
                        "不在敏感节点“{}”（{}至{}）内",
                        period.name, period.starts_on, period.ends_on
                    ),
                );
            }
        }
        let township_id = r.optional_id("township_id", "乡镇", &self.township_id);
        let outcome = r.choice(
            "outcome",
            "报告结果",
            &self.outcome,
            ZeroReportOutcome::parse,
        );
        let issues = r.optional("issues", "情况", &self.issues, 2000);
        if outcome == Some(ZeroReportOutcome::Issues) && issues.is_none() {
            r.errors.add("issues", "情况", "报告“有情况”时请列明情况");
        }
        match (date, outcome, r.errors.is_empty()) {
            (Some(date), Some(outcome), true) => Ok(ZeroReport {
                date,
                township_id,
                outcome,
                issues: if outcome == ZeroReportOutcome::Issues {
                    issues
                } else {
                    None
                },
            }),
            _ => Err(r.errors),
        }
    }
}

labelled_enum! {
    /// A township's 零报告 for one day, as the district sees it.
    pub enum ZeroReportState {
        /// 已报 — reported on the day.
        OnTime => ("on_time", "已报"),
        /// 迟报 — reported, but after the day.
        Late => ("late", "迟报"),
        /// 未报 — not reported.
        Missing => ("missing", "未报"),
    }
}

/// The state of a report for `day` made on `reported_on` (None: not made).
pub fn report_state(day: Date, reported_on: Option<Date>) -> ZeroReportState {
    match reported_on {
        None => ZeroReportState::Missing,
        Some(r) if r <= day => ZeroReportState::OnTime,
        Some(_) => ZeroReportState::Late,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::civil::date;

    fn ershida() -> SensitivePeriod {
        PeriodInput {
            name: "党的二十大".into(),
            starts_on: "2022-10-16".into(),
            ends_on: "2022-10-22".into(),
            contact_every_days: "2".into(),
            note: String::new(),
        }
        .parse()
        .unwrap()
    }

    #[test]
    fn a_period_parses_and_counts_its_days() {
        let p = ershida();
        assert_eq!(p.days().len(), 7);
        assert!(p.is_on(date(2022, 10, 16)) && p.is_on(date(2022, 10, 22)));
        assert!(!p.is_on(date(2022, 10, 23)));
        assert_eq!(p.days_until(date(2022, 10, 1)), Some(15));
        assert_eq!(p.days_until(date(2022, 10, 20)), Some(0));
        assert_eq!(p.days_until(date(2022, 10, 23)), None);
    }

    #[test]
    fn a_bad_period_names_each_field() {
        let e = PeriodInput {
            name: String::new(),
            starts_on: "2022-10-22".into(),
            ends_on: "2022-10-16".into(),
            contact_every_days: "45".into(),
            note: String::new(),
        }
        .parse()
        .unwrap_err();
        for f in ["name", "ends_on", "contact_every_days"] {
            assert!(e.has(f), "{f}: {e:?}");
        }
    }

    #[test]
    fn a_zero_report_is_within_its_period_and_lists_issues() {
        let p = ershida();
        let ok = ZeroReportInput {
            outcome: "无异常".into(),
            ..ZeroReportInput::default()
        };
        let r = ok.parse(&p, date(2022, 10, 17)).unwrap();
        assert_eq!(
            (r.date, r.outcome),
            (date(2022, 10, 17), ZeroReportOutcome::Nothing)
        );
        let e = ok.parse(&p, date(2022, 10, 25)).unwrap_err();
        assert!(e.has("date"));
        let issues = ZeroReportInput {
            outcome: "有情况".into(),
            ..ZeroReportInput::default()
        };
        assert!(
            issues
                .parse(&p, date(2022, 10, 17))
                .unwrap_err()
                .has("issues")
        );
    }

    #[test]
    fn reports_are_on_time_late_or_missing() {
        let d = date(2022, 10, 17);
        assert_eq!(report_state(d, Some(d)), ZeroReportState::OnTime);
        assert_eq!(
            report_state(d, Some(date(2022, 10, 18))),
            ZeroReportState::Late
        );
        assert_eq!(report_state(d, None), ZeroReportState::Missing);
    }
}
