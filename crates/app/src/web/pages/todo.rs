//! 待办 page: overdue, due today and due soon milestones, and overdue counts by unit.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use xinfang_domain::clock::format_local;
use xinfang_domain::deadlines::format_due;
use xinfang_store::TodoItem;

use super::error_page;
use crate::services::deadlines::todo::{Who, todo};
use crate::web::Web;
use crate::web::auth::PageUser;
use crate::web::render::{page, viewer};

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct TodoQuery {
    who: String,
}

fn rows(items: &[TodoItem]) -> Vec<Value> {
    items
        .iter()
        .map(|i| {
            context! {
                case_id => i.case_id, number => &i.number, township => &i.township, unit => &i.lead_unit,
                handler => &i.handler_name, milestone => &i.milestone, due => format_due(i.due_at),
                kind => xinfang_domain::vocab::CaseKind::parse(&i.kind).map(|k| k.label()),
            }
        })
        .collect()
}

pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<TodoQuery>,
) -> Response {
    let now = web.app.now();
    let who = Who::parse(&q.who, &u.actor);
    match todo(&web.app, &u.actor, who, now).await {
        Ok(v) => page(
            &web.templates,
            StatusCode::OK,
            "todo.html",
            context! {
                me => viewer(&u), csrf => &u.csrf, nav => "todo", who => who.as_str(), now => format_local(now),
                overdue => rows(&v.overdue), due_today => rows(&v.due_today), due_soon => rows(&v.due_soon),
                by_unit => v.overdue_by_unit.iter().map(|(n, c)| context! { unit => n, count => c }).collect::<Vec<_>>(),
            },
        ),
        Err(e) => error_page(&web, &u, &e),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct MonthQuery {
    month: String,
}

/// 截止日历 — a month of due dates, with days off and makeup working days marked.
pub(super) async fn calendar(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<MonthQuery>,
) -> Response {
    use jiff::ToSpan;
    use jiff::civil::Date;
    use xinfang_domain::clock::{from_local, to_local};
    let now = web.app.now();
    let today = to_local(now).date();
    let first = Date::strptime("%Y-%m-%d", format!("{}-01", q.month.trim()))
        .unwrap_or_else(|_| today.first_of_month());
    let next = first.checked_add(1.month()).unwrap_or(first);
    let at = |d: Date| from_local(d.to_datetime(jiff::civil::Time::midnight()));
    // Due 24:00 of the month's last day is stored as the next month's 00:00.
    let items = match web
        .app
        .store
        .due_between(
            &u.actor.case_scope(),
            at(first) + jiff::SignedDuration::from_secs(1),
            at(next) + jiff::SignedDuration::from_secs(1),
        )
        .await
    {
        Ok(i) => i,
        Err(e) => return error_page(&web, &u, &e.into()),
    };
    let settings = match web.app.deadline_settings().await {
        Ok(s) => s,
        Err(e) => return error_page(&web, &u, &e),
    };
    let lead = i64::from(first.weekday().to_monday_zero_offset());
    let mut cells = vec![context! { blank => true }; lead as usize];
    let mut day = first;
    while day < next {
        let info = settings.calendar.day(day);
        let due: Vec<Value> = items
            .iter()
            .filter(|(i, _)| xinfang_domain::deadlines::due_day(i.due_at) == day)
            .map(|(i, done)| context! { case_id => i.case_id, number => &i.number, milestone => &i.milestone, done => *done, overdue => !*done && i.due_at < now })
            .collect();
        cells.push(context! {
            blank => false, day => day.day(), working => info.working, reason => info.reason,
            today => day == today, due => due,
        });
        day = day.tomorrow().unwrap_or(next);
    }
    let prev_month = first
        .checked_sub(1.month())
        .unwrap_or(first)
        .strftime("%Y-%m")
        .to_string();
    page(
        &web.templates,
        StatusCode::OK,
        "todo_calendar.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "todo", month => first.strftime("%Y年%m月").to_string(),
            prev => prev_month, next => next.strftime("%Y-%m").to_string(), cells => cells,
        },
    )
}
