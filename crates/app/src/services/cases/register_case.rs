//! 接 — registering a case, with repeat detection (重复访) across the district.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::case::{Case, RegistrationInput};
use xinfang_domain::org::{Org, OrgKind};
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::repeat::{PersonHistory, PersonMarks, RepeatDecision, RepeatRecord};
use xinfang_domain::vocab::{CaseKind, Category};

use xinfang_store::CaseRecords;

use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Whether a case's matter is final: its 复核 opinion was delivered. Read
/// whatever the registrant's scope: it decides only a remark on the new case.
async fn is_final(state: &AppState, case_id: i64) -> ServiceResult<bool> {
    use xinfang_domain::workflow::{ReviewStage, Step};
    let events = state.store.case_events(case_id, &CaseScope::all()).await?;
    Ok(events.iter().any(|e| {
        matches!(
            serde_json::from_value::<Step>(e.data.clone()),
            Ok(Step::Review {
                stage: ReviewStage::ReReviewDecided,
                ..
            })
        )
    }))
}

/// Check where a case is located: a township, a village of it, and one the
/// actor may register in (a township officer: their own). Returns both.
pub(crate) async fn check_place(
    state: &AppState,
    actor: &Actor,
    township_id: i64,
    village_id: Option<i64>,
) -> ServiceResult<(Org, Option<Org>)> {
    let township = state
        .store
        .org(township_id)
        .await
        .map_err(|_| field_error("township_id", "问题所属乡镇", "没有这个乡镇"))?;
    if township.kind != OrgKind::Township {
        return Err(field_error(
            "township_id",
            "问题所属乡镇",
            format!("“{}”不是乡镇/街道", township.name),
        ));
    }
    if !actor.may(Permission::RegisterCase, &Place::Org(township.id)) {
        return Err(field_error(
            "township_id",
            "问题所属乡镇",
            "乡镇专干只能登记本乡镇的案件",
        ));
    }
    let village = match village_id {
        None => None,
        Some(vid) => {
            let village = state
                .store
                .org(vid)
                .await
                .map_err(|_| field_error("village_id", "村/社区", "没有这个村/社区"))?;
            if village.kind != OrgKind::Village || village.parent_id != Some(township.id) {
                return Err(field_error(
                    "village_id",
                    "村/社区",
                    format!("“{}”不属于{}", village.name, township.name),
                ));
            }
            Some(village)
        }
    };
    Ok((township, village))
}

/// The petitions of the person with `marks` anywhere in the district in the
/// twelve months up to `received_at` (without `except`): same category as
/// suspected repeats, the others counted. Cases outside `actor`'s scope
/// are named without their content.
pub async fn person_history(
    state: &AppState,
    actor: &Actor,
    marks: &PersonMarks,
    category: Category,
    received_at: Timestamp,
    except: Option<i64>,
) -> ServiceResult<PersonHistory> {
    let found = state
        .store
        .prior_cases(marks, received_at, except, &actor.case_scope())
        .await?;
    Ok(PersonHistory::of(marks, category, received_at, found))
}

/// A case just registered, with what its view shows that the
/// registration already knows: its records as written, and how many
/// petitions of other categories its petitioner has in the twelve months up
/// to it (此人近12个月另有N件信访; None when the repeat check did not run,
/// for a case given a related case: the view asks then).
#[derive(Debug)]
pub struct Registered {
    pub case: Case,
    pub records: CaseRecords,
    pub other_petitions: Option<usize>,
}

/// Register a case typed in by `actor` (see [`register`]).
pub async fn register_case(
    state: &AppState,
    actor: &Actor,
    input: &RegistrationInput,
    now: Timestamp,
) -> ServiceResult<Case> {
    Ok(register(state, actor, input, now).await?.case)
}

/// Register a case typed in by `actor`.
///
/// The petitioner is matched across the whole district, whatever the
/// officer's scope: by ID number, or without one by name and phone or name
/// and village. When they have a case of the same category in the last
/// twelve months and the officer has not yet decided, nothing is written
/// and [`ServiceError::RepeatSuspected`] names the earlier cases; the
/// officer then confirms (`repeat_decision = confirm`: registered as 重复访
/// and linked to the newest) or overrides (`override`: registered as
/// typed). Either answer is kept with the case, on its timeline and in the
/// audit trail, for the district to review.
pub async fn register(
    state: &AppState,
    actor: &Actor,
    input: &RegistrationInput,
    now: Timestamp,
) -> ServiceResult<Registered> {
    check(actor, Permission::RegisterCase, &Place::Somewhere)?;
    let mut new = input.parse()?;
    if new.received_at > now + jiff::SignedDuration::from_mins(10) {
        return Err(field_error("received_at", "接待日期", "不能晚于当前时间"));
    }
    check_place(state, actor, new.township_id, new.village_id).await?;
    if let Some(rid) = new.related_case_id {
        state
            .store
            .case(rid, &actor.case_scope())
            .await
            .map_err(|_| {
                field_error("related_case_id", "关联案件", "关联的案件不存在或无权查看")
            })?;
    }

    // Parsed above: a value here is confirm or override.
    let decision = RepeatDecision::parse(&input.repeat_decision);
    // No petitioner, no other petitions; a related case given skips the check.
    let mut other_petitions = new.petitioner.is_none().then_some(0);
    if let Some(p) = new.petitioner.as_ref()
        && new.related_case_id.is_none()
    {
        let marks = state.store.person_marks(p, new.village_id);
        let history =
            person_history(state, actor, &marks, new.category, new.received_at, None).await?;
        other_petitions = Some(history.other_categories);
        if let Some(first) = history.repeats.first() {
            let Some(decision) = decision else {
                return Err(ServiceError::RepeatSuspected(history));
            };
            if decision == RepeatDecision::Confirm {
                // 《信访工作条例》第三十六条: after 复核 the same facts and reasons are not accepted again.
                if is_final(state, first.id).await? {
                    let note = format!("【{}已复核终结，同一事实和理由不再受理】", first.number);
                    new.remarks = Some(match new.remarks.take() {
                        Some(r) => format!("{note}{r}"),
                        None => note,
                    });
                }
                if new.kind != CaseKind::Escalated {
                    new.kind = CaseKind::Repeat;
                }
                new.related_case_id = Some(first.id);
            }
            new.repeat = Some(RepeatRecord::new(decision, &history.repeats));
        }
    }

    let settings = state.deadline_settings().await?;
    let signals = [(xinfang_domain::deadlines::Signal::Received, new.received_at)];
    let mut milestones = crate::services::deadlines::milestones::milestone_rows(
        &settings,
        new.kind,
        &signals,
        &[],
        now,
    );
    // A case registered as 积案 starts its contact rhythm at once.
    let backlog = new
        .backlog
        .then_some(xinfang_domain::backlog::BacklogFacts {
            backlog: true,
            listed_at: new.received_at,
            plan_due_at: None,
            plan_set_at: None,
            resolved_at: None,
            last_contact_at: None,
        });
    milestones.extend(
        crate::services::deadlines::milestones::backlog_rows(
            state,
            &settings,
            backlog.as_ref(),
            now,
        )
        .await?,
    );
    let (case, records) = state
        .store
        .register_case_with_records(&new, &state.config.case_prefix, &milestones, actor, now)
        .await?;
    Ok(Registered {
        case,
        records,
        other_petitions,
    })
}
