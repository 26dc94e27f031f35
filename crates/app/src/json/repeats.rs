//! A suspected repeat (重复访) as JSON: the earlier cases it names, with
//! their content only when the registrant may read them.

use serde::Serialize;
use xinfang_domain::repeat::RepeatCandidate;

use super::{CaseSummaryJson, t};

/// An earlier case a suspected repeat names. In the registrant's scope it
/// carries every field of a case in the list (`CaseSummaryJson`); outside
/// it only which case it is — number, township, category, kind, status and
/// when received — and the content fields are null.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RepeatCandidateJson {
    /// Database id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 信访类型
    pub kind: String,
    /// 信访渠道 (null outside the scope)
    pub channel: Option<String>,
    /// 来源层级 (null outside the scope)
    pub source_level: Option<String>,
    /// 是否重点交办 (null outside the scope)
    pub key_assigned: Option<bool>,
    /// 问题类别
    pub category: String,
    /// Status
    pub status: String,
    /// 问题所属乡镇
    pub township: String,
    /// 村/社区 (null outside the scope)
    pub village: Option<String>,
    /// 信访人姓名 (null outside the scope)
    pub petitioner: Option<String>,
    /// 接待日期, RFC 3339 with +08:00
    pub received_at: String,
    /// 反映问题 (null outside the scope)
    pub summary: Option<String>,
    /// 责任单位 (null outside the scope)
    pub responsible_unit: Option<String>,
    /// 承办人 (null outside the scope)
    pub handler: Option<String>,
    /// 是否积案 (null outside the scope)
    pub backlog: Option<bool>,
    /// 越级去向 (null outside the scope, or none)
    pub escalated_to: Option<String>,
    /// Last change (null outside the scope)
    pub updated_at: Option<String>,
    /// Whether the caller may read the case (`GET /api/v1/cases/{id}`).
    pub in_scope: bool,
}

impl From<&RepeatCandidate> for RepeatCandidateJson {
    fn from(c: &RepeatCandidate) -> Self {
        let d = c.details.as_ref().map(CaseSummaryJson::from);
        let d = d.as_ref();
        RepeatCandidateJson {
            id: c.id,
            number: c.number.clone(),
            kind: c.kind.label().into(),
            channel: d.map(|d| d.channel.clone()),
            source_level: d.map(|d| d.source_level.clone()),
            key_assigned: d.map(|d| d.key_assigned),
            category: c.category.label().into(),
            status: c.status.label().into(),
            township: c.township.clone(),
            village: d.and_then(|d| d.village.clone()),
            petitioner: d.and_then(|d| d.petitioner.clone()),
            received_at: t(c.received_at),
            summary: d.map(|d| d.summary.clone()),
            responsible_unit: d.and_then(|d| d.responsible_unit.clone()),
            handler: d.and_then(|d| d.handler.clone()),
            backlog: d.map(|d| d.backlog),
            escalated_to: d.and_then(|d| d.escalated_to.clone()),
            updated_at: d.map(|d| d.updated_at.clone()),
            in_scope: c.in_scope,
        }
    }
}
