//! 登记培训 — a course and which roster people attended: the district for
//! anyone, a township for its own people only; one transaction with its audit row.

use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::training::{CourseInput, RosterPerson, people_of};
use xinfang_store::{CourseRecord, TrainingFilter};

use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Record a course. Every field is checked first; the 主办单位 (blank: the
/// recorder's own) and every attendee must be within the recorder's reach,
/// and every attendee named on the roster now.
pub async fn record_course(
    state: &AppState,
    actor: &Actor,
    input: &CourseInput,
) -> ServiceResult<CourseRecord> {
    check(actor, Permission::RecordTraining, &Place::Somewhere)?;
    let now = state.now();
    let course = input.parse(xinfang_domain::clock::local_date(now))?;
    let org = state
        .store
        .org(course.org_id.unwrap_or(actor.org_id))
        .await
        .map_err(|_| field_error("org_id", "主办单位", "没有这个单位"))?;
    check(actor, Permission::RecordTraining, &Place::Org(org.id))?;
    let roster = state.store.roster(None).await?;
    let mut people: Vec<RosterPerson> = Vec::with_capacity(course.attendees.len());
    let mut unknown: Vec<String> = Vec::new();
    for (org_id, post) in &course.attendees {
        check(actor, Permission::RecordTraining, &Place::Org(*org_id))?;
        let found = roster
            .iter()
            .filter(|e| e.org_id == *org_id)
            .flat_map(people_of)
            .find(|p| p.post == *post);
        match found {
            Some(p) => people.push(p),
            None => {
                let name = roster
                    .iter()
                    .find(|e| e.org_id == *org_id)
                    .map_or_else(|| format!("单位{org_id}"), |e| e.org_name.clone());
                unknown.push(format!("{name}{}", post.label()));
            }
        }
    }
    if !unknown.is_empty() {
        return Err(field_error(
            "attendees",
            "参训人员",
            format!(
                "{}未在干部队伍统计表（附件3）中登记，请先填写干部队伍",
                unknown.join("、")
            ),
        ));
    }
    // A form sent twice must not count its hours twice.
    let same_year = state
        .store
        .training_courses(TrainingFilter {
            year: Some(course.date.year()),
            org_id: Some(org.id),
        })
        .await?;
    if same_year.iter().any(|c| {
        c.course.org_id == Some(org.id)
            && c.course.date == course.date
            && c.course.topic == course.topic
            && c.course.topic_other == course.topic_other
            && c.course.trainer == course.trainer
    }) {
        return Err(ServiceError::Conflict(format!(
            "{}已登记过{}的“{}”培训（授课人{}），请勿重复登记",
            org.name,
            course.date,
            course.topic_label(),
            course.trainer
        )));
    }
    let id = state
        .store
        .record_course(&course, org.id, &people, actor, now)
        .await?;
    state
        .store
        .training_courses(TrainingFilter {
            year: Some(course.date.year()),
            org_id: Some(org.id),
        })
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| ServiceError::Internal(format!("course {id} not read back")))
}
