//! 信访舆情隐患分析排查会议 — a township's monthly risk meeting: when and
//! where, who chaired and attended, the risks discussed, and the measures
//! decided, each with its owner and due date (a tracked task: 未完成,
//! 临期, 已超期, 已完成, 逾期完成).
//!
//! The plan: "每月要召开一次信访舆情隐患分析排查会议，对排查的问题制定切实可行的
//! 应对处置措施，争取工作主动".

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::case_ledger::day;
use crate::errors::{FieldErrors, FieldReader};

/// A calendar month, `2022-10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Month {
    /// Year.
    pub year: i16,
    /// Month, 1–12.
    pub month: i8,
}

impl Month {
    /// `2022-10` (also `2022-1`); None otherwise.
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        let year: i16 = y.parse().ok()?;
        let month: i8 = m.parse().ok()?;
        ((2000..=2100).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// The month of `date`.
    pub fn of(date: Date) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Its first day.
    pub fn first_day(self) -> Date {
        Date::constant(self.year, self.month, 1)
    }

    /// The month after.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// `2022年10月`.
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One measure as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MeasureInput {
    /// 措施内容.
    pub content: String,
    /// 责任人（责任单位）.
    pub owner: String,
    /// 完成期限, YYYY-MM-DD.
    pub due: String,
}

/// The meeting record as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MeetingInput {
    /// 乡镇 — organisation id (a township's own users may leave it blank).
    pub township_id: String,
    /// 会议日期, YYYY-MM-DD.
    pub held_on: String,
    /// 会议地点.
    pub place: String,
    /// 主持人.
    pub chair: String,
    /// 参会人员: names separated by 、，, or spaces.
    pub attendees: String,
    /// 研判的风险隐患: what was discussed.
    pub risks: String,
    /// 应对处置措施: each with owner and due date; blank rows are skipped.
    pub measures: Vec<MeasureInput>,
}

/// A checked measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// 措施内容.
    pub content: String,
    /// 责任人.
    pub owner: String,
    /// 完成期限.
    pub due: Date,
}

/// A checked meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// 会议日期.
    pub held_on: Date,
    /// 会议地点.
    pub place: String,
    /// 主持人.
    pub chair: String,
    /// 参会人员.
    pub attendees: Vec<String>,
    /// 研判的风险隐患.
    pub risks: String,
    /// 应对处置措施.
    pub measures: Vec<Measure>,
}

/// The most measures one meeting decides, and the most attendees.
pub const MAX_MEASURES: usize = 30;
const MAX_ATTENDEES: usize = 60;

impl MeetingInput {
    /// Check the record (the township is the caller's to resolve): date
    /// (not after `today`), place, chair, at least two attendees, the risks,
    /// and every measure with content, owner and a due date not before the
    /// meeting. A measure row's errors name it `measures[2].due`.
    pub fn parse(&self, today: Date) -> Result<Meeting, FieldErrors> {
        let mut r = FieldReader::default();
        let held_on = if self.held_on.trim().is_empty() {
            r.errors.add("held_on", "会议日期", "不能为空");
            None
        } else {
            day(&mut r, "held_on", "会议日期", &self.held_on)
        };
        if let Some(d) = held_on {
            if d > today {
                r.errors
                    .add("held_on", "会议日期", "不能晚于今天（会后录入会议记录）");
            } else if d.year() < 2000 {
                r.errors.add("held_on", "会议日期", "不能早于2000年1月1日");
            }
        }
        let place = r.required_line("place", "会议地点", &self.place, 100);
        let chair = r.required_line("chair", "主持人", &self.chair, 30);
        let attendees: Vec<String> = self
            .attendees
            .split(['、', '，', ',', '；', ';', ' ', '\u{3000}', '\n', '\t'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if attendees.len() < 2 {
            r.errors
                .add("attendees", "参会人员", "至少填写两名参会人员");
        } else if attendees.len() > MAX_ATTENDEES {
            r.errors.add(
                "attendees",
                "参会人员",
                format!("最多填写{MAX_ATTENDEES}人"),
            );
        } else if let Some(long) = attendees.iter().find(|a| a.chars().count() > 30) {
            r.errors.add(
                "attendees",
                "参会人员",
                format!("“{long}”过长，每人不超过30字"),
            );
        }
        let risks = r.required("risks", "研判的风险隐患", &self.risks, 4000);
        let rows: Vec<(usize, &MeasureInput)> = self
            .measures
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                !(m.content.trim().is_empty()
                    && m.owner.trim().is_empty()
                    && m.due.trim().is_empty())
            })
            .collect();
        if rows.is_empty() {
            r.errors.add(
                "measures",
                "应对处置措施",
                "至少制定一条措施（含责任人和完成期限）",
            );
        } else if rows.len() > MAX_MEASURES {
            r.errors.add(
                "measures",
                "应对处置措施",
                format!("一次最多{MAX_MEASURES}条"),
            );
        }
        let mut measures = Vec::new();
        for (i, m) in rows {
            let n = i + 1;
            let content = r.required(
                &format!("measures[{i}].content"),
                &format!("第{n}条措施内容"),
                &m.content,
                500,
            );
            let owner = r.required_line(
                &format!("measures[{i}].owner"),
                &format!("第{n}条措施责任人"),
                &m.owner,
                50,
            );
            let field = format!("measures[{i}].due");
            let label = format!("第{n}条措施完成期限");
            let due = if m.due.trim().is_empty() {
                r.errors.add(&field, &label, "不能为空");
                None
            } else {
                day(&mut r, &field, &label, &m.due)
            };
            if let (Some(due), Some(held)) = (due, held_on)
                && due < held
            {
                r.errors.add(&field, &label, "不能早于会议日期");
            }
            if let Some(due) = due {
                measures.push(Measure {
                    content,
                    owner,
                    due,
                });
            }
        }
        match held_on {
            Some(held_on) if r.errors.is_empty() => Ok(Meeting {
                held_on,
                place,
                chair,
                attendees,
                risks,
                measures,
            }),
            _ => Err(r.errors),
        }
    }
}

/// The answer that a measure was carried out, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MeasureDoneInput {
    /// 完成日期, YYYY-MM-DD (blank for today).
    pub date: String,
    /// 落实情况.
    pub note: String,
}

/// A checked completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureDone {
    /// 完成日期.
    pub on: Date,
    /// 落实情况.
    pub note: String,
}

impl MeasureDoneInput {
    /// Check it: a note saying what was done, a date between the meeting and `today`.
    pub fn parse(&self, held_on: Date, today: Date) -> Result<MeasureDone, FieldErrors> {
        let mut r = FieldReader::default();
        let on = if self.date.trim().is_empty() {
            Some(today)
        } else {
            day(&mut r, "date", "完成日期", &self.date)
        };
        if let Some(d) = on {
            if d > today {
                r.errors.add("date", "完成日期", "不能晚于今天");
            } else if d < held_on {
                r.errors.add("date", "完成日期", "不能早于会议日期");
            }
        }
        let note = r.required("note", "落实情况", &self.note, 1000);
        match on {
            Some(on) if r.errors.is_empty() => Ok(MeasureDone { on, note }),
            _ => Err(r.errors),
        }
    }
}

crate::labelled_enum! {
    /// Where a measure stands on a given day.
    pub enum MeasureState {
        /// 未完成 — open, due later.
        Open => ("open", "未完成"),
        /// 临期 — open, due within three days.
        DueSoon => ("due_soon", "临期"),
        /// 已超期 — open past its due date.
        Overdue => ("overdue", "已超期"),
        /// 已完成 — done by its due date.
        Done => ("done", "已完成"),
        /// 逾期完成 — done after its due date.
        DoneLate => ("done_late", "逾期完成"),
    }
}

/// How many days before its due date a measure counts as 临期.
pub const DUE_SOON_DAYS: i32 = 3;

impl MeasureState {
    /// The state of a measure due on `due`, done on `done` (if it was), on `today`.
    pub fn of(due: Date, done: Option<Date>, today: Date) -> MeasureState {
        match done {
            Some(d) if d <= due => MeasureState::Done,
            Some(_) => MeasureState::DoneLate,
            None if today > due => MeasureState::Overdue,
            None if (due - today).get_days() <= DUE_SOON_DAYS => MeasureState::DueSoon,
            None => MeasureState::Open,
        }
    }

    /// Whether it still needs doing.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            MeasureState::Open | MeasureState::DueSoon | MeasureState::Overdue
        )
    }
}

#[cfg(test)]
#[path = "meeting_tests.rs"]
mod tests;
