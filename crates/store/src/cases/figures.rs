//! The one place a statistics figure becomes SQL: the statistics count with
//! these conditions and the case list filters with them, so a figure and
//! the list behind its link cannot disagree.

use xinfang_domain::statistics::Figure;
use xinfang_domain::vocab::{CaseKind, EscalatedTo, Satisfaction};
use xinfang_domain::workflow::CaseStatus;

use crate::params::Params;

/// The condition, over `cases c`, that a case counts in `figure`, judged
/// at `now` (Unix ms) where the figure depends on the time (超期未办结).
/// The literals are the vocabularies' stored keys, never user input.
pub(crate) fn figure_condition(figure: Figure, now: i64, p: &mut Params) -> String {
    let closed = CaseStatus::Closed.as_str();
    match figure {
        Figure::Total => "1=1".into(),
        Figure::Closed => format!("c.status = '{closed}'"),
        // The answering milestone (role `answer`) done by its due time; a
        // case's rules give it one answering milestone.
        Figure::OnTime => format!(
            "c.status = '{closed}' AND EXISTS (SELECT 1 FROM milestones am WHERE am.case_id = c.id
                AND am.role = 'answer' AND am.completed_at IS NOT NULL AND am.due_at IS NOT NULL
                AND am.completed_at <= am.due_at)"
        ),
        Figure::ReturnVisited => "c.return_visit_at IS NOT NULL".into(),
        Figure::Satisfied => format!(
            "c.return_visit_at IS NOT NULL AND c.satisfaction = '{}'",
            Satisfaction::Satisfied.as_str()
        ),
        Figure::Repeat => format!("c.kind = '{}'", CaseKind::Repeat.as_str()),
        Figure::Escalated => format!(
            "(c.kind = '{}' OR c.escalated_to IS NOT NULL)",
            CaseKind::Escalated.as_str()
        ),
        Figure::EscalatedProvinceOrAbove => format!(
            "c.escalated_to IN ('{}', '{}')",
            EscalatedTo::Province.as_str(),
            EscalatedTo::Beijing.as_str()
        ),
        Figure::Online => format!("c.kind = '{}'", CaseKind::OnlineOpinion.as_str()),
        Figure::Backlog => "c.backlog = 1".into(),
        // 销号 is recorded on the case's ledger row (`resolve_backlog`).
        Figure::BacklogResolved => "c.backlog = 1 AND EXISTS (SELECT 1 FROM case_ledgers rl
                WHERE rl.case_id = c.id AND rl.resolved_at IS NOT NULL)"
            .into(),
        // As the 待办 list's 已超期: a started deadline (not a petitioner's
        // window) not completed and past due.
        Figure::OverdueOpen => format!(
            "c.status <> '{closed}' AND EXISTS (SELECT 1 FROM milestones om WHERE om.case_id = c.id
                AND om.completed_at IS NULL AND om.is_window = 0 AND om.started_at IS NOT NULL
                AND om.due_at IS NOT NULL AND om.due_at < {})",
            p.int(now)
        ),
    }
}
