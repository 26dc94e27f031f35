//! 时限 — each case's milestones computed from its events with the calendar and rules in force.

use jiff::Timestamp;
use xinfang_domain::case::Case;
use xinfang_domain::deadlines::{Extension, MilestoneKind, Signal, evaluate};
use xinfang_domain::workflow::Step;
use xinfang_store::{EventRecord, MilestoneRow};

use crate::settings::DeadlineSettings;

/// The signals and extensions of a case, from its timeline plus a step about to be taken.
pub fn signals(
    case: &Case,
    events: &[EventRecord],
    next: Option<&Step>,
    now: Timestamp,
) -> (Vec<(Signal, Timestamp)>, Vec<Extension>) {
    let mut signals = vec![(Signal::Received, case.received_at)];
    let mut extensions = Vec::new();
    let steps = events
        .iter()
        .filter_map(|e| {
            serde_json::from_value::<Step>(e.data.clone())
                .ok()
                .map(|s| (s, e.occurred_at))
        })
        .chain(next.map(|s| (s.clone(), s.occurred_at().unwrap_or(now))));
    for (step, at) in steps {
        if let Some(sig) = Signal::of_step(&step) {
            signals.push((sig, at));
        }
        if let Step::Extend {
            milestone,
            days,
            reason,
            at,
            ..
        } = step
        {
            extensions.push(Extension {
                milestone_key: milestone,
                days,
                approved_at: at,
                reason,
            });
        }
    }
    (signals, extensions)
}

/// The milestone rows of a case of `kind` for storage.
pub fn milestone_rows(
    settings: &DeadlineSettings,
    kind: xinfang_domain::vocab::CaseKind,
    signals: &[(Signal, Timestamp)],
    extensions: &[Extension],
    now: Timestamp,
) -> Vec<MilestoneRow> {
    evaluate(
        &settings.rules,
        kind,
        signals,
        extensions,
        &settings.calendar,
        now,
        &settings.policy,
    )
    .into_iter()
    .map(|m| MilestoneRow {
        key: m.key,
        name: m.name,
        is_window: m.kind == MilestoneKind::Window,
        role: m.role,
        started_at: m.started_at,
        due_at: m.due.as_ref().map(|d| d.at),
        completed_at: m.completed_at,
        state: m.state.as_str().to_string(),
        explanation: m
            .due
            .as_ref()
            .map(|d| d.explanation.clone())
            .unwrap_or_default(),
        warnings: m
            .due
            .as_ref()
            .map(|d| d.warnings.join("；"))
            .unwrap_or_default(),
        warn_from: m.warn_from,
    })
    .collect()
}
