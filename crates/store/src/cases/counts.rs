//! Case counts by status within a scope, in one grouped query (工作台).

use xinfang_domain::access::CaseScope;
use xinfang_domain::workflow::CaseStatus;

use super::read::scope_clause;
use crate::codec::RowExt;
use crate::params::Params;
use crate::{Store, StoreResult};

impl Store {
    /// How many cases the scope admits in each status, in [`CaseStatus::ALL`]
    /// order, a status without cases counted 0.
    pub async fn case_counts_by_status(
        &self,
        scope: &CaseScope,
    ) -> StoreResult<Vec<(CaseStatus, i64)>> {
        let mut p = Params::default();
        let sc = scope_clause(scope, &mut p);
        let sql =
            format!("SELECT c.status, COUNT(*) AS n FROM cases c WHERE {sc} GROUP BY c.status");
        let mut counts: Vec<(CaseStatus, i64)> = CaseStatus::ALL.iter().map(|s| (*s, 0)).collect();
        for row in self.rows_with(&p, sql).await? {
            let status = row.key("status", CaseStatus::parse)?;
            let n = row.int("n")?;
            if let Some(slot) = counts.iter_mut().find(|(s, _)| *s == status) {
                slot.1 = n;
            }
        }
        Ok(counts)
    }
}
