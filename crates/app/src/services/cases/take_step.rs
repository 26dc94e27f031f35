//! 转、办、回、交、督 — taking one step on a case.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, Role};
use xinfang_domain::case::Case;
use xinfang_domain::clock::format_local;
use xinfang_domain::deadlines::{Admission, ReviewChain};
use xinfang_domain::org::OrgKind;
use xinfang_domain::vocab::Satisfaction;
use xinfang_domain::workflow::{Step, StepInput, check_fields, plan};

use crate::services::{ServiceResult, field_error};
use crate::settings::DeadlineSettings;
use crate::state::AppState;

/// Take the named step on a case the actor can see. `expected_version` is the
/// version the user's form was built from; if the case changed since, the
/// step is refused as a conflict instead of overwriting.
pub async fn take_step(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
    step_name: &str,
    input: &StepInput,
    expected_version: Option<i64>,
    now: Timestamp,
) -> ServiceResult<Case> {
    let case = state.store.case(case_id, &actor.case_scope()).await?;
    // Permission and state first: a refused step says why before any field is checked.
    xinfang_domain::workflow::check(actor, &case, step_name)?;
    let mut step = input.parse(step_name, now)?;
    if let Some(at) = step.occurred_at()
        && at < case.received_at
    {
        return Err(field_error(
            "at",
            "时间",
            format!("不能早于接待日期 {}", format_local(case.received_at)),
        ));
    }
    let transition = plan(actor, &case, &step)?;
    check_fields(&case, &step)?;
    let settings = state.deadline_settings().await?;
    let events = state
        .store
        .case_events(case.id, &actor.case_scope())
        .await?;
    let late = review_admission(&settings, &case, &events, &mut step)?;
    let mut text = describe(state, &settings, &case, &mut step).await?;
    if let (
        Some(closed_on),
        Step::Review {
            late_reason: Some(reason),
            ..
        },
    ) = (late, &step)
    {
        text.push_str(&format!(
            "（逾期受理：申请期限已于{closed_on}届满；逾期受理理由：{reason}）"
        ));
    }
    let milestones = crate::services::deadlines::milestones::case_milestones(
        state,
        &settings,
        &case,
        &events,
        Some(&step),
        now,
    )
    .await?;
    if let Step::Extend { milestone, .. } | Step::RequestExtension { milestone, .. } = &step
        && !milestones
            .iter()
            .any(|m| &m.key == milestone && !m.is_window)
    {
        return Err(field_error(
            "milestone",
            "时限节点",
            format!("本案没有时限节点“{milestone}”"),
        ));
    }
    // The 处理意见书 is issued with the opinion, in the same transaction.
    let notice =
        crate::services::cases::issued_notices::notice_of_step(state, &case, &events, &step)
            .await?;
    let change = xinfang_store::StepChange {
        expected_version,
        step: &step,
        transition,
        text: &text,
        milestones: &milestones,
    };
    Ok(state
        .store
        .apply_step_issuing(&case, change, notice.as_ref(), actor, now)
        .await?)
}

/// The Chinese name of a milestone key in the rules in force.
fn milestone_name(settings: &DeadlineSettings, key: &str) -> String {
    settings
        .rules
        .find(key)
        .map_or_else(|| key.to_string(), |m| m.name.clone())
}

/// Hold a 复查/复核 step to the review chain's order and windows (条例
/// 第三十五、三十六条). A request after its window passes only with the
/// district's 逾期受理理由; returns the day that window closed. A reason
/// given for a request in time is not kept.
fn review_admission(
    settings: &DeadlineSettings,
    case: &Case,
    events: &[xinfang_store::EventRecord],
    step: &mut Step,
) -> ServiceResult<Option<jiff::civil::Date>> {
    let Step::Review {
        at,
        stage,
        late_reason,
        ..
    } = step
    else {
        return Ok(None);
    };
    let steps: Vec<Step> = events
        .iter()
        .filter_map(|e| serde_json::from_value(e.data.clone()).ok())
        .collect();
    let chain = ReviewChain::new(case.opinion_delivered_at, &steps);
    match chain.admit(*stage, *at, late_reason.as_deref(), &settings.calendar)? {
        Admission::InTime => {
            *late_reason = None;
            Ok(None)
        }
        Admission::Late { closed_on } => Ok(Some(closed_on)),
    }
}

/// Check the step's references and write its timeline sentence.
async fn describe(
    state: &AppState,
    settings: &DeadlineSettings,
    case: &Case,
    step: &mut Step,
) -> ServiceResult<String> {
    Ok(match step {
        Step::Assign(a) => {
            let unit = state
                .store
                .org(a.unit_id)
                .await
                .map_err(|_| field_error("unit_id", "责任单位", "没有这个单位"))?;
            if !matches!(
                unit.kind,
                OrgKind::Department | OrgKind::Township | OrgKind::Bureau
            ) {
                return Err(field_error(
                    "unit_id",
                    "责任单位",
                    format!("“{}”不能作为责任单位", unit.name),
                ));
            }
            let mut co_names = Vec::new();
            for id in &a.co_unit_ids {
                let co = state
                    .store
                    .org(*id)
                    .await
                    .map_err(|_| field_error("co_unit_ids", "协办单位", "没有这个单位"))?;
                co_names.push(co.name);
            }
            if let Some(uid) = a.handler_user_id {
                let u = state
                    .store
                    .user(uid)
                    .await
                    .map_err(|_| field_error("handler_user_id", "承办人", "没有这个用户"))?;
                if u.org_id != a.unit_id && !a.co_unit_ids.contains(&u.org_id) {
                    return Err(field_error(
                        "handler_user_id",
                        "承办人",
                        format!("{}不属于承办单位", u.display_name),
                    ));
                }
                if a.handler_name.is_none() {
                    a.handler_name = Some(u.display_name.clone());
                }
                if a.handler_phone.is_none() {
                    a.handler_phone = u.phone.clone();
                }
            }
            let mut leader = String::new();
            if let Some(uid) = a.leader_user_id {
                let u = state
                    .store
                    .user(uid)
                    .await
                    .map_err(|_| field_error("leader_user_id", "包案领导", "没有这个用户"))?;
                if !u.roles.contains(&Role::CaseLeader) {
                    return Err(field_error(
                        "leader_user_id",
                        "包案领导",
                        format!("{}不是包案领导", u.display_name),
                    ));
                }
                leader = format!("，包案领导{}", u.display_name);
            }
            let co = if co_names.is_empty() {
                String::new()
            } else {
                format!("，协办单位{}", co_names.join("、"))
            };
            let handler = a
                .handler_name
                .as_deref()
                .map(|h| format!("，承办人{h}"))
                .unwrap_or_default();
            let note = a
                .note
                .as_deref()
                .map(|n| format!("。{n}"))
                .unwrap_or_default();
            format!("转办至{}{co}{handler}{leader}{note}", unit.name)
        }
        Step::Contact { method, note, .. } => format!("{method}：{note}"),
        Step::Visit {
            place,
            notice_signed,
            note,
            ..
        } => {
            let place = place
                .as_deref()
                .map(|p| format!("在{p}"))
                .unwrap_or_default();
            let signed = if *notice_signed {
                "，信访人现场阅签《信访事项受理告知书》"
            } else {
                ""
            };
            format!("{place}带件下访{signed}：{note}")
        }
        Step::Report { kind, note, .. } => format!("提交《{kind}》：{note}"),
        Step::Opinion {
            finding, opinion, ..
        } => format!("出具处理意见（{finding}）：{opinion}"),
        Step::ReturnVisit {
            satisfaction,
            stable,
            note,
            ..
        } => {
            let back = match satisfaction {
                Satisfaction::Dissatisfied if case.opinion_delivered_at.is_some() => {
                    "，《处理意见书》已送达，待区乡村振兴局决定退回重办或依法办结"
                }
                Satisfaction::Dissatisfied => "，退回继续办理",
                Satisfaction::Satisfied => "",
            };
            let stable = if *stable { "稳定" } else { "不稳定" };
            format!("回访，信访人{satisfaction}，{stable}{back}：{note}")
        }
        Step::Close { note } => format!(
            "办结{}{}",
            if case.satisfaction == Some(Satisfaction::Dissatisfied) {
                "（信访人不满意，依法办结）"
            } else {
                ""
            },
            note.as_deref()
                .map(|n| format!("：{n}"))
                .unwrap_or_default()
        ),
        Step::SendBack { note } => format!("信访人不满意，退回重办：{note}"),
        Step::Urge { note } => format!("催办：{note}"),
        Step::Comment { note } => note.clone(),
        Step::Escalate { note } => format!("督办升级：{note}"),
        Step::Reopen { reason } => format!("重新打开：{reason}"),
        Step::Deliver {
            document, by, note, ..
        } => format!(
            "《{}》已送达，送达人{by}{}",
            document.label(),
            note.as_deref()
                .map(|n| format!("：{n}"))
                .unwrap_or_default()
        ),
        Step::Review { stage, note, .. } => format!("{}：{note}", stage.label()),
        Step::RequestExtension {
            milestone,
            days,
            reason,
        } => {
            format!(
                "申请“{}”延期{days}天：{reason}",
                milestone_name(settings, milestone)
            )
        }
        Step::Extend {
            milestone,
            days,
            reason,
            ..
        } => format!(
            "批准“{}”延期{days}天，已告知信访人延期理由：{reason}",
            milestone_name(settings, milestone)
        ),
    })
}
