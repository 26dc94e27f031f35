//! The Tuesday 扶贫日 visit plan as JSON: per township, the visits proposed
//! for the day and the visits made in its week.

use serde::Serialize;

/// One visit proposed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProposedVisitJson {
    /// case_visit (a clock a visit meets), backlog_contact (定期联络 of a backlog petitioner) or key_person (a key person due a contact)
    pub kind: String,
    /// 带件下访, 定期联络 or 重点人员联系
    pub kind_label: String,
    /// The case, when the visit is on one
    pub case_id: Option<i64>,
    /// 案件编号
    pub number: Option<String>,
    /// The key person, when the visit is to one
    pub person_id: Option<i64>,
    /// 村（社区）
    pub village: Option<String>,
    /// What it is about (the case's matter, or the person's masked name)
    pub about: String,
    /// Why it is proposed: the clock's name
    pub reason: String,
    /// 责任单位
    pub unit: Option<String>,
    /// Due, RFC 3339 with +08:00
    pub due_at: String,
    /// Already past due on the Tuesday
    pub overdue: bool,
}

/// One visit made.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitMadeJson {
    /// The case
    pub case_id: i64,
    /// 案件编号
    pub number: String,
    /// 村（社区）
    pub village: Option<String>,
    /// visit or return_visit
    pub kind: String,
    /// 带件下访 or 回访
    pub kind_label: String,
    /// When, RFC 3339 with +08:00
    pub at: String,
    /// Who recorded it
    pub by: String,
}

/// A township's plan and week.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TownshipVisitsJson {
    /// 乡镇 id
    pub township_id: i64,
    /// 乡镇
    pub township: String,
    /// Proposed for the Tuesday, overdue first, then soonest due
    pub proposed: Vec<ProposedVisitJson>,
    /// Made in the Tuesday's week (Monday to Sunday)
    pub made: Vec<VisitMadeJson>,
}

/// The plan.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitPlanJson {
    /// The 扶贫日, YYYY-MM-DD
    pub tuesday: String,
    /// Its week's Monday, YYYY-MM-DD
    pub week_from: String,
    /// Its week's Sunday, YYYY-MM-DD
    pub week_to: String,
    /// Proposed: what falls due before the next Tuesday (the week after this one's)
    pub due_before: String,
    /// Every township the caller reads
    pub townships: Vec<TownshipVisitsJson>,
}
