//! 信访能力大提升 — training courses and the roster people who attended,
//! a course and its attendance written in one transaction with its audit row.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::training::{Course, RosterPerson, RosterPost, TrainingTopic};

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::params::Params;
use crate::{Store, StoreError, StoreResult};

/// One attendee as recorded: the roster person and their organisation's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    /// The person (organisation, post, name as then on the roster).
    #[serde(flatten)]
    pub person: RosterPerson,
    /// The organisation's name.
    pub org_name: String,
}

/// A stored course with its attendees.
#[derive(Debug, Clone, Serialize)]
pub struct CourseRecord {
    /// Id.
    pub id: i64,
    /// The course (`org_id` is the 主办单位; `attendees` by key).
    pub course: Course,
    /// 主办单位 name.
    pub org_name: String,
    /// 参训人员.
    pub attendees: Vec<Attendee>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When.
    pub recorded_at: Timestamp,
}

/// Which courses to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrainingFilter {
    /// Only courses held in this year.
    pub year: Option<i16>,
    /// Only courses this organisation held or its people attended.
    pub org_id: Option<i64>,
}

impl Store {
    /// Record a course held by `org_id` with its `attendees`, and the audit
    /// row, in one transaction. Returns the course's id.
    pub async fn record_course(
        &self,
        course: &Course,
        org_id: i64,
        attendees: &[RosterPerson],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO training_courses (org_id, course_date, topic, topic_other, half_hours, trainer,
                place, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(org_id)
        .bind(course.date.to_string())
        .bind(course.topic.as_str())
        .bind(course.topic_other.clone())
        .bind(course.half_hours)
        .bind(&course.trainer)
        .bind(&course.place)
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        for p in attendees {
            sqlx::query(
                "INSERT INTO training_attendance (course_id, org_id, post, name) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(p.org_id)
            .bind(p.post.as_str())
            .bind(&p.name)
            .execute(w.conn())
            .await?;
        }
        let after =
            serde_json::json!({ "course": course, "org_id": org_id, "attendees": attendees });
        let audit = Audit::by(actor, AuditAction::TrainingRecord, now)
            .on("training_courses", Some(id))
            .after(Some(after.to_string()));
        w.commit(audit).await?;
        Ok(id)
    }

    /// The courses `filter` admits, newest first, each with its attendees.
    pub async fn training_courses(&self, filter: TrainingFilter) -> StoreResult<Vec<CourseRecord>> {
        let mut p = Params::default();
        let mut conds: Vec<String> = Vec::new();
        if let Some(y) = filter.year {
            conds.push(format!(
                "t.course_date >= {}",
                p.text(format!("{y:04}-01-01"))
            ));
            conds.push(format!(
                "t.course_date < {}",
                p.text(format!("{:04}-01-01", y + 1))
            ));
        }
        if let Some(o) = filter.org_id {
            let a = p.int(o);
            let b = p.int(o);
            conds.push(format!(
                "(t.org_id = {a} OR t.id IN (SELECT course_id FROM training_attendance WHERE org_id = {b}))"
            ));
        }
        let wher = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let rows = self
            .rows_with(
                &p,
                format!(
                    "SELECT t.*, o.name AS org_name, u.display_name AS recorded_by_name
                     FROM training_courses t JOIN orgs o ON o.id = t.org_id
                     LEFT JOIN users u ON u.id = t.recorded_by {wher}
                     ORDER BY t.course_date DESC, t.id DESC"
                ),
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let date = r.text("course_date")?;
            out.push(CourseRecord {
                id: r.int("id")?,
                course: Course {
                    org_id: Some(r.int("org_id")?),
                    date: Date::strptime("%Y-%m-%d", &date)
                        .map_err(|e| StoreError::Other(format!("course_date {date}: {e}")))?,
                    topic: r.key("topic", TrainingTopic::parse)?,
                    topic_other: r.text_opt("topic_other")?,
                    half_hours: r.int("half_hours")?,
                    trainer: r.text("trainer")?,
                    place: r.text("place")?,
                    attendees: Vec::new(),
                },
                org_name: r.text("org_name")?,
                attendees: Vec::new(),
                recorded_by: r.text_opt("recorded_by_name")?,
                recorded_at: r.time("recorded_at")?,
            });
        }
        if out.is_empty() {
            return Ok(out);
        }
        let links = self
            .rows_with(
                &p,
                format!(
                    "SELECT a.course_id, a.org_id, a.post, a.name, o.name AS org_name
                     FROM training_attendance a JOIN orgs o ON o.id = a.org_id
                     WHERE a.course_id IN (SELECT t.id FROM training_courses t {wher})
                     ORDER BY o.code, a.post DESC"
                ),
            )
            .await?;
        for r in links {
            let course_id = r.int("course_id")?;
            let person = RosterPerson {
                org_id: r.int("org_id")?,
                post: r.key("post", RosterPost::parse)?,
                name: r.text("name")?,
            };
            if let Some(c) = out.iter_mut().find(|c| c.id == course_id) {
                c.course.attendees.push((person.org_id, person.post));
                c.attendees.push(Attendee {
                    person,
                    org_name: r.text("org_name")?,
                });
            }
        }
        Ok(out)
    }
}
