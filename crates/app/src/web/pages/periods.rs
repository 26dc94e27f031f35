//! 敏感节点 page: the calendar, the period on today with every township's
//! 零报告 (reported / late / not reported), a township's report form, and
//! the district's form to add a period.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use xinfang_domain::sensitive_period::{
    PeriodInput, ZeroReportInput, ZeroReportOutcome, ZeroReportState,
};

use super::error_page;
use crate::json::{PeriodJson, ZeroReportJson};
use crate::services::ServiceError;
use crate::services::periods::{
    PeriodsView, add_period, periods_view, submit_zero_report, zero_sheet,
};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::classify;
use crate::web::render::{page, ser, viewer};

/// `?date=&done=` — `date` shows another day of the active period's 零报告.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct PeriodsQuery {
    date: String,
    done: String,
}

async fn render(
    web: &Web,
    u: &CurrentUser,
    mut v: PeriodsView,
    date: &str,
    done: &str,
    period_form: &PeriodInput,
    error: Option<&ServiceError>,
) -> Response {
    let mut day = v.today;
    if let (Some(active), Ok(d)) = (
        &v.active,
        jiff::civil::Date::strptime("%Y-%m-%d", date.trim()),
    ) && active.period.is_on(d)
        && d <= v.today
        && let Ok(sheet) = zero_sheet(&web.app, &u.actor, active.id, d).await
    {
        v.sheet = sheet;
        day = d;
    }
    let days: Vec<String> = v
        .active
        .as_ref()
        .map(|a| {
            a.period
                .days()
                .into_iter()
                .filter(|d| *d <= v.today)
                .map(|d| d.to_string())
                .collect()
        })
        .unwrap_or_default();
    let periods: Vec<PeriodJson> = v
        .periods
        .iter()
        .map(|p| PeriodJson::of(p, v.today))
        .collect();
    let sheet: Vec<ZeroReportJson> = v.sheet.iter().map(ZeroReportJson::from).collect();
    let missing = v
        .sheet
        .iter()
        .filter(|r| r.state == ZeroReportState::Missing)
        .count();
    let fields = match error {
        Some(ServiceError::Invalid(f)) => f.0.clone(),
        _ => Vec::new(),
    };
    let outcomes: Vec<&str> = ZeroReportOutcome::ALL.iter().map(|o| o.label()).collect();
    page(
        &web.templates,
        error.map_or(StatusCode::OK, |e| classify(e).0),
        "periods.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "periods", periods => ser(&periods),
            active => v.active.as_ref().map(|a| ser(PeriodJson::of(a, v.today))), day => day.to_string(),
            days => days, sheet => ser(&sheet), missing => missing, may_add => v.may_add, may_report => v.may_report,
            outcomes => outcomes, f => ser(period_form), done => done,
            errors => Value::from(minijinja::value::Serde(fields)),
            message => error.filter(|e| !matches!(e, ServiceError::Invalid(_))).map(ServiceError::user_message),
        },
    )
}

/// `GET /periods`.
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<PeriodsQuery>,
) -> Response {
    match periods_view(&web.app, &u.actor).await {
        Ok(v) => render(&web, &u, v, &q.date, &q.done, &PeriodInput::default(), None).await,
        Err(e) => error_page(&web, &u, &e),
    }
}

/// `POST /periods` — add a period (the district).
pub(super) async fn add(State(web): State<Web>, f: PageForm<PeriodInput>) -> Response {
    match add_period(&web.app, &f.user.actor, &f.form).await {
        Ok(_) => Redirect::to("/periods?done=added").into_response(),
        Err(e @ ServiceError::Invalid(_)) => match periods_view(&web.app, &f.user.actor).await {
            Ok(v) => render(&web, &f.user, v, "", "", &f.form, Some(&e)).await,
            Err(e2) => error_page(&web, &f.user, &e2),
        },
        Err(e) => error_page(&web, &f.user, &e),
    }
}

/// `POST /periods/{id}/zero-reports` — a township's 零报告 for today.
pub(super) async fn report(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ZeroReportInput>,
) -> Response {
    match submit_zero_report(&web.app, &f.user.actor, id, &f.form).await {
        Ok(_) => Redirect::to("/periods?done=reported").into_response(),
        Err(e @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
            match periods_view(&web.app, &f.user.actor).await {
                Ok(v) => render(&web, &f.user, v, "", "", &PeriodInput::default(), Some(&e)).await,
                Err(e2) => error_page(&web, &f.user, &e2),
            }
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}
