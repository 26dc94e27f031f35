//! Who acts: roles (角色), the acting user, and the set of cases a user reads (what they may do is in `permission`).

use serde::{Deserialize, Serialize};

use crate::labelled_enum;
use crate::org::OrgKind;

labelled_enum! {
    /// 角色 — what a user does in the system.
    pub enum Role {
        /// 系统管理员 — manages organisations, users and settings.
        Admin => ("admin", "系统管理员"),
        /// 区级管理员 — the district bureau: registers, assigns, supervises, sees all.
        DistrictAdmin => ("district_admin", "区级管理员"),
        /// 乡镇专干 — a township's petition officer.
        TownshipOfficer => ("township_officer", "乡镇专干"),
        /// 部门经办人 — a department's case handler.
        DepartmentHandler => ("department_handler", "部门经办人"),
        /// 包案领导 — a leader who owns backlog cases.
        CaseLeader => ("case_leader", "包案领导"),
        /// 督查 — inspection: reads everything, changes nothing.
        Inspector => ("inspector", "督查"),
    }
}

/// The user on whose behalf a request runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// User id.
    pub user_id: i64,
    /// Login name.
    pub username: String,
    /// Name shown in timelines.
    pub display_name: String,
    /// The user's organisation.
    pub org_id: i64,
    /// Kind of that organisation.
    pub org_kind: OrgKind,
    /// Roles held.
    pub roles: Vec<Role>,
}

impl Actor {
    /// Whether the user holds a role.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Which cases a user may read: the union of the parts that are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CaseScope {
    /// Every case.
    pub all: bool,
    /// Cases located in this township (属地).
    pub territory: Option<i64>,
    /// Cases assigned to this unit as lead or co-handler.
    pub unit: Option<i64>,
    /// Cases this user owns as 包案领导.
    pub leader: Option<i64>,
}

impl CaseScope {
    /// Every case.
    pub fn all() -> CaseScope {
        CaseScope {
            all: true,
            ..CaseScope::default()
        }
    }

    /// No case at all.
    pub fn none() -> CaseScope {
        CaseScope::default()
    }
}
