//! Counts for statistics, grouped by local calendar buckets the engine seam computes.

use xinfang_domain::access::CaseScope;

use crate::codec::RowExt;
use crate::engine::DateBucket;
use crate::params::Params;
use crate::{Store, StoreResult};

impl Store {
    /// Cases the scope admits, counted by the local (Beijing) day, month or
    /// year they were received in, oldest bucket first.
    pub async fn received_by(
        &self,
        bucket: DateBucket,
        scope: &CaseScope,
    ) -> StoreResult<Vec<(String, i64)>> {
        let mut p = Params::default();
        let sc = crate::cases::scope_clause(scope, &mut p);
        let b = self.engine.date_bucket("c.received_at", bucket);
        let sql = format!(
            "SELECT {b} AS bucket, COUNT(*) AS n FROM cases c WHERE {sc} GROUP BY {b} ORDER BY {b}"
        );
        self.rows_with(&p, sql)
            .await?
            .iter()
            .map(|r| Ok((r.text("bucket")?, r.int("n")?)))
            .collect()
    }
}
