//! Milestones (时限节点) as stored: one row per case and milestone, rewritten
//! with every change of the case and moved along by the sweeper.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use xinfang_domain::access::CaseScope;
use xinfang_domain::deadlines::{
    MilestoneKind, MilestoneRole, MilestoneState, bulletin_not_before, next_transition,
};
use xinfang_domain::workflow::EventKind;

use crate::codec::{RowExt, flag, ms, ms_opt};
use crate::write::{Event, insert_event};
use crate::{Store, StoreResult};

/// A milestone of a case, computed by the domain's deadline engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneRow {
    /// Rule key, e.g. `preliminary_report`.
    pub key: String,
    /// Chinese name.
    pub name: String,
    /// A window that closes quietly (复查申请期限) rather than a deadline.
    pub is_window: bool,
    /// What it stands for beyond its clock: `Answer` for the milestone that
    /// answers the petitioner (Annex 4's 办结时限).
    pub role: Option<MilestoneRole>,
    /// When its clock started.
    pub started_at: Option<Timestamp>,
    /// When it is due (24:00 of day D is 00:00 of D+1).
    pub due_at: Option<Timestamp>,
    /// When it was completed.
    pub completed_at: Option<Timestamp>,
    /// State key (see `MilestoneState::as_str`).
    pub state: String,
    /// How the due time was reached.
    pub explanation: String,
    /// Calendar warnings, joined by "；".
    pub warnings: String,
    /// When it turns 临期预警.
    pub warn_from: Option<Timestamp>,
}

/// A stored milestone with its id, case and notice level.
#[derive(Debug, Clone, Serialize)]
pub struct StoredMilestone {
    /// Row id.
    pub id: i64,
    /// Case id.
    pub case_id: i64,
    /// The computed fields.
    #[serde(flatten)]
    pub row: MilestoneRow,
    /// Highest 督办 notice already raised: 0 none, 1 临期提醒, 2 催办, 3 通报.
    pub notice_level: i64,
}

impl MilestoneRow {
    /// 下次变化时间 with `notice_level` raised, for the sweeper's index: None
    /// once nothing can change (done, not started, a closed window, every
    /// notice raised). Without the calendar here the 通报 is taken at its
    /// earliest; the sweeper, which has the calendar, puts the exact instant
    /// when it gets there.
    pub fn next_transition_at(&self, notice_level: i64) -> Option<Timestamp> {
        if self.completed_at.is_some() || self.started_at.is_none() {
            return None;
        }
        let due = self.due_at?;
        let kind = if self.is_window {
            MilestoneKind::Window
        } else {
            MilestoneKind::Deadline
        };
        next_transition(
            kind,
            due,
            self.warn_from,
            MilestoneState::parse(&self.state)?,
            notice_level,
            bulletin_not_before(due),
        )
    }
}

impl Store {
    /// The milestones of cases just registered, each `(case id, milestone,
    /// now)`, in one statement, answered as written: nothing is stored for
    /// them yet, so there is nothing to keep or carry over.
    pub(crate) async fn insert_new_milestones(
        &self,
        conn: &mut AnyConnection,
        rows: &[(i64, &MilestoneRow, Timestamp)],
    ) -> StoreResult<Vec<StoredMilestone>> {
        crate::params::insert_each_rows(conn, "milestones", rows, |p, (case_id, r, now)| {
            vec![
                ("case_id", p.int(*case_id)),
                ("key", p.text(&r.key)),
                (
                    "name, is_window, started_at, due_at, completed_at, state, explanation, warnings, warn_from, role",
                    r.bulk_values(p),
                ),
                ("updated_at", p.int(ms(*now))),
                ("next_transition_at", p.int_opt(ms_opt(r.next_transition_at(0)))),
                ("notice_level", "0".into()),
            ]
        })
        .await?
        .iter()
        .map(stored_from_row)
        .collect()
    }
}

pub(crate) fn stored_from_row(r: &AnyRow) -> StoreResult<StoredMilestone> {
    Ok(StoredMilestone {
        id: r.int("id")?,
        case_id: r.int("case_id")?,
        notice_level: r.int("notice_level")?,
        row: MilestoneRow {
            key: r.text("key")?,
            name: r.text("name")?,
            is_window: r.flag("is_window")?,
            role: r
                .text_opt("role")?
                .as_deref()
                .and_then(MilestoneRole::parse),
            started_at: r.time_opt("started_at")?,
            due_at: r.time_opt("due_at")?,
            completed_at: r.time_opt("completed_at")?,
            state: r.text("state")?,
            explanation: r.text("explanation")?,
            warnings: r.text("warnings")?,
            warn_from: r.time_opt("warn_from")?,
        },
    })
}

impl MilestoneRow {
    /// The placeholders of the computed fields, in the order `name,
    /// is_window, started_at, due_at, completed_at, state, explanation,
    /// warnings, warn_from, role`, for a bulk `VALUES` row.
    pub(crate) fn bulk_values(&self, p: &mut crate::params::Params) -> String {
        let r = self;
        [
            p.text(&r.name),
            p.int(flag(r.is_window)),
            p.int_opt(ms_opt(r.started_at)),
            p.int_opt(ms_opt(r.due_at)),
            p.int_opt(ms_opt(r.completed_at)),
            p.text(&r.state),
            p.text(&r.explanation),
            p.text(&r.warnings),
            p.int_opt(ms_opt(r.warn_from)),
            p.text_opt(r.role.map(MilestoneRole::as_str)),
        ]
        .join(", ")
    }
}

impl Store {
    /// Replace a case's milestones inside `tx`, keeping each one's notice
    /// level (a notice already raised is not raised again) and dropping
    /// milestones the rules no longer have. The notices raised for a dropped
    /// milestone stay in their inboxes and on the case, naming it by key;
    /// should the milestone come back, they are its again.
    pub(crate) async fn save_milestones(
        &self,
        conn: &mut AnyConnection,
        case_id: i64,
        rows: &[MilestoneRow],
        now: Timestamp,
    ) -> StoreResult<()> {
        let existing: Vec<(String, i64)> =
            sqlx::query("SELECT key, notice_level FROM milestones WHERE case_id = $1")
                .bind(case_id)
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|r| Ok((r.text("key")?, r.int("notice_level")?)))
                .collect::<StoreResult<_>>()?;
        for (key, _) in existing
            .iter()
            .filter(|(k, _)| !rows.iter().any(|r| &r.key == k))
        {
            sqlx::query(
                "UPDATE notifications SET milestone_id = NULL
                 WHERE milestone_id IN (SELECT id FROM milestones WHERE case_id = $1 AND key = $2)",
            )
            .bind(case_id)
            .bind(key)
            .execute(&mut *conn)
            .await?;
            sqlx::query("DELETE FROM milestones WHERE case_id = $1 AND key = $2")
                .bind(case_id)
                .bind(key)
                .execute(&mut *conn)
                .await?;
        }
        for r in rows {
            let level = existing.iter().find(|(k, _)| k == &r.key).map(|e| e.1);
            let sql = if level.is_some() {
                "UPDATE milestones SET name = $3, is_window = $4, started_at = $5, due_at = $6, completed_at = $7,
                    state = $8, explanation = $9, warnings = $10, warn_from = $11, updated_at = $12, role = $13,
                    next_transition_at = $14
                 WHERE case_id = $1 AND key = $2"
            } else {
                "INSERT INTO milestones (case_id, key, name, is_window, started_at, due_at, completed_at, state,
                    explanation, warnings, warn_from, updated_at, role, next_transition_at, notice_level)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0)"
            };
            sqlx::query(sql)
                .bind(case_id)
                .bind(&r.key)
                .bind(&r.name)
                .bind(flag(r.is_window))
                .bind(ms_opt(r.started_at))
                .bind(ms_opt(r.due_at))
                .bind(ms_opt(r.completed_at))
                .bind(&r.state)
                .bind(&r.explanation)
                .bind(&r.warnings)
                .bind(ms_opt(r.warn_from))
                .bind(ms(now))
                .bind(r.role.map(MilestoneRole::as_str))
                .bind(ms_opt(r.next_transition_at(level.unwrap_or(0))))
                .execute(&mut *conn)
                .await?;
            if level.is_none() {
                self.carry_notices_over(conn, case_id, r).await?;
            }
        }
        Ok(())
    }

    /// A milestone that comes back under its key (rules changed to others and
    /// back) takes up the notices raised for it before, and their level, so
    /// that none is raised twice.
    async fn carry_notices_over(
        &self,
        conn: &mut AnyConnection,
        case_id: i64,
        row: &MilestoneRow,
    ) -> StoreResult<()> {
        let key = row.key.as_str();
        sqlx::query(
            "UPDATE notifications SET milestone_id = (SELECT id FROM milestones WHERE case_id = $1 AND key = $2)
             WHERE case_id = $1 AND milestone_key = $2 AND milestone_id IS NULL",
        )
        .bind(case_id)
        .bind(key)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE milestones SET notice_level = COALESCE(
                 (SELECT MAX(n.level) FROM notifications n WHERE n.milestone_id = milestones.id), 0)
             WHERE case_id = $1 AND key = $2",
        )
        .bind(case_id)
        .bind(key)
        .execute(&mut *conn)
        .await?;
        let level: i64 = sqlx::query_scalar(
            "SELECT notice_level FROM milestones WHERE case_id = $1 AND key = $2",
        )
        .bind(case_id)
        .bind(key)
        .fetch_one(&mut *conn)
        .await?;
        if level > 0 {
            sqlx::query(
                "UPDATE milestones SET next_transition_at = $3 WHERE case_id = $1 AND key = $2",
            )
            .bind(case_id)
            .bind(key)
            .bind(ms_opt(row.next_transition_at(level)))
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// Replace a case's milestones in a transaction of their own (after a
    /// rule or calendar change), writing `note` into the case's timeline when
    /// given. Not audited: the computation follows from the rules in force,
    /// and their change is (`rules.save`, `calendar.save`).
    pub async fn recompute_milestones(
        &self,
        case_id: i64,
        rows: &[MilestoneRow],
        note: Option<&str>,
        now: Timestamp,
    ) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let mut tx = self.begin_write().await?;
        self.save_milestones(&mut tx, case_id, rows, now).await?;
        if let Some(text) = note {
            let event = Event {
                kind: EventKind::Edited,
                occurred_at: now,
                text: text.to_string(),
                data: serde_json::Value::Null,
                actor: None,
            };
            insert_event(&mut tx, case_id, &event, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A case's milestones, by due time; NotFound when the scope does not admit the case.
    pub async fn milestones(
        &self,
        case_id: i64,
        scope: &CaseScope,
    ) -> StoreResult<Vec<StoredMilestone>> {
        let case = self.case_in_scope(case_id, scope).await?;
        self.milestones_of(case).await
    }

    /// The milestones of a case the scope was checked for, by due time.
    pub(crate) async fn milestones_of(
        &self,
        case: crate::in_scope::InScope,
    ) -> StoreResult<Vec<StoredMilestone>> {
        let rows = sqlx::query("SELECT * FROM milestones WHERE case_id = $1 ORDER BY COALESCE(due_at, 9223372036854775807), id")
            .bind(case.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(stored_from_row).collect()
    }
}

impl Store {
    /// Cases whose milestones may still move: any milestone not completed and
    /// not a closed window, or a case not yet closed.
    pub async fn cases_with_open_milestones(&self) -> StoreResult<Vec<i64>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT case_id FROM milestones WHERE completed_at IS NULL AND state <> 'window_closed'
             UNION SELECT id FROM cases WHERE status <> 'closed' ORDER BY 1",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(ids)
    }
}

/// Which milestones a 待办 list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TodoBucket {
    /// 已超期 — past due, not done.
    Overdue,
    /// 今日到期 — due before tomorrow 00:00, not yet past.
    DueToday,
    /// 临期预警 — inside the warning period.
    DueSoon,
}

/// Whose 待办.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct TodoFilter {
    /// Cases whose handler is this user.
    pub handler_user_id: Option<i64>,
    /// Cases with this unit among their units.
    pub unit_id: Option<i64>,
    /// Cases located in this township.
    pub township_id: Option<i64>,
}

/// One line of a 待办 list.
#[derive(Debug, Clone, Serialize)]
pub struct TodoItem {
    /// Case id.
    pub case_id: i64,
    /// 信访件编号
    pub number: String,
    /// 信访类型 key.
    pub kind: String,
    /// 乡镇
    pub township: String,
    /// 责任单位
    pub lead_unit: Option<String>,
    /// 承办人
    pub handler_name: Option<String>,
    /// Milestone name.
    pub milestone: String,
    /// Due.
    pub due_at: Timestamp,
}

impl Store {
    /// Open deadline milestones in a bucket, within the scope and filter, soonest due first.
    pub async fn todo(
        &self,
        scope: &xinfang_domain::access::CaseScope,
        filter: TodoFilter,
        bucket: TodoBucket,
        now: Timestamp,
        tomorrow: Timestamp,
        limit: i64,
    ) -> StoreResult<Vec<TodoItem>> {
        let mut p = crate::params::Params::default();
        let mut wheres = vec![
            crate::cases::scope_clause(scope, &mut p),
            "m.completed_at IS NULL".to_string(),
            "m.is_window = 0".to_string(),
            "m.started_at IS NOT NULL".to_string(),
            "m.due_at IS NOT NULL".to_string(),
        ];
        let now_ph = p.int(ms(now));
        wheres.push(match bucket {
            TodoBucket::Overdue => format!("m.due_at < {now_ph}"),
            TodoBucket::DueToday => format!(
                "m.due_at >= {now_ph} AND m.due_at <= {}",
                p.int(ms(tomorrow))
            ),
            TodoBucket::DueSoon => format!(
                "m.due_at >= {now_ph} AND m.warn_from IS NOT NULL AND m.warn_from <= {now_ph}"
            ),
        });
        if let Some(u) = filter.handler_user_id {
            wheres.push(format!("c.handler_user_id = {}", p.int(u)));
        }
        if let Some(u) = filter.unit_id {
            wheres.push(format!(
                "EXISTS (SELECT 1 FROM case_units tu WHERE tu.case_id = c.id AND tu.org_id = {})",
                p.int(u)
            ));
        }
        if let Some(t) = filter.township_id {
            wheres.push(format!("c.township_id = {}", p.int(t)));
        }
        let sql = format!(
            "SELECT c.id AS case_id, c.number, c.kind, t.name AS township, c.handler_name, m.name AS milestone, m.due_at,
                (SELECT o.name FROM case_units cu JOIN orgs o ON o.id = cu.org_id WHERE cu.case_id = c.id AND cu.lead = 1) AS lead_unit
             FROM milestones m JOIN cases c ON c.id = m.case_id JOIN orgs t ON t.id = c.township_id
             WHERE {} ORDER BY m.due_at, c.id {}",
            wheres.join(" AND "),
            crate::params::limit(limit)
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(TodoItem {
                    case_id: r.int("case_id")?,
                    number: r.text("number")?,
                    kind: r.text("kind")?,
                    township: r.text("township")?,
                    lead_unit: r.text_opt("lead_unit")?,
                    handler_name: r.text_opt("handler_name")?,
                    milestone: r.text("milestone")?,
                    due_at: r.time("due_at")?,
                })
            })
            .collect()
    }

    /// Overdue milestones counted by responsible unit, within the scope.
    pub async fn overdue_by_unit(
        &self,
        scope: &xinfang_domain::access::CaseScope,
        now: Timestamp,
    ) -> StoreResult<Vec<(String, i64)>> {
        let mut p = crate::params::Params::default();
        let sc = crate::cases::scope_clause(scope, &mut p);
        let sql = format!(
            "SELECT COALESCE(o.name, '未转办') AS unit, COUNT(*) AS n
             FROM milestones m JOIN cases c ON c.id = m.case_id
             LEFT JOIN case_units cu ON cu.case_id = c.id AND cu.lead = 1 LEFT JOIN orgs o ON o.id = cu.org_id
             WHERE {sc} AND m.completed_at IS NULL AND m.is_window = 0 AND m.started_at IS NOT NULL AND m.due_at < {}
             GROUP BY COALESCE(o.name, '未转办') ORDER BY n DESC, unit",
            p.int(ms(now))
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.text("unit")?, r.int("n")?)))
            .collect()
    }
}

impl Store {
    /// Deadline milestones due in `[from, to)`, done or not, within the scope (calendar view).
    pub async fn due_between(
        &self,
        scope: &xinfang_domain::access::CaseScope,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<(TodoItem, bool)>> {
        let mut p = crate::params::Params::default();
        let sc = crate::cases::scope_clause(scope, &mut p);
        let sql = format!(
            "SELECT c.id AS case_id, c.number, c.kind, t.name AS township, c.handler_name, m.name AS milestone, m.due_at,
                m.completed_at, NULL AS lead_unit
             FROM milestones m JOIN cases c ON c.id = m.case_id JOIN orgs t ON t.id = c.township_id
             WHERE {sc} AND m.is_window = 0 AND m.due_at >= {} AND m.due_at < {} ORDER BY m.due_at LIMIT 5000",
            p.int(ms(from)),
            p.int(ms(to))
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    TodoItem {
                        case_id: r.int("case_id")?,
                        number: r.text("number")?,
                        kind: r.text("kind")?,
                        township: r.text("township")?,
                        lead_unit: None,
                        handler_name: r.text_opt("handler_name")?,
                        milestone: r.text("milestone")?,
                        due_at: r.time("due_at")?,
                    },
                    r.int_opt("completed_at")?.is_some(),
                ))
            })
            .collect()
    }
}
