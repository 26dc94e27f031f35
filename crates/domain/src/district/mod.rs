//! 区县设置 — a district's organisation tree as data (`districts/*.json`), parsed and checked before use.
//!
//! Jian'an's ships embedded as the default ([`District::jianan`]); another
//! district writes its own file in the same format and sets up an empty
//! database with `xinfang init --district FILE`. The format:
//!
//! ```json
//! {
//!   "code": "411003",
//!   "name": "许昌市建安区",
//!   "province": "河南省",
//!   "city": "许昌市",
//!   "orgs": [
//!     { "code": "411003-B01", "name": "区乡村振兴局", "kind": "bureau", "parent": "411003" },
//!     { "code": "411003105", "name": "张潘镇", "kind": "township", "parent": "411003" },
//!     { "code": "411003105202", "name": "古城村", "kind": "village", "parent": "411003105" }
//!   ]
//! }
//! ```
//!
//! The top level is the district itself, the root of the tree; `orgs` lists
//! everything under it, each parent before its children. Every rule of
//! [`crate::org::rules`] applies, and each problem is reported with its line.

mod read;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::org::{Org, OrgKind};

pub use read::{DistrictError, DistrictProblem};

/// Jian'an's district file, embedded: the default set-up.
pub const JIANAN_JSON: &str = include_str!("../../../../districts/jianan.json");

/// 区县设置 — a district's organisations as its file describes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct District {
    /// 区划代码 — the district's 6-digit code, also its root organisation's.
    pub code: String,
    /// Full name as printed on ledgers, e.g. 许昌市建安区.
    pub name: String,
    /// 省, e.g. 河南省 (may be empty).
    pub province: String,
    /// 市, e.g. 许昌市: Annex 4 prints it in its 问题属地 columns.
    pub city: String,
    /// Every organisation, parents before children; the first is the
    /// district itself (kind 区, no parent).
    pub orgs: Vec<DistrictOrg>,
}

/// One organisation of a district file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictOrg {
    /// Unique code (see [`Org::code`]).
    pub code: String,
    /// Full Chinese name.
    pub name: String,
    /// Kind of organisation.
    pub kind: OrgKind,
    /// Code of the parent; None for the district root.
    pub parent_code: Option<String>,
}

/// 属地 — the names above the townships: 省, 市 and the district as a 县
/// (Annex 4's 问题属地 columns; the prefixes people write before a township).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Region {
    /// 省, e.g. 河南省 (may be empty).
    pub province: String,
    /// 市, e.g. 许昌市 (may be empty).
    pub city: String,
    /// 县（区）, e.g. 建安区.
    pub county: String,
}

impl Region {
    /// The region of a district named `district_name` (许昌市建安区) in
    /// `city` (许昌市): the county is the name without the province and
    /// city in front (建安区). A city left empty is read from the name, up
    /// to its 市, as Annex 4 has always done.
    pub fn new(province: &str, city: &str, district_name: &str) -> Region {
        let province = province.trim();
        let city = city.trim();
        let name = district_name.trim();
        let name = name.strip_prefix(province).unwrap_or(name);
        let (city, county) = if city.is_empty() {
            match name.split_once('市') {
                Some((c, rest)) if !rest.is_empty() => (format!("{c}市"), rest.to_string()),
                _ => (String::new(), name.to_string()),
            }
        } else {
            let rest = name.strip_prefix(city).filter(|r| !r.is_empty());
            (city.to_string(), rest.unwrap_or(name).to_string())
        };
        Region {
            province: province.to_string(),
            city,
            county,
        }
    }
}

impl District {
    /// Parse and check a district file; every problem is listed with its line.
    pub fn parse(text: &str) -> Result<District, DistrictError> {
        read::parse(text)
    }

    /// Jian'an District (许昌市建安区): 区乡村振兴局, 14 departments, 区政府领导,
    /// the inspection group, 18 townships and sub-districts with their NBS
    /// codes, and 4–5 villages or communities each (made up for the
    /// demonstration, coded township code + 3 digits).
    pub fn jianan() -> District {
        // The embedded file is checked by the crate's tests; a broken one is
        // a build defect, not an operator's mistake.
        District::parse(JIANAN_JSON).expect("embedded district file is valid")
    }

    /// 省, 市 and 县 of this district.
    pub fn region(&self) -> Region {
        Region::new(&self.province, &self.city, &self.name)
    }

    /// The organisations as [`Org`]s numbered 1, 2, … in file order, for
    /// code that reads the tree the same way from the file or the database.
    pub fn to_orgs(&self) -> Vec<Org> {
        let id_of = |code: &str| {
            self.orgs
                .iter()
                .position(|o| o.code == code)
                .and_then(|i| i64::try_from(i + 1).ok())
        };
        self.orgs
            .iter()
            .zip(1..)
            .map(|(o, id)| Org {
                id,
                code: o.code.clone(),
                name: o.name.clone(),
                kind: o.kind,
                parent_id: o.parent_code.as_deref().and_then(id_of),
            })
            .collect()
    }
}
