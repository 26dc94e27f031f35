//! 后评估 — the township scorecard's rules: which indicators, what each
//! measures, its weight and its scoring bands, as data (`rules/scorecard.json`
//! by default, or the district's stored copy), checked by a pure [`ScorecardRules::parse`].
//!
//! The plan (四（二）) puts each township's 线索接转, 渠道畅通, 信访件办理 and
//! 回访核查 into the post-evaluation of the poverty-alleviation results. An
//! indicator names one [`Measure`] (how its figure is counted, once, in the
//! store) and scores the figure 0–100 by its bands; the weights add up to
//! 100, so the weighted total is a score out of 100 too. A new kind of
//! figure (e.g. 实地核查 results) is one more [`Measure`] variant with its
//! count, and one more entry in the file.

mod parse;
mod score;

pub use parse::ScorecardError;
pub use score::{
    IndicatorScore, MeasureValue, TownshipScore, average_scores, rank_townships, score_indicator,
};

use crate::labelled_enum;

/// The default rules, shipped in the binary.
pub const DEFAULT_JSON: &str = include_str!("../../../../rules/scorecard.json");

labelled_enum! {
    /// 评估领域 — the four areas the plan names.
    pub enum Area {
        /// 线索接转 — clues registered and passed on in time.
        Transfer => ("transfer", "线索接转"),
        /// 渠道畅通 — petitions reach the system through the ordinary channels; risks are screened and reported.
        Channels => ("channels", "渠道畅通"),
        /// 信访件办理 — cases closed, on time, none overdue.
        Handling => ("handling", "信访件办理"),
        /// 回访核查 — petitioners visited back and satisfied.
        ReturnVisit => ("return_visit", "回访核查"),
    }
}

labelled_enum! {
    /// 计分依据 — how an indicator's figure is counted for each township
    /// (问题所属乡镇) over the cases received in the period (接待日期).
    pub enum Measure {
        /// 按时登记 — of the period's cases, those registered within
        /// `within_hours` of their 接待日期 (有访必登).
        RegisteredOnTime => ("registered_on_time", "按时登记率"),
        /// 节点按时完成 — of the period's cases' milestones with a key in
        /// `milestones` that are due by now or done, those done by their due time.
        MilestonesOnTime => ("milestones_on_time", "节点按时完成率"),
        /// 就地反映率 — of the period's cases, those that are not 越级访 (the
        /// statistics' 越级访: kind 越级访 or any 越级去向 recorded).
        NotEscalated => ("not_escalated", "未越级率"),
        /// 按月排查 — of the period's months up to now, those in which the
        /// township entered at least one 排查 entry (排查时间 in that month).
        ScreeningMonths => ("screening_months", "按月排查上报率"),
        /// 办结率 — the statistics' 办结 / 总量.
        ClosedRate => ("closed_rate", "办结率"),
        /// 按期办结率 — the statistics' 按期办结 / 办结.
        OnTimeRate => ("on_time_rate", "按期办结率"),
        /// 超期未办结 — the statistics' count of open cases overdue now (a count, lower is better).
        OverdueOpen => ("overdue_open", "超期未办结件数"),
        /// 回访率 — of the period's cases with a 处理意见 given, those visited back (已回访).
        ReturnVisitRate => ("return_visit_rate", "回访率"),
        /// 满意率 — the statistics' 满意 / 已回访.
        SatisfactionRate => ("satisfaction_rate", "满意率"),
        /// 核查已解决率 — of the 实地跟踪核查 recorded in the period (by their
        /// date) on the township's cases, those that found the problem
        /// 属实已解决 (the others: 未化解, 需整改).
        VerifiedResolved => ("verified_resolved", "核查已解决率"),
    }
}

impl Measure {
    /// Whether the figure is a count with no denominator (scored by `at_most`
    /// bands), rather than a share (scored in percent by `at_least` bands).
    pub fn is_count(self) -> bool {
        matches!(self, Measure::OverdueOpen)
    }

    /// What is counted, as the explanation says it before `n/d`:
    /// `按期办结 18/20 件`. For a count, before `n 件`.
    pub fn counted(self, indicator: &Indicator) -> String {
        match self {
            Measure::RegisteredOnTime => {
                format!("接待后{}小时内登记", indicator.within_hours.unwrap_or(0))
            }
            Measure::MilestonesOnTime => "按时完成".into(),
            Measure::NotEscalated => "未越级".into(),
            Measure::ScreeningMonths => "有排查上报的月份".into(),
            Measure::ClosedRate => "办结".into(),
            Measure::OnTimeRate => "按期办结".into(),
            Measure::OverdueOpen => "超期未办结".into(),
            Measure::ReturnVisitRate => "已回访".into(),
            Measure::SatisfactionRate => "满意".into(),
            Measure::VerifiedResolved => "核查属实已解决".into(),
        }
    }

    /// The statistics figure whose cases this measure counts — its
    /// numerator, or for 未越级 the 越级访 it leaves out — so a score can
    /// link to the case list; `None` for the scorecard's own measures.
    pub fn figure(self) -> Option<crate::statistics::Figure> {
        use crate::statistics::Figure;
        Some(match self {
            Measure::NotEscalated => Figure::Escalated,
            Measure::ClosedRate => Figure::Closed,
            Measure::OnTimeRate => Figure::OnTime,
            Measure::OverdueOpen => Figure::OverdueOpen,
            Measure::ReturnVisitRate => Figure::ReturnVisited,
            Measure::SatisfactionRate => Figure::Satisfied,
            Measure::RegisteredOnTime
            | Measure::MilestonesOnTime
            | Measure::ScreeningMonths
            | Measure::VerifiedResolved => {
                return None;
            }
        })
    }

    /// The unit of the counted things: 件, 个节点, 个月.
    pub fn unit(self) -> &'static str {
        match self {
            Measure::MilestonesOnTime => "个节点",
            Measure::ScreeningMonths => "个月",
            Measure::VerifiedResolved => "次",
            _ => "件",
        }
    }

    /// What the denominator holds, as said when it is empty: 本期无已办结件.
    pub fn nothing_to_count(self) -> &'static str {
        match self {
            Measure::RegisteredOnTime | Measure::NotEscalated | Measure::ClosedRate => {
                "本期无信访件"
            }
            Measure::MilestonesOnTime => "本期无到期的相关时限节点",
            Measure::ScreeningMonths => "本期尚无应排查的月份",
            Measure::OnTimeRate => "本期无已办结件",
            Measure::OverdueOpen => "本期无信访件",
            Measure::ReturnVisitRate => "本期无已出具处理意见的信访件",
            Measure::SatisfactionRate => "本期无已回访件",
            Measure::VerifiedResolved => "本期无实地跟踪核查",
        }
    }
}

/// 计分档 — a scoring band: a figure at least (a share, in percent) or at
/// most (a count) `bound` scores `score`. The first band the figure reaches
/// gives its score; a figure reaching none scores 0.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Band {
    /// The percentage (`at_least`) or count (`at_most`) the band starts at.
    pub bound: f64,
    /// The score 0–100.
    pub score: u32,
}

/// 指标 — one line of the scorecard.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Indicator {
    /// Stable key, as in the JSON answers: `on_time_rate`.
    pub key: String,
    /// Chinese name: 按期办结率.
    pub name: String,
    /// The area of the plan it belongs to.
    pub area: Area,
    /// How its figure is counted.
    pub measure: Measure,
    /// 权重 — the weights of all indicators add up to 100.
    pub weight: u32,
    /// The milestone keys (节点) of a [`Measure::MilestonesOnTime`] indicator.
    pub milestones: Vec<String>,
    /// The hours of a [`Measure::RegisteredOnTime`] indicator.
    pub within_hours: Option<u32>,
    /// The bands, best first: `at_least` percentages descending, or
    /// `at_most` counts ascending (a count measure).
    pub bands: Vec<Band>,
    /// The score when the township has nothing in the denominator (a share
    /// measure); the explanation says so.
    pub no_cases_score: Option<u32>,
}

impl Indicator {
    /// The bands as a sentence: `≥95% 得 95 分；≥90% 得 90 分；其余得 0 分；分母为 0 时计 100 分`.
    pub fn bands_text(&self) -> String {
        let n = |x: f64| {
            let s = format!("{x:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        let mut parts: Vec<String> = self
            .bands
            .iter()
            .map(|b| {
                if self.measure.is_count() {
                    format!("≤{} {} 得 {} 分", n(b.bound), self.measure.unit(), b.score)
                } else {
                    format!("≥{}% 得 {} 分", n(b.bound), b.score)
                }
            })
            .collect();
        let covers_all =
            !self.measure.is_count() && self.bands.last().is_some_and(|b| b.bound <= 0.0);
        if !covers_all {
            parts.push("其余得 0 分".into());
        }
        if let Some(s) = self.no_cases_score {
            parts.push(format!("分母为 0 时计 {s} 分"));
        }
        parts.join("；")
    }
}

/// 后评估规则 — the whole scorecard.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScorecardRules {
    /// The title of the sheet handed in: 乡镇涉贫信访舆情工作后评估.
    pub title: String,
    /// Where the rules come from (依据), shown under the title.
    pub basis: String,
    /// The indicators, in the order of the sheet.
    pub indicators: Vec<Indicator>,
}

impl ScorecardRules {
    /// The shipped default (`rules/scorecard.json`).
    pub fn default_rules() -> ScorecardRules {
        // The shipped file is checked by a unit test; it always parses.
        ScorecardRules::parse(DEFAULT_JSON).unwrap_or_else(|_| ScorecardRules {
            title: String::new(),
            basis: String::new(),
            indicators: Vec::new(),
        })
    }

    /// The indicator with `key`.
    pub fn indicator(&self, key: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.key == key)
    }
}

#[cfg(test)]
mod tests;
