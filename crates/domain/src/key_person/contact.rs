//! 稳控联系 — a contact with a key person (date, method, who, content,
//! result), its pure parse, and when the next one is due: every N days,
//! closer during a sensitive period for those of grade ≥ 较大.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::RiskLevel;
use crate::case_ledger::day;
use crate::errors::{FieldErrors, FieldReader};
use crate::labelled_enum;
use crate::sensitive_period::SensitivePeriod;

labelled_enum! {
    /// 联系方式.
    pub enum ContactMethod {
        /// 电话.
        Phone => ("phone", "电话"),
        /// 上门走访.
        Visit => ("visit", "上门走访"),
        /// 视频.
        Video => ("video", "视频"),
        /// 约谈 at the office.
        Meeting => ("meeting", "约见面谈"),
    }
}

/// 联系记录 as typed: every field text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ContactInput {
    /// 联系日期, `2022-10-03`.
    pub date: String,
    /// 联系方式: 电话 / 上门走访 / 视频 / 约见面谈.
    pub method: String,
    /// 联系人 (who of ours made the contact).
    pub contacted_by: String,
    /// 联系内容.
    pub content: String,
    /// 联系结果 (e.g. 情绪稳定，无越级意图).
    pub result: String,
}

/// 联系记录 — checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPersonContact {
    /// 联系日期.
    pub date: Date,
    /// 联系方式.
    pub method: ContactMethod,
    /// 联系人.
    pub contacted_by: String,
    /// 联系内容.
    pub content: String,
    /// 联系结果.
    pub result: String,
}

impl ContactInput {
    /// Check every field; a contact is recorded after it happened (not after
    /// `today`) and not before `registered_on` minus a year.
    pub fn parse(&self, today: Date) -> Result<KeyPersonContact, FieldErrors> {
        let mut r = FieldReader::default();
        let date = if self.date.trim().is_empty() {
            r.errors.add("date", "联系日期", "不能为空");
            None
        } else {
            day(&mut r, "date", "联系日期", &self.date)
        };
        if let Some(d) = date {
            if d > today {
                r.errors.add("date", "联系日期", "不能晚于今天");
            } else if d.year() < 2000 {
                r.errors.add("date", "联系日期", "不能早于2000年1月1日");
            }
        }
        let method = r.choice("method", "联系方式", &self.method, ContactMethod::parse);
        let contacted_by = r.required_line("contacted_by", "联系人", &self.contacted_by, 30);
        let content = r.required("content", "联系内容", &self.content, 1000);
        let result = r.required("result", "联系结果", &self.result, 500);
        match (date, method, r.errors.is_empty()) {
            (Some(date), Some(method), true) => Ok(KeyPersonContact {
                date,
                method,
                contacted_by,
                content,
                result,
            }),
            _ => Err(r.errors),
        }
    }
}

/// Where a person's next contact stands on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactStatus {
    /// 下次联系日期.
    pub due_on: Date,
    /// The rhythm that set it (days).
    pub every_days: u32,
    /// Why that rhythm: "每30天" or "敏感节点（国庆）期间每3天".
    pub rhythm: String,
    /// 已超期 — due before the day.
    pub overdue: bool,
    /// Days overdue (0 when not).
    pub days_overdue: i64,
}

/// The next contact of a person whose last one was on `last` (None: never,
/// counted from `registered_on`), every `every_days` days. During a
/// `period` that is on or starts by the normal due day, a person of
/// `level` ≥ 较大 is contacted every `period.contact_every_days` days, the
/// first time on the period's first day at the latest.
pub fn contact_due(
    last: Option<Date>,
    registered_on: Date,
    every_days: u32,
    level: RiskLevel,
    period: Option<&SensitivePeriod>,
    today: Date,
) -> ContactStatus {
    let from = last.unwrap_or(registered_on);
    let add = |d: Date, n: u32| d.checked_add(i64::from(n).days()).unwrap_or(d);
    let normal = add(from, every_days);
    let mut due_on = normal;
    let mut rhythm = format!("每{every_days}天");
    let mut rhythm_days = every_days;
    if let Some(p) = period {
        let tight = p.contact_every_days.min(every_days);
        if level >= RiskLevel::Significant
            && p.starts_on <= normal
            && p.ends_on >= from
            && tight < every_days
        {
            let in_period = add(from, tight).max(p.starts_on);
            if in_period <= p.ends_on && in_period < normal {
                due_on = in_period;
                rhythm = format!("敏感节点（{}）期间每{tight}天", p.name);
                rhythm_days = tight;
            }
        }
    }
    let days_overdue = if due_on < today {
        (today - due_on).get_days().into()
    } else {
        0
    };
    ContactStatus {
        due_on,
        every_days: rhythm_days,
        rhythm,
        overdue: due_on < today,
        days_overdue,
    }
}
