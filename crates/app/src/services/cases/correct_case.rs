//! 更正登记信息 — correcting a case's registration: permission and state
//! first, then the fields by registration's own rules, then where the case
//! is located and its clocks; one transaction with the timeline note
//! (before → after, personal data masked) and the audit row.

use std::collections::BTreeMap;

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::case::Case;
use xinfang_domain::clock::{format_local, to_local};
use xinfang_domain::correction::{CorrectionInput, changes, sentence};
use xinfang_domain::deadlines::format_due;
use xinfang_domain::workflow::Step;
use xinfang_store::{CorrectionChange, EventRecord, MilestoneRow, StoredMilestone};

use crate::services::cases::register_case::check_place;
use crate::services::deadlines::milestones::case_milestones;
use crate::services::{ServiceResult, field_error};
use crate::state::AppState;

/// Correct the registration of case `case_id`. `expected_version` is the
/// version the user's form was built from; if the case changed since, the
/// correction is refused as a conflict instead of overwriting.
pub async fn correct_case(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
    input: &CorrectionInput,
    expected_version: Option<i64>,
    now: Timestamp,
) -> ServiceResult<Case> {
    let scope = actor.case_scope();
    let case = state.store.case(case_id, &scope).await?;
    xinfang_domain::workflow::check(actor, &case, "correct")?;
    let correction = input.parse(&case)?;
    let new = &correction.new;
    if new.received_at > now + jiff::SignedDuration::from_mins(10) {
        return Err(field_error("received_at", "接待日期", "不能晚于当前时间"));
    }
    let year = to_local(case.received_at).year();
    if to_local(new.received_at).year() != year {
        return Err(field_error(
            "received_at",
            "接待日期",
            format!(
                "案件编号按接待年度编排（{}），接待日期只能在{year}年内更正",
                case.number
            ),
        ));
    }
    let events = state.store.case_events(case.id, &scope).await?;
    if let Some(first) = first_step_at(&events)
        && new.received_at > first
    {
        return Err(field_error(
            "received_at",
            "接待日期",
            format!("不能晚于本案已记录的办理时间 {}", format_local(first)),
        ));
    }
    let (township, village) = check_place(state, actor, new.township_id, new.village_id).await?;

    // The clocks as `take_step` computes them, from the corrected kind and receipt.
    let settings = state.deadline_settings().await?;
    let corrected = Case {
        kind: new.kind,
        received_at: new.received_at,
        ..case.clone()
    };
    let milestones = case_milestones(state, &settings, &corrected, &events, None, now).await?;

    let mut names = BTreeMap::new();
    names.insert(case.township_id, case.township.clone());
    if let (Some(id), Some(name)) = (case.village_id, case.village.clone()) {
        names.insert(id, name);
    }
    names.insert(township.id, township.name);
    if let Some(v) = village {
        names.insert(v.id, v.name);
    }
    let place_name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| id.to_string());
    let changed = changes(&case, new, &place_name);
    let mut text = sentence(&changed, &correction.reason);
    let old = state.store.milestones(case.id, &scope).await?;
    if let Some(moves) = due_moves(&old, &milestones) {
        text.push_str(&format!("；时限重新计算：{moves}"));
    }
    let change = CorrectionChange {
        expected_version,
        correction: &correction,
        changes: &changed,
        text: &text,
        milestones: &milestones,
    };
    Ok(state.store.correct_case(&case, change, actor, now).await?)
}

/// When the first step with a time of its own happened (转办, 联系, 送达 …).
fn first_step_at(events: &[EventRecord]) -> Option<Timestamp> {
    events
        .iter()
        .filter_map(|e| serde_json::from_value::<Step>(e.data.clone()).ok())
        .filter_map(|s| s.occurred_at())
        .min()
}

/// The due times a recomputation moved, as the timeline words them.
fn due_moves(old: &[StoredMilestone], new: &[MilestoneRow]) -> Option<String> {
    let mut moves = Vec::new();
    for r in new {
        let before = old.iter().find(|o| o.row.key == r.key);
        match (before.and_then(|o| o.row.due_at), r.due_at) {
            (Some(b), Some(a)) if a != b => moves.push(format!(
                "“{}”截止时间由 {} 改为 {}",
                r.name,
                format_due(b),
                format_due(a)
            )),
            (None, Some(a)) if before.is_none() => {
                moves.push(format!("“{}”截止 {}", r.name, format_due(a)))
            }
            _ => {}
        }
    }
    (!moves.is_empty()).then(|| moves.join("；"))
}
