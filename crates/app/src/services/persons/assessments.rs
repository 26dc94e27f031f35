//! 三级研判 of a key person, as of a screening entry (the levels, order and
//! rules are the same): the district's grade becomes the person's 研判等级.

use xinfang_domain::access::Actor;
use xinfang_domain::assessment::{AssessmentInput, AssessmentLevel, SubjectKind, check_order};
use xinfang_domain::permission::{Place, check};

use crate::json::AssessmentsJson;
use crate::services::risk::assessments::view_of;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The three levels of key person `id` (whom the actor may read).
pub async fn person_assessments(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<AssessmentsJson> {
    let p = super::list::person_view(state, actor, id).await?;
    let township = p.person.record.person.township_id;
    let records = state.store.assessments(SubjectKind::Person, id).await?;
    Ok(view_of(actor, SubjectKind::Person, id, township, &records))
}

/// Record one level of key person `id`, as for a screening entry; the
/// district's grade becomes the person's 研判等级 (which then sets duties).
pub async fn assess_person(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &AssessmentInput,
) -> ServiceResult<AssessmentsJson> {
    let p = super::list::person_view(state, actor, id).await?;
    let person = &p.person.record.person;
    let here = Place::Org(person.township_id);
    if !AssessmentLevel::ALL
        .iter()
        .any(|l| actor.may(l.permission(), &here))
    {
        return Err(ServiceError::Forbidden(
            "只有本乡镇专干（村级、乡镇级）和区乡村振兴局（区级）可以进行三级研判".into(),
        ));
    }
    let a = input.parse()?;
    check(actor, a.level.permission(), &here)?;
    let records = state.store.assessments(SubjectKind::Person, id).await?;
    let done: Vec<AssessmentLevel> = records.iter().map(|r| r.assessment.level).collect();
    check_order(a.level, &done)?;
    let org_id = match a.level {
        AssessmentLevel::Village => person.village_id.unwrap_or(person.township_id),
        AssessmentLevel::Township => person.township_id,
        AssessmentLevel::District => actor.org_id,
    };
    state
        .store
        .record_assessment(SubjectKind::Person, id, &a, org_id, actor, state.now())
        .await?;
    person_assessments(state, actor, id).await
}
