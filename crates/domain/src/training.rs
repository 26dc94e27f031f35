//! 信访能力大提升 — cadre training: a course (the plan's six abilities, or
//! other), who on the Annex 3 roster attended, and each township's coverage.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::case_ledger::day;
use crate::duties::{Audience, Duty};
use crate::errors::{FieldErrors, FieldReader};
use crate::labelled_enum;
use crate::roster::RosterEntry;

labelled_enum! {
    /// 培训主题 — the six abilities the plan asks to raise, or other.
    pub enum TrainingTopic {
        /// 政策宣传能力
        Policy => ("policy", "政策宣传"),
        /// 法律知识能力
        Law => ("law", "法律知识"),
        /// 舆情应对能力
        PublicOpinion => ("public_opinion", "舆情应对"),
        /// 矛盾调处能力
        Mediation => ("mediation", "矛盾调处"),
        /// 预警预判能力
        EarlyWarning => ("early_warning", "预警预判"),
        /// 综合协调能力
        Coordination => ("coordination", "综合协调"),
        /// 其他 — the course says what (`topic_other`).
        Other => ("other", "其他"),
    }
}

labelled_enum! {
    /// 岗位 — the two people of an organisation's roster row.
    pub enum RosterPost {
        /// 分管领导
        Leader => ("leader", "分管领导"),
        /// 涉贫信访专干
        Cadre => ("cadre", "涉贫信访专干"),
    }
}

/// One person on the roster: an organisation's leader or cadre, by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RosterPerson {
    /// The organisation.
    pub org_id: i64,
    /// 岗位.
    pub post: RosterPost,
    /// 姓名 as on the roster.
    pub name: String,
}

impl RosterPerson {
    /// The key a form or JSON body names this person by: `12:cadre`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.org_id, self.post.as_str())
    }
}

/// The people on one roster row: the named leader and cadre.
pub fn people_of(e: &RosterEntry) -> Vec<RosterPerson> {
    [
        (RosterPost::Leader, &e.leader_name),
        (RosterPost::Cadre, &e.cadre_name),
    ]
    .into_iter()
    .filter(|(_, n)| !n.trim().is_empty())
    .map(|(post, n)| RosterPerson {
        org_id: e.org_id,
        post,
        name: n.trim().to_string(),
    })
    .collect()
}

/// A person named by key: `12:cadre` (organisation id and post).
pub fn parse_person_key(key: &str) -> Option<(i64, RosterPost)> {
    let (org, post) = key.trim().split_once(':')?;
    let org = org.trim().parse::<i64>().ok().filter(|n| *n > 0)?;
    Some((org, RosterPost::parse(post)?))
}

/// The longest course a day holds, in hours.
pub const MAX_HOURS: f64 = 24.0;

/// A course as typed in the form or a JSON body: every field text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CourseInput {
    /// 主办单位 (organisation id); blank means the recorder's own.
    pub org_id: String,
    /// 培训日期, `2022-06-15`.
    pub date: String,
    /// 培训主题: 政策宣传, 法律知识, 舆情应对, 矛盾调处, 预警预判, 综合协调 or 其他 (label or key).
    pub topic: String,
    /// 其他主题 — what the course was about, when the topic is 其他.
    pub topic_other: String,
    /// 学时 (hours, halves allowed: `2`, `1.5`).
    pub hours: String,
    /// 授课人.
    pub trainer: String,
    /// 培训地点.
    pub place: String,
    /// 参训人员: roster people as `org_id:leader` or `org_id:cadre`.
    #[serde(deserialize_with = "crate::accountability::one_or_many")]
    pub attendees: Vec<String>,
}

/// 培训课程 — one course, checked (attendees by key; the caller looks them up on the roster).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Course {
    /// 主办单位, when typed.
    pub org_id: Option<i64>,
    /// 培训日期.
    pub date: Date,
    /// 培训主题.
    pub topic: TrainingTopic,
    /// 其他主题 (only with 其他).
    pub topic_other: Option<String>,
    /// 学时, in half hours (3 = 1.5 h), so sums stay exact.
    pub half_hours: i64,
    /// 授课人.
    pub trainer: String,
    /// 培训地点.
    pub place: String,
    /// 参训人员, each once.
    pub attendees: Vec<(i64, RosterPost)>,
}

impl Course {
    /// The topic as a person reads it: 其他 shows its text.
    pub fn topic_label(&self) -> String {
        topic_label(self.topic, self.topic_other.as_deref())
    }
}

/// 培训主题 as shown: the ability, or 其他（text）.
pub fn topic_label(topic: TrainingTopic, other: Option<&str>) -> String {
    match (topic, other) {
        (TrainingTopic::Other, Some(t)) => format!("其他（{t}）"),
        (t, _) => t.label().to_string(),
    }
}

/// Hours as shown: `2`, `1.5`.
pub fn hours_text(half_hours: i64) -> String {
    if half_hours % 2 == 0 {
        (half_hours / 2).to_string()
    } else {
        format!("{}.5", half_hours / 2)
    }
}

fn half_hours(r: &mut FieldReader, v: &str) -> Option<i64> {
    let t = v.trim();
    if t.is_empty() {
        r.errors.add("hours", "学时", "不能为空");
        return None;
    }
    match t.parse::<f64>() {
        Ok(h) if h.is_finite() && h > 0.0 && h <= MAX_HOURS && (h * 2.0).fract() == 0.0 =>
        {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "checked whole halves up to 48"
            )]
            Some((h * 2.0) as i64)
        }
        Ok(h) if h.is_finite() && h > 0.0 && h <= MAX_HOURS => {
            r.errors.add("hours", "学时", "以半小时计，如 1.5");
            None
        }
        Ok(_) => {
            r.errors
                .add("hours", "学时", format!("应大于0且不超过{MAX_HOURS}小时"));
            None
        }
        Err(_) => {
            r.errors.add(
                "hours",
                "学时",
                format!("“{}”不是数字", crate::errors::printable(t)),
            );
            None
        }
    }
}

impl CourseInput {
    /// Check every field; `today` bounds the date (a course is recorded
    /// once held). Every problem is listed with its field.
    pub fn parse(&self, today: Date) -> Result<Course, FieldErrors> {
        let mut r = FieldReader::default();
        let org_id = r.optional_id("org_id", "主办单位", &self.org_id);
        let date = if self.date.trim().is_empty() {
            r.errors.add("date", "培训日期", "不能为空");
            None
        } else {
            day(&mut r, "date", "培训日期", &self.date)
        };
        if let Some(d) = date {
            if d > today {
                r.errors
                    .add("date", "培训日期", "培训举办后再登记，不能晚于今天");
            } else if d.year() < 2000 {
                r.errors.add("date", "培训日期", "不能早于2000年1月1日");
            }
        }
        let topic = r.choice("topic", "培训主题", &self.topic, TrainingTopic::parse);
        let topic_other = r.optional_line("topic_other", "其他主题", &self.topic_other, 100);
        let topic_other = match topic {
            Some(TrainingTopic::Other) => {
                if topic_other.is_none() {
                    r.errors
                        .add("topic_other", "其他主题", "主题为“其他”时请写明培训内容");
                }
                topic_other
            }
            _ => None,
        };
        let half_hours = half_hours(&mut r, &self.hours);
        let trainer = r.required_line("trainer", "授课人", &self.trainer, 50);
        let place = r.required_line("place", "培训地点", &self.place, 100);
        let mut attendees: Vec<(i64, RosterPost)> = Vec::new();
        for key in self.attendees.iter().filter(|k| !k.trim().is_empty()) {
            match parse_person_key(key) {
                Some(p) if !attendees.contains(&p) => attendees.push(p),
                Some(_) => {}
                None => r.errors.add(
                    "attendees",
                    "参训人员",
                    format!("无法识别的人员“{}”", crate::errors::printable(key.trim())),
                ),
            }
        }
        if attendees.is_empty() && !r.errors.has("attendees") {
            r.errors.add(
                "attendees",
                "参训人员",
                "请至少选择一名干部队伍中的参训人员",
            );
        }
        match (date, topic, half_hours) {
            (Some(date), Some(topic), Some(half_hours)) if r.errors.is_empty() => Ok(Course {
                org_id,
                date,
                topic,
                topic_other,
                half_hours,
                trainer,
                place,
                attendees,
            }),
            _ => Err(r.errors),
        }
    }
}

/// One attendance: who, at which course, when, for how long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendance {
    /// The person as recorded at the course.
    pub person: RosterPerson,
    /// The course's id.
    pub course_id: i64,
    /// 培训日期.
    pub date: Date,
    /// 培训主题 as shown.
    pub topic: String,
    /// 学时 in half hours.
    pub half_hours: i64,
}

/// One roster person and the courses they attended in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonTraining {
    /// The person on the roster now.
    pub person: RosterPerson,
    /// Their courses, oldest first.
    pub sessions: Vec<Attendance>,
}

/// 培训覆盖 — one organisation's training over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The organisation.
    pub org_id: i64,
    /// Its name.
    pub org_name: String,
    /// 学时 — every hour its people spent in courses in the period (人·学时, in
    /// half hours), a cadre since replaced included: the hours were spent.
    pub half_hours: i64,
    /// The people on its roster row now, each with their courses.
    pub people: Vec<PersonTraining>,
}

impl Coverage {
    /// 已培训 — people on the roster now with at least one course.
    pub fn trained(&self) -> usize {
        self.people
            .iter()
            .filter(|p| !p.sessions.is_empty())
            .count()
    }

    /// 未培训 — people on the roster now with none.
    pub fn untrained(&self) -> Vec<&RosterPerson> {
        self.people
            .iter()
            .filter(|p| p.sessions.is_empty())
            .map(|p| &p.person)
            .collect()
    }
}

/// Each roster row's coverage from the period's attendances, in roster order.
/// A person is trained when an attendance names their organisation, post and
/// name: a new cadre does not inherit the one they replaced.
pub fn coverage(roster: &[RosterEntry], attended: &[Attendance]) -> Vec<Coverage> {
    roster
        .iter()
        .map(|e| {
            let mine: Vec<&Attendance> = attended
                .iter()
                .filter(|a| a.person.org_id == e.org_id)
                .collect();
            let people = people_of(e)
                .into_iter()
                .map(|person| {
                    let mut sessions: Vec<Attendance> = mine
                        .iter()
                        .filter(|a| a.person == person)
                        .map(|a| (*a).clone())
                        .collect();
                    sessions.sort_by_key(|a| (a.date, a.course_id));
                    PersonTraining { person, sessions }
                })
                .collect();
            Coverage {
                org_id: e.org_id,
                org_name: e.org_name.clone(),
                half_hours: mine.iter().map(|a| a.half_hours).sum(),
                people,
            }
        })
        .collect()
}

/// How many names a duty lists before it says 等.
const NAMES_SHOWN: usize = 8;

/// Up to [`NAMES_SHOWN`] names, then 等N人 (or 等N个 with `unit` 个).
fn names(list: &[String], unit: &str) -> String {
    let shown: Vec<&str> = list.iter().take(NAMES_SHOWN).map(String::as_str).collect();
    let more = if list.len() > NAMES_SHOWN {
        format!("等{}{unit}", list.len())
    } else {
        String::new()
    };
    format!("{}{more}", shown.join("、"))
}

/// 信访能力大提升 as a recurring duty: the year's coverage of the roster's
/// people, and who is not yet trained. Due by the year's end: urgent from
/// November while anyone is untrained.
pub fn coverage_duty(today: Date, cov: &[Coverage]) -> Duty {
    let people: usize = cov.iter().map(|c| c.people.len()).sum();
    let trained: usize = cov.iter().map(Coverage::trained).sum();
    let half: i64 = cov.iter().map(|c| c.half_hours).sum();
    let untrained: Vec<String> = cov
        .iter()
        .flat_map(|c| {
            c.untrained()
                .into_iter()
                .map(|p| format!("{}{}", c.org_name, p.name))
        })
        .collect();
    let detail = if people == 0 {
        format!(
            "{}年信访干部能力提升培训：干部队伍统计表尚无人员，请先填写附件3",
            today.year()
        )
    } else if untrained.is_empty() {
        format!(
            "{}年信访干部能力提升培训：干部队伍{people}人已全部参训，合计{}学时",
            today.year(),
            hours_text(half)
        )
    } else {
        format!(
            "{}年信访干部能力提升培训：已培训{trained}/{people}人，合计{}学时；年底前完成全员培训，尚未参训：{}",
            today.year(),
            hours_text(half),
            names(&untrained, "人")
        )
    };
    Duty {
        title: "信访能力大提升培训".into(),
        detail,
        urgent: today.month() >= 11 && (people == 0 || !untrained.is_empty()),
        audience: Audience::Township,
    }
}

/// What the roster's duty adds about who has sent it: the organisations of
/// `rows` with nothing saved since 1 January of `today`'s year.
pub fn roster_status(today: Date, rows: &[RosterEntry]) -> String {
    let start = crate::clock::start_of_day(Date::new(today.year(), 1, 1).unwrap_or(today));
    let missing: Vec<String> = rows
        .iter()
        .filter(|e| e.updated_at.is_none_or(|t| t < start) || people_of(e).is_empty())
        .map(|e| e.org_name.clone())
        .collect();
    if missing.is_empty() {
        "；已全部报送".into()
    } else {
        format!("；尚未报送{}个：{}", missing.len(), names(&missing, "个"))
    }
}

#[cfg(test)]
#[path = "training_tests.rs"]
mod tests;
