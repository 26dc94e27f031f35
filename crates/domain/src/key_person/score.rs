//! 风险评分 — a key person's signals, and the risk score they add up to
//! with every point explained ("近12个月信访3次 +30；曾赴市 +25").

use serde::Serialize;

use super::RiskLevel;
use super::rules::RiskRules;
use crate::vocab::EscalatedTo;

/// What is known of a person that bears on the risk, counted by the store
/// from their cases (by ID number and explicit links), their register
/// entry and the calendar of sensitive periods.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Signals {
    /// 近N个月信访次数 — cases received within the rules' window.
    pub petitions: u32,
    /// 重复访 — of those, cases of kind 重复访.
    pub repeats: u32,
    /// 回访不满意 — cases whose return visit found the petitioner 不满意 (any time).
    pub dissatisfied: u32,
    /// 越级去向 — every destination above the district they went to
    /// (the register's history and their cases' 越级去向).
    pub escalated: Vec<EscalatedTo>,
    /// 超期未办结 — their cases with an overdue milestone, not closed.
    pub overdue: u32,
    /// 表示欲越级上访 — a stated intention to go above the district.
    pub intends_to_escalate: bool,
    /// 敏感节点 on now or starting within the rules' days: its name and
    /// how many days until it starts (0 when it is on).
    pub period_ahead: Option<(String, i64)>,
}

/// One explained part of a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The sentence without the points: "近12个月信访3次".
    pub text: String,
    /// The points it adds.
    pub points: u32,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} +{}", self.text, self.points)
    }
}

/// 风险评分 — the total, its level, and each point's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskScore {
    /// 风险分.
    pub score: u32,
    /// 风险等级 by the rules' thresholds (the computed level; an assessed
    /// grade from 三级研判 is kept apart).
    pub level: RiskLevel,
    /// Every reason that added points, in the rules' order; none of 0 points.
    pub reasons: Vec<Reason>,
}

impl RiskScore {
    /// The reasons as one line: "近12个月信访3次 +30；曾赴市 +25".
    pub fn explained(&self) -> String {
        if self.reasons.is_empty() {
            return "暂无风险信号 +0".into();
        }
        self.reasons
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("；")
    }
}

fn counted(label: &str, n: u32) -> String {
    if n == 1 {
        label.to_string()
    } else {
        format!("{label}{n}次")
    }
}

/// The furthest of the destinations: 进京 over 赴省 over 赴市.
pub fn furthest(escalated: &[EscalatedTo]) -> Option<EscalatedTo> {
    escalated.iter().copied().max_by_key(|e| match e {
        EscalatedTo::City => 1,
        EscalatedTo::Province => 2,
        EscalatedTo::Beijing => 3,
    })
}

impl RiskRules {
    /// The level of a score.
    pub fn level_of(&self, score: u32) -> RiskLevel {
        if score >= self.levels.major {
            RiskLevel::Major
        } else if score >= self.levels.serious {
            RiskLevel::Significant
        } else {
            RiskLevel::General
        }
    }

    /// Score `s`: each signal adds its points (capped per the rules), the
    /// furthest 越级去向 alone counts, and each addition says why.
    pub fn score(&self, s: &Signals) -> RiskScore {
        let mut reasons = Vec::new();
        let mut add = |text: String, points: u32| {
            if points > 0 {
                reasons.push(Reason { text, points });
            }
        };
        if s.petitions > 0 {
            add(
                format!("近{}个月信访{}次", self.window_months, s.petitions),
                self.petitions.points(s.petitions),
            );
        }
        if s.repeats > 0 {
            add(counted("重复访", s.repeats), self.repeats.points(s.repeats));
        }
        if let Some(e) = furthest(&s.escalated) {
            let (text, points) = match e {
                EscalatedTo::City => ("曾赴市", self.escalated.city),
                EscalatedTo::Province => ("曾赴省", self.escalated.province),
                EscalatedTo::Beijing => ("曾进京", self.escalated.beijing),
            };
            add(text.into(), points);
        }
        if s.dissatisfied > 0 {
            add(
                counted("回访不满意", s.dissatisfied),
                self.dissatisfied.points(s.dissatisfied),
            );
        }
        if s.overdue > 0 {
            add(
                format!("有{}件超期未办结", s.overdue),
                self.overdue.points(s.overdue),
            );
        }
        if s.intends_to_escalate {
            add("表示欲越级上访".into(), self.intention);
        }
        if let Some((name, days)) = &s.period_ahead {
            let text = if *days <= 0 {
                format!("正值敏感节点（{name}）")
            } else {
                format!("敏感节点临近（{name}，{days}天后）")
            };
            add(text, self.period_ahead.points);
        }
        let score = reasons.iter().map(|r| r.points).sum();
        RiskScore {
            score,
            level: self.level_of(score),
            reasons,
        }
    }
}
