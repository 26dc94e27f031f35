//! The six steps (六步工作法: 接、转、办、回、交、督) as a state machine.
//!
//! What a step's form may contain and how it is parsed is in `workflow/input.rs`.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::labelled_enum;
use crate::vocab::{ContactMethod, Finding, ReportKind, Satisfaction, TriRecord};

mod input;
mod rules;

/// Where a case stands (kept with the case vocabularies; here for the steps that move it).
pub use crate::vocab::CaseStatus;
pub use input::StepInput;
pub use rules::{allowed_steps, check, check_fields, plan};

labelled_enum! {
    /// Kinds of timeline events. Each step is one; milestones hang on them.
    pub enum EventKind {
        /// 登记
        Registered => ("registered", "登记"),
        /// 转办
        Assigned => ("assigned", "转办"),
        /// 改派
        Reassigned => ("reassigned", "改派"),
        /// 联系信访人 — "contact recorded"; completes the contact milestones.
        Contact => ("contact", "联系信访人"),
        /// 带件下访 — on-site visit; may carry the signed acceptance notice.
        Visit => ("visit", "带件下访"),
        /// 提交报告 — a written report submitted.
        Report => ("report", "提交报告"),
        /// 出具处理意见 — finding, 三到位一处理 and opinion recorded.
        Opinion => ("opinion", "出具处理意见"),
        /// 回访 — return visit with satisfaction.
        ReturnVisit => ("return_visit", "回访"),
        /// 办结 — closed and reported.
        Closed => ("closed", "办结"),
        /// 催办 — supervision urges the handler.
        Urge => ("urge", "催办"),
        /// 批注 — a comment.
        Comment => ("comment", "批注"),
        /// 督办升级 — supervision escalates.
        Escalate => ("escalate", "督办升级"),
        /// 重新打开 — a closed case reopened.
        Reopen => ("reopen", "重新打开"),
        /// 上传附件
        Attachment => ("attachment", "上传附件"),
        /// 修改信息
        Edited => ("edited", "修改信息"),
        /// 送达 — a notice or opinion reached the petitioner.
        Delivered => ("delivered", "送达"),
        /// 复查复核 — a step of the review chain (申请复查, 复查意见送达, 申请复核, 复核意见送达, 听证).
        Review => ("review", "复查复核"),
        /// 申请延期 — a unit asks for more time.
        ExtensionRequested => ("extension_requested", "申请延期"),
        /// 批准延期 — the district grants more time.
        Extended => ("extended", "批准延期"),
        /// 更正登记信息 — registration fields corrected, before → after.
        Corrected => ("corrected", "更正登记信息"),
        /// 重复访判定 — at registration, the registrant's answer to a suspected repeat.
        RepeatDecision => ("repeat_decision", "重复访判定"),
        /// 退回重办 — the petitioner stayed 不满意 after the 处理意见书 was
        /// delivered, and the district sent the case back to 办.
        SentBack => ("sent_back", "退回重办"),
        /// 调解 — a mediation held on the case (a record, not a step).
        Mediation => ("mediation", "调解"),
        /// 实地跟踪核查 — a verification of the handling (a record, not a step).
        Verification => ("verification", "实地跟踪核查"),
        /// 整改情况 — the unit's answer to a 需整改 verdict.
        Rectification => ("rectification", "整改情况"),
        /// 问责 — the district held a unit to account over this case (among others).
        Accountability => ("accountability", "问责"),
        /// 舆情处置状态 — an online incident's disposal status changed.
        OpinionStatus => ("opinion_status", "舆情处置状态"),
        /// 正面发声 — the authorities spoke about an online incident.
        PositiveVoice => ("positive_voice", "正面发声"),
        /// 关联舆情 — an online incident and a petition were linked.
        OpinionLink => ("opinion_link", "关联舆情"),
    }
}

labelled_enum! {
    /// Which paper was delivered (送达).
    pub enum Document {
        /// 《信访事项受理告知书》
        Acceptance => ("acceptance", "受理告知书"),
        /// 《信访事项处理意见书》 — its delivery opens the 30-day 复查 window.
        Opinion => ("opinion", "处理意见书"),
    }
}

labelled_enum! {
    /// A step of the review chain (复查、复核, 《信访工作条例》第三十五、三十六条).
    pub enum ReviewStage {
        /// 申请复查 — the petitioner asks the next level up to review.
        ReviewRequested => ("review_requested", "申请复查"),
        /// 复查意见送达 — the review opinion was delivered.
        ReviewDecided => ("review_decided", "复查意见送达"),
        /// 申请复核 — the petitioner asks for re-review.
        ReReviewRequested => ("rereview_requested", "申请复核"),
        /// 复核意见送达 — the re-review opinion was delivered; the matter is final.
        ReReviewDecided => ("rereview_decided", "复核意见送达"),
        /// 听证开始 — a hearing opened (its time does not count toward 复核).
        HearingStarted => ("hearing_started", "听证开始"),
        /// 听证结束 — the hearing closed.
        HearingEnded => ("hearing_ended", "听证结束"),
    }
}

impl ReviewStage {
    /// Whether this stage is the petitioner's request (申请复查 or 申请复核),
    /// the stages a window limits.
    pub fn is_request(self) -> bool {
        matches!(
            self,
            ReviewStage::ReviewRequested | ReviewStage::ReReviewRequested
        )
    }
}

/// 转办 — who handles the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// 责任单位 (organisation id).
    pub unit_id: i64,
    /// 协办单位 (organisation ids).
    pub co_unit_ids: Vec<i64>,
    /// 承办人 as a user, when they have an account.
    pub handler_user_id: Option<i64>,
    /// 承办人 name (filled from the user when one is chosen).
    pub handler_name: Option<String>,
    /// 承办人 phone.
    pub handler_phone: Option<String>,
    /// 包案领导 (user id).
    pub leader_user_id: Option<i64>,
    /// Note for the timeline.
    pub note: Option<String>,
    /// When the assignment was made (defaults to now; earlier when paper records are entered later).
    pub at: Timestamp,
}

/// One validated action on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// 转 — assign or reassign.
    Assign(Assignment),
    /// 办 — the petitioner was contacted.
    Contact {
        /// When the contact happened.
        at: Timestamp,
        /// How.
        method: ContactMethod,
        /// What was said.
        note: String,
    },
    /// 办 — an on-site visit (带件下访).
    Visit {
        /// When.
        at: Timestamp,
        /// Where.
        place: Option<String>,
        /// 现场阅签《受理告知书》 — the acceptance notice was read and signed.
        notice_signed: bool,
        /// What happened.
        note: String,
    },
    /// 办 — a written report.
    Report {
        /// When submitted.
        at: Timestamp,
        /// Which report.
        kind: ReportKind,
        /// Its gist.
        note: String,
    },
    /// 办 → 回 — the handling opinion with finding and 三到位一处理.
    Opinion {
        /// When given.
        at: Timestamp,
        /// 是否属实
        finding: Finding,
        /// 三到位一处理
        tri: TriRecord,
        /// 处理意见
        opinion: String,
    },
    /// 回 — a return visit.
    ReturnVisit {
        /// When.
        at: Timestamp,
        /// 满意/不满意
        satisfaction: Satisfaction,
        /// 是否稳定
        stable: bool,
        /// Notes.
        note: String,
    },
    /// 交 — close and report.
    Close {
        /// 办结说明; required when the petitioner stays 不满意.
        note: Option<String>,
    },
    /// 回 → 办 — the district sends a case whose petitioner stays 不满意
    /// after the 处理意见书 was delivered back to its unit (退回重办).
    SendBack {
        /// 退回理由.
        note: String,
    },
    /// 督 — urge.
    Urge {
        /// What is urged.
        note: String,
    },
    /// 督 — comment.
    Comment {
        /// The comment.
        note: String,
    },
    /// 督 — escalate.
    Escalate {
        /// Why.
        note: String,
    },
    /// 督 — reopen a closed case.
    Reopen {
        /// Why.
        reason: String,
    },
    /// 送达 — a notice or the opinion reached the petitioner.
    Deliver {
        /// When it was delivered (送达时间).
        at: Timestamp,
        /// Which paper.
        document: Document,
        /// 送达人.
        by: String,
        /// Notes, e.g. 信访人拒绝签收.
        note: Option<String>,
    },
    /// 复查/复核 — a step of the review chain.
    Review {
        /// When.
        at: Timestamp,
        /// Which step.
        stage: ReviewStage,
        /// Details.
        note: String,
        /// 逾期受理理由 — why the district accepts a 复查/复核 request after
        /// its window closed (e.g. 不可抗力); kept only for a late request.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        late_reason: Option<String>,
    },
    /// 申请延期 — a unit asks the district for more time on a milestone.
    RequestExtension {
        /// The milestone's key.
        milestone: String,
        /// Calendar days asked for.
        days: u32,
        /// Why.
        reason: String,
    },
    /// 批准延期 — the district grants more time (at most 30 days, 第三十四条).
    Extend {
        /// When granted.
        at: Timestamp,
        /// The milestone's key.
        milestone: String,
        /// Calendar days granted.
        days: u32,
        /// Why.
        reason: String,
        /// The petitioner was told why (required).
        petitioner_told: bool,
    },
}

/// The action names accepted in URLs and the API, with their Chinese labels.
/// `correct` (更正登记信息) has its own input, a
/// [`CorrectionInput`](crate::correction::CorrectionInput), and its own route.
pub const STEP_NAMES: [(&str, &str); 17] = [
    ("assign", "转办"),
    ("contact", "记录联系"),
    ("visit", "记录走访"),
    ("report", "提交报告"),
    ("opinion", "出具处理意见"),
    ("return_visit", "记录回访"),
    ("close", "办结"),
    ("send_back", "退回重办"),
    ("urge", "催办"),
    ("comment", "批注"),
    ("escalate", "督办升级"),
    ("reopen", "重新打开"),
    ("deliver", "记录送达"),
    ("review", "复查复核"),
    ("request_extension", "申请延期"),
    ("extend", "批准延期"),
    ("correct", "更正登记信息"),
];

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// The user's role or organisation may not take this step on this case.
    #[error("{0}")]
    Forbidden(String),
    /// The step is not allowed in the case's current state.
    #[error("{0}")]
    NotNow(String),
}

/// What a permitted step does: the state it leads to and the event it records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// Status after the step.
    pub to: CaseStatus,
    /// The timeline event to record.
    pub event: EventKind,
}

impl Step {
    /// When the step happened, for steps that say so.
    pub fn occurred_at(&self) -> Option<Timestamp> {
        match self {
            Step::Assign(a) => Some(a.at),
            Step::Contact { at, .. }
            | Step::Visit { at, .. }
            | Step::Report { at, .. }
            | Step::Opinion { at, .. }
            | Step::ReturnVisit { at, .. }
            | Step::Deliver { at, .. }
            | Step::Review { at, .. }
            | Step::Extend { at, .. } => Some(*at),
            _ => None,
        }
    }

    /// The step's action name (see [`STEP_NAMES`]).
    pub fn name(&self) -> &'static str {
        match self {
            Step::Assign(_) => "assign",
            Step::Contact { .. } => "contact",
            Step::Visit { .. } => "visit",
            Step::Report { .. } => "report",
            Step::Opinion { .. } => "opinion",
            Step::ReturnVisit { .. } => "return_visit",
            Step::Close { .. } => "close",
            Step::SendBack { .. } => "send_back",
            Step::Urge { .. } => "urge",
            Step::Comment { .. } => "comment",
            Step::Escalate { .. } => "escalate",
            Step::Reopen { .. } => "reopen",
            Step::Deliver { .. } => "deliver",
            Step::Review { .. } => "review",
            Step::RequestExtension { .. } => "request_extension",
            Step::Extend { .. } => "extend",
        }
    }
}
