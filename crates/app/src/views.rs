//! What a case's page or API answer holds before it is shaped as JSON: the
//! records the services build and `json` renders (so `json` never needs the services).

use jiff::Timestamp;
use serde::Serialize;
use xinfang_domain::case::Case;
use xinfang_domain::case_ledger::{CaseLedger, FollowUp};
use xinfang_store::{AttachmentRecord, EventRecord};

/// A case with everything its page shows.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    /// The case.
    #[serde(flatten)]
    pub case: Case,
    /// Its timeline, oldest first.
    pub events: Vec<EventRecord>,
    /// Its attachments.
    pub attachments: Vec<AttachmentRecord>,
    /// Steps the viewer may take now.
    pub allowed_steps: Vec<&'static str>,
    /// Milestones with their state at the time of viewing.
    pub milestones: Vec<MilestoneView>,
    /// Each notice: printed, delivered, signed copy uploaded.
    pub notices: Vec<NoticeStatus>,
    /// 此人近12个月另有N件信访: the petitioner's cases on other categories
    /// anywhere in the district in the twelve months up to this one (a count only).
    pub other_petitions: usize,
    /// 调解 held on the case.
    pub mediations: Vec<xinfang_store::MediationRecord>,
    /// 实地跟踪核查 of its handling, with rectifications and answers.
    pub verifications: Vec<xinfang_store::VerificationRecord>,
    /// 问责 actions linked to this case that the viewer may read.
    pub accountability: Vec<xinfang_store::AccountabilityRecord>,
}

/// A milestone as shown: its state is computed for the moment of viewing.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    /// Rule key.
    pub key: String,
    /// Name.
    pub name: String,
    /// State label (按期完成, 临期预警 …).
    pub state: &'static str,
    /// State key (on_time, due_soon …), for styling.
    pub state_key: &'static str,
    /// A quiet window rather than a deadline.
    pub is_window: bool,
    /// 答复信访人: this milestone's due day is the answer the petitioner was promised.
    pub answers_petitioner: bool,
    /// When its clock started.
    pub started_at: Option<Timestamp>,
    /// Due, RFC 3339 (+08:00; 24:00 is the next day's 00:00).
    pub due_at: Option<Timestamp>,
    /// Due for people, "2022-10-10 24:00".
    pub due_display: Option<String>,
    /// When done.
    pub completed_at: Option<Timestamp>,
    /// How the due time was reached.
    pub explanation: String,
    /// Calendar warnings.
    pub warnings: String,
}

/// One notice of a case, as the case page and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeStatus {
    /// `acceptance` or `opinion`.
    pub document: &'static str,
    /// 受理告知书 / 处理意见书.
    pub label: &'static str,
    /// Whether the notice can be printed yet.
    pub available: bool,
    /// 送达时间 of the last delivery.
    pub delivered_at: Option<Timestamp>,
    /// 送达人.
    pub deliverer: Option<String>,
    /// The signed copy's attachment id.
    pub signed_scan_id: Option<i64>,
    /// Its file name.
    pub signed_scan_filename: Option<String>,
    /// 未生成 / 未送达 / 已送达，待上传签收件 / 已签收.
    pub state: &'static str,
}

/// A case with its ledger details, as its ledger page shows them.
#[derive(Debug, Clone, Serialize)]
pub struct CaseLedgerView {
    /// The case.
    pub case: Case,
    /// Its ledger details.
    pub ledger: CaseLedger,
    /// Its follow-up contacts, oldest first.
    pub followups: Vec<FollowUp>,
    /// The answering milestone's due time (`"role": "answer"`), the default 办结时限.
    pub handled_due: Option<Timestamp>,
    /// The viewer may change the details.
    pub may_edit: bool,
    /// The viewer may change the 包案人.
    pub may_set_leader: bool,
}
