//! 出具文书 — a notice is issued once and then reproduced exactly: its date,
//! number and every printed field are stored when it is first printed (受理告知书)
//! or when the opinion is given (处理意见书); reprints and the 一案一档 archive
//! set the stored notice again, only the 送达 row filled from the delivery
//! record. A second opinion after reopening is a second notice.

use jiff::Timestamp;
use jiff::civil::Date;
use xinfang_domain::access::Actor;
use xinfang_domain::case::Case;
use xinfang_domain::clock::to_local;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::workflow::{Document, EventKind, Step};
use xinfang_forms::notice::{
    AcceptanceNotice, Delivery, HandlingOpinion, NoticeError, NoticeFont, VerifyMark,
    acceptance_pdf_marked, opinion_pdf_marked,
};
use xinfang_store::{EventRecord, IssuedNotice, NewIssuedNotice};

use crate::services::cases::notices::{
    NoticeKind, acceptance_content, notice_font, opinion_content,
};
use crate::services::cases::verify_notice::verify_mark;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// One issued notice, set as PDF.
#[derive(Debug, Clone)]
pub struct IssuedPdf {
    /// Which notice.
    pub kind: NoticeKind,
    /// 1 for the first of its kind, 2 for a second opinion, ….
    pub seq: i64,
    /// The date under its seal.
    pub issued_on: Date,
    /// The PDF.
    pub bytes: Vec<u8>,
}

/// The notice named in a URL (`acceptance`, `opinion` or the Chinese
/// name) as a file name and PDF bytes; an unknown name is not found.
pub async fn notice_named(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
    name: &str,
) -> ServiceResult<(String, Vec<u8>)> {
    let kind =
        NoticeKind::parse(name).ok_or_else(|| ServiceError::NotFound("没有这种文书".into()))?;
    notice_pdf(state, actor, case_id, kind).await
}

/// The notice of a case the actor may see, as issued (the latest of its
/// kind), issuing it now if it never was; a print is logged as a reveal.
pub async fn notice_pdf(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
    kind: NoticeKind,
) -> ServiceResult<(String, Vec<u8>)> {
    let (case, events) = printable_case(state, actor, case_id).await?;
    let issued = ensure_issued(state, actor, &case, &events, kind).await?;
    let latest = issued
        .iter()
        .filter(|n| n.document == kind.document())
        .max_by_key(|n| n.seq)
        .ok_or_else(|| ServiceError::NotNow(format!("本案尚无《{}》", kind.title())))?;
    let font = notice_font(state)?;
    let mark = verify_mark(state, latest, &case.number);
    let bytes = render(latest, &issued, &events, &font, &mark)?;
    log_print(state, actor, &case, kind).await?;
    Ok((kind.file_name(&case.number), bytes))
}

/// Every notice of a case as issued, oldest first (受理告知书, then each
/// 处理意见书), issuing those due and never issued; for the archive.
pub async fn issued_pdfs(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
) -> ServiceResult<Vec<IssuedPdf>> {
    let (case, events) = printable_case(state, actor, case_id).await?;
    let mut issued = Vec::new();
    for kind in [NoticeKind::Acceptance, NoticeKind::Opinion] {
        if crate::services::cases::deliveries::has_notice(&case, kind.document()) {
            issued = ensure_issued(state, actor, &case, &events, kind).await?;
        }
    }
    if issued.is_empty() {
        issued = state
            .store
            .issued_notices(case.id, &actor.case_scope())
            .await?;
    }
    let font = notice_font(state)?;
    let mut out = Vec::with_capacity(issued.len());
    for n in &issued {
        let kind = NoticeKind::of(n.document);
        out.push(IssuedPdf {
            kind,
            seq: n.seq,
            issued_on: n.issued_on,
            bytes: render(
                n,
                &issued,
                &events,
                &font,
                &verify_mark(state, n, &case.number),
            )?,
        });
        log_print(state, actor, &case, kind).await?;
    }
    Ok(out)
}

/// The 处理意见书 that the opinion step `step` issues on `case` (as it stood
/// before the step, with `events` its timeline), dated the day the opinion
/// was given; None for any other step.
pub(crate) async fn notice_of_step(
    state: &AppState,
    case: &Case,
    events: &[EventRecord],
    step: &Step,
) -> ServiceResult<Option<NewIssuedNotice>> {
    let Step::Opinion {
        at,
        finding,
        tri,
        opinion,
    } = step
    else {
        return Ok(None);
    };
    let given = Case {
        finding: Some(*finding),
        tri: Some(*tri),
        opinion: Some(opinion.clone()),
        ..case.clone()
    };
    let issued_on = to_local(*at).date();
    let content = opinion_content(state, &given, events, issued_on).await?;
    Ok(Some(NewIssuedNotice {
        document: Document::Opinion,
        issued_on,
        content: to_json(&content)?,
    }))
}

async fn printable_case(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
) -> ServiceResult<(Case, Vec<EventRecord>)> {
    let case = state.store.case(case_id, &actor.case_scope()).await?;
    check(actor, Permission::PrintNotice, &Place::case(&case))?;
    let events = state
        .store
        .case_events(case_id, &actor.case_scope())
        .await?;
    Ok((case, events))
}

/// The case's issued notices, after issuing the first of `kind` if it never
/// was (a case given its opinion before notices were kept is issued with the
/// opinion's own date).
async fn ensure_issued(
    state: &AppState,
    actor: &Actor,
    case: &Case,
    events: &[EventRecord],
    kind: NoticeKind,
) -> ServiceResult<Vec<IssuedNotice>> {
    let issued = state
        .store
        .issued_notices(case.id, &actor.case_scope())
        .await?;
    if issued.iter().any(|n| n.document == kind.document()) {
        return Ok(issued);
    }
    let today = to_local(state.now()).date();
    let content = match kind {
        NoticeKind::Acceptance => {
            let on = first_issue_date(kind, events, today);
            (on, to_json(&acceptance_content(state, case, on).await?)?)
        }
        NoticeKind::Opinion => {
            let on = first_issue_date(kind, events, today);
            // The facts are the reports before the opinion, as they were when it was given.
            let given = last_opinion_at(events);
            let before: Vec<EventRecord> = events
                .iter()
                .filter(|e| given.is_none_or(|g| e.occurred_at <= g))
                .cloned()
                .collect();
            (
                on,
                to_json(&opinion_content(state, case, &before, on).await?)?,
            )
        }
    };
    let (issued_on, content) = content;
    state
        .store
        .issue_first_notice(
            case.id,
            &NewIssuedNotice {
                document: kind.document(),
                issued_on,
                content,
            },
            actor,
            state.now(),
        )
        .await?;
    Ok(state
        .store
        .issued_notices(case.id, &actor.case_scope())
        .await?)
}

fn last_opinion_at(events: &[EventRecord]) -> Option<Timestamp> {
    events
        .iter()
        .filter(|e| e.kind == EventKind::Opinion)
        .map(|e| e.occurred_at)
        .max()
}

/// The date of a notice issued only now: today, unless the timeline shows it
/// was in the petitioner's hands earlier — an opinion is dated the day it
/// was given; an acceptance notice no later than its 送达 or the visit where
/// it was read and signed (现场阅签).
fn first_issue_date(kind: NoticeKind, events: &[EventRecord], today: Date) -> Date {
    let document = kind.document();
    let mut earliest = today;
    for e in events {
        let on = to_local(e.occurred_at).date();
        let counts = match serde_json::from_value::<Step>(e.data.clone()) {
            Ok(Step::Deliver { document: d, .. }) => d == document,
            Ok(Step::Visit { notice_signed, .. }) => {
                notice_signed && kind == NoticeKind::Acceptance
            }
            _ => false,
        };
        if counts {
            earliest = earliest.min(on);
        }
    }
    match (kind, last_opinion_at(events)) {
        (NoticeKind::Opinion, Some(at)) => to_local(at).date(),
        _ => earliest,
    }
}

/// The 送达 of one issued notice: the first delivery of its kind on or after
/// its date and before the next notice of the same kind was issued.
fn delivery_of(notice: &IssuedNotice, all: &[IssuedNotice], events: &[EventRecord]) -> Delivery {
    let next = all
        .iter()
        .filter(|n| n.document == notice.document && n.seq > notice.seq)
        .map(|n| n.issued_on)
        .min();
    events
        .iter()
        .find_map(|e| match serde_json::from_value::<Step>(e.data.clone()) {
            Ok(Step::Deliver {
                at,
                document: d,
                by,
                ..
            }) if d == notice.document => {
                let on = to_local(at).date();
                (on >= notice.issued_on && next.is_none_or(|n| on < n)).then(|| Delivery {
                    delivered_on: Some(on),
                    deliverer: by,
                    phone: String::new(),
                })
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// Sets an issued notice again, its 送达 row from the delivery record, with
/// its verification mark (验证码 and QR code).
fn render(
    notice: &IssuedNotice,
    all: &[IssuedNotice],
    events: &[EventRecord],
    font: &NoticeFont,
    mark: &VerifyMark,
) -> ServiceResult<Vec<u8>> {
    let stored = |e: serde_json::Error| {
        ServiceError::Internal(format!("已出具的文书内容无法读取（{}）：{e}", notice.id))
    };
    let delivery = delivery_of(notice, all, events);
    match notice.document {
        Document::Acceptance => {
            let mut n: AcceptanceNotice = serde_json::from_str(&notice.content).map_err(stored)?;
            n.delivery = delivery;
            acceptance_pdf_marked(&n, font, mark)
        }
        Document::Opinion => {
            let mut n: HandlingOpinion = serde_json::from_str(&notice.content).map_err(stored)?;
            n.delivery = delivery;
            opinion_pdf_marked(&n, font, mark)
        }
    }
    .map_err(|e| match e {
        NoticeError::MissingGlyphs { .. } | NoticeError::Invalid { .. } => {
            ServiceError::NotNow(e.to_string())
        }
        other => ServiceError::Internal(other.to_string()),
    })
}

fn to_json<T: serde::Serialize>(content: &T) -> ServiceResult<String> {
    serde_json::to_string(content).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// A printed notice carries the petitioner's ID number, phone and address: logged as a reveal.
async fn log_print(
    state: &AppState,
    actor: &Actor,
    case: &Case,
    kind: NoticeKind,
) -> ServiceResult<()> {
    let what = format!(
        "打印{}的《{}》（载有信访人身份证号、联系电话、住址）",
        case.number,
        kind.title()
    );
    crate::services::cases::personal::record_reveal(state, actor, "case", case.id, &what).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::civil::date;
    use xinfang_domain::vocab::{Finding, TriAnswer, TriRecord};

    fn event(kind: EventKind, at: &str, step: &Step) -> EventRecord {
        EventRecord {
            id: 0,
            case_id: 1,
            kind,
            actor_name: "王敏".into(),
            occurred_at: at.parse().unwrap(),
            recorded_at: at.parse().unwrap(),
            text: String::new(),
            data: serde_json::to_value(step).unwrap(),
        }
    }

    fn deliver(at: &str, document: Document) -> EventRecord {
        event(
            EventKind::Delivered,
            at,
            &Step::Deliver {
                at: at.parse().unwrap(),
                document,
                by: "李华".into(),
                note: None,
            },
        )
    }

    fn opinion(at: &str) -> EventRecord {
        let t = TriAnswer::Yes;
        event(
            EventKind::Opinion,
            at,
            &Step::Opinion {
                at: at.parse().unwrap(),
                finding: Finding::True,
                tri: TriRecord {
                    reasonable_resolved: t,
                    unreasonable_guided: t,
                    hardship_helped: t,
                    unlawful_handled: t,
                },
                opinion: "补发".into(),
            },
        )
    }

    #[test]
    fn a_notice_first_printed_late_keeps_the_date_it_reached_the_petitioner() {
        let today = date(2026, 12, 2);
        // Delivered 2022-10-09 (Beijing), printed for the first time today.
        let events = vec![
            opinion("2022-10-08T02:00:00Z"),
            deliver("2022-10-09T01:00:00Z", Document::Acceptance),
            deliver("2022-10-12T01:00:00Z", Document::Opinion),
        ];
        assert_eq!(
            first_issue_date(NoticeKind::Opinion, &events, today),
            date(2022, 10, 8)
        );
        assert_eq!(
            first_issue_date(NoticeKind::Acceptance, &events, today),
            date(2022, 10, 9)
        );
        assert_eq!(first_issue_date(NoticeKind::Acceptance, &[], today), today);
    }

    #[test]
    fn each_opinion_gets_the_delivery_made_while_it_was_the_latest() {
        let notice = |seq, on| IssuedNotice {
            id: seq,
            case_id: 1,
            document: Document::Opinion,
            seq,
            issued_on: on,
            issued_at: "2022-10-01T00:00:00Z".parse().unwrap(),
            issued_by_name: "王敏".into(),
            content: String::new(),
        };
        let all = vec![notice(1, date(2022, 10, 8)), notice(2, date(2022, 11, 20))];
        let events = vec![
            deliver("2022-10-12T01:00:00Z", Document::Opinion),
            deliver("2022-11-25T01:00:00Z", Document::Opinion),
        ];
        assert_eq!(
            delivery_of(&all[0], &all, &events).delivered_on,
            Some(date(2022, 10, 12))
        );
        assert_eq!(
            delivery_of(&all[1], &all, &events).delivered_on,
            Some(date(2022, 11, 25))
        );
        assert_eq!(delivery_of(&all[1], &all, &events[..1]).delivered_on, None);
    }
}
