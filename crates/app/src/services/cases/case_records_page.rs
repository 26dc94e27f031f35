//! The page of a case's records of resolution (调解与核查): its mediations and
//! verifications with what the viewer may record, and the 待整改 list.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::case::Case;
use xinfang_domain::mediation::{MediationKind, MediationOutcome};
use xinfang_domain::permission::{Permission, Place};
use xinfang_domain::verification::{Verdict, VerificationMethod};

use crate::json::{CaseJson, OpenRectificationJson, VerificationJson};
use crate::services::ServiceResult;
use crate::services::cases::query::{milestones, view};
use crate::services::cases::verifications::open_rectifications;
use crate::state::AppState;

/// What the viewer may record on a case (the page's forms follow it).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct RecordRights {
    /// 记录调解.
    pub may_mediate: bool,
    /// 记录实地跟踪核查.
    pub may_verify: bool,
    /// 报送整改情况.
    pub may_answer: bool,
}

impl RecordRights {
    /// The viewer's rights on `case`, from the permission table.
    pub fn of(actor: &Actor, case: &Case) -> RecordRights {
        let place = Place::case(case);
        RecordRights {
            may_mediate: actor.may(Permission::RecordMediation, &place),
            may_verify: actor.may(Permission::RecordVerification, &place),
            may_answer: actor.may(Permission::AnswerRectification, &place),
        }
    }
}

/// A choice of a closed vocabulary, for a form's select.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Stored key.
    pub key: &'static str,
    /// Chinese label.
    pub label: &'static str,
}

/// The vocabularies the mediation and verification forms offer.
#[derive(Debug, Clone, Serialize)]
pub struct RecordVocab {
    /// 调解类型.
    pub mediation_kinds: Vec<Choice>,
    /// 调解结果.
    pub outcomes: Vec<Choice>,
    /// 核查方式.
    pub methods: Vec<Choice>,
    /// 核查结论.
    pub verdicts: Vec<Choice>,
}

impl RecordVocab {
    /// Every choice, in display order.
    pub fn new() -> RecordVocab {
        RecordVocab {
            mediation_kinds: MediationKind::ALL
                .iter()
                .map(|k| Choice {
                    key: k.as_str(),
                    label: k.label(),
                })
                .collect(),
            outcomes: MediationOutcome::ALL
                .iter()
                .map(|k| Choice {
                    key: k.as_str(),
                    label: k.label(),
                })
                .collect(),
            methods: VerificationMethod::ALL
                .iter()
                .map(|k| Choice {
                    key: k.as_str(),
                    label: k.label(),
                })
                .collect(),
            verdicts: Verdict::ALL
                .iter()
                .map(|k| Choice {
                    key: k.as_str(),
                    label: k.label(),
                })
                .collect(),
        }
    }
}

impl Default for RecordVocab {
    fn default() -> Self {
        RecordVocab::new()
    }
}

/// What the records page shows.
#[derive(Debug, Clone, Serialize)]
pub struct CaseRecordsPage {
    /// The case as the API shows it (with `mediations` and `verifications`).
    pub case: CaseJson,
    /// What the viewer may record.
    pub rights: RecordRights,
    /// Now, local, as a `datetime-local` value.
    pub now: String,
}

/// The records page of case `id` for `actor`.
pub async fn case_records_page(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<CaseRecordsPage> {
    let v = view(state, actor, id).await?;
    Ok(CaseRecordsPage {
        rights: RecordRights::of(actor, &v.case),
        case: CaseJson::from(&v),
        now: xinfang_domain::clock::to_local(state.now())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
    })
}

/// 待整改: the open rectifications the actor may read, each with its clock now.
pub async fn open_rectification_list(
    state: &AppState,
    actor: &Actor,
) -> ServiceResult<Vec<OpenRectificationJson>> {
    let open = open_rectifications(state, actor).await?;
    let mut out = Vec::with_capacity(open.len());
    for (number, r) in &open {
        let clocks = milestones(state, actor, r.case_id, state.now()).await?;
        out.push(OpenRectificationJson {
            case_id: r.case_id,
            case_number: number.clone(),
            verification: VerificationJson::new(r, &clocks),
        });
    }
    Ok(out)
}
