//! 截止日历 — a month of due dates, with days off and makeup working days marked.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::clock::{from_local, to_local};

use crate::services::ServiceResult;
use crate::state::AppState;

/// A milestone due on a day.
#[derive(Debug, Clone, Serialize)]
pub struct DueLine {
    /// The case.
    pub case_id: i64,
    /// Its number.
    pub number: String,
    /// The milestone's name.
    pub milestone: String,
    /// Done already.
    pub done: bool,
    /// Past due and not done.
    pub overdue: bool,
}

/// A cell of the month's grid: a blank before the first, or a day.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DayCell {
    /// A blank cell before the month's first day.
    pub blank: bool,
    /// Day of the month.
    pub day: i8,
    /// A working day.
    pub working: bool,
    /// Why it is (not) a working day: the holiday's name, 调休 …
    pub reason: String,
    /// It is today.
    pub today: bool,
    /// What falls due that day.
    pub due: Vec<DueLine>,
}

/// A month of due dates.
#[derive(Debug, Clone, Serialize)]
pub struct DueCalendar {
    /// The month, e.g. 2022年10月.
    pub month: String,
    /// The month before, YYYY-MM.
    pub prev: String,
    /// The month after, YYYY-MM.
    pub next: String,
    /// Monday-first cells.
    pub cells: Vec<DayCell>,
}

/// The month `month` (YYYY-MM; this month when blank or wrong) of the due
/// dates of the cases `actor` may see.
pub async fn due_calendar(
    state: &AppState,
    actor: &Actor,
    month: &str,
) -> ServiceResult<DueCalendar> {
    let now = state.now();
    let today = to_local(now).date();
    let first = Date::strptime("%Y-%m-%d", format!("{}-01", month.trim()))
        .unwrap_or_else(|_| today.first_of_month());
    let next = first.checked_add(1.month()).unwrap_or(first);
    let at = |d: Date| from_local(d.to_datetime(jiff::civil::Time::midnight()));
    // Due 24:00 of the month's last day is stored as the next month's 00:00.
    let items = state
        .store
        .due_between(
            &actor.case_scope(),
            at(first) + jiff::SignedDuration::from_secs(1),
            at(next) + jiff::SignedDuration::from_secs(1),
        )
        .await?;
    let settings = state.deadline_settings().await?;
    let lead = usize::from(first.weekday().to_monday_zero_offset().unsigned_abs());
    let mut cells = vec![
        DayCell {
            blank: true,
            ..DayCell::default()
        };
        lead
    ];
    let mut day = first;
    while day < next {
        let info = settings.calendar.day(day);
        let due = items
            .iter()
            .filter(|(i, _)| xinfang_domain::deadlines::due_day(i.due_at) == day)
            .map(|(i, done)| DueLine {
                case_id: i.case_id,
                number: i.number.clone(),
                milestone: i.milestone.clone(),
                done: *done,
                overdue: !*done && i.due_at < now,
            })
            .collect();
        cells.push(DayCell {
            blank: false,
            day: day.day(),
            working: info.working,
            reason: info.reason,
            today: day == today,
            due,
        });
        day = day.tomorrow().unwrap_or(next);
    }
    Ok(DueCalendar {
        month: first.strftime("%Y年%m月").to_string(),
        prev: first
            .checked_sub(1.month())
            .unwrap_or(first)
            .strftime("%Y-%m")
            .to_string(),
        next: next.strftime("%Y-%m").to_string(),
        cells,
    })
}
