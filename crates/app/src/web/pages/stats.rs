//! 统计分析 — the figures of a period with links to their cases, the SVG
//! charts, and each table as .xlsx.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::{Value, context};
use xinfang_domain::statistics::{Counts, StatsBy, percent};

use super::error_page;
use crate::services::statistics::read_statistics::StatsInput;
use crate::services::statistics::stats_page::{COLUMNS, Column, stats_page, stats_xlsx};
use crate::web::Web;
use crate::web::auth::PageUser;
use crate::web::kit::respond::{Disposition, XLSX, file};
use crate::web::render::{page, viewer};

/// One row of the table as the template shows it: each cell's text and,
/// for a count, the case list behind it.
fn cells(c: &Counts, query: Option<&str>) -> Vec<Value> {
    COLUMNS
        .iter()
        .map(|(_, col)| match (col, col.rate(c)) {
            (Column::Count(f), _) => {
                let n = c.get(*f);
                let link = query
                    .map(|q| crate::services::statistics::read_statistics::figure_query(q, *f));
                context! { text => n, link => link.map(|q| format!("/cases?{q}")) }
            }
            (_, Some(rate)) => context! { text => percent(rate), rate => true },
            (_, None) => context! { text => "" },
        })
        .collect()
}

/// `GET /stats?period=|from=&to=&by=`
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(input): Query<StatsInput>,
) -> Response {
    let now = web.app.now();
    let p = match stats_page(&web.app, &u.actor, &input, now).await {
        Ok(p) => p,
        Err(e) => return error_page(&web, &u, &e),
    };
    let r = &p.report;
    let rows: Vec<Value> = r
        .groups
        .iter()
        .map(|g| context! { key => &g.key, cells => cells(&g.counts, Some(&g.list_query)) })
        .collect();
    let change = |now: i64, before: i64| {
        if before == 0 {
            "—".to_string()
        } else {
            percent(Some((now - before) as f64 / before as f64))
        }
    };
    let query = format!(
        "from={}&to={}&by={}",
        r.period.from,
        r.period.to,
        r.by.as_str()
    );
    let this_year = xinfang_domain::clock::local_date(now).year();
    let month = xinfang_domain::clock::local_date(now);
    page(
        &web.templates,
        StatusCode::OK,
        "stats.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "stats",
            from => r.period.from.to_string(), to => r.period.to.to_string(), by => r.by.as_str(),
            by_label => r.by.label(),
            bys => StatsBy::ALL.iter().map(|b| context! { key => b.as_str(), label => b.label() }).collect::<Vec<_>>(),
            headers => COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>(),
            rows => rows,
            total => cells(&r.total, Some(&r.total_query)),
            district_total => (!r.sees_district).then(|| cells(&r.district_total, None)),
            total_n => r.total.total, closed_rate => percent(r.total.closed_rate()),
            on_time_rate => percent(r.total.on_time_rate()), satisfaction_rate => percent(r.total.satisfaction_rate()),
            resolution_rate => percent(r.total.resolution_rate()),
            province => r.total.escalated_province_or_above, overdue => r.total.overdue_open,
            previous_total => p.previous_total, year_earlier_total => p.year_earlier_total,
            mom => change(r.total.total, p.previous_total), yoy => change(r.total.total, p.year_earlier_total),
            trend_svg => Value::from_safe_string(p.trend_svg.clone()),
            townships_svg => Value::from_safe_string(p.townships_svg.clone()),
            categories_svg => Value::from_safe_string(p.categories_svg.clone()),
            xlsx => format!("/stats.xlsx?{query}"),
            mediation => crate::web::render::ser(crate::services::statistics::read_statistics::mediation_json(&r.mediation)),
            quick => vec![
                context! { label => "本月", period => format!("{}-{:02}", month.year(), month.month()) },
                context! { label => "本季度", period => format!("{}-Q{}", month.year(), (month.month() - 1) / 3 + 1) },
                context! { label => "本年", period => this_year.to_string() },
                context! { label => "上年", period => (this_year - 1).to_string() },
            ],
        },
    )
}

/// `GET /stats.xlsx?from=&to=&by=`: the table as shown.
pub(super) async fn download(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(input): Query<StatsInput>,
) -> Response {
    match stats_xlsx(&web.app, &u.actor, &input, web.app.now()).await {
        Ok((name, bytes)) => file(XLSX, &name, bytes, Disposition::Attachment),
        Err(e) => error_page(&web, &u, &e),
    }
}
