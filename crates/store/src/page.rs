//! One page of a list: its rows, how many match in all, and where the next page starts.

use serde::Serialize;
use xinfang_domain::case_list::ListCursor;

/// One page of a list.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// How many rows match in all — exactly when `total_exact`; otherwise
    /// the count stopped at [`PageRequest::count_up_to`] and more match.
    pub total: i64,
    /// Whether `total` is the exact count.
    pub total_exact: bool,
    /// Set when the matches were not counted because the engine's planner
    /// estimated far more than [`PageRequest::count_up_to`] (a text search
    /// by words many cases have, on PostgreSQL): about how many match, two
    /// significant figures. `total` is then the cap and not exact.
    pub total_estimate: Option<i64>,
    /// Where the next page starts, when this one was full.
    #[serde(skip)]
    pub next: Option<ListCursor>,
    /// Set when a page by relevance ranks only this many of the matches,
    /// the newest received, because more matched, and lists the rest after
    /// them newest first (see `CaseSort::Relevance`).
    #[serde(skip)]
    pub ranked_newest: Option<i64>,
}

impl<T> Page<T> {
    /// A page whose total is exact and which says nothing of a next page.
    pub fn counted(items: Vec<T>, total: i64) -> Page<T> {
        Page {
            items,
            total,
            total_exact: true,
            total_estimate: None,
            next: None,
            ranked_newest: None,
        }
    }
}

/// Which page of a list to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Page size; None reads every row.
    pub limit: Option<i64>,
    /// Rows to skip (after the cursor, if any).
    pub offset: i64,
    /// Start after this row (keyset pagination).
    pub after: Option<ListCursor>,
    /// Count exactly up to this many matches and say "more" beyond; None
    /// counts them all. A page by relevance with a cap ranks at most as
    /// many (see `CaseSort::Relevance`).
    pub count_up_to: Option<i64>,
}

impl PageRequest {
    /// Every row, counted exactly.
    pub fn all() -> PageRequest {
        PageRequest {
            limit: None,
            offset: 0,
            after: None,
            count_up_to: None,
        }
    }
}
