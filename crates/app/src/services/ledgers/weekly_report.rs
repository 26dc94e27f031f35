//! 每周五报送 — the package for the city bureau: Annex 4 of the closed
//! provincial cases, a checklist (报送清单) of what each case's folder lacks,
//! and one 一案一档 folder per case.
//!
//! The package the district sends covers every closed provincial case not
//! yet sent (办结一批报送一批) — cases closed on Friday afternoon go in the
//! next one, and a case is in exactly one package (`sendings` records them).
//! A package of an ISO week (`--week`, `?week=`) is a look-back copy of the
//! cases closed in that week, recording nothing.

use jiff::Timestamp;
use jiff::civil::{Date, ISOWeekDate, Weekday};
use xinfang_domain::access::Actor;
use xinfang_domain::clock::{end_of_day, format_local, start_of_day, to_local};
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::vocab::SourceLevel;
use xinfang_domain::workflow::CaseStatus;
use xinfang_forms::archive::{CaseFolder, weekly_package_zip};
use xinfang_forms::ledger::{LedgerHeader, annex4_xlsx};
use xinfang_store::{CaseFilter, LedgerCaseRow, LedgerQuery};

use crate::services::ledgers::export::{city_and_county, form_header};
use crate::services::ledgers::rows::annex4_row;
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// A package as built.
#[derive(Debug, Clone)]
pub struct WeeklyPackage {
    /// File name, e.g. `建安区省级交办信访事项报送-20221014.zip` or `…-2022-W41.zip`.
    pub filename: String,
    /// The zip.
    pub bytes: Vec<u8>,
    /// Cases in it.
    pub cases: usize,
    /// Each case's id and what its folder lacks (缺少材料), in package order.
    pub gaps: Vec<(i64, Vec<String>)>,
}

/// One case the next package will carry.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PendingCase {
    /// Case id.
    pub id: i64,
    /// 信访件编号.
    pub number: String,
    /// 信访人 (name only).
    pub petitioner: String,
    /// 问题所属乡镇.
    pub township: String,
    /// When it was closed.
    pub closed_at: Option<Timestamp>,
    /// 缺少材料, in Chinese.
    pub missing: Vec<String>,
}

/// What the next package would hold (报送预览).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Preview {
    /// When the last package was sent; None before the first.
    pub since: Option<Timestamp>,
    /// The last package's id.
    pub last_sending_id: Option<i64>,
    /// The cases, in the order they were closed.
    pub cases: Vec<PendingCase>,
    /// How many of them lack something.
    pub incomplete: usize,
}

/// Monday and Sunday of an ISO week written `2022-W41`.
pub fn week_days(week: &str) -> ServiceResult<(Date, Date)> {
    let bad = || {
        field_error(
            "week",
            "周次",
            format!("周次格式不正确“{week}”，应如 2022-W41"),
        )
    };
    let (y, w) = week.trim().split_once("-W").ok_or_else(bad)?;
    let (y, w): (i16, i8) = (y.parse().map_err(|_| bad())?, w.parse().map_err(|_| bad())?);
    let monday = ISOWeekDate::new(y, w, Weekday::Monday)
        .map_err(|_| bad())?
        .date();
    let sunday = ISOWeekDate::new(y, w, Weekday::Sunday)
        .map_err(|_| bad())?
        .date();
    Ok((monday, sunday))
}

/// The ISO week of a day, as `2022-W41`.
pub fn week_of(day: Date) -> String {
    let iso = day.iso_week_date();
    format!("{}-W{:02}", iso.year(), iso.week())
}

fn closed_provincial(from: Option<Timestamp>, to: Option<Timestamp>) -> LedgerQuery {
    LedgerQuery {
        filter: CaseFilter {
            source_level: Some(SourceLevel::Province),
            status: Some(CaseStatus::Closed),
            closed_from: from,
            closed_to: to,
            ..CaseFilter::default()
        },
        with_events: true,
        ..LedgerQuery::default()
    }
}

/// Closed provincial cases not yet in a sent package, oldest number first.
async fn pending_cases(state: &AppState, actor: &Actor) -> ServiceResult<Vec<LedgerCaseRow>> {
    let sent = state.store.sent_case_ids().await?;
    let mut cases = state
        .store
        .ledger_cases(&closed_provincial(None, None), &actor.case_scope())
        .await?;
    cases.retain(|c| !sent.contains(&c.id));
    Ok(cases)
}

/// What the next package would hold, each case with what it lacks (the district only).
pub async fn preview(state: &AppState, actor: &Actor) -> ServiceResult<Preview> {
    check(actor, Permission::SendReport, &Place::Somewhere)?;
    let last = state.store.last_sending().await?;
    let scope = actor.case_scope();
    let mut cases = Vec::new();
    for row in pending_cases(state, actor).await? {
        let case = state.store.case(row.id, &scope).await?;
        let events = state.store.case_events(row.id, &scope).await?;
        let attachments = state.store.attachments(row.id, &scope).await?;
        let missing = crate::services::cases::archive::folder_gaps(&case, &events, &attachments);
        cases.push(PendingCase {
            id: case.id,
            number: case.number.clone(),
            petitioner: row.petitioner_name.clone().unwrap_or_default(),
            township: row.township.clone(),
            closed_at: case.closed_at,
            missing: missing.iter().map(|m| m.label().to_string()).collect(),
        });
    }
    Ok(Preview {
        since: last.as_ref().map(|s| s.sent_at),
        last_sending_id: last.map(|s| s.id),
        incomplete: cases.iter().filter(|c| !c.missing.is_empty()).count(),
        cases,
    })
}

/// The package of everything closed and not yet sent, as it would go now
/// (the district only); nothing is recorded — `sendings::send` does that.
pub async fn pending_package_with_progress(
    state: &AppState,
    actor: &Actor,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> ServiceResult<WeeklyPackage> {
    check(actor, Permission::SendReport, &Place::Somewhere)?;
    let last = state.store.last_sending().await?;
    let cases = pending_cases(state, actor).await?;
    let now = state.now();
    let period = match &last {
        Some(s) => format!(
            "{}（上次报送）至{}",
            format_local(s.sent_at),
            format_local(now)
        ),
        None => format!("首次报送，截至{}", format_local(now)),
    };
    let stamp = to_local(now).strftime("%Y%m%d").to_string();
    build(state, actor, &cases, &period, &stamp, progress).await
}

/// The look-back package of an ISO week: the provincial cases closed that
/// week, whether sent or not (the district only); nothing is recorded.
pub async fn weekly_package(
    state: &AppState,
    actor: &Actor,
    week: &str,
) -> ServiceResult<WeeklyPackage> {
    weekly_package_with_progress(state, actor, week, &|_, _| {}).await
}

/// [`weekly_package`], calling `progress(done, total)` as the cases' folders
/// are built: once with `done == 0` when the cases are known, then after each
/// case. After the last call (`done == total`) the zip is compressed.
pub async fn weekly_package_with_progress(
    state: &AppState,
    actor: &Actor,
    week: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> ServiceResult<WeeklyPackage> {
    let (monday, sunday) = week_days(week)?;
    check(actor, Permission::SendReport, &Place::Somewhere)?;
    let q = closed_provincial(Some(start_of_day(monday)), Some(end_of_day(sunday)));
    let cases = state.store.ledger_cases(&q, &actor.case_scope()).await?;
    let period = format!(
        "{}至{}（{}）",
        monday.strftime("%Y年%m月%d日"),
        sunday.strftime("%m月%d日"),
        week.trim()
    );
    build(state, actor, &cases, &period, week.trim(), progress).await
}

/// Annex 4, the checklist and a folder per case, as one zip.
async fn build(
    state: &AppState,
    actor: &Actor,
    cases: &[LedgerCaseRow],
    period: &str,
    stamp: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> ServiceResult<WeeklyPackage> {
    let (city, county) = city_and_county(state).await?;
    let rows: Vec<_> = cases
        .iter()
        .map(|c| annex4_row(c, &city, &county))
        .collect();
    let (org_name, phone) = district_header(state).await?;
    let header = LedgerHeader {
        org_name: org_name.clone(),
        phone: phone.clone(),
        title: None,
        period: Some(period.to_string()),
        extra_columns: false,
    };
    let xlsx = annex4_xlsx(&header, &rows).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let mut folders = Vec::with_capacity(cases.len());
    progress(0, cases.len());
    for c in cases {
        folders.push(crate::services::cases::archive::case_folder(state, actor, c.id).await?);
        progress(folders.len(), cases.len());
    }
    let list = checklist(&org_name, &phone, period, &folders);
    let bytes = weekly_package_zip(
        "省级交办信访事项办理情况统计表.xlsx",
        &xlsx,
        &list,
        &folders,
    )
    .map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(WeeklyPackage {
        filename: format!("{county}省级交办信访事项报送-{stamp}.zip"),
        bytes,
        cases: cases.len(),
        gaps: cases
            .iter()
            .zip(&folders)
            .map(|(c, f)| (c.id, f.missing.clone()))
            .collect(),
    })
}

/// The district's 填报单位 and 联系电话 (单位信息 once saved).
async fn district_header(state: &AppState) -> ServiceResult<(String, String)> {
    let orgs = state.store.list_orgs().await?;
    match orgs.iter().find(|o| o.kind == OrgKind::District) {
        Some(district) => form_header(state, district).await,
        None => Ok((String::from("区乡村振兴局"), String::new())),
    }
}

/// 报送清单: who sends, the period, and each case with what its folder lacks.
fn checklist(org: &str, phone: &str, period: &str, folders: &[CaseFolder]) -> String {
    let mut s = format!(
        "省级交办信访事项办结情况报送清单\n填报单位：{org}\n联系电话：{phone}\n报送时段：{period}\n共 {} 件",
        folders.len()
    );
    let incomplete = folders.iter().filter(|f| !f.missing.is_empty()).count();
    if incomplete > 0 {
        s.push_str(&format!(
            "，其中 {incomplete} 件材料不全（见各件“缺少材料”）"
        ));
    }
    s.push_str("\n\n");
    for (i, f) in folders.iter().enumerate() {
        s.push_str(&format!("{:>3}. {}\n", i + 1, f.heading));
        if f.missing.is_empty() {
            s.push_str("     材料齐全\n");
        } else {
            for m in &f.missing {
                s.push_str(&format!("     缺少材料：{m}\n"));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_checklist_names_every_gap_and_counts_the_incomplete() {
        let folder = |name: &str, missing: &[&str]| CaseFolder {
            name: name.into(),
            heading: format!("{name} 王建国 重复访 危房改造"),
            documents: vec![],
            timeline: vec![],
            missing: missing.iter().map(|m| m.to_string()).collect(),
        };
        let list = checklist(
            "许昌市建安区乡村振兴局",
            "0374-5012345（联系人：王敏）",
            "首次报送，截至2022-10-14 16:00",
            &[
                folder("建安信访〔2022〕0001号", &[]),
                folder("建安信访〔2022〕0002号", &["无调查报告", "无回访记录"]),
            ],
        );
        assert!(list.contains(
            "填报单位：许昌市建安区乡村振兴局\n联系电话：0374-5012345（联系人：王敏）\n"
        ));
        assert!(list.contains("共 2 件，其中 1 件材料不全"), "{list}");
        assert!(
            list.contains("  1. 建安信访〔2022〕0001号 王建国 重复访 危房改造\n     材料齐全\n")
        );
        assert!(list.contains("     缺少材料：无调查报告\n     缺少材料：无回访记录\n"));
    }

    #[test]
    fn weeks_are_read_as_iso_weeks() {
        assert_eq!(
            week_days("2022-W41").unwrap(),
            (
                jiff::civil::date(2022, 10, 10),
                jiff::civil::date(2022, 10, 16)
            )
        );
        assert!(week_days("2022-41").is_err());
        assert_eq!(week_of(jiff::civil::date(2022, 10, 14)), "2022-W41");
    }
}
