//! 菜单 — what the page frame shows a user: the menu entries and buttons
//! that do not depend on one record, each the permission table's answer.

use crate::access::Actor;
use crate::permission::{Permission, Place, may};

/// What the page frame shows to a user: the menu entries and buttons that
/// do not depend on one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Menu {
    /// 管理 (users, organisations, settings, robots).
    pub is_admin: bool,
    /// Sees the district's work as the bureau does (待转办, 报送).
    pub is_district: bool,
    /// 登记 (new case).
    pub can_register: bool,
    /// 审计.
    pub can_audit: bool,
    /// 排查 entry.
    pub can_screen: bool,
    /// 目标任务.
    pub can_read_goals: bool,
    /// 统计分析.
    pub can_stats: bool,
    /// 乡镇后评估.
    pub can_scorecard: bool,
    /// 问责.
    pub can_accountability: bool,
    /// 记录问责 (the district): links from a 通报 or a 需整改 verification.
    pub can_record_accountability: bool,
    /// 干部培训.
    pub can_training: bool,
    /// 排查活动.
    pub can_campaigns: bool,
    /// 待研判.
    pub can_assess: bool,
    /// 风险防控: the monthly meetings and the 扶贫日 plan.
    pub can_risk: bool,
    /// 重点人员.
    pub can_key_persons: bool,
}

impl Menu {
    /// The menu of `actor`.
    pub fn of(actor: &Actor) -> Menu {
        let here = Place::Somewhere;
        Menu {
            is_admin: may(actor, Permission::ManageUsers, &here),
            is_district: may(actor, Permission::AssignCase, &here),
            can_register: may(actor, Permission::RegisterCase, &here),
            can_audit: may(actor, Permission::ReadAuditLog, &here),
            can_screen: may(actor, Permission::EditScreening, &here),
            can_read_goals: may(actor, Permission::ReadGoals, &here),
            can_stats: may(actor, Permission::ReadStatistics, &here),
            can_scorecard: may(actor, Permission::ReadScorecard, &here),
            can_accountability: may(actor, Permission::ReadAccountability, &here),
            can_record_accountability: may(actor, Permission::RecordAccountability, &here),
            can_training: may(actor, Permission::ReadTraining, &here),
            can_campaigns: may(actor, Permission::ReadCampaign, &here),
            can_assess: may(actor, Permission::ReadAssessmentQueue, &here),
            can_risk: may(actor, Permission::ReadMeetings, &here),
            can_key_persons: may(actor, Permission::ReadKeyPersons, &here),
        }
    }
}
