//! The records hanging off one case, read behind one scope check: what a
//! case's page (and the answer to a registration) shows.

use xinfang_domain::access::CaseScope;

use crate::{
    AttachmentRecord, EventRecord, MediationRecord, Store, StoreResult, StoredMilestone,
    VerificationRecord,
};

/// A case's timeline, uploads, milestones, 调解 and 核查.
#[derive(Debug, Clone)]
pub struct CaseRecords {
    /// The timeline, oldest first.
    pub events: Vec<EventRecord>,
    /// The uploads.
    pub attachments: Vec<AttachmentRecord>,
    /// The milestones, by due time.
    pub milestones: Vec<StoredMilestone>,
    /// The 调解 records.
    pub mediations: Vec<MediationRecord>,
    /// The 核查 records.
    pub verifications: Vec<VerificationRecord>,
}

impl Store {
    /// Everything [`CaseRecords`] holds for case `case_id`, with the scope
    /// checked once (NotFound when it does not admit the case), instead of
    /// once a list.
    pub async fn case_records(&self, case_id: i64, scope: &CaseScope) -> StoreResult<CaseRecords> {
        let case = self.case_in_scope(case_id, scope).await?;
        Ok(CaseRecords {
            events: self.events_of(case).await?,
            attachments: self.attachments_of(case).await?,
            milestones: self.milestones_of(case).await?,
            mediations: self.mediations_of(case).await?,
            verifications: self.verifications_of(case).await?,
        })
    }

    /// The records of case `case_id`, which the caller has just registered:
    /// its timeline and milestones as written. A registration writes no
    /// upload, 调解 or 核查, so those lists are empty and are not asked for.
    pub(crate) async fn records_of_registered(&self, case_id: i64) -> StoreResult<CaseRecords> {
        let case = crate::in_scope::InScope(case_id);
        Ok(CaseRecords {
            events: self.events_of(case).await?,
            attachments: Vec::new(),
            milestones: self.milestones_of(case).await?,
            mediations: Vec::new(),
            verifications: Vec::new(),
        })
    }
}
