//! Who may take which step when: the permission and state rules of the six steps.

use super::{CaseStatus, Document, EventKind, STEP_NAMES, Step, StepError, Transition};
use crate::access::Actor;
use crate::case::Case;
use crate::errors::FieldErrors;
use crate::permission::{Permission, Place, check as check_permission, only_own_org};
use crate::vocab::Satisfaction;

/// The permission a step needs, from the permission table.
fn permission_for(step: &str) -> Option<Permission> {
    Some(match step {
        "assign" => Permission::AssignCase,
        "contact" | "visit" | "report" | "opinion" | "return_visit" | "close" | "deliver"
        | "request_extension" => Permission::HandleCase,
        "urge" => Permission::UrgeCase,
        "comment" => Permission::CommentCase,
        "escalate" | "reopen" | "review" | "extend" => Permission::SuperviseCase,
        "correct" => Permission::CorrectCase,
        "send_back" => Permission::DecideDissatisfied,
        _ => return None,
    })
}

/// Whether the actor may take any step on any case at all (督查 and a bare
/// administrator only read).
fn works_on_cases(actor: &Actor) -> bool {
    [
        Permission::AssignCase,
        Permission::HandleCase,
        Permission::UrgeCase,
        Permission::CommentCase,
        Permission::SuperviseCase,
        Permission::CorrectCase,
    ]
    .into_iter()
    .any(|p| actor.may(p, &Place::Somewhere))
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
    if !works_on_cases(actor) {
        return Err(StepError::Forbidden(
            "您的角色只能查看案件，不能办理".into(),
        ));
    }
    // Permission before state: a refused step says who may before why not now.
    if let Some(p) = permission_for(step) {
        check_permission(actor, p, &Place::case(case)).map_err(|d| StepError::Forbidden(d.0))?;
    }
    let status = case.status;
    let closed = || {
        Err(StepError::NotNow(
            "案件已办结，不能再办理；如需继续办理，请由区乡村振兴局重新打开".into(),
        ))
    };
    match step {
        "assign" => match status {
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
        },
        "contact" | "visit" | "report" => {
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
        "opinion" => match status {
            S::Handling => Ok(Transition {
                to: S::ReturnVisit,
                event: EventKind::Opinion,
            }),
            S::Registered | S::Assigned => Err(StepError::NotNow(
                "尚未记录与信访人的联系或走访，不能出具处理意见".into(),
            )),
            S::ReturnVisit if awaits_decision(case) => Err(StepError::NotNow(
                "信访人回访不满意，待区乡村振兴局决定退回重办或依法办结".into(),
            )),
            S::ReturnVisit => Err(StepError::NotNow("已出具处理意见，正在等待回访".into())),
            S::Closed => closed(),
        },
        "return_visit" => {
            match status {
                // A dissatisfied return visit before the 处理意见书 was
                // delivered sends it back to 办; [`plan`] picks the target
                // from the step's satisfaction.
                S::ReturnVisit => Ok(Transition {
                    to: S::ReturnVisit,
                    event: EventKind::ReturnVisit,
                }),
                S::Closed => closed(),
                _ => Err(StepError::NotNow("尚未出具处理意见，不能回访".into())),
            }
        }
        "close" => match status {
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
                if awaits_decision(case) {
                    // 依法办结 with 不满意 kept: the district's decision.
                    check_permission(actor, Permission::DecideDissatisfied, &Place::case(case))
                        .map_err(|d| StepError::Forbidden(d.0))?;
                } else if case.satisfaction != Some(Satisfaction::Satisfied) {
                    return Err(StepError::NotNow(
                        "信访人不满意，且《处理意见书》尚未送达，案件须退回继续办理，不能办结"
                            .into(),
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
        },
        "send_back" => match status {
            S::ReturnVisit if awaits_decision(case) => Ok(Transition {
                to: S::Handling,
                event: EventKind::SentBack,
            }),
            S::Closed => closed(),
            _ => Err(StepError::NotNow(
                "只有《处理意见书》送达后回访不满意的案件才能退回重办".into(),
            )),
        },
        "urge" => {
            if status == S::Closed {
                return Err(StepError::NotNow("案件已办结，无需催办".into()));
            }
            Ok(Transition {
                to: status,
                event: EventKind::Urge,
            })
        }
        "escalate" => {
            if status == S::Closed {
                return Err(StepError::NotNow("案件已办结，不能升级督办".into()));
            }
            Ok(Transition {
                to: status,
                event: EventKind::Escalate,
            })
        }
        "comment" => Ok(Transition {
            to: status,
            event: EventKind::Comment,
        }),
        "reopen" => {
            if status != S::Closed {
                return Err(StepError::NotNow("只有已办结的案件才能重新打开".into()));
            }
            Ok(Transition {
                to: S::Handling,
                event: EventKind::Reopen,
            })
        }
        "deliver" => {
            if status == S::Registered {
                return Err(StepError::NotNow("案件尚未转办，没有可送达的文书".into()));
            }
            Ok(Transition {
                to: status,
                event: EventKind::Delivered,
            })
        }
        "review" => {
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
            if matches!(status, S::Registered | S::Closed) {
                return Err(StepError::NotNow("只有办理中的案件才能申请延期".into()));
            }
            Ok(Transition {
                to: status,
                event: EventKind::ExtensionRequested,
            })
        }
        "extend" => {
            if status == S::Closed {
                return Err(StepError::NotNow("案件已办结，无需延期".into()));
            }
            Ok(Transition {
                to: status,
                event: EventKind::Extended,
            })
        }
        "correct" => {
            // The registering township corrects its own entry until the
            // district has assigned the case; from then on the district does.
            if status != S::Registered && only_own_org(actor, Permission::CorrectCase).is_some() {
                return Err(StepError::NotNow(
                    "案件已转办，登记信息只能由区乡村振兴局更正".into(),
                ));
            }
            Ok(Transition {
                to: status,
                event: EventKind::Corrected,
            })
        }
        other => Err(StepError::NotNow(format!("未知的操作“{other}”"))),
    }
}

/// Whether the case waits for the district's decision on a petitioner who
/// stays 不满意: the return visit after the 处理意见书 was delivered found
/// them dissatisfied, so the district sends it back to 办 or closes it.
fn awaits_decision(case: &Case) -> bool {
    case.status == CaseStatus::ReturnVisit
        && case.satisfaction == Some(Satisfaction::Dissatisfied)
        && case.opinion_delivered_at.is_some()
}

/// The full decision for a parsed step: permission, state, and the target
/// status (a dissatisfied return visit before the 处理意见书 was delivered
/// goes back to 办; after it, the case waits in 回访 for the district).
pub fn plan(actor: &Actor, case: &Case, step: &Step) -> Result<Transition, StepError> {
    let mut t = check(actor, case, step.name())?;
    if let Step::ReturnVisit {
        satisfaction: Satisfaction::Dissatisfied,
        ..
    } = step
        && case.opinion_delivered_at.is_none()
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

/// The fields a step needs because of the case it is taken on: closing a
/// case whose petitioner stays 不满意 needs a 办结说明.
pub fn check_fields(case: &Case, step: &Step) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    if let Step::Close { note: None } = step
        && awaits_decision(case)
    {
        errors.add(
            "note",
            "办结说明",
            "信访人不满意时依法办结，须写明办结说明，如“已依法答复，告知复查途径”",
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
