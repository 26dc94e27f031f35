//! 积案销号 — the district confirms a backlog case resolved, with its evidence;
//! the case's backlog clocks stop with it.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::backlog::ResolveInput;
use xinfang_domain::clock::format_local;
use xinfang_domain::permission::{Permission, Place, check};

use crate::services::deadlines::milestones::{
    backlog_facts, backlog_rows, milestone_rows, rectification_facts, rectification_rows, signals,
};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Mark backlog case `id` resolved (销号). Refused to all but the district,
/// for a case that is not a backlog case or was resolved already; the
/// evidence attachment, when named, must be one of the case's own.
pub async fn resolve_backlog(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &ResolveInput,
    now: Timestamp,
) -> ServiceResult<()> {
    let scope = actor.case_scope();
    let case = state.store.case(id, &scope).await?;
    check(actor, Permission::ResolveBacklog, &Place::case(&case))?;
    if !case.backlog {
        return Err(ServiceError::NotNow("该案件未列为积案，无需销号".into()));
    }
    let ledger = state.store.case_ledger(id, &scope).await?;
    if let Some(at) = ledger.resolved_at {
        return Err(ServiceError::NotNow(format!(
            "该积案已于{}销号",
            format_local(at)
        )));
    }
    let resolution = input.parse(case.received_at, now)?;
    if let Some(aid) = resolution.attachment_id
        && !state
            .store
            .attachments(id, &scope)
            .await?
            .iter()
            .any(|a| a.id == aid)
    {
        return Err(field_error(
            "attachment_id",
            "佐证材料",
            "所选附件不属于本案，请先上传佐证材料",
        ));
    }
    // The clocks as they stand once it is resolved: the plan met, no more contact rhythm.
    let settings = state.deadline_settings().await?;
    let events = state.store.case_events(id, &scope).await?;
    let (sig, ext) = signals(case.received_at, &events, None, now);
    let mut rows = milestone_rows(&settings, case.kind, &sig, &ext, now);
    let facts = backlog_facts(state, &case, &events, None).await?.map(|f| {
        xinfang_domain::backlog::BacklogFacts {
            resolved_at: Some(resolution.at),
            ..f
        }
    });
    rows.extend(backlog_rows(state, &settings, facts.as_ref(), now).await?);
    // The 整改 clocks of its verifications run on, whatever the backlog's.
    rows.extend(rectification_rows(
        &settings,
        &rectification_facts(state, id).await?,
        now,
    ));
    state
        .store
        .resolve_backlog(id, &resolution, &rows, actor, now)
        .await?;
    Ok(())
}
