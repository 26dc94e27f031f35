//! 工作台 — the first page after login: what is waiting for me, and what just happened.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use xinfang_domain::clock::format_local;
use xinfang_domain::workflow::CaseStatus;
use xinfang_store::{CaseFilter, CaseSort};

use super::error_page;
use crate::json::CaseSummaryJson;
use crate::services::cases::query::list;
use crate::web::Web;
use crate::web::auth::PageUser;
use crate::web::render::{page, viewer};

pub(super) async fn show(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    let app = &web.app;
    let mut counts = Vec::new();
    for status in CaseStatus::ALL {
        let f = CaseFilter {
            status: Some(*status),
            ..CaseFilter::default()
        };
        match list(app, &u.actor, &f, CaseSort::ReceivedDesc, Some(0), 0).await {
            Ok(p) => counts.push(context! { key => status.as_str(), label => status.label(), step => status.step_char(), count => p.total }),
            Err(e) => return error_page(&web, &u, &e),
        }
    }
    // The district's queue is what waits for it (转办, 办结); everyone else's is their open cases.
    let menu = xinfang_domain::permission::Menu::of(&u.actor);
    let todo_status = if menu.is_district {
        Some(CaseStatus::Registered)
    } else {
        None
    };
    let todo_filter = CaseFilter {
        status: todo_status,
        open_only: true,
        ..CaseFilter::default()
    };
    let todo = match list(
        app,
        &u.actor,
        &todo_filter,
        CaseSort::UpdatedDesc,
        Some(15),
        0,
    )
    .await
    {
        Ok(p) => p,
        Err(e) => return error_page(&web, &u, &e),
    };
    let events = app
        .store
        .recent_events(&u.actor.case_scope(), 15)
        .await
        .unwrap_or_default();
    let events: Vec<_> = events
        .iter()
        .map(|(e, number)| {
            context! {
                case_id => e.case_id, number => number, kind => e.kind.label(), actor => &e.actor_name,
                at => format_local(e.occurred_at), text => &e.text,
            }
        })
        .collect();
    let today = xinfang_domain::clock::to_local(app.now()).date();
    let settings = match app.deadline_settings().await {
        Ok(s) => s,
        Err(e) => return error_page(&web, &u, &e),
    };
    let township = u.actor.has(xinfang_domain::access::Role::TownshipOfficer);
    let duties: Vec<_> = xinfang_domain::duties::duties_on(today, &settings.calendar)
        .into_iter()
        .filter(|d| match d.audience {
            "district" => menu.is_district,
            "township" => township || menu.is_district,
            _ => true,
        })
        .map(|d| context! { title => d.title, detail => d.detail, urgent => d.urgent })
        .collect();
    let todo_items: Vec<CaseSummaryJson> = todo.items.iter().map(CaseSummaryJson::from).collect();
    page(
        &web.templates,
        StatusCode::OK,
        "dashboard.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "home",
            counts => counts, todo => minijinja::Value::from(minijinja::value::Serde(todo_items)), todo_total => todo.total,
            todo_title => if menu.is_district { "待转办案件" } else { "我的待办案件" },
            events => events, duties => duties,
        },
    )
}
