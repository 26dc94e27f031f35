//! Reading a scorecard file: every problem found, each naming its field
//! (`indicators[3].weight`) and saying in Chinese what is wrong.

use serde_json::{Map, Value};

use super::{Area, Band, Indicator, Measure, ScorecardRules};
use crate::errors::FieldErrors;

/// One problem of a scorecard file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorecardError {
    /// Where: `title`, `indicators`, `indicators[3].bands[1].score`.
    pub field: String,
    /// The field as people say it: 第4项指标“按期办结率”的权重.
    pub label: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ScorecardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}（{}）：{}", self.label, self.field, self.message)
    }
}

/// The most indicators a scorecard has (a sheet one can print).
const MAX_INDICATORS: usize = 30;
/// The most bands of one indicator.
const MAX_BANDS: usize = 20;

const TOP_KEYS: &[&str] = &["title", "basis", "indicators"];
const INDICATOR_KEYS: &[&str] = &[
    "key",
    "name",
    "area",
    "measure",
    "weight",
    "milestones",
    "within_hours",
    "bands",
    "no_cases_score",
];

struct Problems(Vec<ScorecardError>);

impl Problems {
    fn add(
        &mut self,
        field: impl Into<String>,
        label: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(ScorecardError {
            field: field.into(),
            label: label.into(),
            message: message.into(),
        });
    }

    fn unknown_keys(&mut self, obj: &Map<String, Value>, known: &[&str], at: &str, label: &str) {
        for k in obj.keys() {
            if !known.contains(&k.as_str()) {
                let field = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                self.add(
                    field,
                    label,
                    format!("未知字段“{k}”，可用的字段为：{}", known.join("、")),
                );
            }
        }
    }
}

/// A whole number in `range`, or the problem.
fn whole(v: &Value, range: std::ops::RangeInclusive<u64>) -> Result<u32, String> {
    match v.as_u64() {
        Some(n) if range.contains(&n) => Ok(u32::try_from(n).unwrap_or(u32::MAX)),
        _ => Err(format!(
            "应为 {} 至 {} 之间的整数，现为 {v}",
            range.start(),
            range.end()
        )),
    }
}

fn text(v: Option<&Value>, max: usize) -> Result<String, String> {
    match v.and_then(Value::as_str).map(str::trim) {
        None => Err("不能为空".into()),
        Some("") => Err("不能为空".into()),
        Some(s) if s.chars().count() > max => Err(format!("不能超过 {max} 个字")),
        Some(s) => Ok(s.to_string()),
    }
}

impl ScorecardRules {
    /// Read a scorecard file. Every problem is reported, not just the first.
    pub fn parse(json: &str) -> Result<ScorecardRules, Vec<ScorecardError>> {
        let mut p = Problems(Vec::new());
        let value: Value = match serde_json::from_str(json) {
            Ok(v) => v,
            Err(e) => {
                p.add(
                    "body",
                    "评分规则",
                    format!("不是有效的 JSON（第 {} 行第 {} 列）", e.line(), e.column()),
                );
                return Err(p.0);
            }
        };
        let Some(top) = value.as_object() else {
            p.add("body", "评分规则", "应为一个 JSON 对象");
            return Err(p.0);
        };
        p.unknown_keys(top, TOP_KEYS, "", "评分规则");
        let title = text(top.get("title"), 60)
            .map_err(|m| p.add("title", "评分表标题", m))
            .unwrap_or_default();
        let basis = match top.get("basis") {
            None => String::new(),
            Some(v) => text(Some(v), 300)
                .map_err(|m| p.add("basis", "依据", m))
                .unwrap_or_default(),
        };
        let mut indicators = Vec::new();
        match top.get("indicators").and_then(Value::as_array) {
            None => p.add("indicators", "指标", "应为指标的列表"),
            Some(list) if list.is_empty() => p.add("indicators", "指标", "至少要有一项指标"),
            Some(list) if list.len() > MAX_INDICATORS => p.add(
                "indicators",
                "指标",
                format!("最多 {MAX_INDICATORS} 项指标，现有 {} 项", list.len()),
            ),
            Some(list) => {
                for (i, v) in list.iter().enumerate() {
                    if let Some(ind) = indicator(&mut p, i, v) {
                        indicators.push(ind);
                    }
                }
                if indicators.len() == list.len() {
                    whole_set(&mut p, &indicators);
                }
            }
        }
        if p.0.is_empty() {
            Ok(ScorecardRules {
                title,
                basis,
                indicators,
            })
        } else {
            Err(p.0)
        }
    }
}

/// Checks over the whole list: keys and names unique, weights add up to 100.
fn whole_set(p: &mut Problems, indicators: &[Indicator]) {
    for (i, ind) in indicators.iter().enumerate() {
        let before = &indicators[..i];
        if before.iter().any(|o| o.key == ind.key) {
            p.add(
                format!("indicators[{i}].key"),
                format!("第{}项指标的代码", i + 1),
                format!("代码“{}”与前面的指标重复", ind.key),
            );
        }
        if before.iter().any(|o| o.name == ind.name) {
            p.add(
                format!("indicators[{i}].name"),
                format!("第{}项指标的名称", i + 1),
                format!("名称“{}”与前面的指标重复", ind.name),
            );
        }
    }
    let sum: u32 = indicators.iter().map(|i| i.weight).sum();
    if sum != 100 {
        p.add(
            "indicators",
            "指标权重",
            format!("各项指标的权重之和应为 100，现为 {sum}"),
        );
    }
}

fn indicator(p: &mut Problems, i: usize, v: &Value) -> Option<Indicator> {
    let at = format!("indicators[{i}]");
    let n = i + 1;
    let Some(obj) = v.as_object() else {
        p.add(&at, format!("第{n}项指标"), "应为一个 JSON 对象");
        return None;
    };
    let before = p.0.len();
    let name_for_label = obj
        .get("name")
        .and_then(Value::as_str)
        .map(|s| format!("第{n}项指标“{}”", s.trim()))
        .unwrap_or_else(|| format!("第{n}项指标"));
    let label = |what: &str| format!("{name_for_label}的{what}");
    p.unknown_keys(obj, INDICATOR_KEYS, &at, &name_for_label);
    let key = match text(obj.get("key"), 40) {
        Ok(k)
            if k.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') =>
        {
            k
        }
        Ok(_) => {
            p.add(
                format!("{at}.key"),
                label("代码"),
                "只能由小写英文字母、数字和下划线组成",
            );
            String::new()
        }
        Err(m) => {
            p.add(format!("{at}.key"), label("代码"), m);
            String::new()
        }
    };
    let name = text(obj.get("name"), 20)
        .map_err(|m| p.add(format!("{at}.name"), label("名称"), m))
        .unwrap_or_default();
    let area = match obj
        .get("area")
        .and_then(Value::as_str)
        .and_then(Area::parse)
    {
        Some(a) => Some(a),
        None => {
            let all: Vec<&str> = Area::ALL.iter().map(|a| a.label()).collect();
            p.add(
                format!("{at}.area"),
                label("评估领域"),
                format!("应为 {} 之一", all.join("、")),
            );
            None
        }
    };
    let measure = match obj.get("measure").and_then(Value::as_str).and_then(|s| {
        Measure::ALL
            .iter()
            .copied()
            .find(|m| m.as_str() == s.trim())
    }) {
        Some(m) => Some(m),
        None => {
            let all: Vec<&str> = Measure::ALL.iter().map(|m| m.as_str()).collect();
            p.add(
                format!("{at}.measure"),
                label("计分依据"),
                format!("无法识别，应为 {} 之一", all.join("、")),
            );
            None
        }
    };
    let weight = match obj.get("weight") {
        None => {
            p.add(format!("{at}.weight"), label("权重"), "不能为空");
            0
        }
        Some(w) => whole(w, 1..=100)
            .map_err(|m| p.add(format!("{at}.weight"), label("权重"), m))
            .unwrap_or(0),
    };
    let milestones = milestones(p, &at, &label, obj, measure);
    let within_hours = match (measure, obj.get("within_hours")) {
        (Some(Measure::RegisteredOnTime), None) => {
            p.add(
                format!("{at}.within_hours"),
                label("登记时限"),
                "按时登记率须写明接待后多少小时内登记（within_hours）",
            );
            None
        }
        (Some(Measure::RegisteredOnTime), Some(h)) => whole(h, 1..=720)
            .map_err(|m| p.add(format!("{at}.within_hours"), label("登记时限"), m))
            .ok(),
        (_, Some(_)) => {
            p.add(
                format!("{at}.within_hours"),
                label("登记时限"),
                "只有计分依据为 registered_on_time 的指标才有登记时限",
            );
            None
        }
        (_, None) => None,
    };
    let bands = measure
        .map(|m| bands(p, &at, &label, obj, m))
        .unwrap_or_default();
    let no_cases_score = match (measure.map(Measure::is_count), obj.get("no_cases_score")) {
        (Some(false), None) => {
            p.add(
                format!("{at}.no_cases_score"),
                label("无件时得分"),
                "比率指标须写明分母为 0（本期无件）时的得分（no_cases_score）",
            );
            None
        }
        (Some(false), Some(v)) => whole(v, 0..=100)
            .map_err(|m| p.add(format!("{at}.no_cases_score"), label("无件时得分"), m))
            .ok(),
        (Some(true), Some(_)) => {
            p.add(
                format!("{at}.no_cases_score"),
                label("无件时得分"),
                "按件数计分的指标没有分母，不设无件时得分",
            );
            None
        }
        _ => None,
    };
    if p.0.len() > before {
        return None;
    }
    Some(Indicator {
        key,
        name,
        area: area?,
        measure: measure?,
        weight,
        milestones,
        within_hours,
        bands,
        no_cases_score,
    })
}

fn milestones(
    p: &mut Problems,
    at: &str,
    label: &dyn Fn(&str) -> String,
    obj: &Map<String, Value>,
    measure: Option<Measure>,
) -> Vec<String> {
    let field = format!("{at}.milestones");
    match (measure, obj.get("milestones")) {
        (Some(Measure::MilestonesOnTime), Some(Value::Array(list))) if !list.is_empty() => {
            let keys: Vec<String> = list
                .iter()
                .filter_map(|v| v.as_str().map(str::trim).filter(|s| !s.is_empty()))
                .map(str::to_string)
                .collect();
            if keys.len() != list.len() {
                p.add(field, label("时限节点"), "每个节点代码都应为非空的文字");
            }
            keys
        }
        (Some(Measure::MilestonesOnTime), _) => {
            p.add(
                field,
                label("时限节点"),
                "节点按时完成率须列出计入的时限节点代码（milestones），如 [\"contact\"]",
            );
            Vec::new()
        }
        (_, Some(_)) => {
            p.add(
                field,
                label("时限节点"),
                "只有计分依据为 milestones_on_time 的指标才列时限节点",
            );
            Vec::new()
        }
        (_, None) => Vec::new(),
    }
}

fn bands(
    p: &mut Problems,
    at: &str,
    label: &dyn Fn(&str) -> String,
    obj: &Map<String, Value>,
    measure: Measure,
) -> Vec<Band> {
    let field = format!("{at}.bands");
    let list = match obj.get("bands").and_then(Value::as_array) {
        Some(l) if !l.is_empty() && l.len() <= MAX_BANDS => l,
        _ => {
            p.add(
                field,
                label("计分档"),
                format!("应为 1 至 {MAX_BANDS} 个计分档的列表"),
            );
            return Vec::new();
        }
    };
    let (bound_key, other) = if measure.is_count() {
        ("at_most", "at_least")
    } else {
        ("at_least", "at_most")
    };
    let mut out: Vec<Band> = Vec::new();
    for (j, b) in list.iter().enumerate() {
        let bf = format!("{field}[{j}]");
        let bl = label(&format!("第{}档", j + 1));
        let Some(bo) = b.as_object() else {
            p.add(
                &bf,
                &bl,
                "应为 {\"at_least\": 90, \"score\": 90} 这样的对象",
            );
            continue;
        };
        p.unknown_keys(bo, &[bound_key, "score"], &bf, &bl);
        if bo.contains_key(other) {
            p.add(
                format!("{bf}.{other}"),
                &bl,
                if measure.is_count() {
                    "按件数计分的指标用 at_most（不超过多少件）分档"
                } else {
                    "比率指标用 at_least（不低于百分之多少）分档"
                },
            );
            continue;
        }
        let bound = match bo.get(bound_key).and_then(Value::as_f64) {
            Some(x) if measure.is_count() && (x < 0.0 || x.fract() != 0.0) => {
                p.add(format!("{bf}.{bound_key}"), &bl, "件数应为不小于 0 的整数");
                continue;
            }
            Some(x) if !measure.is_count() && !(0.0..=100.0).contains(&x) => {
                p.add(format!("{bf}.{bound_key}"), &bl, "百分比应在 0 至 100 之间");
                continue;
            }
            Some(x) => x,
            None => {
                p.add(format!("{bf}.{bound_key}"), &bl, "不能为空，应为数字");
                continue;
            }
        };
        let score = match bo.get("score").map(|s| whole(s, 0..=100)) {
            Some(Ok(s)) => s,
            Some(Err(m)) => {
                p.add(format!("{bf}.score"), &bl, format!("得分{m}"));
                continue;
            }
            None => {
                p.add(format!("{bf}.score"), &bl, "得分不能为空");
                continue;
            }
        };
        if let Some(prev) = out.last() {
            let ordered = if measure.is_count() {
                bound > prev.bound
            } else {
                bound < prev.bound
            };
            if !ordered {
                p.add(
                    format!("{bf}.{bound_key}"),
                    &bl,
                    if measure.is_count() {
                        "计分档应按件数从少到多排列，且不能重复"
                    } else {
                        "计分档应按百分比从高到低排列，且不能重复"
                    },
                );
            } else if score > prev.score {
                p.add(
                    format!("{bf}.score"),
                    &bl,
                    format!("较差的档得分（{score}）不能高于前一档（{}）", prev.score),
                );
            }
        }
        out.push(Band { bound, score });
    }
    out
}

impl ScorecardError {
    /// The problems as the web layer's field errors (422 naming each field).
    pub fn field_errors(errors: &[ScorecardError]) -> FieldErrors {
        let mut f = FieldErrors::default();
        for e in errors {
            f.add(&e.field, &e.label, e.message.clone());
        }
        f
    }
}
