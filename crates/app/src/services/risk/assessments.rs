//! 三级研判 of screening entries: record the next level (村级 → 乡镇级 →
//! 区级, who may as the org tree says), read an entry's three levels, and
//! the 待研判 queue of each level.

use xinfang_domain::access::Actor;
use xinfang_domain::assessment::{
    AssessmentInput, AssessmentLevel, SubjectKind, check_order, next_level,
};
use xinfang_domain::permission::{Permission, Place, check, only_own_org};
use xinfang_domain::screening::ScreeningRecord;
use xinfang_store::AssessmentRecord;

use crate::json::{
    AssessmentLevelJson, AssessmentQueueJson, AssessmentsJson, QueueCountJson, QueueItemJson,
    ScreeningJson,
};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Entries a page of a queue holds.
pub const PER_PAGE: i64 = 50;

fn view(actor: &Actor, s: &ScreeningRecord, records: &[AssessmentRecord]) -> AssessmentsJson {
    view_of(
        actor,
        SubjectKind::Screening,
        s.id,
        s.entry.township_id,
        records,
    )
}

/// The three levels of subject `id` of `kind`, located in `township_id`.
pub fn view_of(
    actor: &Actor,
    kind: SubjectKind,
    id: i64,
    township_id: i64,
    records: &[AssessmentRecord],
) -> AssessmentsJson {
    let done: Vec<AssessmentLevel> = records.iter().map(|r| r.assessment.level).collect();
    let next = next_level(&done);
    let rec = |l: AssessmentLevel| records.iter().find(|r| r.assessment.level == l);
    AssessmentsJson {
        subject_kind: kind.as_str().into(),
        subject_id: id,
        levels: AssessmentLevel::ALL
            .iter()
            .map(|l| AssessmentLevelJson::of(*l, rec(*l), next))
            .collect(),
        next_level: next.map(|l| l.as_str().to_string()),
        final_grade: rec(AssessmentLevel::District).map(|r| r.assessment.grade.label().to_string()),
        may_assess: next.is_some_and(|l| actor.may(l.permission(), &Place::Org(township_id))),
    }
}

/// The three levels of entry `id` (which the actor may read).
pub async fn screening_assessments(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<AssessmentsJson> {
    let s = state.store.screening(id, &actor.case_scope()).await?;
    let records = state.store.assessments(SubjectKind::Screening, id).await?;
    Ok(view(actor, &s, &records))
}

/// Record one level of entry `id`. The order is the domain's (a level
/// before its predecessor is refused, naming `level`); the village's
/// opinion is recorded by its township's officer, for the village.
pub async fn assess_screening(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &AssessmentInput,
) -> ServiceResult<AssessmentsJson> {
    let s = state.store.screening(id, &actor.case_scope()).await?;
    // Who assesses at no level here is refused before the form is read.
    let here = Place::Org(s.entry.township_id);
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
    let records = state.store.assessments(SubjectKind::Screening, id).await?;
    let done: Vec<AssessmentLevel> = records.iter().map(|r| r.assessment.level).collect();
    check_order(a.level, &done)?;
    let org_id = match a.level {
        // An old entry without a village: its township speaks for it.
        AssessmentLevel::Village => s.entry.village_id.unwrap_or(s.entry.township_id),
        AssessmentLevel::Township => s.entry.township_id,
        AssessmentLevel::District => actor.org_id,
    };
    state
        .store
        .record_assessment(SubjectKind::Screening, id, &a, org_id, actor, state.now())
        .await?;
    screening_assessments(state, actor, id).await
}

/// `village`, `township`, `district` (or the labels, or 村级/乡镇级/区级);
/// blank: the level the actor assesses first (the district its own, a
/// township the village's).
pub fn parse_level(actor: &Actor, s: &str) -> ServiceResult<AssessmentLevel> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(if actor.may(Permission::AssessVillage, &Place::Somewhere) {
            AssessmentLevel::Village
        } else {
            AssessmentLevel::District
        });
    }
    AssessmentLevel::parse(s)
        .or_else(|| {
            AssessmentLevel::ALL
                .iter()
                .copied()
                .find(|l| l.short() == s)
        })
        .ok_or_else(|| {
            field_error(
                "level",
                "研判层级",
                format!("应为村级、乡镇级或区级，而不是“{s}”"),
            )
        })
}

/// How many entries await each level, in the actor's scope (a township's
/// own entries).
pub async fn queue_counts(state: &AppState, actor: &Actor) -> ServiceResult<Vec<QueueCountJson>> {
    let scope = actor.case_scope();
    let own = only_own_org(actor, Permission::ReadAssessmentQueue);
    let mut out = Vec::new();
    for l in AssessmentLevel::ALL {
        out.push(QueueCountJson {
            level: l.as_str().into(),
            level_label: l.label().into(),
            count: state.store.assessment_queue_count(*l, &scope, own).await?,
        });
    }
    Ok(out)
}

/// 待研判 — page `page` (from 1) of the entries awaiting `level`.
pub async fn queue(
    state: &AppState,
    actor: &Actor,
    level: AssessmentLevel,
    page: i64,
) -> ServiceResult<AssessmentQueueJson> {
    check(actor, Permission::ReadAssessmentQueue, &Place::Somewhere)?;
    let scope = actor.case_scope();
    let own = only_own_org(actor, Permission::ReadAssessmentQueue);
    let page = page.max(1);
    let items = state
        .store
        .assessment_queue(level, &scope, own, PER_PAGE, (page - 1) * PER_PAGE)
        .await?;
    let mut out = Vec::with_capacity(items.items.len());
    for s in &items.items {
        let previous = match level.previous() {
            Some(p) => state
                .store
                .assessments(SubjectKind::Screening, s.id)
                .await?
                .iter()
                .find(|r| r.assessment.level == p)
                .map(|r| AssessmentLevelJson::of(p, Some(r), Some(level))),
            None => None,
        };
        out.push(QueueItemJson {
            screening: ScreeningJson::from(s),
            previous,
        });
    }
    Ok(AssessmentQueueJson {
        level: level.as_str().into(),
        level_label: level.label().into(),
        total: items.total,
        counts: queue_counts(state, actor).await?,
        items: out,
    })
}

/// The counts of the levels `actor` assesses, for the 工作台 and 待办:
/// (label, count, level key); empty for those who assess none.
pub async fn my_queues(state: &AppState, actor: &Actor) -> ServiceResult<Vec<QueueCountJson>> {
    if !actor.may(Permission::ReadAssessmentQueue, &Place::Somewhere) {
        return Ok(Vec::new());
    }
    let mine: Vec<&str> = AssessmentLevel::ALL
        .iter()
        .filter(|l| actor.may(l.permission(), &Place::Somewhere))
        .map(|l| l.as_str())
        .collect();
    Ok(queue_counts(state, actor)
        .await?
        .into_iter()
        .filter(|c| mine.contains(&c.level.as_str()))
        .collect())
}
