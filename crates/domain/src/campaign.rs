//! 排查活动 — a screening campaign (集中排查 / 日常排查 / 敏感节点排查): its
//! period, the townships and villages it covers and its focus categories,
//! the pure parse of its form and of a village's 已排查无风险 report, and the
//! coverage (覆盖情况) counted from what was reported under it.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::accountability::one_or_many;
use crate::case_ledger::day;
use crate::errors::{FieldErrors, FieldReader};
use crate::risk_grade::RiskGrade;
use crate::screening::ScreeningKind;
use crate::vocab::Category;

/// The longest campaign: a year (a 日常排查 runs the whole year).
pub const MAX_DAYS: i32 = 366;

/// 排查活动 as typed in the form or a JSON body: every field text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CampaignInput {
    /// 活动名称, e.g. 2022年第三季度集中排查.
    pub name: String,
    /// 排查方式: 集中排查, 日常排查 or 敏感节点排查 (label or key).
    pub kind: String,
    /// 开始日期, `2022-09-01`.
    pub starts_on: String,
    /// 结束日期 (inclusive).
    pub ends_on: String,
    /// 覆盖乡镇 (organisation ids); blank: every township (district campaigns).
    #[serde(deserialize_with = "one_or_many")]
    pub townships: Vec<String>,
    /// 覆盖村/社区 (organisation ids); blank: every village of the townships covered.
    #[serde(deserialize_with = "one_or_many")]
    pub villages: Vec<String>,
    /// 重点问题类别 (labels or keys); blank: every category.
    #[serde(deserialize_with = "one_or_many")]
    pub categories: Vec<String>,
    /// 备注 (工作要求).
    pub remarks: String,
}

/// 排查活动, checked; the organisations are only numbers here (the caller
/// looks them up and fills in every village of a township named alone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Campaign {
    /// 活动名称.
    pub name: String,
    /// 排查方式.
    pub kind: ScreeningKind,
    /// 开始日期.
    pub starts_on: Date,
    /// 结束日期 (inclusive).
    pub ends_on: Date,
    /// 覆盖乡镇 as typed (empty: all).
    pub township_ids: Vec<i64>,
    /// 覆盖村/社区 as typed (empty: all of the townships').
    pub village_ids: Vec<i64>,
    /// 重点问题类别 (empty: all).
    pub categories: Vec<Category>,
    /// 备注.
    pub remarks: String,
}

/// Items typed as a list or as one text: split at commas, 、, spaces and lines.
fn items(v: &[String]) -> Vec<String> {
    crate::accountability::split_numbers(v)
}

fn ids(r: &mut FieldReader, field: &str, label: &str, v: &[String]) -> Vec<i64> {
    let mut out = Vec::new();
    for s in items(v) {
        match r.id(field, label, &s) {
            Some(id) if !out.contains(&id) => out.push(id),
            _ => {}
        }
    }
    out
}

impl CampaignInput {
    /// Check every field; every problem is listed with its field.
    pub fn parse(&self) -> Result<Campaign, FieldErrors> {
        let mut r = FieldReader::default();
        let name = r.required_line("name", "活动名称", &self.name, 60);
        let kind = r.choice("kind", "排查方式", &self.kind, ScreeningKind::parse);
        let starts_on = required_day(&mut r, "starts_on", "开始日期", &self.starts_on);
        let ends_on = required_day(&mut r, "ends_on", "结束日期", &self.ends_on);
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                r.errors.add("ends_on", "结束日期", "不能早于开始日期");
            } else if (e - s).get_days() >= MAX_DAYS {
                r.errors.add("ends_on", "结束日期", "一次排查活动最长一年");
            }
        }
        let township_ids = ids(&mut r, "townships", "覆盖乡镇", &self.townships);
        let village_ids = ids(&mut r, "villages", "覆盖村/社区", &self.villages);
        let mut categories = Vec::new();
        for c in items(&self.categories) {
            match Category::parse(&c) {
                Some(c) if !categories.contains(&c) => categories.push(c),
                Some(_) => {}
                None => r.errors.add(
                    "categories",
                    "重点问题类别",
                    format!("没有“{}”这个问题类别", crate::errors::printable(&c)),
                ),
            }
        }
        let remarks = r
            .optional("remarks", "备注", &self.remarks, 1000)
            .unwrap_or_default();
        match (kind, starts_on, ends_on) {
            (Some(kind), Some(starts_on), Some(ends_on)) if r.errors.is_empty() => Ok(Campaign {
                name,
                kind,
                starts_on,
                ends_on,
                township_ids,
                village_ids,
                categories,
                remarks,
            }),
            _ => Err(r.errors),
        }
    }
}

fn required_day(r: &mut FieldReader, field: &str, label: &str, v: &str) -> Option<Date> {
    if v.trim().is_empty() {
        r.errors.add(field, label, "不能为空");
        return None;
    }
    day(r, field, label, &v.replace(['/', '.'], "-"))
}

/// 已排查无风险 as typed: a village of the campaign reports it was screened
/// and nothing was found.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ClearReportInput {
    /// 村/社区 (organisation id).
    pub village_id: String,
    /// 排查日期, `2022-09-20`.
    pub screened_on: String,
    /// 备注 (e.g. 入户走访42户，未发现不稳定因素).
    pub remarks: String,
}

/// 已排查无风险, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClearReport {
    /// 村/社区.
    pub village_id: i64,
    /// 排查日期.
    pub screened_on: Date,
    /// 备注.
    pub remarks: String,
}

impl ClearReportInput {
    /// Check the fields; the date must fall in the campaign's period.
    pub fn parse(&self, starts_on: Date, ends_on: Date) -> Result<ClearReport, FieldErrors> {
        let mut r = FieldReader::default();
        let village_id = r.id("village_id", "村/社区", &self.village_id);
        let screened_on = required_day(&mut r, "screened_on", "排查日期", &self.screened_on);
        if let Some(d) = screened_on
            && (d < starts_on || d > ends_on)
        {
            r.errors.add(
                "screened_on",
                "排查日期",
                format!("应在排查活动期间（{starts_on}至{ends_on}）"),
            );
        }
        let remarks = r
            .optional("remarks", "备注", &self.remarks, 500)
            .unwrap_or_default();
        match (village_id, screened_on) {
            (Some(village_id), Some(screened_on)) if r.errors.is_empty() => Ok(ClearReport {
                village_id,
                screened_on,
                remarks,
            }),
            _ => Err(r.errors),
        }
    }
}

/// A village a campaign covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoveredVillage {
    /// Village id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its township's id.
    pub township_id: i64,
}

/// An entry reported under a campaign, as coverage counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedEntry {
    /// 乡镇.
    pub township_id: i64,
    /// 村/社区 (entries of a campaign name one; old ones may not).
    pub village_id: Option<i64>,
    /// 风险等级 (None: 未定级).
    pub grade: Option<RiskGrade>,
    /// 问题类别.
    pub category: Category,
}

/// How a village stands in a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VillageState {
    /// 有排查记录 — at least one entry.
    Found,
    /// 已排查无风险 — screened, nothing found.
    Clear,
    /// 未排查 — neither yet.
    NotScreened,
}

impl VillageState {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            VillageState::Found => "有排查记录",
            VillageState::Clear => "已排查无风险",
            VillageState::NotScreened => "未排查",
        }
    }
}

/// Counts of one township (or the whole campaign).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CoverageCounts {
    /// 应排查村数 — villages covered.
    pub villages: usize,
    /// 已排查村数 — with an entry or a 无风险 report.
    pub screened: usize,
    /// …of which with entries.
    pub with_entries: usize,
    /// …of which 已排查无风险.
    pub clear: usize,
    /// 未排查村数.
    pub not_screened: usize,
    /// 排查记录 in all.
    pub entries: usize,
    /// Entries per grade, in [`RiskGrade::ALL`] order.
    pub by_grade: Vec<usize>,
    /// Entries not yet graded (未定级).
    pub ungraded: usize,
    /// Entries per category, by category (only those with entries).
    pub by_category: BTreeMap<Category, usize>,
}

impl CoverageCounts {
    fn new() -> CoverageCounts {
        CoverageCounts {
            by_grade: vec![0; RiskGrade::ALL.len()],
            ..CoverageCounts::default()
        }
    }

    fn count(&mut self, e: &CountedEntry) {
        self.entries += 1;
        match e.grade {
            Some(g) => {
                if let Some(i) = RiskGrade::ALL.iter().position(|x| *x == g) {
                    self.by_grade[i] += 1;
                }
            }
            None => self.ungraded += 1,
        }
        *self.by_category.entry(e.category).or_default() += 1;
    }

    /// 覆盖率 in per cent, whole (0 when nothing is covered).
    pub fn percent(&self) -> u32 {
        (self.screened * 100)
            .checked_div(self.villages)
            .map_or(0, |p| u32::try_from(p).unwrap_or(100))
    }
}

/// 覆盖情况 — a campaign's coverage: per township and in all, and each
/// village's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Per township id, in the order of `townships` given.
    pub townships: Vec<(i64, CoverageCounts)>,
    /// The whole campaign.
    pub total: CoverageCounts,
    /// Each covered village with its state.
    pub villages: Vec<(CoveredVillage, VillageState)>,
}

/// Count a campaign's coverage: `villages` it covers, `townships` in the
/// order to report, the `entries` reported under it and the villages that
/// reported 无风险 (`clear`). An entry in a township the campaign does not
/// cover still counts in the total (it cannot be stored, but old data may).
pub fn coverage(
    townships: &[i64],
    villages: &[CoveredVillage],
    entries: &[CountedEntry],
    clear: &BTreeSet<i64>,
) -> Coverage {
    let mut per: Vec<(i64, CoverageCounts)> = townships
        .iter()
        .map(|t| (*t, CoverageCounts::new()))
        .collect();
    let mut total = CoverageCounts::new();
    let found: BTreeSet<i64> = entries.iter().filter_map(|e| e.village_id).collect();
    let mut states = Vec::with_capacity(villages.len());
    for v in villages {
        let state = if found.contains(&v.id) {
            VillageState::Found
        } else if clear.contains(&v.id) {
            VillageState::Clear
        } else {
            VillageState::NotScreened
        };
        let counts = per.iter_mut().find(|(t, _)| *t == v.township_id);
        for c in counts.map(|(_, c)| c).into_iter().chain([&mut total]) {
            c.villages += 1;
            match state {
                VillageState::Found => {
                    c.screened += 1;
                    c.with_entries += 1;
                }
                VillageState::Clear => {
                    c.screened += 1;
                    c.clear += 1;
                }
                VillageState::NotScreened => c.not_screened += 1,
            }
        }
        states.push((v.clone(), state));
    }
    for e in entries {
        if let Some((_, c)) = per.iter_mut().find(|(t, _)| *t == e.township_id) {
            c.count(e);
        }
        total.count(e);
    }
    Coverage {
        townships: per,
        total,
        villages: states,
    }
}

#[cfg(test)]
#[path = "campaign_tests.rs"]
mod tests;
