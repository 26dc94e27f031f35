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

    /// Whether a case with these facts is inside the scope. The store applies
    /// the same rule in SQL; this is for checks on a case already loaded.
    pub fn admits(&self, township_id: i64, unit_ids: &[i64], leader_user_id: Option<i64>) -> bool {
        self.all
            || self.territory == Some(township_id)
            || self.unit.is_some_and(|u| unit_ids.contains(&u))
            || (self.leader.is_some() && self.leader == leader_user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(kind: OrgKind, roles: &[Role]) -> Actor {
        Actor {
            user_id: 7,
            username: "u".into(),
            display_name: "U".into(),
            org_id: 42,
            org_kind: kind,
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn township_sees_its_territory_and_its_assignments_only() {
        let s = actor(OrgKind::Township, &[Role::TownshipOfficer]).case_scope();
        assert!(s.admits(42, &[], None));
        assert!(s.admits(1, &[42], None));
        assert!(!s.admits(43, &[44], Some(7)));
    }

    #[test]
    fn department_sees_assigned_cases_only() {
        let s = actor(OrgKind::Department, &[Role::DepartmentHandler]).case_scope();
        assert!(
            !s.admits(42, &[], None),
            "territory does not apply to departments"
        );
        assert!(s.admits(1, &[3, 42], None));
    }

    #[test]
    fn leader_sees_owned_cases_and_district_sees_all() {
        let s = actor(OrgKind::Leadership, &[Role::CaseLeader]).case_scope();
        assert!(s.admits(1, &[], Some(7)));
        assert!(!s.admits(1, &[], Some(8)));
        assert!(!s.admits(1, &[], None));
        assert!(
            actor(OrgKind::Bureau, &[Role::DistrictAdmin])
                .case_scope()
                .admits(9, &[], None)
        );
        assert!(
            actor(OrgKind::Inspection, &[Role::Inspector])
                .case_scope()
                .all
        );
        assert!(!actor(OrgKind::Inspection, &[Role::Inspector]).may(
            crate::permission::Permission::CommentCase,
            &crate::permission::Place::Somewhere
        ));
    }

    #[test]
    fn a_user_with_no_role_sees_nothing() {
        let s = actor(OrgKind::Township, &[]).case_scope();
        assert!(!s.admits(42, &[42], Some(7)));
    }
}
