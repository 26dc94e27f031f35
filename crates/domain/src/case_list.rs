//! 案件列表 — a case as a list shows it: one row of the case list (also the
//! content of an earlier case a suspected repeat names, when the registrant may read it).

use jiff::Timestamp;
use serde::Serialize;

use crate::vocab::{
    CaseKind, CaseStatus, Category, Channel, EscalatedTo, OnlineSeverity, SourceLevel,
};

/// A row of the case list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseListItem {
    /// Id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 信访类型
    pub kind: CaseKind,
    /// 信访渠道
    pub channel: Channel,
    /// 来源层级
    pub source_level: SourceLevel,
    /// 是否重点交办
    pub key_assigned: bool,
    /// 问题类别
    pub category: Category,
    /// Status.
    pub status: CaseStatus,
    /// 问题所属乡镇 id
    pub township_id: i64,
    /// 问题所属乡镇
    pub township: String,
    /// 村/社区
    pub village: Option<String>,
    /// 信访人
    pub petitioner_name: Option<String>,
    /// 接待日期
    pub received_at: Timestamp,
    /// 反映问题
    pub summary: String,
    /// 责任单位
    pub lead_unit: Option<String>,
    /// 承办人
    pub handler_name: Option<String>,
    /// 是否积案
    pub backlog: bool,
    /// 越级去向
    pub escalated_to: Option<EscalatedTo>,
    /// 舆情等级 of a 网络舆情.
    pub severity: Option<OnlineSeverity>,
    /// Last change.
    pub updated_at: Timestamp,
}
