//! 复查复核 — the review chain's order and windows (《信访工作条例》第三十五、三十六条).
//!
//! 申请复查 only while its window from the 处理意见书's delivery runs;
//! 复查意见送达 only after 申请复查; 申请复核 only after 复查意见送达 and
//! within its window; 复核意见送达 only after 申请复核; after 复核 the matter
//! is final. A request after its window is refused with the article and the
//! day the window closed, unless the district records 逾期受理理由.
//!
//! The windows are the petitioner's statutory rights, so they are counted as
//! the statute counts whatever rule set is in force: 30 days, the delivery
//! day not counted, a last day that is a day off moving to the next working
//! day (民法典 第二百零三条).

use jiff::Timestamp;
use jiff::civil::Date;

use super::{Due, Limit, due_at_from, due_day};
use crate::calendar::WorkingCalendar;
use crate::workflow::{ReviewStage, Step, StepError};

/// 复查申请期限 (第三十五条): 30 days from receiving the written opinion, rolled over days off.
pub const REVIEW_WINDOW: Limit = Limit::CalendarDays {
    days: 30,
    roll_over_days_off: true,
};

/// 复核申请期限 (第三十六条): 30 days from receiving the review opinion, rolled over days off.
pub const RE_REVIEW_WINDOW: Limit = Limit::CalendarDays {
    days: 30,
    roll_over_days_off: true,
};

/// What a case's timeline says about its review chain so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewChain {
    /// When the 处理意见书 now in force reached the petitioner (opens the 复查 window).
    pub opinion_delivered_at: Option<Timestamp>,
    /// The stages recorded, oldest first.
    pub stages: Vec<(ReviewStage, Timestamp)>,
}

/// How a permitted review step stands against its window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Not a request, or a request within its window.
    InTime,
    /// A request after its window, accepted for the 逾期受理理由 given.
    Late {
        /// The last day of the window that had closed.
        closed_on: Date,
    },
}

impl ReviewChain {
    /// The chain of a case whose 处理意见书 was delivered at
    /// `opinion_delivered_at`, from the steps on its timeline.
    pub fn new<'a>(
        opinion_delivered_at: Option<Timestamp>,
        steps: impl IntoIterator<Item = &'a Step>,
    ) -> ReviewChain {
        let mut stages: Vec<(ReviewStage, Timestamp)> = steps
            .into_iter()
            .filter_map(|s| match s {
                Step::Review { at, stage, .. } => Some((*stage, *at)),
                _ => None,
            })
            .collect();
        stages.sort_by_key(|(_, at)| *at);
        ReviewChain {
            opinion_delivered_at,
            stages,
        }
    }

    /// When `stage` was last recorded.
    pub fn last(&self, stage: ReviewStage) -> Option<Timestamp> {
        self.stages
            .iter()
            .rev()
            .find(|(s, _)| *s == stage)
            .map(|(_, at)| *at)
    }

    /// The window a request stage must come in: when it opened and when it
    /// closes. None while the paper that opens it has not been delivered.
    pub fn window(&self, request: ReviewStage, cal: &WorkingCalendar) -> Option<(Timestamp, Due)> {
        let (opened, limit, noun) = match request {
            ReviewStage::ReviewRequested => (self.opinion_delivered_at?, REVIEW_WINDOW, "送达"),
            ReviewStage::ReReviewRequested => (
                self.last(ReviewStage::ReviewDecided)?,
                RE_REVIEW_WINDOW,
                "复查意见送达",
            ),
            _ => return None,
        };
        Some((opened, due_at_from(&limit, opened, noun, cal)))
    }

    /// May `stage` be recorded as happening at `at`? A request after its
    /// window is admitted only with a `late_reason`.
    pub fn admit(
        &self,
        stage: ReviewStage,
        at: Timestamp,
        late_reason: Option<&str>,
        cal: &WorkingCalendar,
    ) -> Result<Admission, StepError> {
        use ReviewStage as R;
        let no = |m: String| Err(StepError::NotNow(m));
        let day = |t: Timestamp| crate::clock::local_date(t).to_string();
        if let Some(done) = self.last(R::ReReviewDecided) {
            return no(format!(
                "复核意见已于{}送达，信访事项已经复核终结，不再受理复查复核（《信访工作条例》第三十六条）",
                day(done)
            ));
        }
        // The event this stage must follow: the delivery for 申请复查, else the stage before it.
        let after = match previous(stage) {
            None => self.opinion_delivered_at.ok_or_else(|| {
                StepError::NotNow(
                    "《处理意见书》尚未送达，复查申请期限尚未起算；请先记录《处理意见书》送达"
                        .into(),
                )
            })?,
            Some(p) => self
                .last(p)
                .ok_or_else(|| StepError::NotNow(missing(stage).into()))?,
        };
        if let Some(t) = self.last(stage)
            && stage != R::HearingStarted
            && stage != R::HearingEnded
        {
            return no(format!(
                "已于{}记录“{}”，不能重复记录",
                day(t),
                stage.label()
            ));
        }
        let hearing_open = self.last(R::HearingStarted) > self.last(R::HearingEnded);
        match stage {
            R::HearingStarted if hearing_open => {
                return no("听证尚未结束，不能再次开始".into());
            }
            R::HearingEnded if !hearing_open => {
                return no("没有正在进行的听证".into());
            }
            R::ReReviewDecided if hearing_open => {
                return no("听证尚未结束，请先记录听证结束".into());
            }
            _ => {}
        }
        if at < after {
            let what = previous(stage).map_or("《处理意见书》送达", ReviewStage::label);
            return no(format!(
                "“{}”的时间不能早于{what}的时间（{}）",
                stage.label(),
                crate::clock::format_local(after)
            ));
        }
        self.in_window(stage, at, late_reason, cal)
    }

    fn in_window(
        &self,
        stage: ReviewStage,
        at: Timestamp,
        late_reason: Option<&str>,
        cal: &WorkingCalendar,
    ) -> Result<Admission, StepError> {
        let Some((opened, due)) = self.window(stage, cal) else {
            return Ok(Admission::InTime);
        };
        if at <= due.at {
            return Ok(Admission::InTime);
        }
        let closed_on = due_day(due.at);
        if late_reason.is_some_and(|r| !r.trim().is_empty()) {
            return Ok(Admission::Late { closed_on });
        }
        let (window, article, paper, action) = match stage {
            ReviewStage::ReviewRequested => {
                ("复查申请期限", "第三十五条", "《处理意见书》", "请求复查")
            }
            _ => ("复核申请期限", "第三十六条", "复查意见", "请求复核"),
        };
        Err(StepError::NotNow(format!(
            "已超过{window}：依《信访工作条例》{article}，信访人应自收到{paper}之日起30日内{action}；\
             本案{paper}于{}送达，期限已于{closed_on}届满。确因不可抗力等正当理由逾期的，请填写逾期受理理由",
            crate::clock::local_date(opened),
        )))
    }
}

/// The stage `stage` must follow (None: 申请复查 follows the delivery).
fn previous(stage: ReviewStage) -> Option<ReviewStage> {
    use ReviewStage as R;
    match stage {
        R::ReviewRequested => None,
        R::ReviewDecided => Some(R::ReviewRequested),
        R::ReReviewRequested => Some(R::ReviewDecided),
        R::ReReviewDecided | R::HearingStarted => Some(R::ReReviewRequested),
        R::HearingEnded => Some(R::HearingStarted),
    }
}

/// Why `stage` cannot come yet, when the stage before it is missing.
fn missing(stage: ReviewStage) -> &'static str {
    use ReviewStage as R;
    match stage {
        R::ReviewRequested => "《处理意见书》尚未送达",
        R::ReviewDecided => "信访人尚未申请复查，不能记录复查意见送达",
        R::ReReviewRequested => {
            "复查意见尚未送达，不能申请复核（《信访工作条例》第三十六条：收到复查意见之日起30日内请求复核）"
        }
        R::ReReviewDecided => "信访人尚未申请复核，不能记录复核意见送达",
        R::HearingStarted => "信访人尚未申请复核，不能组织复核听证",
        R::HearingEnded => "听证尚未开始，不能记录听证结束",
    }
}
