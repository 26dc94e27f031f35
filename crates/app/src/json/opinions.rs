//! The opinion board as JSON: an incident's disposal record (status and its
//! history, 正面发声, linked cases) and the board's rows with their counts.

use serde::Serialize;
use xinfang_domain::opinion::OpinionStatus;
use xinfang_domain::vocab::OnlineSeverity;
use xinfang_store::{BoardRow, OpinionRecord};

use super::t;

/// One change of an incident's disposal status.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OpinionStatusJson {
    /// Key: monitoring, responded, disposed or subsided
    pub status: String,
    /// 监测中, 已回应, 已处置 or 已平息
    pub status_label: String,
    /// When it changed, RFC 3339 with +08:00
    pub at: String,
    /// 说明
    pub note: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
}

/// A 正面发声.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VoiceJson {
    /// Id.
    pub id: i64,
    /// 发声主体
    pub speaker: String,
    /// 发声方式 key (statement, gov_media, comment_reply, press, poster_contact, other)
    pub channel: String,
    /// 发声方式, e.g. 评论区回复
    pub channel_label: String,
    /// 发布平台
    pub platform: Option<String>,
    /// 发声时间, RFC 3339 with +08:00
    pub at: String,
    /// 发声内容
    pub content: String,
    /// 链接
    pub link: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
}

/// A case linked to an incident (or the incident linked to a petition).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OpinionLinkJson {
    /// The other case's id.
    pub case_id: i64,
    /// Its 案件编号.
    pub number: String,
    /// Its kind key (online_opinion for an incident).
    pub kind: String,
    /// 关联说明
    pub note: Option<String>,
    /// When linked, RFC 3339 with +08:00
    pub linked_at: String,
}

/// What the opinion board records on one case.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OpinionJson {
    /// Current disposal status key (monitoring when nothing was recorded)
    pub status: String,
    /// 处置状态
    pub status_label: String,
    /// Every change, oldest first.
    pub history: Vec<OpinionStatusJson>,
    /// 正面发声, oldest first.
    pub voices: Vec<VoiceJson>,
    /// Linked cases the caller may see.
    pub links: Vec<OpinionLinkJson>,
}

impl From<&OpinionRecord> for OpinionJson {
    fn from(r: &OpinionRecord) -> Self {
        OpinionJson {
            status: r.status.as_str().into(),
            status_label: r.status.label().into(),
            history: r
                .history
                .iter()
                .map(|h| OpinionStatusJson {
                    status: h.status.as_str().into(),
                    status_label: h.status.label().into(),
                    at: t(h.at),
                    note: h.note.clone(),
                    recorded_by: h.recorded_by.clone(),
                })
                .collect(),
            voices: r
                .voices
                .iter()
                .map(|v| VoiceJson {
                    id: v.id,
                    speaker: v.voice.speaker.clone(),
                    channel: v.voice.channel.as_str().into(),
                    channel_label: v.voice.channel.label().into(),
                    platform: v.voice.platform.clone(),
                    at: t(v.voice.at),
                    content: v.voice.content.clone(),
                    link: v.voice.link.clone(),
                    recorded_by: v.recorded_by.clone(),
                })
                .collect(),
            links: r
                .links
                .iter()
                .map(|l| OpinionLinkJson {
                    case_id: l.case_id,
                    number: l.number.clone(),
                    kind: l.kind.clone(),
                    note: l.note.clone(),
                    linked_at: t(l.recorded_at),
                })
                .collect(),
        }
    }
}

/// The nearest open clock of an incident (the 6/18/24/72-hour rules).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ClockJson {
    /// The milestone's name.
    pub name: String,
    /// Due, RFC 3339 with +08:00
    pub due_at: String,
    /// Past due at the time of the answer.
    pub overdue: bool,
}

/// One incident on the board.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BoardIncidentJson {
    /// Case id.
    pub id: i64,
    /// 案件编号
    pub number: String,
    /// 问题所属乡镇
    pub township: String,
    /// 反映问题
    pub summary: String,
    /// The case's state key
    pub case_state: String,
    /// 平台
    pub platform: Option<String>,
    /// 链接
    pub link: Option<String>,
    /// 传播范围
    pub reach: Option<String>,
    /// 舆情等级 key (ordinary, serious, major), when recorded
    pub severity: Option<String>,
    /// 舆情等级: 一般, 较大 or 重大
    pub severity_label: Option<String>,
    /// 发现时间 (the registration's time when not recorded), RFC 3339 with +08:00
    pub discovered_at: String,
    /// Disposal status key
    pub status: String,
    /// 处置状态
    pub status_label: String,
    /// When the status last changed, RFC 3339 with +08:00 (null: never)
    pub status_at: Option<String>,
    /// 正面发声 made
    pub voices: i64,
    /// The latest 正面发声, RFC 3339 with +08:00
    pub last_voice_at: Option<String>,
    /// The nearest open clock, if any
    pub next_clock: Option<ClockJson>,
    /// Numbers of the linked cases the caller may see
    pub linked_cases: Vec<String>,
}

impl BoardIncidentJson {
    /// A board row as JSON, its clock judged at `now`.
    pub fn new(r: &BoardRow, now: jiff::Timestamp) -> Self {
        let severity = r.severity.as_deref().and_then(OnlineSeverity::parse);
        BoardIncidentJson {
            id: r.case_id,
            number: r.number.clone(),
            township: r.township.clone(),
            summary: r.summary.clone(),
            case_state: r.state.clone(),
            platform: r.platform.clone(),
            link: r.link.clone(),
            reach: r.reach.clone(),
            severity: severity.map(|s| s.as_str().into()),
            severity_label: severity.map(|s| s.label().into()),
            discovered_at: t(r.discovered_at),
            status: r.status.as_str().into(),
            status_label: r.status.label().into(),
            status_at: r.status_at.map(t),
            voices: r.voices,
            last_voice_at: r.last_voice_at.map(t),
            next_clock: r.next_clock.as_ref().map(|(name, due)| ClockJson {
                name: name.clone(),
                due_at: t(*due),
                overdue: *due < now,
            }),
            linked_cases: r.linked.clone(),
        }
    }
}

/// The opinion board: incidents counted by status, then listed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OpinionBoardJson {
    /// Incidents listed by status key (monitoring, responded, disposed, subsided), every key present
    pub counts: std::collections::BTreeMap<String, i64>,
    /// 较大/重大 incidents with no 正面发声 yet
    pub unanswered_serious: i64,
    /// The incidents, most recently found first (at most 1000)
    pub incidents: Vec<BoardIncidentJson>,
}

impl OpinionBoardJson {
    /// The board from its rows, clocks judged at `now`.
    pub fn new(rows: &[BoardRow], now: jiff::Timestamp) -> Self {
        let mut counts: std::collections::BTreeMap<String, i64> = OpinionStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), 0))
            .collect();
        for r in rows {
            *counts.entry(r.status.as_str().to_string()).or_default() += 1;
        }
        let unanswered_serious = rows
            .iter()
            .filter(|r| {
                r.voices == 0
                    && matches!(
                        r.severity.as_deref().and_then(OnlineSeverity::parse),
                        Some(OnlineSeverity::Serious | OnlineSeverity::Major)
                    )
            })
            .count() as i64;
        OpinionBoardJson {
            counts,
            unanswered_serious,
            incidents: rows
                .iter()
                .map(|r| BoardIncidentJson::new(r, now))
                .collect(),
        }
    }
}
