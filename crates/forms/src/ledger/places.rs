//! 地名 — the district's townships, villages and units, as ledger cells name them; taken from the organisation tree.

use xinfang_domain::district::{District, Region};
use xinfang_domain::org::{Org, OrgKind};

/// One township or sub-district with the names of its villages or communities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TownshipPlaces {
    /// Full name, e.g. 张潘镇.
    pub name: String,
    /// Its villages' full names, e.g. 古城村.
    pub villages: Vec<String>,
}

/// The names an imported ledger may use for places and units: the
/// district's townships with their villages, its bureau and departments,
/// and the 省/市/县 people write in front of a township. The app builds it
/// from the organisations in the database ([`Places::new`]); tests and tools
/// from a district file ([`Places::of`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    pub(crate) region: Region,
    pub(crate) townships: Vec<TownshipPlaces>,
    /// 区乡村振兴局 and the 区直部门, by full name.
    pub(crate) units: Vec<String>,
}

impl Places {
    /// The places of an organisation tree in `region`; townships and
    /// villages in code order.
    pub fn new(region: Region, orgs: &[Org]) -> Places {
        let mut sorted: Vec<&Org> = orgs.iter().collect();
        sorted.sort_by(|a, b| a.code.cmp(&b.code));
        let townships = sorted
            .iter()
            .filter(|o| o.kind == OrgKind::Township)
            .map(|t| TownshipPlaces {
                name: t.name.clone(),
                villages: sorted
                    .iter()
                    .filter(|v| v.kind == OrgKind::Village && v.parent_id == Some(t.id))
                    .map(|v| v.name.clone())
                    .collect(),
            })
            .collect();
        let units = sorted
            .iter()
            .filter(|o| matches!(o.kind, OrgKind::Bureau | OrgKind::Department))
            .map(|o| o.name.clone())
            .collect();
        Places {
            region,
            townships,
            units,
        }
    }

    /// The places of a district file.
    pub fn of(district: &District) -> Places {
        Places::new(district.region(), &district.to_orgs())
    }

    /// The district as a county, e.g. 建安区, for messages.
    pub(crate) fn county(&self) -> &str {
        &self.region.county
    }

    /// A township to show as an example: the first 镇 (else the first township).
    fn example_township(&self) -> Option<&TownshipPlaces> {
        self.townships
            .iter()
            .find(|t| t.name.ends_with('镇'))
            .or_else(|| self.townships.first())
    }

    /// An example of a township's name, e.g. 将官池镇.
    pub(crate) fn township_example(&self) -> String {
        self.example_township()
            .map_or_else(String::new, |t| t.name.clone())
    }

    /// An example of a place, township and village, e.g. 将官池镇将官池村.
    pub(crate) fn place_example(&self) -> String {
        self.example_township().map_or_else(String::new, |t| {
            format!(
                "{}{}",
                t.name,
                t.villages.first().map_or("", String::as_str)
            )
        })
    }
}
