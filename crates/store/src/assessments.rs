//! 三级研判 — the assessments of a risk, one per level (村级, 乡镇级, 区级),
//! written in order with their audit row; the district's grade becomes the
//! screening entry's. And the queues of entries awaiting each level.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::assessment::{Assessment, AssessmentLevel, SubjectKind, check_order};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::risk_grade::RiskGrade;
use xinfang_domain::screening::ScreeningRecord;

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::page::Page;
use crate::params::Params;
use crate::screenings::screening_scope_clause;
use crate::{Store, StoreError, StoreResult};

/// One recorded level.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentRecord {
    /// Id.
    pub id: i64,
    /// What was assessed.
    pub subject_kind: SubjectKind,
    /// Its id.
    pub subject_id: i64,
    /// The assessment.
    pub assessment: Assessment,
    /// The organisation whose assessment it is: the village (recorded for
    /// it by its township), the township, or the district bureau.
    pub org_id: i64,
    /// Its name.
    pub org_name: String,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When.
    pub recorded_at: Timestamp,
}

fn record_from_row(r: &AnyRow) -> StoreResult<AssessmentRecord> {
    Ok(AssessmentRecord {
        id: r.int("id")?,
        subject_kind: r.key("subject_kind", SubjectKind::parse)?,
        subject_id: r.int("subject_id")?,
        assessment: Assessment {
            level: r.key("level", AssessmentLevel::parse)?,
            opinion: r.text("opinion")?,
            grade: r.key("grade", RiskGrade::parse)?,
            measures: r.text("measures")?,
        },
        org_id: r.int("org_id")?,
        org_name: r.text("org_name")?,
        recorded_by: r.text_opt("recorded_by_name")?,
        recorded_at: r.time("recorded_at")?,
    })
}

/// The SQL condition "subject `s.id` awaits `level`": the level before it
/// is recorded (none for the village) and this one is not.
fn awaiting(level: AssessmentLevel) -> String {
    let has = |l: AssessmentLevel| {
        format!(
            "EXISTS (SELECT 1 FROM risk_assessments ra WHERE ra.subject_kind = 'screening'
                AND ra.subject_id = s.id AND ra.level = '{}')",
            l.as_str()
        )
    };
    let before = level
        .previous()
        .map(|b| format!("{} AND ", has(b)))
        .unwrap_or_default();
    format!("{before}NOT {}", has(level))
}

impl Store {
    /// The levels recorded for a subject, in their order.
    pub async fn assessments(
        &self,
        kind: SubjectKind,
        subject_id: i64,
    ) -> StoreResult<Vec<AssessmentRecord>> {
        let rows = sqlx::query(
            "SELECT a.*, o.name AS org_name, u.display_name AS recorded_by_name
             FROM risk_assessments a JOIN orgs o ON o.id = a.org_id
             LEFT JOIN users u ON u.id = a.recorded_by
             WHERE a.subject_kind = $1 AND a.subject_id = $2 ORDER BY a.recorded_at, a.id",
        )
        .bind(kind.as_str())
        .bind(subject_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = rows
            .iter()
            .map(record_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        out.sort_by_key(|a| a.assessment.level);
        Ok(out)
    }

    /// Record one level for a subject on behalf of `org_id`. The order is
    /// checked again inside the transaction (two users at once); the
    /// district's grade becomes a screening entry's grade. One audit row.
    pub async fn record_assessment(
        &self,
        kind: SubjectKind,
        subject_id: i64,
        a: &Assessment,
        org_id: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let done: Vec<String> = sqlx::query_scalar(
            "SELECT level FROM risk_assessments WHERE subject_kind = $1 AND subject_id = $2",
        )
        .bind(kind.as_str())
        .bind(subject_id)
        .fetch_all(w.conn())
        .await?;
        let done: Vec<AssessmentLevel> = done
            .iter()
            .filter_map(|l| AssessmentLevel::parse(l))
            .collect();
        check_order(a.level, &done).map_err(|e| StoreError::Conflict(e.to_string()))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO risk_assessments (subject_kind, subject_id, level, opinion, grade, measures, org_id,
                recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(kind.as_str())
        .bind(subject_id)
        .bind(a.level.as_str())
        .bind(&a.opinion)
        .bind(a.grade.as_str())
        .bind(&a.measures)
        .bind(org_id)
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await
        .map_err(|e| match StoreError::from(e) {
            // Another user's same level committed between our check and insert.
            StoreError::Conflict(_) => StoreError::Conflict(format!(
                "{}刚刚已由他人记录，请刷新页面查看",
                a.level.label()
            )),
            other => other,
        })?;
        let mut before = None;
        if a.level == AssessmentLevel::District && kind == SubjectKind::Screening {
            before = sqlx::query_scalar::<_, Option<String>>(
                "SELECT risk_grade FROM screenings WHERE id = $1",
            )
            .bind(subject_id)
            .fetch_optional(w.conn())
            .await?
            .flatten();
            sqlx::query(
                "UPDATE screenings SET risk_grade = $2, version = version + 1, updated_at = $3 WHERE id = $1",
            )
            .bind(subject_id)
            .bind(a.grade.as_str())
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        }
        if a.level == AssessmentLevel::District && kind == SubjectKind::Person {
            before = sqlx::query_scalar::<_, Option<String>>(
                "SELECT risk_grade FROM key_persons WHERE id = $1",
            )
            .bind(subject_id)
            .fetch_optional(w.conn())
            .await?
            .flatten();
            sqlx::query(
                "UPDATE key_persons SET risk_grade = $2, risk_grade_at = $3, version = version + 1, updated_at = $3 WHERE id = $1",
            )
            .bind(subject_id)
            .bind(a.grade.as_str())
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        }
        let audit = Audit::by(actor, AuditAction::RiskAssessment, now)
            .on(kind.as_str(), Some(subject_id))
            .before(before.map(|g| serde_json::json!({ "risk_grade": g }).to_string()))
            .after(Some(
                serde_json::json!({ "assessment_id": id, "org_id": org_id, "assessment": a })
                    .to_string(),
            ));
        w.commit(audit).await?;
        Ok(id)
    }

    /// Screening entries awaiting `level` that `scope` admits (and, when
    /// set, of `township_id`), oldest screened first.
    pub async fn assessment_queue(
        &self,
        level: AssessmentLevel,
        scope: &CaseScope,
        township_id: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Page<ScreeningRecord>> {
        let mut p = Params::default();
        let mut wheres = vec![screening_scope_clause(scope, &mut p), awaiting(level)];
        if let Some(t) = township_id {
            wheres.push(format!("s.township_id = {}", p.int(t)));
        }
        let where_sql = wheres.join(" AND ");
        let total = self
            .count_with(
                &p,
                format!("SELECT COUNT(*) FROM screenings s WHERE {where_sql}"),
            )
            .await?;
        let sql = format!(
            "SELECT s.id FROM screenings s WHERE {where_sql}
             ORDER BY s.screened_at, s.id {}",
            p.page(limit, offset)
        );
        let ids: Vec<i64> = self
            .rows_with(&p, sql)
            .await?
            .iter()
            .map(|r| r.int("id"))
            .collect::<StoreResult<_>>()?;
        let mut items = Vec::with_capacity(ids.len());
        for id in ids {
            items.push(self.screening(id, &CaseScope::all()).await?);
        }
        Ok(Page::counted(items, total))
    }

    /// How many entries `scope` admits (of `township_id`, when set) await `level`.
    pub async fn assessment_queue_count(
        &self,
        level: AssessmentLevel,
        scope: &CaseScope,
        township_id: Option<i64>,
    ) -> StoreResult<i64> {
        let mut p = Params::default();
        let mut wheres = vec![screening_scope_clause(scope, &mut p), awaiting(level)];
        if let Some(t) = township_id {
            wheres.push(format!("s.township_id = {}", p.int(t)));
        }
        self.count_with(
            &p,
            format!(
                "SELECT COUNT(*) FROM screenings s WHERE {}",
                wheres.join(" AND ")
            ),
        )
        .await
    }
}
