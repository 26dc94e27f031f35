//! Organisations (组织机构): the district's tree of bureau, departments, townships and villages.

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

    /// Parse the stored machine name.
    pub fn parse(s: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.as_str() == s)
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

/// One organisation of a district's initial set-up, before it has a database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgSeed {
    /// Unique code (see [`Org::code`]).
    pub code: &'static str,
    /// Full Chinese name.
    pub name: &'static str,
    /// Kind of organisation.
    pub kind: OrgKind,
    /// Code of the parent; None for the district root.
    pub parent_code: Option<&'static str>,
}
