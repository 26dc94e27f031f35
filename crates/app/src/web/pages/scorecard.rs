//! 乡镇后评估 — the scorecard of a period with every score's sentence, the
//! sheet to hand in (.xlsx), and the page where administrators keep its rules.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::{Value, context};
use xinfang_domain::goals::Period;
use xinfang_domain::permission::{Permission, Place, may};

use super::error_page;
use crate::services::ServiceError;
use crate::services::goals::goals_panel::period_or_this_year;
use crate::services::scorecard::read_scorecard::{ScorecardReport, read_scorecard};
use crate::services::scorecard::scorecard_rules::{rules_for_editing, save_scorecard_rules};
use crate::services::scorecard::scorecard_xlsx::scorecard_file;
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::kit::form::status_of;
use crate::web::kit::respond::{Disposition, XLSX, file};
use crate::web::render::{page, viewer};

/// `?period=`
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct PeriodQuery {
    period: String,
}

/// The period asked for, or this year.
fn period(web: &Web, q: &PeriodQuery) -> Result<Period, ServiceError> {
    period_or_this_year(&web.app, &q.period)
}

/// A total or an average as the sheet prints it: `87`, `82.5`, `78.89`.
fn figure(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A score with its sentence, for one cell.
/// Where it counts the statistics' cases, the case list behind it (the
/// township's cases of the period with that figure).
fn cells(r: &ScorecardReport) -> Vec<Value> {
    let (from, to) = (r.period.first_day(), r.period.last_day());
    r.rows
        .iter()
        .map(|row| {
            let s = &row.score;
            context! {
                township => &s.township, rank => s.rank, total => figure(s.total()),
                scores => s.scores.iter().zip(&r.rules.indicators).map(|(x, ind)| context! {
                    name => &ind.name, score => x.score, explanation => &x.explanation,
                    link => ind.measure.figure().map(|f| format!(
                        "/cases?from={from}&to={to}&township={}&figure={}", row.township_id, f.as_str()
                    )),
                }).collect::<Vec<_>>(),
            }
        })
        .collect()
}

/// `GET /scorecard?period=2022-Q3` (the current year when left out).
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let now = web.app.now();
    let result = async { read_scorecard(&web.app, &u.actor, period(&web, &q)?, now).await };
    let r = match result.await {
        Ok(r) => r,
        Err(e) => return error_page(&web, &u, &e),
    };
    let today = xinfang_domain::clock::local_date(now);
    let year = today.year();
    page(
        &web.templates,
        StatusCode::OK,
        "scorecard.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "scorecard",
            title => &r.rules.title, basis => &r.rules.basis,
            period => r.period.key(), period_label => r.period.label(),
            from => r.period.first_day().to_string(), to => r.period.last_day().to_string(),
            district_rules => r.district_rules, sees_all => r.sees_all,
            ranked => r.townships_ranked, unit => &r.unit,
            indicators => r.rules.indicators.iter().map(|i| context! {
                key => &i.key, name => &i.name, area => i.area.label(), weight => i.weight,
                measure => i.measure.label(), bands => i.bands_text(),
            }).collect::<Vec<_>>(),
            rows => cells(&r),
            average => r.average.as_ref().map(|a| context! {
                scores => a.scores.iter().map(|x| figure(*x)).collect::<Vec<_>>(), total => figure(a.total),
            }),
            xlsx => format!("/scorecard.xlsx?period={}", r.period.key()),
            may_edit => may(&u.actor, Permission::ManageScorecard, &Place::Somewhere),
            quick => vec![
                context! { label => "本季度", period => format!("{year}-Q{}", (today.month() - 1) / 3 + 1) },
                context! { label => "本年", period => year.to_string() },
                context! { label => "上年", period => (year - 1).to_string() },
            ],
        },
    )
}

/// `GET /scorecard.xlsx?period=`: the sheet to hand in.
pub(super) async fn download(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let now = web.app.now();
    let result = async { scorecard_file(&web.app, &u.actor, period(&web, &q)?, now).await };
    match result.await {
        Ok((name, bytes)) => file(XLSX, &name, bytes, Disposition::Attachment),
        Err(e) => error_page(&web, &u, &e),
    }
}

/// The rules form: `body` the rules file; `action` = `default` puts the shipped file back.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct RulesForm {
    body: String,
    action: String,
}

async fn rules_page(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    typed: Option<&str>,
    message: Option<String>,
    error: Option<&ServiceError>,
) -> Response {
    let r = match rules_for_editing(&web.app, &u.actor).await {
        Ok(r) => r,
        Err(e) => return error_page(web, u, &e),
    };
    let errors = match error {
        Some(ServiceError::Invalid(f)) => f.0.clone(),
        _ => Vec::new(),
    };
    let nav = if u.actor.has(xinfang_domain::access::Role::Admin) {
        "admin"
    } else {
        "scorecard"
    };
    page(
        &web.templates,
        status,
        "scorecard_rules.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => nav,
            body => typed.map_or(r.body.clone(), str::to_string), district_rules => r.stored,
            title => &r.rules.title,
            indicators => r.rules.indicators.iter().map(|i| context! {
                key => &i.key, name => &i.name, area => i.area.label(), weight => i.weight,
                measure => i.measure.as_str(), bands => i.bands_text(),
            }).collect::<Vec<_>>(),
            message => message,
            errors => Value::from(minijinja::value::Serde(errors)),
        },
    )
}

/// `GET /scorecard/rules` (区级管理员, 系统管理员).
pub(super) async fn rules(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    rules_page(&web, &u, StatusCode::OK, None, None, None).await
}

/// `POST /scorecard/rules` — save the rules; each problem is named by its field.
pub(super) async fn save_rules(State(web): State<Web>, f: PageForm<RulesForm>) -> Response {
    let body = if f.form.action == "default" {
        xinfang_domain::scorecard::DEFAULT_JSON
    } else {
        f.form.body.as_str()
    };
    match save_scorecard_rules(&web.app, &f.user.actor, body).await {
        Ok(_) => {
            let msg = "已保存后评估规则，自下一次查看起按新规则计分。".to_string();
            rules_page(&web, &f.user, StatusCode::OK, None, Some(msg), None).await
        }
        Err(e @ ServiceError::Invalid(_)) => {
            rules_page(&web, &f.user, status_of(&e), Some(body), None, Some(&e)).await
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}
