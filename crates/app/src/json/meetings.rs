//! The monthly meetings as JSON: a meeting with its measures and their
//! states, and the month's overview by township.

use jiff::civil::Date;
use serde::Serialize;
use xinfang_domain::meeting::{MeasureState, Month};
use xinfang_store::{MeasureRecord, MeetingRecord};

use super::t;

/// A measure decided at a meeting, with where it stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeasureJson {
    /// Id.
    pub id: i64,
    /// The meeting's id.
    pub meeting_id: i64,
    /// 乡镇
    pub township: String,
    /// 会议日期, YYYY-MM-DD
    pub held_on: String,
    /// 措施内容
    pub content: String,
    /// 责任人
    pub owner: String,
    /// 完成期限, YYYY-MM-DD
    pub due: String,
    /// open, due_soon, overdue, done or done_late (on the day of the answer)
    pub state: String,
    /// 未完成, 临期, 已超期, 已完成 or 逾期完成
    pub state_label: String,
    /// 完成日期, YYYY-MM-DD
    pub done_on: Option<String>,
    /// 落实情况
    pub done_note: Option<String>,
    /// Who marked it done.
    pub done_by: Option<String>,
}

impl MeasureJson {
    /// A measure, its state judged on `today`.
    pub fn new(m: &MeasureRecord, today: Date) -> Self {
        let state = MeasureState::of(m.measure.due, m.done.as_ref().map(|d| d.on), today);
        MeasureJson {
            id: m.id,
            meeting_id: m.meeting_id,
            township: m.township.clone(),
            held_on: m.held_on.to_string(),
            content: m.measure.content.clone(),
            owner: m.measure.owner.clone(),
            due: m.measure.due.to_string(),
            state: state.as_str().into(),
            state_label: state.label().into(),
            done_on: m.done.as_ref().map(|d| d.on.to_string()),
            done_note: m.done.as_ref().map(|d| d.note.clone()),
            done_by: m.done_by.clone(),
        }
    }
}

/// A township's 隐患分析排查会议.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingJson {
    /// Id.
    pub id: i64,
    /// 乡镇 id
    pub township_id: i64,
    /// 乡镇
    pub township: String,
    /// The meeting's month, YYYY-MM
    pub month: String,
    /// 会议日期, YYYY-MM-DD
    pub held_on: String,
    /// 会议地点
    pub place: String,
    /// 主持人
    pub chair: String,
    /// 参会人员
    pub attendees: Vec<String>,
    /// 研判的风险隐患
    pub risks: String,
    /// 应对处置措施, in the order decided
    pub measures: Vec<MeasureJson>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When it was entered, RFC 3339 with +08:00
    pub recorded_at: String,
}

impl MeetingJson {
    /// A meeting, its measures judged on `today`.
    pub fn new(m: &MeetingRecord, today: Date) -> Self {
        MeetingJson {
            id: m.id,
            township_id: m.township_id,
            township: m.township.clone(),
            month: Month::of(m.meeting.held_on).to_string(),
            held_on: m.meeting.held_on.to_string(),
            place: m.meeting.place.clone(),
            chair: m.meeting.chair.clone(),
            attendees: m.meeting.attendees.clone(),
            risks: m.meeting.risks.clone(),
            measures: m
                .measure_records
                .iter()
                .map(|x| MeasureJson::new(x, today))
                .collect(),
            recorded_by: m.recorded_by.clone(),
            recorded_at: t(m.recorded_at),
        }
    }
}

/// One township in the month's overview.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TownshipMeetingJson {
    /// 乡镇 id
    pub township_id: i64,
    /// 乡镇
    pub township: String,
    /// Whether it held a meeting in the month
    pub held: bool,
    /// Its meetings in the month
    pub meetings: Vec<MeetingJson>,
    /// Its measures (of any month) not yet done
    pub open_measures: i64,
    /// Of those, past their due date
    pub overdue_measures: i64,
}

/// The month's meetings by township.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MonthOverviewJson {
    /// YYYY-MM
    pub month: String,
    /// Townships that held their meeting
    pub held: i64,
    /// Every township the caller reads, in the district's order
    pub townships: Vec<TownshipMeetingJson>,
}
