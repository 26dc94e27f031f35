//! The opinion board as stored: an online incident's disposal status over
//! time, its 正面发声 and its links to petitions, each written with a
//! timeline event and an audit row; and the board, every incident in scope
//! with its status and its nearest clock.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::opinion::{OpinionStatus, OpinionStatusChange, PositiveVoice, VoiceChannel};
use xinfang_domain::vocab::CaseKind;
use xinfang_domain::workflow::EventKind;

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::write::Event;
use crate::{Store, StoreError, StoreResult};

/// One change of status, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct OpinionStatusRecord {
    /// Row id.
    pub id: i64,
    /// The status it moved to.
    pub status: OpinionStatus,
    /// When it changed.
    pub at: Timestamp,
    /// 说明.
    pub note: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
}

/// A stored 正面发声.
#[derive(Debug, Clone, Serialize)]
pub struct VoiceRecord {
    /// Row id.
    pub id: i64,
    /// What was said, by whom, where and when.
    #[serde(flatten)]
    pub voice: PositiveVoice,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When it was entered.
    pub recorded_at: Timestamp,
}

/// A case at the other end of a link (an incident's petition, or a
/// petition's incident), as far as the reader may see it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkedRecord {
    /// The other case's id.
    pub case_id: i64,
    /// Its 案件编号.
    pub number: String,
    /// Its kind key.
    pub kind: String,
    /// 关联说明.
    pub note: Option<String>,
    /// When linked.
    pub recorded_at: Timestamp,
}

/// Everything the board records on one case.
#[derive(Debug, Clone, Serialize)]
pub struct OpinionRecord {
    /// The current status (监测中 when nothing was recorded).
    pub status: OpinionStatus,
    /// Every change, oldest first.
    pub history: Vec<OpinionStatusRecord>,
    /// The 正面发声, oldest first.
    pub voices: Vec<VoiceRecord>,
    /// Linked cases the reader's scope admits, both ways.
    pub links: Vec<LinkedRecord>,
}

/// What the board lists.
#[derive(Debug, Clone, Default)]
pub struct BoardFilter {
    /// Only incidents in this status.
    pub status: Option<OpinionStatus>,
    /// Only incidents of this 舆情等级 key.
    pub severity: Option<String>,
    /// Only incidents of this township.
    pub township_id: Option<i64>,
}

/// One incident on the board.
#[derive(Debug, Clone, Serialize)]
pub struct BoardRow {
    /// Case id.
    pub case_id: i64,
    /// 案件编号.
    pub number: String,
    /// 问题所属乡镇.
    pub township: String,
    /// The case's state key (its six steps).
    pub state: String,
    /// 反映问题.
    pub summary: String,
    /// 平台.
    pub platform: Option<String>,
    /// 链接.
    pub link: Option<String>,
    /// 传播范围.
    pub reach: Option<String>,
    /// 舆情等级 key, when recorded.
    pub severity: Option<String>,
    /// 发现时间 (the registration's time when not recorded).
    pub discovered_at: Timestamp,
    /// 处置状态.
    pub status: OpinionStatus,
    /// When the status last changed (None: never).
    pub status_at: Option<Timestamp>,
    /// 正面发声 made.
    pub voices: i64,
    /// The latest of them.
    pub last_voice_at: Option<Timestamp>,
    /// The nearest open clock: its name and due time.
    pub next_clock: Option<(String, Timestamp)>,
    /// Linked petitions' numbers.
    pub linked: Vec<String>,
}

fn bad(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Other(format!("opinion.{what}: {e}"))
}

fn status_of(key: &str) -> StoreResult<OpinionStatus> {
    OpinionStatus::parse(key).ok_or_else(|| bad("status", key))
}

fn voice_from_row(r: &AnyRow) -> StoreResult<VoiceRecord> {
    let channel = r.text("channel")?;
    Ok(VoiceRecord {
        id: r.int("id")?,
        voice: PositiveVoice {
            speaker: r.text("speaker")?,
            channel: VoiceChannel::parse(&channel).ok_or_else(|| bad("channel", &channel))?,
            platform: r.text_opt("platform")?,
            at: r.time("spoken_at")?,
            content: r.text("content")?,
            link: r.text_opt("link")?,
        },
        recorded_by: r.text_opt("recorder")?,
        recorded_at: r.time("recorded_at")?,
    })
}

/// The latest status row's status of case `id`, as SQL.
const LATEST_STATUS: &str =
    "(SELECT s.status FROM opinion_states s WHERE s.case_id = c.id ORDER BY s.id DESC LIMIT 1)";

impl Store {
    /// The current disposal status of case `case_id` (监测中 when none recorded).
    async fn opinion_status_on(
        conn: &mut sqlx::AnyConnection,
        case_id: i64,
    ) -> StoreResult<OpinionStatus> {
        let key: Option<String> = sqlx::query_scalar(
            "SELECT status FROM opinion_states WHERE case_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(case_id)
        .fetch_optional(conn)
        .await?;
        match key {
            Some(k) => status_of(&k),
            None => Ok(OpinionStatus::INITIAL),
        }
    }

    /// What the board records on case `case_id`; NotFound outside the scope.
    /// Linked cases outside the scope are left out (a township sees its own
    /// petitions linked to the district's incident, not the others).
    pub async fn opinion_record(
        &self,
        case_id: i64,
        scope: &CaseScope,
    ) -> StoreResult<OpinionRecord> {
        self.case_in_scope(case_id, scope).await?;
        let rows = sqlx::query(
            "SELECT s.*, u.display_name AS recorder FROM opinion_states s
             LEFT JOIN users u ON u.id = s.recorded_by
             WHERE s.case_id = $1 ORDER BY s.id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        let history = rows
            .iter()
            .map(|r| {
                Ok(OpinionStatusRecord {
                    id: r.int("id")?,
                    status: status_of(&r.text("status")?)?,
                    at: r.time("changed_at")?,
                    note: r.text_opt("note")?,
                    recorded_by: r.text_opt("recorder")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let status = history
            .last()
            .map(|h| h.status)
            .unwrap_or(OpinionStatus::INITIAL);
        let rows = sqlx::query(
            "SELECT v.*, u.display_name AS recorder FROM opinion_voices v
             LEFT JOIN users u ON u.id = v.recorded_by
             WHERE v.case_id = $1 ORDER BY v.spoken_at, v.id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        let voices = rows
            .iter()
            .map(voice_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        let mut links = Vec::new();
        let rows = sqlx::query(
            "SELECT l.case_id AS a, l.linked_case_id AS b, l.note, l.recorded_at FROM opinion_links l
             WHERE l.case_id = $1 OR l.linked_case_id = $1 ORDER BY l.recorded_at",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            let (a, b) = (r.int("a")?, r.int("b")?);
            let other = if a == case_id { b } else { a };
            if let Ok(c) = self.case(other, scope).await {
                links.push(LinkedRecord {
                    case_id: other,
                    number: c.number.clone(),
                    kind: c.kind.as_str().to_string(),
                    note: r.text_opt("note")?,
                    recorded_at: r.time("recorded_at")?,
                });
            }
        }
        Ok(OpinionRecord {
            status,
            history,
            voices,
            links,
        })
    }

    /// Move case `case_id` from status `from` (what the change was checked
    /// against) to the change's status, with its timeline event and audit
    /// row. Conflict when someone moved it in between.
    pub async fn change_opinion_status(
        &self,
        case_id: i64,
        from: OpinionStatus,
        change: &OpinionStatusChange,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        // Touch the case first: on PostgreSQL the row lock orders two
        // servers' changes, so the status read next is the latest.
        sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        let current = Self::opinion_status_on(w.conn(), case_id).await?;
        if current != from {
            return Err(StoreError::Conflict(format!(
                "处置状态刚被他人改为「{}」，请刷新后再试",
                current.label()
            )));
        }
        sqlx::query(
            "INSERT INTO opinion_states (case_id, status, note, changed_at, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(case_id)
        .bind(change.status.as_str())
        .bind(change.note.as_deref())
        .bind(ms(change.at))
        .bind(user_ref(actor))
        .bind(ms(now))
        .execute(w.conn())
        .await?;
        let event = Event {
            kind: EventKind::OpinionStatus,
            occurred_at: change.at,
            text: change.describe(from),
            data: serde_json::json!({ "from": from.as_str(), "to": change.status.as_str() }),
            actor: Some(actor),
        };
        w.event(case_id, &event, now).await?;
        let audit = Audit::by(actor, AuditAction::CaseOpinionStatus, now)
            .on("case", Some(case_id))
            .before(Some(from.as_str().to_string()))
            .after(serde_json::to_string(change).ok());
        w.commit(audit).await
    }

    /// Record a 正面发声 on case `case_id`, with its event and audit row.
    pub async fn add_voice(
        &self,
        case_id: i64,
        v: &PositiveVoice,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO opinion_voices (case_id, speaker, channel, platform, spoken_at, content, link,
                recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(case_id)
        .bind(&v.speaker)
        .bind(v.channel.as_str())
        .bind(v.platform.as_deref())
        .bind(ms(v.at))
        .bind(&v.content)
        .bind(v.link.as_deref())
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        let event = Event {
            kind: EventKind::PositiveVoice,
            occurred_at: v.at,
            text: v.describe(),
            data: serde_json::json!({ "voice_id": id }),
            actor: Some(actor),
        };
        w.event(case_id, &event, now).await?;
        let audit = Audit::by(actor, AuditAction::CaseOpinionVoice, now)
            .on("case", Some(case_id))
            .after(serde_json::to_string(v).ok());
        w.commit(audit).await?;
        Ok(id)
    }

    /// Link incident `case_id` to petition `linked` (numbers given for the
    /// timeline), with an event on both cases and one audit row. Conflict
    /// when they are linked already (either way round).
    pub async fn link_opinion(
        &self,
        (case_id, number): (i64, &str),
        (linked, linked_number): (i64, &str),
        note: Option<&str>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM opinion_links WHERE (case_id = $1 AND linked_case_id = $2)
                OR (case_id = $2 AND linked_case_id = $1)",
        )
        .bind(case_id)
        .bind(linked)
        .fetch_optional(w.conn())
        .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!(
                "本舆情已与{linked_number}关联"
            )));
        }
        sqlx::query(
            "INSERT INTO opinion_links (case_id, linked_case_id, note, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(case_id)
        .bind(linked)
        .bind(note)
        .bind(user_ref(actor))
        .bind(ms(now))
        .execute(w.conn())
        .await?;
        let suffix = note.map(|n| format!("（{n}）")).unwrap_or_default();
        for (on, other) in [(case_id, linked_number), (linked, number)] {
            let event = Event {
                kind: EventKind::OpinionLink,
                occurred_at: now,
                text: format!("关联{other}{suffix}"),
                data: serde_json::json!({ "incident": case_id, "petition": linked }),
                actor: Some(actor),
            };
            w.event(on, &event, now).await?;
        }
        let audit = Audit::by(actor, AuditAction::CaseOpinionLink, now)
            .on("case", Some(case_id))
            .after(Some(
                serde_json::json!({ "linked_case_id": linked, "note": note }).to_string(),
            ));
        w.commit(audit).await
    }

    /// The board: every online incident `scope` admits that passes the
    /// filter, most recently found first, each with its status, its
    /// 正面发声 and its nearest open clock.
    pub async fn opinion_board(
        &self,
        scope: &CaseScope,
        filter: &BoardFilter,
    ) -> StoreResult<Vec<BoardRow>> {
        let mut p = crate::params::Params::default();
        let mut wheres = vec![
            crate::cases::scope_clause(scope, &mut p),
            format!("c.kind = {}", p.text(CaseKind::OnlineOpinion.as_str())),
        ];
        if let Some(s) = filter.status {
            let ph = p.text(s.as_str());
            wheres.push(if s == OpinionStatus::INITIAL {
                format!("COALESCE({LATEST_STATUS}, {ph}) = {ph}")
            } else {
                format!("{LATEST_STATUS} = {ph}")
            });
        }
        if let Some(sev) = &filter.severity {
            wheres.push(format!("c.online_severity = {}", p.text(sev)));
        }
        if let Some(t) = filter.township_id {
            wheres.push(format!("c.township_id = {}", p.int(t)));
        }
        let open_clock = "FROM milestones m WHERE m.case_id = c.id AND m.completed_at IS NULL
            AND m.is_window = 0 AND m.started_at IS NOT NULL AND m.due_at IS NOT NULL
            ORDER BY m.due_at, m.id LIMIT 1";
        let sql = format!(
            "SELECT c.id, c.number, t.name AS township, c.status AS state, c.summary, c.online_platform AS platform,
                c.online_link AS link, c.online_reach AS reach, c.online_severity AS severity,
                COALESCE(c.online_discovered_at, c.received_at) AS found_at,
                {LATEST_STATUS} AS status,
                (SELECT s.changed_at FROM opinion_states s WHERE s.case_id = c.id ORDER BY s.id DESC LIMIT 1) AS status_at,
                (SELECT COUNT(*) FROM opinion_voices v WHERE v.case_id = c.id) AS voices,
                (SELECT MAX(v.spoken_at) FROM opinion_voices v WHERE v.case_id = c.id) AS last_voice_at,
                (SELECT m.name {open_clock}) AS clock_name,
                (SELECT m.due_at {open_clock}) AS clock_due
             FROM cases c JOIN orgs t ON t.id = c.township_id
             WHERE {} ORDER BY found_at DESC, c.id DESC LIMIT 1000",
            wheres.join(" AND ")
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let status = match r.text_opt("status")? {
                Some(k) => status_of(&k)?,
                None => OpinionStatus::INITIAL,
            };
            let next_clock = match (r.text_opt("clock_name")?, r.int_opt("clock_due")?) {
                (Some(n), Some(due)) => Some((n, crate::codec::ts(due))),
                _ => None,
            };
            out.push(BoardRow {
                case_id: r.int("id")?,
                number: r.text("number")?,
                township: r.text("township")?,
                state: r.text("state")?,
                summary: r.text("summary")?,
                platform: r.text_opt("platform")?,
                link: r.text_opt("link")?,
                reach: r.text_opt("reach")?,
                severity: r.text_opt("severity")?,
                discovered_at: r.time("found_at")?,
                status,
                status_at: r.int_opt("status_at")?.map(crate::codec::ts),
                voices: r.int("voices")?,
                last_voice_at: r.int_opt("last_voice_at")?.map(crate::codec::ts),
                next_clock,
                linked: Vec::new(),
            });
        }
        self.fill_board_links(&mut out, scope).await?;
        Ok(out)
    }

    /// The numbers of the petitions linked to each board row, as far as the
    /// scope admits them.
    async fn fill_board_links(&self, rows: &mut [BoardRow], scope: &CaseScope) -> StoreResult<()> {
        let mut p = crate::params::Params::default();
        let ids: Vec<i64> = rows.iter().map(|r| r.case_id).collect();
        let Some(ids) = p.ints(&ids) else {
            return Ok(());
        };
        let sc = crate::cases::scope_clause(scope, &mut p);
        let sql = format!(
            "SELECT l.case_id AS incident, c.number FROM opinion_links l JOIN cases c ON c.id = l.linked_case_id
             WHERE l.case_id IN ({ids}) AND {sc}
             UNION ALL
             SELECT l.linked_case_id AS incident, c.number FROM opinion_links l JOIN cases c ON c.id = l.case_id
             WHERE l.linked_case_id IN ({ids}) AND {sc}"
        );
        let found = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        for r in &found {
            let incident = r.int("incident")?;
            if let Some(row) = rows.iter_mut().find(|b| b.case_id == incident) {
                row.linked.push(r.text("number")?);
            }
        }
        Ok(())
    }
}
