//! Demo 调解与核查: mediations of each kind on cases being handled (most
//! reaching an agreement, with the signed agreement uploaded), and the
//! inspection group's verifications of closed cases with each verdict — one
//! 需整改 answered by its unit in time, one left overdue.

use jiff::{SignedDuration, Timestamp};
use xinfang_domain::access::Actor;
use xinfang_domain::case::Case;
use xinfang_domain::clock::{format_local, local_date};
use xinfang_domain::mediation::MediationInput;
use xinfang_domain::verification::{RectificationInput, VerificationInput};
use xinfang_domain::vocab::CaseStatus;
use xinfang_store::{CaseFilter, CaseSort};

use super::{Ctx, internal, user_at};
use crate::services::ServiceResult;
use crate::services::cases::attachments::{UploadDetails, upload};
use crate::services::cases::mediations::record_mediation;
use crate::services::cases::verifications::{answer_rectification, record_verification};
use crate::state::AppState;

/// The assigned cases, oldest first, each with the status it reached.
async fn assigned_cases(state: &AppState, quju: &Actor) -> ServiceResult<Vec<Case>> {
    let all = xinfang_domain::access::CaseScope::all();
    let page = state
        .store
        .list_cases(
            &CaseFilter::default(),
            &all,
            CaseSort::ReceivedDesc,
            None,
            0,
        )
        .await?;
    let mut cases = Vec::new();
    for item in page.items.iter().rev() {
        let case = state.store.case(item.id, &quju.case_scope()).await?;
        if case.units.iter().any(|u| u.lead) {
            cases.push(case);
        }
    }
    Ok(cases)
}

/// `days` after `from` at 09:30-ish, kept an hour short of `now`.
pub(super) fn after(from: Timestamp, days: i64, now: Timestamp) -> Timestamp {
    let at = from + SignedDuration::from_hours(days * 24 + 1);
    at.min(now - SignedDuration::from_hours(1))
}

/// The account of the case's township (its officer records the mediation).
pub(super) fn township_user(ctx: &Ctx, case: &Case) -> &'static str {
    ctx.orgs
        .values()
        .find(|o| o.id == case.township_id)
        .map_or("quju", |o| user_at(&o.code))
}

/// The account of the case's responsible unit (it answers the rectification).
fn unit_user(ctx: &Ctx, case: &Case) -> &'static str {
    let lead = case.units.iter().find(|u| u.lead).map(|u| u.org_id);
    ctx.orgs
        .values()
        .find(|o| Some(o.id) == lead)
        .map_or("quju", |o| user_at(&o.code))
}

const KINDS: [&str; 3] = ["人民调解", "行政调解", "司法调解"];

/// Record the demo's mediations and verifications.
pub(super) async fn seed(state: &AppState, ctx: &Ctx) -> ServiceResult<()> {
    let now = state.now();
    let quju = ctx.actor("quju")?;
    let cases = assigned_cases(state, quju).await?;
    let handling: Vec<&Case> = cases
        .iter()
        .filter(|c| c.status != CaseStatus::Closed)
        .take(6)
        .collect();
    for (i, case) in handling.iter().enumerate() {
        mediate(state, ctx, case, i, now).await?;
    }
    let closed: Vec<&Case> = cases
        .iter()
        .filter(|c| c.status == CaseStatus::Closed)
        .take(4)
        .collect();
    for (i, case) in closed.iter().enumerate() {
        verify(state, ctx, case, i, now).await?;
    }
    Ok(())
}

async fn mediate(
    state: &AppState,
    ctx: &Ctx,
    case: &Case,
    i: usize,
    now: Timestamp,
) -> ServiceResult<()> {
    let at = after(case.received_at, 6 + i as i64, now);
    if at <= case.received_at {
        return Ok(());
    }
    let actor = ctx.actor(township_user(ctx, case))?;
    let agreed = i % 3 != 2;
    let kind = KINDS[i % 3];
    let attachment_id = if agreed {
        let details = UploadDetails {
            note: Some(format!("{kind}协议书（双方签字）")),
            signed_document: None,
        };
        let a = upload(
            state,
            actor,
            case.id,
            &format!("{kind}协议书.pdf"),
            b"%PDF-1.4\n%%EOF\n",
            details,
            at,
        )
        .await
        .map_err(|e| internal(format!("{} 上传调解协议书失败：{e}", case.number)))?;
        a.id.to_string()
    } else {
        String::new()
    };
    let village = case
        .village
        .clone()
        .unwrap_or_else(|| case.township.clone());
    let input = MediationInput {
        kind: kind.into(),
        date: format_local(at),
        place: match kind {
            "人民调解" => format!("{village}人民调解委员会"),
            "行政调解" => format!("{}便民服务中心", case.township),
            _ => "建安区人民法院诉前调解室".into(),
        },
        mediators: ["王德顺、李秀兰", "赵立平", "刘法官、书记员陈静"][i % 3].into(),
        lawyers: ["", "张律师", "周明律师"][i % 3].into(),
        counsellors: if i.is_multiple_of(2) { "孙慧" } else { "" }.into(),
        elders: ["老支书马长顺、退休教师许文彬", "", "老党员杨守义"][i % 3].into(),
        village_cadres: ["村主任何建军", "村会计郭玉梅", ""][i % 3].into(),
        others: String::new(),
        outcome: if agreed { "达成协议" } else { "未达成" }.into(),
        agreement: if agreed {
            format!(
                "经{kind}，双方同意：责任单位于{}前落实信访人反映的问题，信访人承诺不再就此事信访。",
                local_date(at + SignedDuration::from_hours(24 * 15))
            )
        } else {
            String::new()
        },
        attachment_id,
    };
    record_mediation(state, actor, case.id, &input, at)
        .await
        .map_err(|e| internal(format!("{} 记录调解失败：{e}", case.number)))?;
    Ok(())
}

async fn verify(
    state: &AppState,
    ctx: &Ctx,
    case: &Case,
    i: usize,
    now: Timestamp,
) -> ServiceResult<()> {
    let ducha = ctx.actor("ducha")?;
    let from = case.closed_at.unwrap_or(case.received_at);
    let at = after(from, 7, now);
    let (method, verdict, findings) = [
        (
            "实地",
            "属实已解决",
            "到村实地查看，问题已按处理意见落实，信访人表示满意。",
        ),
        (
            "入户",
            "未化解",
            "入户走访，信访人仍有异议，矛盾尚未化解，建议包案领导继续跟进。",
        ),
        (
            "实地",
            "需整改",
            "实地核查发现承诺的整改措施仅部分落实，相关材料不完整。",
        ),
        (
            "电话",
            "需整改",
            "电话回访信访人，反映补助资金尚未足额发放。",
        ),
    ][i];
    let rectify = verdict == "需整改";
    let due = local_date(at + SignedDuration::from_hours(24 * 10));
    let input = VerificationInput {
        date: format_local(at),
        method: method.into(),
        findings: findings.into(),
        verdict: verdict.into(),
        rectification_demand: if rectify {
            "限期补齐整改材料，落实到位后报送整改情况及佐证材料。".into()
        } else {
            String::new()
        },
        rectification_due: if rectify {
            due.to_string()
        } else {
            String::new()
        },
    };
    let vid = record_verification(state, ducha, case.id, &input, at)
        .await
        .map_err(|e| internal(format!("{} 记录核查失败：{e}", case.number)))?;
    // The first 需整改 is answered in time; the second is left to run overdue.
    let answered_at = at + SignedDuration::from_hours(24 * 6);
    if rectify && i == 2 && answered_at < now {
        let unit = ctx.actor(unit_user(ctx, case))?;
        let answer = RectificationInput {
            date: format_local(answered_at),
            text: "已补齐整改材料，相关措施全部落实，信访人签字确认。".into(),
            attachment_id: String::new(),
        };
        answer_rectification(state, unit, case.id, vid, &answer, answered_at)
            .await
            .map_err(|e| internal(format!("{} 报送整改情况失败：{e}", case.number)))?;
    }
    Ok(())
}
