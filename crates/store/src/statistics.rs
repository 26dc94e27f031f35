//! Counts for statistics, grouped by local calendar buckets the engine seam computes.

use xinfang_domain::access::CaseScope;

use crate::cases::CaseQuery;
use crate::codec::RowExt;
use crate::engine::DateBucket;
use crate::{Store, StoreResult};

impl Store {
    /// Cases the scope admits, counted by the local (Beijing) day, month or
    /// year they were received in, oldest bucket first.
    pub async fn received_by(
        &self,
        bucket: DateBucket,
        scope: &CaseScope,
    ) -> StoreResult<Vec<(String, i64)>> {
        let q = CaseQuery::within(scope);
        let sql = q.count_by_sql(&self.engine.date_bucket("c.received_at", bucket));
        self.rows_with(q.params(), sql)
            .await?
            .iter()
            .map(|r| Ok((r.text("key")?, r.int("n")?)))
            .collect()
    }
}
