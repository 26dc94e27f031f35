//! Screening entries (排查记录, Annex 1 不稳定因素排查处置台账): one row per
//! risk found, read within a scope, written with an audit row, imported in bulk.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::risk_grade::RiskGrade;
use xinfang_domain::vocab::{Category, PovertyStatus, TriAnswer, TriRecord};

use xinfang_domain::screening::{ScreeningEntry, ScreeningRecord};

use crate::audit::Audit;
use crate::cases::scope_clause;
use crate::codec::user_ref;
use crate::codec::{RowExt, flag, ms};
use crate::page::Page;
use crate::params::Params;
use crate::vault::{Secret, Vault};
use crate::{Store, StoreError, StoreResult};

/// Filters for the screening list; every field narrows it when set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScreeningFilter {
    /// 乡镇.
    pub township_id: Option<i64>,
    /// 责任单位.
    pub unit_id: Option<i64>,
    /// Screened at or after.
    pub from: Option<Timestamp>,
    /// Screened before.
    pub to: Option<Timestamp>,
    /// 排查方式 key (`campaign`, `routine`, `sensitive_period`).
    pub screening_kind: Option<String>,
    /// 是否稳定: entries answered so; unanswered ones match neither.
    pub stable: Option<bool>,
    /// 是否为新排查出的不稳定因素: likewise.
    pub newly_found: Option<bool>,
    /// 排查活动: only the entries reported under it.
    pub campaign_id: Option<i64>,
}

/// What a bulk import wrote (or, in a dry run, would write).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// New records.
    pub added: usize,
    /// Existing records changed.
    pub updated: usize,
    /// Rows already present, left alone.
    pub unchanged: usize,
}

/// Read scope for screenings, built on the cases' [`scope_clause`]: a
/// township sees the entries on its territory, a unit those it is
/// responsible for, and anyone sees an entry whose case they may see.
pub(crate) fn screening_scope_clause(scope: &CaseScope, p: &mut Params) -> String {
    if scope.all {
        return "1=1".into();
    }
    let mut parts = Vec::new();
    if let Some(t) = scope.territory {
        parts.push(format!("s.township_id = {}", p.int(t)));
    }
    if let Some(u) = scope.unit {
        parts.push(format!("s.unit_id = {}", p.int(u)));
    }
    let case_scope = scope_clause(scope, p);
    parts.push(format!(
        "EXISTS (SELECT 1 FROM cases c WHERE c.id = s.case_id AND {case_scope})"
    ));
    format!("({})", parts.join(" OR "))
}

fn filter_clause(f: &ScreeningFilter, p: &mut Params) -> Vec<String> {
    let mut w = Vec::new();
    if let Some(v) = f.township_id {
        w.push(format!("s.township_id = {}", p.int(v)));
    }
    if let Some(v) = f.unit_id {
        w.push(format!("s.unit_id = {}", p.int(v)));
    }
    if let Some(v) = f.from {
        w.push(format!("s.screened_at >= {}", p.int(ms(v))));
    }
    if let Some(v) = f.to {
        w.push(format!("s.screened_at < {}", p.int(ms(v))));
    }
    if let Some(v) = &f.screening_kind {
        w.push(format!("s.screening_kind = {}", p.text(v)));
    }
    if let Some(v) = f.stable {
        w.push(format!("s.stable = {}", p.int(flag(v))));
    }
    if let Some(v) = f.newly_found {
        w.push(format!("s.newly_found = {}", p.int(flag(v))));
    }
    if let Some(v) = f.campaign_id {
        w.push(format!("s.campaign_id = {}", p.int(v)));
    }
    w
}

const COLUMNS: &str = "s.*, t.name AS township_name, v.name AS village_name, u.name AS unit_name,
    c.number AS case_number, sc.name AS campaign_name,
    CAST(CASE WHEN EXISTS (SELECT 1 FROM risk_assessments ra WHERE ra.subject_kind = 'screening'
        AND ra.subject_id = s.id AND ra.level = 'district') THEN 1 ELSE 0 END AS BIGINT) AS grade_final";

const JOINS: &str = "FROM screenings s
    JOIN orgs t ON t.id = s.township_id
    LEFT JOIN orgs v ON v.id = s.village_id
    LEFT JOIN orgs u ON u.id = s.unit_id
    LEFT JOIN cases c ON c.id = s.case_id
    LEFT JOIN screening_campaigns sc ON sc.id = s.campaign_id";

fn tri_answer(r: &AnyRow, col: &str) -> StoreResult<TriAnswer> {
    r.key(col, TriAnswer::parse)
}

fn record_from_row(r: &AnyRow, vault: &Vault) -> StoreResult<ScreeningRecord> {
    let entry = ScreeningEntry {
        township_id: r.int("township_id")?,
        village_id: r.int_opt("village_id")?,
        screened_at: r.time("screened_at")?,
        screening_kind: r.text_opt("screening_kind")?,
        campaign_id: r.int_opt("campaign_id")?,
        risk_grade: r.key_opt("risk_grade", RiskGrade::parse)?,
        name: r.text("name")?,
        id_number: vault
            .open_opt(Secret::IdNumber, r.text_opt("id_number")?)?
            .and_then(|s| ResidentId::parse_recorded(&s).ok()),
        phone: vault
            .open_opt(Secret::Phone, r.text_opt("phone")?)?
            .and_then(|s| PhoneNumber::parse(&s).ok()),
        poverty: r.key_opt("poverty_status", PovertyStatus::parse)?,
        problem: r.text("problem")?,
        category: r.key("category", Category::parse)?,
        newly_found: r.int_opt("newly_found")?.map(|v| v != 0),
        unit_id: r.int_opt("unit_id")?,
        unit_text: r.text("unit_text")?,
        tri: TriRecord {
            reasonable_resolved: tri_answer(r, "tri_reasonable")?,
            unreasonable_guided: tri_answer(r, "tri_unreasonable")?,
            hardship_helped: tri_answer(r, "tri_hardship")?,
            unlawful_handled: tri_answer(r, "tri_unlawful")?,
        },
        stable: r.int_opt("stable")?.map(|v| v != 0),
        remarks: r.text("remarks")?,
        fingerprint: r.text("fingerprint")?,
    };
    Ok(ScreeningRecord {
        id: r.int("id")?,
        entry,
        township: r.text("township_name")?,
        village: r.text_opt("village_name")?,
        unit_name: r.text_opt("unit_name")?,
        case_id: r.int_opt("case_id")?,
        case_number: r.text_opt("case_number")?,
        campaign: r.text_opt("campaign_name")?,
        grade_final: r.int("grade_final")? != 0,
        version: r.int("version")?,
        created_at: r.time("created_at")?,
        updated_at: r.time("updated_at")?,
    })
}

async fn insert(
    conn: &mut AnyConnection,
    vault: &Vault,
    n: &ScreeningEntry,
    by: Option<i64>,
    now: Timestamp,
) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO screenings (township_id, village_id, screened_at, screening_kind, name, id_number, phone,
            poverty_status, problem, category, newly_found, unit_id, unit_text, tri_reasonable, tri_unreasonable,
            tri_hardship, tri_unlawful, stable, remarks, fingerprint, version, created_by, created_at, updated_at,
            campaign_id, risk_grade)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1,
            $21, $22, $22, $23, $24) RETURNING id",
    )
    .bind(n.township_id)
    .bind(n.village_id)
    .bind(ms(n.screened_at))
    .bind(n.screening_kind.clone())
    .bind(&n.name)
    .bind(vault.seal_opt(Secret::IdNumber, n.id_number.as_ref().map(|x| x.as_str()))?)
    .bind(vault.seal_opt(Secret::Phone, n.phone.as_ref().map(ToString::to_string).as_deref())?)
    .bind(n.poverty.map(|x| x.as_str()))
    .bind(&n.problem)
    .bind(n.category.as_str())
    .bind(n.newly_found.map(flag))
    .bind(n.unit_id)
    .bind(&n.unit_text)
    .bind(n.tri.reasonable_resolved.as_str())
    .bind(n.tri.unreasonable_guided.as_str())
    .bind(n.tri.hardship_helped.as_str())
    .bind(n.tri.unlawful_handled.as_str())
    .bind(n.stable.map(flag))
    .bind(&n.remarks)
    .bind(&n.fingerprint)
    .bind(by)
    .bind(ms(now))
    .bind(n.campaign_id)
    .bind(n.risk_grade.map(|g| g.as_str()))
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// The id of another entry of the same township with this fingerprint.
async fn duplicate_of(
    conn: &mut AnyConnection,
    n: &ScreeningEntry,
    except: Option<i64>,
) -> StoreResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM screenings WHERE township_id = $1 AND fingerprint = $2 AND id <> $3",
    )
    .bind(n.township_id)
    .bind(&n.fingerprint)
    .bind(except.unwrap_or(0))
    .fetch_optional(&mut *conn)
    .await?)
}

fn duplicate_error(id: i64) -> StoreError {
    StoreError::Conflict(format!(
        "本乡镇已有同一排查时间、同一信访人、同一反映问题的排查记录（第{id}条），请勿重复录入"
    ))
}

fn audit_of(actor: &Actor, action: AuditAction, id: i64, now: Timestamp) -> Audit {
    Audit::by(actor, action, now).on("screening", Some(id))
}

impl Store {
    /// The entries a scope admits, filtered, newest screened first; `limit`
    /// None returns every row (oldest first, for the ledger).
    pub async fn list_screenings(
        &self,
        filter: &ScreeningFilter,
        scope: &CaseScope,
        limit: Option<i64>,
        offset: i64,
    ) -> StoreResult<Page<ScreeningRecord>> {
        let mut p = Params::default();
        let mut wheres = vec![screening_scope_clause(scope, &mut p)];
        wheres.extend(filter_clause(filter, &mut p));
        let where_sql = wheres.join(" AND ");
        let total = self
            .count_with(
                &p,
                format!("SELECT COUNT(*) FROM screenings s WHERE {where_sql}"),
            )
            .await?;
        let mut sql = format!("SELECT {COLUMNS} {JOINS} WHERE {where_sql}");
        match limit {
            Some(limit) => sql.push_str(&format!(
                " ORDER BY s.screened_at DESC, s.id DESC {}",
                p.page(limit, offset)
            )),
            None => sql.push_str(" ORDER BY s.screened_at, s.id"),
        }
        let items = self
            .rows_with(&p, sql)
            .await?
            .iter()
            .map(|r| record_from_row(r, self.vault()))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::counted(items, total))
    }

    /// One entry, if the scope admits it.
    pub async fn screening(&self, id: i64, scope: &CaseScope) -> StoreResult<ScreeningRecord> {
        let mut p = Params::default();
        let id_ph = p.int(id);
        let sc = screening_scope_clause(scope, &mut p);
        let sql = format!("SELECT {COLUMNS} {JOINS} WHERE s.id = {id_ph} AND {sc}");
        let row = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("该排查记录".into()))?;
        record_from_row(&row, self.vault())
    }

    /// Record a new entry; one per township, day, petitioner and problem.
    pub async fn create_screening(
        &self,
        new: &ScreeningEntry,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<ScreeningRecord> {
        let mut w = self.write().await?;
        if let Some(other) = duplicate_of(w.conn(), new, None).await? {
            return Err(duplicate_error(other));
        }
        let id = insert(w.conn(), self.vault(), new, user_ref(actor), now).await?;
        let audit =
            audit_of(actor, AuditAction::ScreeningCreate, id, now).after(self.audit_json(new)?);
        w.commit(audit).await?;
        self.screening(id, &CaseScope::all()).await
    }

    /// Change an entry, refusing if someone saved it since `expected_version`.
    pub async fn update_screening(
        &self,
        before: &ScreeningRecord,
        new: &ScreeningEntry,
        expected_version: Option<i64>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<ScreeningRecord> {
        let mut w = self.write().await?;
        if let Some(other) = duplicate_of(w.conn(), new, Some(before.id)).await? {
            return Err(duplicate_error(other));
        }
        let n = sqlx::query(
            "UPDATE screenings SET township_id = $2, village_id = $3, screened_at = $4, screening_kind = $5,
                name = $6, id_number = $7, phone = $8, poverty_status = $9, problem = $10, category = $11,
                newly_found = $12, unit_id = $13, unit_text = $14, tri_reasonable = $15, tri_unreasonable = $16,
                tri_hardship = $17, tri_unlawful = $18, stable = $19, remarks = $20, fingerprint = $21,
                version = version + 1, updated_at = $22, campaign_id = $24, risk_grade = $25
             WHERE id = $1 AND version = $23",
        )
        .bind(before.id)
        .bind(new.township_id)
        .bind(new.village_id)
        .bind(ms(new.screened_at))
        .bind(new.screening_kind.clone())
        .bind(&new.name)
        .bind(
            self.vault()
                .seal_opt(Secret::IdNumber, new.id_number.as_ref().map(|x| x.as_str()))?,
        )
        .bind(
            self.vault()
                .seal_opt(Secret::Phone, new.phone.as_ref().map(ToString::to_string).as_deref())?,
        )
        .bind(new.poverty.map(|x| x.as_str()))
        .bind(&new.problem)
        .bind(new.category.as_str())
        .bind(new.newly_found.map(flag))
        .bind(new.unit_id)
        .bind(&new.unit_text)
        .bind(new.tri.reasonable_resolved.as_str())
        .bind(new.tri.unreasonable_guided.as_str())
        .bind(new.tri.hardship_helped.as_str())
        .bind(new.tri.unlawful_handled.as_str())
        .bind(new.stable.map(flag))
        .bind(&new.remarks)
        .bind(&new.fingerprint)
        .bind(ms(now))
        .bind(expected_version.unwrap_or(before.version))
        .bind(new.campaign_id)
        .bind(new.risk_grade.map(|g| g.as_str()))
        .execute(w.conn())
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict(
                "该排查记录已被他人修改，请刷新页面查看最新内容后再提交".into(),
            ));
        }
        let audit = audit_of(actor, AuditAction::ScreeningUpdate, before.id, now)
            .before(self.audit_json(&before.entry)?)
            .after(self.audit_json(new)?);
        w.commit(audit).await?;
        self.screening(before.id, &CaseScope::all()).await
    }

    /// Link an entry to the case it became; refused if it already has one.
    pub async fn link_screening_case(
        &self,
        id: i64,
        case_id: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let n = sqlx::query(
            "UPDATE screenings SET case_id = $2, version = version + 1, updated_at = $3
             WHERE id = $1 AND case_id IS NULL",
        )
        .bind(id)
        .bind(case_id)
        .bind(ms(now))
        .execute(w.conn())
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("该排查记录已转为案件".into()));
        }
        let audit = audit_of(actor, AuditAction::ScreeningToCase, id, now)
            .after(Some(format!("case {case_id}")));
        w.commit(audit).await
    }

    /// Import entries in one transaction: rows whose township already has
    /// their fingerprint (or that repeat an earlier row of the same file)
    /// are left alone. A dry run counts and rolls back.
    pub async fn import_screenings(
        &self,
        rows: &[ScreeningEntry],
        actor: &Actor,
        now: Timestamp,
        dry_run: bool,
    ) -> StoreResult<ImportCounts> {
        let mut w = self.write().await?;
        let mut counts = ImportCounts::default();
        let (mut first, mut last) = (None, None);
        for n in rows {
            if duplicate_of(w.conn(), n, None).await?.is_some() {
                counts.unchanged += 1;
                continue;
            }
            let id = insert(w.conn(), self.vault(), n, user_ref(actor), now).await?;
            first.get_or_insert(id);
            last = Some(id);
            counts.added += 1;
        }
        let summary = serde_json::json!({
            "annex": 1, "added": counts.added, "unchanged": counts.unchanged,
            "first_id": first, "last_id": last,
        });
        if dry_run {
            w.rollback().await?;
        } else {
            let audit = Audit::by(actor, AuditAction::LedgerImport, now)
                .on("screening", None)
                .after(Some(summary.to_string()));
            w.commit(audit).await?;
        }
        Ok(counts)
    }
}
