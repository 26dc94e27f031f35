//! 工作台 — the first page after login: what is waiting for me, and what just happened.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;

use super::error_page;
use crate::services::cases::dashboard::dashboard;
use crate::services::goals::goals_panel::{goals_panel, period_or_this_year};
use crate::web::Web;
use crate::web::auth::PageUser;
use crate::web::render::{page, ser, viewer};

pub(super) async fn show(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    let d = match dashboard(&web.app, &u.actor).await {
        Ok(d) => d,
        Err(e) => return error_page(&web, &u, &e),
    };
    // The district's 工作台 shows this year's goals in brief (the page /goals has them whole).
    let goals = if xinfang_domain::menu::Menu::of(&u.actor).is_district {
        match period_or_this_year(&web.app, "") {
            Ok(period) => goals_panel(&web.app, &u.actor, period).await.ok(),
            Err(_) => None,
        }
    } else {
        None
    };
    page(
        &web.templates,
        StatusCode::OK,
        "dashboard.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "home",
            counts => ser(&d.counts), todo => ser(&d.todo), todo_total => d.todo_total,
            todo_title => d.todo_title, events => ser(&d.events), duties => ser(&d.duties),
            accountability => ser(&d.accountability), assessments => ser(&d.assessments), risk => ser(&d.risk),
            lock_notice => &u.lock_notice,
            decisions => ser(&d.decisions), decisions_total => d.decisions_total,
            goals => goals.as_ref().map(ser),
        },
    )
}
