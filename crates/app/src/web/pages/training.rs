//! 干部培训 (信访能力大提升) — a year's courses and each township's coverage,
//! and the form that records a course.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use xinfang_domain::training::{CourseInput, TrainingTopic};

use super::error_page;

use crate::services::ServiceError;
use crate::services::training::record_course::record_course;
use crate::services::training::training_list::{
    TrainingView, training_json, training_list, year_or_this,
};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::classify;
use crate::web::render::{page, ser, viewer};

/// `?year=&township=&saved=`
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct TrainingQuery {
    year: String,
    township: String,
    saved: String,
}

fn render(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    view: &TrainingView,
    form: &CourseInput,
    error: Option<&ServiceError>,
    saved: bool,
) -> Response {
    let fields = match error {
        Some(ServiceError::Invalid(f)) => f.0.clone(),
        _ => Vec::new(),
    };
    let topics: Vec<&str> = TrainingTopic::ALL.iter().map(|k| k.label()).collect();
    page(
        &web.templates,
        status,
        "training.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "training", view => ser(view),
            t => ser(training_json(view)), f => ser(form), topics => topics,
            errors => Value::from(minijinja::value::Serde(fields)), saved => saved,
        },
    )
}

async fn view_of(
    web: &Web,
    u: &CurrentUser,
    year: &str,
    township: &str,
) -> Result<TrainingView, ServiceError> {
    let year = year_or_this(&web.app, year)?;
    training_list(&web.app, &u.actor, year, township).await
}

/// `GET /training?year=2022&township=张潘镇`.
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<TrainingQuery>,
) -> Response {
    match view_of(&web, &u, &q.year, &q.township).await {
        Ok(view) => {
            let form = CourseInput {
                topic: TrainingTopic::Policy.label().into(),
                ..CourseInput::default()
            };
            render(
                &web,
                &u,
                StatusCode::OK,
                &view,
                &form,
                None,
                !q.saved.is_empty(),
            )
        }
        Err(e) => error_page(&web, &u, &e),
    }
}

/// `POST /training` — record a course; a bad field is named on the form.
pub(super) async fn record(State(web): State<Web>, f: PageForm<CourseInput>) -> Response {
    match record_course(&web.app, &f.user.actor, &f.form).await {
        Ok(c) => Redirect::to(&format!("/training?year={}&saved=1", c.course.date.year()))
            .into_response(),
        Err(ServiceError::Invalid(fields)) => match view_of(&web, &f.user, "", "").await {
            Ok(view) => {
                let e = ServiceError::Invalid(fields);
                render(
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
