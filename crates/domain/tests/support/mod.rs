//! Shared helpers for the domain's integration tests: Beijing times and due displays.

use jiff::Timestamp;
use xinfang_domain::clock::parse_time;

/// A Beijing time such as "2022-09-30 16:00" (or RFC 3339).
pub fn t(s: &str) -> Timestamp {
    parse_time(s).unwrap_or_else(|| panic!("test time {s} parses"))
}
