//! 每周五报送 — the weekly package for the city bureau: Annex 4 of the week's closed provincial cases plus one folder per case.

use jiff::civil::{Date, ISOWeekDate, Weekday};
use xinfang_domain::access::Actor;
use xinfang_domain::vocab::SourceLevel;
use xinfang_domain::workflow::CaseStatus;
use xinfang_forms::archive::weekly_package_zip;
use xinfang_forms::ledger::{LedgerHeader, annex4_xlsx};
use xinfang_store::{CaseFilter, LedgerQuery};

use crate::services::ledgers::rows::annex4_row;
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;
use xinfang_domain::clock::{end_of_day, start_of_day};

/// The weekly package as built.
#[derive(Debug, Clone)]
pub struct WeeklyPackage {
    /// File name, e.g. `建安区省级交办信访事项报送-2022-W41.zip`.
    pub filename: String,
    /// The zip.
    pub bytes: Vec<u8>,
    /// Cases in it.
    pub cases: usize,
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

/// Build the package of `week` for the cases the actor may see.
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
    let q = LedgerQuery {
        filter: CaseFilter {
            source_level: Some(SourceLevel::Province),
            status: Some(CaseStatus::Closed),
            closed_from: Some(start_of_day(monday)),
            closed_to: Some(end_of_day(sunday)),
            ..CaseFilter::default()
        },
        with_events: true,
        ..LedgerQuery::default()
    };
    let cases = state.store.ledger_cases(&q, &actor.case_scope()).await?;
    let (city, county) = crate::services::ledgers::export::city_and_county(state).await?;
    let rows: Vec<_> = cases
        .iter()
        .map(|c| annex4_row(c, &city, &county))
        .collect();
    let org = state.store.org(actor.org_id).await.ok();
    let header = LedgerHeader {
        org_name: org
            .as_ref()
            .map_or_else(|| String::from("区乡村振兴局"), |o| o.name.clone()),
        phone: match &org {
            Some(o) => crate::services::ledgers::export::contact_phone(state, o).await?,
            None => String::new(),
        },
        title: None,
        period: Some(format!(
            "{}至{}（{}）",
            monday.strftime("%Y年%m月%d日"),
            sunday.strftime("%m月%d日"),
            week.trim()
        )),
        extra_columns: false,
    };
    let xlsx = annex4_xlsx(&header, &rows).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let mut folders = Vec::with_capacity(cases.len());
    progress(0, cases.len());
    for c in &cases {
        folders.push(crate::services::cases::archive::case_folder(state, actor, c.id).await?);
        progress(folders.len(), cases.len());
    }
    let bytes = weekly_package_zip("省级交办信访事项办理情况统计表.xlsx", &xlsx, &folders)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(WeeklyPackage {
        filename: format!("{county}省级交办信访事项报送-{}.zip", week.trim()),
        bytes,
        cases: cases.len(),
    })
}
