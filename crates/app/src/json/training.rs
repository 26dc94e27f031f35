//! 干部培训 as JSON: courses with their attendees, and each organisation's coverage.

use serde::Serialize;
use xinfang_domain::training::{Coverage, RosterPerson, topic_label};
use xinfang_store::CourseRecord;

use super::t;

/// Hours as a number: half hours / 2.
pub fn hours(half_hours: i64) -> f64 {
    // Half hours of a year's courses stay far below 2^52: exact.
    #[expect(clippy::cast_precision_loss, reason = "small whole numbers")]
    let h = half_hours as f64;
    h / 2.0
}

/// A person on the roster (附件3).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterPersonJson {
    /// The key a course names them by: `12:cadre`, `12:leader`
    pub key: String,
    /// Organisation id
    pub org_id: i64,
    /// 岗位: 分管领导 or 涉贫信访专干
    pub post: String,
    /// 姓名
    pub name: String,
}

impl From<&RosterPerson> for RosterPersonJson {
    fn from(p: &RosterPerson) -> Self {
        RosterPersonJson {
            key: p.key(),
            org_id: p.org_id,
            post: p.post.label().into(),
            name: p.name.clone(),
        }
    }
}

/// One attendee of a course.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttendeeJson {
    /// The person
    #[serde(flatten)]
    pub person: RosterPersonJson,
    /// 单位
    pub org: String,
}

/// 培训课程.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CourseJson {
    /// Id
    pub id: i64,
    /// 主办单位 (organisation id)
    pub org_id: i64,
    /// 主办单位
    pub org: String,
    /// 培训日期, YYYY-MM-DD
    pub date: String,
    /// 培训主题: 政策宣传, 法律知识, 舆情应对, 矛盾调处, 预警预判, 综合协调 or 其他
    pub topic: String,
    /// 其他主题, with 其他
    pub topic_other: Option<String>,
    /// 培训主题 as shown (其他（…）)
    pub topic_label: String,
    /// 学时
    pub hours: f64,
    /// 授课人
    pub trainer: String,
    /// 培训地点
    pub place: String,
    /// 参训人员 (those within the caller's reach)
    pub attendees: Vec<AttendeeJson>,
    /// Who recorded it
    pub recorded_by: Option<String>,
    /// When, RFC 3339 with +08:00
    pub recorded_at: String,
}

impl From<&CourseRecord> for CourseJson {
    fn from(c: &CourseRecord) -> Self {
        CourseJson {
            id: c.id,
            org_id: c.course.org_id.unwrap_or_default(),
            org: c.org_name.clone(),
            date: c.course.date.to_string(),
            topic: c.course.topic.label().into(),
            topic_other: c.course.topic_other.clone(),
            topic_label: topic_label(c.course.topic, c.course.topic_other.as_deref()),
            hours: hours(c.course.half_hours),
            trainer: c.course.trainer.clone(),
            place: c.course.place.clone(),
            attendees: c
                .attendees
                .iter()
                .map(|a| AttendeeJson {
                    person: RosterPersonJson::from(&a.person),
                    org: a.org_name.clone(),
                })
                .collect(),
            recorded_by: c.recorded_by.clone(),
            recorded_at: t(c.recorded_at),
        }
    }
}

/// One course a person attended.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionJson {
    /// Course id
    pub course_id: i64,
    /// 培训日期, YYYY-MM-DD
    pub date: String,
    /// 培训主题 as shown
    pub topic: String,
    /// 学时
    pub hours: f64,
}

/// A roster person and the courses they attended in the year.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonTrainingJson {
    /// The person
    #[serde(flatten)]
    pub person: RosterPersonJson,
    /// 学时 this year
    pub hours: f64,
    /// Their courses, oldest first
    pub sessions: Vec<SessionJson>,
}

/// One organisation's training in the year.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CoverageJson {
    /// Organisation id
    pub org_id: i64,
    /// 单位
    pub org: String,
    /// 学时: every hour its people spent in courses this year (a cadre since replaced included)
    pub hours: f64,
    /// People on its roster row now
    pub people: usize,
    /// Of them, trained at least once this year
    pub trained: usize,
    /// 未培训: those not yet trained this year
    pub untrained: Vec<RosterPersonJson>,
    /// Each person with their courses
    pub persons: Vec<PersonTrainingJson>,
}

impl From<&Coverage> for CoverageJson {
    fn from(c: &Coverage) -> Self {
        CoverageJson {
            org_id: c.org_id,
            org: c.org_name.clone(),
            hours: hours(c.half_hours),
            people: c.people.len(),
            trained: c.trained(),
            untrained: c
                .untrained()
                .into_iter()
                .map(RosterPersonJson::from)
                .collect(),
            persons: c
                .people
                .iter()
                .map(|p| PersonTrainingJson {
                    person: RosterPersonJson::from(&p.person),
                    hours: hours(p.sessions.iter().map(|s| s.half_hours).sum()),
                    sessions: p
                        .sessions
                        .iter()
                        .map(|s| SessionJson {
                            course_id: s.course_id,
                            date: s.date.to_string(),
                            topic: s.topic.clone(),
                            hours: hours(s.half_hours),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// 干部培训 for a year.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrainingJson {
    /// 年度
    pub year: i16,
    /// The township asked for, if any
    pub township: Option<String>,
    /// People on the roster within reach
    pub people: usize,
    /// Of them, trained this year
    pub trained: usize,
    /// 学时 in all
    pub hours: f64,
    /// The courses, newest first
    pub courses: Vec<CourseJson>,
    /// Per organisation on the roster, in code order
    pub townships: Vec<CoverageJson>,
}
