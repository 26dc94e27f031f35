//! 问责 — the actions the viewer may read, per unit, and for the district
//! the form that records one.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use xinfang_domain::accountability::{
    AccountabilityBasis, AccountabilityInput, AccountabilityKind,
};

use super::error_page;
use crate::services::ServiceError;
use crate::services::accountability::accountability_list::{
    AccountabilityList, accountability_list, parse_filter,
};
use crate::services::accountability::record_action::record_accountability;
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::classify;
use crate::web::render::{page, ser, viewer};

/// `?unit=&year=&saved=`
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    unit: String,
    year: String,
    saved: String,
    case: String,
    /// The unit to fill in the form.
    to: String,
    /// The 问责依据 to fill in (a verification's 需整改 links with `核查需整改`).
    basis: String,
}

fn render(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    view: &AccountabilityList,
    form: &AccountabilityInput,
    error: Option<&ServiceError>,
    saved: bool,
) -> Response {
    let fields = match error {
        Some(ServiceError::Invalid(f)) => f.0.clone(),
        _ => Vec::new(),
    };
    let kinds: Vec<&str> = AccountabilityKind::ALL.iter().map(|k| k.label()).collect();
    let bases: Vec<&str> = AccountabilityBasis::ALL.iter().map(|k| k.label()).collect();
    page(
        &web.templates,
        status,
        "accountability.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "accountability", view => ser(view),
            f => ser(form), cases_text => form.cases.join("，"), kinds => kinds, bases => bases,
            errors => Value::from(minijinja::value::Serde(fields)), saved => saved,
        },
    )
}

/// `GET /accountability` — the list (`?unit=&year=`), and the form for the district
/// (`?case=`, `?to=` and `?basis=` fill in a case number, the unit and the
/// 问责依据, e.g. from a 通报 on the case page or a 需整改 verification).
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<ListQuery>,
) -> Response {
    let result = match parse_filter(&q.unit, &q.year) {
        Ok((unit, year)) => accountability_list(&web.app, &u.actor, unit, year).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(view) => {
            let form = AccountabilityInput {
                kind: AccountabilityKind::Interview.label().into(),
                basis: AccountabilityBasis::parse(&q.basis)
                    .unwrap_or(AccountabilityBasis::Bulletin)
                    .label()
                    .into(),
                cases: vec![q.case.clone()],
                unit_id: q.to.clone(),
                ..AccountabilityInput::default()
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

/// `POST /accountability` — record an action; a bad field is named on the form.
pub(super) async fn record(State(web): State<Web>, f: PageForm<AccountabilityInput>) -> Response {
    match record_accountability(&web.app, &f.user.actor, &f.form).await {
        Ok(_) => Redirect::to("/accountability?saved=1").into_response(),
        Err(ServiceError::Invalid(fields)) => {
            match accountability_list(&web.app, &f.user.actor, None, None).await {
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
            }
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}
