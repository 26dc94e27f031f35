//! The permission table itself: every permission's grants (role and reach)
//! and the sentence a refused user reads, each rule with the reason it is so.

use super::{Grant, Permission, Reach};
use crate::access::Role;

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
    // Answering an online incident is handling it: the units that handle it
    // (the township where it arose, the units it was assigned to) speak and
    // dispose, and the district, which coordinates the 正面发声. 督查 watches
    // the board; a 包案领导 speaks through the handling unit.
    rule(
        Permission::RecordOpinion,
        UNITS,
        "只有承办单位或区乡村振兴局可以记录舆情处置",
    ),
    // The monthly meeting is each township's ("各乡镇……每月要召开一次"): it
    // records its own; the district may record for a township (and keeps
    // the whole picture). 督查 reads every township's record and pack.
    rule(
        Permission::RecordMeeting,
        &[DISTRICT, TOWNSHIP],
        "只有区乡村振兴局或本乡镇可以录入隐患分析排查会议",
    ),
    rule(
        Permission::ReadMeetings,
        &[DISTRICT, g(Inspector, Everywhere), TOWNSHIP],
        "只有区乡村振兴局、督查和本乡镇可以查看隐患分析排查会议",
    ),
    // The Tuesday 下访 is planned per township from its cases and people.
    rule(
        Permission::ReadVisitPlan,
        &[DISTRICT, g(Inspector, Everywhere), TOWNSHIP],
        "只有区乡村振兴局、督查和本乡镇可以查看扶贫日下访计划",
    ),
    // The plan has every township and department screen (各乡镇各行业部门…
    // 定期开展…排查); the system keeps the screening of villages: the
    // district runs 集中排查 and 敏感节点排查 over the district, and a township
    // may run its own 日常排查 over its own villages (the service holds it to
    // that kind and those villages; the place is the organising org).
    rule(
        Permission::ManageCampaign,
        &[DISTRICT, TOWNSHIP],
        "只有区乡村振兴局可以组织排查活动，乡镇只能组织本乡镇的日常排查",
    ),
    // A campaign is read with its coverage by those who screen or oversee:
    // the district and 督查 all of it, a township its own rows (the place is
    // the township covered). Departments screen their policy areas on
    // their own (their entries name them as 责任单位 and are read there); a
    // 包案领导 and the 系统管理员 have no part in it.
    rule(
        Permission::ReadCampaign,
        &[
            DISTRICT,
            g(Inspector, Everywhere),
            g(TownshipOfficer, OwnOrganisation),
        ],
        "只有区乡村振兴局、督查和乡镇可以查看排查活动",
    ),
    // 三级研判 (村 → 乡镇 → 区). The system has no village users (a village
    // is an organisation of the tree, no role works in one), so the
    // township's officer records the village's opinion for it (代村级录入);
    // the place is the entry's township.
    rule(
        Permission::AssessVillage,
        &[TOWNSHIP],
        "村级研判由本乡镇专干代村录入",
    ),
    rule(
        Permission::AssessTownship,
        &[TOWNSHIP],
        "乡镇级研判只能由本乡镇专干录入",
    ),
    rule(
        Permission::AssessDistrict,
        &[DISTRICT],
        "只有区乡村振兴局可以进行区级研判",
    ),
    // The queues are for those who assess, and for 督查, who reads all.
    rule(
        Permission::ReadAssessmentQueue,
        &[DISTRICT, TOWNSHIP, g(Inspector, Everywhere)],
        "只有区乡村振兴局、乡镇和督查可以查看待研判",
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
