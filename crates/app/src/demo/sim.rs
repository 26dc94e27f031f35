//! The demo's simulated world: a seeded random source, the year it runs over (2022, or the twelve months up to today), working-day times, and one generated case's spec.

use jiff::civil::{Time, Weekday};
use jiff::{SignedDuration, Timestamp};
use xinfang_domain::calendar::WorkingCalendar;
use xinfang_domain::clock::{from_local, to_local};
use xinfang_domain::org::Org;
use xinfang_domain::vocab::{CaseKind, Category, Channel, SourceLevel};
use xinfang_domain::workflow::CaseStatus;

use super::{Fields, data};

/// xorshift64: a tiny deterministic generator, so every demo is the same.
#[derive(Debug)]
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in `lo..=hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1).max(1);
        lo + i64::try_from(self.next() % span).unwrap_or(0)
    }

    pub(super) fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    pub(super) fn index(&mut self, len: usize) -> usize {
        (self.next() % len.max(1) as u64) as usize
    }

    pub(super) fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.index(xs.len())]
    }

    pub(super) fn weighted<T: Copy>(&mut self, xs: &[(T, u64)]) -> T {
        let mut r = self.next() % xs.iter().map(|x| x.1).sum::<u64>().max(1);
        for &(v, w) in xs {
            if r < w {
                return v;
            }
            r -= w;
        }
        xs[0].0
    }
}

pub(super) fn local(y: i16, mo: i8, d: i8, h: i8, mi: i8) -> Timestamp {
    from_local(jiff::civil::datetime(y, mo, d, h, mi, 0, 0))
}

pub(super) fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

pub(super) fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

/// The stretch of time the demo's cases arrive in.
#[derive(Debug, Clone, Copy)]
pub(super) struct World {
    /// The first day cases arrive (local midnight).
    pub(super) start: Timestamp,
    /// The last time a case arrives.
    pub(super) last_received: Timestamp,
    /// The twelve months up to today: where each case ends follows its age,
    /// the sweeper runs day by day over the last weeks and people read their inbox.
    pub(super) live: bool,
}

impl World {
    /// The 2022 district of the SCENARIOS.md stories: 4 January to 25 November 2022.
    pub(super) fn year_2022() -> World {
        World {
            start: local(2022, 1, 4, 0, 0),
            last_received: local(2022, 11, 25, 18, 0),
            live: false,
        }
    }

    /// The twelve months up to `now`: the last case arrived half an hour ago.
    pub(super) fn live(now: Timestamp) -> World {
        let today = to_local(now).date();
        let start = from_local(
            today
                .checked_sub(jiff::Span::new().days(365))
                .unwrap_or(today)
                .to_datetime(Time::midnight()),
        );
        World {
            start,
            last_received: now - mins(30),
            live: true,
        }
    }

    /// Days from the first arrival day to the last.
    pub(super) fn span_days(&self) -> i64 {
        (self.last_received - self.start).as_hours() / 24
    }

    /// Whole days from the 2022 world's first day to this one's (0 for 2022).
    pub(super) fn shift_from_2022(&self) -> SignedDuration {
        days((self.start - World::year_2022().start).as_hours() / 24)
    }
}

/// A working day: weekends and holidays off, makeup days on. 2022 from the
/// demo's own table (as its stories were written), other years from the
/// State Council's calendars embedded in the binary.
pub(super) fn is_workday(t: Timestamp) -> bool {
    let d = to_local(t).date();
    if d.year() != 2022 {
        static CALENDAR: std::sync::OnceLock<WorkingCalendar> = std::sync::OnceLock::new();
        return CALENDAR
            .get_or_init(WorkingCalendar::embedded)
            .is_working_day(d);
    }
    let md = (d.month(), d.day());
    data::MAKEUP_DAYS.contains(&md)
        || (!data::HOLIDAYS.contains(&md)
            && !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday))
}

/// When a step happens after `t`: a gap unit (`m`: minutes, any hour; `w`:
/// minutes, but nights move to the next morning; `d`: calendar days, then
/// office hours on a working day) and its bounds.
pub(super) fn after(rng: &mut Rng, t: Timestamp, unit: &str, lo: i64, hi: i64) -> Timestamp {
    let midnight = |t: Timestamp| from_local(to_local(t).date().to_datetime(Time::midnight()));
    if unit != "d" {
        let at = t + mins(rng.range(lo, hi));
        let hour = to_local(at).hour();
        if unit == "m" || (7..22).contains(&hour) {
            return at;
        }
        let morning = midnight(at) + days(i64::from(hour >= 22));
        return morning + mins(rng.range(7 * 60 + 30, 9 * 60));
    }
    let mut day = midnight(t) + days(rng.range(lo, hi));
    while !is_workday(day) {
        day += days(1);
    }
    let at = day + mins(rng.range(8 * 60 + 30, 17 * 60 + 30));
    if at > t {
        at
    } else {
        after(rng, t, unit, lo + 1, hi + 1)
    }
}

/// One generated case before it becomes a plan.
#[derive(Debug, Clone)]
pub(super) struct Spec {
    pub(super) received: Timestamp,
    pub(super) kind: CaseKind,
    pub(super) channel: Channel,
    pub(super) source: SourceLevel,
    pub(super) key: bool,
    pub(super) township: Org,
    pub(super) village: Option<Org>,
    pub(super) category: Category,
    pub(super) base: &'static str,
    pub(super) summary: String,
    pub(super) person: Fields,
    pub(super) poor: bool,
    pub(super) online: Fields,
    pub(super) companions: String,
    pub(super) remarks: String,
    pub(super) backlog: Option<&'static str>,
    pub(super) leader: Option<&'static str>,
    pub(super) target: CaseStatus,
    pub(super) dissatisfied: bool,
    /// 0 none, 1 urged, 2 urged and escalated.
    pub(super) urge: u8,
    /// Stopping in 办理 (live world): every handling step taken but the
    /// answer (the opinion, or the 处置情况报告), so only the answer's clock runs.
    pub(super) awaits_answer: bool,
}
