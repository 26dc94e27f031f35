//! Case pages: the list, registration, the case with its timeline and steps, attachments, petitioners.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use xinfang_domain::case::RegistrationInput;
use xinfang_domain::correction::{CorrectionInput, NOT_CORRECTABLE, field_names};
use xinfang_domain::repeat::RepeatDecision;
use xinfang_domain::vocab::{
    CaseKind, Category, Channel, ContactMethod, EscalatedTo, Finding, OnlineSeverity,
    PovertyStatus, ReportKind, Satisfaction, SourceLevel, TriAnswer,
};
use xinfang_domain::workflow::{CaseStatus, STEP_NAMES, StepInput};

use super::error_page;
use crate::json::{CaseSummaryJson, PetitionerJson};
use crate::services::ServiceError;
use crate::services::cases::attachments;
use crate::services::cases::case_page::case_page;
use crate::services::cases::personal::Revealed;
use crate::services::cases::query::{FilterInput, petitioner as load_petitioner};
use crate::services::cases::register_case::register_case;
use crate::services::cases::registration_form::{
    blank_registration, case_list_page, registration_form,
};
use crate::services::cases::take_step::take_step;
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser, csrf_ok, csrf_rejected, urlencode};
use crate::web::kit::form::FormState;
use crate::web::kit::{respond, upload};
use crate::web::render::{page, ser, viewer};

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
        escalations => labels(EscalatedTo::ALL, EscalatedTo::as_str, EscalatedTo::label),
        severities => labels(OnlineSeverity::ALL, OnlineSeverity::as_str, OnlineSeverity::label),
        repeat_decisions => labels(RepeatDecision::ALL, RepeatDecision::as_str, RepeatDecision::label),
        figures => labels(xinfang_domain::statistics::Figure::ALL, xinfang_domain::statistics::Figure::as_str, xinfang_domain::statistics::Figure::label),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    #[serde(flatten)]
    filter: FilterInput,
    page: String,
    /// 排序: blank (相关度 with a 关键词), `received` or `relevance`.
    sort: String,
}

pub(super) async fn list(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<ListQuery>,
) -> Response {
    let page_no = q.page.trim().parse::<i64>().unwrap_or(1);
    let p = match case_list_page(&web.app, &u.actor, &q.filter, &q.sort, page_no).await {
        Ok(p) => p,
        Err(e) => return error_page(&web, &u, &e),
    };
    page(
        &web.templates,
        StatusCode::OK,
        "case_list.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "cases", v => vocab(), townships => ser(&p.townships),
            f => ser(&q.filter), items => ser(&p.items), total => p.total, total_exact => p.total_exact, total_estimate => p.total_estimate, page => p.page, pages => p.pages,
            query_base => list_query_base(&q), error => p.error,
            summaries => ser(&p.summaries), search => ser(&p.search), relevance => p.relevance, sort => &q.sort,
        },
    )
}

/// The list's query without its page: the filters and the order.
fn list_query_base(q: &ListQuery) -> String {
    let mut base = serde_html_form::to_string(&q.filter).unwrap_or_default();
    if !q.sort.trim().is_empty() {
        let sort = serde_html_form::to_string([("sort", q.sort.trim())]).unwrap_or_default();
        base.push('&');
        base.push_str(&sort);
    }
    base
}

async fn new_form_page(
    web: &Web,
    u: &CurrentUser,
    form: &RegistrationInput,
    state: FormState,
) -> Response {
    let options = match registration_form(&web.app, &u.actor).await {
        Ok(o) => o,
        Err(e) => return error_page(web, u, &e),
    };
    // A matter typed without its category: the category its words point to
    // is chosen for the officer, who confirms or changes it.
    let mut form = form.clone();
    let hint = if form.category.trim().is_empty() && !form.summary.trim().is_empty() {
        crate::services::cases::category_hint::hints(&form.summary)
            .into_iter()
            .next()
    } else {
        None
    };
    if let Some(h) = &hint {
        form.category = h.key.clone();
    }
    let form = &form;
    // Bad fields are listed and marked; the summary only asks to correct them.
    let message = if state.is_invalid() {
        Some("请修改标出的字段后再提交".to_string())
    } else {
        state.message.clone()
    };
    page(
        &web.templates,
        state.status,
        "case_new.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "new", v => vocab(), townships => ser(&options.townships),
            f => ser(form), message => message, errors => &state.fields, error_list => ser(&state.list),
            candidates => ser(&state.candidates), own_township => options.own_township,
            other_note => &state.other_note, category_hint => ser(&hint),
        },
    )
}

pub(super) async fn new_form(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    let form = match blank_registration(&web.app, &u.actor) {
        Ok(f) => f,
        Err(e) => return error_page(&web, &u, &e),
    };
    new_form_page(&web, &u, &form, FormState::ok()).await
}

pub(super) async fn create(State(web): State<Web>, f: PageForm<RegistrationInput>) -> Response {
    let now = web.app.now();
    match register_case(&web.app, &f.user.actor, &f.form, now).await {
        Ok(case) => Redirect::to(&format!("/cases/{}?done=registered", case.id)).into_response(),
        Err(e) => new_form_page(&web, &f.user, &f.form, FormState::from_error(&e)).await,
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

/// What the case page shows besides the case: a notice, a failed form, revealed details.
#[derive(Debug, Default)]
struct Shown {
    notice: Option<String>,
    /// The form that failed (a step's name, or `attachment`), its state and what was typed.
    failed: Option<(String, FormState, StepInput)>,
    /// A correction that failed: the registration fields and the reason as typed.
    correction: Option<(RegistrationInput, String)>,
    revealed: Option<Revealed>,
}

async fn detail_page(web: &Web, u: &CurrentUser, id: i64, shown: Shown) -> Response {
    let p = match case_page(&web.app, &u.actor, id).await {
        Ok(p) => p,
        Err(e) => return error_page(web, u, &e),
    };
    let (status, error_step, error_message, error_fields, step_form) = match shown.failed {
        Some((step, state, input)) => (
            state.status,
            Some(step),
            state.message,
            state.fields,
            Some(input),
        ),
        None => (StatusCode::OK, None, None, Default::default(), None),
    };
    let (correction, correction_note) = match shown.correction {
        Some((typed, note)) => (Some(typed), note),
        None => (p.correction.clone(), String::new()),
    };
    page(
        &web.templates,
        status,
        "case_detail.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "cases", v => vocab(),
            c => ser(&p.case), petitioner => ser(&p.petitioner), steps => ser(&p.steps), units => ser(&p.units),
            handlers => ser(&p.handlers), leaders => ser(&p.leaders), notice => shown.notice, error_step => error_step,
            error_message => error_message, error_fields => error_fields, step_form => ser(step_form), now => p.now,
            rules_title => p.rules_title, revealed => ser(shown.revealed), may_reveal => p.may_reveal,
            correction => ser(correction), correction_note => correction_note,
            townships => ser(&p.townships), own_township => p.own_township,
            rights => ser(p.records), similar => ser(&p.similar), key_person => p.key_person, rv => ser(crate::services::cases::case_records_page::RecordVocab::new()),
            mf => ser(xinfang_domain::mediation::MediationInput::default()),
            vf => ser(xinfang_domain::verification::VerificationInput::default()),
            rf => ser(xinfang_domain::verification::RectificationInput::default()),
            rec_errors => ser(std::collections::BTreeMap::<String, String>::new()), rec_section => "",
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
            let shown = Shown {
                notice: Some("已显示完整个人信息，本次查看已记录".to_string()),
                revealed: Some(r),
                ..Shown::default()
            };
            detail_page(&web, &f.user, id, shown).await
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
    let shown = Shown {
        notice: done_message(&q.done),
        ..Shown::default()
    };
    detail_page(&web, &u, id, shown).await
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
        Err(e @ ServiceError::NotFound(_)) => error_page(&web, &f.user, &e),
        Err(e) => {
            let shown = Shown {
                failed: Some((step, FormState::from_error(&e), f.form)),
                ..Shown::default()
            };
            detail_page(&web, &f.user, id, shown).await
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct CorrectionExtra {
    version: Option<i64>,
    note: String,
}

/// 更正登记信息 from the case page: the registration fields the form sent,
/// with the reason and the version the page was built from.
pub(super) async fn correct(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<RegistrationInput>,
) -> Response {
    let extra = serde_html_form::from_bytes::<CorrectionExtra>(&f.raw).unwrap_or_default();
    let sent = serde_html_form::from_bytes::<Vec<(String, String)>>(&f.raw).unwrap_or_default();
    let fields = field_names();
    let given = sent
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| fields.contains(k) && !NOT_CORRECTABLE.iter().any(|(n, _)| n == k))
        .collect();
    let input = CorrectionInput {
        registration: f.form.clone(),
        given,
        note: extra.note.clone(),
    };
    let now = web.app.now();
    let done = crate::services::cases::correct_case::correct_case(
        &web.app,
        &f.user.actor,
        id,
        &input,
        extra.version,
        now,
    )
    .await;
    match done {
        Ok(_) => Redirect::to(&format!("/cases/{id}?done=correct")).into_response(),
        Err(e @ ServiceError::NotFound(_)) => error_page(&web, &f.user, &e),
        Err(e) => {
            let shown = Shown {
                failed: Some((
                    "correct".into(),
                    FormState::from_error(&e),
                    StepInput::default(),
                )),
                correction: Some((f.form, extra.note)),
                ..Shown::default()
            };
            detail_page(&web, &f.user, id, shown).await
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
    let mut form = match upload::read(multipart, "附件", web.app.config.max_upload_bytes).await {
        Ok(f) => f,
        Err(e) => return error_page(&web, &u, &e),
    };
    if !csrf_ok(&headers, &u, &form.csrf) {
        return csrf_rejected();
    }
    let details = attachments::UploadDetails {
        note: form.text("note"),
        signed_document: form.text("signed_document"),
    };
    let (filename, bytes) = form.file.take().unwrap_or_default();
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
            let shown = Shown {
                failed: Some((
                    "attachment".into(),
                    FormState::from_error(&e),
                    StepInput::default(),
                )),
                ..Shown::default()
            };
            detail_page(&web, &u, id, shown).await
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
        Ok((rec, bytes)) => respond::attachment(&rec, bytes),
        Err(e) => error_page(&web, &u, &e),
    }
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
