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
}

impl CaseRecords {
    /// The records of a case just registered, from the rows its
    /// registration wrote: its timeline and milestones in the order the
    /// case's page reads them (events by time happened, then id;
    /// milestones by due time, none last, then id). A registration writes
    /// no upload, 调解 or 核查, so those lists are empty.
    pub(crate) fn registered(
        mut events: Vec<EventRecord>,
        mut milestones: Vec<StoredMilestone>,
    ) -> CaseRecords {
        events.sort_by_key(|e| (e.occurred_at, e.id));
        milestones.sort_by_key(|m| (m.row.due_at.map_or(i64::MAX, crate::codec::ms), m.id));
        CaseRecords {
            events,
            attachments: Vec::new(),
            milestones,
            mediations: Vec::new(),
            verifications: Vec::new(),
        }
    }
}
