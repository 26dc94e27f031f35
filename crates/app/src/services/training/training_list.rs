//! 干部培训 — a year's courses and each organisation's coverage (hours,
//! people trained and not) as the viewer may see them.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, check, may, only_own_org};
use xinfang_domain::training::{Attendance, Coverage, coverage, people_of, topic_label};
use xinfang_store::{CourseRecord, TrainingFilter};

use crate::json::{CourseJson, CoverageJson, TrainingJson, hours};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// What the 干部培训 page and `GET /api/v1/training` show.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingView {
    /// 年度.
    pub year: i16,
    /// The township asked for, by name.
    pub township: Option<String>,
    /// The courses, newest first (attendees outside the viewer's reach left out).
    pub courses: Vec<CourseRecord>,
    /// Per organisation on the roster: hours, people and who is not yet trained.
    pub coverage: Vec<Coverage>,
    /// The viewer reads only their own organisation.
    pub own_only: bool,
    /// The viewer may record a course.
    pub may_record: bool,
    /// The roster people the viewer may record attending, for the form.
    pub choices: Vec<PersonChoice>,
}

/// A roster person offered on the course form.
#[derive(Debug, Clone, Serialize)]
pub struct PersonChoice {
    /// `12:cadre`.
    pub key: String,
    /// 单位.
    pub org_name: String,
    /// 岗位.
    pub post: &'static str,
    /// 姓名.
    pub name: String,
}

impl TrainingView {
    /// 合计: people on the roster, trained, and half hours.
    pub fn totals(&self) -> (usize, usize, i64) {
        self.coverage.iter().fold((0, 0, 0), |(p, t, h), c| {
            (p + c.people.len(), t + c.trained(), h + c.half_hours)
        })
    }
}

/// The year typed (blank: this year).
pub fn year_or_this(state: &AppState, typed: &str) -> ServiceResult<i16> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(xinfang_domain::clock::local_date(state.now()).year());
    }
    match t.parse::<i16>() {
        Ok(y) if (2000..=2100).contains(&y) => Ok(y),
        _ => Err(field_error("year", "年度", "应为2000至2100之间的年份")),
    }
}

/// The attendances of `courses`, for [`coverage`].
pub fn attendances(courses: &[CourseRecord]) -> Vec<Attendance> {
    courses
        .iter()
        .flat_map(|c| {
            c.attendees.iter().map(|a| Attendance {
                person: a.person.clone(),
                course_id: c.id,
                date: c.course.date,
                topic: topic_label(c.course.topic, c.course.topic_other.as_deref()),
                half_hours: c.course.half_hours,
            })
        })
        .collect()
}

/// A year's training, of one township (by name, short name or id) when given.
pub async fn training_list(
    state: &AppState,
    actor: &Actor,
    year: i16,
    township: &str,
) -> ServiceResult<TrainingView> {
    check(actor, Permission::ReadTraining, &Place::Somewhere)?;
    let own = only_own_org(actor, Permission::ReadTraining);
    let wanted = if township.trim().is_empty() {
        None
    } else {
        Some(crate::services::townships::township_named(state, township).await?)
    };
    if let (Some(own), Some(w)) = (own, &wanted)
        && w.id != own
    {
        return Err(ServiceError::Forbidden(
            Permission::ReadTraining.rule().refusal.into(),
        ));
    }
    let org_id = own.or(wanted.as_ref().map(|w| w.id));
    let mut courses = state
        .store
        .training_courses(TrainingFilter {
            year: Some(year),
            org_id,
        })
        .await?;
    if let Some(o) = org_id {
        for c in &mut courses {
            c.attendees.retain(|a| a.person.org_id == o);
            c.course.attendees.retain(|(id, _)| *id == o);
        }
    }
    let roster: Vec<_> = state
        .store
        .roster(org_id)
        .await?
        .into_iter()
        .filter(|e| may(actor, Permission::ReadTraining, &Place::Org(e.org_id)))
        .collect();
    let may_record = may(actor, Permission::RecordTraining, &Place::Somewhere);
    let choices = if may_record {
        state
            .store
            .roster(None)
            .await?
            .iter()
            .filter(|e| may(actor, Permission::RecordTraining, &Place::Org(e.org_id)))
            .flat_map(|e| {
                people_of(e).into_iter().map(|p| PersonChoice {
                    key: p.key(),
                    org_name: e.org_name.clone(),
                    post: p.post.label(),
                    name: p.name,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(TrainingView {
        choices,
        year,
        township: wanted.map(|w| w.name),
        coverage: coverage(&roster, &attendances(&courses)),
        courses,
        own_only: own.is_some(),
        may_record,
    })
}

/// The view as `GET /api/v1/training` answers it.
pub fn training_json(v: &TrainingView) -> TrainingJson {
    let (people, trained, half) = v.totals();
    TrainingJson {
        year: v.year,
        township: v.township.clone(),
        people,
        trained,
        hours: hours(half),
        courses: v.courses.iter().map(CourseJson::from).collect(),
        townships: v.coverage.iter().map(CoverageJson::from).collect(),
    }
}
