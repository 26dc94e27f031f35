//! 每周报送 — what the Friday package must hold for each case, and what a
//! case's folder lacks (缺少材料), so that the package names the gaps instead
//! of sending a printed form where the city expects the signed one.
//!
//! A package covers every closed provincial case not yet sent (办结一批报送一批):
//! a case goes in exactly one package. That rule lives in the store (one
//! sending per case); this module decides what each folder is missing.

use crate::labelled_enum;
use crate::vocab::{CaseKind, ReportKind};

labelled_enum! {
    /// 缺少材料 — one thing a case's folder should hold and does not.
    pub enum MissingItem {
        /// No 受理告知书 could be issued (no responsible unit named).
        AcceptanceNotice => ("acceptance_notice", "未出具《信访事项受理告知书》"),
        /// The petitioner's signed 受理告知书 was never scanned and uploaded.
        SignedAcceptance => ("signed_acceptance", "无信访人签收的《信访事项受理告知书》扫描件"),
        /// No 处理意见书 (no opinion was given).
        OpinionNotice => ("opinion_notice", "未出具《信访事项处理意见书》"),
        /// The 处理意见书 was never recorded as delivered (送达).
        OpinionDelivery => ("opinion_delivery", "《信访事项处理意见书》未记录送达"),
        /// The signed 处理意见书 (送达回证) was never scanned and uploaded.
        SignedOpinion => ("signed_opinion", "无信访人签收的《信访事项处理意见书》扫描件（送达回证）"),
        /// 调查报告 — no investigation report of any kind.
        InvestigationReport => ("investigation_report", "无调查报告"),
        /// 初步调查报告 of a repeat or escalated petition.
        PreliminaryReport => ("preliminary_report", "无初步调查报告"),
        /// 处置情况报告 of a repeat, escalated or online case.
        HandlingReport => ("handling_report", "无处置情况报告"),
        /// 舆情应对措施报告 of an online incident.
        OpinionResponseReport => ("opinion_response_report", "无舆情应对措施报告"),
        /// No return visit (回访) recorded.
        ReturnVisit => ("return_visit", "无回访记录"),
    }
}

/// What a case's file holds, as far as the package is concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderFacts {
    /// 信访类型: decides which reports are due.
    pub kind: Option<CaseKind>,
    /// A 受理告知书 exists (issued, or issuable: a responsible unit is named).
    pub acceptance_notice: bool,
    /// The signed 受理告知书 scan is uploaded.
    pub acceptance_signed: bool,
    /// A 处理意见书 exists (an opinion was given).
    pub opinion_notice: bool,
    /// The 处理意见书's 送达 is recorded.
    pub opinion_delivered: bool,
    /// The signed 处理意见书 scan (送达回证) is uploaded.
    pub opinion_signed: bool,
    /// The reports submitted, in any order, repeats allowed.
    pub reports: Vec<ReportKind>,
    /// A return visit is recorded.
    pub return_visit: bool,
}

/// The reports a case of `kind` must have: the plan's 初步调查报告 and
/// 处置情况报告 for 重复访 and 越级访, 舆情应对措施报告 and 处置情况报告 for
/// 网络舆情; for the rest any one report (调查报告) will do.
fn reports_due(kind: Option<CaseKind>) -> &'static [ReportKind] {
    match kind {
        Some(CaseKind::Repeat | CaseKind::Escalated) => {
            &[ReportKind::Preliminary, ReportKind::Handling]
        }
        Some(CaseKind::OnlineOpinion) => &[ReportKind::OpinionResponse, ReportKind::Handling],
        _ => &[],
    }
}

impl FolderFacts {
    /// Everything the folder lacks, in the order a reader checks a file:
    /// notices and their signed copies, reports, the return visit.
    pub fn missing(&self) -> Vec<MissingItem> {
        let mut out = Vec::new();
        if !self.acceptance_notice {
            out.push(MissingItem::AcceptanceNotice);
        } else if !self.acceptance_signed {
            out.push(MissingItem::SignedAcceptance);
        }
        if !self.opinion_notice {
            out.push(MissingItem::OpinionNotice);
        } else if !self.opinion_signed {
            // A scan uploaded for a notice never recorded as delivered is
            // refused, so a missing delivery is the first gap to name.
            out.push(if self.opinion_delivered {
                MissingItem::SignedOpinion
            } else {
                MissingItem::OpinionDelivery
            });
        }
        let due = reports_due(self.kind);
        if due.is_empty() {
            if self.reports.is_empty() {
                out.push(MissingItem::InvestigationReport);
            }
        } else {
            for r in due {
                if !self.reports.contains(r) {
                    out.push(match r {
                        ReportKind::Preliminary => MissingItem::PreliminaryReport,
                        ReportKind::OpinionResponse => MissingItem::OpinionResponseReport,
                        _ => MissingItem::HandlingReport,
                    });
                }
            }
        }
        if !self.return_visit {
            out.push(MissingItem::ReturnVisit);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(kind: CaseKind) -> FolderFacts {
        FolderFacts {
            kind: Some(kind),
            acceptance_notice: true,
            acceptance_signed: true,
            opinion_notice: true,
            opinion_delivered: true,
            opinion_signed: true,
            reports: vec![
                ReportKind::Preliminary,
                ReportKind::Handling,
                ReportKind::OpinionResponse,
            ],
            return_visit: true,
        }
    }

    #[test]
    fn a_complete_folder_lacks_nothing() {
        for kind in CaseKind::ALL {
            assert_eq!(complete(*kind).missing(), vec![], "{kind:?}");
        }
    }

    #[test]
    fn each_gap_is_named_once_in_reading_order() {
        let bare = FolderFacts {
            kind: Some(CaseKind::Repeat),
            ..FolderFacts::default()
        };
        assert_eq!(
            bare.missing(),
            vec![
                MissingItem::AcceptanceNotice,
                MissingItem::OpinionNotice,
                MissingItem::PreliminaryReport,
                MissingItem::HandlingReport,
                MissingItem::ReturnVisit,
            ]
        );
        let unsigned = FolderFacts {
            acceptance_signed: false,
            opinion_signed: false,
            opinion_delivered: false,
            ..complete(CaseKind::FirstPetition)
        };
        assert_eq!(
            unsigned.missing(),
            vec![MissingItem::SignedAcceptance, MissingItem::OpinionDelivery]
        );
        let delivered = FolderFacts {
            opinion_delivered: true,
            ..unsigned
        };
        assert_eq!(
            delivered.missing(),
            vec![MissingItem::SignedAcceptance, MissingItem::SignedOpinion]
        );
    }

    #[test]
    fn the_reports_due_follow_the_kind() {
        let no_reports = |kind| FolderFacts {
            reports: vec![],
            ..complete(kind)
        };
        assert_eq!(
            no_reports(CaseKind::FirstPetition).missing(),
            vec![MissingItem::InvestigationReport]
        );
        assert_eq!(
            no_reports(CaseKind::OnlineOpinion).missing(),
            vec![
                MissingItem::OpinionResponseReport,
                MissingItem::HandlingReport
            ]
        );
        let only_handling = FolderFacts {
            reports: vec![ReportKind::Handling],
            ..complete(CaseKind::Escalated)
        };
        assert_eq!(
            only_handling.missing(),
            vec![MissingItem::PreliminaryReport]
        );
        let any_report = FolderFacts {
            reports: vec![ReportKind::Investigation],
            ..complete(CaseKind::Screening)
        };
        assert_eq!(any_report.missing(), vec![]);
    }
}
