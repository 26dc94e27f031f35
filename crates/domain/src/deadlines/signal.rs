//! 信号 — the case events that start and complete milestone clocks, and the patterns rule files match them with.

use serde::{Deserialize, Serialize};

use crate::vocab::{ContactMethod, ReportKind};

/// One thing that happened on a case, as the deadline engine sees it. The app
/// turns timeline events into signals and passes them with their times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// 登记受理 — the case was registered (its received time, 接待日期).
    Received,
    /// 转办 — a responsible unit and handler were named.
    Assigned,
    /// 联系信访人 — contact recorded, with how.
    Contact(ContactMethod),
    /// 下访 — an on-site visit; `notice_signed` when the 《受理告知书》 was read and signed there.
    Visit {
        /// 现场阅签《受理告知书》
        notice_signed: bool,
    },
    /// 报告 — a written report was submitted.
    Report(ReportKind),
    /// 出具处理意见书 — the handling opinion was issued.
    Opinion,
    /// 处理意见书送达 — the handling opinion reached the petitioner (opens the 复查 window).
    OpinionDelivered,
    /// 申请复查 — the petitioner asked the next level up for review.
    ReviewRequested,
    /// 复查意见送达 — the review opinion was delivered (opens the 复核 window).
    ReviewDecided,
    /// 申请复核 — the petitioner asked for re-review.
    ReReviewRequested,
    /// 复核意见送达 — the re-review opinion was delivered; the matter is final.
    ReReviewDecided,
    /// 听证开始 — a hearing opened; its time does not count toward the 复核 clock.
    HearingStarted,
    /// 听证结束 — the hearing closed.
    HearingEnded,
    /// 办结 — the case was closed.
    Closed,
}

impl Signal {
    /// The signal a workflow step gives the deadline engine, if any.
    pub fn of_step(step: &crate::workflow::Step) -> Option<Signal> {
        use crate::workflow::{Document, ReviewStage, Step};
        Some(match step {
            Step::Assign(_) => Signal::Assigned,
            Step::Contact { method, .. } => Signal::Contact(*method),
            Step::Visit { notice_signed, .. } => Signal::Visit {
                notice_signed: *notice_signed,
            },
            Step::Report { kind, .. } => Signal::Report(*kind),
            Step::Opinion { .. } => Signal::Opinion,
            Step::Close { .. } => Signal::Closed,
            Step::Deliver {
                document: Document::Opinion,
                ..
            } => Signal::OpinionDelivered,
            Step::Review { stage, .. } => match stage {
                ReviewStage::ReviewRequested => Signal::ReviewRequested,
                ReviewStage::ReviewDecided => Signal::ReviewDecided,
                ReviewStage::ReReviewRequested => Signal::ReReviewRequested,
                ReviewStage::ReReviewDecided => Signal::ReReviewDecided,
                ReviewStage::HearingStarted => Signal::HearingStarted,
                ReviewStage::HearingEnded => Signal::HearingEnded,
            },
            _ => return None,
        })
    }

    /// Position in the case's natural sequence, to order signals of one instant.
    pub fn order(&self) -> u8 {
        match self {
            Signal::Received => 0,
            Signal::Assigned => 1,
            Signal::Contact(_) => 2,
            Signal::Visit { .. } => 3,
            Signal::Report(_) => 4,
            Signal::Opinion => 5,
            Signal::OpinionDelivered => 6,
            Signal::ReviewRequested => 7,
            Signal::ReviewDecided => 8,
            Signal::ReReviewRequested => 9,
            Signal::HearingStarted => 10,
            Signal::HearingEnded => 11,
            Signal::ReReviewDecided => 12,
            Signal::Closed => 13,
        }
    }
}

/// Which signals a rule means, as written in rule files:
/// `{"signal":"contact"}` (any contact), `{"signal":"contact","method":"当面沟通"}`,
/// `{"signal":"visit","notice_signed":true}`, `{"signal":"report","kind":"初步调查报告"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "signal", rename_all = "snake_case", deny_unknown_fields)]
pub enum SignalPattern {
    /// 登记受理
    Received,
    /// 转办
    Assigned,
    /// 联系信访人; with `method`, only that way of contact.
    Contact {
        /// Only this method (any if absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        method: Option<ContactMethod>,
    },
    /// 下访; with `notice_signed: true`, only a visit where the notice was signed.
    Visit {
        /// Require the 《受理告知书》 signed on site.
        #[serde(default, skip_serializing_if = "is_false")]
        notice_signed: bool,
    },
    /// 报告; with `kind`, only that report.
    Report {
        /// Only this report (any if absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<ReportKind>,
    },
    /// 出具处理意见书
    Opinion,
    /// 处理意见书送达
    OpinionDelivered,
    /// 申请复查
    ReviewRequested,
    /// 复查意见送达
    ReviewDecided,
    /// 申请复核
    ReReviewRequested,
    /// 复核意见送达
    ReReviewDecided,
    /// 听证开始
    HearingStarted,
    /// 听证结束
    HearingEnded,
    /// 办结
    Closed,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl SignalPattern {
    /// Whether a signal is one this pattern means.
    pub fn matches(&self, signal: &Signal) -> bool {
        use SignalPattern as P;
        match (self, signal) {
            (P::Received, Signal::Received)
            | (P::Assigned, Signal::Assigned)
            | (P::Opinion, Signal::Opinion)
            | (P::OpinionDelivered, Signal::OpinionDelivered)
            | (P::ReviewRequested, Signal::ReviewRequested)
            | (P::ReviewDecided, Signal::ReviewDecided)
            | (P::ReReviewRequested, Signal::ReReviewRequested)
            | (P::ReReviewDecided, Signal::ReReviewDecided)
            | (P::HearingStarted, Signal::HearingStarted)
            | (P::HearingEnded, Signal::HearingEnded)
            | (P::Closed, Signal::Closed) => true,
            (P::Contact { method }, Signal::Contact(m)) => method.is_none_or(|want| want == *m),
            (P::Visit { notice_signed }, Signal::Visit { notice_signed: s }) => {
                !*notice_signed || *s
            }
            (P::Report { kind }, Signal::Report(k)) => kind.is_none_or(|want| want == *k),
            _ => false,
        }
    }

    /// The stable key of the signal, as in the rule files: `received`, `opinion_delivered` ….
    pub fn key(&self) -> &'static str {
        use SignalPattern as P;
        match self {
            P::Received => "received",
            P::Assigned => "assigned",
            P::Contact { .. } => "contact",
            P::Visit { .. } => "visit",
            P::Report { .. } => "report",
            P::Opinion => "opinion",
            P::OpinionDelivered => "opinion_delivered",
            P::ReviewRequested => "review_requested",
            P::ReviewDecided => "review_decided",
            P::ReReviewRequested => "re_review_requested",
            P::ReReviewDecided => "re_review_decided",
            P::HearingStarted => "hearing_started",
            P::HearingEnded => "hearing_ended",
            P::Closed => "closed",
        }
    }

    /// What it means, in Chinese, e.g. "下访并现场阅签受理告知书".
    pub fn label(&self) -> String {
        use SignalPattern as P;
        match self {
            P::Received => "登记受理".into(),
            P::Assigned => "明确责任单位和责任人（转办）".into(),
            P::Contact {
                method: Some(ContactMethod::PropagandaDept),
            } => ContactMethod::PropagandaDept.label().into(),
            P::Contact { method: Some(m) } => format!("联系信访人（{}）", m.label()),
            P::Contact { method: None } => "联系信访人".into(),
            P::Visit {
                notice_signed: true,
            } => "下访并现场阅签受理告知书".into(),
            P::Visit {
                notice_signed: false,
            } => "下访".into(),
            P::Report { kind: Some(k) } => format!("提交{}", k.label()),
            P::Report { kind: None } => "提交报告".into(),
            P::Opinion => "出具处理意见书".into(),
            P::OpinionDelivered => "处理意见书送达".into(),
            P::ReviewRequested => "提出复查申请".into(),
            P::ReviewDecided => "复查意见送达".into(),
            P::ReReviewRequested => "提出复核申请".into(),
            P::ReReviewDecided => "复核意见送达".into(),
            P::HearingStarted => "听证开始".into(),
            P::HearingEnded => "听证结束".into(),
            P::Closed => "办结".into(),
        }
    }

    /// The noun naming the start of a clock in explanations: "受理" gives
    /// "受理日 2022-09-30（周五）不计入" and "自受理时间 … 起".
    pub fn start_noun(&self) -> &'static str {
        use SignalPattern as P;
        match self {
            P::Received => "受理",
            P::Assigned => "交办",
            P::Opinion => "出具意见",
            P::OpinionDelivered => "送达",
            P::ReviewRequested => "复查申请",
            P::ReviewDecided => "复查意见送达",
            P::ReReviewRequested => "复核申请",
            _ => "起算",
        }
    }
}
