//! 问责 as JSON: one action with its cases, and the list with its per-unit tally.

use serde::Serialize;
use xinfang_store::AccountabilityRecord;

use super::t;

/// A case an action is linked to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkedCaseJson {
    /// Case id
    pub id: i64,
    /// 信访件编号
    pub number: String,
}

/// 问责 — one accountability action.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AccountabilityJson {
    /// Id
    pub id: i64,
    /// 被问责单位 (organisation id)
    pub unit_id: i64,
    /// 被问责单位
    pub unit: String,
    /// 被问责人, when a person was named
    pub person: Option<String>,
    /// 问责方式: 约谈, 通报批评, 责令检查, 诫勉 or 移交纪检监察
    pub kind: String,
    /// 问责依据: 超期通报, 核查需整改 or 其他
    pub basis: String,
    /// 问责事由
    pub reason: String,
    /// 问责日期, YYYY-MM-DD
    pub date: String,
    /// 文号 (none only for some 约谈)
    pub document_number: Option<String>,
    /// 关联案件
    pub cases: Vec<LinkedCaseJson>,
    /// Who recorded it
    pub recorded_by: Option<String>,
    /// When, RFC 3339 with +08:00
    pub recorded_at: String,
}

impl From<&AccountabilityRecord> for AccountabilityJson {
    fn from(r: &AccountabilityRecord) -> Self {
        let a = &r.action;
        AccountabilityJson {
            id: r.id,
            unit_id: a.unit_id,
            unit: r.unit_name.clone(),
            person: a.person.clone(),
            kind: a.kind.label().into(),
            basis: a.basis.label().into(),
            reason: a.reason.clone(),
            date: a.date.to_string(),
            document_number: a.document_number.clone(),
            cases: r
                .cases
                .iter()
                .map(|c| LinkedCaseJson {
                    id: c.id,
                    number: c.number.clone(),
                })
                .collect(),
            recorded_by: r.recorded_by.clone(),
            recorded_at: t(r.recorded_at),
        }
    }
}

/// A count of one 问责方式.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct KindCountJson {
    /// 问责方式
    pub kind: String,
    /// How many
    pub count: i64,
}

/// One unit's actions, counted.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitTallyJson {
    /// The unit (organisation id)
    pub unit_id: i64,
    /// 单位
    pub unit: String,
    /// 单位类型: 乡镇, 区直部门 …
    pub unit_kind: String,
    /// All its actions
    pub total: i64,
    /// Per 问责方式, every type listed
    pub by_kind: Vec<KindCountJson>,
}

/// 问责记录: the actions the caller may read, and the tally per unit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AccountabilityListJson {
    /// The year asked for, if any
    pub year: Option<i16>,
    /// The actions, newest first
    pub actions: Vec<AccountabilityJson>,
    /// Per unit (townships first), most actions first
    pub by_unit: Vec<UnitTallyJson>,
}
