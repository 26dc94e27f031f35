//! 时限 — each case's milestones computed from its events with the calendar and rules in force.

use jiff::Timestamp;
use xinfang_domain::access::CaseScope;
use xinfang_domain::backlog::{BacklogFacts, ContactRhythm, backlog_milestones};
use xinfang_domain::case::Case;
use xinfang_domain::deadlines::{Extension, MilestoneKind, MilestoneStatus, Signal, evaluate};
use xinfang_domain::verification::{RectificationFacts, rectification_milestones};
use xinfang_domain::vocab::CaseKind;
use xinfang_domain::workflow::EventKind;
use xinfang_domain::workflow::Step;
use xinfang_store::{ClockInputs, EventRecord, MilestoneRow};

use crate::services::ServiceResult;
use crate::settings::DeadlineSettings;
use crate::state::AppState;

/// The signals and extensions of a case, from its timeline plus a step about to be taken.
pub fn signals(
    received_at: Timestamp,
    events: &[EventRecord],
    next: Option<&Step>,
    now: Timestamp,
) -> (Vec<(Signal, Timestamp)>, Vec<Extension>) {
    let mut signals = vec![(Signal::Received, received_at)];
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
    .map(stored_row)
    .collect()
}

/// A milestone as stored, from the domain's evaluation of it.
pub fn stored_row(m: MilestoneStatus) -> MilestoneRow {
    MilestoneRow {
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
    }
}

/// Setting key of the 积案定期联络 rhythm (`monthly`, or a number of days).
pub const CONTACT_RHYTHM_SETTING: &str = "backlog_contact_rhythm";

/// What a case's backlog clocks are computed from: its ledger (化解时限,
/// 销号), its follow-ups and the contacts, visits and return visits on its
/// timeline (and `contact_now`, one being recorded). None unless it is a
/// backlog case.
pub async fn backlog_facts(
    state: &AppState,
    case: &Case,
    events: &[EventRecord],
    contact_now: Option<Timestamp>,
) -> ServiceResult<Option<BacklogFacts>> {
    if !case.backlog {
        return Ok(None);
    }
    let all = CaseScope::all();
    let ledger = state.store.case_ledger(case.id, &all).await?;
    let followups: Vec<Timestamp> = state
        .store
        .followups(case.id, &all)
        .await?
        .iter()
        .map(|f| f.visited_at)
        .collect();
    Ok(Some(backlog_facts_of(
        &ClockFacts {
            kind: case.kind,
            received_at: case.received_at,
            backlog: true,
            events,
            plan_due_at: ledger.plan_due_at,
            resolved_at: ledger.resolved_at,
            followups: &followups,
            rectifications: &[],
        },
        contact_now,
    )))
}

/// The backlog facts of a case from its clock facts (whether or not it is
/// a backlog case).
fn backlog_facts_of(f: &ClockFacts<'_>, contact_now: Option<Timestamp>) -> BacklogFacts {
    let contacts = f
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Contact | EventKind::Visit | EventKind::ReturnVisit
            )
        })
        .map(|e| e.occurred_at);
    let last_contact_at = f
        .followups
        .iter()
        .copied()
        .chain(contacts)
        .chain(contact_now)
        .max();
    BacklogFacts {
        backlog: f.backlog,
        listed_at: f.received_at,
        plan_due_at: f.plan_due_at,
        plan_set_at: None,
        resolved_at: f.resolved_at,
        last_contact_at,
    }
}

/// The 积案定期联络 rhythm in force.
pub async fn contact_rhythm(state: &AppState) -> ServiceResult<ContactRhythm> {
    Ok(state
        .store
        .setting(CONTACT_RHYTHM_SETTING)
        .await?
        .and_then(|s| ContactRhythm::parse(&s))
        .unwrap_or_default())
}

/// The backlog clocks from their facts, as stored milestones.
pub async fn backlog_rows(
    state: &AppState,
    settings: &DeadlineSettings,
    facts: Option<&BacklogFacts>,
    now: Timestamp,
) -> ServiceResult<Vec<MilestoneRow>> {
    let Some(facts) = facts else {
        return Ok(Vec::new());
    };
    let rhythm = contact_rhythm(state).await?;
    Ok(backlog_rows_with(settings, rhythm, facts, now))
}

fn backlog_rows_with(
    settings: &DeadlineSettings,
    rhythm: ContactRhythm,
    facts: &BacklogFacts,
    now: Timestamp,
) -> Vec<MilestoneRow> {
    backlog_milestones(facts, rhythm, &settings.calendar, &settings.policy, now)
        .into_iter()
        .map(stored_row)
        .collect()
}

/// Everything a case's clocks are computed from (borrowed): the rules'
/// clocks from its kind and timeline, the backlog clocks from its ledger and
/// contacts, the 整改 clocks from its 需整改 verifications.
#[derive(Debug, Clone, Copy)]
pub struct ClockFacts<'a> {
    /// 信访类型.
    pub kind: CaseKind,
    /// 收到时间.
    pub received_at: Timestamp,
    /// 是否积案.
    pub backlog: bool,
    /// Its timeline, oldest first.
    pub events: &'a [EventRecord],
    /// The 一案一策's due time.
    pub plan_due_at: Option<Timestamp>,
    /// 销号.
    pub resolved_at: Option<Timestamp>,
    /// Its follow-up contacts.
    pub followups: &'a [Timestamp],
    /// Its 整改 clocks.
    pub rectifications: &'a [RectificationFacts],
}

impl<'a> ClockFacts<'a> {
    /// The facts read in bulk for a recompute.
    pub fn of(inputs: &'a ClockInputs) -> Self {
        ClockFacts {
            kind: inputs.kind,
            received_at: inputs.received_at,
            backlog: inputs.backlog,
            events: &inputs.events,
            plan_due_at: inputs.plan_due_at,
            resolved_at: inputs.resolved_at,
            followups: &inputs.followups,
            rectifications: &inputs.rectifications,
        }
    }
}

/// Every milestone of a case as it is to be stored, from its facts (plus a
/// step about to be taken) with the settings and contact rhythm in force:
/// what both a single case's change and the recompute of every case use.
pub fn rows_from_facts(
    settings: &DeadlineSettings,
    rhythm: ContactRhythm,
    f: &ClockFacts<'_>,
    next: Option<&Step>,
    now: Timestamp,
) -> Vec<MilestoneRow> {
    let (sig, ext) = signals(f.received_at, f.events, next, now);
    let mut rows = milestone_rows(settings, f.kind, &sig, &ext, now);
    if f.backlog {
        let contact_now = next
            .filter(|s| {
                matches!(
                    s,
                    Step::Contact { .. } | Step::Visit { .. } | Step::ReturnVisit { .. }
                )
            })
            .map(|s| s.occurred_at().unwrap_or(now));
        let facts = backlog_facts_of(f, contact_now);
        rows.extend(backlog_rows_with(settings, rhythm, &facts, now));
    }
    rows.extend(rectification_rows(settings, f.rectifications, now));
    rows
}

/// Every milestone of a case as it is to be stored: the rules' clocks from
/// its timeline (plus a step about to be taken), its backlog clocks and the
/// 整改 clocks of its 需整改 verifications.
pub async fn case_milestones(
    state: &AppState,
    settings: &DeadlineSettings,
    case: &Case,
    events: &[EventRecord],
    next: Option<&Step>,
    now: Timestamp,
) -> ServiceResult<Vec<MilestoneRow>> {
    let all = CaseScope::all();
    let (mut plan_due_at, mut resolved_at, mut followups) = (None, None, Vec::new());
    let mut rhythm = ContactRhythm::default();
    if case.backlog {
        let ledger = state.store.case_ledger(case.id, &all).await?;
        plan_due_at = ledger.plan_due_at;
        resolved_at = ledger.resolved_at;
        followups = state
            .store
            .followups(case.id, &all)
            .await?
            .iter()
            .map(|f| f.visited_at)
            .collect();
        rhythm = contact_rhythm(state).await?;
    }
    let rectifications = rectification_facts(state, case.id).await?;
    let facts = ClockFacts {
        kind: case.kind,
        received_at: case.received_at,
        backlog: case.backlog,
        events,
        plan_due_at,
        resolved_at,
        followups: &followups,
        rectifications: &rectifications,
    };
    Ok(rows_from_facts(settings, rhythm, &facts, next, now))
}

/// The 整改 clocks of a case's 需整改 verifications, answered or not.
pub async fn rectification_facts(
    state: &AppState,
    case_id: i64,
) -> ServiceResult<Vec<RectificationFacts>> {
    Ok(state
        .store
        .verifications(case_id, &CaseScope::all())
        .await?
        .iter()
        .filter_map(|v| v.rectification_facts())
        .collect())
}

/// The 整改 clocks from their facts, as stored milestones.
pub fn rectification_rows(
    settings: &DeadlineSettings,
    facts: &[RectificationFacts],
    now: Timestamp,
) -> Vec<MilestoneRow> {
    rectification_milestones(facts, &settings.calendar, &settings.policy, now)
        .into_iter()
        .map(stored_row)
        .collect()
}

/// Store a case's milestones afresh after a change that moved one of its
/// clocks outside a step (its ledger: 化解时限, 积案, 跟踪回访). Derived data,
/// so not audited: the change that moved it is.
pub async fn refresh_milestones(
    state: &AppState,
    case_id: i64,
    now: Timestamp,
) -> ServiceResult<()> {
    let all = CaseScope::all();
    let case = state.store.case(case_id, &all).await?;
    let events = state.store.case_events(case_id, &all).await?;
    let settings = state.deadline_settings().await?;
    let rows = case_milestones(state, &settings, &case, &events, None, now).await?;
    state
        .store
        .recompute_milestones(case_id, &rows, None, now)
        .await?;
    Ok(())
}
