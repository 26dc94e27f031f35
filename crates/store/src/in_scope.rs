//! Proof that a case scope admitted a case: what the reads of the records
//! hanging off a case take, so a caller cannot skip the check.

/// A case id the scope was checked for (see `Store::case_in_scope`): the
/// reads that take it need not check again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InScope(pub(crate) i64);
