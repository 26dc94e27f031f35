//! Administration: accounts and sessions, users, organisations, the calendar and rule sets, 单位信息, the audit log.

pub mod audit_chain;
pub mod audit_log;
pub mod auth;
pub mod backup;
pub mod orgs;
pub mod password;
pub mod reference;
pub mod reference_pages;
pub mod tokens;
pub mod unit_info;
pub mod user_pages;
pub mod users;
