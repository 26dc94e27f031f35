//! The store's own tests, one binary with a module per concern. Each runs on
//! SQLite, or on PostgreSQL when `XINFANG_TEST_PG` is set (CI runs both).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod actions;
mod audit;
mod audit_keyed;
mod backup;
mod cases;
mod corrections;
mod engine;
mod generate;
mod helpers;
mod logins;
mod migrations;
mod milestones;
mod persons;
mod places;
mod scope;
mod search;
mod search_estimate;
mod search_order;
mod search_scope;
mod search_written;
mod unit_counts;
mod unit_pages;
mod writes;
