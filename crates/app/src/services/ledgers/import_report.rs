//! What every ledger importer shares: the report of what it did, why it wrote
//! nothing (the file refused, or every problem by row), the district's places
//! rows are read against, and the township an officer imports for.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, only_own_org};
use xinfang_forms::ledger::{ImportErrors, ImportProblem};

use xinfang_domain::org::Org;
use xinfang_forms::ledger::Places;

use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// 附件 number.
    pub annex: u8,
    /// Nothing was written.
    pub dry_run: bool,
    /// Data rows read.
    pub rows: usize,
    /// Records added.
    pub added: usize,
    /// Records changed.
    pub updated: usize,
    /// Rows already present as they are.
    pub unchanged: usize,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportFailure {
    /// Not allowed, or something broke.
    Service(ServiceError),
    /// The file as a whole was refused (not a workbook, no header …).
    File(String),
    /// Rows are wrong: every problem, by row.
    Rows(Vec<ImportProblem>),
}

impl From<ServiceError> for ImportFailure {
    fn from(e: ServiceError) -> Self {
        ImportFailure::Service(e)
    }
}

impl From<xinfang_store::StoreError> for ImportFailure {
    fn from(e: xinfang_store::StoreError) -> Self {
        ImportFailure::Service(e.into())
    }
}

impl From<ImportErrors> for ImportFailure {
    fn from(e: ImportErrors) -> Self {
        match e {
            ImportErrors::File(f) => {
                if let xinfang_forms::ledger::FileRefusal::Unreadable { detail } = &f {
                    tracing::warn!(detail, "ledger import: unreadable workbook");
                }
                ImportFailure::File(f.to_string())
            }
            ImportErrors::Rows(p) => ImportFailure::Rows(p),
        }
    }
}

impl ImportFailure {
    /// The message for people.
    pub fn message(&self) -> String {
        match self {
            ImportFailure::Service(e) => e.user_message(),
            ImportFailure::File(m) => format!("{m}；未导入任何数据"),
            ImportFailure::Rows(p) => {
                format!("共有{}处错误，未导入任何数据，请修改后重新导入", p.len())
            }
        }
    }

    /// The row problems (empty unless [`ImportFailure::Rows`]).
    pub fn problems(&self) -> &[ImportProblem] {
        match self {
            ImportFailure::Rows(p) => p,
            _ => &[],
        }
    }
}

/// Collects problems found by the app's own checks.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub Vec<ImportProblem>);

impl Problems {
    /// Note a problem on a row's column.
    pub fn add(
        &mut self,
        row: usize,
        column: &str,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) {
        self.0.push(ImportProblem {
            row,
            column: column.to_string(),
            value: value.into(),
            reason: reason.into(),
        });
    }

    /// Err with every problem, sorted by row, if there is any.
    pub fn check(mut self) -> Result<(), ImportFailure> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0.sort_by_key(|p| p.row);
        Err(ImportFailure::Rows(self.0))
    }
}

/// Whether the actor imports for one township only (a township officer
/// without a district role): Some(own township).
pub(crate) fn own_township(actor: &Actor) -> Option<i64> {
    only_own_org(actor, Permission::ImportLedger)
}

/// The district's places, for reading imported ledgers: the organisations
/// in the database (not any compiled-in list), so that another district's
/// townships and villages are the ones recognised.
pub(crate) async fn places(state: &AppState, orgs: &[Org]) -> ServiceResult<Places> {
    Ok(Places::new(state.store.region().await?, orgs))
}
