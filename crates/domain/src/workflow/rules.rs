//! Who may take which step when: the permission and state rules of the six steps.

use super::{CaseStatus, Document, EventKind, STEP_NAMES, Step, StepError, Transition};
use crate::access::{Actor, Role};
use crate::case::Case;
use crate::vocab::Satisfaction;

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
