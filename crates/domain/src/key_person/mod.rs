//! 重点人员 — key persons at risk of escalated petitions (越级访苗头): the
//! register entry and its pure parse, the scoring rules and the explained
//! risk score, and the 稳控 contacts with their rhythm.

pub mod contact;
pub mod rules;
pub mod score;
#[cfg(test)]
mod tests;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::accountability::{one_or_many, split_numbers};
use crate::errors::{FieldErrors, FieldReader};
use crate::ident::{PhoneNumber, ResidentId};
use crate::vocab::EscalatedTo;

pub use contact::{ContactInput, ContactMethod, ContactStatus, KeyPersonContact, contact_due};
pub use rules::RiskRules;
pub use score::{Reason, RiskScore, Signals};

/// 风险等级 — 一般 / 较大 / 重大, lightest first (the order compares): the
/// same grade a screening entry carries and 三级研判 sets.
pub use crate::risk_grade::RiskGrade as RiskLevel;

/// The most 越级去向 lines one register entry keeps.
const MAX_ESCALATIONS: usize = 30;
/// The most cases or screening entries one entry links explicitly.
const MAX_LINKS: usize = 50;

/// One past 越级访 of the person: where, and when if known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationVisit {
    /// 日期, when known.
    pub date: Option<Date>,
    /// 去向.
    pub to: EscalatedTo,
}

impl std::fmt::Display for EscalationVisit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.date {
            Some(d) => write!(f, "{d} {}", self.to.label()),
            None => f.write_str(self.to.label()),
        }
    }
}

/// 重点人员 as typed in the form or a JSON body: every field text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct KeyPersonInput {
    /// 姓名.
    pub name: String,
    /// 身份证号 (links the person's cases); optional. Sent back masked
    /// from the edit form, it keeps the stored number.
    pub id_number: String,
    /// 联系电话; optional, masked likewise.
    pub phone: String,
    /// 乡镇 (organisation id).
    pub township_id: String,
    /// 村/社区 (organisation id), optional.
    pub village_id: String,
    /// 越级去向 history, one a line: `2021-05-03 赴市`, or just `赴省`.
    pub escalations: String,
    /// 是否表示欲越级上访: 是/否.
    pub intends_to_escalate: String,
    /// 表示的意图 (what they said, where, when), optional.
    pub intention: String,
    /// 备注.
    pub notes: String,
    /// 包保责任人 as a user (id), optional.
    pub guardian_user_id: String,
    /// 包保责任人 as a name (when not a user), optional.
    pub guardian_name: String,
    /// 联系周期（天）; blank for the rules' default.
    pub contact_every_days: String,
    /// 关联案件: case numbers beyond those found by the ID number.
    #[serde(deserialize_with = "one_or_many")]
    pub cases: Vec<String>,
    /// 关联排查记录: screening entry ids.
    #[serde(deserialize_with = "one_or_many")]
    pub screenings: Vec<String>,
    /// The version the form was built from (edits).
    pub version: String,
}

/// 重点人员 — a register entry, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyPerson {
    /// 姓名.
    pub name: String,
    /// 身份证号.
    pub id_number: Option<ResidentId>,
    /// 联系电话.
    pub phone: Option<PhoneNumber>,
    /// 乡镇.
    pub township_id: i64,
    /// 村/社区.
    pub village_id: Option<i64>,
    /// 越级去向 history.
    pub escalations: Vec<EscalationVisit>,
    /// 表示欲越级上访.
    pub intends_to_escalate: bool,
    /// 表示的意图.
    pub intention: Option<String>,
    /// 备注.
    pub notes: String,
    /// 包保责任人 (user).
    pub guardian_user_id: Option<i64>,
    /// 包保责任人 (name, when not a user).
    pub guardian_name: Option<String>,
    /// 联系周期（天）; None for the rules' default.
    pub contact_every_days: Option<u32>,
    /// 关联案件 by number, each once.
    pub case_numbers: Vec<String>,
    /// 关联排查记录 ids, each once.
    pub screening_ids: Vec<i64>,
}

/// Read the 越级去向 lines: `[date] 去向` each (赴市/赴省/进京, or 市/省/京).
fn escalations(r: &mut FieldReader, text: &str, today: Date) -> Vec<EscalationVisit> {
    let mut out = Vec::new();
    for (i, line) in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let (date_part, to_part) = match line.split_once(char::is_whitespace) {
            Some((d, t)) if d.starts_with(|c: char| c.is_ascii_digit()) => (Some(d), t.trim()),
            _ => (None, line),
        };
        let to = match to_part {
            "市" => Some(EscalatedTo::City),
            "省" => Some(EscalatedTo::Province),
            "京" | "北京" => Some(EscalatedTo::Beijing),
            s => EscalatedTo::parse(s),
        };
        let date = date_part.and_then(|d| Date::strptime("%Y-%m-%d", d).ok());
        let n = i + 1;
        match to {
            None => r.errors.add(
                "escalations",
                "越级去向",
                format!("第{n}行“{line}”：去向应为赴市、赴省或进京"),
            ),
            Some(_) if date_part.is_some() && date.is_none() => r.errors.add(
                "escalations",
                "越级去向",
                format!("第{n}行“{line}”：日期应如 2021-05-03"),
            ),
            Some(_) if date.is_some_and(|d| d > today) => r.errors.add(
                "escalations",
                "越级去向",
                format!("第{n}行“{line}”：日期不能晚于今天"),
            ),
            Some(to) => out.push(EscalationVisit { date, to }),
        }
    }
    if out.len() > MAX_ESCALATIONS {
        r.errors.add(
            "escalations",
            "越级去向",
            format!("最多记录{MAX_ESCALATIONS}次"),
        );
    }
    out
}

impl KeyPersonInput {
    /// The form of a stored entry (ID number and phone masked).
    pub fn from_person(p: &KeyPerson, version: i64) -> KeyPersonInput {
        KeyPersonInput {
            name: p.name.clone(),
            id_number: p
                .id_number
                .as_ref()
                .map(ResidentId::masked)
                .unwrap_or_default(),
            phone: p
                .phone
                .as_ref()
                .map(PhoneNumber::masked)
                .unwrap_or_default(),
            township_id: p.township_id.to_string(),
            village_id: p.village_id.map(|v| v.to_string()).unwrap_or_default(),
            escalations: p
                .escalations
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            intends_to_escalate: if p.intends_to_escalate { "是" } else { "否" }.into(),
            intention: p.intention.clone().unwrap_or_default(),
            notes: p.notes.clone(),
            guardian_user_id: p
                .guardian_user_id
                .map(|v| v.to_string())
                .unwrap_or_default(),
            guardian_name: p.guardian_name.clone().unwrap_or_default(),
            contact_every_days: p
                .contact_every_days
                .map(|v| v.to_string())
                .unwrap_or_default(),
            cases: vec![p.case_numbers.join("，")],
            screenings: vec![
                p.screening_ids
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("，"),
            ],
            version: version.to_string(),
        }
    }

    /// Check every field; `today` bounds the 越级去向 dates. `keep` holds
    /// the stored ID number and phone: a field sent back as their masked
    /// form keeps them. Every problem is listed with its field.
    pub fn parse(
        &self,
        today: Date,
        keep: Option<(&Option<ResidentId>, &Option<PhoneNumber>)>,
    ) -> Result<KeyPerson, FieldErrors> {
        let mut r = FieldReader::default();
        let name = r.required_line("name", "姓名", &self.name, 30);
        let id_number = match (self.id_number.trim(), keep) {
            ("", _) => None,
            (s, Some((Some(old), _))) if s == old.masked() => Some(old.clone()),
            (s, _) => ResidentId::parse(s)
                .map_err(|e| r.errors.add("id_number", "身份证号", e.to_string()))
                .ok(),
        };
        let phone = match (self.phone.trim(), keep) {
            ("", _) => None,
            (s, Some((_, Some(old)))) if s == old.masked() => Some(old.clone()),
            (s, _) => PhoneNumber::parse(s)
                .map_err(|e| r.errors.add("phone", "联系电话", e.to_string()))
                .ok(),
        };
        let township_id = r.id("township_id", "乡镇", &self.township_id);
        let village_id = r.optional_id("village_id", "村/社区", &self.village_id);
        let escalations = escalations(&mut r, &self.escalations, today);
        let intends_to_escalate = r.flag(
            "intends_to_escalate",
            "是否表示欲越级上访",
            &self.intends_to_escalate,
        );
        let intention = r.optional("intention", "表示的意图", &self.intention, 500);
        let notes = r
            .optional("notes", "备注", &self.notes, 1000)
            .unwrap_or_default();
        let guardian_user_id =
            r.optional_id("guardian_user_id", "包保责任人", &self.guardian_user_id);
        let guardian_name =
            r.optional_line("guardian_name", "包保责任人姓名", &self.guardian_name, 30);
        let contact_every_days = match self.contact_every_days.trim() {
            "" => None,
            s => match s.parse::<u32>() {
                Ok(n) if (1..=365).contains(&n) => Some(n),
                _ => {
                    r.errors.add(
                        "contact_every_days",
                        "联系周期（天）",
                        format!("应为1至365的整数，而不是“{s}”"),
                    );
                    None
                }
            },
        };
        let case_numbers = split_numbers(&self.cases);
        if case_numbers.len() > MAX_LINKS {
            r.errors
                .add("cases", "关联案件", format!("最多关联{MAX_LINKS}件"));
        }
        let mut screening_ids = Vec::new();
        for s in split_numbers(&self.screenings) {
            match s.parse::<i64>() {
                Ok(n) if n > 0 => {
                    if !screening_ids.contains(&n) {
                        screening_ids.push(n);
                    }
                }
                _ => r.errors.add(
                    "screenings",
                    "关联排查记录",
                    format!("无效的排查记录编号“{s}”"),
                ),
            }
        }
        if screening_ids.len() > MAX_LINKS {
            r.errors.add(
                "screenings",
                "关联排查记录",
                format!("最多关联{MAX_LINKS}条"),
            );
        }
        let (Some(township_id), true) = (township_id, r.errors.is_empty()) else {
            return Err(r.errors);
        };
        Ok(KeyPerson {
            name,
            id_number,
            phone,
            township_id,
            village_id,
            escalations,
            intends_to_escalate,
            intention,
            notes,
            guardian_user_id,
            guardian_name,
            contact_every_days,
            case_numbers,
            screening_ids,
        })
    }
}

/// 处理提议 — a person's answer to the system's proposal to register someone.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProposalDecisionInput {
    /// 理由 (required to dismiss).
    pub reason: String,
}

impl ProposalDecisionInput {
    /// The reason, required when the proposal is dismissed.
    pub fn parse(&self, dismissing: bool) -> Result<Option<String>, FieldErrors> {
        let mut r = FieldReader::default();
        let reason = if dismissing {
            Some(r.required("reason", "不列入的理由", &self.reason, 500))
        } else {
            r.optional("reason", "理由", &self.reason, 500)
        };
        r.errors.into_result(reason)
    }
}
