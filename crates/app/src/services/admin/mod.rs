//! Administration: accounts and sessions, users, the calendar and rule sets, the audit log.

pub mod audit_log;
pub mod auth;
pub mod reference;
pub mod reference_pages;
pub mod users;
