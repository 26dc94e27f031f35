//! 更正登记信息 — correcting what was entered at registration: the input
//! (the fields given change, the others keep the case's values), its parse
//! by registration's own field rules, and what changed, as the timeline
//! shows it (personal data masked).

use std::collections::BTreeSet;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::case::{Case, NewCase, NewPetitioner, RegistrationInput};
use crate::clock::{format_local, to_local};
use crate::errors::{FieldErrors, FieldReader};
use crate::ident::mask_address;
use crate::vocab::CaseKind;

/// Registration fields a correction may not change: whether the case
/// repeats an earlier one was the registrant's decision, kept as given.
pub const NOT_CORRECTABLE: [(&str, &str); 2] = [
    ("related_case_id", "关联案件"),
    ("repeat_decision", "重复访判定"),
];

/// The longest 更正理由, in characters.
pub const REASON_MAX: usize = 1000;

/// 更正登记信息 as typed: registration fields (as text, as the
/// registration form names them), which of them were given, and the reason.
#[derive(Debug, Clone, Default)]
pub struct CorrectionInput {
    /// The registration fields as typed; only those in `given` count.
    pub registration: RegistrationInput,
    /// The fields given; a field left out keeps the case's value.
    pub given: BTreeSet<String>,
    /// 更正理由 (required).
    pub note: String,
}

/// A checked correction, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// The registration as corrected.
    pub new: NewCase,
    /// 更正理由
    pub reason: String,
}

/// One field a correction changed, as people read it (personal data masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The registration field's name (`category`, `petitioner_phone` …).
    pub field: String,
    /// Its Chinese label.
    pub label: String,
    /// Before, as shown.
    pub before: String,
    /// After, as shown.
    pub after: String,
}

impl CorrectionInput {
    /// Check the correction of `current`: the reason, which fields may be
    /// corrected, then the corrected registration by the registration
    /// form's own rules. A value sent back as the page shows it (a masked
    /// ID number, phone or address; a time to the minute) keeps the stored
    /// one. A correction that changes nothing is refused.
    pub fn parse(&self, current: &Case) -> Result<Correction, FieldErrors> {
        let mut r = FieldReader::default();
        let reason = r.required("note", "更正理由", &self.note, REASON_MAX);
        let known = field_names();
        for field in &self.given {
            if let Some((_, label)) = NOT_CORRECTABLE.iter().find(|(k, _)| k == field) {
                r.errors.add(
                    field,
                    label,
                    "是登记时的重复访判定，不能更正；如有错误请在备注中说明",
                );
            } else if !known.contains(field) {
                r.errors.add(field, field, "不是登记信息的字段");
            }
        }
        let merged = self.merged(current);
        let new = match merged.parse() {
            Ok(mut new) => {
                keep_minute(&mut new.received_at, current.received_at);
                if let (Some(n), Some(c)) = (new.online.as_mut(), current.online.as_ref()) {
                    keep_minute_opt(&mut n.posted_at, c.posted_at);
                    keep_minute_opt(&mut n.discovered_at, c.discovered_at);
                }
                new.related_case_id = current.related_case_id;
                Some(new)
            }
            Err(e) => {
                r.errors.0.extend(e.0);
                None
            }
        };
        match new {
            Some(new) if r.errors.is_empty() => {
                if changes(current, &new, &|id| id.to_string()).is_empty() {
                    r.errors
                        .add("registration", "登记信息", "没有更改任何登记信息");
                    return Err(r.errors);
                }
                Ok(Correction { new, reason })
            }
            _ => Err(r.errors),
        }
    }

    /// The case's registration with the given fields laid over it.
    fn merged(&self, current: &Case) -> RegistrationInput {
        let mut base = to_map(&RegistrationInput::of_case(current));
        let shown = to_map(&RegistrationInput::of_case_masked(current));
        let typed = to_map(&self.registration);
        for field in &self.given {
            if NOT_CORRECTABLE.iter().any(|(k, _)| k == field) {
                continue;
            }
            let Some(value) = typed.get(field) else {
                continue;
            };
            // Sent back as the page shows it: unchanged (keeps the full value).
            if shown.get(field).and_then(|v| v.as_str()).map(str::trim)
                == value.as_str().map(str::trim)
            {
                continue;
            }
            base.insert(field.clone(), value.clone());
        }
        // A case corrected away from 网络舆情 sheds its 舆情等级 unless one
        // was typed (then registration's rule refuses it, naming the field).
        let online = base
            .get("kind")
            .and_then(|v| v.as_str())
            .and_then(CaseKind::parse)
            == Some(CaseKind::OnlineOpinion);
        if !online && !self.given.contains("severity") {
            base.insert("severity".into(), serde_json::Value::String(String::new()));
        }
        serde_json::from_value(serde_json::Value::Object(base)).unwrap_or_default()
    }
}

fn to_map(input: &RegistrationInput) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(input) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// The registration form's field names.
pub fn field_names() -> BTreeSet<String> {
    to_map(&RegistrationInput::default())
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

/// A time typed to the minute that falls in the stored time's minute is the stored time.
fn keep_minute(new: &mut Timestamp, stored: Timestamp) {
    let minute = |t: Timestamp| to_local(t).strftime("%Y-%m-%d %H:%M").to_string();
    if to_local(*new).second() == 0
        && to_local(*new).subsec_nanosecond() == 0
        && minute(*new) == minute(stored)
    {
        *new = stored;
    }
}

fn keep_minute_opt(new: &mut Option<Timestamp>, stored: Option<Timestamp>) {
    if let (Some(n), Some(s)) = (new.as_mut(), stored) {
        keep_minute(n, s);
    }
}

impl NewCase {
    /// The registration of a stored case, as it would be entered again.
    pub fn of_case(c: &Case) -> NewCase {
        NewCase {
            kind: c.kind,
            channel: c.channel,
            source_level: c.source_level,
            key_assigned: c.key_assigned,
            received_at: c.received_at,
            township_id: c.township_id,
            village_id: c.village_id,
            summary: c.summary.clone(),
            category: c.category,
            petitioner: c.petitioner.as_ref().map(|p| NewPetitioner {
                name: p.name.clone(),
                id_number: p.id_number.clone(),
                phone: p.phone.clone(),
                address: p.address.clone(),
                poverty_status: p.poverty_status,
            }),
            companions: c.companions.clone(),
            online: c.online.clone(),
            backlog: c.backlog,
            backlog_reason: c.backlog_reason.clone(),
            remarks: c.remarks.clone(),
            related_case_id: c.related_case_id,
            escalated_to: c.escalated_to,
            repeat: None,
        }
    }
}

impl RegistrationInput {
    /// The registration of `case` as its form carries it, personal data in full.
    pub fn of_case(case: &Case) -> RegistrationInput {
        form_of(&NewCase::of_case(case), false)
    }

    /// The same with personal data masked, as every page shows it: a
    /// correction form sent back with a value unchanged keeps the stored one.
    pub fn of_case_masked(case: &Case) -> RegistrationInput {
        form_of(&NewCase::of_case(case), true)
    }
}

fn yes_no(v: bool) -> String {
    if v { "是" } else { "否" }.to_string()
}

/// `2022-09-26T09:10`, the value of a `datetime-local` input.
fn form_time(t: Timestamp) -> String {
    to_local(t).strftime("%Y-%m-%dT%H:%M").to_string()
}

fn form_of(n: &NewCase, masked: bool) -> RegistrationInput {
    let p = n.petitioner.as_ref();
    let online = n.online.clone().unwrap_or_default();
    RegistrationInput {
        kind: n.kind.as_str().into(),
        channel: n.channel.as_str().into(),
        source_level: n.source_level.as_str().into(),
        key_assigned: yes_no(n.key_assigned),
        received_at: form_time(n.received_at),
        township_id: n.township_id.to_string(),
        village_id: n.village_id.map(|v| v.to_string()).unwrap_or_default(),
        summary: n.summary.clone(),
        category: n.category.as_str().into(),
        petitioner_name: p.map(|p| p.name.clone()).unwrap_or_default(),
        petitioner_id_number: p
            .and_then(|p| p.id_number.as_ref())
            .map(|i| {
                if masked {
                    i.masked()
                } else {
                    i.as_str().into()
                }
            })
            .unwrap_or_default(),
        petitioner_phone: p
            .and_then(|p| p.phone.as_ref())
            .map(|x| if masked { x.masked() } else { x.to_string() })
            .unwrap_or_default(),
        petitioner_address: p
            .and_then(|p| p.address.as_deref())
            .map(|a| if masked { mask_address(a) } else { a.into() })
            .unwrap_or_default(),
        poverty_status: p
            .map(|p| p.poverty_status.as_str().into())
            .unwrap_or_default(),
        companions: n.companions.join("、"),
        platform: online.platform.unwrap_or_default(),
        link: online.link.unwrap_or_default(),
        poster: online.poster.unwrap_or_default(),
        posted_at: online.posted_at.map(form_time).unwrap_or_default(),
        discovered_at: online.discovered_at.map(form_time).unwrap_or_default(),
        reach: online.reach.unwrap_or_default(),
        severity: online
            .severity
            .map(|v| v.as_str().into())
            .unwrap_or_default(),
        backlog: yes_no(n.backlog),
        backlog_reason: n.backlog_reason.clone().unwrap_or_default(),
        remarks: n.remarks.clone().unwrap_or_default(),
        escalated_to: n
            .escalated_to
            .map(|e| e.as_str().into())
            .unwrap_or_default(),
        related_case_id: n.related_case_id.map(|v| v.to_string()).unwrap_or_default(),
        repeat_decision: String::new(),
    }
}

/// One registration field: its value to compare, and as shown.
struct Entry {
    field: &'static str,
    label: &'static str,
    value: String,
    shown: String,
}

/// Longest text shown on each side of a change; the audit row keeps it whole.
const SHOWN_MAX: usize = 60;

fn shown_text(s: &str) -> String {
    if s.chars().count() > SHOWN_MAX {
        s.chars().take(SHOWN_MAX).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}

fn entries(n: &NewCase, place_name: &dyn Fn(i64) -> String) -> Vec<Entry> {
    let plain = |field, label, value: String| Entry {
        field,
        label,
        shown: shown_text(&value),
        value,
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let time = |t: Option<Timestamp>| Entry {
        field: "",
        label: "",
        value: t.map(|t| t.to_string()).unwrap_or_default(),
        shown: t.map(format_local).unwrap_or_default(),
    };
    let p = n.petitioner.as_ref();
    let o = n.online.clone().unwrap_or_default();
    let mut e = vec![
        plain("kind", "信访类型", n.kind.label().into()),
        plain("channel", "信访渠道", n.channel.label().into()),
        plain("source_level", "来源层级", n.source_level.label().into()),
        plain("key_assigned", "是否重点交办", yes_no(n.key_assigned)),
        Entry {
            field: "received_at",
            label: "接待日期",
            ..time(Some(n.received_at))
        },
        Entry {
            field: "township_id",
            label: "问题所属乡镇",
            value: n.township_id.to_string(),
            shown: place_name(n.township_id),
        },
        Entry {
            field: "village_id",
            label: "村/社区",
            value: n.village_id.map(|v| v.to_string()).unwrap_or_default(),
            shown: n.village_id.map(place_name).unwrap_or_default(),
        },
        plain("category", "问题类别", n.category.label().into()),
        plain("summary", "反映问题", n.summary.clone()),
        plain(
            "escalated_to",
            "越级去向",
            n.escalated_to
                .map(|x| x.label().to_string())
                .unwrap_or_default(),
        ),
        plain(
            "petitioner_name",
            "信访人姓名",
            p.map(|p| p.name.clone()).unwrap_or_default(),
        ),
        Entry {
            field: "petitioner_id_number",
            label: "身份证号",
            value: p
                .and_then(|p| p.id_number.as_ref())
                .map(|i| i.as_str().to_string())
                .unwrap_or_default(),
            shown: p
                .and_then(|p| p.id_number.as_ref())
                .map(|i| i.masked())
                .unwrap_or_default(),
        },
        Entry {
            field: "petitioner_phone",
            label: "联系电话",
            value: p
                .and_then(|p| p.phone.as_ref())
                .map(|x| x.to_string())
                .unwrap_or_default(),
            shown: p
                .and_then(|p| p.phone.as_ref())
                .map(|x| x.masked())
                .unwrap_or_default(),
        },
        Entry {
            field: "petitioner_address",
            label: "住址",
            value: p.and_then(|p| p.address.clone()).unwrap_or_default(),
            shown: p
                .and_then(|p| p.address.as_deref())
                .map(mask_address)
                .unwrap_or_default(),
        },
        plain(
            "poverty_status",
            "是否脱贫户（监测对象）",
            p.map(|p| p.poverty_status.label().to_string())
                .unwrap_or_default(),
        ),
        plain("companions", "随访人姓名", n.companions.join("、")),
        plain("platform", "平台", opt(&o.platform)),
        plain("link", "链接", opt(&o.link)),
        plain("poster", "发帖人", opt(&o.poster)),
        Entry {
            field: "posted_at",
            label: "发帖时间",
            ..time(o.posted_at)
        },
        Entry {
            field: "discovered_at",
            label: "发现时间",
            ..time(o.discovered_at)
        },
        plain("reach", "传播范围", opt(&o.reach)),
        plain(
            "severity",
            "舆情等级",
            o.severity
                .map(|v| v.label().to_string())
                .unwrap_or_default(),
        ),
        plain("backlog", "是否积案", yes_no(n.backlog)),
        plain("backlog_reason", "积案原因", opt(&n.backlog_reason)),
        plain("remarks", "备注", opt(&n.remarks)),
    ];
    for entry in &mut e {
        if entry.shown.is_empty() {
            entry.shown = "（空）".into();
        }
    }
    e
}

/// The fields `new` changes in `current`, in the form's order, as people
/// read them: personal data masked, long text cut short. `place_name`
/// names a township or village by id.
pub fn changes(
    current: &Case,
    new: &NewCase,
    place_name: &dyn Fn(i64) -> String,
) -> Vec<FieldChange> {
    let before = entries(&NewCase::of_case(current), place_name);
    let after = entries(new, place_name);
    before
        .into_iter()
        .zip(after)
        .filter(|(b, a)| b.value != a.value)
        .map(|(b, a)| FieldChange {
            field: b.field.into(),
            label: b.label.into(),
            before: b.shown,
            after: a.shown,
        })
        .collect()
}

/// The timeline sentence of a correction.
pub fn sentence(changes: &[FieldChange], reason: &str) -> String {
    let parts: Vec<String> = changes
        .iter()
        .map(|c| format!("{}：{} → {}", c.label, c.before, c.after))
        .collect();
    format!("更正登记信息：{}。更正理由：{reason}", parts.join("；"))
}

/// Whether a change moves the case's clocks (信访类型 or 接待日期): its milestones are recomputed.
pub fn moves_clocks(changes: &[FieldChange]) -> bool {
    changes
        .iter()
        .any(|c| c.field == "kind" || c.field == "received_at")
}

#[cfg(test)]
#[path = "correction_tests.rs"]
mod tests;
