//! 记录问责 — the district records an accountability action against a unit,
//! linked to one or more cases: permission, parse, look-ups, one transaction.

use xinfang_domain::access::Actor;
use xinfang_domain::accountability::AccountabilityInput;
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::{AccountabilityFilter, AccountabilityRecord, LinkedCase, StoreError};

use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Record an action (district roles). Every field is checked first; then
/// the unit and each case number are looked up, and a wrong one is named in
/// its field. The action, a timeline event on each case and the audit row
/// are written in one transaction.
pub async fn record_accountability(
    state: &AppState,
    actor: &Actor,
    input: &AccountabilityInput,
) -> ServiceResult<AccountabilityRecord> {
    check(actor, Permission::RecordAccountability, &Place::Somewhere)?;
    let now = state.now();
    let action = input.parse(xinfang_domain::clock::local_date(now))?;
    let unit = state
        .store
        .org(action.unit_id)
        .await
        .map_err(|_| field_error("unit_id", "被问责单位", "没有这个单位"))?;
    if !matches!(
        unit.kind,
        OrgKind::Township | OrgKind::Department | OrgKind::Bureau
    ) {
        return Err(field_error(
            "unit_id",
            "被问责单位",
            "被问责单位应为乡镇（街道）或区直单位",
        ));
    }
    check(
        actor,
        Permission::RecordAccountability,
        &Place::Org(unit.id),
    )?;
    let scope = actor.case_scope();
    let mut cases = Vec::with_capacity(action.case_numbers.len());
    let mut missing = Vec::new();
    for number in &action.case_numbers {
        match state.store.case_by_number(number, &scope).await {
            Ok(c) => cases.push(LinkedCase {
                id: c.id,
                number: c.number,
                township_id: c.township_id,
            }),
            Err(StoreError::NotFound(_)) => missing.push(number.as_str()),
            Err(e) => return Err(e.into()),
        }
    }
    if !missing.is_empty() {
        return Err(field_error(
            "cases",
            "关联案件",
            format!("没有编号为“{}”的案件", missing.join("、")),
        ));
    }
    let id = state
        .store
        .record_accountability(&action, &unit.name, &cases, actor, now)
        .await?;
    state
        .store
        .accountability_actions(AccountabilityFilter {
            unit_id: Some(unit.id),
            ..AccountabilityFilter::default()
        })
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| ServiceError::Internal(format!("accountability action {id} not read back")))
}
