//! 排查记录 pages: the list (scoped, by township and date), the entry form
//! for new and existing entries, and 转为案件.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use xinfang_domain::assessment::AssessmentInput;
use xinfang_domain::risk_grade::RiskGrade;
use xinfang_domain::vocab::{Category, PovertyStatus, TriAnswer, TriRecord};
use xinfang_forms::ledger::ScreeningKind;

use super::error_page;
use crate::services::ServiceError;
use crate::services::ledgers::screening_pages::{blank_entry, screening_form, screening_list_page};
use crate::services::ledgers::screenings::{
    ScreeningFilterInput, ScreeningInput, create, get, to_case, update,
};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::kit::form::FormState;
use crate::web::render::{page, ser, viewer};

fn options<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Value> {
    all.iter()
        .map(|v| context! { key => key(*v), label => label(*v) })
        .collect()
}

fn vocab() -> Value {
    context! {
        kinds => options(ScreeningKind::ALL, ScreeningKind::as_str, ScreeningKind::label),
        categories => options(Category::ALL, Category::as_str, Category::label),
        poverty => options(PovertyStatus::ALL, PovertyStatus::as_str, PovertyStatus::label),
        tri_answers => options(TriAnswer::ALL, TriAnswer::as_str, TriAnswer::label),
        tri_questions => TriRecord::QUESTIONS.to_vec(),
        grades => options(RiskGrade::ALL, RiskGrade::as_str, RiskGrade::label),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    #[serde(flatten)]
    filter: ScreeningFilterInput,
    page: String,
}

pub(super) async fn list(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<ListQuery>,
) -> Response {
    let page_no = q.page.trim().parse::<i64>().unwrap_or(1);
    let p = match screening_list_page(&web.app, &u.actor, &q.filter, page_no).await {
        Ok(p) => p,
        Err(e) => return error_page(&web, &u, &e),
    };
    page(
        &web.templates,
        StatusCode::OK,
        "screening_list.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "screenings", items => ser(&p.items), total => p.total,
            townships => ser(&p.townships), f => ser(&q.filter), error => p.error, page => p.page, pages => p.pages,
            query_base => serde_html_form::to_string(&q.filter).unwrap_or_default(), may_enter => p.may_enter,
            kinds => options(ScreeningKind::ALL, ScreeningKind::as_str, ScreeningKind::label),
        },
    )
}

/// The entry form: new when `id` is None.
async fn form_page(
    web: &Web,
    u: &CurrentUser,
    id: Option<i64>,
    form: &ScreeningInput,
    state: FormState,
    notice: Option<&str>,
) -> Response {
    form_page_with(web, u, id, form, state, notice, &AssessmentInput::default()).await
}

/// The entry form with the 研判 form as typed (after a refused one).
async fn form_page_with(
    web: &Web,
    u: &CurrentUser,
    id: Option<i64>,
    form: &ScreeningInput,
    state: FormState,
    notice: Option<&str>,
    assess_form: &AssessmentInput,
) -> Response {
    let p = match screening_form(&web.app, &u.actor, id).await {
        Ok(p) => p,
        Err(e) => return error_page(web, u, &e),
    };
    page(
        &web.templates,
        state.status,
        "screening_form.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "screenings", v => vocab(), townships => ser(&p.townships),
            units => ser(&p.units), f => ser(form), s => ser(&p.record), errors => &state.fields,
            error_list => ser(&state.list), message => &state.message, candidates => ser(&state.candidates), other_note => &state.other_note,
            notice => notice, own_township => p.own_township, editable => p.editable, may_reveal => p.may_reveal,
            campaigns => ser(&p.campaigns), assessments => ser(&p.assessments), a => ser(assess_form),
        },
    )
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct NewQuery {
    campaign: String,
}

pub(super) async fn new_form(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<NewQuery>,
) -> Response {
    let form = match blank_entry(&web.app, &u.actor, &q.campaign).await {
        Ok(f) => f,
        Err(e) => return error_page(&web, &u, &e),
    };
    form_page(&web, &u, None, &form, FormState::ok(), None).await
}

pub(super) async fn create_entry(State(web): State<Web>, f: PageForm<ScreeningInput>) -> Response {
    match create(&web.app, &f.user.actor, &f.form, web.app.now()).await {
        Ok(s) => Redirect::to(&format!("/screenings/{}?done=saved", s.id)).into_response(),
        Err(e) => {
            form_page(
                &web,
                &f.user,
                None,
                &f.form,
                FormState::from_error(&e),
                None,
            )
            .await
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct DoneQuery {
    done: String,
}

pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let form = match get(&web.app, &u.actor, id).await {
        Ok(r) => ScreeningInput::from_record(&r),
        Err(e) => return error_page(&web, &u, &e),
    };
    let notice = match q.done.as_str() {
        "saved" => Some("排查记录已保存"),
        "assessed" => Some("研判已记录"),
        _ => None,
    };
    form_page(&web, &u, Some(id), &form, FormState::ok(), notice).await
}

/// `POST /screenings/{id}/reveal` — the entry's form with the ID number and
/// phone in full, the reveal logged.
pub(super) async fn reveal(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<super::EmptyForm>,
) -> Response {
    let shown =
        crate::services::cases::personal::reveal_screening(&web.app, &f.user.actor, id).await;
    let (record, shown) = match (get(&web.app, &f.user.actor, id).await, shown) {
        (Ok(r), Ok(shown)) => (r, shown),
        (Err(e), _) | (_, Err(e)) => return error_page(&web, &f.user, &e),
    };
    let mut form = ScreeningInput::from_record(&record);
    form.id_number = shown.id_number.unwrap_or_default();
    form.phone = shown.phone.unwrap_or_default();
    let notice = Some("已显示完整个人信息，本次查看已记录");
    form_page(&web, &f.user, Some(id), &form, FormState::ok(), notice).await
}

pub(super) async fn save(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ScreeningInput>,
) -> Response {
    match update(&web.app, &f.user.actor, id, &f.form, web.app.now()).await {
        Ok(_) => Redirect::to(&format!("/screenings/{id}?done=saved")).into_response(),
        Err(e @ ServiceError::NotFound(_)) => error_page(&web, &f.user, &e),
        Err(e) => {
            let state = FormState::from_error(&e);
            form_page(&web, &f.user, Some(id), &f.form, state, None).await
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct ToCaseForm {
    repeat_decision: String,
}

/// `POST /screenings/{id}/case` — 转为案件.
pub(super) async fn make_case(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ToCaseForm>,
) -> Response {
    match to_case(
        &web.app,
        &f.user.actor,
        id,
        &f.form.repeat_decision,
        web.app.now(),
    )
    .await
    {
        Ok(case) => Redirect::to(&format!("/cases/{}?done=registered", case.id)).into_response(),
        Err(e @ ServiceError::NotFound(_)) => error_page(&web, &f.user, &e),
        Err(e) => {
            let form = match get(&web.app, &f.user.actor, id).await {
                Ok(r) => ScreeningInput::from_record(&r),
                Err(e) => return error_page(&web, &f.user, &e),
            };
            let state = FormState::from_error(&e);
            form_page(&web, &f.user, Some(id), &form, state, None).await
        }
    }
}

/// `POST /screenings/{id}/assess` — record the next level of 三级研判.
pub(super) async fn assess(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<AssessmentInput>,
) -> Response {
    match crate::services::risk::assessments::assess_screening(&web.app, &f.user.actor, id, &f.form)
        .await
    {
        Ok(_) => {
            Redirect::to(&format!("/screenings/{id}?done=assessed#assessments")).into_response()
        }
        Err(e @ ServiceError::NotFound(_)) => error_page(&web, &f.user, &e),
        Err(e) => {
            let form = match get(&web.app, &f.user.actor, id).await {
                Ok(r) => ScreeningInput::from_record(&r),
                Err(e) => return error_page(&web, &f.user, &e),
            };
            let state = FormState::from_error(&e);
            form_page_with(&web, &f.user, Some(id), &form, state, None, &f.form).await
        }
    }
}
