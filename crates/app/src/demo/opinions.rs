//! Demo opinion board: the year's online incidents at every disposal stage —
//! the newest still 监测中 (a 较大 one not yet answered), most answered by
//! their township and brought to 已处置 or 已平息, one that flared up again —
//! and the first few linked to a petition on the same matter.

use jiff::{SignedDuration, Timestamp};
use xinfang_domain::case::Case;
use xinfang_domain::clock::format_local;
use xinfang_domain::opinion::{OpinionLinkInput, OpinionStatusInput, VoiceInput};
use xinfang_domain::vocab::{CaseKind, CaseStatus};
use xinfang_store::{CaseFilter, CaseSort};

use super::records::{after, township_user};
use super::{Ctx, internal};
use crate::services::ServiceResult;
use crate::services::cases::opinions::{change_status, link, record_voice};
use crate::state::AppState;

/// Who speaks, how and what, by turn.
const VOICES: [(&str, &str, &str); 3] = [
    (
        "评论区回复",
        "抖音",
        "您反映的情况已收到，镇里已安排工作人员入户核实，核实后将第一时间回复。",
    ),
    (
        "政务新媒体发布",
        "微信公众号",
        "关于网民反映问题的情况说明：经核查，相关补助资金已按程序发放到位，欢迎群众监督。",
    ),
    (
        "与发帖人沟通",
        "",
        "镇村干部当面向发帖人说明政策和办理进展，发帖人表示理解。",
    ),
];

/// Record the demo's opinion board.
pub(super) async fn seed(state: &AppState, ctx: &Ctx) -> ServiceResult<()> {
    let now = state.now();
    let all = xinfang_domain::access::CaseScope::all();
    let filter = CaseFilter {
        kind: Some(CaseKind::OnlineOpinion),
        ..CaseFilter::default()
    };
    let page = state
        .store
        .list_cases(&filter, &all, CaseSort::ReceivedDesc, None, 0)
        .await?;
    let mut linked = 0;
    for (i, item) in page.items.iter().enumerate() {
        let case = state.store.case(item.id, &all).await?;
        // The two newest stay 监测中 (the board's first rows need work).
        if i < 2 {
            continue;
        }
        dispose(state, ctx, &case, i, now).await?;
        if linked < 3 && link_petition(state, ctx, &case, now).await? {
            linked += 1;
        }
    }
    Ok(())
}

/// Answer incident `case` and move it on: every one 已回应; closed ones
/// 已处置 then (most) 已平息; the fifth flares up and is watched again.
async fn dispose(
    state: &AppState,
    ctx: &Ctx,
    case: &Case,
    i: usize,
    now: Timestamp,
) -> ServiceResult<()> {
    let actor = ctx.actor(township_user(ctx, case))?;
    let start = case.received_at;
    let hours =
        |h: i64| (start + SignedDuration::from_hours(h)).min(now - SignedDuration::from_mins(30));
    let (channel, platform, content) = VOICES[i % VOICES.len()];
    let voice = VoiceInput {
        speaker: format!("{}人民政府", case.township),
        channel: channel.into(),
        platform: platform.into(),
        date: format_local(hours(3)),
        content: content.into(),
        link: String::new(),
    };
    record_voice(state, actor, case.id, &voice, hours(3))
        .await
        .map_err(|e| internal(format!("{} 记录正面发声失败：{e}", case.number)))?;
    let mut steps = vec![("已回应", hours(4), "")];
    if case.status == CaseStatus::Closed {
        steps.push(("已处置", after(start, 3, now), ""));
        if i % 4 != 3 {
            steps.push(("已平息", after(start, 7, now), ""));
        }
        if i == 5 {
            steps.push((
                "监测中",
                after(start, 9, now),
                "原视频被多个账号转发，评论区再次出现不实说法",
            ));
        }
    }
    let mut last = start;
    for (status, at, note) in steps {
        if at <= last {
            continue;
        }
        last = at;
        let input = OpinionStatusInput {
            status: status.into(),
            date: format_local(at),
            note: note.into(),
        };
        change_status(state, actor, case.id, &input, at)
            .await
            .map_err(|e| internal(format!("{} 更新舆情处置状态失败：{e}", case.number)))?;
    }
    Ok(())
}

/// Link incident `case` to a petition of its township and category received
/// in the thirty days up to it, when there is one; whether it was linked.
/// Never to a later petition: the link is made an hour after the incident
/// came in, and a petition received after that was not there to link to
/// (its timeline would show the link before the petition was received).
async fn link_petition(
    state: &AppState,
    ctx: &Ctx,
    case: &Case,
    now: Timestamp,
) -> ServiceResult<bool> {
    let all = xinfang_domain::access::CaseScope::all();
    let month = SignedDuration::from_hours(24 * 30);
    let filter = CaseFilter {
        township_id: Some(case.township_id),
        category: Some(case.category),
        received_from: Some(case.received_at - month),
        received_to: Some(case.received_at),
        ..CaseFilter::default()
    };
    let page = state
        .store
        .list_cases(&filter, &all, CaseSort::ReceivedDesc, None, 0)
        .await?;
    let Some(petition) = page
        .items
        .iter()
        .find(|p| p.id != case.id && p.kind != CaseKind::OnlineOpinion)
    else {
        return Ok(false);
    };
    let actor = ctx.actor(township_user(ctx, case))?;
    let input = OpinionLinkInput {
        case: petition.number.clone(),
        note: "网民反映与信访人诉求为同一问题".into(),
    };
    let at = after(case.received_at, 1, now);
    link(state, actor, case.id, &input, at)
        .await
        .map_err(|e| internal(format!("{} 关联信访件失败：{e}", case.number)))?;
    Ok(true)
}
