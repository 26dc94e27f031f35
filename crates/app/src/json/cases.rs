//! Cases as JSON: the list, one case with its timeline, milestones and notices, petitioners.

use serde::Serialize;
use xinfang_domain::case::Case;
use xinfang_domain::case_list::CaseListItem;
use xinfang_store::{AttachmentRecord, EventRecord, IndexBacklog};

use super::t;

/// A case in a list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseSummaryJson {
    /// Database id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 信访类型: 初信初访, 重复访, 越级访, 网络舆情, 排查发现
    pub kind: String,
    /// 信访渠道
    pub channel: String,
    /// 来源层级
    pub source_level: String,
    /// 是否重点交办
    pub key_assigned: bool,
    /// 问题类别
    pub category: String,
    /// Status: 已登记, 已转办, 办理中, 待回访, 已办结
    pub status: String,
    /// 问题所属乡镇
    pub township: String,
    /// 村/社区
    pub village: Option<String>,
    /// 信访人姓名
    pub petitioner: Option<String>,
    /// 接待日期, RFC 3339 with +08:00
    pub received_at: String,
    /// 反映问题
    pub summary: String,
    /// 责任单位
    pub responsible_unit: Option<String>,
    /// 承办人
    pub handler: Option<String>,
    /// 是否积案
    pub backlog: bool,
    /// 越级去向: 赴市, 赴省, 进京, or null
    pub escalated_to: Option<String>,
    /// 舆情等级 of a 网络舆情: 一般, 较大, 重大, or null
    pub severity: Option<String>,
    /// Last change, RFC 3339 with +08:00
    pub updated_at: String,
}

impl From<&CaseListItem> for CaseSummaryJson {
    fn from(c: &CaseListItem) -> Self {
        CaseSummaryJson {
            id: c.id,
            number: c.number.clone(),
            kind: c.kind.label().into(),
            channel: c.channel.label().into(),
            source_level: c.source_level.label().into(),
            key_assigned: c.key_assigned,
            category: c.category.label().into(),
            status: c.status.label().into(),
            township: c.township.clone(),
            village: c.village.clone(),
            petitioner: c.petitioner_name.clone(),
            received_at: t(c.received_at),
            summary: c.summary.clone(),
            responsible_unit: c.lead_unit.clone(),
            handler: c.handler_name.clone(),
            backlog: c.backlog,
            escalated_to: c.escalated_to.map(|e| e.label().into()),
            severity: c.severity.map(|s| s.label().into()),
            updated_at: t(c.updated_at),
        }
    }
}

/// A page of cases.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseListJson {
    /// Matching cases in all: exact when `total_exact`; otherwise the count
    /// stopped there (10 000) and more match — ask `count=exact` for the
    /// exact figure.
    pub total: i64,
    /// Whether `total` is exact.
    pub total_exact: bool,
    /// About how many cases match (two significant figures), where they
    /// were not counted: a text search by words the database expects far
    /// more cases to have than the count stops at (on PostgreSQL, twice
    /// 10 000). `total` is then 10 000 and `total_exact` false; a
    /// page that comes out short is counted instead (this null). Null
    /// when counted.
    pub total_estimate: Option<i64>,
    /// The cursor of the next page (`after=` it), null on the last page.
    pub next: Option<String>,
    /// This page.
    pub items: Vec<CaseSummaryJson>,
    /// How the text search `q` was answered (全文检索: by its words, or as
    /// written); absent without `q`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchJson>,
}

/// A timeline event.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventJson {
    /// Event kind (Chinese label), e.g. 联系信访人.
    pub kind: String,
    /// Who.
    pub actor: String,
    /// When it happened.
    pub occurred_at: String,
    /// When it was entered.
    pub recorded_at: String,
    /// Description.
    pub text: String,
}

impl From<&EventRecord> for EventJson {
    fn from(e: &EventRecord) -> Self {
        EventJson {
            kind: e.kind.label().into(),
            actor: e.actor_name.clone(),
            occurred_at: t(e.occurred_at),
            recorded_at: t(e.recorded_at),
            text: e.text.clone(),
        }
    }
}

/// An attachment.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttachmentJson {
    /// Id; download at `/api/v1/attachments/{id}`.
    pub id: i64,
    /// File name.
    pub filename: String,
    /// Content type.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the content.
    pub sha256: String,
    /// Uploaded at.
    pub uploaded_at: String,
    /// The notice this is the petitioner's signed copy of (`acceptance` or
    /// `opinion`), if it is one.
    pub signed_document: Option<String>,
}

impl From<&AttachmentRecord> for AttachmentJson {
    fn from(a: &AttachmentRecord) -> Self {
        AttachmentJson {
            id: a.id,
            filename: a.filename.clone(),
            content_type: a.content_type.clone(),
            size: a.size,
            sha256: a.sha256.clone(),
            uploaded_at: t(a.uploaded_at),
            signed_document: a.signed_document.clone(),
        }
    }
}

/// A petitioner as shown to a user who may see the case.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PetitionerJson {
    /// Id.
    pub id: i64,
    /// 姓名
    pub name: String,
    /// 身份证号 (masked: first 6 and last 4 digits)
    pub id_number: Option<String>,
    /// 联系电话 (masked)
    pub phone: Option<String>,
    /// 住址 (masked: the first six characters)
    pub address: Option<String>,
    /// 是否脱贫户（监测对象）
    pub poverty_status: String,
}

impl From<&xinfang_domain::case::Petitioner> for PetitionerJson {
    fn from(p: &xinfang_domain::case::Petitioner) -> Self {
        PetitionerJson {
            id: p.id,
            name: p.name.clone(),
            id_number: p.id_number.as_ref().map(|i| i.masked()),
            phone: p.phone.as_ref().map(|x| x.masked()),
            address: p
                .address
                .as_deref()
                .map(xinfang_domain::ident::mask_address),
            poverty_status: p.poverty_status.label().into(),
        }
    }
}

/// One case in full.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseJson {
    /// Database id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 信访类型
    pub kind: String,
    /// 信访渠道
    pub channel: String,
    /// 来源层级
    pub source_level: String,
    /// 是否重点交办
    pub key_assigned: bool,
    /// 接待日期
    pub received_at: String,
    /// 问题所属乡镇
    pub township: String,
    /// 问题所属乡镇 id
    pub township_id: i64,
    /// 村/社区
    pub village: Option<String>,
    /// 反映问题
    pub summary: String,
    /// 问题类别
    pub category: String,
    /// Status label.
    pub status: String,
    /// The six-step character: 接, 转, 办, 回, 交.
    pub step: String,
    /// 信访人
    pub petitioner: Option<PetitionerJson>,
    /// 随访人
    pub companions: Vec<String>,
    /// 责任单位
    pub responsible_unit: Option<String>,
    /// 协办单位
    pub co_units: Vec<String>,
    /// 承办人
    pub handler: Option<String>,
    /// 承办人电话
    pub handler_phone: Option<String>,
    /// 包案领导
    pub leader: Option<String>,
    /// 是否属实
    pub finding: Option<String>,
    /// 三到位一处理: four answers in the ledger's order
    pub tri: Option<Vec<String>>,
    /// 处理意见
    pub opinion: Option<String>,
    /// 是否满意 (the latest return visit; a case closed with the petitioner
    /// dissatisfied keeps 不满意)
    pub satisfaction: Option<String>,
    /// 处理意见书送达时间 — when the current opinion first reached the
    /// petitioner; opens the 30-day 复查 window.
    pub opinion_delivered_at: Option<String>,
    /// 是否稳定
    pub stable: Option<bool>,
    /// 是否积案
    pub backlog: bool,
    /// 积案原因
    pub backlog_reason: Option<String>,
    /// 备注
    pub remarks: Option<String>,
    /// 网络舆情 details
    pub online: Option<OnlineJson>,
    /// The earlier case this one repeats.
    pub related_case: Option<String>,
    /// 越级去向: 赴市, 赴省, 进京, or null (a case with one is 越级访)
    pub escalated_to: Option<String>,
    /// 舆情等级 of a 网络舆情: 一般, 较大, 重大, or null (other kinds, and
    /// incidents registered before it was asked)
    pub severity: Option<String>,
    /// 重复访判定 at registration: 确认重复访, 不按重复访登记, or null when not asked
    pub repeat_decision: Option<String>,
    /// 此人近12个月另有N件信访: the petitioner's cases on other categories
    /// anywhere in the district in the twelve months up to this one (a count only)
    pub other_petitions: usize,
    /// The same as a sentence ("此人近12个月另有2件信访"), null when none
    pub other_petitions_note: Option<String>,
    /// 督办 level (0 none, 1 urged, 2+ escalated)
    pub supervision_level: i64,
    /// When closed.
    pub closed_at: Option<String>,
    /// Send this back as `version` to guard against overwriting a newer change.
    pub version: i64,
    /// Timeline, oldest first.
    pub events: Vec<EventJson>,
    /// Attachments.
    pub attachments: Vec<AttachmentJson>,
    /// Steps the caller may take now (action names for `POST /api/v1/cases/{id}/steps/{step}`).
    pub allowed_steps: Vec<String>,
    /// 时限节点: milestones with their state now.
    pub milestones: Vec<MilestoneJson>,
    /// 文书: each notice, its delivery (送达) and its signed copy.
    pub notices: Vec<NoticeJson>,
    /// 调解: the mediations held on the case, oldest first.
    pub mediations: Vec<super::MediationJson>,
    /// 实地跟踪核查: the verifications of its handling, oldest first, each
    /// with its rectification and the unit's answer.
    pub verifications: Vec<super::VerificationJson>,
    /// 问责: the accountability actions linked to this case that the caller may read
    pub accountability: Vec<super::AccountabilityJson>,
}

/// 网络舆情 details of a case.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OnlineJson {
    /// 平台
    pub platform: Option<String>,
    /// 链接
    pub link: Option<String>,
    /// 发帖人
    pub poster: Option<String>,
    /// 发帖时间, RFC 3339 with +08:00
    pub posted_at: Option<String>,
    /// 发现时间, RFC 3339 with +08:00
    pub discovered_at: Option<String>,
    /// 传播范围
    pub reach: Option<String>,
}

/// A petitioner and the cases of theirs the caller may see.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PetitionerFileJson {
    /// The petitioner (personal data masked).
    pub petitioner: PetitionerJson,
    /// Their cases the caller may see, newest first.
    pub cases: Vec<CaseSummaryJson>,
}

/// A notice of a case: printed, delivered, signed copy uploaded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NoticeJson {
    /// `acceptance` (受理告知书) or `opinion` (处理意见书).
    pub document: String,
    /// 受理告知书 / 处理意见书.
    pub label: String,
    /// Whether it can be printed (`GET /api/v1/cases/{id}/notices/{document}`).
    pub available: bool,
    /// 送达时间 of the last delivery.
    pub delivered_at: Option<String>,
    /// 送达人.
    pub deliverer: Option<String>,
    /// The signed copy's attachment id.
    pub signed_scan_id: Option<i64>,
    /// Its file name.
    pub signed_scan_filename: Option<String>,
    /// 未生成 / 未送达 / 已送达，待上传签收件 / 已签收.
    pub state: String,
}

impl From<&crate::views::NoticeStatus> for NoticeJson {
    fn from(n: &crate::views::NoticeStatus) -> Self {
        NoticeJson {
            document: n.document.into(),
            label: n.label.into(),
            available: n.available,
            delivered_at: n.delivered_at.map(t),
            deliverer: n.deliverer.clone(),
            signed_scan_id: n.signed_scan_id,
            signed_scan_filename: n.signed_scan_filename.clone(),
            state: n.state.into(),
        }
    }
}

/// A milestone (时限节点).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MilestoneJson {
    /// Rule key.
    pub key: String,
    /// Name, e.g. 初步调查报告.
    pub name: String,
    /// 按期完成, 逾期完成, 进行中, 临期预警, 已超期, 未开始, 已届满.
    pub state: String,
    /// A petitioner's window (复查申请期限) rather than a deadline.
    pub is_window: bool,
    /// The milestone that answers the petitioner (答复信访人): its due day is
    /// Annex 4's 办结时限 and the date the 受理告知书 promises.
    pub answers_petitioner: bool,
    /// Clock start.
    pub started_at: Option<String>,
    /// Due, RFC 3339 with +08:00 (24:00 of D is D+1 00:00).
    pub due_at: Option<String>,
    /// Due for people: "2022-10-10 24:00".
    pub due_display: Option<String>,
    /// When done.
    pub completed_at: Option<String>,
    /// How the due time was reached.
    pub explanation: String,
    /// Calendar warnings (e.g. a year without holiday data).
    pub warnings: Vec<String>,
}

impl From<&crate::views::MilestoneView> for MilestoneJson {
    fn from(m: &crate::views::MilestoneView) -> Self {
        MilestoneJson {
            key: m.key.clone(),
            name: m.name.clone(),
            state: m.state.into(),
            is_window: m.is_window,
            answers_petitioner: m.answers_petitioner,
            started_at: m.started_at.map(t),
            due_at: m.due_at.map(t),
            due_display: m.due_display.clone(),
            completed_at: m.completed_at.map(t),
            explanation: m.explanation.clone(),
            warnings: m
                .warnings
                .split('；')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }
}

impl From<&crate::views::CaseView> for CaseJson {
    fn from(v: &crate::views::CaseView) -> Self {
        let c: &Case = &v.case;
        CaseJson {
            id: c.id,
            number: c.number.clone(),
            kind: c.kind.label().into(),
            channel: c.channel.label().into(),
            source_level: c.source_level.label().into(),
            key_assigned: c.key_assigned,
            received_at: t(c.received_at),
            township: c.township.clone(),
            township_id: c.township_id,
            village: c.village.clone(),
            summary: c.summary.clone(),
            category: c.category.label().into(),
            status: c.status.label().into(),
            step: c.status.step_char().into(),
            petitioner: c.petitioner.as_ref().map(PetitionerJson::from),
            companions: c.companions.clone(),
            responsible_unit: c.lead_unit().map(|u| u.name.clone()),
            co_units: c
                .units
                .iter()
                .filter(|u| !u.lead)
                .map(|u| u.name.clone())
                .collect(),
            handler: c.handler_name.clone(),
            handler_phone: c.handler_phone.clone(),
            leader: c.leader_name.clone(),
            finding: c.finding.map(|f| f.label().into()),
            tri: c.tri.map(|tri| {
                tri.answers()
                    .iter()
                    .map(|a| a.label().to_string())
                    .collect()
            }),
            opinion: c.opinion.clone(),
            satisfaction: c.satisfaction.map(|s| s.label().into()),
            opinion_delivered_at: c.opinion_delivered_at.map(t),
            stable: c.stable,
            backlog: c.backlog,
            backlog_reason: c.backlog_reason.clone(),
            remarks: c.remarks.clone(),
            online: c.online.as_ref().map(|o| OnlineJson {
                platform: o.platform.clone(),
                link: o.link.clone(),
                poster: o.poster.clone(),
                posted_at: o.posted_at.map(t),
                discovered_at: o.discovered_at.map(t),
                reach: o.reach.clone(),
            }),
            related_case: c.related_case_number.clone(),
            escalated_to: c.escalated_to.map(|e| e.label().into()),
            severity: c
                .online
                .as_ref()
                .and_then(|o| o.severity)
                .map(|s| s.label().into()),
            repeat_decision: c.repeat_decision.map(|d| d.label().into()),
            other_petitions: v.other_petitions,
            other_petitions_note: xinfang_domain::repeat::other_petitions_note(v.other_petitions),
            supervision_level: c.supervision_level,
            closed_at: c.closed_at.map(t),
            version: c.version,
            events: v.events.iter().map(EventJson::from).collect(),
            attachments: v.attachments.iter().map(AttachmentJson::from).collect(),
            allowed_steps: v.allowed_steps.iter().map(|s| s.to_string()).collect(),
            milestones: v.milestones.iter().map(MilestoneJson::from).collect(),
            notices: v.notices.iter().map(NoticeJson::from).collect(),
            mediations: v
                .mediations
                .iter()
                .map(super::MediationJson::from)
                .collect(),
            verifications: v
                .verifications
                .iter()
                .map(|r| super::VerificationJson::new(r, &v.milestones))
                .collect(),
            accountability: v
                .accountability
                .iter()
                .map(super::AccountabilityJson::from)
                .collect(),
        }
    }
}

/// An earlier case like the one asked about (相似案件).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SimilarJson {
    /// Case id.
    pub id: i64,
    /// 案件编号
    pub number: String,
    /// 0–100: half from the text, a quarter from the place (同村 25, 同乡镇 10), a quarter from the category
    pub score: i64,
    /// Why: 同村 or 同乡镇, 同类别, 反映内容相近（相似度N%）
    pub reasons: Vec<String>,
    /// The texts' similarity, 0–1 (Dice over character pairs)
    pub text_similarity: f64,
    /// 反映问题
    pub summary: String,
    /// 接待日期, RFC 3339 with +08:00
    pub received_at: String,
}

impl SimilarJson {
    /// A scored candidate.
    pub fn new(
        s: &xinfang_domain::similar::Similar,
        c: &xinfang_domain::similar::Candidate,
    ) -> Self {
        SimilarJson {
            id: s.id,
            number: s.number.clone(),
            score: s.score,
            reasons: s.reasons.clone(),
            text_similarity: (s.text_similarity * 1000.0).round() / 1000.0,
            summary: c.summary.clone(),
            received_at: t(c.received_at),
        }
    }
}

/// How a list's text search (`q`) was answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SearchJson {
    /// The words looked up in the full-text index (jieba's cut of `q`);
    /// empty when `q` was matched as written.
    pub words: Vec<String>,
    /// Whether `q` was matched as written, in summary, number and name
    /// (through their grams in the full-text index): a query of single
    /// characters, or one whose words found nothing.
    pub as_written: bool,
    /// What to highlight in the matching cases' texts.
    pub marks: Vec<String>,
    /// Present while the full-text index is being brought up to date (a
    /// township or village was added or renamed a moment ago): until it
    /// is, a search by words may miss cases that say the name; or cases
    /// are waiting to be indexed again, and any search may miss them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reindex: Option<ReindexJson>,
    /// Present on a page by relevance (`sort=relevance`) when more cases
    /// matched than it ranks: only this many (1 000), the newest received,
    /// are ranked, and the list goes on after them newest first, so a page
    /// at `offset` 1 000 or more is the page newest first at that offset
    /// (`count=exact` ranks every match, more slowly); more words or a
    /// filter narrow the matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranked_newest: Option<i64>,
}

/// How far the full-text index is behind the cases' texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReindexJson {
    /// The cases that say the changed name are still being looked for.
    pub scanning: bool,
    /// Cases waiting to be indexed again.
    pub pending: i64,
    /// The same, as the pages say it.
    pub note: String,
}

impl From<IndexBacklog> for ReindexJson {
    fn from(b: IndexBacklog) -> Self {
        let note = if b.scanning {
            "地名刚有变更，正在查找提及该地名的案件以更新全文索引；完成前按词检索可能漏掉部分案件。"
                .to_string()
        } else {
            format!(
                "全文索引正在更新，尚有{}件案件待重新索引；完成前检索可能漏掉部分案件。",
                b.pending
            )
        };
        ReindexJson {
            scanning: b.scanning,
            pending: b.pending,
            note,
        }
    }
}
