//! Records to ledger rows: what each column of Annexes 1–4 prints, taken from
//! the store's records, and the local-date arithmetic the ledgers share.
//!
//! Where a column has no record of its own it is derived:
//! - Annex 2 初访时间: the entered first-visit time, else the 接待日期; 三到位一处理
//!   of a case without a handling opinion yet prints 否 four times; 备注 starts
//!   with the 信访件编号, which is how an edited sheet finds its case again.
//! - Annex 4 办结时限: the entered date, else the due day of the milestone
//!   the rules mark as answering the petitioner (`"role": "answer"`);
//!   联系信访人时间: the first contact event; 反馈处理意见时间: the first delivery
//!   of the 处理意见书, else the handling-opinion event; 复查情况 / 复核情况:
//!   the entered text, else the review events (申请复查 2022-10-01；…); the
//!   summary reads `姓名，乡镇村，反映：…（信访件编号）`.

use jiff::Timestamp;
use jiff::civil::Date;
use xinfang_domain::clock::{due_day, local_date};
use xinfang_domain::ident::PhoneNumber;
use xinfang_domain::roster::RosterEntry;
use xinfang_domain::screening::ScreeningRecord;
use xinfang_domain::vocab::{Category, TriAnswer, TriRecord};
use xinfang_domain::workflow::{Document, EventKind, ReviewStage, Step};
use xinfang_forms::ledger::{AnnexFourRow, AnnexOneRow, AnnexThreeRow, AnnexTwoRow, ScreeningKind};
use xinfang_store::LedgerCaseRow;

/// The fingerprint of a screening entry: the same key an imported Annex 1
/// row has, so a form entry and an imported row of the same risk collide.
pub fn screening_fingerprint(
    screened_on: Date,
    name: &str,
    problem: &str,
    township: &str,
) -> String {
    AnnexOneRow {
        screened_on,
        screening_kind: None,
        name: name.to_string(),
        id_number: None,
        phone: None,
        poverty: None,
        township: township.to_string(),
        village: None,
        problem: problem.to_string(),
        category: Category::Other,
        newly_found: None,
        responsible_unit: String::new(),
        tri: no_tri(),
        stable: None,
        remarks: String::new(),
    }
    .fingerprint()
}

/// 三到位一处理 of a case without an opinion yet: nothing done, 否 ×4.
fn no_tri() -> TriRecord {
    TriRecord {
        reasonable_resolved: TriAnswer::No,
        unreasonable_guided: TriAnswer::No,
        hardship_helped: TriAnswer::No,
        unlawful_handled: TriAnswer::No,
    }
}

/// A screening entry as an Annex 1 row.
pub fn annex1_row(s: &ScreeningRecord) -> AnnexOneRow {
    let e = &s.entry;
    AnnexOneRow {
        screened_on: local_date(e.screened_at),
        screening_kind: e.screening_kind.as_deref().and_then(ScreeningKind::parse),
        name: e.name.clone(),
        id_number: e.id_number.clone(),
        phone: e.phone.clone(),
        poverty: e.poverty,
        township: s.township.clone(),
        village: s.village.clone(),
        problem: e.problem.clone(),
        category: e.category,
        newly_found: e.newly_found,
        responsible_unit: s.unit_display(),
        tri: e.tri,
        stable: e.stable,
        remarks: e.remarks.clone(),
    }
}

fn phone(s: Option<&str>) -> Option<PhoneNumber> {
    s.and_then(|p| PhoneNumber::parse(p).ok())
}

/// `信访件编号：…；备注`
fn numbered_remarks(c: &LedgerCaseRow) -> String {
    match c
        .remarks
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(r) => format!("信访件编号：{}；{r}", c.number),
        None => format!("信访件编号：{}", c.number),
    }
}

/// 初访时间 as the ledger prints it.
pub fn first_visit_on(c: &LedgerCaseRow) -> Date {
    local_date(c.ledger.first_visit_at.unwrap_or(c.received_at))
}

/// A backlog case as an Annex 2 row.
pub fn annex2_row(c: &LedgerCaseRow) -> AnnexTwoRow {
    AnnexTwoRow {
        first_visit_on: first_visit_on(c),
        name: c.petitioner_name.clone().unwrap_or_else(|| "—".into()),
        phone: phone(c.petitioner_phone.as_deref()),
        poverty: c.poverty,
        township: c.township.clone(),
        village: c.village.clone(),
        problem: c.summary.clone(),
        category: c.category,
        backlog_reason: c.backlog_reason.clone().unwrap_or_default(),
        case_owner: c.leader_name.clone().unwrap_or_default(),
        responsible_unit: c.lead_unit.clone().unwrap_or_default(),
        tri: c.tri.unwrap_or_else(no_tri),
        stable: c.stable,
        remarks: numbered_remarks(c),
    }
}

/// A roster row as an Annex 3 row.
pub fn annex3_row(e: &RosterEntry) -> AnnexThreeRow {
    AnnexThreeRow {
        unit: e.org_name.clone(),
        leader_name: e.leader_name.clone(),
        leader_title: e.leader_title.clone(),
        leader_office_phone: phone(e.leader_office_phone.as_deref()),
        leader_mobile: phone(e.leader_mobile.as_deref()),
        cadre_name: e.cadre_name.clone(),
        cadre_office_phone: phone(e.cadre_office_phone.as_deref()),
        cadre_mobile: phone(e.cadre_mobile.as_deref()),
    }
}

fn steps(
    c: &LedgerCaseRow,
    kind: EventKind,
) -> impl Iterator<Item = (Timestamp, Option<Step>)> + '_ {
    c.events.iter().filter(move |e| e.kind == kind).map(|e| {
        (
            e.occurred_at,
            serde_json::from_value::<Step>(e.data.clone()).ok(),
        )
    })
}

/// 联系信访人时间: the first contact.
pub fn contacted_on(c: &LedgerCaseRow) -> Option<Date> {
    steps(c, EventKind::Contact)
        .next()
        .map(|(at, _)| local_date(at))
}

/// 反馈处理意见时间: the first delivery of the 处理意见书, else the opinion.
pub fn opinion_on(c: &LedgerCaseRow) -> Option<Date> {
    let delivered = steps(c, EventKind::Delivered).find_map(|(at, s)| match s {
        Some(Step::Deliver {
            document: Document::Opinion,
            ..
        }) => Some(at),
        _ => None,
    });
    delivered
        .or_else(|| steps(c, EventKind::Opinion).next().map(|(at, _)| at))
        .map(local_date)
}

/// The review events of some stages as `申请复查 2022-10-01：说明；…`.
fn review_events(c: &LedgerCaseRow, stages: &[ReviewStage]) -> String {
    steps(c, EventKind::Review)
        .filter_map(|(at, s)| match s {
            Some(Step::Review { stage, note, .. }) if stages.contains(&stage) => {
                let note = note.trim();
                let day = local_date(at);
                Some(if note.is_empty() {
                    format!("{stage} {day}")
                } else {
                    format!("{stage} {day}：{note}")
                })
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// 复查情况 as printed.
pub fn review_text(c: &LedgerCaseRow) -> String {
    if !c.ledger.review.trim().is_empty() {
        return c.ledger.review.clone();
    }
    review_events(
        c,
        &[ReviewStage::ReviewRequested, ReviewStage::ReviewDecided],
    )
}

/// 复核情况 as printed.
pub fn second_review_text(c: &LedgerCaseRow) -> String {
    if !c.ledger.second_review.trim().is_empty() {
        return c.ledger.second_review.clone();
    }
    review_events(
        c,
        &[
            ReviewStage::ReReviewRequested,
            ReviewStage::ReReviewDecided,
            ReviewStage::HearingStarted,
            ReviewStage::HearingEnded,
        ],
    )
}

/// 办结时限 as printed: entered by hand, else the answering milestone's due day.
pub fn due_on(c: &LedgerCaseRow) -> Option<Date> {
    c.ledger.due_at.or(c.handled_due).map(due_day)
}

/// 信访人信息及反映事项内容摘要.
fn summary(c: &LedgerCaseRow) -> String {
    match &c.petitioner_name {
        Some(name) => format!(
            "{name}，{}{}，反映：{}（{}）",
            c.township,
            c.village.as_deref().unwrap_or_default(),
            c.summary,
            c.number
        ),
        None => format!("{}（{}）", c.summary, c.number),
    }
}

/// A provincial case as an Annex 4 row; `city` and `county` are the 问题属地.
pub fn annex4_row(c: &LedgerCaseRow, city: &str, county: &str) -> AnnexFourRow {
    AnnexFourRow {
        received_on: local_date(c.received_at),
        channel: Some(c.channel),
        summary: summary(c),
        city: city.to_string(),
        county: county.to_string(),
        poverty: c.poverty,
        category: c.category,
        key_case: Some(c.key_assigned),
        due_on: due_on(c),
        handling_unit: c.lead_unit.clone().unwrap_or_default(),
        contacted_on: contacted_on(c),
        opinion_on: opinion_on(c),
        finding: c.finding,
        satisfaction: c.satisfaction,
        review: review_text(c),
        second_review: second_review_text(c),
        legal_progress: c.ledger.legal_progress.clone(),
    }
}

/// A case number (`建安信访〔2022〕0001号`) written somewhere in a text.
pub fn find_case_number(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '〔' {
            continue;
        }
        let start = (0..i)
            .rev()
            .take_while(|&j| chars[j].is_alphanumeric())
            .last()
            .unwrap_or(i);
        let Some(end) = (i..chars.len()).find(|&j| chars[j] == '号') else {
            continue;
        };
        let candidate: String = chars[start..=end].iter().collect();
        if xinfang_domain::case::CaseNumber::parse(&candidate).is_some() {
            return Some(candidate);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_are_found_in_remarks_and_summaries() {
        assert_eq!(
            find_case_number("信访件编号：建安信访〔2022〕0007号；已包案").as_deref(),
            Some("建安信访〔2022〕0007号")
        );
        assert_eq!(
            find_case_number("王保全，张潘镇，反映：危房（建安信访〔2022〕0012号）").as_deref(),
            Some("建安信访〔2022〕0012号")
        );
        assert_eq!(find_case_number("〔2022〕号"), None);
        assert_eq!(find_case_number("没有编号"), None);
    }
}
