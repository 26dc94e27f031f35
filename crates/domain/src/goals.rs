//! 目标任务 — the plan's goals: the period they are judged over (年, 季度,
//! 月), and the district's published rank (信访件总量在市、省的排名), as the
//! district enters what the city and the province publish.

use jiff::civil::Date;
use serde::Serialize;

use crate::errors::{FieldErrors, FieldReader};
use crate::labelled_enum;

/// A period the goals are judged over: a year, a quarter or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    year: i16,
    span: Span,
}

/// Which part of the year a period covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Span {
    Year,
    Quarter(i8),
    Month(i8),
}

/// The first year a period may name (records begin in 2000).
const FIRST_YEAR: i16 = 2000;
/// The last year a period may name.
const LAST_YEAR: i16 = 2099;

impl Period {
    /// Parse `2022`, `2022-Q3` (or `2022Q3`, `2022-q3`) or `2022-10`; the
    /// error is a Chinese sentence saying what is accepted.
    pub fn parse(text: &str) -> Result<Period, String> {
        let t = text.trim();
        let bad =
            || format!("“{t}”不是有效的期间，应写作年份（2022）、季度（2022-Q3）或月份（2022-10）");
        if t.is_empty() {
            return Err("不能为空".into());
        }
        let (Some(year), Some(rest)) = (t.get(..4), t.get(4..)) else {
            return Err(bad());
        };
        if !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i16 = year.parse().map_err(|_| bad())?;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(format!("年份应在{FIRST_YEAR}至{LAST_YEAR}之间"));
        }
        let number = |s: &str, max: i8| -> Result<i8, String> {
            match s.parse::<i8>() {
                Ok(n) if (1..=max).contains(&n) && !s.starts_with('+') => Ok(n),
                _ => Err(bad()),
            }
        };
        let span = match rest {
            "" => Span::Year,
            _ => {
                let rest = rest.strip_prefix('-').unwrap_or(rest);
                if let Some(q) = rest.strip_prefix(['Q', 'q']) {
                    Span::Quarter(number(q, 4)?)
                } else if rest.len() == 2 {
                    Span::Month(number(rest, 12)?)
                } else {
                    return Err(bad());
                }
            }
        };
        Ok(Period { year, span })
    }

    /// The period as written in a URL and stored: `2022`, `2022-Q3`, `2022-10`.
    pub fn key(self) -> String {
        match self.span {
            Span::Year => format!("{}", self.year),
            Span::Quarter(q) => format!("{}-Q{q}", self.year),
            Span::Month(m) => format!("{}-{m:02}", self.year),
        }
    }

    /// The period as people say it: 2022年, 2022年第三季度, 2022年10月.
    pub fn label(self) -> String {
        match self.span {
            Span::Year => format!("{}年", self.year),
            Span::Quarter(q) => {
                let n = ["一", "二", "三", "四"][usize::try_from(q - 1).unwrap_or(0)];
                format!("{}年第{n}季度", self.year)
            }
            Span::Month(m) => format!("{}年{m}月", self.year),
        }
    }

    /// Its first day.
    pub fn first_day(self) -> Date {
        let month = match self.span {
            Span::Year => 1,
            Span::Quarter(q) => (q - 1) * 3 + 1,
            Span::Month(m) => m,
        };
        jiff::civil::date(self.year, month, 1)
    }

    /// Its last day.
    pub fn last_day(self) -> Date {
        let (month, months) = match self.span {
            Span::Year => (1, 12),
            Span::Quarter(q) => ((q - 1) * 3 + 1, 3),
            Span::Month(m) => (m, 1),
        };
        let first = jiff::civil::date(self.year, month, 1);
        first
            .checked_add(jiff::Span::new().months(months))
            .and_then(|d| d.yesterday())
            .unwrap_or(first)
    }

    /// The same period a year earlier (同比).
    pub fn a_year_earlier(self) -> Period {
        Period {
            year: self.year - 1,
            ..self
        }
    }

    /// The year it lies in.
    pub fn year(self) -> i16 {
        self.year
    }

    /// Whether `other` is of the same length (both years, quarters or months).
    pub fn same_grain(self, other: Period) -> bool {
        matches!(
            (self.span, other.span),
            (Span::Year, Span::Year)
                | (Span::Quarter(_), Span::Quarter(_))
                | (Span::Month(_), Span::Month(_))
        )
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.key())
    }
}

labelled_enum! {
    /// 通报层级 — who published the ranking.
    pub enum RankLevel {
        /// 市 — the city ranks its districts and counties.
        City => ("city", "市"),
        /// 省 — the province ranks its counties and districts.
        Province => ("province", "省"),
    }
}

/// 通报排名 as typed in the form or a JSON body: every field text.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RankInput {
    /// 期间: `2022`, `2022-Q3` or `2022-10`.
    pub period: String,
    /// 通报层级: 市 or 省 (label or key).
    pub level: String,
    /// 排名: the district's place, 1 = the most petitions.
    pub rank: String,
    /// 参与排名数: how many districts were ranked.
    pub ranked_count: String,
    /// 通报总量: the district's total as published, if the notice gives it.
    pub published_total: String,
    /// 来源: the notice or document the figures come from.
    pub source: String,
    /// 备注
    pub note: String,
}

/// 通报排名 — the district's place among the districts the city or the
/// province ranked by 信访件总量 for one period (1 = the most petitions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedRank {
    /// 期间
    pub period: Period,
    /// 通报层级
    pub level: RankLevel,
    /// 排名
    pub rank: i64,
    /// 参与排名数
    pub ranked_count: i64,
    /// 通报总量, when published.
    pub published_total: Option<i64>,
    /// 来源
    pub source: String,
    /// 备注
    pub note: Option<String>,
}

/// The largest number of districts a ranking may hold, and the largest total.
const MAX_RANKED: i64 = 1000;
const MAX_TOTAL: i64 = 10_000_000;

/// A whole number typed in a field: None (with the field named) when bad.
fn count(r: &mut FieldReader, field: &str, label: &str, text: &str, required: bool) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        if required {
            r.errors.add(field, label, "不能为空");
        }
        return None;
    }
    match t.parse::<i64>() {
        Ok(n) if n >= 1 => Some(n),
        Ok(_) => {
            r.errors.add(field, label, "应为正整数");
            None
        }
        Err(_) => {
            r.errors.add(
                field,
                label,
                format!("“{}”不是整数", crate::errors::printable(t)),
            );
            None
        }
    }
}

impl RankInput {
    /// Check every field; every problem is listed with its field.
    pub fn parse(&self) -> Result<PublishedRank, FieldErrors> {
        let mut r = FieldReader::default();
        let period = match Period::parse(&self.period) {
            Ok(p) => Some(p),
            Err(message) => {
                r.errors.add("period", "期间", message);
                None
            }
        };
        let level = r.choice("level", "通报层级", &self.level, RankLevel::parse);
        let rank = count(&mut r, "rank", "排名", &self.rank, true);
        let ranked_count = count(
            &mut r,
            "ranked_count",
            "参与排名数",
            &self.ranked_count,
            true,
        );
        if ranked_count.is_some_and(|n| n > MAX_RANKED) {
            r.errors.add(
                "ranked_count",
                "参与排名数",
                format!("不能超过{MAX_RANKED}"),
            );
        }
        if let (Some(rank), Some(n)) = (rank, ranked_count)
            && rank > n
        {
            r.errors.add(
                "rank",
                "排名",
                format!("第{rank}名超出了参与排名的{n}个县区"),
            );
        }
        let published_total = count(
            &mut r,
            "published_total",
            "通报总量",
            &self.published_total,
            false,
        );
        if published_total.is_some_and(|n| n > MAX_TOTAL) {
            r.errors.add(
                "published_total",
                "通报总量",
                format!("不能超过{MAX_TOTAL}"),
            );
        }
        let source = r.required_line("source", "来源", &self.source, 200);
        let note = r.optional("note", "备注", &self.note, 500);
        match (period, level, rank, ranked_count) {
            (Some(period), Some(level), Some(rank), Some(ranked_count)) if r.errors.is_empty() => {
                Ok(PublishedRank {
                    period,
                    level,
                    rank,
                    ranked_count,
                    published_total,
                    source,
                    note,
                })
            }
            _ => Err(r.errors),
        }
    }
}

/// Whether a rank is 前列 (among the first third of the districts ranked,
/// at least the first): the goal "信访件总量不居于省、市前列" is met when not.
pub fn is_near_the_top(rank: i64, ranked_count: i64) -> bool {
    rank <= (ranked_count / 3).max(1)
}

#[cfg(test)]
#[path = "goals_tests.rs"]
mod tests;
