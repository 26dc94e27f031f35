//! 督办 sweep: the milestones whose state or notices are due, moved along and
//! claimed so that of two sweepers (two app instances) only one raises each notice.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use xinfang_domain::access::{CaseScope, Role};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::deadlines::{Audience, NoticeLevel};
use xinfang_domain::workflow::EventKind;

use crate::audit::Audit;
use crate::codec::{RowExt, ms, ms_opt};
use crate::write::Event;
use crate::{Store, StoreResult};
use xinfang_domain::notification::Webhook;

/// A started, unfinished milestone the sweeper must look at, with what the
/// notices say about its case.
#[derive(Debug, Clone, Serialize)]
pub struct SweepMilestone {
    /// Milestone row id.
    pub id: i64,
    /// Case id.
    pub case_id: i64,
    /// 信访件编号
    pub case_number: String,
    /// 反映问题
    pub summary: String,
    /// 责任单位 (lead unit), once assigned.
    pub lead_unit: Option<String>,
    /// Rule key.
    pub key: String,
    /// Chinese name, e.g. 带件下访并现场阅签受理告知书.
    pub name: String,
    /// A petitioner's window (申请期限) rather than a duty.
    pub is_window: bool,
    /// Due time.
    pub due_at: Timestamp,
    /// When 临期预警 begins.
    pub warn_from: Option<Timestamp>,
    /// Stored state key.
    pub state: String,
    /// Highest notice already raised (0 none, see [`NoticeLevel::rank`]).
    pub notice_level: i64,
    /// Its case is closed: a duty is left alone, a window still closes.
    pub case_closed: bool,
}

/// What a raised notice says: the inbox title and text.
#[derive(Debug, Clone)]
pub struct NoticeText {
    /// Title, e.g. "催办通知：JA2022-0001 建立联系".
    pub title: String,
    /// Text.
    pub body: String,
}

/// The outcome of raising one notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaisedNotice {
    /// Users who received it in their inbox.
    pub recipients: Vec<i64>,
    /// Webhook deliveries queued for their organisations.
    pub deliveries: usize,
}

/// One notice as recorded against a case (督办记录).
#[derive(Debug, Clone, Serialize)]
pub struct CaseNotice {
    /// Notification id.
    pub id: i64,
    /// Recipient.
    pub user_id: i64,
    /// Recipient's name.
    pub user_name: String,
    /// The milestone's rule key.
    pub milestone_key: Option<String>,
    /// Level (see [`NoticeLevel::rank`]).
    pub level: i64,
    /// Title.
    pub title: String,
    /// When raised.
    pub created_at: Timestamp,
}

fn sweep_from_row(r: &AnyRow) -> StoreResult<SweepMilestone> {
    Ok(SweepMilestone {
        id: r.int("id")?,
        case_id: r.int("case_id")?,
        case_number: r.text("case_number")?,
        summary: r.text("summary")?,
        lead_unit: r.text_opt("lead_unit")?,
        key: r.text("key")?,
        name: r.text("name")?,
        is_window: r.flag("is_window")?,
        due_at: r.time("due_at")?,
        warn_from: r.time_opt("warn_from")?,
        state: r.text("state")?,
        notice_level: r.int("notice_level")?,
        case_closed: r.text("case_status")? == "closed",
    })
}

/// The start of a query for active users; a condition on `u` or `o` follows.
macro_rules! users_select {
    () => {
        "SELECT u.id, u.org_id, u.roles FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.active = 1 AND "
    };
}

/// Whose accounts a notice looks up.
#[derive(Debug, Clone, Copy)]
enum People {
    One(i64),
    OfOrg(i64),
    DistrictBureau,
}

#[derive(Debug)]
struct ActiveUser {
    id: i64,
    org_id: i64,
    roles: Vec<Role>,
}

impl Store {
    /// The milestones whose 下次变化时间 has come by `now` — their state may
    /// move or a notice fall due — soonest first, read off the index
    /// `milestones_next_transition`: a pass touches only these, however many
    /// milestones are running. The caller decides with the domain's
    /// `state_at` and `notice_due`, then [`schedule_milestone`](Store::schedule_milestone)s
    /// the next one.
    pub async fn sweep_candidates(
        &self,
        now: Timestamp,
        limit: i64,
    ) -> StoreResult<Vec<SweepMilestone>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT m.id, m.case_id, m.key, m.name, m.is_window, m.due_at, m.warn_from, m.state, m.notice_level,
                c.number AS case_number, c.summary, c.status AS case_status,
                (SELECT o.name FROM case_units cu JOIN orgs o ON o.id = cu.org_id
                  WHERE cu.case_id = c.id AND cu.lead = 1) AS lead_unit
             FROM milestones m JOIN cases c ON c.id = m.case_id
             WHERE m.next_transition_at <= $1
               AND m.state IN ('open', 'due_soon', 'overdue')
               AND m.completed_at IS NULL AND m.started_at IS NOT NULL AND m.due_at IS NOT NULL
             ORDER BY m.next_transition_at, m.id {}",
            crate::params::limit(limit)
        )))
        .bind(ms(now))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(sweep_from_row).collect()
    }

    /// Store a swept milestone's 下次变化时间 (None: nothing left to change),
    /// unless the row moved on since the sweeper settled it at `state` with
    /// notices up to `notice_level` (a change of its case, or another sweeper,
    /// then wrote its own). True if it was stored.
    pub async fn schedule_milestone(
        &self,
        m: &SweepMilestone,
        state: &str,
        notice_level: i64,
        next: Option<Timestamp>,
    ) -> StoreResult<bool> {
        let _w = self.write_guard().await;
        let done = sqlx::query(
            "UPDATE milestones SET next_transition_at = $2
             WHERE id = $1 AND state = $3 AND notice_level = $4 AND due_at = $5 AND completed_at IS NULL",
        )
        .bind(m.id)
        .bind(ms_opt(next))
        .bind(state)
        .bind(notice_level)
        .bind(ms(m.due_at))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Move a milestone to state `to`, unless a change of its case rewrote it
    /// since it was read (then the newer row stands). True if it moved.
    pub async fn advance_milestone(
        &self,
        m: &SweepMilestone,
        to: &str,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let _w = self.write_guard().await;
        let done = sqlx::query(
            "UPDATE milestones SET state = $2, updated_at = $3
             WHERE id = $1 AND state = $4 AND due_at = $5 AND completed_at IS NULL",
        )
        .bind(m.id)
        .bind(to)
        .bind(ms(now))
        .bind(&m.state)
        .bind(ms(m.due_at))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Raise notice `level` for a milestone, once: claim it, put it in each
    /// recipient's inbox, queue a delivery to every active webhook of their
    /// organisations (`payload` renders one per robot), note 催办/通报 in the
    /// case's timeline and write the audit row — all in one transaction.
    /// None when another sweeper raised it (or a higher level) first, or the
    /// milestone was completed or moved meanwhile.
    pub async fn raise_notice(
        &self,
        m: &SweepMilestone,
        level: NoticeLevel,
        text: &NoticeText,
        payload: &(dyn Fn(&Webhook) -> String + Send + Sync),
        now: Timestamp,
    ) -> StoreResult<Option<RaisedNotice>> {
        let mut w = self.write().await?;
        // The claim comes first: on SQLite it takes the write lock at once, on
        // PostgreSQL the row lock makes a second sweeper wait and then find
        // the level already raised.
        if !self.claim_notice(w.conn(), m, level, now).await? {
            w.rollback().await?;
            return Ok(None);
        }
        let recipients = self.audience(w.conn(), m.case_id, level.audience()).await?;
        for (user_id, _) in &recipients {
            sqlx::query(
                "INSERT INTO notifications (user_id, case_id, milestone_id, level, title, body, created_at, milestone_key)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(*user_id)
            .bind(m.case_id)
            .bind(m.id)
            .bind(level.rank())
            .bind(&text.title)
            .bind(&text.body)
            .bind(ms(now))
            .bind(&m.key)
            .execute(w.conn())
            .await?;
        }
        let hooks = self.active_webhooks(w.conn()).await?;
        let mut deliveries = 0;
        for hook in hooks
            .iter()
            .filter(|h| recipients.iter().any(|(_, org)| *org == h.org_id))
        {
            sqlx::query(
                "INSERT INTO webhook_deliveries (webhook_id, payload, attempts, next_attempt_at, created_at)
                 VALUES ($1, $2, 0, $3, $3)",
            )
            .bind(hook.id)
            .bind(payload(hook))
            .bind(ms(now))
            .execute(w.conn())
            .await?;
            deliveries += 1;
        }
        if let Some(kind) = match level {
            NoticeLevel::Reminder => None,
            NoticeLevel::Urge => Some(EventKind::Urge),
            NoticeLevel::Bulletin => Some(EventKind::Escalate),
        } {
            let event = Event {
                kind,
                occurred_at: now,
                text: format!("系统{}：{}", level.label(), text.body),
                data: serde_json::Value::Null,
                actor: None,
            };
            w.event(m.case_id, &event, now).await?;
        }
        let user_ids: Vec<i64> = recipients.iter().map(|(u, _)| *u).collect();
        let before = serde_json::json!({ "milestone": m.key, "notice_level": m.notice_level });
        let after = serde_json::json!({
            "milestone": m.key, "notice_level": level.rank(), "notice": level.label(),
            "recipients": user_ids, "webhook_deliveries": deliveries,
        });
        let audit = Audit::system(AuditAction::MilestoneNotice, now)
            .on("case", Some(m.case_id))
            .before(Some(before.to_string()))
            .after(Some(after.to_string()));
        w.commit(audit).await?;
        Ok(Some(RaisedNotice {
            recipients: user_ids,
            deliveries,
        }))
    }

    /// The claim: an atomic conditional update that only one transaction wins.
    async fn claim_notice(
        &self,
        conn: &mut AnyConnection,
        m: &SweepMilestone,
        level: NoticeLevel,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE milestones SET notice_level = $2, updated_at = $3
             WHERE id = $1 AND notice_level < $2 AND completed_at IS NULL AND due_at = $4",
        )
        .bind(m.id)
        .bind(level.rank())
        .bind(ms(now))
        .bind(ms(m.due_at))
        .execute(&mut *conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The active users a notice about `case_id` goes to, with their
    /// organisations, each once. An audience that resolves to nobody falls
    /// back to the district (an unassigned case is the district's own).
    async fn audience(
        &self,
        conn: &mut AnyConnection,
        case_id: i64,
        audience: Audience,
    ) -> StoreResult<Vec<(i64, i64)>> {
        let row = sqlx::query(
            "SELECT c.handler_user_id, c.leader_user_id,
                (SELECT cu.org_id FROM case_units cu WHERE cu.case_id = c.id AND cu.lead = 1) AS lead_unit_id
             FROM cases c WHERE c.id = $1",
        )
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await?;
        let handler = row.int_opt("handler_user_id")?;
        let leader = row.int_opt("leader_user_id")?;
        let unit_users = match row.int_opt("lead_unit_id")? {
            Some(org) => self.active_users(conn, People::OfOrg(org)).await?,
            None => Vec::new(),
        };
        let handles = |roles: &[Role]| {
            roles.contains(&Role::TownshipOfficer) || roles.contains(&Role::DepartmentHandler)
        };
        let mut out: Vec<ActiveUser> = match audience {
            Audience::Handler => {
                let named = match handler {
                    Some(h) => self.active_users(conn, People::One(h)).await?,
                    None => Vec::new(),
                };
                if !named.is_empty() {
                    named
                } else if unit_users.iter().any(|u| handles(&u.roles)) {
                    unit_users
                        .into_iter()
                        .filter(|u| handles(&u.roles))
                        .collect()
                } else {
                    unit_users
                }
            }
            Audience::UnitAndLeader => {
                let mut all = unit_users;
                if let Some(l) = leader {
                    all.extend(self.active_users(conn, People::One(l)).await?);
                }
                all
            }
            Audience::District => Vec::new(),
        };
        if out.is_empty() {
            out = self.active_users(conn, People::DistrictBureau).await?;
            out.retain(|u| u.roles.contains(&Role::DistrictAdmin));
        }
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|u| seen.insert(u.id));
        Ok(out.into_iter().map(|u| (u.id, u.org_id)).collect())
    }

    async fn active_users(
        &self,
        conn: &mut AnyConnection,
        who: People,
    ) -> StoreResult<Vec<ActiveUser>> {
        let q = match who {
            People::One(id) => {
                sqlx::query(concat!(users_select!(), "u.id = $1 ORDER BY u.id")).bind(id)
            }
            People::OfOrg(org) => {
                sqlx::query(concat!(users_select!(), "u.org_id = $1 ORDER BY u.id")).bind(org)
            }
            People::DistrictBureau => {
                sqlx::query(concat!(users_select!(), "o.kind = 'bureau' ORDER BY u.id"))
            }
        };
        let rows = q.fetch_all(&mut *conn).await?;
        rows.iter()
            .map(|r| {
                Ok(ActiveUser {
                    id: r.int("id")?,
                    org_id: r.int("org_id")?,
                    roles: r
                        .text("roles")?
                        .split(',')
                        .filter_map(Role::parse)
                        .collect(),
                })
            })
            .collect()
    }

    async fn active_webhooks(&self, conn: &mut AnyConnection) -> StoreResult<Vec<Webhook>> {
        let rows = sqlx::query("SELECT * FROM webhooks WHERE active = 1 ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Webhook {
                    id: r.int("id")?,
                    org_id: r.int("org_id")?,
                    kind: r.text("kind")?,
                    url: r.text("url")?,
                    markdown: r.flag("markdown")?,
                    active: r.flag("active")?,
                })
            })
            .collect()
    }

    /// Take a due delivery for one attempt: moves its next attempt to
    /// `lease_until` so another instance leaves it alone while this one posts.
    /// True if this caller won it.
    pub async fn claim_delivery(
        &self,
        id: i64,
        attempts_seen: i64,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> StoreResult<bool> {
        let _w = self.write_guard().await;
        let done = sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = $4
             WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL AND next_attempt_at <= $3",
        )
        .bind(id)
        .bind(attempts_seen)
        .bind(ms(now))
        .bind(ms(lease_until))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The notices raised about a case, oldest first (督办记录); NotFound
    /// when the scope does not admit the case.
    pub async fn case_notices(
        &self,
        case_id: i64,
        scope: &CaseScope,
    ) -> StoreResult<Vec<CaseNotice>> {
        self.case_in_scope(case_id, scope).await?;
        let rows = sqlx::query(
            "SELECT n.id, n.user_id, u.display_name AS user_name, COALESCE(n.milestone_key, m.key) AS milestone_key, n.level, n.title, n.created_at
             FROM notifications n JOIN users u ON u.id = n.user_id LEFT JOIN milestones m ON m.id = n.milestone_id
             WHERE n.case_id = $1 ORDER BY n.created_at, n.id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CaseNotice {
                    id: r.int("id")?,
                    user_id: r.int("user_id")?,
                    user_name: r.text("user_name")?,
                    milestone_key: r.text_opt("milestone_key")?,
                    level: r.int("level")?,
                    title: r.text("title")?,
                    created_at: r.time("created_at")?,
                })
            })
            .collect()
    }
}
