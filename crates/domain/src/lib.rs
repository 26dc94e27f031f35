//! xinfang-domain: the rules of petition work — cases, the six steps, identifiers, organisations — free of I/O.
//!
//! Nothing here touches a database, the network, the file system or the
//! system clock: time comes from a [`clock::Clock`] the caller passes in.

pub mod access;
pub mod account;
pub mod accountability;
pub mod assessment;
pub mod audit;
pub mod backlog;
pub mod calendar;
pub mod campaign;
pub mod case;
pub mod case_ledger;
pub mod case_list;
pub mod category_hint;
pub mod clock;
pub mod correction;
pub mod deadlines;
pub mod district;
pub mod duties;
pub mod errors;
pub mod goals;
pub mod ident;
pub mod key_person;
mod labels;
pub mod mediation;
pub mod meeting;
pub mod menu;
pub mod notice_code;
pub mod notification;
pub mod opinion;
pub mod org;
pub mod permission;
pub mod repeat;
pub mod report;
pub mod risk_grade;
pub mod roster;
pub mod scorecard;
pub mod screening;
pub mod search;
pub mod sensitive_period;
pub mod similar;
pub mod statistics;
pub mod training;
pub mod unit_info;
pub mod verification;
pub mod vocab;
pub mod workflow;

#[cfg(test)]
mod workflow_fixtures;
#[cfg(test)]
mod workflow_input_tests;
#[cfg(test)]
mod workflow_tests;
