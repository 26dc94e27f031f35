//! 时限 — milestone clocks: rule sets as data, due times with their explanation, and milestone states.
//!
//! Pure functions of their input: a [`RuleSet`] says which milestones a case
//! kind gets and how long each may take ([`Limit`]); [`due_at`] turns a limit
//! and a start time into a [`Due`] on the [`WorkingCalendar`](crate::calendar::WorkingCalendar),
//! with a Chinese explanation of how it was reached; [`evaluate`] places every
//! milestone of a case at an instant (按期完成, 临期预警, 已超期 …). All dates
//! are Beijing time; 24:00 of day D is held as 00:00 of D+1 and shown as
//! "D 24:00" by [`format_due`].

mod adjust;
mod due;
mod evaluate;
mod review_chain;
mod rules;
mod signal;
mod supervision;

pub use adjust::Extension;
pub use due::{Due, due_at, due_at_from, due_day, end_of_day, format_due, local_date};
pub use evaluate::{
    MilestoneState, MilestoneStatus, WarningPolicy, evaluate, overdue_working_days, state_at,
    warn_from,
};
pub use review_chain::{Admission, RE_REVIEW_WINDOW, REVIEW_WINDOW, ReviewChain};
pub use rules::{Limit, Milestone, MilestoneKind, MilestoneRole, Pause, RuleSet, RulesError};
pub use signal::{Signal, SignalPattern};
pub use supervision::{
    Audience, BULLETIN_AFTER_WORKING_DAYS, NoticeLevel, URGE_AFTER, bulletin_at,
    bulletin_not_before, next_transition, notice_due,
};
