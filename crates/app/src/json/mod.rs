//! The stable JSON forms of what the API answers, shared by the API, the
//! pages and the CLI. Operators script against these: add fields, never
//! rename or remove one. Every body is a typed struct so that the OpenAPI
//! document (`/api/v1/openapi.json`) describes it.

mod account;
mod accountability;
mod case_records;
mod cases;
mod goals;
mod ledgers;
mod meetings;
mod opinions;
mod persons;
mod repeats;
mod reports;
mod risk;
mod scorecard;
mod statistics;
mod training;
mod users;
mod visit_plan;

pub use account::*;
pub use accountability::*;
pub use case_records::*;
pub use cases::*;
pub use goals::*;
pub use ledgers::*;
pub use meetings::*;
pub use opinions::*;
pub use persons::*;
pub use repeats::*;
pub use reports::*;
pub use risk::*;
pub use scorecard::*;
pub use statistics::*;
pub use training::*;
pub use users::*;
pub use visit_plan::*;

use xinfang_domain::clock::format_rfc3339;

/// A time as every JSON body writes it: RFC 3339 with +08:00.
fn t(ts: jiff::Timestamp) -> String {
    format_rfc3339(ts)
}
