//! 重点人员风险评分规则 — the key persons' scoring rules as data
//! (`rules/key_persons.json`), and their pure parse: every problem named by
//! its field (`escalated.city`) and said in Chinese.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::errors::FieldErrors;

/// The shipped rules.
pub const DEFAULT_JSON: &str = include_str!("../../../../rules/key_persons.json");

/// Points per occurrence, capped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PerCount {
    /// 每次分值.
    pub each: u32,
    /// 封顶分值.
    pub max: u32,
}

impl PerCount {
    /// The points of `n` occurrences.
    pub fn points(self, n: u32) -> u32 {
        (self.each.saturating_mul(n)).min(self.max)
    }
}

/// 越级去向 points: the furthest destination counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EscalationPoints {
    /// 曾赴市.
    pub city: u32,
    /// 曾赴省.
    pub province: u32,
    /// 曾进京.
    pub beijing: u32,
}

/// 敏感节点临近: points while a period is on or starts within `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeriodAhead {
    /// 分值.
    pub points: u32,
    /// 提前天数.
    pub days: u32,
}

/// The score from which a person is 较大 and 重大 (below `serious`: 一般).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LevelThresholds {
    /// 较大 from this score.
    pub serious: u32,
    /// 重大 from this score.
    pub major: u32,
}

/// 重点人员风险评分规则 — checked, ready to score with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskRules {
    /// 标题.
    pub title: String,
    /// 依据.
    pub basis: String,
    /// 统计近几个月的信访 (the window of 近12个月).
    pub window_months: u32,
    /// 近N个月信访次数.
    pub petitions: PerCount,
    /// 重复访次数.
    pub repeats: PerCount,
    /// 回访不满意次数.
    pub dissatisfied: PerCount,
    /// 越级去向.
    pub escalated: EscalationPoints,
    /// 超期未办结案件数.
    pub overdue: PerCount,
    /// 表示欲越级上访.
    pub intention: u32,
    /// 敏感节点临近.
    pub period_ahead: PeriodAhead,
    /// 等级分界.
    pub levels: LevelThresholds,
    /// 默认联系周期（天）.
    pub contact_every_days: u32,
    /// 近N个月信访达此次数、尚未登记的，系统提议列为重点人员.
    pub propose_at_petitions: u32,
}

const TOP_KEYS: &[&str] = &[
    "title",
    "basis",
    "window_months",
    "petitions",
    "repeats",
    "dissatisfied",
    "escalated",
    "overdue",
    "intention",
    "period_ahead",
    "levels",
    "contact_every_days",
    "propose_at_petitions",
];

/// The largest number any field may hold (a score over 1000 explains nothing).
const MAX_POINTS: u64 = 1000;

struct Reader<'a> {
    errors: FieldErrors,
    top: &'a Map<String, Value>,
}

impl Reader<'_> {
    fn object<'v>(
        &mut self,
        v: Option<&'v Value>,
        field: &str,
        label: &str,
        keys: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        match v {
            None => {
                self.errors.add(field, label, "缺少此项");
                None
            }
            Some(Value::Object(m)) => {
                for k in m.keys() {
                    if !keys.contains(&k.as_str()) {
                        self.errors.add(
                            &format!("{field}.{k}"),
                            label,
                            format!("无法识别的项“{k}”"),
                        );
                    }
                }
                Some(m)
            }
            Some(_) => {
                self.errors.add(field, label, "应为一组设置（JSON 对象）");
                None
            }
        }
    }

    fn number(&mut self, v: Option<&Value>, field: &str, label: &str, min: u64, max: u64) -> u32 {
        match v {
            None => {
                self.errors.add(field, label, "缺少此项");
                0
            }
            Some(Value::Number(n)) => match n.as_u64() {
                Some(x) if (min..=max).contains(&x) => u32::try_from(x).unwrap_or(0),
                _ => {
                    self.errors
                        .add(field, label, format!("应为{min}至{max}的整数，而不是{n}"));
                    0
                }
            },
            Some(other) => {
                self.errors.add(
                    field,
                    label,
                    format!("应为{min}至{max}的整数，而不是{other}"),
                );
                0
            }
        }
    }

    fn per_count(&mut self, key: &str, label: &str) -> PerCount {
        let m = self.object(self.top.get(key), key, label, &["each", "max"]);
        let each = self.number(
            m.and_then(|m| m.get("each")),
            &format!("{key}.each"),
            &format!("{label}的每次分值"),
            0,
            MAX_POINTS,
        );
        let max = self.number(
            m.and_then(|m| m.get("max")),
            &format!("{key}.max"),
            &format!("{label}的封顶分值"),
            0,
            MAX_POINTS,
        );
        if m.is_some() && max < each {
            self.errors.add(
                &format!("{key}.max"),
                &format!("{label}的封顶分值"),
                "不能小于每次分值",
            );
        }
        PerCount { each, max }
    }

    fn text(&mut self, key: &str, label: &str, required: bool) -> String {
        match self.top.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= 200 => {
                s.trim().to_string()
            }
            Some(Value::String(s)) if s.trim().is_empty() && !required => String::new(),
            None if !required => String::new(),
            _ => {
                self.errors
                    .add(key, label, "应为不超过200字的文字，不能为空");
                String::new()
            }
        }
    }
}

impl RiskRules {
    /// Read a rules file; every problem is listed, each with its field.
    pub fn parse(text: &str) -> Result<RiskRules, FieldErrors> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let mut f = FieldErrors::default();
            f.add(
                "body",
                "评分规则",
                format!("不是有效的 JSON：第{}行第{}列", e.line(), e.column()),
            );
            f
        })?;
        let Value::Object(top) = &value else {
            let mut f = FieldErrors::default();
            f.add("body", "评分规则", "应为一组设置（JSON 对象）");
            return Err(f);
        };
        let mut r = Reader {
            errors: FieldErrors::default(),
            top,
        };
        for k in top.keys() {
            if !TOP_KEYS.contains(&k.as_str()) {
                r.errors.add(k, "评分规则", format!("无法识别的项“{k}”"));
            }
        }
        let title = r.text("title", "标题", true);
        let basis = r.text("basis", "依据", false);
        let window_months = r.number(top.get("window_months"), "window_months", "统计月数", 1, 60);
        let petitions = r.per_count("petitions", "信访次数");
        let repeats = r.per_count("repeats", "重复访次数");
        let dissatisfied = r.per_count("dissatisfied", "回访不满意次数");
        let overdue = r.per_count("overdue", "超期未办结案件");
        let esc = r.object(
            top.get("escalated"),
            "escalated",
            "越级去向",
            &["city", "province", "beijing"],
        );
        let escalated = EscalationPoints {
            city: r.number(
                esc.and_then(|m| m.get("city")),
                "escalated.city",
                "曾赴市的分值",
                0,
                MAX_POINTS,
            ),
            province: r.number(
                esc.and_then(|m| m.get("province")),
                "escalated.province",
                "曾赴省的分值",
                0,
                MAX_POINTS,
            ),
            beijing: r.number(
                esc.and_then(|m| m.get("beijing")),
                "escalated.beijing",
                "曾进京的分值",
                0,
                MAX_POINTS,
            ),
        };
        let intention = r.number(
            top.get("intention"),
            "intention",
            "表示欲越级上访的分值",
            0,
            MAX_POINTS,
        );
        let pa = r.object(
            top.get("period_ahead"),
            "period_ahead",
            "敏感节点临近",
            &["points", "days"],
        );
        let period_ahead = PeriodAhead {
            points: r.number(
                pa.and_then(|m| m.get("points")),
                "period_ahead.points",
                "敏感节点临近的分值",
                0,
                MAX_POINTS,
            ),
            days: r.number(
                pa.and_then(|m| m.get("days")),
                "period_ahead.days",
                "敏感节点提前天数",
                0,
                90,
            ),
        };
        let lv = r.object(
            top.get("levels"),
            "levels",
            "风险等级分界",
            &["serious", "major"],
        );
        let levels = LevelThresholds {
            serious: r.number(
                lv.and_then(|m| m.get("serious")),
                "levels.serious",
                "较大风险的起点分值",
                1,
                MAX_POINTS,
            ),
            major: r.number(
                lv.and_then(|m| m.get("major")),
                "levels.major",
                "重大风险的起点分值",
                1,
                MAX_POINTS,
            ),
        };
        if lv.is_some() && levels.major <= levels.serious && levels.serious > 0 {
            r.errors.add(
                "levels.major",
                "重大风险的起点分值",
                "应高于较大风险的起点分值",
            );
        }
        let contact_every_days = r.number(
            top.get("contact_every_days"),
            "contact_every_days",
            "默认联系周期（天）",
            1,
            365,
        );
        let propose_at_petitions = r.number(
            top.get("propose_at_petitions"),
            "propose_at_petitions",
            "提议列为重点人员的信访次数",
            2,
            50,
        );
        r.errors.into_result(RiskRules {
            title,
            basis,
            window_months,
            petitions,
            repeats,
            dissatisfied,
            escalated,
            overdue,
            intention,
            period_ahead,
            levels,
            contact_every_days,
            propose_at_petitions,
        })
    }

    /// The shipped rules (`rules/key_persons.json`).
    pub fn default_rules() -> RiskRules {
        // The shipped file is checked by a unit test; it always parses.
        RiskRules::parse(DEFAULT_JSON).expect("rules/key_persons.json parses")
    }
}
