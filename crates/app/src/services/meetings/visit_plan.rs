//! 扶贫日 (every Tuesday) 下访: for a Tuesday, each township's proposed
//! visits — the open clocks a visit meets (带件下访, 面对面沟通, 与发帖人面对面)
//! the backlog petitioners' 定期联络 and the key persons' 稳控 contacts
//! falling due before the next Tuesday, overdue first — and the visits made
//! in that week. Outcomes are recorded through the case's own 带件下访/回访
//! steps, or the key person's contact log.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use xinfang_domain::access::Actor;
use xinfang_domain::backlog::CONTACT_KEY;
use xinfang_domain::clock::{format_rfc3339, local_date, start_of_day};
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check, only_own_org};
use xinfang_domain::workflow::EventKind;

use crate::json::{ProposedVisitJson, TownshipVisitsJson, VisitMadeJson, VisitPlanJson};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// The clocks a visit meets (the same the scorecard counts as 下访).
pub const VISIT_KEYS: [&str; 3] = ["visit_with_notice", "unit_and_talk", "meet_poster"];

fn bad_date(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(e.to_string())
}

/// The Tuesday on or after `day`.
pub fn tuesday_from(day: Date) -> Date {
    let ahead =
        (7 + Weekday::Tuesday.to_monday_zero_offset() - day.weekday().to_monday_zero_offset()) % 7;
    day.checked_add(i64::from(ahead).days()).unwrap_or(day)
}

/// The Tuesday asked for (`YYYY-MM-DD`, any day of the week naming its
/// week's Tuesday), or the coming one.
pub fn parse_tuesday(state: &AppState, text: &str) -> ServiceResult<Date> {
    if text.trim().is_empty() {
        return Ok(tuesday_from(local_date(state.now())));
    }
    let d = Date::strptime("%Y-%m-%d", text.trim())
        .map_err(|_| field_error("date", "日期", "应如 2022-10-11"))?;
    let monday = d
        .checked_sub(i64::from(d.weekday().to_monday_zero_offset()).days())
        .map_err(bad_date)?;
    monday.checked_add(1.day()).map_err(bad_date)
}

/// The plan for Tuesday `tuesday`, of every township the actor reads.
pub async fn visit_plan(
    state: &AppState,
    actor: &Actor,
    tuesday: Date,
) -> ServiceResult<VisitPlanJson> {
    check(actor, Permission::ReadVisitPlan, &Place::Somewhere)?;
    let own = only_own_org(actor, Permission::ReadVisitPlan);
    let mut towns: Vec<_> = state
        .store
        .list_orgs()
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::Township && own.is_none_or(|id| id == o.id))
        .collect();
    towns.sort_by(|a, b| a.code.cmp(&b.code));
    let monday = tuesday.checked_sub(1.day()).map_err(bad_date)?;
    let next_monday = monday.checked_add(7.days()).map_err(bad_date)?;
    let next_tuesday = tuesday.checked_add(7.days()).map_err(bad_date)?;
    let visit_day = start_of_day(tuesday);
    let before = start_of_day(next_tuesday);
    let mut keys: Vec<&str> = VISIT_KEYS.to_vec();
    keys.push(CONTACT_KEY);
    let due = state.store.visits_due(own, &keys, before).await?;
    let made = state
        .store
        .visits_made(own, start_of_day(monday), start_of_day(next_monday))
        .await?;
    // Key persons whose 稳控 contact falls due before the next Tuesday.
    let last_day = next_tuesday.checked_sub(1.day()).map_err(bad_date)?;
    let contacts = if actor.may(Permission::ReadKeyPersons, &Place::Somewhere) {
        state
            .store
            .contacts_due_by(last_day, own, state.now())
            .await?
    } else {
        Vec::new()
    };
    let townships = towns
        .iter()
        .map(|t| {
            let mut proposed: Vec<ProposedVisitJson> = due
                .iter()
                .filter(|d| d.township_id == t.id)
                .map(|d| {
                    let contact = d.key == CONTACT_KEY;
                    ProposedVisitJson {
                        kind: if contact {
                            "backlog_contact"
                        } else {
                            "case_visit"
                        }
                        .into(),
                        kind_label: if contact {
                            "定期联络"
                        } else {
                            "带件下访"
                        }
                        .into(),
                        case_id: Some(d.case_id),
                        number: Some(d.number.clone()),
                        person_id: None,
                        village: d.village.clone(),
                        about: d.summary.clone(),
                        reason: d.milestone.clone(),
                        unit: d.lead_unit.clone(),
                        due_at: format_rfc3339(d.due_at),
                        overdue: d.due_at < visit_day,
                    }
                })
                .collect();
            proposed.extend(contacts.iter().filter(|c| c.township_id == t.id).map(|c| {
                ProposedVisitJson {
                    kind: "key_person".into(),
                    kind_label: "重点人员联系".into(),
                    case_id: None,
                    number: None,
                    person_id: Some(c.person_id),
                    village: None,
                    about: format!("{}（{}，{}分）", c.name, c.level.label(), c.risk_score),
                    reason: format!("稳控联系（{}）", c.due.rhythm),
                    unit: c.guardian.clone(),
                    // Due by the end of its day (24:00).
                    due_at: c
                        .due
                        .due_on
                        .checked_add(1.day())
                        .map(|d| format_rfc3339(start_of_day(d)))
                        .unwrap_or_default(),
                    overdue: c.due.due_on < tuesday,
                }
            }));
            proposed.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.due_at.cmp(&b.due_at)));
            let made = made
                .iter()
                .filter(|m| m.township_id == t.id)
                .map(|m| VisitMadeJson {
                    case_id: m.case_id,
                    number: m.number.clone(),
                    village: m.village.clone(),
                    kind: m.kind.clone(),
                    kind_label: EventKind::parse(&m.kind)
                        .map_or_else(|| m.kind.clone(), |k| k.label().to_string()),
                    at: format_rfc3339(m.at),
                    by: m.by.clone(),
                })
                .collect();
            TownshipVisitsJson {
                township_id: t.id,
                township: t.name.clone(),
                proposed,
                made,
            }
        })
        .collect();
    Ok(VisitPlanJson {
        tuesday: tuesday.to_string(),
        week_from: monday.to_string(),
        week_to: next_monday
            .checked_sub(1.day())
            .map_err(bad_date)?
            .to_string(),
        due_before: next_tuesday.to_string(),
        townships,
    })
}
