//! 问责 — an accountability action the district takes against a unit (and a
//! person in it) after a 通报 or a 需整改 verdict, and its pure parse.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::case_ledger::day;
use crate::errors::{FieldErrors, FieldReader};
use crate::labelled_enum;

labelled_enum! {
    /// 问责方式 — the five forms the district uses, lightest first.
    pub enum AccountabilityKind {
        /// 约谈 — a talk with the unit's leaders; often without a document.
        Interview => ("interview", "约谈"),
        /// 通报批评 — criticised in a circulated notice.
        Criticism => ("criticism", "通报批评"),
        /// 责令检查 — ordered to submit a written self-examination.
        SelfExamination => ("self_examination", "责令检查"),
        /// 诫勉 — a formal admonition of the person.
        Admonition => ("admonition", "诫勉"),
        /// 移交纪检监察 — handed to the discipline inspection and supervision organs.
        Referral => ("referral", "移交纪检监察"),
    }
}

labelled_enum! {
    /// 问责依据 — what led to the action.
    pub enum AccountabilityBasis {
        /// 超期通报 — the sweeper's 通报 of a milestone five working days overdue.
        Bulletin => ("bulletin", "超期通报"),
        /// 核查需整改 — an on-site verification found the case 需整改.
        Rectification => ("rectification", "核查需整改"),
        /// 其他 — the reason says what.
        Other => ("other", "其他"),
    }
}

/// A list field that also takes one text (a JSON string, or a form's one
/// field): `"XF-1, XF-2"` reads as `["XF-1, XF-2"]`, split later.
pub fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// The most cases one action may name.
pub const MAX_LINKED_CASES: usize = 50;

/// 问责 as typed in the form or a JSON body: every field text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AccountabilityInput {
    /// 被问责单位 (organisation id).
    pub unit_id: String,
    /// 被问责人 (name and post), blank when the unit as a whole is held to account.
    pub person: String,
    /// 问责方式: 约谈, 通报批评, 责令检查, 诫勉 or 移交纪检监察 (label or key).
    pub kind: String,
    /// 问责依据: 超期通报, 核查需整改 or 其他 (label or key).
    pub basis: String,
    /// 问责事由.
    pub reason: String,
    /// 问责日期, `2022-10-20`.
    pub date: String,
    /// 文号 (e.g. 建安巩固脱贫组办〔2022〕9号); may be blank only for 约谈.
    pub document_number: String,
    /// 关联案件: case numbers, one an item or several separated by commas, spaces or lines.
    #[serde(deserialize_with = "one_or_many")]
    pub cases: Vec<String>,
}

/// 问责 — one accountability action, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accountability {
    /// 被问责单位.
    pub unit_id: i64,
    /// 被问责人.
    pub person: Option<String>,
    /// 问责方式.
    pub kind: AccountabilityKind,
    /// 问责依据.
    pub basis: AccountabilityBasis,
    /// 问责事由.
    pub reason: String,
    /// 问责日期.
    pub date: Date,
    /// 文号.
    pub document_number: Option<String>,
    /// 关联案件 by number, each once, in the order typed.
    pub case_numbers: Vec<String>,
}

/// Case numbers from the typed items: split at commas (，、,), semicolons,
/// spaces and lines; each kept once.
pub fn split_numbers(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        for n in item.split(|c: char| c.is_whitespace() || ",，、;；".contains(c)) {
            let n = n.trim();
            if !n.is_empty() && !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        }
    }
    out
}

impl AccountabilityInput {
    /// Check every field; `today` bounds the date (an action is recorded
    /// after it was taken). Every problem is listed with its field.
    pub fn parse(&self, today: Date) -> Result<Accountability, FieldErrors> {
        let mut r = FieldReader::default();
        let unit_id = r.id("unit_id", "被问责单位", &self.unit_id);
        let person = r.optional_line("person", "被问责人", &self.person, 50);
        let kind = r.choice("kind", "问责方式", &self.kind, AccountabilityKind::parse);
        let basis = r.choice("basis", "问责依据", &self.basis, AccountabilityBasis::parse);
        let reason = r.required("reason", "问责事由", &self.reason, 1000);
        let date = if self.date.trim().is_empty() {
            r.errors.add("date", "问责日期", "不能为空");
            None
        } else {
            day(&mut r, "date", "问责日期", &self.date)
        };
        if let Some(d) = date {
            if d > today {
                r.errors.add("date", "问责日期", "不能晚于今天");
            } else if d.year() < 2000 {
                r.errors.add("date", "问责日期", "不能早于2000年1月1日");
            }
        }
        let document_number = r.optional_line("document_number", "文号", &self.document_number, 60);
        if document_number.is_none() && kind.is_some_and(|k| k != AccountabilityKind::Interview) {
            r.errors
                .add("document_number", "文号", "除约谈外，问责应有文号");
        }
        if matches!(kind, Some(AccountabilityKind::Admonition)) && person.is_none() {
            r.errors
                .add("person", "被问责人", "诫勉针对个人，请填写被问责人");
        }
        let case_numbers = split_numbers(&self.cases);
        if case_numbers.is_empty() {
            r.errors.add("cases", "关联案件", "至少关联一件案件");
        } else if case_numbers.len() > MAX_LINKED_CASES {
            r.errors.add(
                "cases",
                "关联案件",
                format!("一次最多关联{MAX_LINKED_CASES}件案件"),
            );
        } else if let Some(long) = case_numbers.iter().find(|n| n.chars().count() > 40) {
            r.errors.add(
                "cases",
                "关联案件",
                format!("案件编号过长“{}”", crate::errors::printable(long)),
            );
        }
        match (unit_id, kind, basis, date) {
            (Some(unit_id), Some(kind), Some(basis), Some(date)) if r.errors.is_empty() => {
                Ok(Accountability {
                    unit_id,
                    person,
                    kind,
                    basis,
                    reason,
                    date,
                    document_number,
                    case_numbers,
                })
            }
            _ => Err(r.errors),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn today() -> Date {
        Date::constant(2022, 10, 20)
    }

    fn good() -> AccountabilityInput {
        AccountabilityInput {
            unit_id: "7".into(),
            person: "王某（副镇长）".into(),
            kind: "通报批评".into(),
            basis: "bulletin".into(),
            reason: "联系信访人超期5个工作日被通报".into(),
            date: "2022-10-18".into(),
            document_number: "建安巩固脱贫组办〔2022〕9号".into(),
            cases: vec!["XF2022-0001，XF2022-0002".into(), "XF2022-0001".into()],
        }
    }

    #[test]
    fn a_good_action_keeps_each_case_once_in_order() {
        let a = good().parse(today()).unwrap();
        assert_eq!(a.unit_id, 7);
        assert_eq!(a.kind, AccountabilityKind::Criticism);
        assert_eq!(a.basis, AccountabilityBasis::Bulletin);
        assert_eq!(a.date, Date::constant(2022, 10, 18));
        assert_eq!(a.case_numbers, ["XF2022-0001", "XF2022-0002"]);
    }

    #[test]
    fn an_interview_needs_no_document_but_the_others_do() {
        let talk = AccountabilityInput {
            kind: "约谈".into(),
            document_number: " ".into(),
            ..good()
        };
        assert_eq!(talk.parse(today()).unwrap().document_number, None);
        let e = AccountabilityInput {
            document_number: String::new(),
            ..good()
        }
        .parse(today())
        .unwrap_err();
        assert!(e.has("document_number"), "{e}");
        let e = AccountabilityInput {
            kind: "诫勉".into(),
            person: String::new(),
            ..good()
        }
        .parse(today())
        .unwrap_err();
        assert!(e.has("person"), "{e}");
    }

    #[test]
    fn every_bad_field_is_named() {
        let e = AccountabilityInput {
            unit_id: "x".into(),
            kind: "开除".into(),
            basis: String::new(),
            reason: " ".into(),
            date: "2022-10-21".into(),
            cases: vec![" ， ".into()],
            ..good()
        }
        .parse(today())
        .unwrap_err();
        for f in ["unit_id", "kind", "basis", "reason", "date", "cases"] {
            assert!(e.has(f), "{f} not named: {e}");
        }
        let e = AccountabilityInput {
            date: "10/18/2022".into(),
            ..good()
        }
        .parse(today())
        .unwrap_err();
        assert!(e.to_string().contains("问责日期"), "{e}");
    }
}
