//! Organisations (组织机构): the district's tree of bureau, departments, townships and villages.
//!
//! The tree itself is data: a district file (`districts/*.json`, see
//! [`crate::district`]) sets it up, the 系统管理员 adds and renames
//! organisations later; [`rules`] holds what both must respect.

pub mod rules;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// What an organisation is in the district's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 区 — the district itself, root of the tree.
    District,
    /// 区乡村振兴局 — the leading bureau: receives, dispatches and supervises all cases.
    Bureau,
    /// 区直行业部门 — a district department (民政局, 医保局 …).
    Department,
    /// 乡镇/街道 — a township or sub-district, handling cases on its territory (属地管理).
    Township,
    /// 村/社区 — a village or community under a township.
    Village,
    /// 区领导 — district leaders who own backlog cases (包案领导).
    Leadership,
    /// 调研指导组 — inspection groups that verify handling on site (read-only).
    Inspection,
}

impl OrgKind {
    /// Every kind, in display order.
    pub const ALL: [OrgKind; 7] = [
        OrgKind::District,
        OrgKind::Bureau,
        OrgKind::Department,
        OrgKind::Township,
        OrgKind::Village,
        OrgKind::Leadership,
        OrgKind::Inspection,
    ];

    /// Stable machine name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::District => "district",
            OrgKind::Bureau => "bureau",
            OrgKind::Department => "department",
            OrgKind::Township => "township",
            OrgKind::Village => "village",
            OrgKind::Leadership => "leadership",
            OrgKind::Inspection => "inspection",
        }
    }

    /// Chinese label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::District => "区",
            OrgKind::Bureau => "区乡村振兴局",
            OrgKind::Department => "区直部门",
            OrgKind::Township => "乡镇/街道",
            OrgKind::Village => "村/社区",
            OrgKind::Leadership => "区领导",
            OrgKind::Inspection => "调研指导组",
        }
    }

    /// Parse the stored machine name or the Chinese label (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<OrgKind> {
        let s = s.trim();
        OrgKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.label() == s)
    }

    /// The kind of organisation this kind sits under: the district for
    /// everything but villages, which sit under their township; None for
    /// the district, the root of the tree.
    pub fn parent_kind(self) -> Option<OrgKind> {
        match self {
            OrgKind::District => None,
            OrgKind::Village => Some(OrgKind::Township),
            _ => Some(OrgKind::District),
        }
    }
}

/// An organisation as the rest of the system sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    /// Database id.
    pub id: i64,
    /// Unique code: the National Bureau of Statistics code for townships and villages,
    /// an assigned code for the others.
    pub code: String,
    /// Full Chinese name, e.g. 张潘镇.
    pub name: String,
    /// Kind of organisation.
    pub kind: OrgKind,
    /// Parent in the tree (None only for the district root).
    pub parent_id: Option<i64>,
}

/// Suffixes of township-level names, longest first (回族乡 before 乡).
const TOWNSHIP_SUFFIXES: [&str; 4] = ["回族乡", "街道", "镇", "乡"];

/// Suffixes of every place name, township or village, as a place is
/// written in texts (街道办事处, 民族乡, 社区 …), longest first.
const PLACE_SUFFIXES: [&str; 10] = [
    "街道办事处",
    "办事处",
    "民族乡",
    "回族乡",
    "街道",
    "社区",
    "居委会",
    "乡",
    "镇",
    "村",
];

/// `name` without the first of `suffixes` it ends with; None when it ends
/// with none.
fn without_suffix<'a>(name: &'a str, suffixes: &[&str]) -> Option<&'a str> {
    suffixes.iter().find_map(|suffix| name.strip_suffix(suffix))
}

/// A township-level name without its 镇/乡/街道/回族乡 suffix, e.g. 艾庄回族乡 → 艾庄.
pub fn township_base(name: &str) -> &str {
    without_suffix(name, &TOWNSHIP_SUFFIXES).unwrap_or(name)
}

/// A township's or village's name without the suffix that says what kind
/// of place it is (白庄村 → 白庄, 艾庄回族乡 → 艾庄, 城关镇街道办事处 →
/// 城关镇); None when it has none, or is nothing but the suffix.
pub fn place_base(name: &str) -> Option<&str> {
    without_suffix(name, &PLACE_SUFFIXES).filter(|base| !base.is_empty())
}

/// 查找乡镇 — the township or sub-district of `orgs` named `name`, in full
/// (张潘镇, 许由街道, 艾庄回族乡) or without its suffix (张潘, 许由, 艾庄).
/// Surrounding whitespace is ignored; anything else, such as a village
/// name or 张潘乡, gives `None`. A full name wins over a short one, and a
/// short name two townships share finds neither.
pub fn find_township<'a>(orgs: &'a [Org], name: &str) -> Option<&'a Org> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let townships = || orgs.iter().filter(|o| o.kind == OrgKind::Township);
    if let Some(full) = townships().find(|o| o.name == name) {
        return Some(full);
    }
    let mut short = townships().filter(|o| township_base(&o.name) == name);
    match (short.next(), short.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}
