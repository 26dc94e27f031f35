//! 排查记录 pages: the list (scoped, by township and date), the entry form
//! for new and existing entries, and 转为案件.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check, only_own_org};
use xinfang_domain::vocab::{Category, PovertyStatus, TriAnswer, TriRecord};
use xinfang_forms::ledger::ScreeningKind;

use super::error_page;
use crate::json::CaseSummaryJson;
use crate::services::ServiceError;
use crate::services::ledgers::screenings::{
    ScreeningFilterInput, ScreeningInput, create, get, list as list_entries, to_case, update,
};
use crate::web::Web;
use crate::web::api::screening_json;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::{classify, user_message};
use crate::web::render::{page, ser, viewer};

const PER_PAGE: i64 = 50;

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
    }
}

/// Townships (with villages) and units for the form's selects.
async fn org_options(web: &Web) -> Result<(Vec<Value>, Vec<Value>), ServiceError> {
    let orgs = web.app.store.list_orgs().await?;
    let townships = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Township)
        .map(|t| {
            let villages: Vec<Value> = orgs
                .iter()
                .filter(|v| v.kind == OrgKind::Village && v.parent_id == Some(t.id))
                .map(|v| context! { id => v.id, name => &v.name })
                .collect();
            context! { id => t.id, name => &t.name, villages => villages }
        })
        .collect();
    let units = orgs
        .iter()
        .filter(|o| {
            matches!(
                o.kind,
                OrgKind::Township | OrgKind::Department | OrgKind::Bureau
            )
        })
        .map(|o| context! { id => o.id, name => &o.name, kind => o.kind.label() })
        .collect();
    Ok((townships, units))
}

fn may_enter(u: &CurrentUser) -> bool {
    u.actor.may(Permission::EditScreening, &Place::Somewhere)
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
    let page_no = q.page.trim().parse::<i64>().unwrap_or(1).max(1);
    let (result, error) = match list_entries(
        &web.app,
        &u.actor,
        &q.filter,
        Some(PER_PAGE),
        (page_no - 1) * PER_PAGE,
    )
    .await
    {
        Ok(r) => (r, None),
        Err(e @ ServiceError::Invalid(_)) => (
            match list_entries(
                &web.app,
                &u.actor,
                &ScreeningFilterInput::default(),
                Some(PER_PAGE),
                0,
            )
            .await
            {
                Ok(r) => r,
                Err(e) => return error_page(&web, &u, &e),
            },
            Some(user_message(&e)),
        ),
        Err(e) => return error_page(&web, &u, &e),
    };
    let (mut townships, _) = match org_options(&web).await {
        Ok(x) => x,
        Err(e) => return error_page(&web, &u, &e),
    };
    if let Some(own) = only_own_org(&u.actor, Permission::EditScreening) {
        // A township's officer filters within their own township only.
        townships
            .retain(|t| t.get_attr("id").ok().and_then(|v| i64::try_from(v).ok()) == Some(own));
    }
    let items: Vec<_> = result.items.iter().map(screening_json).collect();
    let pages = (result.total + PER_PAGE - 1) / PER_PAGE;
    page(
        &web.templates,
        StatusCode::OK,
        "screening_list.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "screenings", items => ser(items), total => result.total,
            townships => townships, f => ser(&q.filter), error => error, page => page_no, pages => pages,
            query_base => serde_html_form::to_string(&q.filter).unwrap_or_default(), may_enter => may_enter(&u),
        },
    )
}

/// The entry form: new when `id` is None.
async fn form_page(
    web: &Web,
    u: &CurrentUser,
    id: Option<i64>,
    form: &ScreeningInput,
    status: StatusCode,
    err: Option<&ServiceError>,
    notice: Option<&str>,
) -> Response {
    let record = match id {
        Some(id) => match get(&web.app, &u.actor, id).await {
            Ok(r) => Some(r),
            Err(e) => return error_page(web, u, &e),
        },
        None => None,
    };
    let (townships, units) = match org_options(web).await {
        Ok(x) => x,
        Err(e) => return error_page(web, u, &e),
    };
    let (fields, candidates) = match err {
        Some(ServiceError::Invalid(f)) => (f.0.clone(), Vec::new()),
        Some(ServiceError::RepeatSuspected(c)) => {
            (Vec::new(), c.iter().map(CaseSummaryJson::from).collect())
        }
        _ => (Vec::new(), Vec::new()),
    };
    let errors: std::collections::BTreeMap<String, String> = fields
        .iter()
        .map(|f| (f.field.clone(), format!("{}：{}", f.label, f.message)))
        .collect();
    let own_township = only_own_org(&u.actor, Permission::EditScreening);
    let editable = match &record {
        Some(r) => u
            .actor
            .may(Permission::EditScreening, &Place::Org(r.entry.township_id)),
        None => may_enter(u),
    };
    let may_reveal = match &record {
        Some(r) => u
            .actor
            .may(Permission::RevealPersonal, &Place::Org(r.entry.township_id)),
        None => false,
    };
    page(
        &web.templates,
        status,
        "screening_form.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "screenings", v => vocab(), townships => townships, units => units,
            f => ser(form), s => ser(record.as_ref().map(screening_json)), errors => errors, error_list => ser(&fields),
            message => err.map(user_message), candidates => ser(candidates), notice => notice,
            own_township => own_township, editable => editable,
            may_reveal => may_reveal,
        },
    )
}

pub(super) async fn new_form(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    if let Err(e) = check(&u.actor, Permission::EditScreening, &Place::Somewhere) {
        return error_page(&web, &u, &e.into());
    }
    let today = xinfang_domain::clock::to_local(web.app.now()).date();
    let mut form = ScreeningInput {
        screened_at: today.to_string(),
        screening_kind: ScreeningKind::Routine.as_str().into(),
        newly_found: "是".into(),
        ..ScreeningInput::default()
    };
    if let Some(own) = only_own_org(&u.actor, Permission::EditScreening) {
        form.township_id = own.to_string();
    }
    form_page(&web, &u, None, &form, StatusCode::OK, None, None).await
}

fn failed_status(e: &ServiceError) -> StatusCode {
    match e {
        ServiceError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::RepeatSuspected(_) => StatusCode::OK,
        other => classify(other).0,
    }
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
                failed_status(&e),
                Some(&e),
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
        _ => None,
    };
    form_page(&web, &u, Some(id), &form, StatusCode::OK, None, notice).await
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
    form_page(&web, &f.user, Some(id), &form, StatusCode::OK, None, notice).await
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
            form_page(
                &web,
                &f.user,
                Some(id),
                &f.form,
                failed_status(&e),
                Some(&e),
                None,
            )
            .await
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
            form_page(
                &web,
                &f.user,
                Some(id),
                &form,
                failed_status(&e),
                Some(&e),
                None,
            )
            .await
        }
    }
}
