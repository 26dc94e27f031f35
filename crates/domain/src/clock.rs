//! Time as the domain sees it: China Standard Time and a clock the caller passes in.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

/// China Standard Time (UTC+8, no daylight saving since 1991). A fixed offset,
/// so the domain needs no time-zone database.
pub fn china_tz() -> TimeZone {
    TimeZone::fixed(Offset::constant(8))
}

/// A timestamp as local Beijing time.
pub fn to_local(ts: Timestamp) -> DateTime {
    china_tz().to_datetime(ts)
}

/// Local Beijing time to a timestamp (never ambiguous with a fixed offset).
pub fn from_local(dt: DateTime) -> Timestamp {
    china_tz().to_timestamp(dt).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// `2022-09-26 09:10` in Beijing time, for display.
pub fn format_local(ts: Timestamp) -> String {
    to_local(ts).strftime("%Y-%m-%d %H:%M").to_string()
}

/// RFC 3339 with the +08:00 offset, for JSON.
pub fn format_rfc3339(ts: Timestamp) -> String {
    ts.to_zoned_datetime(china_tz())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Parse a time a user typed: RFC 3339 with offset, or local Beijing time as
/// `2022-09-26 09:10`, `2022-09-26T09:10`, `2022-09-26 09:10:00`, or a bare date
/// (midnight). Returns None if it is none of those.
pub fn parse_time(input: &str) -> Option<Timestamp> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    let s = s.replace('T', " ");
    for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(dt) = DateTime::strptime(fmt, &s) {
            return Some(from_local(dt));
        }
    }
    if let Ok(d) = jiff::civil::Date::strptime("%Y-%m-%d", &s) {
        return Some(from_local(d.to_datetime(jiff::civil::Time::midnight())));
    }
    None
}

/// 2000-01-01 00:00 Beijing time: the earliest a case's own dates (接待日期,
/// 发帖时间, a step's time) may be. Case numbers and deadlines are made from
/// them, and this system's rules (the 2005 and 2022 regulations) are younger.
pub fn earliest_record() -> Timestamp {
    start_of_day(jiff::civil::date(2000, 1, 1))
}

/// The Beijing date of an instant.
pub fn local_date(at: Timestamp) -> jiff::civil::Date {
    to_local(at).date()
}

/// 00:00 of a Beijing date.
pub fn start_of_day(date: jiff::civil::Date) -> Timestamp {
    from_local(date.to_datetime(jiff::civil::Time::midnight()))
}

/// 24:00 of a Beijing date, i.e. 00:00 of the next day: how due times and
/// "to" dates of periods are stored.
pub fn end_of_day(date: jiff::civil::Date) -> Timestamp {
    start_of_day(date.tomorrow().unwrap_or(date))
}

/// The day a 24:00 time falls on as people say it: "10-10 24:00" falls on 10-10.
pub fn due_day(at: Timestamp) -> jiff::civil::Date {
    local_date(
        at.checked_sub(jiff::SignedDuration::from_nanos(1))
            .unwrap_or(at),
    )
}

/// `2022年3月5日`, as the forms print dates.
pub fn chinese_date(d: jiff::civil::Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Where "now" comes from. The app passes the system clock; tests pass a fixed one.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// A clock stopped at one instant, for tests and replays.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_time_round_trips_through_plus_eight() {
        let ts = parse_time("2022-09-26 09:10").expect("parses");
        assert_eq!(ts.to_string(), "2022-09-26T01:10:00Z");
        assert_eq!(format_local(ts), "2022-09-26 09:10");
        assert_eq!(format_rfc3339(ts), "2022-09-26T09:10:00+08:00");
        assert_eq!(parse_time("2022-09-26T09:10:00+08:00"), Some(ts));
        assert_eq!(parse_time("2022-09-26T09:10"), Some(ts));
        assert!(parse_time("2022-13-01").is_none());
        assert!(parse_time("昨天").is_none());
    }

    #[test]
    fn days_run_from_local_midnight_to_local_midnight() {
        let d = jiff::civil::Date::constant(2022, 10, 10);
        // 2022-10-10 00:00 in Beijing is 2022-10-09 16:00 UTC.
        assert_eq!(start_of_day(d).to_string(), "2022-10-09T16:00:00Z");
        assert_eq!(end_of_day(d).to_string(), "2022-10-10T16:00:00Z");
        assert_eq!(
            due_day(end_of_day(d)),
            d,
            "24:00 belongs to the day it ends"
        );
        assert_eq!(local_date(start_of_day(d)), d);
        assert_eq!(chinese_date(d), "2022年10月10日");
    }
}
