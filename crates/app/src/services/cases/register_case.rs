//! 接 — registering a case, with repeat detection (重复访).

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::case::{Case, RegistrationInput};
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::vocab::CaseKind;

use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Whether a case's matter is final: its 复核 opinion was delivered.
async fn is_final(state: &AppState, actor: &Actor, case_id: i64) -> ServiceResult<bool> {
    use xinfang_domain::workflow::{ReviewStage, Step};
    let events = state
        .store
        .case_events(case_id, &actor.case_scope())
        .await?;
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

/// Register a case typed in by `actor`.
///
/// When the petitioner's ID number has a case of the same category in the
/// last twelve months and the officer has not yet decided, nothing is
/// written and [`ServiceError::RepeatSuspected`] lists the earlier cases; the
/// officer then confirms (`repeat_decision = confirm`: registered as 重复访
/// and linked) or overrides (`override`: registered as typed).
pub async fn register_case(
    state: &AppState,
    actor: &Actor,
    input: &RegistrationInput,
    now: Timestamp,
) -> ServiceResult<Case> {
    check(actor, Permission::RegisterCase, &Place::Somewhere)?;
    let mut new = input.parse()?;
    if new.received_at > now + jiff::SignedDuration::from_mins(10) {
        return Err(field_error("received_at", "接待日期", "不能晚于当前时间"));
    }

    let township = state
        .store
        .org(new.township_id)
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
    if let Some(vid) = new.village_id {
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
    }
    if let Some(rid) = new.related_case_id {
        state
            .store
            .case(rid, &actor.case_scope())
            .await
            .map_err(|_| {
                field_error("related_case_id", "关联案件", "关联的案件不存在或无权查看")
            })?;
    }

    let decision = input.repeat_decision.trim();
    if let Some(idn) = new.petitioner.as_ref().and_then(|p| p.id_number.as_ref())
        && new.related_case_id.is_none()
        && decision != "override"
    {
        let earlier = state
            .store
            .repeat_candidates(
                idn.as_str(),
                new.category,
                new.received_at,
                &actor.case_scope(),
            )
            .await?;
        if let Some(first) = earlier.first() {
            if decision != "confirm" {
                return Err(ServiceError::RepeatSuspected(earlier));
            }
            // 《信访工作条例》第三十六条: after 复核 the same facts and reasons are not accepted again.
            if is_final(state, actor, first.id).await? {
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
    }

    let settings = state.deadline_settings().await?;
    let signals = [(xinfang_domain::deadlines::Signal::Received, new.received_at)];
    let milestones = crate::services::deadlines::milestones::milestone_rows(
        &settings,
        new.kind,
        &signals,
        &[],
        now,
    );
    Ok(state
        .store
        .register_case(&new, &state.config.case_prefix, &milestones, actor, now)
        .await?)
}
