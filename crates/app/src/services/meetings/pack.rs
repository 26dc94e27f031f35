//! The meeting pack (会议材料): what a township brings to its monthly
//! 隐患分析排查会议 — last month's new cases, the open and the overdue ones,
//! its key persons by risk, last month's screening entries, and last
//! month's measures with whether they were carried out — as an A4 PDF.
//!
//! "Last month" is the month before the meeting's; open and overdue are as
//! of the moment the pack is made.

use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::clock::{chinese_date, local_date, start_of_day};
use xinfang_domain::meeting::{MeasureState, Month};
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::vocab::CaseKind;
use xinfang_forms::notice::{MeetingPack, meeting_pack_pdf};
use xinfang_store::{CaseFilter, CaseSort, ScreeningFilter, TodoBucket, TodoFilter};

use super::pack_sections::{self as sections, ROWS};
use crate::services::cases::notices::notice_font;
use crate::services::townships::township_named;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The pack of township `township` (name, short name or id) for its
/// meeting in `month`, and the file name to save it as.
pub async fn meeting_pack(
    state: &AppState,
    actor: &Actor,
    township: &str,
    month: Month,
) -> ServiceResult<(String, MeetingPack)> {
    check(actor, Permission::ReadMeetings, &Place::Somewhere)?;
    let org = township_named(state, township).await?;
    check(actor, Permission::ReadMeetings, &Place::Org(org.id))?;
    let now = state.now();
    let today = local_date(now);
    let last = month.previous();
    let (from, to) = (
        start_of_day(last.first_day()),
        start_of_day(month.first_day()),
    );
    // The pack is the township's own: all its cases, whoever asks.
    let scope = CaseScope {
        territory: Some(org.id),
        ..CaseScope::none()
    };

    let new_filter = CaseFilter {
        received_from: Some(from),
        received_to: Some(to),
        ..CaseFilter::default()
    };
    let new = state
        .store
        .list_cases(
            &new_filter,
            &scope,
            CaseSort::ReceivedDesc,
            Some(ROWS as i64),
            0,
        )
        .await?;
    let all_new = state
        .store
        .list_cases(&new_filter, &scope, CaseSort::ReceivedDesc, None, 0)
        .await?;
    let repeats = all_new
        .items
        .iter()
        .filter(|c| c.kind == CaseKind::Repeat)
        .count();
    let escalated = all_new
        .items
        .iter()
        .filter(|c| c.escalated_to.is_some())
        .count();
    let open_filter = CaseFilter {
        open_only: true,
        ..CaseFilter::default()
    };
    let open = state
        .store
        .list_cases(
            &open_filter,
            &scope,
            CaseSort::ReceivedDesc,
            Some(ROWS as i64),
            0,
        )
        .await?;
    let tomorrow = start_of_day(
        today
            .tomorrow()
            .map_err(|e| ServiceError::Internal(e.to_string()))?,
    );
    let overdue = state
        .store
        .todo(
            &scope,
            TodoFilter {
                township_id: Some(org.id),
                ..TodoFilter::default()
            },
            TodoBucket::Overdue,
            now,
            tomorrow,
            500,
        )
        .await?;
    let screened = state
        .store
        .list_screenings(
            &ScreeningFilter {
                township_id: Some(org.id),
                from: Some(from),
                to: Some(to),
                ..ScreeningFilter::default()
            },
            &scope,
            Some(ROWS as i64),
            0,
        )
        .await?;
    let measures = state
        .store
        .measures_decided(Some(org.id), last.first_day(), month.first_day())
        .await?;
    let done = measures.iter().filter(|m| m.done.is_some()).count();
    let late = measures
        .iter()
        .filter(|m| {
            MeasureState::of(m.measure.due, None, today) == MeasureState::Overdue
                && m.done.is_none()
        })
        .count();

    let n_new = all_new.items.len();
    let n_open = open.total;
    let n_screened = screened.total;
    let summary = vec![
        format!(
            "上月（{}）新增信访件{n_new}件，其中重复访{repeats}件、越级访{escalated}件；截至{}，在办{n_open}件，超期未办的时限{}个。",
            last.label(),
            chinese_date(today),
            overdue.len()
        ),
        format!(
            "上月新增排查隐患{n_screened}条。上月会议制定措施{}条，已落实{done}条，未落实{}条（其中已超期{late}条）。",
            measures.len(),
            measures.len() - done
        ),
    ];
    let mut list = vec![
        sections::new_cases(
            format!("一、上月新增信访件（{}）", last.label()),
            &new.items,
            n_new,
        ),
        sections::open_cases("二、在办案件".into(), &open.items, n_open as usize),
        sections::overdue("三、超期未办结".into(), &overdue),
    ];
    list.push(super::pack_persons::key_persons(state, org.id).await?);
    list.push(sections::screenings(
        "五、上月新增排查隐患".into(),
        &screened.items,
        n_screened as usize,
    ));
    list.push(sections::measures(
        "六、上月会议措施落实情况".into(),
        &measures,
        today,
    ));
    let pack = MeetingPack {
        title: format!("{}{}信访舆情隐患分析排查会议材料", org.name, month.label()),
        subtitle: format!("生成于{}　供会前研判使用，注意保密", chinese_date(today)),
        summary,
        sections: list,
        author: org.name.clone(),
    };
    Ok((format!("{}-{}-会议材料.pdf", org.name, month), pack))
}

/// The pack as PDF bytes, with its file name.
pub async fn meeting_pack_file(
    state: &AppState,
    actor: &Actor,
    township: &str,
    month: Month,
) -> ServiceResult<(String, Vec<u8>)> {
    let (name, pack) = meeting_pack(state, actor, township, month).await?;
    let font = notice_font(state)?;
    let pdf = meeting_pack_pdf(&pack, &font).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok((name, pdf))
}
