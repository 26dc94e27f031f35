//! 时限 and 督办: the rules in force, the sweeper, 待办, notifications and the robots' webhooks.

pub mod deliver_webhooks;
pub mod due_calendar;
pub mod milestones;
pub mod notifications;
pub mod sweep_deadlines;
pub mod todo;
