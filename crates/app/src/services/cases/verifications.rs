//! 实地跟踪核查 — the inspection group or the district records a verification
//! on a case; a 需整改 verdict starts a 整改 clock for the case's responsible
//! unit, which answers with its 整改情况.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::verification::{
    RectificationFacts, RectificationInput, Verdict, VerificationInput,
};
use xinfang_store::{NewVerification, VerificationRecord};

use crate::services::deadlines::milestones::{case_milestones, rectification_rows};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Record a verification on case `id`; returns its id. A 需整改 verdict on
/// a case not yet assigned is refused: there is no unit to rectify.
pub async fn record_verification(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &VerificationInput,
    now: Timestamp,
) -> ServiceResult<i64> {
    let scope = actor.case_scope();
    let case = state.store.case(id, &scope).await?;
    check(actor, Permission::RecordVerification, &Place::case(&case))?;
    let verification = input.parse(case.received_at, now)?;
    let unit_id = case.units.iter().find(|u| u.lead).map(|u| u.org_id);
    if verification.verdict == Verdict::NeedsRectification && unit_id.is_none() {
        return Err(field_error(
            "verdict",
            "核查结论",
            "案件尚未转办，没有责任单位可以整改",
        ));
    }
    let settings = state.deadline_settings().await?;
    let events = state.store.case_events(id, &scope).await?;
    let before = case_milestones(state, &settings, &case, &events, None, now).await?;
    let milestones = |new_id: i64| {
        let mut rows = before;
        if let Some(d) = &verification.rectification {
            let facts = RectificationFacts {
                verification_id: new_id,
                verified_at: verification.at,
                due_on: d.due_on,
                answered_at: None,
            };
            rows.extend(rectification_rows(&settings, &[facts], now));
        }
        rows
    };
    let new = NewVerification {
        case_id: id,
        verification: &verification,
        unit_id,
    };
    Ok(state
        .store
        .add_verification(new, milestones, actor, now)
        .await?)
}

/// Answer the rectification verification `vid` of case `id` demanded: the
/// unit's 整改情况, which meets its clock. 404 for a verification not of
/// this case; 409 when it demanded none or was answered already.
pub async fn answer_rectification(
    state: &AppState,
    actor: &Actor,
    id: i64,
    vid: i64,
    input: &RectificationInput,
    now: Timestamp,
) -> ServiceResult<()> {
    let scope = actor.case_scope();
    let case = state.store.case(id, &scope).await?;
    check(actor, Permission::AnswerRectification, &Place::case(&case))?;
    let all = state.store.verifications(id, &scope).await?;
    let v = all
        .iter()
        .find(|v| v.id == vid)
        .ok_or_else(|| ServiceError::NotFound("未找到该核查记录".into()))?;
    if v.verification.rectification.is_none() {
        return Err(ServiceError::NotNow(
            "该次核查的结论不是需整改，无需报送整改情况".into(),
        ));
    }
    if v.answer.is_some() {
        return Err(ServiceError::NotNow("该整改要求已报送整改情况".into()));
    }
    let answer = input.parse(v.verification.at, now)?;
    if let Some(aid) = answer.attachment_id
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
            "所选附件不属于本案，请先在案件页上传佐证材料",
        ));
    }
    // The case's clocks with this one met: computed from the stored
    // verifications, then this clock replaced by its answered self.
    let settings = state.deadline_settings().await?;
    let events = state.store.case_events(id, &scope).await?;
    let mut rows = case_milestones(state, &settings, &case, &events, None, now).await?;
    let key = xinfang_domain::verification::rectification_key(vid);
    rows.retain(|r| r.key != key);
    if let Some(facts) = v.rectification_facts() {
        let met = RectificationFacts {
            answered_at: Some(answer.at),
            ..facts
        };
        rows.extend(rectification_rows(&settings, &[met], now));
    }
    Ok(state
        .store
        .answer_rectification(id, vid, &answer, &rows, actor, now)
        .await?)
}

/// A case's verifications, as the actor may read them.
pub async fn verifications(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<Vec<VerificationRecord>> {
    Ok(state.store.verifications(id, &actor.case_scope()).await?)
}

/// 待整改: the open rectifications on the cases the actor may read, soonest due first.
pub async fn open_rectifications(
    state: &AppState,
    actor: &Actor,
) -> ServiceResult<Vec<(String, VerificationRecord)>> {
    Ok(state.store.open_rectifications(&actor.case_scope()).await?)
}
