//! 组织机构规则 — what every organisation must respect, whether it comes from a district file or the 系统管理员.

use super::{Org, OrgKind};
use crate::errors::FieldErrors;

/// Longest organisation name, in characters.
pub const NAME_MAX: usize = 40;

/// Longest assigned code (bureau, departments, leaders, inspection groups).
pub const CODE_MAX: usize = 32;

/// 名称 — trimmed; 1–40 characters with at least one Chinese character, no
/// spaces or control characters (a name is matched letter for letter when
/// ledgers are imported, so a stray space would make it unfindable).
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("不能为空".into());
    }
    if name.chars().count() > NAME_MAX {
        return Err(format!("不能超过{NAME_MAX}个字"));
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("不能包含空格或换行".into());
    }
    if !name.chars().any(is_han) {
        return Err("应为中文名称".into());
    }
    Ok(name.to_string())
}

/// A Chinese character (CJK unified ideographs and their extensions).
fn is_han(c: char) -> bool {
    matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// 代码 of an organisation of `kind` under a parent coded `parent_code`
/// (None for the district). Townships and villages carry the National Bureau
/// of Statistics' codes, which nest: the district's 6 digits, a township's 9
/// (the district's and 3 more), a village's 12 (its township's and 3 more).
/// The others get an assigned code of letters, digits and hyphens, e.g.
/// `411003-D15`.
pub fn check_code(kind: OrgKind, code: &str, parent_code: Option<&str>) -> Result<String, String> {
    let code = code.trim();
    if code.is_empty() {
        return Err("不能为空".into());
    }
    let nested = |what: &str, parent: &str, example: &str| {
        let ok = code.len() == parent.len() + 3
            && code.starts_with(parent)
            && digits(&code[parent.len()..]);
        if ok {
            Ok(code.to_string())
        } else {
            Err(format!(
                "{what}代码应为{parent}加3位数字（国家统计局区划代码），如{parent}{example}"
            ))
        }
    };
    match (kind, parent_code) {
        (OrgKind::District, _) => {
            if code.len() == 6 && digits(code) {
                Ok(code.to_string())
            } else {
                Err("区划代码应为6位数字，如411003".into())
            }
        }
        (OrgKind::Township, Some(parent)) => nested("乡镇/街道", parent, "105"),
        (OrgKind::Village, Some(parent)) => nested("村/社区", parent, "201"),
        _ => {
            let ok = code.len() <= CODE_MAX
                && code
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if ok {
                Ok(code.to_string())
            } else {
                Err(format!(
                    "代码只能由字母、数字和连字符组成，不超过{CODE_MAX}位，如411003-D15"
                ))
            }
        }
    }
}

/// Whether an organisation of `kind` may sit under one of `parent` kind.
pub fn check_parent(kind: OrgKind, parent: OrgKind) -> Result<(), String> {
    match kind.parent_kind() {
        None => Err("区是组织机构的根，不能设在其他组织之下".into()),
        Some(expected) if expected == parent => Ok(()),
        Some(expected) => Err(format!(
            "{}只能设在{}之下，不能设在{}之下",
            kind.label(),
            kind_name(expected),
            kind_name(parent)
        )),
    }
}

/// A kind as a noun in a sentence (区 reads as 区本级).
fn kind_name(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::District => "区本级",
        other => other.label(),
    }
}

/// The kinds that may be added under an organisation of `parent` kind.
pub fn child_kinds(parent: OrgKind) -> Vec<OrgKind> {
    OrgKind::ALL
        .into_iter()
        .filter(|k| k.parent_kind() == Some(parent))
        .collect()
}

/// 新增组织 — an organisation the 系统管理员 adds, checked against the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrg {
    /// The parent's database id.
    pub parent_id: i64,
    /// Its kind (allowed under the parent).
    pub kind: OrgKind,
    /// Its code (unique, shaped for its kind).
    pub code: String,
    /// Its name (unique among its siblings).
    pub name: String,
}

impl NewOrg {
    /// Check an organisation to add under `parent`, with `kind` (machine name
    /// or label), `code` and `name` as typed, against every organisation
    /// `existing`. Each problem names its field: `kind` 类型, `code` 代码,
    /// `name` 名称.
    pub fn parse(
        parent: &Org,
        kind: &str,
        code: &str,
        name: &str,
        existing: &[Org],
    ) -> Result<NewOrg, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = match OrgKind::parse(kind) {
            None if kind.trim().is_empty() => {
                e.add("kind", "类型", "请选择类型");
                None
            }
            None => {
                e.add("kind", "类型", format!("没有“{}”这种类型", kind.trim()));
                None
            }
            Some(k) => match check_parent(k, parent.kind) {
                Ok(()) => Some(k),
                Err(m) => {
                    e.add("kind", "类型", m);
                    None
                }
            },
        };
        let code = match kind.map(|k| check_code(k, code, Some(&parent.code))) {
            Some(Ok(c)) => match existing.iter().find(|o| o.code == c) {
                Some(other) => {
                    e.add("code", "代码", format!("代码“{c}”已被“{}”使用", other.name));
                    None
                }
                None => Some(c),
            },
            Some(Err(m)) => {
                e.add("code", "代码", m);
                None
            }
            None => None,
        };
        let name = match check_name(name) {
            Ok(n) => match sibling_named(existing, Some(parent.id), &n, None) {
                Some(_) => {
                    e.add(
                        "name",
                        "名称",
                        format!("{}下已有名为“{n}”的组织", parent.name),
                    );
                    None
                }
                None => Some(n),
            },
            Err(m) => {
                e.add("name", "名称", m);
                None
            }
        };
        match (kind, code, name) {
            (Some(kind), Some(code), Some(name)) if e.is_empty() => Ok(NewOrg {
                parent_id: parent.id,
                kind,
                code,
                name,
            }),
            _ => Err(e),
        }
    }
}

/// 改名 — check a new name for `org` against every organisation `existing`:
/// the name rules, unique among its siblings, and different from today's.
/// The problem names the field `name` 名称.
pub fn parse_rename(org: &Org, name: &str, existing: &[Org]) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::default();
    match check_name(name) {
        Ok(n) if n == org.name => e.add("name", "名称", "新名称与原名称相同"),
        Ok(n) => match sibling_named(existing, org.parent_id, &n, Some(org.id)) {
            Some(_) => {
                let parent = org
                    .parent_id
                    .and_then(|p| existing.iter().find(|o| o.id == p))
                    .map_or("同级", |p| p.name.as_str());
                e.add("name", "名称", format!("{parent}下已有名为“{n}”的组织"));
            }
            None => return Ok(n),
        },
        Err(m) => e.add("name", "名称", m),
    }
    Err(e)
}

fn sibling_named<'a>(
    existing: &'a [Org],
    parent_id: Option<i64>,
    name: &str,
    except: Option<i64>,
) -> Option<&'a Org> {
    existing
        .iter()
        .find(|o| o.parent_id == parent_id && o.name == name && Some(o.id) != except)
}
