//! The case records the store hands out and takes in.

use jiff::Timestamp;
use serde::Serialize;
use xinfang_domain::repeat::RepeatDecision;
use xinfang_domain::statistics::Figure;
use xinfang_domain::vocab::{
    CaseKind, Category, Channel, EscalatedTo, OnlineSeverity, SourceLevel,
};
use xinfang_domain::workflow::{CaseStatus, EventKind, Step, Transition};

/// Filters for the case list; every field narrows the list when set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CaseFilter {
    /// 问题所属乡镇
    pub township_id: Option<i64>,
    /// A unit on the case (lead or co-handler).
    pub unit_id: Option<i64>,
    /// 信访类型
    pub kind: Option<CaseKind>,
    /// 信访渠道
    pub channel: Option<Channel>,
    /// 问题类别
    pub category: Option<Category>,
    /// 来源层级
    pub source_level: Option<SourceLevel>,
    /// Status.
    pub status: Option<CaseStatus>,
    /// Only cases not yet closed.
    pub open_only: bool,
    /// Received at or after.
    pub received_from: Option<Timestamp>,
    /// Received before.
    pub received_to: Option<Timestamp>,
    /// Closed at or after.
    pub closed_from: Option<Timestamp>,
    /// Closed before.
    pub closed_to: Option<Timestamp>,
    /// Text in the summary, number or petitioner name (全文检索: by its
    /// words in the full-text index; see `xinfang_domain::search`).
    pub text: Option<String>,
    /// Match `text` as written, by a scan of summary, number and name,
    /// rather than by its words (the list falls back to it when the words
    /// find nothing).
    pub text_as_written: bool,
    /// One petitioner's cases.
    pub petitioner_id: Option<i64>,
    /// 包案领导
    pub leader_user_id: Option<i64>,
    /// 承办人
    pub handler_user_id: Option<i64>,
    /// 积案 only.
    pub backlog: Option<bool>,
    /// 越级去向
    pub escalated_to: Option<EscalatedTo>,
    /// 越级去向 赴省 or 进京 (the goal 不出现赴省级以上越级访).
    pub escalated_province_or_above: bool,
    /// Only cases linked to an earlier case they repeat (重复访, confirmed
    /// at registration; a 越级访 stays 越级访 and keeps the link).
    pub repeats_earlier: bool,
    /// 舆情等级 of a 网络舆情.
    pub severity: Option<OnlineSeverity>,
    /// 重复访判定 given at registration.
    pub repeat_decision: Option<RepeatDecision>,
    /// Only cases waiting for the district's decision on a petitioner who
    /// stays 不满意 after the 处理意见书 was delivered (退回重办 or 依法办结).
    pub awaiting_decision: bool,
    /// Only the cases one statistics figure counts (see
    /// `xinfang_domain::statistics::Figure`), judged at [`CaseFilter::now`].
    pub figure: Option<Figure>,
    /// The time figures that depend on it (超期未办结) are judged at; the
    /// service sets it to the request's now.
    pub now: Option<Timestamp>,
    /// 责任单位: only cases whose lead responsible unit is this one, or which have none yet.
    pub lead_unit: Option<LeadUnit>,
}

/// A case's lead responsible unit (责任单位), as the list filters by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LeadUnit {
    /// This organisation leads.
    Org(i64),
    /// Not yet assigned: no lead unit.
    Unassigned,
}

/// Sort order of the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaseSort {
    /// Newest received first.
    #[default]
    ReceivedDesc,
    /// Most recently changed first.
    UpdatedDesc,
    /// 相关度: the cases the text search's words fit best first (how often
    /// and how rarely elsewhere their words occur), then newest received;
    /// newest received first when there is no search by words. A page
    /// in this order has no cursor (`offset` pages). Where the words and
    /// the scope alone decide the list and the count stops at a cap
    /// (`PageRequest::count_up_to`), and more match than [`RANKED_NEWEST`]
    /// (or the cap, if lower), only that many matches are ranked, the
    /// newest received, and the list goes on after them newest first, as
    /// the list newest first has it from there
    /// ([`Page::ranked_newest`](crate::Page::ranked_newest) says so):
    /// scoring every match of words 66 000 of a million cases have takes
    /// 0.1 s on SQLite and 1.3 s on PostgreSQL, the newest 10 000 of them
    /// 26 and 710 ms, the newest 1 000 21 and 78 ms (a page each).
    Relevance,
}

/// How many of the newest matches a page by relevance ranks, at most,
/// where more match (see [`CaseSort::Relevance`]): twenty pages of 50.
pub const RANKED_NEWEST: i64 = 1_000;

/// A timeline event as read back.
#[derive(Debug, Clone, Serialize)]
pub struct EventRecord {
    /// Id.
    pub id: i64,
    /// Case.
    pub case_id: i64,
    /// Kind.
    pub kind: EventKind,
    /// Who.
    pub actor_name: String,
    /// When it happened (a contact made at 15:40 and entered at 17:00 says 15:40).
    pub occurred_at: Timestamp,
    /// When it was entered.
    pub recorded_at: Timestamp,
    /// Human-readable description.
    pub text: String,
    /// Structured content (the step as JSON).
    pub data: serde_json::Value,
}

/// An uploaded file to record; the bytes are already on disk by hash.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    /// SHA-256 of the content (hex), also its file name on disk.
    pub sha256: String,
    /// Original file name (cleaned).
    pub filename: String,
    /// Checked content type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// What it is.
    pub note: Option<String>,
    /// The notice this is the signed copy of (a `Document` key), if it is one.
    pub signed_document: Option<String>,
}

/// An attachment as stored.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentRecord {
    /// Id.
    pub id: i64,
    /// Case.
    pub case_id: i64,
    /// SHA-256 (hex).
    pub sha256: String,
    /// File name.
    pub filename: String,
    /// Content type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// What it is.
    pub note: Option<String>,
    /// Who uploaded it.
    pub uploaded_by: Option<String>,
    /// When.
    pub uploaded_at: Timestamp,
    /// The notice this is the signed copy of (a `Document` key), if it is one.
    pub signed_document: Option<String>,
}

/// A permitted step to apply: what the domain decided and how the timeline words it.
#[derive(Debug, Clone, Copy)]
pub struct StepChange<'a> {
    /// The version the user's form was built from; None skips the check.
    pub expected_version: Option<i64>,
    /// The step.
    pub step: &'a Step,
    /// Where it leads.
    pub transition: Transition,
    /// The timeline sentence.
    pub text: &'a str,
    /// The case's milestones after the step.
    pub milestones: &'a [crate::MilestoneRow],
}
