//! 权限 — the one table that answers "may this user do X (here)?" by role and organisation.
//!
//! Services ask [`may`] or [`check`] before they act; pages take their
//! buttons from the same answers. Reading is scoped separately (a user
//! reads the cases of their [`CaseScope`](crate::access::CaseScope)); this
//! table says what a user may *do* with what they can read, and where.
//! A new feature adds its permissions here and nowhere else.

use crate::access::{Actor, CaseScope, Role};
use crate::case::Case;
use crate::labelled_enum;
use crate::org::OrgKind;

labelled_enum! {
    /// 权限 — one thing a user may or may not do.
    pub enum Permission {
        /// 查看全区 — read every case, screening entry and ledger of the district.
        SeeEverything => ("see_everything", "查看全区案件和台账"),
        /// 登记案件 (接) — register a case located in a township.
        RegisterCase => ("register_case", "登记案件"),
        /// 转办 — name the responsible unit, handler and 包案领导.
        AssignCase => ("assign_case", "转办案件"),
        /// 办理 — contact, visit, report, opinion, return visit, close, delivery, asking for more time.
        HandleCase => ("handle_case", "办理案件"),
        /// 催办 — urge the handling unit.
        UrgeCase => ("urge_case", "催办"),
        /// 批注 — a note on the timeline, or an attachment.
        CommentCase => ("comment_case", "批注和上传附件"),
        /// 督办决定 — escalate, reopen, record 复查/复核, grant an extension.
        SuperviseCase => ("supervise_case", "督办、重新打开、复查复核、批准延期"),
        /// 更正登记信息 — correct what was entered at registration. The
        /// district at any stage; the case's township while it is not yet
        /// assigned (the state rule is the workflow's).
        CorrectCase => ("correct_case", "更正登记信息"),
        /// 不满意件的处理决定 — after the 处理意见书 was delivered and the return
        /// visit found the petitioner 不满意: send the case back to 办 (退回重办),
        /// or close it with 不满意 kept (依法办结).
        DecideDissatisfied => ("decide_dissatisfied", "信访人不满意时退回重办或依法办结"),
        /// 查看完整信息 — ID numbers, phones and addresses in full (logged).
        RevealPersonal => ("reveal_personal", "查看完整个人信息"),
        /// 打印文书 — the notices carry the petitioner's personal data.
        PrintNotice => ("print_notice", "打印受理告知书和处理意见书"),
        /// 积案销号 — confirm a backlog case resolved, with its evidence.
        ResolveBacklog => ("resolve_backlog", "积案销号"),
        /// 台账信息 — a case's backlog (附件2) and provincial (附件4) blocks and follow-ups.
        EditCaseLedger => ("edit_case_ledger", "修改案件台账信息"),
        /// 指定包案领导 on a case's backlog block.
        SetCaseLeader => ("set_case_leader", "指定包案领导"),
        /// 排查台账 (附件1) — enter and edit screening entries of a township.
        EditScreening => ("edit_screening", "录入和修改排查记录"),
        /// 干部队伍统计表 (附件3) — a township's roster row.
        EditRoster => ("edit_roster", "填写干部队伍统计表"),
        /// 导入台账 — Annexes 1–3 filled by townships.
        ImportLedger => ("import_ledger", "导入台账（附件1至3）"),
        /// 导入附件4 — the provincial cases' statistics.
        ImportProvincial => ("import_provincial", "导入省级交办信访事项办理情况统计表"),
        /// 导出台账 — an organisation's ledgers.
        ExportLedger => ("export_ledger", "导出台账"),
        /// 审计日志 — read the audit trail.
        ReadAuditLog => ("read_audit_log", "查看审计日志"),
        /// 用户管理 — add users and change their roles.
        ManageUsers => ("manage_users", "管理用户"),
        /// 组织机构 — add and rename organisations and villages.
        ManageOrgs => ("manage_orgs", "管理组织机构"),
        /// 节假日安排、时限规则和单位信息 (the district bureau's details on its forms).
        ManageSettings => ("manage_settings", "修改节假日安排、时限规则和单位信息"),
        /// 推送机器人 (企业微信/钉钉 webhooks).
        ManageWebhooks => ("manage_webhooks", "管理推送机器人"),
        /// 每周报送 — preview and send the Friday package to the city, read the 报送记录.
        SendReport => ("send_report", "报送省级交办件办结情况"),
        /// 目标任务 — the plan's goals over the user's own cases.
        ReadGoals => ("read_goals", "查看目标任务"),
        /// 通报排名 — read the ranks the city and the province published.
        ReadRanks => ("read_ranks", "查看市、省通报的信访总量排名"),
        /// 通报排名 — enter them.
        EnterRank => ("enter_rank", "录入市、省通报的信访总量排名"),
        /// 统计分析 — the statistics of the cases the user's scope admits
        /// (the scope, not the grant, limits which cases are counted).
        ReadStatistics => ("read_statistics", "查看统计分析"),
        /// 调解 — record a mediation (人民/行政/司法调解) on a case.
        RecordMediation => ("record_mediation", "记录调解"),
        /// 实地跟踪核查 — record a verification of a case's handling.
        RecordVerification => ("record_verification", "记录实地跟踪核查"),
        /// 整改情况 — answer the rectification a 需整改 verdict demanded.
        AnswerRectification => ("answer_rectification", "报送整改情况"),
        /// 后评估 — the township scorecard: every township's row, or (a
        /// township) its own row beside the district average.
        ReadScorecard => ("read_scorecard", "查看乡镇后评估"),
        /// 后评估规则 — edit the scorecard's indicators, weights and bands.
        ManageScorecard => ("manage_scorecard", "修改乡镇后评估指标和计分规则"),
        /// 问责 — record an accountability action against a unit (and a person in it).
        RecordAccountability => ("record_accountability", "记录问责"),
        /// 问责记录 — read the actions taken against a unit.
        ReadAccountability => ("read_accountability", "查看问责记录"),
        /// 干部培训 (信访能力大提升) — record a course and who on the roster attended.
        RecordTraining => ("record_training", "登记干部培训"),
        /// 干部培训 — read the courses and the coverage of an organisation's roster.
        ReadTraining => ("read_training", "查看干部培训"),
        /// 重点人员 — read the register of a township (its scores, cases, contacts, proposals).
        ReadKeyPersons => ("read_key_persons", "查看重点人员"),
        /// 重点人员 — register and edit persons, record 稳控 contacts, confirm or dismiss proposals.
        EditKeyPersons => ("edit_key_persons", "登记重点人员和记录稳控联系"),
        /// 督办 a key person's due contact.
        UrgeKeyPersonContact => ("urge_key_person_contact", "督办重点人员联系"),
        /// 风险评分规则 — edit the key persons' scoring rules.
        ManageRiskRules => ("manage_risk_rules", "修改重点人员风险评分规则"),
        /// 敏感节点 — add a sensitive period.
        ManagePeriods => ("manage_periods", "设置敏感节点"),
        /// 零报告 — report a day of a sensitive period for a township.
        SubmitZeroReport => ("submit_zero_report", "报送零报告"),
        /// 零报告 — read who reported (the district all townships, a township its own).
        ReadZeroReports => ("read_zero_reports", "查看零报告"),
    }
}

/// Where a grant reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Anywhere in the district.
    Everywhere,
    /// The user's own organisation: the organisation itself, or a case
    /// assigned to it (责任单位/协办单位) or, for a township, located in it (属地).
    OwnOrganisation,
    /// As [`Reach::OwnOrganisation`], and only when that organisation is a township.
    OwnTownship,
    /// Cases the user owns as 包案领导.
    LedCases,
}

/// One row of the table: holders of `role` may, within `reach`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    /// The role.
    pub role: Role,
    /// Where it applies.
    pub reach: Reach,
}

const fn g(role: Role, reach: Reach) -> Grant {
    Grant { role, reach }
}

use Reach::{Everywhere, LedCases, OwnOrganisation, OwnTownship};
use Role::{Admin, CaseLeader, DepartmentHandler, DistrictAdmin, Inspector, TownshipOfficer};

const DISTRICT: Grant = g(DistrictAdmin, Everywhere);
const TOWNSHIP: Grant = g(TownshipOfficer, OwnTownship);
const DEPARTMENT: Grant = g(DepartmentHandler, OwnOrganisation);
const UNITS: &[Grant] = &[DISTRICT, TOWNSHIP, DEPARTMENT];
const ADMIN: &[Grant] = &[g(Admin, Everywhere)];

/// Who may, and what a refused user is told.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The permission.
    pub permission: Permission,
    /// Every grant of it.
    pub grants: &'static [Grant],
    /// The Chinese refusal.
    pub refusal: &'static str,
}

const fn rule(permission: Permission, grants: &'static [Grant], refusal: &'static str) -> Rule {
    Rule {
        permission,
        grants,
        refusal,
    }
}

/// The table, one rule per permission, in [`Permission::ALL`] order.
pub const TABLE: &[Rule] = &[
    rule(
        Permission::SeeEverything,
        &[DISTRICT, g(Inspector, Everywhere), g(Admin, Everywhere)],
        "只能查看本单位的数据",
    ),
    rule(
        Permission::RegisterCase,
        &[DISTRICT, TOWNSHIP],
        "只有区乡村振兴局或乡镇专干可以登记案件",
    ),
    rule(
        Permission::AssignCase,
        &[DISTRICT],
        "只有区乡村振兴局可以执行此操作",
    ),
    rule(
        Permission::HandleCase,
        UNITS,
        "只有承办单位或区乡村振兴局可以执行此操作",
    ),
    rule(
        Permission::UrgeCase,
        &[DISTRICT, g(CaseLeader, LedCases)],
        "只有区乡村振兴局或包案领导可以执行此操作",
    ),
    rule(
        Permission::CommentCase,
        &[DISTRICT, TOWNSHIP, DEPARTMENT, g(CaseLeader, LedCases)],
        "只有承办单位、包案领导或区乡村振兴局可以执行此操作",
    ),
    rule(
        Permission::SuperviseCase,
        &[DISTRICT],
        "只有区乡村振兴局可以执行此操作",
    ),
    rule(
        Permission::CorrectCase,
        &[DISTRICT, TOWNSHIP],
        "只有区乡村振兴局或案件所属乡镇的乡镇专干可以更正登记信息",
    ),
    rule(
        Permission::DecideDissatisfied,
        &[DISTRICT],
        "信访人不满意的案件，只有区乡村振兴局可以决定退回重办或依法办结",
    ),
    rule(
        Permission::RevealPersonal,
        UNITS,
        "只有区乡村振兴局、乡镇专干和承办部门经办人可以查看完整个人信息",
    ),
    rule(
        Permission::PrintNotice,
        UNITS,
        "文书载有信访人身份证号、联系电话和住址，仅限区乡村振兴局、乡镇专干和承办部门经办人打印",
    ),
    rule(
        Permission::ResolveBacklog,
        &[DISTRICT],
        "只有区乡村振兴局可以确认积案销号",
    ),
    rule(
        Permission::EditCaseLedger,
        UNITS,
        "您只能查看该案件，不能修改台账信息",
    ),
    rule(
        Permission::SetCaseLeader,
        &[DISTRICT],
        "只有区乡村振兴局可以指定包案领导",
    ),
    rule(
        Permission::EditScreening,
        &[DISTRICT, TOWNSHIP],
        "只有区乡村振兴局或本乡镇专干可以录入和修改排查记录",
    ),
    rule(
        Permission::EditRoster,
        &[DISTRICT, TOWNSHIP],
        "乡镇专干只能填写本乡镇的干部队伍信息",
    ),
    rule(
        Permission::ImportLedger,
        &[DISTRICT, TOWNSHIP],
        "只有区乡村振兴局或乡镇专干可以导入台账",
    ),
    rule(
        Permission::ImportProvincial,
        &[DISTRICT],
        "只有区乡村振兴局可以导入省级交办信访事项办理情况统计表",
    ),
    rule(
        Permission::ExportLedger,
        &[
            DISTRICT,
            g(Inspector, Everywhere),
            g(Admin, Everywhere),
            g(TownshipOfficer, OwnOrganisation),
            g(DepartmentHandler, OwnOrganisation),
            g(CaseLeader, OwnOrganisation),
        ],
        "只能导出本单位的台账，不能导出其他乡镇或单位的数据",
    ),
    rule(
        Permission::ReadAuditLog,
        &[g(Inspector, Everywhere), g(Admin, Everywhere)],
        "只有督查和系统管理员可以查看审计日志",
    ),
    rule(Permission::ManageUsers, ADMIN, "只有系统管理员可以管理用户"),
    rule(
        Permission::ManageOrgs,
        ADMIN,
        "只有系统管理员可以管理组织机构",
    ),
    rule(
        Permission::ManageSettings,
        ADMIN,
        "只有系统管理员可以修改节假日安排、时限规则和单位信息",
    ),
    rule(
        Permission::ManageWebhooks,
        ADMIN,
        "只有系统管理员可以管理推送机器人",
    ),
    rule(
        Permission::SendReport,
        &[DISTRICT],
        "只有区乡村振兴局可以向市里报送省级交办件办结情况",
    ),
    rule(
        Permission::ReadGoals,
        &[DISTRICT, TOWNSHIP, g(Inspector, Everywhere)],
        "只有区乡村振兴局、乡镇和督查可以查看目标任务",
    ),
    rule(
        Permission::ReadRanks,
        &[DISTRICT, g(Inspector, Everywhere)],
        "只有区乡村振兴局和督查可以查看通报排名",
    ),
    rule(
        Permission::EnterRank,
        &[DISTRICT],
        "只有区乡村振兴局可以录入通报排名",
    ),
    // Everyone who reads cases in the work reads their figures, counted over
    // the cases their scope admits. The 系统管理员 keeps the system, not the
    // petition work: it reports nothing upward, so it gets no statistics.
    rule(
        Permission::ReadStatistics,
        &[
            DISTRICT,
            g(Inspector, Everywhere),
            g(TownshipOfficer, OwnOrganisation),
            g(DepartmentHandler, OwnOrganisation),
            g(CaseLeader, LedCases),
        ],
        "系统管理员不查看统计分析",
    ),
    // Mediation is part of handling: the units that handle the case (its
    // township by territory, its units by assignment) and the district. The
    // inspection group verifies, it does not mediate; a 包案领导 takes part
    // in a mediation, the handling unit records it.
    rule(
        Permission::RecordMediation,
        UNITS,
        "只有承办单位或区乡村振兴局可以记录调解",
    ),
    // 实地跟踪核查 is the plan's work of the district bureau with the
    // inspection group ("区乡村振兴局协同…区脱贫攻坚调研指导组"); a unit does
    // not verify its own handling.
    rule(
        Permission::RecordVerification,
        &[DISTRICT, g(Inspector, Everywhere)],
        "只有区乡村振兴局或督查可以记录实地跟踪核查",
    ),
    // The rectification is demanded of the case's units: they answer it (the
    // township for a case in its territory too), or the district for them.
    rule(
        Permission::AnswerRectification,
        UNITS,
        "只有承办单位或区乡村振兴局可以报送整改情况",
    ),
    // The scorecard evaluates townships (问题所属乡镇): the district, which
    // runs the 后评估, and 督查 (the plan's 调研指导组 check it on site) read
    // every row; a township reads its own row (the place is its own org).
    // A department or a 包案领导 is not evaluated by it and reads none of it,
    // not even the average, which would only be the townships' business.
    rule(
        Permission::ReadScorecard,
        &[DISTRICT, TOWNSHIP, g(Inspector, Everywhere)],
        "只有区乡村振兴局、乡镇和督查可以查看乡镇后评估",
    ),
    // The weights are the bureau's evaluation policy (区级层面…纳入后评估),
    // so the district sets them; the 系统管理员 keeps every rule file (时限规则,
    // 节假日) and may load a corrected one too. Both are audited.
    rule(
        Permission::ManageScorecard,
        &[DISTRICT, g(Admin, Everywhere)],
        "只有区乡村振兴局或系统管理员可以修改乡镇后评估的指标和计分规则",
    ),
    // The plan has the district hold units to account (严肃追责问责); 督查
    // verifies and may read them; nobody else decides one.
    rule(
        Permission::RecordAccountability,
        &[DISTRICT],
        "只有区乡村振兴局可以记录问责",
    ),
    // The unit concerned sees the actions against itself (Place::Org of the
    // unit), the district and 督查 all; the 包案领导 and the 系统管理员 none.
    rule(
        Permission::ReadAccountability,
        &[
            DISTRICT,
            g(Inspector, Everywhere),
            g(TownshipOfficer, OwnOrganisation),
            g(DepartmentHandler, OwnOrganisation),
        ],
        "只有区乡村振兴局、督查和被问责单位可以查看问责记录",
    ),
    // The district runs the 乡村振兴系统 courses for every township; a
    // township runs its own sessions for its own people (Place::Org of the
    // township whose people attend), never another's.
    rule(
        Permission::RecordTraining,
        &[DISTRICT, TOWNSHIP],
        "只有区乡村振兴局或乡镇专干可以登记培训，乡镇只能登记本乡镇人员参加的培训",
    ),
    rule(
        Permission::ReadTraining,
        &[
            DISTRICT,
            g(Inspector, Everywhere),
            g(TownshipOfficer, OwnOrganisation),
            g(DepartmentHandler, OwnOrganisation),
        ],
        "只有区乡村振兴局、督查和本单位可以查看干部培训情况",
    ),
    // Key persons are watched where they live (属地): the township its own
    // (Place::Org of the person's township), the district and 督查 all. A
    // department or a 包案领导 handles cases, not the register of people.
    rule(
        Permission::ReadKeyPersons,
        &[
            DISTRICT,
            g(Inspector, Everywhere),
            g(TownshipOfficer, OwnOrganisation),
        ],
        "只有区乡村振兴局、督查和本乡镇可以查看重点人员",
    ),
    // The township registers and keeps 稳控 contact with its own people; the
    // district may for any township. 督查 reads, it does not keep the register.
    rule(
        Permission::EditKeyPersons,
        &[DISTRICT, TOWNSHIP],
        "只有区乡村振兴局或本乡镇专干可以登记重点人员和记录稳控联系",
    ),
    // 督办 is the district's, as for milestones (SuperviseCase).
    rule(
        Permission::UrgeKeyPersonContact,
        &[DISTRICT],
        "只有区乡村振兴局可以督办重点人员联系",
    ),
    // As the scorecard's rules: the bureau's policy, kept by it or the 系统管理员.
    rule(
        Permission::ManageRiskRules,
        &[DISTRICT, g(Admin, Everywhere)],
        "只有区乡村振兴局或系统管理员可以修改重点人员风险评分规则",
    ),
    // The district sets the calendar of heightened duty (the 系统管理员 keeps
    // calendars too, as for 节假日).
    rule(
        Permission::ManagePeriods,
        &[DISTRICT, g(Admin, Everywhere)],
        "只有区乡村振兴局或系统管理员可以设置敏感节点",
    ),
    // 零报告 comes from every township, each for itself.
    rule(
        Permission::SubmitZeroReport,
        &[TOWNSHIP],
        "只有乡镇专干可以报送本乡镇的零报告",
    ),
    rule(
        Permission::ReadZeroReports,
        &[
            DISTRICT,
            g(Inspector, Everywhere),
            g(TownshipOfficer, OwnOrganisation),
        ],
        "只有区乡村振兴局、督查和本乡镇可以查看零报告",
    ),
];

/// Where the user wants to act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Anywhere at all: "may this user ever do X?" (menus and buttons).
    Somewhere,
    /// For or in one organisation (a township, a unit).
    Org(i64),
    /// On one case.
    Case {
        /// 问题所属乡镇.
        township_id: i64,
        /// 责任单位 and 协办单位.
        unit_ids: Vec<i64>,
        /// 包案领导 (user id).
        leader_user_id: Option<i64>,
    },
}

impl Place {
    /// The place of a case.
    pub fn case(case: &Case) -> Place {
        Place::Case {
            township_id: case.township_id,
            unit_ids: case.unit_ids(),
            leader_user_id: case.leader_user_id,
        }
    }
}

impl Permission {
    /// This permission's rule in the table.
    pub fn rule(self) -> &'static Rule {
        // TABLE is in ALL order; the unit test holds that.
        &TABLE[self as usize]
    }
}

fn reaches(actor: &Actor, reach: Reach, place: &Place) -> bool {
    let own = |place: &Place| match place {
        Place::Somewhere => true,
        Place::Org(id) => *id == actor.org_id,
        Place::Case {
            township_id,
            unit_ids,
            ..
        } => {
            // Territory (属地) is a township's; any unit by assignment.
            (actor.org_kind == OrgKind::Township && *township_id == actor.org_id)
                || unit_ids.contains(&actor.org_id)
        }
    };
    match reach {
        Everywhere => true,
        OwnOrganisation => own(place),
        OwnTownship => actor.org_kind == OrgKind::Township && own(place),
        LedCases => match place {
            Place::Somewhere => true,
            Place::Case { leader_user_id, .. } => *leader_user_id == Some(actor.user_id),
            Place::Org(_) => false,
        },
    }
}

/// May `actor` do `permission` at `place`?
pub fn may(actor: &Actor, permission: Permission, place: &Place) -> bool {
    permission
        .rule()
        .grants
        .iter()
        .any(|g| actor.has(g.role) && reaches(actor, g.reach, place))
}

impl Actor {
    /// May this user do `permission` at `place`? (See [`may`].)
    pub fn may(&self, permission: Permission, place: &Place) -> bool {
        may(self, permission, place)
    }

    /// Reads every case of the district.
    pub fn sees_all(&self) -> bool {
        may(self, Permission::SeeEverything, &Place::Somewhere)
    }

    /// The set of cases this user may read. Every case query goes through it:
    /// the district roles read all; a township officer the cases located in
    /// or assigned to their township; a department the cases assigned to it;
    /// a 包案领导 the cases they own.
    pub fn case_scope(&self) -> CaseScope {
        if self.sees_all() {
            return CaseScope::all();
        }
        let mut scope = CaseScope::none();
        if self.has(TownshipOfficer) && self.org_kind == OrgKind::Township {
            scope.territory = Some(self.org_id);
            scope.unit = Some(self.org_id);
        }
        if self.has(DepartmentHandler) {
            scope.unit = Some(self.org_id);
        }
        if self.has(CaseLeader) {
            scope.leader = Some(self.user_id);
        }
        scope
    }
}

/// The one organisation `actor` may do `permission` for, when that is their
/// own alone (a township officer's township); None when they may do it
/// everywhere, or nowhere. Forms preselect it; imports keep to it.
pub fn only_own_org(actor: &Actor, permission: Permission) -> Option<i64> {
    let everywhere = permission
        .rule()
        .grants
        .iter()
        .any(|g| g.reach == Everywhere && actor.has(g.role));
    (!everywhere && may(actor, permission, &Place::Org(actor.org_id))).then_some(actor.org_id)
}

/// A refusal, with the Chinese sentence the user sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Denied(pub String);

/// [`may`] as a `Result`, refusing with the table's sentence.
pub fn check(actor: &Actor, permission: Permission, place: &Place) -> Result<(), Denied> {
    if may(actor, permission, place) {
        Ok(())
    } else {
        Err(Denied(permission.rule().refusal.to_string()))
    }
}

#[cfg(test)]
#[path = "permission_tests.rs"]
mod tests;
