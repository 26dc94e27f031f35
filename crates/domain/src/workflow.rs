//! The six steps (六步工作法: 接、转、办、回、交、督) as a state machine.
//!
//! What a step's form may contain and how it is parsed is in `workflow/input.rs`.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Role};
use crate::case::Case;
use crate::labelled_enum;
use crate::vocab::{ContactMethod, Finding, ReportKind, Satisfaction, TriRecord};

mod input;

pub use input::StepInput;

labelled_enum! {
    /// Where a case stands in the six steps.
    pub enum CaseStatus {
        /// 接 — registered, not yet assigned.
        Registered => ("registered", "已登记"),
        /// 转 — assigned to a responsible unit.
        Assigned => ("assigned", "已转办"),
        /// 办 — being handled: contacts, visits, reports.
        Handling => ("handling", "办理中"),
        /// 回 — opinion given; waiting for or after the return visit.
        ReturnVisit => ("return_visit", "待回访"),
        /// 交 — closed and reported.
        Closed => ("closed", "已办结"),
    }
}

impl CaseStatus {
    /// The step character of the six-step method.
    pub fn step_char(self) -> &'static str {
        match self {
            CaseStatus::Registered => "接",
            CaseStatus::Assigned => "转",
            CaseStatus::Handling => "办",
            CaseStatus::ReturnVisit => "回",
            CaseStatus::Closed => "交",
        }
    }

    /// Still needs work.
    pub fn is_open(self) -> bool {
        self != CaseStatus::Closed
    }
}

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
        /// Closing note.
        note: Option<String>,
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
pub const STEP_NAMES: [(&str, &str); 15] = [
    ("assign", "转办"),
    ("contact", "记录联系"),
    ("visit", "记录走访"),
    ("report", "提交报告"),
    ("opinion", "出具处理意见"),
    ("return_visit", "记录回访"),
    ("close", "办结"),
    ("urge", "催办"),
    ("comment", "批注"),
    ("escalate", "督办升级"),
    ("reopen", "重新打开"),
    ("deliver", "记录送达"),
    ("review", "复查复核"),
    ("request_extension", "申请延期"),
    ("extend", "批准延期"),
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

/// How the actor stands towards a case.
fn involvement(actor: &Actor, case: &Case) -> (bool, bool, bool) {
    let district = actor.has(Role::DistrictAdmin);
    let unit = actor.has(Role::TownshipOfficer) || actor.has(Role::DepartmentHandler);
    let involved = unit
        && (case.unit_ids().contains(&actor.org_id)
            || (actor.has(Role::TownshipOfficer) && actor.org_id == case.township_id));
    let leader = actor.has(Role::CaseLeader) && case.leader_user_id == Some(actor.user_id);
    (district, involved, leader)
}

/// Which step names the actor could take on the case now (for buttons).
pub fn allowed_steps(actor: &Actor, case: &Case) -> Vec<&'static str> {
    STEP_NAMES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| check(actor, case, name).is_ok())
        .collect()
}

/// Decide whether `actor` may take the named step on `case` now.
pub fn check(actor: &Actor, case: &Case, step: &str) -> Result<Transition, StepError> {
    use CaseStatus as S;
    if !actor.may_write_cases() {
        return Err(StepError::Forbidden(
            "您的角色只能查看案件，不能办理".into(),
        ));
    }
    let (district, involved, leader) = involvement(actor, case);
    let forbid = |who: &str| Err(StepError::Forbidden(format!("只有{who}可以执行此操作")));
    let status = case.status;
    let closed = || {
        Err(StepError::NotNow(
            "案件已办结，不能再办理；如需继续办理，请由区乡村振兴局重新打开".into(),
        ))
    };
    match step {
        "assign" => {
            if !district {
                return forbid("区乡村振兴局");
            }
            match status {
                S::Registered => Ok(Transition {
                    to: S::Assigned,
                    event: EventKind::Assigned,
                }),
                S::Assigned | S::Handling => Ok(Transition {
                    to: status,
                    event: EventKind::Reassigned,
                }),
                S::ReturnVisit => Err(StepError::NotNow(
                    "案件已出具处理意见、进入回访阶段，不能改派".into(),
                )),
                S::Closed => closed(),
            }
        }
        "contact" | "visit" | "report" => {
            if !(district || involved) {
                return forbid("承办单位或区乡村振兴局");
            }
            let event = match step {
                "contact" => EventKind::Contact,
                "visit" => EventKind::Visit,
                _ => EventKind::Report,
            };
            match status {
                S::Registered => Err(StepError::NotNow("案件尚未转办，请先明确责任单位".into())),
                S::Assigned | S::Handling => Ok(Transition {
                    to: S::Handling,
                    event,
                }),
                S::ReturnVisit => Ok(Transition {
                    to: S::ReturnVisit,
                    event,
                }),
                S::Closed => closed(),
            }
        }
        "opinion" => {
            if !(district || involved) {
                return forbid("承办单位或区乡村振兴局");
            }
            match status {
                S::Handling => Ok(Transition {
                    to: S::ReturnVisit,
                    event: EventKind::Opinion,
                }),
                S::Registered | S::Assigned => Err(StepError::NotNow(
                    "尚未记录与信访人的联系或走访，不能出具处理意见".into(),
                )),
                S::ReturnVisit => Err(StepError::NotNow("已出具处理意见，正在等待回访".into())),
                S::Closed => closed(),
            }
        }
        "return_visit" => {
            if !(district || involved) {
                return forbid("承办单位或区乡村振兴局");
            }
            match status {
                // A dissatisfied return visit sends it back to 办; the service
                // picks the target from the step's satisfaction.
                S::ReturnVisit => Ok(Transition {
                    to: S::ReturnVisit,
                    event: EventKind::ReturnVisit,
                }),
                S::Closed => closed(),
                _ => Err(StepError::NotNow("尚未出具处理意见，不能回访".into())),
            }
        }
        "close" => {
            if !(district || involved) {
                return forbid("承办单位或区乡村振兴局");
            }
            match status {
                S::ReturnVisit => {
                    let mut missing = Vec::new();
                    if case.finding.is_none() {
                        missing.push("是否属实");
                    }
                    if case.tri.is_none() {
                        missing.push("三到位一处理");
                    }
                    if case.return_visit_at.is_none() {
                        missing.push("回访记录");
                    }
                    if !missing.is_empty() {
                        return Err(StepError::NotNow(format!(
                            "办结前须记录：{}",
                            missing.join("、")
                        )));
                    }
                    if case.satisfaction != Some(Satisfaction::Satisfied) {
                        return Err(StepError::NotNow(
                            "信访人不满意，案件须退回继续办理，不能办结".into(),
                        ));
                    }
                    Ok(Transition {
                        to: S::Closed,
                        event: EventKind::Closed,
                    })
                }
                S::Closed => Err(StepError::NotNow("案件已办结".into())),
                _ => Err(StepError::NotNow(
                    "案件须先出具处理意见并完成回访，才能办结".into(),
                )),
            }
        }
        "urge" => {
            if !(district || leader) {
                return forbid("区乡村振兴局或包案领导");
            }
            if status == S::Closed {
                return Err(StepError::NotNow("案件已办结，无需催办".into()));
            }
            Ok(Transition {
                to: status,
                event: EventKind::Urge,
            })
        }
        "escalate" => {
            if !district {
                return forbid("区乡村振兴局");
            }
            if status == S::Closed {
                return Err(StepError::NotNow("案件已办结，不能升级督办".into()));
            }
            Ok(Transition {
                to: status,
                event: EventKind::Escalate,
            })
        }
        "comment" => {
            if !(district || involved || leader) {
                return forbid("承办单位、包案领导或区乡村振兴局");
            }
            Ok(Transition {
                to: status,
                event: EventKind::Comment,
            })
        }
        "reopen" => {
            if !district {
                return forbid("区乡村振兴局");
            }
            if status != S::Closed {
                return Err(StepError::NotNow("只有已办结的案件才能重新打开".into()));
            }
            Ok(Transition {
                to: S::Handling,
                event: EventKind::Reopen,
            })
        }
        "deliver" => {
            if !(district || involved) {
                return forbid("承办单位或区乡村振兴局");
            }
            if status == S::Registered {
                return Err(StepError::NotNow("案件尚未转办，没有可送达的文书".into()));
            }
            Ok(Transition {
                to: status,
                event: EventKind::Delivered,
            })
        }
        "review" => {
            if !district {
                return forbid("区乡村振兴局");
            }
            if case.opinion.is_none() {
                return Err(StepError::NotNow(
                    "尚未出具处理意见，不能申请复查或复核".into(),
                ));
            }
            Ok(Transition {
                to: status,
                event: EventKind::Review,
            })
        }
        "request_extension" => {
            if !(district || involved) {
                return forbid("承办单位或区乡村振兴局");
            }
            if matches!(status, S::Registered | S::Closed) {
                return Err(StepError::NotNow("只有办理中的案件才能申请延期".into()));
            }
            Ok(Transition {
                to: status,
                event: EventKind::ExtensionRequested,
            })
        }
        "extend" => {
            if !district {
                return forbid("区乡村振兴局");
            }
            if status == S::Closed {
                return Err(StepError::NotNow("案件已办结，无需延期".into()));
            }
            Ok(Transition {
                to: status,
                event: EventKind::Extended,
            })
        }
        other => Err(StepError::NotNow(format!("未知的操作“{other}”"))),
    }
}

/// The full decision for a parsed step: permission, state, and the target
/// status (a dissatisfied return visit goes back to 办).
pub fn plan(actor: &Actor, case: &Case, step: &Step) -> Result<Transition, StepError> {
    let mut t = check(actor, case, step.name())?;
    if let Step::ReturnVisit {
        satisfaction: Satisfaction::Dissatisfied,
        ..
    } = step
    {
        t.to = CaseStatus::Handling;
    }
    if let Step::Deliver {
        document: Document::Opinion,
        ..
    } = step
        && case.opinion.is_none()
    {
        return Err(StepError::NotNow(
            "尚未出具处理意见，不能记录处理意见书送达".into(),
        ));
    }
    if let Step::Assign(a) = step
        && a.co_unit_ids.contains(&a.unit_id)
    {
        return Err(StepError::NotNow("协办单位不能与责任单位相同".into()));
    }
    Ok(t)
}
