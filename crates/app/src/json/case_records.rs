//! A case's records of resolution as JSON: its mediations (调解) and its
//! verifications (实地跟踪核查), each with its rectification and answer.

use serde::Serialize;
use xinfang_store::{MediationRecord, VerificationRecord};

use super::t;
use crate::views::MilestoneView;

/// A participant in a mediation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ParticipantJson {
    /// 身份: 律师, 心理咨询师, 五老, 村干部 or 其他
    pub role: String,
    /// 姓名
    pub name: String,
}

/// A mediation (调解) on a case.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MediationJson {
    /// Id.
    pub id: i64,
    /// 调解类型: 人民调解, 行政调解 or 司法调解
    pub kind: String,
    /// 调解日期, RFC 3339 with +08:00
    pub date: String,
    /// 调解地点
    pub place: String,
    /// 调解员
    pub mediators: Vec<String>,
    /// 参与人员 by role
    pub participants: Vec<ParticipantJson>,
    /// 调解结果: 达成协议 or 未达成
    pub outcome: String,
    /// 协议内容 (with 达成协议)
    pub agreement: Option<String>,
    /// 签字协议书: attachment id (download at `/api/v1/attachments/{id}`)
    pub attachment_id: Option<i64>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When it was entered, RFC 3339 with +08:00
    pub recorded_at: String,
}

impl From<&MediationRecord> for MediationJson {
    fn from(r: &MediationRecord) -> Self {
        let m = &r.mediation;
        MediationJson {
            id: r.id,
            kind: m.kind.label().into(),
            date: t(m.at),
            place: m.place.clone(),
            mediators: m.mediators.clone(),
            participants: m
                .participants
                .iter()
                .map(|p| ParticipantJson {
                    role: p.role.label().into(),
                    name: p.name.clone(),
                })
                .collect(),
            outcome: m.outcome.label().into(),
            agreement: m.agreement.clone(),
            attachment_id: m.attachment_id,
            recorded_by: r.recorded_by.clone(),
            recorded_at: t(r.recorded_at),
        }
    }
}

/// The unit's 整改情况.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RectificationAnswerJson {
    /// 整改完成时间, RFC 3339 with +08:00
    pub date: String,
    /// 整改情况
    pub text: String,
    /// 佐证材料: attachment id
    pub attachment_id: Option<i64>,
    /// Who answered.
    pub answered_by: Option<String>,
}

/// The rectification a 需整改 verdict demanded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RectificationJson {
    /// 整改要求
    pub demand: String,
    /// 整改期限, `YYYY-MM-DD` (due at 24:00)
    pub due: String,
    /// 整改单位: the case's 责任单位 when it was demanded
    pub unit: Option<String>,
    /// Its organisation id (for a 问责 against it: `/accountability?to=`)
    pub unit_id: Option<i64>,
    /// Its clock's state now: 进行中, 临期预警, 已超期, 按期完成 or 逾期完成
    pub state: Option<String>,
    /// The unit's answer, null until it answers.
    pub answer: Option<RectificationAnswerJson>,
}

/// A verification (实地跟踪核查) on a case.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VerificationJson {
    /// Id; answer its rectification at
    /// `/api/v1/cases/{case}/verifications/{id}/rectification`.
    pub id: i64,
    /// 核查日期, RFC 3339 with +08:00
    pub date: String,
    /// 核查方式: 实地, 入户 or 电话
    pub method: String,
    /// 核查情况
    pub findings: String,
    /// 核查结论: 属实已解决, 未化解 or 需整改
    pub verdict: String,
    /// With 需整改: the rectification, its clock and its answer.
    pub rectification: Option<RectificationJson>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When it was entered, RFC 3339 with +08:00
    pub recorded_at: String,
}

impl VerificationJson {
    /// A verification with its 整改 clock among the case's `milestones`.
    pub fn new(r: &VerificationRecord, milestones: &[MilestoneView]) -> VerificationJson {
        let v = &r.verification;
        let key = xinfang_domain::verification::rectification_key(r.id);
        VerificationJson {
            id: r.id,
            date: t(v.at),
            method: v.method.label().into(),
            findings: v.findings.clone(),
            verdict: v.verdict.label().into(),
            rectification: v.rectification.as_ref().map(|d| RectificationJson {
                demand: d.demand.clone(),
                due: d.due_on.to_string(),
                unit: r.rectification_unit.clone(),
                unit_id: r.rectification_unit_id,
                state: milestones
                    .iter()
                    .find(|m| m.key == key)
                    .map(|m| m.state.to_string()),
                answer: r.answer.as_ref().map(|a| RectificationAnswerJson {
                    date: t(a.at),
                    text: a.text.clone(),
                    attachment_id: a.attachment_id,
                    answered_by: r.answered_by.clone(),
                }),
            }),
            recorded_by: r.recorded_by.clone(),
            recorded_at: t(r.recorded_at),
        }
    }
}

/// 待整改: an open rectification with its case.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OpenRectificationJson {
    /// Case id.
    pub case_id: i64,
    /// 信访件编号
    pub case_number: String,
    /// The verification with its rectification.
    pub verification: VerificationJson,
}
