//! 调解 — a mediation held on a case: its kind, when and where, who mediated
//! and who took part by role, and its outcome with the agreement reached.
//!
//! The plan: "统筹用好人民调解、行政调解、司法调解各方力量，积极引入专业律师、
//! 心理咨询师和'五老'人员等参与". A mediation is a record on the case, not a
//! handling step: it moves no clock and changes no state.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::clock::local_date;
use crate::errors::{FieldErrors, FieldReader};
use crate::labelled_enum;

labelled_enum! {
    /// 调解类型 — the three kinds of mediation the plan names.
    pub enum MediationKind {
        /// 人民调解 — by a people's mediation committee.
        People => ("people", "人民调解"),
        /// 行政调解 — by an administrative body.
        Administrative => ("administrative", "行政调解"),
        /// 司法调解 — by a court.
        Judicial => ("judicial", "司法调解"),
    }
}

labelled_enum! {
    /// 参与人员身份 — the roles the plan asks to bring in, and others.
    pub enum ParticipantRole {
        /// 专业律师.
        Lawyer => ("lawyer", "律师"),
        /// 心理咨询师.
        Counsellor => ("counsellor", "心理咨询师"),
        /// "五老"人员 (老干部、老战士、老专家、老教师、老模范).
        Elder => ("elder", "五老"),
        /// 村（社区）干部.
        VillageCadre => ("village_cadre", "村干部"),
        /// 其他参与人员.
        Other => ("other", "其他"),
    }
}

labelled_enum! {
    /// 调解结果.
    pub enum MediationOutcome {
        /// 达成协议 — an agreement was reached (its text is required).
        Agreed => ("agreed", "达成协议"),
        /// 未达成 — no agreement.
        NotAgreed => ("not_agreed", "未达成"),
    }
}

/// One person who took part, by role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Their role.
    pub role: ParticipantRole,
    /// Their name.
    pub name: String,
}

/// The mediation form as typed. Names in a list field are separated by
/// 、，, ; or spaces.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MediationInput {
    /// 调解类型: 人民调解, 行政调解 or 司法调解 (or people/administrative/judicial).
    pub kind: String,
    /// 调解日期 (date, or date and time).
    pub date: String,
    /// 调解地点.
    pub place: String,
    /// 调解员: one or more names.
    pub mediators: String,
    /// 参与律师: names.
    pub lawyers: String,
    /// 参与心理咨询师: names.
    pub counsellors: String,
    /// 参与"五老"人员: names.
    pub elders: String,
    /// 参与村干部: names.
    pub village_cadres: String,
    /// 其他参与人员: names.
    pub others: String,
    /// 调解结果: 达成协议 or 未达成 (or agreed/not_agreed).
    pub outcome: String,
    /// 协议内容: required when 达成协议.
    pub agreement: String,
    /// 签字协议书: the id of one of the case's attachments, optional.
    pub attachment_id: String,
}

/// A checked mediation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mediation {
    /// 调解类型.
    pub kind: MediationKind,
    /// When it was held.
    pub at: Timestamp,
    /// 调解地点.
    pub place: String,
    /// 调解员.
    pub mediators: Vec<String>,
    /// 参与人员 by role, in the roles' order.
    pub participants: Vec<Participant>,
    /// 调解结果.
    pub outcome: MediationOutcome,
    /// 协议内容 (only with 达成协议).
    pub agreement: Option<String>,
    /// 签字协议书 (the caller checks it belongs to the case).
    pub attachment_id: Option<i64>,
}

/// The most names one list field holds, and the longest name.
const MAX_NAMES: usize = 20;
const MAX_NAME: usize = 30;

/// Split a list of names on 、，, ; and spaces; each name one line of at most
/// [`MAX_NAME`] characters, at most [`MAX_NAMES`] of them.
fn names(r: &mut FieldReader, field: &str, label: &str, value: &str) -> Vec<String> {
    let list: Vec<String> = value
        .split(['、', '，', ',', '；', ';', ' ', '\u{3000}', '\n', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if list.len() > MAX_NAMES {
        r.errors.add(field, label, format!("最多填写{MAX_NAMES}人"));
    }
    for name in &list {
        let before = r.errors.0.len();
        r.required_line(field, label, name, MAX_NAME);
        if r.errors.0.len() > before {
            break;
        }
    }
    list
}

impl MediationInput {
    /// Check the form: kind, date, place, at least one mediator and the
    /// outcome are required; the agreement's text with 达成协议 (and none
    /// without); the date may not lie after `now` (ten minutes' grace) nor
    /// before the case was received.
    pub fn parse(&self, received_at: Timestamp, now: Timestamp) -> Result<Mediation, FieldErrors> {
        let mut r = FieldReader::default();
        let kind = r.choice("kind", "调解类型", &self.kind, MediationKind::parse);
        let at = r.time("date", "调解日期", &self.date);
        let at = r.not_too_old("date", "调解日期", at);
        if at.is_some_and(|t| t > now + jiff::SignedDuration::from_mins(10)) {
            r.errors.add("date", "调解日期", "不能晚于当前时间");
        }
        if at.is_some_and(|t| local_date(t) < local_date(received_at)) {
            r.errors.add("date", "调解日期", "不能早于案件的接待日期");
        }
        let place = r.required_line("place", "调解地点", &self.place, 100);
        let mediators = names(&mut r, "mediators", "调解员", &self.mediators);
        if self.mediators.trim().is_empty() {
            r.errors.add("mediators", "调解员", "不能为空");
        }
        let mut participants = Vec::new();
        for (role, field, value) in [
            (ParticipantRole::Lawyer, "lawyers", &self.lawyers),
            (
                ParticipantRole::Counsellor,
                "counsellors",
                &self.counsellors,
            ),
            (ParticipantRole::Elder, "elders", &self.elders),
            (
                ParticipantRole::VillageCadre,
                "village_cadres",
                &self.village_cadres,
            ),
            (ParticipantRole::Other, "others", &self.others),
        ] {
            let label = format!("参与人员（{}）", role.label());
            participants.extend(
                names(&mut r, field, &label, value)
                    .into_iter()
                    .map(|name| Participant { role, name }),
            );
        }
        let outcome = r.choice(
            "outcome",
            "调解结果",
            &self.outcome,
            MediationOutcome::parse,
        );
        let agreement = r.optional("agreement", "协议内容", &self.agreement, 4000);
        match (outcome, &agreement) {
            (Some(MediationOutcome::Agreed), None) => {
                r.errors
                    .add("agreement", "协议内容", "达成协议时必须填写协议内容");
            }
            (Some(MediationOutcome::NotAgreed), Some(_)) => {
                r.errors
                    .add("agreement", "协议内容", "未达成协议时不应填写协议内容");
            }
            _ => {}
        }
        let attachment_id = r.optional_id("attachment_id", "签字协议书", &self.attachment_id);
        if attachment_id.is_some() && outcome == Some(MediationOutcome::NotAgreed) {
            r.errors
                .add("attachment_id", "签字协议书", "未达成协议时没有协议书");
        }
        match (kind, at, outcome) {
            (Some(kind), Some(at), Some(outcome)) if r.errors.is_empty() => Ok(Mediation {
                kind,
                at,
                place,
                mediators,
                participants,
                outcome,
                agreement,
                attachment_id,
            }),
            _ => Err(r.errors),
        }
    }
}

impl Mediation {
    /// The timeline sentence: "人民调解（2022-10-12 09:00，村委会）：达成协议".
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{}（{}，{}）：调解员 {}",
            self.kind.label(),
            crate::clock::format_local(self.at),
            self.place,
            self.mediators.join("、")
        );
        if !self.participants.is_empty() {
            let people: Vec<String> = self
                .participants
                .iter()
                .map(|p| format!("{}{}", p.role.label(), p.name))
                .collect();
            s.push_str(&format!("；参与 {}", people.join("、")));
        }
        s.push_str(&format!("；{}", self.outcome.label()));
        if let Some(a) = &self.agreement {
            s.push_str(&format!("：{a}"));
        }
        s
    }
}

#[cfg(test)]
#[path = "mediation_tests.rs"]
mod tests;
