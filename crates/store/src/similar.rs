//! The earlier cases a new one is compared with (相似案件): of its
//! township (or, without one, of its category), newest first, within the
//! reader's scope — the comparing itself is the domain's.

use jiff::Timestamp;
use xinfang_domain::access::CaseScope;
use xinfang_domain::similar::Candidate;
use xinfang_domain::vocab::Category;

use crate::codec::{RowExt, ms};
use crate::{Store, StoreError, StoreResult};

/// Which cases to compare with.
#[derive(Debug, Clone, Default)]
pub struct SimilarPool {
    /// Of this township (the index on township and time serves it).
    pub township_id: Option<i64>,
    /// Of this category, when no township is given.
    pub category: Option<Category>,
    /// Received before this (the case on the page: its own time).
    pub before: Option<Timestamp>,
    /// Leave this case out.
    pub exclude: Option<i64>,
    /// At most this many, newest first.
    pub limit: i64,
}

impl Store {
    /// The candidates of `pool` that `scope` admits.
    pub async fn similar_candidates(
        &self,
        scope: &CaseScope,
        pool: &SimilarPool,
    ) -> StoreResult<Vec<Candidate>> {
        let mut p = crate::params::Params::default();
        let mut wheres = vec![crate::cases::scope_clause(scope, &mut p)];
        if let Some(t) = pool.township_id {
            wheres.push(format!("c.township_id = {}", p.int(t)));
        } else if let Some(cat) = pool.category {
            wheres.push(format!("c.category = {}", p.text(cat.as_str())));
        }
        if let Some(b) = pool.before {
            wheres.push(format!("c.received_at < {}", p.int(ms(b))));
        }
        if let Some(x) = pool.exclude {
            wheres.push(format!("c.id <> {}", p.int(x)));
        }
        let sql = format!(
            "SELECT c.id, c.number, c.township_id, c.village_id, c.category, c.summary, c.received_at
             FROM cases c WHERE {} ORDER BY c.received_at DESC, c.id DESC {}",
            wheres.join(" AND "),
            crate::params::limit(pool.limit.max(1))
        );
        let rows = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let cat = r.text("category")?;
                Ok(Candidate {
                    id: r.int("id")?,
                    number: r.text("number")?,
                    township_id: r.int("township_id")?,
                    village_id: r.int_opt("village_id")?,
                    category: Category::parse(&cat)
                        .ok_or_else(|| StoreError::Other(format!("cases.category: {cat}")))?,
                    summary: r.text("summary")?,
                    received_at: r.time("received_at")?,
                })
            })
            .collect()
    }
}
