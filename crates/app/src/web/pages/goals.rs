//! 目标任务 — the plan's goals for a period with their status, each figure a
//! link to its cases; and 通报排名, the ranks the district enters.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use xinfang_domain::goals::RankInput;

use super::error_page;
use crate::services::ServiceError;
use crate::services::goals::goals_panel::{goals_panel, period_or_this_year};
use crate::services::goals::published_ranks::{RanksPage, enter_rank, ranks_page};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::classify;
use crate::web::render::{page, ser, viewer};

/// `?period=`
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct PeriodQuery {
    period: String,
    saved: String,
}

/// `GET /goals?period=2022-Q3` (the current year when left out).
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let result = match period_or_this_year(&web.app, &q.period) {
        Ok(period) => goals_panel(&web.app, &u.actor, period).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(panel) => page(
            &web.templates,
            StatusCode::OK,
            "goals.html",
            context! {
                me => viewer(&u), csrf => &u.csrf, nav => "goals",
                panel => ser(&panel), typed => &q.period,
            },
        ),
        Err(e) => error_page(&web, &u, &e),
    }
}

fn render_ranks(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    view: &RanksPage,
    form: &RankInput,
    error: Option<&ServiceError>,
    saved: bool,
) -> Response {
    let fields = match error {
        Some(ServiceError::Invalid(f)) => f.0.clone(),
        _ => Vec::new(),
    };
    page(
        &web.templates,
        status,
        "goals_ranks.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "goals", view => ser(view), f => ser(form),
            errors => Value::from(minijinja::value::Serde(fields)), saved => saved,
        },
    )
}

/// `GET /goals/ranks` (`?saved=1` after entering one).
pub(super) async fn ranks(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<PeriodQuery>,
) -> Response {
    match ranks_page(&web.app, &u.actor).await {
        Ok(view) => {
            let form = RankInput {
                level: "city".into(),
                ..RankInput::default()
            };
            let saved = !q.saved.is_empty();
            render_ranks(&web, &u, StatusCode::OK, &view, &form, None, saved)
        }
        Err(e) => error_page(&web, &u, &e),
    }
}

/// `POST /goals/ranks` — enter a rank; a bad field is named on the form.
pub(super) async fn enter(State(web): State<Web>, f: PageForm<RankInput>) -> Response {
    match enter_rank(&web.app, &f.user.actor, &f.form).await {
        Ok(_) => Redirect::to("/goals/ranks?saved=1").into_response(),
        Err(ServiceError::Invalid(fields)) => match ranks_page(&web.app, &f.user.actor).await {
            Ok(view) => {
                let e = ServiceError::Invalid(fields);
                render_ranks(
                    &web,
                    &f.user,
                    classify(&e).0,
                    &view,
                    &f.form,
                    Some(&e),
                    false,
                )
            }
            Err(e2) => error_page(&web, &f.user, &e2),
        },
        Err(e) => error_page(&web, &f.user, &e),
    }
}
