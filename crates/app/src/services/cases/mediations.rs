//! 调解 — record a mediation on a case: load in scope, check the rule, parse
//! the form, check the signed agreement is the case's own, one transaction.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::mediation::MediationInput;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::MediationRecord;

use crate::services::{ServiceResult, field_error};
use crate::state::AppState;

/// Record a mediation on case `id`; returns its id. Refused (403) to those
/// who do not handle the case; 404 outside the scope; 422 naming the field.
pub async fn record_mediation(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &MediationInput,
    now: Timestamp,
) -> ServiceResult<i64> {
    let scope = actor.case_scope();
    let case = state.store.case(id, &scope).await?;
    check(actor, Permission::RecordMediation, &Place::case(&case))?;
    let mediation = input.parse(case.received_at, now)?;
    if let Some(aid) = mediation.attachment_id
        && !state
            .store
            .attachments(id, &scope)
            .await?
            .iter()
            .any(|a| a.id == aid)
    {
        return Err(field_error(
            "attachment_id",
            "签字协议书",
            "所选附件不属于本案，请先在案件页上传签字协议书",
        ));
    }
    Ok(state
        .store
        .add_mediation(id, &mediation, actor, now)
        .await?)
}

/// A case's mediations, as the actor may read them.
pub async fn mediations(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<Vec<MediationRecord>> {
    Ok(state.store.mediations(id, &actor.case_scope()).await?)
}
