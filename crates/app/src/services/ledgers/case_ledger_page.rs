//! A case's 台账信息 page: the backlog block with its follow-up contacts
//! (附件2) and, for 省交办 cases, the provincial handling block (附件4).

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::clock::format_local;
use xinfang_domain::permission::{Permission, Place};
use xinfang_domain::vocab::SourceLevel;

use crate::services::ServiceResult;
use crate::services::choices::{UserOption, leaders};
use crate::services::ledgers::case_ledger::{BacklogInput, ProvincialInput, view};
use crate::state::AppState;
use xinfang_domain::clock::{due_day, local_date};

/// The case as the page's heading shows it.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerCase {
    /// Id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 乡镇
    pub township: String,
    /// 反映问题
    pub summary: String,
    /// 信访人
    pub petitioner: Option<String>,
    /// 接待日期, YYYY-MM-DD
    pub received: String,
    /// 来源层级 (label)
    pub source: &'static str,
    /// 包案领导
    pub leader: Option<String>,
    /// 省交办: the provincial block applies.
    pub provincial: bool,
    /// The handled milestone's due day, YYYY-MM-DD.
    pub handled_due: Option<String>,
}

/// A follow-up contact as listed.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpLine {
    /// When, local.
    pub at: String,
    /// What was said and found.
    pub note: String,
    /// Who entered it.
    pub by: Option<String>,
}

/// What the 台账信息 page shows.
#[derive(Debug, Clone, Serialize)]
pub struct CaseLedgerPage {
    /// The case.
    pub case: LedgerCase,
    /// The backlog block as stored, as a form.
    pub backlog: BacklogInput,
    /// The provincial block as stored, as a form.
    pub provincial: ProvincialInput,
    /// 跟踪回访, oldest first.
    pub followups: Vec<FollowUpLine>,
    /// 包案领导 offered.
    pub leaders: Vec<UserOption>,
    /// The viewer may change the blocks.
    pub may_edit: bool,
    /// The viewer may change the 包案领导.
    pub may_set_leader: bool,
    /// Now, local, as a `datetime-local` value.
    pub now: String,
    /// 销号, once confirmed: when, and the evidence.
    pub resolution: Option<ResolutionLine>,
    /// The viewer may confirm 销号 (a backlog case not yet resolved).
    pub may_resolve: bool,
    /// The case's attachments, to name one as the evidence.
    pub attachments: Vec<AttachmentOption>,
}

/// A confirmed 销号 as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ResolutionLine {
    /// When.
    pub at: String,
    /// The evidence in words.
    pub evidence: String,
    /// The evidence attachment's id and file name.
    pub attachment: Option<AttachmentOption>,
}

/// An attachment offered as 佐证材料.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentOption {
    /// Attachment id.
    pub id: i64,
    /// File name.
    pub filename: String,
}

/// The 台账信息 page of case `id` for `actor`.
pub async fn case_ledger_page(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<CaseLedgerPage> {
    let v = view(state, actor, id).await?;
    let c = &v.case;
    let l = &v.ledger;
    let day = |t: Option<jiff::Timestamp>| t.map(|t| due_day(t).to_string());
    let backlog = BacklogInput {
        backlog: c.backlog.then(|| "是".into()),
        backlog_reason: Some(c.backlog_reason.clone().unwrap_or_default()),
        leader_user_id: Some(c.leader_user_id.map(|x| x.to_string()).unwrap_or_default()),
        first_visit_at: Some(l.first_visit_at.map(format_local).unwrap_or_default()),
        plan: Some(l.plan.clone()),
        plan_due: Some(day(l.plan_due_at).unwrap_or_default()),
        version: c.version.to_string(),
    };
    let attachments: Vec<AttachmentOption> = state
        .store
        .attachments(c.id, &actor.case_scope())
        .await?
        .into_iter()
        .map(|a| AttachmentOption {
            id: a.id,
            filename: a.filename,
        })
        .collect();
    let provincial = ProvincialInput {
        due: Some(day(l.due_at.or(v.handled_due)).unwrap_or_default()),
        review: Some(l.review.clone()),
        second_review: Some(l.second_review.clone()),
        legal_progress: Some(l.legal_progress.clone()),
    };
    Ok(CaseLedgerPage {
        case: LedgerCase {
            id: c.id,
            number: c.number.clone(),
            township: c.township.clone(),
            summary: c.summary.clone(),
            petitioner: c.petitioner.as_ref().map(|p| p.name.clone()),
            received: local_date(c.received_at).to_string(),
            source: c.source_level.label(),
            leader: c.leader_name.clone(),
            provincial: c.source_level == SourceLevel::Province,
            handled_due: day(v.handled_due),
        },
        backlog,
        provincial,
        followups: v
            .followups
            .iter()
            .map(|f| FollowUpLine {
                at: format_local(f.visited_at),
                note: f.note.clone(),
                by: f.created_by.clone(),
            })
            .collect(),
        leaders: leaders(state).await?,
        resolution: l.resolved_at.map(|at| ResolutionLine {
            at: format_local(at),
            evidence: l.resolution_evidence.clone(),
            attachment: l
                .resolution_attachment_id
                .and_then(|id| attachments.iter().find(|a| a.id == id).cloned()),
        }),
        may_resolve: c.backlog
            && l.resolved_at.is_none()
            && actor.may(Permission::ResolveBacklog, &Place::case(c)),
        attachments,
        may_edit: v.may_edit,
        may_set_leader: v.may_set_leader,
        now: xinfang_domain::clock::to_local(state.now())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
    })
}
