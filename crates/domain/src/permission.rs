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
use Reach::{Everywhere, LedCases, OwnOrganisation, OwnTownship};
use Role::{CaseLeader, DepartmentHandler, TownshipOfficer};

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
        /// 网络舆情处置 — change an incident's disposal status, record a
        /// 正面发声, link it to petitions.
        RecordOpinion => ("record_opinion", "记录网络舆情处置和正面发声"),
        /// 隐患分析排查会议 — record a township's monthly meeting and mark its measures done.
        RecordMeeting => ("record_meeting", "录入隐患分析排查会议"),
        /// 隐患分析排查会议 — read the meetings, their measures and packs.
        ReadMeetings => ("read_meetings", "查看隐患分析排查会议"),
        /// 扶贫日下访 — read a township's Tuesday visit plan and its week.
        ReadVisitPlan => ("read_visit_plan", "查看扶贫日下访计划"),
        /// 排查活动 — organise a screening campaign (集中排查, 日常排查, 敏感节点排查)
        /// for an organisation (Place::Org of the district, or of a township
        /// running its own 日常排查).
        ManageCampaign => ("manage_campaign", "组织排查活动"),
        /// 排查活动和覆盖情况 — read campaigns and their coverage (Place::Org of a township covered).
        ReadCampaign => ("read_campaign", "查看排查活动和覆盖情况"),
        /// 村级研判 — recorded for the village by its township (no village users).
        AssessVillage => ("assess_village", "村级研判"),
        /// 乡镇级研判.
        AssessTownship => ("assess_township", "乡镇级研判"),
        /// 区级研判 — its grade is final.
        AssessDistrict => ("assess_district", "区级研判"),
        /// 待研判 — read the queues of what awaits each level.
        ReadAssessmentQueue => ("read_assessment_queue", "查看待研判"),
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

#[path = "permission_table.rs"]
mod table;
pub use table::{Rule, TABLE};

#[cfg(test)]
#[path = "permission_tests.rs"]
mod tests;
