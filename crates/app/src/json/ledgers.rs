//! The ledgers' records as JSON: screening entries (附件1), a case's ledger
//! details (附件2、4), the cadre roster (附件3) and a refused import.

use serde::Serialize;
use xinfang_domain::roster::RosterEntry;
use xinfang_domain::screening::ScreeningRecord;

use super::t;
use crate::views::CaseLedgerView;
use xinfang_domain::clock::{due_day, local_date};

/// A screening entry (排查记录), ID number and phone masked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScreeningJson {
    /// Id.
    pub id: i64,
    /// 排查时间, YYYY-MM-DD
    pub screened_at: String,
    /// 排查类型 (label)
    pub screening_kind: Option<String>,
    /// 乡镇 id
    pub township_id: i64,
    /// 乡镇
    pub township: String,
    /// 村/社区 id
    pub village_id: Option<i64>,
    /// 村/社区
    pub village: Option<String>,
    /// 姓名
    pub name: String,
    /// 身份证号 (masked)
    pub id_number: Option<String>,
    /// 联系电话 (masked)
    pub phone: Option<String>,
    /// 是否脱贫户（监测对象） (label)
    pub poverty_status: Option<String>,
    /// 反映问题
    pub problem: String,
    /// 问题类别 (label)
    pub category: String,
    /// 是否新发现
    pub newly_found: Option<bool>,
    /// 责任单位 id, when it is one of the district's organisations
    pub unit_id: Option<i64>,
    /// 责任单位 as shown
    pub responsible_unit: String,
    /// 三到位一处理: four answers in the ledger's order
    pub tri: Vec<String>,
    /// 是否稳定
    pub stable: Option<bool>,
    /// 备注
    pub remarks: String,
    /// The case it became (转为案件), if any.
    pub case_id: Option<i64>,
    /// That case's number.
    pub case_number: Option<String>,
    /// Send this back as `version` to guard against overwriting a newer change.
    pub version: i64,
    /// Last change, RFC 3339 with +08:00
    pub updated_at: String,
    /// 排查活动 id it was reported under.
    pub campaign_id: Option<i64>,
    /// 排查活动 name.
    pub campaign: Option<String>,
    /// 风险等级: 一般, 较大 or 重大 (None: 未定级).
    pub risk_grade: Option<String>,
    /// The grade is the district's 研判 grade (final).
    pub grade_final: bool,
}

impl From<&ScreeningRecord> for ScreeningJson {
    fn from(s: &ScreeningRecord) -> Self {
        let e = &s.entry;
        ScreeningJson {
            id: s.id,
            screened_at: local_date(e.screened_at).to_string(),
            screening_kind: e
                .screening_kind
                .as_deref()
                .and_then(xinfang_forms::ledger::ScreeningKind::parse)
                .map(|k| k.label().to_string()),
            township_id: e.township_id,
            township: s.township.clone(),
            village_id: e.village_id,
            village: s.village.clone(),
            name: e.name.clone(),
            id_number: e.id_number.as_ref().map(|i| i.masked()),
            phone: e.phone.as_ref().map(|p| p.masked()),
            poverty_status: e.poverty.map(|p| p.label().to_string()),
            problem: e.problem.clone(),
            category: e.category.label().to_string(),
            newly_found: e.newly_found,
            unit_id: e.unit_id,
            responsible_unit: s.unit_display(),
            tri: e
                .tri
                .answers()
                .iter()
                .map(|a| a.label().to_string())
                .collect(),
            stable: e.stable,
            remarks: e.remarks.clone(),
            case_id: s.case_id,
            case_number: s.case_number.clone(),
            version: s.version,
            updated_at: t(s.updated_at),
            campaign_id: e.campaign_id,
            campaign: s.campaign.clone(),
            risk_grade: e.risk_grade.map(|g| g.label().to_string()),
            grade_final: s.grade_final,
        }
    }
}

/// A page of screening entries.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScreeningListJson {
    /// Matching entries in all.
    pub total: i64,
    /// This page.
    pub items: Vec<ScreeningJson>,
}

/// A follow-up contact (跟踪回访).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FollowUpJson {
    /// When, RFC 3339 with +08:00
    pub visited_at: String,
    /// What was said and found.
    pub note: String,
    /// Who entered it.
    pub by: Option<String>,
}

/// A case's 台账信息: the backlog block (附件2) and the provincial block (附件4).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseLedgerJson {
    /// Case id.
    pub case_id: i64,
    /// 信访件编号
    pub number: String,
    /// 是否积案
    pub backlog: bool,
    /// 积案原因
    pub backlog_reason: Option<String>,
    /// 包案领导
    pub leader: Option<String>,
    /// 初访时间, RFC 3339 with +08:00
    pub first_visit_at: Option<String>,
    /// 一案一策
    pub plan: String,
    /// The plan's due day, YYYY-MM-DD
    pub plan_due: Option<String>,
    /// 办结时限, YYYY-MM-DD: as entered, else the handled milestone's due day
    pub due: Option<String>,
    /// Whether `due` was entered rather than taken from the milestone.
    pub due_entered: bool,
    /// 复查情况
    pub review: String,
    /// 复核情况
    pub second_review: String,
    /// 涉法涉诉涉纪件工作进度
    pub legal_progress: String,
    /// 跟踪回访, oldest first
    pub followups: Vec<FollowUpJson>,
    /// 销号: when the backlog case was confirmed resolved, RFC 3339 with +08:00
    pub resolved_at: Option<String>,
    /// 销号: the evidence in words
    pub resolution_evidence: String,
    /// 销号: the attachment that proves it
    pub resolution_attachment_id: Option<i64>,
}

impl From<&CaseLedgerView> for CaseLedgerJson {
    fn from(v: &CaseLedgerView) -> Self {
        let l = &v.ledger;
        let day = |t: Option<jiff::Timestamp>| t.map(|t| due_day(t).to_string());
        CaseLedgerJson {
            case_id: v.case.id,
            number: v.case.number.clone(),
            backlog: v.case.backlog,
            backlog_reason: v.case.backlog_reason.clone(),
            leader: v.case.leader_name.clone(),
            first_visit_at: l.first_visit_at.map(t),
            plan: l.plan.clone(),
            plan_due: day(l.plan_due_at),
            due: day(l.due_at.or(v.handled_due)),
            due_entered: l.due_at.is_some(),
            review: l.review.clone(),
            second_review: l.second_review.clone(),
            legal_progress: l.legal_progress.clone(),
            followups: v
                .followups
                .iter()
                .map(|f| FollowUpJson {
                    visited_at: t(f.visited_at),
                    note: f.note.clone(),
                    by: f.created_by.clone(),
                })
                .collect(),
            resolved_at: l.resolved_at.map(t),
            resolution_evidence: l.resolution_evidence.clone(),
            resolution_attachment_id: l.resolution_attachment_id,
        }
    }
}

/// One organisation's row of the cadre roster (干部队伍, 附件3).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterRowJson {
    /// The organisation (usually a township).
    pub org_id: i64,
    /// Its name.
    pub org_name: String,
    /// 分管领导
    pub leader_name: String,
    /// 职务
    pub leader_title: String,
    /// 办公电话 (of the leader)
    pub leader_office_phone: Option<String>,
    /// 手机号码 (of the leader)
    pub leader_mobile: Option<String>,
    /// 涉贫信访专干
    pub cadre_name: String,
    /// 办公电话 (of the cadre)
    pub cadre_office_phone: Option<String>,
    /// 手机号码 (of the cadre)
    pub cadre_mobile: Option<String>,
    /// When last saved (RFC 3339, UTC); null when nothing was entered yet.
    #[schema(value_type = Option<String>)]
    pub updated_at: Option<jiff::Timestamp>,
}

impl From<&RosterEntry> for RosterRowJson {
    fn from(e: &RosterEntry) -> Self {
        RosterRowJson {
            org_id: e.org_id,
            org_name: e.org_name.clone(),
            leader_name: e.leader_name.clone(),
            leader_title: e.leader_title.clone(),
            leader_office_phone: e.leader_office_phone.clone(),
            leader_mobile: e.leader_mobile.clone(),
            cadre_name: e.cadre_name.clone(),
            cadre_office_phone: e.cadre_office_phone.clone(),
            cadre_mobile: e.cadre_mobile.clone(),
            updated_at: e.updated_at,
        }
    }
}

/// One refused cell of an imported ledger.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportProblemJson {
    /// The row number as Excel shows it (1-based).
    pub row: usize,
    /// The column's header text, e.g. 联系方式.
    pub column: String,
    /// The cell's value as read (empty when the cell was empty).
    pub value: String,
    /// Why it was refused, in Chinese.
    pub reason: String,
}

impl From<&xinfang_forms::ledger::ImportProblem> for ImportProblemJson {
    fn from(p: &xinfang_forms::ledger::ImportProblem) -> Self {
        ImportProblemJson {
            row: p.row,
            column: p.column.clone(),
            value: p.value.clone(),
            reason: p.reason.clone(),
        }
    }
}

/// A ledger import that wrote nothing (422).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportRejectedJson {
    /// Always `import_rejected`.
    pub code: &'static str,
    /// What was wrong, in Chinese.
    pub message: String,
    /// Every problem, by row (empty when the file as a whole was refused).
    pub problems: Vec<ImportProblemJson>,
}
