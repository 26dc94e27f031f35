//! 规则集 — which milestones each case kind gets, as data: the seed's plan and the statute ship as presets.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::signal::SignalPattern;
use crate::vocab::CaseKind;

const SEED: &str = include_str!("../../../../rules/seed.json");
const STATUTE: &str = include_str!("../../../../rules/statute.json");

/// 规则集 — a named set of milestone rules per case kind (`rules/*.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Machine name, e.g. `seed`, `statute`, or a district's own.
    pub name: String,
    /// Chinese title shown to users.
    pub title: String,
    /// 依据 — where the limits come from.
    #[serde(default)]
    pub source: String,
    /// 继承 — the preset this set builds on (`"extends": "statute"`): its
    /// milestones apply too, unless this set has one with the same key for
    /// the same kind or leaves it out in [`RuleSet::omit`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Keys of the parent's milestones this set leaves out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub omit: Vec<String>,
    /// 延期上限 — the most days all extensions of one milestone may add
    /// (《信访工作条例》第三十四条: 30). None: no limit.
    #[serde(default)]
    pub max_extension_days: Option<u32>,
    /// Milestones of each case kind.
    #[serde(default)]
    pub kinds: BTreeMap<CaseKind, Vec<Milestone>>,
    /// Milestones every case kind gets, after its own (e.g. the 复查 window).
    #[serde(default)]
    pub all_kinds: Vec<Milestone>,
    /// The resolved [`RuleSet::extends`] (not in the file).
    #[serde(skip)]
    parent: Option<Box<RuleSet>>,
}

/// 节点 — one clocked duty on a case, e.g. 建立联系 within 1 day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Stable key, unique within a case kind (`contact`, `review_window` …).
    pub key: String,
    /// Chinese name, e.g. 建立联系.
    pub name: String,
    /// A duty (deadline) or a petitioner's window.
    #[serde(default)]
    pub kind: MilestoneKind,
    /// The signal whose first occurrence starts the clock.
    #[serde(default = "received")]
    pub start: SignalPattern,
    /// All of these groups must be satisfied, each by any one of its signals;
    /// empty for a window that nothing closes early.
    #[serde(default)]
    pub complete: Vec<Vec<SignalPattern>>,
    /// How long.
    pub limit: Limit,
    /// Time between these two signals does not count (听证 in 复核).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause: Option<Pause>,
    /// 依据, e.g. 《信访工作条例》第三十五条.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basis: String,
    /// What the milestone stands for beyond its own clock, e.g. the one
    /// that answers the petitioner (`"role": "answer"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<MilestoneRole>,
}

/// 节点角色 — what a milestone stands for beyond its own clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneRole {
    /// 答复信访人 — the milestone by which the petitioner is answered: its
    /// due day is Annex 4's 办结时限 and the date the 《受理告知书》 promises.
    /// Each case kind has exactly one.
    Answer,
}

impl MilestoneRole {
    /// Every role.
    pub const ALL: &'static [MilestoneRole] = &[MilestoneRole::Answer];

    /// Stable key, as in rule files and stored milestones: `answer`.
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneRole::Answer => "answer",
        }
    }

    /// Chinese name: 答复信访人.
    pub fn label(self) -> &'static str {
        match self {
            MilestoneRole::Answer => "答复信访人",
        }
    }

    /// The role of a stored key.
    pub fn parse(s: &str) -> Option<MilestoneRole> {
        Self::ALL.iter().copied().find(|r| r.as_str() == s.trim())
    }
}

fn received() -> SignalPattern {
    SignalPattern::Received
}

/// Whether a milestone is a duty that can be overdue or a window that just closes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    /// 时限 — a duty of the handling side; late means overdue and raises 督办.
    #[default]
    Deadline,
    /// 期限 — a period the petitioner may act in (复查/复核申请); it closes
    /// quietly (已届满), never overdue, never a notice.
    Window,
}

/// 暂停计时 — the clock stops from one signal until another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pause {
    /// Stops the clock (e.g. 听证开始).
    pub from: SignalPattern,
    /// Restarts it (e.g. 听证结束).
    pub until: SignalPattern,
}

/// 时限 — how long a milestone may take. In files: `{"hours": 6}`,
/// `{"same_day": true}`, `{"calendar_days": 30, "roll_over_days_off": true}`,
/// `{"working_days": 3}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "LimitRepr", into = "LimitRepr")]
pub enum Limit {
    /// N 小时 — start time + N hours, holidays or not.
    Hours(u32),
    /// 当天 — 24:00 of the start date.
    SameDay,
    /// N 日 — the start day is not counted; ends 24:00 of the N-th day after.
    CalendarDays {
        /// N.
        days: u32,
        /// 期间届满日为法定休假日的，顺延至休假日结束后的第一个工作日
        /// (民法典 第二百零一条、第二百零三条).
        roll_over_days_off: bool,
    },
    /// N 个工作日 — the start day is not counted; ends 24:00 of the N-th working day after.
    WorkingDays(u32),
}

impl Limit {
    /// In Chinese, e.g. "3个工作日", "30日（届满日遇休息日顺延）".
    pub fn label(&self) -> String {
        match self {
            Limit::Hours(n) => format!("{n}小时"),
            Limit::SameDay => "当天".into(),
            Limit::CalendarDays {
                days,
                roll_over_days_off: true,
            } => format!("{days}日（届满日遇休息日顺延）"),
            Limit::CalendarDays { days, .. } => format!("{days}日"),
            Limit::WorkingDays(n) => format!("{n}个工作日"),
        }
    }
}

/// The file form of [`Limit`]: exactly one unit key.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    same_day: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    calendar_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    roll_over_days_off: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    working_days: Option<u32>,
}

impl TryFrom<LimitRepr> for Limit {
    type Error = String;

    fn try_from(r: LimitRepr) -> Result<Limit, String> {
        let limit = match (r.hours, r.same_day, r.calendar_days, r.working_days) {
            (Some(h), None, None, None) => Limit::Hours(h),
            (None, Some(true), None, None) => Limit::SameDay,
            (None, Some(false), None, None) => return Err("same_day 只能为 true".into()),
            (None, None, Some(days), None) => Limit::CalendarDays {
                days,
                roll_over_days_off: r.roll_over_days_off.unwrap_or(false),
            },
            (None, None, None, Some(n)) => Limit::WorkingDays(n),
            _ => {
                return Err(
                    "时限须且只能写一种：hours、same_day、calendar_days 或 working_days".into(),
                );
            }
        };
        if r.roll_over_days_off.is_some() && !matches!(limit, Limit::CalendarDays { .. }) {
            return Err("roll_over_days_off 只适用于 calendar_days".into());
        }
        Ok(limit)
    }
}

impl From<Limit> for LimitRepr {
    fn from(l: Limit) -> LimitRepr {
        match l {
            Limit::Hours(h) => LimitRepr {
                hours: Some(h),
                ..LimitRepr::default()
            },
            Limit::SameDay => LimitRepr {
                same_day: Some(true),
                ..LimitRepr::default()
            },
            Limit::CalendarDays {
                days,
                roll_over_days_off,
            } => LimitRepr {
                calendar_days: Some(days),
                roll_over_days_off: Some(roll_over_days_off),
                ..LimitRepr::default()
            },
            Limit::WorkingDays(n) => LimitRepr {
                working_days: Some(n),
                ..LimitRepr::default()
            },
        }
    }
}

/// Why a rule set was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// Not the rule-set JSON format.
    #[error("规则集文件格式有误：{0}")]
    Format(String),
    /// Parses, but breaks a rule; every problem is listed.
    #[error("规则集“{name}”有误：{}", .problems.join("；"))]
    Invalid {
        /// The rule set's name.
        name: String,
        /// Each problem, in Chinese.
        problems: Vec<String>,
    },
}

impl RuleSet {
    /// 区方案 — the district plan's limits (SPEC.md §3), the default.
    pub fn seed() -> RuleSet {
        Self::embedded(SEED)
    }

    /// 《信访工作条例》 — the national regulation's limits.
    pub fn statute() -> RuleSet {
        Self::embedded(STATUTE)
    }

    /// A shipped preset by name: `seed` or `statute`.
    pub fn preset(name: &str) -> Option<RuleSet> {
        Self::preset_text(name).map(Self::embedded)
    }

    fn embedded(text: &str) -> RuleSet {
        // The presets are checked by the crate's tests; a broken one is a build defect.
        Self::from_json(text).expect("embedded rule set is valid")
    }

    /// Parse and check a rule set from its JSON text (a copied and edited
    /// preset). A set that `extends` a preset gets it as its parent; every
    /// petitioner's window counted in days rolls over days off, whatever the
    /// text says (see [`RuleSet::statutory_windows`]).
    pub fn from_json(text: &str) -> Result<RuleSet, RulesError> {
        let mut rules: RuleSet =
            serde_json::from_str(text).map_err(|e| RulesError::Format(e.to_string()))?;
        rules.statutory_windows();
        if let Some(name) = &rules.extends {
            match Self::preset_text(name) {
                // A preset never extends itself or a set extending it, so this ends.
                Some(parent) if parent != text => {
                    rules.parent = Some(Box::new(Self::from_json(parent)?))
                }
                _ => {
                    return Err(RulesError::Invalid {
                        name: rules.name.clone(),
                        problems: vec![format!(
                            "继承的规则集“{name}”不存在，只能继承 seed 或 statute"
                        )],
                    });
                }
            }
        }
        if rules.max_extension_days.is_none() {
            rules.max_extension_days = rules.parent.as_ref().and_then(|p| p.max_extension_days);
        }
        rules.validate()?;
        Ok(rules)
    }

    fn preset_text(name: &str) -> Option<&'static str> {
        match name.trim() {
            "seed" => Some(SEED),
            "statute" => Some(STATUTE),
            _ => None,
        }
    }

    /// 申请期限按法定方式计算: a petitioner's window (复查、复核申请期限) is a
    /// statutory right, so one counted in calendar days ends on the next
    /// working day when its last day is a day off (民法典 第二百零三条) under
    /// every rule set, however a district's copy was written.
    fn statutory_windows(&mut self) {
        for m in self.kinds.values_mut().flatten().chain(&mut self.all_kinds) {
            if m.kind == MilestoneKind::Window
                && let Limit::CalendarDays { days, .. } = m.limit
            {
                m.limit = Limit::CalendarDays {
                    days,
                    roll_over_days_off: true,
                };
            }
        }
    }

    /// The rule set as pretty JSON, the form an administrator copies and
    /// edits: its own milestones and what it extends, not the parent's.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The milestones of one case kind: its own, then those of every kind,
    /// then the inherited ones it neither replaces (same key) nor omits.
    pub fn milestones(&self, kind: CaseKind) -> Vec<&Milestone> {
        let mut out: Vec<&Milestone> = self
            .kinds
            .get(&kind)
            .into_iter()
            .flatten()
            .chain(&self.all_kinds)
            .collect();
        if let Some(parent) = &self.parent {
            let own: BTreeSet<&str> = out.iter().map(|m| m.key.as_str()).collect();
            out.extend(
                parent
                    .milestones(kind)
                    .into_iter()
                    .filter(|m| !own.contains(m.key.as_str()) && !self.omit.contains(&m.key)),
            );
        }
        out
    }

    /// The milestone of `kind` that answers the petitioner
    /// ([`MilestoneRole::Answer`]); validation holds there is exactly one.
    pub fn answering(&self, kind: CaseKind) -> Option<&Milestone> {
        self.milestones(kind)
            .into_iter()
            .find(|m| m.role == Some(MilestoneRole::Answer))
    }

    /// The milestone of any kind with this key (its name, for messages).
    pub fn find(&self, key: &str) -> Option<&Milestone> {
        CaseKind::ALL
            .iter()
            .flat_map(|k| self.milestones(*k))
            .find(|m| m.key == key)
    }

    /// Check what serde cannot: keys unique per kind, positive limits, duties
    /// completable, pauses well formed, one answering milestone per kind,
    /// and omitted keys that the parent has.
    pub fn validate(&self) -> Result<(), RulesError> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push("规则集缺少名称（name）".to_string());
        }
        for kind in CaseKind::ALL {
            let mine = self.milestones(*kind);
            let mut keys = BTreeSet::new();
            for m in &mine {
                if !keys.insert(m.key.as_str()) {
                    problems.push(format!("{kind}的节点键“{}”重复", m.key));
                }
            }
            let answering: Vec<&&Milestone> = mine
                .iter()
                .filter(|m| m.role == Some(MilestoneRole::Answer))
                .collect();
            if answering.len() != 1 {
                let names: Vec<&str> = answering.iter().map(|m| m.name.as_str()).collect();
                problems.push(format!(
                    "{kind}须有且只有一个答复信访人的节点（\"role\": \"answer\"），现有{}个{}",
                    answering.len(),
                    if names.is_empty() {
                        String::new()
                    } else {
                        format!("：{}", names.join("、"))
                    }
                ));
            }
        }
        let own = self.kinds.values().flatten().chain(&self.all_kinds);
        for m in own {
            problems.extend(milestone_problems(m));
        }
        match &self.parent {
            None if !self.omit.is_empty() => {
                problems.push("omit 只能与 extends 一起使用".to_string());
            }
            Some(parent) => {
                for key in &self.omit {
                    if parent.find(key).is_none() {
                        problems.push(format!(
                            "omit 中的节点“{key}”在所继承的规则集“{}”中不存在",
                            parent.name
                        ));
                    }
                }
            }
            None => {}
        }
        if problems.is_empty() {
            Ok(())
        } else {
            problems.dedup();
            Err(RulesError::Invalid {
                name: self.name.clone(),
                problems,
            })
        }
    }
}

fn milestone_problems(m: &Milestone) -> Vec<String> {
    let mut problems = Vec::new();
    let who = if m.name.trim().is_empty() {
        problems.push(format!("节点“{}”缺少名称", m.key));
        m.key.clone()
    } else {
        m.name.clone()
    };
    let key_ok = !m.key.is_empty()
        && m.key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !key_ok {
        problems.push(format!(
            "节点“{who}”的键“{}”只能用小写字母、数字和下划线",
            m.key
        ));
    }
    let n = match m.limit {
        Limit::Hours(n) | Limit::WorkingDays(n) | Limit::CalendarDays { days: n, .. } => n,
        Limit::SameDay => 1,
    };
    if n == 0 {
        problems.push(format!("节点“{who}”的时限不能为0"));
    }
    if m.kind == MilestoneKind::Deadline && m.complete.is_empty() {
        problems.push(format!("节点“{who}”没有写完成条件（complete）"));
    }
    if m.complete.iter().any(Vec::is_empty) {
        problems.push(format!("节点“{who}”的完成条件中有空组"));
    }
    if let Some(p) = &m.pause
        && p.from == p.until
    {
        problems.push(format!("节点“{who}”的暂停计时起止信号相同"));
    }
    if m.role == Some(MilestoneRole::Answer) && m.kind == MilestoneKind::Window {
        problems.push(format!("节点“{who}”是申请期限，不能作为答复信访人的节点"));
    }
    problems
}
