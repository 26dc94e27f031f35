//! 系统提议 — people the system flags for the register (three petitions in
//! twelve months by one ID number, no entry yet), and a person's answer:
//! 列入 (the entry is made from the petitioner) or 不列入 (with a reason),
//! each audited.

use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::key_person::{KeyPerson, ProposalDecisionInput};
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::PersonProposal;

use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The proposals of a township (None: all), by the rules in force.
pub(crate) async fn proposals_in(
    state: &AppState,
    township: Option<i64>,
) -> ServiceResult<Vec<PersonProposal>> {
    let rules = state.store.risk_rules().await?;
    let today = xinfang_domain::clock::local_date(state.now());
    let since = today
        .checked_sub(jiff::Span::new().months(i64::from(rules.window_months)))
        .unwrap_or(today);
    let all = state
        .store
        .key_person_proposals(rules.propose_at_petitions, since)
        .await?;
    Ok(all
        .into_iter()
        .filter(|p| township.is_none_or(|t| p.township_id == t))
        .collect())
}

/// The proposal of petitioner `petitioner_id`, if the actor may decide it.
async fn proposal(
    state: &AppState,
    actor: &Actor,
    petitioner_id: i64,
) -> ServiceResult<PersonProposal> {
    check(actor, Permission::EditKeyPersons, &Place::Somewhere)?;
    let p = proposals_in(state, None)
        .await?
        .into_iter()
        .find(|p| p.petitioner_id == petitioner_id)
        .ok_or_else(|| ServiceError::NotFound("未找到该提议（可能已处理）".into()))?;
    if check(
        actor,
        Permission::ReadKeyPersons,
        &Place::Org(p.township_id),
    )
    .is_err()
    {
        return Err(ServiceError::NotFound("未找到该提议（可能已处理）".into()));
    }
    check(
        actor,
        Permission::EditKeyPersons,
        &Place::Org(p.township_id),
    )?;
    Ok(p)
}

/// 列入 — enter the proposed petitioner in the register (their latest
/// case's township; cases link by the ID number); returns the person's id.
pub async fn confirm_proposal(
    state: &AppState,
    actor: &Actor,
    petitioner_id: i64,
    input: &ProposalDecisionInput,
) -> ServiceResult<i64> {
    let prop = proposal(state, actor, petitioner_id).await?;
    let reason = input.parse(false)?;
    let pe = state
        .store
        .petitioner(petitioner_id, &CaseScope::all())
        .await?;
    let p = KeyPerson {
        name: pe.name,
        id_number: pe.id_number,
        phone: pe.phone,
        township_id: prop.township_id,
        village_id: None,
        escalations: Vec::new(),
        intends_to_escalate: false,
        intention: None,
        notes: reason.unwrap_or_else(|| {
            format!(
                "系统提议：近期信访{}次（{}）",
                prop.petitions,
                prop.case_numbers.join("、")
            )
        }),
        guardian_user_id: None,
        guardian_name: None,
        contact_every_days: None,
        case_numbers: Vec::new(),
        screening_ids: Vec::new(),
    };
    Ok(state
        .store
        .create_key_person(&p, &[], "确认系统提议", actor, state.now())
        .await?)
}

/// 不列入 — dismiss the proposal with a reason; proposed again after a newer case.
pub async fn dismiss_proposal(
    state: &AppState,
    actor: &Actor,
    petitioner_id: i64,
    input: &ProposalDecisionInput,
) -> ServiceResult<()> {
    proposal(state, actor, petitioner_id).await?;
    let reason = input.parse(true)?.unwrap_or_default();
    Ok(state
        .store
        .dismiss_proposal(petitioner_id, &reason, actor, state.now())
        .await?)
}
