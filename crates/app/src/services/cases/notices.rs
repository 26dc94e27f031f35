//! 告知书与意见书 — what the acceptance notice (Annex 5) and the handling
//! opinion (Annex 6) of a case say when they are issued. Issuing, reprinting
//! and archiving them is `issued_notices`.

use jiff::civil::Date;
use xinfang_domain::case::Case;
use xinfang_domain::clock::to_local;
use xinfang_domain::workflow::{Document, EventKind};
use xinfang_forms::notice::{
    AcceptanceNotice, Delivery, Handler, HandlingOpinion, NoticeFont, OpinionText, Petitioner,
    Signature,
};
use xinfang_store::EventRecord;

use crate::services::{ServiceError, ServiceResult};
use crate::settings::DeadlineSettings;
use crate::state::AppState;

/// Which notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// 信访事项受理告知书
    Acceptance,
    /// 信访事项处理意见书
    Opinion,
}

impl NoticeKind {
    /// From `acceptance` / `opinion` (or the Chinese names).
    pub fn parse(s: &str) -> Option<NoticeKind> {
        match s {
            "acceptance" | "受理告知书" => Some(NoticeKind::Acceptance),
            "opinion" | "处理意见书" => Some(NoticeKind::Opinion),
            _ => None,
        }
    }

    /// 信访事项受理告知书 / 信访事项处理意见书.
    pub fn title(self) -> &'static str {
        match self {
            NoticeKind::Acceptance => "信访事项受理告知书",
            NoticeKind::Opinion => "信访事项处理意见书",
        }
    }

    /// The notice's 文书 in the workflow's vocabulary (送达, signed copies).
    pub fn document(self) -> Document {
        match self {
            NoticeKind::Acceptance => Document::Acceptance,
            NoticeKind::Opinion => Document::Opinion,
        }
    }

    /// The kind of a workflow 文书.
    pub fn of(document: Document) -> NoticeKind {
        match document {
            Document::Acceptance => NoticeKind::Acceptance,
            Document::Opinion => NoticeKind::Opinion,
        }
    }

    /// A file name for the case.
    pub fn file_name(self, number: &str) -> String {
        match self {
            NoticeKind::Acceptance => format!("{number}-受理告知书.pdf"),
            NoticeKind::Opinion => format!("{number}-处理意见书.pdf"),
        }
    }
}

/// The font notices are set in: the configured licensed font, or the embedded Noto Serif CJK SC.
pub fn notice_font(state: &AppState) -> ServiceResult<NoticeFont> {
    match &state.config.notice_font {
        None => Ok(NoticeFont::embedded()),
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                ServiceError::Internal(format!("无法读取公文字体 {}：{e}", path.display()))
            })?;
            NoticeFont::from_bytes(bytes, 0).map_err(|e| ServiceError::Internal(e.to_string()))
        }
    }
}

fn petitioner(case: &Case) -> Petitioner {
    let p = case.petitioner.as_ref();
    Petitioner {
        name: p.map(|p| p.name.clone()).unwrap_or_default(),
        phone: p
            .and_then(|p| p.phone.as_ref())
            .map(|x| x.to_string())
            .unwrap_or_default(),
        id_number: p
            .and_then(|p| p.id_number.as_ref())
            .map(|x| x.as_str().to_string())
            .unwrap_or_default(),
        address: p.and_then(|p| p.address.clone()).unwrap_or_default(),
        companions: case.companions.join("、"),
    }
}

fn handler(case: &Case) -> Handler {
    Handler {
        unit: case.lead_unit().map(|u| u.name.clone()).unwrap_or_default(),
        person: case.handler_name.clone().unwrap_or_default(),
        phone: case.handler_phone.clone().unwrap_or_default(),
    }
}

/// The promised answer date of the acceptance notice: the due day of the
/// milestone the rules mark as answering the petitioner (`"role": "answer"`),
/// never more than 10 days after receipt.
fn reply_by(settings: &DeadlineSettings, case: &Case) -> Date {
    let received = to_local(case.received_at).date();
    let ten_days = received
        .checked_add(jiff::ToSpan::days(10))
        .unwrap_or(received);
    let milestones = milestones_from_receipt(settings, case);
    let answering = settings.rules.answering(case.kind).map(|m| m.key.as_str());
    let handled = milestones
        .iter()
        .find(|(key, _)| Some(key.as_str()) == answering)
        .map(|(_, due)| xinfang_domain::deadlines::due_day(*due));
    handled.map_or(ten_days, |d| d.min(ten_days))
}

/// The district's leading bureau (区乡村振兴局), which issues a notice of a
/// case not yet assigned: read from the organisation tree, as every district's differs.
async fn bureau_name(state: &AppState) -> ServiceResult<String> {
    let orgs = state.store.list_orgs().await?;
    let bureau = orgs
        .iter()
        .find(|o| o.kind == xinfang_domain::org::OrgKind::Bureau);
    let root = orgs.iter().find(|o| o.parent_id.is_none());
    Ok(bureau.or(root).map_or_else(String::new, |o| o.name.clone()))
}

fn milestones_from_receipt(
    settings: &DeadlineSettings,
    case: &Case,
) -> Vec<(String, jiff::Timestamp)> {
    let signals = [(
        xinfang_domain::deadlines::Signal::Received,
        case.received_at,
    )];
    crate::services::deadlines::milestones::milestone_rows(
        settings,
        case.kind,
        &signals,
        &[],
        case.received_at,
    )
    .into_iter()
    .filter_map(|m| m.due_at.map(|d| (m.key, d)))
    .collect()
}

/// The 受理告知书 of a case with a responsible unit, as issued on `issued_on`
/// (the 送达 row is filled when printed, from the delivery record).
pub(crate) async fn acceptance_content(
    state: &AppState,
    case: &Case,
    issued_on: Date,
) -> ServiceResult<AcceptanceNotice> {
    if !crate::services::cases::deliveries::has_notice(case, Document::Acceptance) {
        return Err(ServiceError::NotNow(
            "案件尚未转办，受理告知书需写明承办单位和承办人".into(),
        ));
    }
    Ok(AcceptanceNotice {
        case_number: case.number.clone(),
        petitioner: petitioner(case),
        petition_date: to_local(case.received_at).date(),
        petition_form: case.channel.label().into(),
        matter: case.summary.clone(),
        handler: handler(case),
        reply_by: reply_by(&*state.deadline_settings().await?, case),
        signature: Signature {
            issuer: issuer(state, case).await?,
            signed_on: Some(issued_on),
        },
        delivery: Delivery::default(),
    })
}

/// The 处理意见书 of a case whose opinion is given, as issued on `issued_on`:
/// its facts are the reports in `events` (those submitted before the opinion).
pub(crate) async fn opinion_content(
    state: &AppState,
    case: &Case,
    events: &[EventRecord],
    issued_on: Date,
) -> ServiceResult<HandlingOpinion> {
    let (Some(opinion), Some(finding)) = (case.opinion.clone(), case.finding) else {
        return Err(ServiceError::NotNow(
            "尚未出具处理意见，不能打印处理意见书".into(),
        ));
    };
    let reports: Vec<String> = events
        .iter()
        .filter(|e| e.kind == EventKind::Report)
        .map(|e| e.text.clone())
        .collect();
    let facts = if reports.is_empty() {
        format!("经调查核实，信访人反映的问题{}。", finding.label())
    } else {
        format!(
            "经调查核实，信访人反映的问题{}。{}",
            finding.label(),
            reports.join("\n")
        )
    };
    let reasons = case.tri.map_or_else(String::new, |t| {
        xinfang_domain::vocab::TriRecord::QUESTIONS
            .iter()
            .zip(t.answers())
            .map(|(q, a)| format!("{q}：{}", a.label()))
            .collect::<Vec<_>>()
            .join("；")
    });
    let text = OpinionText {
        request: case.summary.clone(),
        facts,
        reasons: if reasons.is_empty() {
            "依据有关政策规定。".into()
        } else {
            format!("{reasons}。")
        },
        opinion,
        legal_basis: "《信访工作条例》第三十二条及有关政策规定".into(),
    };
    Ok(HandlingOpinion {
        case_number: case.number.clone(),
        petitioner: petitioner(case),
        matter: case.summary.clone(),
        handler: handler(case),
        text,
        review_body: Some("区乡村振兴局".into()),
        signature: Signature {
            issuer: issuer(state, case).await?,
            signed_on: Some(issued_on),
        },
        delivery: Delivery::default(),
    })
}

/// Who signs a notice: the responsible unit, or the bureau before one is named.
async fn issuer(state: &AppState, case: &Case) -> ServiceResult<String> {
    match case.lead_unit() {
        Some(u) => Ok(u.name.clone()),
        None => bureau_name(state).await,
    }
}
