//! Property tests over 2021–2027 (two years without data at the edges): due
//! times never precede their start, grow with N, land where they should, and
//! evaluation depends only on its input.

mod support;

use jiff::Timestamp;
use jiff::civil::Time;
use proptest::prelude::*;
use xinfang_domain::calendar::WorkingCalendar;
use xinfang_domain::clock::to_local;
use xinfang_domain::deadlines::REVIEW_WINDOW;
use xinfang_domain::deadlines::{
    Limit, RuleSet, Signal, WarningPolicy, due_at, due_day, evaluate, local_date,
};
use xinfang_domain::vocab::{CaseKind, ContactMethod, ReportKind};

fn calendar() -> &'static WorkingCalendar {
    static CAL: std::sync::OnceLock<WorkingCalendar> = std::sync::OnceLock::new();
    CAL.get_or_init(WorkingCalendar::embedded)
}

/// Any instant from 2021-12-01 to 2027-12-31, Beijing time, to the second.
fn instant() -> impl Strategy<Value = Timestamp> {
    let from = support::t("2021-12-01 00:00").as_second();
    let to = support::t("2027-12-31 23:59").as_second();
    (from..to).prop_map(|s| Timestamp::from_second(s).expect("in range"))
}

fn limit_with(kind: u8, n: u32, roll: bool) -> Limit {
    match kind % 4 {
        0 => Limit::Hours(n),
        1 => Limit::SameDay,
        2 => Limit::CalendarDays {
            days: n,
            roll_over_days_off: roll,
        },
        _ => Limit::WorkingDays(n),
    }
}

fn signal() -> impl Strategy<Value = Signal> {
    prop_oneof![
        Just(Signal::Assigned),
        Just(Signal::Contact(ContactMethod::Phone)),
        Just(Signal::Contact(ContactMethod::FaceToFace)),
        Just(Signal::Contact(ContactMethod::PropagandaDept)),
        any::<bool>().prop_map(|notice_signed| Signal::Visit { notice_signed }),
        Just(Signal::Report(ReportKind::Preliminary)),
        Just(Signal::Report(ReportKind::Handling)),
        Just(Signal::Report(ReportKind::OpinionResponse)),
        Just(Signal::Opinion),
        Just(Signal::OpinionDelivered),
        Just(Signal::ReviewRequested),
        Just(Signal::ReviewDecided),
        Just(Signal::ReReviewRequested),
        Just(Signal::HearingStarted),
        Just(Signal::HearingEnded),
        Just(Signal::ReReviewDecided),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn due_is_never_before_start(start in instant(), kind in 0u8..4, n in 0u32..120, roll: bool) {
        let due = due_at(&limit_with(kind, n, roll), start, calendar());
        prop_assert!(due.at >= start);
        prop_assert!(!due.explanation.is_empty());
    }

    #[test]
    fn due_grows_with_n(start in instant(), kind in 0u8..4, n in 0u32..120, roll: bool) {
        let a = due_at(&limit_with(kind, n, roll), start, calendar());
        let b = due_at(&limit_with(kind, n + 1, roll), start, calendar());
        prop_assert!(a.at <= b.at, "{} then {}", a.display(), b.display());
    }

    #[test]
    fn working_day_dues_fall_at_24_00_of_the_nth_working_day(start in instant(), n in 1u32..60) {
        let cal = calendar();
        let due = due_at(&Limit::WorkingDays(n), start, cal);
        prop_assert_eq!(to_local(due.at).time(), Time::midnight());
        let last = due_day(due.at);
        prop_assert!(cal.is_working_day(last), "{} is not a working day", last);
        let first = local_date(start).tomorrow().expect("in range");
        prop_assert_eq!(cal.working_days_in(first, last), n);
    }

    #[test]
    fn rolled_calendar_day_dues_fall_on_working_days(start in instant(), n in 1u32..90) {
        let limit = Limit::CalendarDays { days: n, roll_over_days_off: true };
        let due = due_at(&limit, start, calendar());
        prop_assert!(calendar().is_working_day(due_day(due.at)));
    }

    #[test]
    fn the_review_window_is_the_statute_s_under_every_preset(delivered in instant(), kind_index in 0usize..5) {
        // The petitioner's 30 days: the delivery day not counted, a last day
        // off moving to the next working day (民法典 第二百零三条).
        let cal = calendar();
        let kind = CaseKind::ALL[kind_index];
        let want = due_at(&REVIEW_WINDOW, delivered, cal);
        let last = due_day(want.at);
        let day30 = local_date(delivered)
            .checked_add(jiff::Span::new().days(30))
            .expect("in range");
        prop_assert!(cal.is_working_day(last));
        prop_assert!(last >= day30);
        let mut d = day30;
        while d < last {
            prop_assert!(!cal.is_working_day(d), "{} is a working day before {}", d, last);
            d = d.tomorrow().expect("in range");
        }
        for rules in [RuleSet::seed(), RuleSet::statute()] {
            let signals = [(Signal::Received, delivered), (Signal::OpinionDelivered, delivered)];
            let all = evaluate(&rules, kind, &signals, &[], cal, delivered, &WarningPolicy::default());
            let window = all.iter().find(|m| m.key == "review_window").expect("present");
            prop_assert_eq!(window.due.as_ref().map(|d| d.at), Some(want.at), "{}", rules.name);
        }
    }

    #[test]
    fn hour_dues_are_exactly_n_hours_later(start in instant(), n in 0u32..500) {
        let due = due_at(&Limit::Hours(n), start, calendar());
        prop_assert_eq!(due.at.duration_since(start).as_hours(), i64::from(n));
        prop_assert!(due.warnings.is_empty());
    }

    #[test]
    fn evaluation_is_deterministic_and_ignores_input_order(
        received in instant(),
        // Offsets in whole hours so that signals often share an instant.
        events in proptest::collection::vec((signal(), 0i64..90 * 24), 0..12),
        later in 0i64..120 * 24 * 3600,
        statute: bool,
        kind_index in 0usize..5,
    ) {
        let rules = if statute { RuleSet::statute() } else { RuleSet::seed() };
        let kind = CaseKind::ALL[kind_index];
        let mut signals = vec![(Signal::Received, received)];
        for (s, offset) in events {
            let at = received.as_second() + offset * 3600;
            signals.push((s, Timestamp::from_second(at).expect("in range")));
        }
        let now = Timestamp::from_second(received.as_second() + later).expect("in range");
        let run = |signals: &[(Signal, Timestamp)]| {
            evaluate(&rules, kind, signals, &[], calendar(), now, &WarningPolicy::default())
        };
        let first = run(&signals);
        prop_assert_eq!(&first, &run(&signals));
        let mut reversed = signals.clone();
        reversed.reverse();
        prop_assert_eq!(&first, &run(&reversed));
        for m in &first {
            if let (Some(start), Some(due)) = (m.started_at, &m.due) {
                prop_assert!(due.at >= start);
                prop_assert!(m.completed_at.is_none_or(|c| c >= start));
            }
        }
    }
}
