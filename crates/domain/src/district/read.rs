//! Reading a district file: JSON whose every value keeps its line, so that each problem says where it is.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::{District, DistrictOrg};
use crate::org::OrgKind;
use crate::org::rules::{check_code, check_name, check_parent};

/// Problems listed in full in an error message; the rest are counted.
const SHOWN: usize = 20;

/// Why a district file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DistrictError {
    /// The text is not JSON, or not one JSON object.
    #[error("区县文件第{line}行第{column}列：{message}")]
    Syntax {
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        column: usize,
        /// What is wrong, in Chinese.
        message: String,
    },
    /// The JSON reads but breaks the rules; every problem, in file order.
    #[error("区县文件有误：{}", shown(.0))]
    Invalid(Vec<DistrictProblem>),
}

/// One problem of a district file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictProblem {
    /// Line of the value (or of the organisation lacking it), 1-based.
    pub line: usize,
    /// Where, e.g. `orgs[3].parent`.
    pub field: String,
    /// Where, in Chinese, e.g. `第3个组织的上级代码（parent）`.
    pub label: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl fmt::Display for DistrictProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}行，{}：{}", self.line, self.label, self.message)
    }
}

fn shown(problems: &[DistrictProblem]) -> String {
    let mut parts: Vec<String> = problems.iter().take(SHOWN).map(|p| p.to_string()).collect();
    if problems.len() > SHOWN {
        parts.push(format!("……共{}处错误", problems.len()));
    }
    parts.join("；")
}

/// A JSON object's members in file order, duplicates kept, values unparsed.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Members<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'a>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'a RawValue>()? {
                    out.push(entry);
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

fn syntax(e: &serde_json::Error) -> DistrictError {
    use serde_json::error::Category;
    let message = match e.classify() {
        Category::Eof => "文件不完整，缺少结尾的括号或引号",
        Category::Data => "文件应为一个JSON对象（以 { 开头、} 结尾）",
        Category::Syntax | Category::Io => "不是有效的JSON（请检查逗号、引号和括号）",
    };
    DistrictError::Syntax {
        line: e.line(),
        column: e.column().max(1),
        message: message.into(),
    }
}

/// The problems found so far, and the text their lines are counted in.
struct Reader<'t> {
    text: &'t str,
    problems: Vec<DistrictProblem>,
}

impl<'t> Reader<'t> {
    /// The line `part` (a slice of the text) starts on.
    fn line(&self, part: &str) -> usize {
        let offset = (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let before = &self.text.as_bytes()[..offset.min(self.text.len())];
        before.iter().filter(|b| **b == b'\n').count() + 1
    }

    fn add(&mut self, at: &str, field: String, label: String, message: impl Into<String>) {
        let line = self.line(at);
        self.problems.push(DistrictProblem {
            line,
            field,
            label,
            message: message.into(),
        });
    }

    /// A text value, or a problem.
    fn text(&mut self, raw: &RawValue, field: String, label: String) -> Option<String> {
        match serde_json::from_str::<String>(raw.get()) {
            Ok(s) => Some(s),
            Err(_) => {
                self.add(raw.get(), field, label, "应为文本（用双引号括起来）");
                None
            }
        }
    }
}

const TOP_FIELDS: [(&str, &str); 5] = [
    ("code", "区划代码"),
    ("name", "区县名称"),
    ("province", "省"),
    ("city", "市"),
    ("orgs", "组织机构"),
];

const ORG_FIELDS: [(&str, &str); 4] = [
    ("code", "代码"),
    ("name", "名称"),
    ("kind", "类型"),
    ("parent", "上级代码"),
];

fn label_of(fields: &[(&str, &str)], key: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.to_string(), |(k, l)| format!("{l}（{k}）"))
}

/// The members of an object, each key once; repeats and unknown keys are problems.
fn members<'a>(
    r: &mut Reader<'_>,
    members: &Members<'a>,
    known: &[(&str, &str)],
    prefix: &str,
    owner: &str,
) -> HashMap<String, &'a RawValue> {
    let mut out = HashMap::new();
    for (key, raw) in &members.0 {
        let field = format!("{prefix}{key}");
        if !known.iter().any(|(k, _)| k == key) {
            let names: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
            let label = format!("{owner}字段“{key}”");
            r.add(
                raw.get(),
                field,
                label,
                format!("未知字段，可用的字段为 {}", names.join("、")),
            );
        } else if out.insert(key.clone(), *raw).is_some() {
            let label = format!("{owner}{}", label_of(known, key));
            r.add(raw.get(), field, label, "字段重复");
        }
    }
    out
}

/// A known organisation: where it was written and what it is.
#[derive(Debug, Clone, Copy)]
struct Placed {
    line: usize,
    kind: Option<OrgKind>,
}

pub(super) fn parse(text: &str) -> Result<District, DistrictError> {
    let top: Members<'_> = serde_json::from_str(text).map_err(|e| syntax(&e))?;
    let mut r = Reader {
        text,
        problems: Vec::new(),
    };
    let fields = members(&mut r, &top, &TOP_FIELDS, "", "");
    let get = |r: &mut Reader<'_>, key: &str, required: bool| -> Option<String> {
        match fields.get(key) {
            Some(raw) => r.text(raw, key.into(), label_of(&TOP_FIELDS, key)),
            None if required => {
                r.add(text, key.into(), label_of(&TOP_FIELDS, key), "缺少该字段");
                None
            }
            None => Some(String::new()),
        }
    };
    let code = get(&mut r, "code", true);
    let name = get(&mut r, "name", true);
    let province = get(&mut r, "province", false);
    let city = get(&mut r, "city", true);
    let checked = |r: &mut Reader<'_>,
                   key: &str,
                   value: Option<String>,
                   check: &dyn Fn(&str) -> Result<String, String>| {
        let raw = fields.get(key).map_or(text, |v| v.get());
        match value.map(|v| check(&v)) {
            Some(Ok(v)) => Some(v),
            Some(Err(m)) => {
                r.add(raw, key.into(), label_of(&TOP_FIELDS, key), m);
                None
            }
            None => None,
        }
    };
    let code = checked(&mut r, "code", code, &|c| {
        check_code(OrgKind::District, c, None)
    });
    let name = checked(&mut r, "name", name, &check_name);
    let province = match province {
        Some(p) if p.trim().is_empty() => Some(String::new()),
        p => checked(&mut r, "province", p, &check_name),
    };
    let city = checked(&mut r, "city", city, &check_name);

    let mut orgs = Vec::new();
    if let (Some(code), Some(name)) = (&code, &name) {
        orgs.push(DistrictOrg {
            code: code.clone(),
            name: name.clone(),
            kind: OrgKind::District,
            parent_code: None,
        });
    }
    match fields.get("orgs") {
        None => r.add(
            text,
            "orgs".into(),
            label_of(&TOP_FIELDS, "orgs"),
            "缺少该字段",
        ),
        Some(raw) => match serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
            Err(_) => r.add(
                raw.get(),
                "orgs".into(),
                label_of(&TOP_FIELDS, "orgs"),
                "应为数组 [ … ]，每项一个组织",
            ),
            Ok(entries) => {
                let root_line = fields.get("code").map_or(1, |v| r.line(v.get()));
                let root = code.as_deref().map(|c| (c, root_line));
                read_orgs(&mut r, root, &entries, &mut orgs);
                if !orgs.iter().any(|o| o.kind == OrgKind::Township) {
                    r.add(
                        raw.get(),
                        "orgs".into(),
                        label_of(&TOP_FIELDS, "orgs"),
                        "至少应有一个乡镇/街道（kind 为 township）",
                    );
                }
            }
        },
    }
    match (code, name, province, city) {
        (Some(code), Some(name), Some(province), Some(city)) if r.problems.is_empty() => {
            Ok(District {
                code,
                name,
                province,
                city,
                orgs,
            })
        }
        _ => Err(DistrictError::Invalid(r.problems)),
    }
}

/// Read and check every entry of `orgs`, appending the good ones to `out`.
fn read_orgs(
    r: &mut Reader<'_>,
    root: Option<(&str, usize)>,
    entries: &[&RawValue],
    out: &mut Vec<DistrictOrg>,
) {
    // Every code written anywhere, to tell "comes later" from "does not exist".
    let written: HashSet<String> = entries
        .iter()
        .filter_map(|e| serde_json::from_str::<Members<'_>>(e.get()).ok())
        .filter_map(|m| {
            m.0.iter()
                .find(|(k, _)| k == "code")
                .and_then(|(_, v)| serde_json::from_str::<String>(v.get()).ok())
        })
        .map(|c| c.trim().to_string())
        .collect();
    let mut known: HashMap<String, Placed> = HashMap::new();
    if let Some((code, line)) = root {
        known.insert(
            code.to_string(),
            Placed {
                line,
                kind: Some(OrgKind::District),
            },
        );
    }
    let mut names: HashMap<(String, String), usize> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let n = i + 1;
        let at = entry.get();
        let line = r.line(at);
        let prefix = format!("orgs[{n}].");
        let owner = format!("第{n}个组织的");
        let Ok(m) = serde_json::from_str::<Members<'_>>(at) else {
            r.add(
                at,
                format!("orgs[{n}]"),
                format!("第{n}个组织"),
                "应为对象 { \"code\": …, \"name\": …, \"kind\": …, \"parent\": … }",
            );
            continue;
        };
        let fields = members(r, &m, &ORG_FIELDS, &prefix, &owner);
        let value = |r: &mut Reader<'_>, key: &str| -> (Option<String>, &str) {
            let field = format!("{prefix}{key}");
            let label = format!("{owner}{}", label_of(&ORG_FIELDS, key));
            match fields.get(key) {
                Some(raw) => (
                    r.text(raw, field, label).map(|s| s.trim().to_string()),
                    raw.get(),
                ),
                None => {
                    r.add(at, field, label, "缺少该字段");
                    (None, at)
                }
            }
        };
        let (code, code_at) = value(r, "code");
        let (name, name_at) = value(r, "name");
        let (kind_text, kind_at) = value(r, "kind");
        let (parent, parent_at) = value(r, "parent");
        let problem = |r: &mut Reader<'_>, at: &str, key: &str, message: String| {
            let label = format!("{owner}{}", label_of(&ORG_FIELDS, key));
            r.add(at, format!("{prefix}{key}"), label, message);
        };

        let kind = kind_text.and_then(|k| match OrgKind::parse(&k) {
            Some(OrgKind::District) => {
                problem(
                    r,
                    kind_at,
                    "kind",
                    "区（根组织）由文件顶层的 code 和 name 给出，orgs 中不能再有".into(),
                );
                None
            }
            Some(kind) => Some(kind),
            None => {
                let kinds: Vec<&str> = OrgKind::ALL[1..].iter().map(|k| k.as_str()).collect();
                problem(
                    r,
                    kind_at,
                    "kind",
                    format!("没有“{k}”这种类型，应为 {} 之一", kinds.join("、")),
                );
                None
            }
        });
        let parent_kind = parent.as_ref().and_then(|p| match known.get(p) {
            Some(placed) => Some(placed.kind),
            None => {
                let why = if written.contains(p) {
                    format!("上级代码“{p}”写在本组织之后，上级须写在下级之前")
                } else {
                    format!("上级代码“{p}”不存在")
                };
                problem(r, parent_at, "parent", why);
                None
            }
        });
        // The code's shape depends on the kind and the parent: checked only
        // once both are right, so that one mistake is reported once.
        let placed = match (kind, parent_kind) {
            (Some(kind), Some(Some(parent_kind))) => match check_parent(kind, parent_kind) {
                Ok(()) => Some(kind),
                Err(m) => {
                    problem(r, kind_at, "kind", m);
                    None
                }
            },
            _ => None,
        };
        let code = match (placed, &code) {
            (Some(kind), Some(c)) => match check_code(kind, c, parent.as_deref()) {
                Ok(c) => Some(c),
                Err(m) => {
                    problem(r, code_at, "code", m);
                    None
                }
            },
            _ => None,
        };
        if let Some(c) = &code
            && let Some(first) = known.get(c)
        {
            problem(
                r,
                code_at,
                "code",
                format!("代码“{c}”与第{}行重复", first.line),
            );
        }
        let name = name.and_then(|v| match check_name(&v) {
            Ok(v) => Some(v),
            Err(m) => {
                problem(r, name_at, "name", m);
                None
            }
        });
        if let (Some(name), Some(parent)) = (&name, &parent) {
            let key = (parent.clone(), name.clone());
            match names.get(&key) {
                Some(first) => problem(
                    r,
                    name_at,
                    "name",
                    format!("同一上级下已有名为“{name}”的组织（第{first}行）"),
                ),
                None => {
                    names.insert(key, line);
                }
            }
        }
        // A code seen once is known from here on, even if the entry has
        // other problems, so that its children are not reported again.
        if let Some(c) = raw_code(&fields) {
            known.entry(c).or_insert(Placed { line, kind });
        }
        if let (Some(code), Some(name), Some(kind), Some(parent)) = (code, name, kind, parent) {
            out.push(DistrictOrg {
                code,
                name,
                kind,
                parent_code: Some(parent),
            });
        }
    }
}

/// The `code` of an entry as written (trimmed), whatever else is wrong.
fn raw_code(fields: &HashMap<String, &RawValue>) -> Option<String> {
    fields
        .get("code")
        .and_then(|v| serde_json::from_str::<String>(v.get()).ok())
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
}
