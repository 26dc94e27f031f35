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
use crate::services::deadlines::due_calendar::due_calendar;
use crate::services::deadlines::todo::{Who, todo};
use crate::web::Web;
use crate::web::auth::PageUser;
use crate::web::render::{page, ser, viewer};

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
    let measures =
        match crate::services::meetings::overview::open_measures(&web.app, &u.actor).await {
            Ok(list) => {
                let today = xinfang_domain::clock::local_date(now);
                list.iter()
                    .map(|m| crate::json::MeasureJson::new(m, today))
                    .collect::<Vec<_>>()
            }
            Err(e) => return error_page(&web, &u, &e),
        };
    // 稳控联系 of key persons due today or overdue (for those who read key persons).
    let contacts_due = crate::services::persons::contacts::due_for_todo(
        &web.app,
        &u.actor,
        xinfang_domain::clock::local_date(now),
    )
    .await
    .unwrap_or_default();
    match todo(&web.app, &u.actor, who, now).await {
        Ok(v) => page(
            &web.templates,
            StatusCode::OK,
            "todo.html",
            context! {
                me => viewer(&u), csrf => &u.csrf, nav => "todo", who => who.as_str(), now => format_local(now),
                overdue => rows(&v.overdue), due_today => rows(&v.due_today), due_soon => rows(&v.due_soon),
                measures => ser(&measures),
                contacts_due => ser(&contacts_due),
                by_unit => v.overdue_by_unit.iter().map(|(n, c)| context! { unit => n, count => c }).collect::<Vec<_>>(),
                assessments => crate::web::render::ser(&v.assessments),
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
    match due_calendar(&web.app, &u.actor, &q.month).await {
        Ok(c) => page(
            &web.templates,
            StatusCode::OK,
            "todo_calendar.html",
            context! {
                me => viewer(&u), csrf => &u.csrf, nav => "todo", month => c.month,
                prev => c.prev, next => c.next, cells => ser(&c.cells),
            },
        ),
        Err(e) => error_page(&web, &u, &e),
    }
}
