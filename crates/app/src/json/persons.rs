//! 重点人员 and 敏感节点 as JSON: the list item (`xinfang persons list
//! --json`'s exact shape), the API's summary and detail, contacts,
//! proposals, periods and the 零报告 sheet.

use serde::Serialize;
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::screening::ScreeningRecord;
use xinfang_store::{
    ContactRecord, DueContact, PeriodRecord, PersonProposal, ScoredPerson, UrgeRecord,
    ZeroReportRow,
};

use super::t;

/// 重点人员 — one line of the list, highest score first (the CLI's exact shape).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonListItemJson {
    /// Id (stable)
    pub id: i64,
    /// 姓名 (names are shown, as petitioners' are; ID number and phone are masked)
    pub name: String,
    /// 乡镇
    pub township: String,
    /// 风险分 (computed from the cases when read)
    pub risk_score: u32,
    /// 风险等级 computed from the score: 一般 / 较大 / 重大
    pub risk_level: String,
    /// Every point explained: "近12个月信访3次 +30"
    pub reasons: Vec<String>,
    /// 信访件编号 of their cases (by ID number and linked), oldest first
    pub cases: Vec<String>,
}

impl From<&ScoredPerson> for PersonListItemJson {
    fn from(s: &ScoredPerson) -> Self {
        PersonListItemJson {
            id: s.record.id,
            name: s.record.person.name.clone(),
            township: s.record.township.clone(),
            risk_score: s.score.score,
            risk_level: s.score.level.label().into(),
            reasons: s.score.reasons.iter().map(ToString::to_string).collect(),
            cases: s.cases.iter().map(|c| c.number.clone()).collect(),
        }
    }
}

/// 重点人员 in the API's list: the list item and the register's main facts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonSummaryJson {
    /// Id (stable)
    pub id: i64,
    /// 姓名
    pub name: String,
    /// 乡镇
    pub township: String,
    /// 风险分
    pub risk_score: u32,
    /// 风险等级 (computed)
    pub risk_level: String,
    /// Every point explained
    pub reasons: Vec<String>,
    /// 信访件编号 of their cases
    pub cases: Vec<String>,
    /// 乡镇 id
    pub township_id: i64,
    /// 村/社区
    pub village: Option<String>,
    /// 身份证号, masked
    pub id_number: Option<String>,
    /// 联系电话, masked
    pub phone: Option<String>,
    /// 研判等级 decided by 三级研判 (null until assessed); overrides risk_level for duties
    pub risk_grade: Option<String>,
    /// The level duties follow: risk_grade if set, else risk_level
    pub effective_level: String,
    /// 包保责任人
    pub guardian: Option<String>,
    /// 最近联系日期
    pub last_contact: Option<String>,
    /// 下次联系日期
    pub next_contact: String,
    /// 联系周期 as explained: "每30天" or "敏感节点（国庆）期间每3天"
    pub contact_rhythm: String,
    /// 联系已超期
    pub contact_overdue: bool,
}

impl From<&ScoredPerson> for PersonSummaryJson {
    fn from(s: &ScoredPerson) -> Self {
        let item = PersonListItemJson::from(s);
        let p = &s.record.person;
        PersonSummaryJson {
            id: item.id,
            name: item.name,
            township: item.township,
            risk_score: item.risk_score,
            risk_level: item.risk_level,
            reasons: item.reasons,
            cases: item.cases,
            township_id: p.township_id,
            village: s.record.village.clone(),
            id_number: p.id_number.as_ref().map(ResidentId::masked),
            phone: p.phone.as_ref().map(PhoneNumber::masked),
            risk_grade: s.record.risk_grade.map(|g| g.label().into()),
            effective_level: s.effective_level.label().into(),
            guardian: s.record.guardian(),
            last_contact: s.last_contact.map(|d| d.to_string()),
            next_contact: s.contact.due_on.to_string(),
            contact_rhythm: s.contact.rhythm.clone(),
            contact_overdue: s.contact.overdue,
        }
    }
}

/// One case of a key person.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonCaseJson {
    /// Case id
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 信访类型
    pub kind: String,
    /// 受理时间 (RFC 3339)
    pub received_at: String,
    /// 回访不满意
    pub dissatisfied: bool,
    /// 越级去向: 赴市 / 赴省 / 进京
    pub escalated_to: Option<String>,
    /// 超期未办结
    pub overdue: bool,
}

/// One explained part of the score.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReasonJson {
    /// "近12个月信访3次"
    pub text: String,
    /// Points it adds
    pub points: u32,
}

/// 稳控联系 — one contact.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContactJson {
    /// Id
    pub id: i64,
    /// 联系日期
    pub date: String,
    /// 联系方式
    pub method: String,
    /// 联系人
    pub contacted_by: String,
    /// 联系内容
    pub content: String,
    /// 联系结果
    pub result: String,
    /// Recorded by
    pub recorded_by: Option<String>,
}

impl From<&ContactRecord> for ContactJson {
    fn from(c: &ContactRecord) -> Self {
        ContactJson {
            id: c.id,
            date: c.contact.date.to_string(),
            method: c.contact.method.label().into(),
            contacted_by: c.contact.contacted_by.clone(),
            content: c.contact.content.clone(),
            result: c.contact.result.clone(),
            recorded_by: c.recorded_by.clone(),
        }
    }
}

/// 督办 of a due contact.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UrgeJson {
    /// The due day urged
    pub due_on: String,
    /// 督办意见
    pub note: String,
    /// By
    pub urged_by: Option<String>,
    /// When (RFC 3339)
    pub urged_at: String,
}

impl From<&UrgeRecord> for UrgeJson {
    fn from(u: &UrgeRecord) -> Self {
        UrgeJson {
            due_on: u.due_on.to_string(),
            note: u.note.clone(),
            urged_by: u.urged_by.clone(),
            urged_at: t(u.urged_at),
        }
    }
}

/// A screening entry linked to a person.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkedScreeningJson {
    /// Id
    pub id: i64,
    /// 排查时间 (RFC 3339)
    pub screened_at: String,
    /// 反映问题
    pub problem: String,
}

/// 重点人员 — one person in full: the summary, the score explained, cases,
/// screening entries, the register's facts, contacts and 督办.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonDetailJson {
    /// The summary
    pub person: PersonSummaryJson,
    /// The score explained on one line: "近12个月信访3次 +30；曾赴市 +25"
    pub explained: String,
    /// Each reason with its points
    pub score_reasons: Vec<ReasonJson>,
    /// Their cases
    pub case_details: Vec<PersonCaseJson>,
    /// Linked screening entries the caller may see
    pub screenings: Vec<LinkedScreeningJson>,
    /// 越级去向 history, one a line ("2021-05-03 赴市")
    pub escalations: Vec<String>,
    /// 表示欲越级上访
    pub intends_to_escalate: bool,
    /// 表示的意图
    pub intention: Option<String>,
    /// 备注
    pub notes: String,
    /// 登记日期
    pub registered_on: String,
    /// 稳控联系, latest first
    pub contacts: Vec<ContactJson>,
    /// 督办, latest first
    pub urges: Vec<UrgeJson>,
    /// Version (send it back with an edit)
    pub version: i64,
}

impl PersonDetailJson {
    /// A person with their linked screening entries, contacts and 督办.
    pub fn of(
        s: &ScoredPerson,
        screenings: &[ScreeningRecord],
        contacts: &[ContactRecord],
        urges: &[UrgeRecord],
    ) -> Self {
        let p = &s.record.person;
        PersonDetailJson {
            person: PersonSummaryJson::from(s),
            explained: s.score.explained(),
            score_reasons: s
                .score
                .reasons
                .iter()
                .map(|r| ReasonJson {
                    text: r.text.clone(),
                    points: r.points,
                })
                .collect(),
            case_details: s
                .cases
                .iter()
                .map(|c| PersonCaseJson {
                    id: c.id,
                    number: c.number.clone(),
                    kind: c.kind.label().into(),
                    received_at: t(c.received_at),
                    dissatisfied: c.dissatisfied,
                    escalated_to: c.escalated_to.map(|e| e.label().into()),
                    overdue: c.overdue,
                })
                .collect(),
            screenings: screenings
                .iter()
                .map(|r| LinkedScreeningJson {
                    id: r.id,
                    screened_at: t(r.entry.screened_at),
                    problem: r.entry.problem.clone(),
                })
                .collect(),
            escalations: p.escalations.iter().map(ToString::to_string).collect(),
            intends_to_escalate: p.intends_to_escalate,
            intention: p.intention.clone(),
            notes: p.notes.clone(),
            registered_on: s.record.registered_on.to_string(),
            contacts: contacts.iter().map(ContactJson::from).collect(),
            urges: urges.iter().map(UrgeJson::from).collect(),
            version: s.record.version,
        }
    }
}

/// 系统提议 — someone proposed for the register.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProposalJson {
    /// The petitioner's id (the proposal's id in its routes)
    pub petitioner_id: i64,
    /// 姓名
    pub name: String,
    /// 乡镇 of their latest case
    pub township: String,
    /// Petitions within the window
    pub petitions: u32,
    /// Those cases
    pub cases: Vec<String>,
}

impl From<&PersonProposal> for ProposalJson {
    fn from(p: &PersonProposal) -> Self {
        ProposalJson {
            petitioner_id: p.petitioner_id,
            name: p.name.clone(),
            township: p.township.clone(),
            petitions: p.petitions,
            cases: p.case_numbers.clone(),
        }
    }
}

/// 到期联系 — a contact due.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DueContactJson {
    /// Person id
    pub person_id: i64,
    /// 姓名
    pub name: String,
    /// 乡镇
    pub township: String,
    /// The level duties follow
    pub level: String,
    /// 风险分
    pub risk_score: u32,
    /// 包保责任人
    pub guardian: Option<String>,
    /// 应联系日期
    pub due_on: String,
    /// 联系周期 explained
    pub rhythm: String,
    /// 已超期
    pub overdue: bool,
    /// 超期天数
    pub days_overdue: i64,
    /// 已督办
    pub urged: bool,
}

impl From<&DueContact> for DueContactJson {
    fn from(d: &DueContact) -> Self {
        DueContactJson {
            person_id: d.person_id,
            name: d.name.clone(),
            township: d.township.clone(),
            level: d.level.label().into(),
            risk_score: d.risk_score,
            guardian: d.guardian.clone(),
            due_on: d.due.due_on.to_string(),
            rhythm: d.due.rhythm.clone(),
            overdue: d.due.overdue,
            days_overdue: d.due.days_overdue,
            urged: d.urged,
        }
    }
}

/// 敏感节点 — one period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PeriodJson {
    /// Id
    pub id: i64,
    /// 名称
    pub name: String,
    /// 开始日期
    pub starts_on: String,
    /// 结束日期
    pub ends_on: String,
    /// 较大及以上重点人员每几天联系一次
    pub contact_every_days: u32,
    /// 说明
    pub note: String,
    /// Shipped with the system (else added by the district)
    pub seeded: bool,
    /// On today
    pub active: bool,
}

impl PeriodJson {
    /// A period as of `today`.
    pub fn of(p: &PeriodRecord, today: jiff::civil::Date) -> PeriodJson {
        PeriodJson {
            id: p.id,
            name: p.period.name.clone(),
            starts_on: p.period.starts_on.to_string(),
            ends_on: p.period.ends_on.to_string(),
            contact_every_days: p.period.contact_every_days,
            note: p.period.note.clone(),
            seeded: p.seeded,
            active: p.period.is_on(today),
        }
    }
}

/// 零报告 — one township's report for a day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ZeroReportJson {
    /// 乡镇 id
    pub township_id: i64,
    /// 乡镇
    pub township: String,
    /// 已报 / 迟报 / 未报
    pub state: String,
    /// 无异常 / 有情况, once reported
    pub outcome: Option<String>,
    /// 情况
    pub issues: Option<String>,
    /// When reported (RFC 3339)
    pub reported_at: Option<String>,
    /// By
    pub reported_by: Option<String>,
}

impl From<&ZeroReportRow> for ZeroReportJson {
    fn from(r: &ZeroReportRow) -> Self {
        ZeroReportJson {
            township_id: r.township_id,
            township: r.township.clone(),
            state: r.state.label().into(),
            outcome: r.outcome.map(|o| o.label().into()),
            issues: r.issues.clone(),
            reported_at: r.reported_at.map(t),
            reported_by: r.reported_by.clone(),
        }
    }
}

/// 零报告 of one day of a period: who reported and who has not.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ZeroSheetJson {
    /// Period id
    pub period_id: i64,
    /// 敏感节点
    pub period: String,
    /// 报告日期
    pub date: String,
    /// Townships reported (on time or late)
    pub reported: usize,
    /// Townships not reported
    pub not_reported: usize,
    /// Every township the caller reads
    pub townships: Vec<ZeroReportJson>,
}

/// The key persons' scoring rules file (`rules/key_persons.json`, or the
/// district's own), described for the API; the server reads it with
/// `RiskRules::parse`, which names every problem by its field.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RiskRulesFile {
    /// 标题
    pub title: String,
    /// 依据
    pub basis: Option<String>,
    /// 统计近几个月的信访 (1–60)
    pub window_months: u32,
    /// 近N个月信访次数: points each, capped
    pub petitions: PerCountFile,
    /// 重复访次数
    pub repeats: PerCountFile,
    /// 回访不满意次数
    pub dissatisfied: PerCountFile,
    /// 越级去向: the furthest counts
    pub escalated: EscalatedFile,
    /// 超期未办结案件
    pub overdue: PerCountFile,
    /// 表示欲越级上访
    pub intention: u32,
    /// 敏感节点临近
    pub period_ahead: PeriodAheadFile,
    /// 风险等级分界
    pub levels: LevelsFile,
    /// 默认联系周期（天）, 1–365
    pub contact_every_days: u32,
    /// 近N个月信访达此次数、尚未登记的，系统提议列为重点人员 (2–50)
    pub propose_at_petitions: u32,
}

/// Points per occurrence, capped.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PerCountFile {
    /// 每次分值
    pub each: u32,
    /// 封顶分值 (not below `each`)
    pub max: u32,
}

/// 越级去向 points.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EscalatedFile {
    /// 曾赴市
    pub city: u32,
    /// 曾赴省
    pub province: u32,
    /// 曾进京
    pub beijing: u32,
}

/// 敏感节点临近.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PeriodAheadFile {
    /// 分值
    pub points: u32,
    /// 提前天数 (0–90)
    pub days: u32,
}

/// 风险等级分界.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LevelsFile {
    /// 较大 from this score
    pub serious: u32,
    /// 重大 from this score (above `serious`)
    pub major: u32,
}
