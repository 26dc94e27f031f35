//! Case pages: the list, registration, the case with its timeline and steps, attachments, petitioners.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};

use serde::Deserialize;
use xinfang_domain::access::Role;
use xinfang_domain::case::RegistrationInput;
use xinfang_domain::org::OrgKind;
use xinfang_domain::vocab::{
    CaseKind, Category, Channel, ContactMethod, Finding, PovertyStatus, ReportKind, Satisfaction,
    SourceLevel, TriAnswer,
};
use xinfang_domain::workflow::{CaseStatus, STEP_NAMES, StepInput};
use xinfang_store::CaseSort;

use super::error_page;
use crate::json::{CaseJson, CaseSummaryJson, PetitionerJson};
use crate::services::ServiceError;
use crate::services::cases::attachments;
use crate::services::cases::query::{
    FilterInput, list as list_cases, petitioner as load_petitioner, resolve_filter, view,
};
use crate::services::cases::register_case::register_case;
use crate::services::cases::take_step::take_step;
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser, csrf_ok, csrf_rejected, urlencode};
use crate::web::error::user_message;
use crate::web::render::{page, ser, viewer};

const PER_PAGE: i64 = 50;

fn labels<T: Copy>(
    all: &[T],
    key: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<Value> {
    all.iter()
        .map(|v| context! { key => key(*v), label => label(*v) })
        .collect()
}

/// Every closed vocabulary a form offers.
fn vocab() -> Value {
    context! {
        kinds => labels(CaseKind::ALL, CaseKind::as_str, CaseKind::label),
        channels => labels(Channel::ALL, Channel::as_str, Channel::label),
        sources => labels(SourceLevel::ALL, SourceLevel::as_str, SourceLevel::label),
        categories => labels(Category::ALL, Category::as_str, Category::label),
        poverty => labels(PovertyStatus::ALL, PovertyStatus::as_str, PovertyStatus::label),
        statuses => labels(CaseStatus::ALL, CaseStatus::as_str, CaseStatus::label),
        findings => labels(Finding::ALL, Finding::as_str, Finding::label),
        tri_answers => labels(TriAnswer::ALL, TriAnswer::as_str, TriAnswer::label),
        satisfactions => labels(Satisfaction::ALL, Satisfaction::as_str, Satisfaction::label),
        report_kinds => labels(ReportKind::ALL, ReportKind::as_str, ReportKind::label),
        contact_methods => labels(ContactMethod::ALL, ContactMethod::as_str, ContactMethod::label),
        tri_questions => xinfang_domain::vocab::TriRecord::QUESTIONS.to_vec(),
        documents => labels(xinfang_domain::workflow::Document::ALL, xinfang_domain::workflow::Document::as_str, xinfang_domain::workflow::Document::label),
        review_stages => labels(xinfang_domain::workflow::ReviewStage::ALL, xinfang_domain::workflow::ReviewStage::as_str, xinfang_domain::workflow::ReviewStage::label),
    }
}

/// Townships with their villages, for selects.
async fn townships(web: &Web) -> Result<Vec<Value>, ServiceError> {
    let orgs = web.app.store.list_orgs().await?;
    Ok(orgs
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
        .collect())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    #[serde(flatten)]
    filter: FilterInput,
    page: String,
}

pub(super) async fn list_page_inner(
    web: &Web,
    u: &CurrentUser,
    q: ListQuery,
) -> Result<Response, ServiceError> {
    let filter = resolve_filter(&web.app, &q.filter).await;
    let (filter, error) = match filter {
        Ok(f) => (f, None),
        Err(e) => (Default::default(), Some(user_message(&e))),
    };
    let page_no = q.page.trim().parse::<i64>().unwrap_or(1).max(1);
    let result = list_cases(
        &web.app,
        &u.actor,
        &filter,
        CaseSort::ReceivedDesc,
        Some(PER_PAGE),
        (page_no - 1) * PER_PAGE,
    )
    .await?;
    let pages = (result.total + PER_PAGE - 1) / PER_PAGE;
    let query_base = serde_html_form::to_string(&q.filter).unwrap_or_default();
    let items: Vec<CaseSummaryJson> = result.items.iter().map(CaseSummaryJson::from).collect();
    Ok(page(
        &web.templates,
        StatusCode::OK,
        "case_list.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "cases", v => vocab(), townships => townships(web).await?,
            f => ser(&q.filter), items => ser(items), total => result.total, page => page_no, pages => pages,
            query_base => query_base, error => error,
        },
    ))
}

pub(super) async fn list(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<ListQuery>,
) -> Response {
    list_page_inner(&web, &u, q)
        .await
        .unwrap_or_else(|e| error_page(&web, &u, &e))
}

async fn new_form_page(
    web: &Web,
    u: &CurrentUser,
    form: &RegistrationInput,
    status: StatusCode,
    err: Option<&ServiceError>,
) -> Response {
    let townships = match townships(web).await {
        Ok(t) => t,
        Err(e) => return error_page(web, u, &e),
    };
    let (message, fields, candidates) = match err {
        Some(ServiceError::Invalid(f)) => (
            Some("请修改标出的字段后再提交".to_string()),
            f.0.clone(),
            Vec::new(),
        ),
        Some(ServiceError::RepeatSuspected(c)) => (
            Some(err.map(user_message).unwrap_or_default()),
            Vec::new(),
            c.iter().map(CaseSummaryJson::from).collect(),
        ),
        Some(other) => (Some(user_message(other)), Vec::new(), Vec::new()),
        None => (None, Vec::new(), Vec::new()),
    };
    let field_errors: std::collections::BTreeMap<String, String> = fields
        .iter()
        .map(|f| (f.field.clone(), format!("{}：{}", f.label, f.message)))
        .collect();
    page(
        &web.templates,
        status,
        "case_new.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "new", v => vocab(), townships => townships,
            f => ser(form), message => message, errors => field_errors, error_list => ser(fields), candidates => ser(candidates),
            own_township => xinfang_domain::permission::only_own_org(&u.actor, xinfang_domain::permission::Permission::RegisterCase),
        },
    )
}

pub(super) async fn new_form(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    if let Err(e) = xinfang_domain::permission::check(
        &u.actor,
        xinfang_domain::permission::Permission::RegisterCase,
        &xinfang_domain::permission::Place::Somewhere,
    ) {
        return error_page(&web, &u, &e.into());
    }
    let now = xinfang_domain::clock::to_local(web.app.now());
    let mut form = RegistrationInput {
        received_at: now.strftime("%Y-%m-%dT%H:%M").to_string(),
        kind: CaseKind::FirstPetition.as_str().into(),
        source_level: SourceLevel::Own.as_str().into(),
        poverty_status: PovertyStatus::General.as_str().into(),
        ..RegistrationInput::default()
    };
    if let Some(own) = xinfang_domain::permission::only_own_org(
        &u.actor,
        xinfang_domain::permission::Permission::RegisterCase,
    ) {
        form.township_id = own.to_string();
    }
    new_form_page(&web, &u, &form, StatusCode::OK, None).await
}

pub(super) async fn create(State(web): State<Web>, f: PageForm<RegistrationInput>) -> Response {
    let now = web.app.now();
    match register_case(&web.app, &f.user.actor, &f.form, now).await {
        Ok(case) => Redirect::to(&format!("/cases/{}?done=registered", case.id)).into_response(),
        Err(e) => {
            let status = match &e {
                ServiceError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                ServiceError::RepeatSuspected(_) => StatusCode::OK,
                _ => super::super::error::classify(&e).0,
            };
            new_form_page(&web, &f.user, &f.form, status, Some(&e)).await
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct DetailQuery {
    done: String,
}

fn done_message(done: &str) -> Option<String> {
    if done == "registered" {
        return Some("案件已登记".into());
    }
    if done == "attachment" {
        return Some("附件已上传".into());
    }
    STEP_NAMES
        .iter()
        .find(|(k, _)| *k == done)
        .map(|(_, l)| format!("已{l}"))
}

async fn detail_page(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    status: StatusCode,
    notice: Option<String>,
    error: Option<(String, &ServiceError, StepInput)>,
) -> Response {
    detail_page_with(web, u, id, status, notice, error, None).await
}

/// The case page, with the petitioner in full when `revealed` (查看完整信息).
async fn detail_page_with(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    status: StatusCode,
    notice: Option<String>,
    error: Option<(String, &ServiceError, StepInput)>,
    revealed: Option<crate::services::cases::personal::Revealed>,
) -> Response {
    let v = match view(&web.app, &u.actor, id).await {
        Ok(v) => v,
        Err(e) => return error_page(web, u, &e),
    };
    let (orgs, users) = match (
        web.app.store.list_orgs().await,
        web.app.store.list_users().await,
    ) {
        (Ok(o), Ok(us)) => (o, us),
        (Err(e), _) | (_, Err(e)) => return error_page(web, u, &e.into()),
    };
    let rules_title = match web.app.deadline_settings().await {
        Ok(s) => s.rules.title.clone(),
        Err(e) => return error_page(web, u, &e),
    };
    let units: Vec<Value> = orgs
        .iter()
        .filter(|o| {
            matches!(
                o.kind,
                OrgKind::Department | OrgKind::Township | OrgKind::Bureau
            )
        })
        .map(|o| context! { id => o.id, name => &o.name, kind => o.kind.label() })
        .collect();
    let handlers: Vec<Value> = users
        .iter()
        .filter(|x| {
            x.active
                && (x.roles.contains(&Role::TownshipOfficer)
                    || x.roles.contains(&Role::DepartmentHandler))
        })
        .map(|x| context! { id => x.id, name => &x.display_name, org => &x.org_name })
        .collect();
    let leaders: Vec<Value> = users
        .iter()
        .filter(|x| x.active && x.roles.contains(&Role::CaseLeader))
        .map(|x| context! { id => x.id, name => &x.display_name })
        .collect();
    let (error_step, error_message, error_fields, step_form) = match &error {
        Some((step, e, input)) => {
            let fields: std::collections::BTreeMap<String, String> = match e {
                ServiceError::Invalid(f) => {
                    f.0.iter()
                        .map(|x| (x.field.clone(), format!("{}：{}", x.label, x.message)))
                        .collect()
                }
                _ => Default::default(),
            };
            (
                Some(step.clone()),
                Some(user_message(e)),
                fields,
                Some(input.clone()),
            )
        }
        None => (None, None, Default::default(), None),
    };
    let steps: Vec<Value> = STEP_NAMES
        .iter()
        .filter(|(k, _)| v.allowed_steps.contains(k))
        .map(|(k, l)| context! { key => *k, label => *l })
        .collect();
    let now_local = xinfang_domain::clock::to_local(web.app.now())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let petitioner = v.case.petitioner.as_ref().map(PetitionerJson::from);
    page(
        &web.templates,
        status,
        "case_detail.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "cases", v => vocab(),
            c => ser(CaseJson::from(&v)), petitioner => ser(petitioner), steps => steps, units => units, handlers => handlers,
            leaders => leaders, notice => notice, error_step => error_step, error_message => error_message,
            error_fields => error_fields, step_form => ser(step_form), now => now_local,
            rules_title => rules_title,
            revealed => ser(revealed),
            may_reveal => u.actor.may(xinfang_domain::permission::Permission::RevealPersonal, &xinfang_domain::permission::Place::case(&v.case)),
        },
    )
}

/// 查看完整信息: the case page with the petitioner's details in full, the
/// reveal recorded in the audit trail.
pub(super) async fn reveal(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<super::EmptyForm>,
) -> Response {
    match crate::services::cases::personal::reveal_case(&web.app, &f.user.actor, id).await {
        Ok(r) => {
            let notice = Some("已显示完整个人信息，本次查看已记录".to_string());
            detail_page_with(&web, &f.user, id, StatusCode::OK, notice, None, Some(r)).await
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}

pub(super) async fn detail(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Response {
    detail_page(&web, &u, id, StatusCode::OK, done_message(&q.done), None).await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct VersionField {
    version: Option<i64>,
}

pub(super) async fn step(
    State(web): State<Web>,
    Path((id, step)): Path<(i64, String)>,
    f: PageForm<StepInput>,
) -> Response {
    let version = serde_html_form::from_bytes::<VersionField>(&f.raw)
        .unwrap_or_default()
        .version;
    let now = web.app.now();
    match take_step(&web.app, &f.user.actor, id, &step, &f.form, version, now).await {
        Ok(_) => Redirect::to(&format!("/cases/{id}?done={}", urlencode(&step))).into_response(),
        Err(e) => {
            let status = match &e {
                ServiceError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                ServiceError::NotFound(_) => return error_page(&web, &f.user, &e),
                other => super::super::error::classify(other).0,
            };
            detail_page(&web, &f.user, id, status, None, Some((step, &e, f.form))).await
        }
    }
}

pub(super) async fn upload(
    State(web): State<Web>,
    PageUser(u): PageUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Response {
    let form = match crate::web::upload::read_upload(multipart).await {
        Ok(f) => f,
        Err(e) => return error_page(&web, &u, &e),
    };
    if !csrf_ok(&headers, &u, &form.csrf) {
        return csrf_rejected();
    }
    let details = form.details();
    let (filename, bytes) = form.file.unwrap_or_default();
    match attachments::upload(
        &web.app,
        &u.actor,
        id,
        &filename,
        &bytes,
        details,
        web.app.now(),
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/cases/{id}?done=attachment")).into_response(),
        Err(e @ ServiceError::NotFound(_)) => error_page(&web, &u, &e),
        Err(e) => {
            let status = super::super::error::classify(&e).0;
            detail_page(
                &web,
                &u,
                id,
                status,
                None,
                Some(("attachment".into(), &e, StepInput::default())),
            )
            .await
        }
    }
}

/// Serve an attachment to a user who may see its case.
pub(super) async fn download(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
) -> Response {
    match attachments::download(&web.app, &u.actor, id).await {
        Ok((rec, bytes)) => attachment_response(&rec, bytes),
        Err(e) => error_page(&web, &u, &e),
    }
}

/// The HTTP response for an attachment's bytes.
pub(crate) fn attachment_response(
    rec: &xinfang_store::AttachmentRecord,
    bytes: Vec<u8>,
) -> Response {
    let disposition = format!("inline; filename*=UTF-8''{}", urlencode(&rec.filename));
    (
        [
            (header::CONTENT_TYPE, rec.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

pub(super) async fn petitioner(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
) -> Response {
    match load_petitioner(&web.app, &u.actor, id).await {
        Ok((p, cases)) => {
            let cases: Vec<CaseSummaryJson> = cases.iter().map(CaseSummaryJson::from).collect();
            page(
                &web.templates,
                StatusCode::OK,
                "petitioner.html",
                context! { me => viewer(&u), csrf => &u.csrf, nav => "cases", p => ser(PetitionerJson::from(&p)), cases => ser(cases) },
            )
        }
        Err(e) => error_page(&web, &u, &e),
    }
}
