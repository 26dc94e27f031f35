//! 督办 — the three notices a running duty raises as its due time nears and passes, and who receives each.

use jiff::{SignedDuration, Timestamp};

use super::evaluate::{MilestoneState, overdue_working_days};
use super::rules::MilestoneKind;
use crate::calendar::{WorkingCalendar, next_day};
use crate::clock::{end_of_day, from_local, local_date};
use crate::labelled_enum;

labelled_enum! {
    /// 督办通知级别 — the notices of supervision, from mild to severe; each is
    /// raised at most once per milestone.
    pub enum NoticeLevel {
        /// 临期提醒 — to the handler, when the milestone turns 临期预警.
        Reminder => ("reminder", "临期提醒"),
        /// 催办通知 — to the responsible unit and the 包案领导, a day after the due time.
        Urge => ("urge", "催办通知"),
        /// 通报 — to the district bureau, at 5 working days overdue.
        Bulletin => ("bulletin", "通报"),
    }
}

/// Who a notice goes to; the store resolves it into users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// 承办人 — the case's handler, or, with none named, the responsible unit's
    /// handling officers (乡镇专干, 部门经办人).
    Handler,
    /// 责任单位 and 包案领导 — every active user of the lead unit, and the case's leader.
    UnitAndLeader,
    /// 区乡村振兴局 — the district bureau's 区级管理员.
    District,
}

/// How long after the due time the 催办通知 goes out.
pub const URGE_AFTER: SignedDuration = SignedDuration::from_hours(24);

/// Working days overdue at which the 通报 goes out.
pub const BULLETIN_AFTER_WORKING_DAYS: u32 = 5;

impl NoticeLevel {
    /// The level as stored in `milestones.notice_level` (0 is none).
    pub fn rank(self) -> i64 {
        match self {
            NoticeLevel::Reminder => 1,
            NoticeLevel::Urge => 2,
            NoticeLevel::Bulletin => 3,
        }
    }

    /// The level of a stored rank; None for 0 or anything unknown.
    pub fn from_rank(rank: i64) -> Option<NoticeLevel> {
        NoticeLevel::ALL.iter().copied().find(|l| l.rank() == rank)
    }

    /// Who receives it.
    pub fn audience(self) -> Audience {
        match self {
            NoticeLevel::Reminder => Audience::Handler,
            NoticeLevel::Urge => Audience::UnitAndLeader,
            NoticeLevel::Bulletin => Audience::District,
        }
    }
}

/// The most severe notice a started milestone calls for at `now`, if any.
///
/// Windows (申请期限) and completed milestones never call for one. A duty calls
/// for a 临期提醒 from `warn_from` (or from its due time when it has none), a
/// 催办通知 from due + 24 h, and a 通报 once it is
/// [`BULLETIN_AFTER_WORKING_DAYS`] working days overdue on `cal`. Only the
/// most severe is returned: a sweeper that was down while a milestone went
/// from 进行中 to long overdue raises that one notice, not a stale reminder
/// before it.
pub fn notice_due(
    kind: MilestoneKind,
    due: Timestamp,
    warn_from: Option<Timestamp>,
    completed_at: Option<Timestamp>,
    now: Timestamp,
    cal: &WorkingCalendar,
) -> Option<NoticeLevel> {
    if kind == MilestoneKind::Window || completed_at.is_some() {
        return None;
    }
    if overdue_working_days(due, now, cal) >= BULLETIN_AFTER_WORKING_DAYS {
        Some(NoticeLevel::Bulletin)
    } else if due.checked_add(URGE_AFTER).is_ok_and(|t| now >= t) {
        Some(NoticeLevel::Urge)
    } else if now > due || warn_from.is_some_and(|w| now >= w) {
        Some(NoticeLevel::Reminder)
    } else {
        None
    }
}

/// The instant the 通报 falls due for a duty due at `due`: the end of the
/// [`BULLETIN_AFTER_WORKING_DAYS`]th whole working day after it on `cal`
/// (the first instant [`notice_due`] answers 通报). None if a year passes
/// without that many working days (a calendar that is all holidays).
pub fn bulletin_at(due: Timestamp, cal: &WorkingCalendar) -> Option<Timestamp> {
    let mut day = local_date(due);
    let mut counted = 0;
    for _ in 0..400 {
        let begins = from_local(day.to_datetime(jiff::civil::Time::midnight()));
        if begins >= due && cal.is_working_day(day) {
            counted += 1;
            if counted == BULLETIN_AFTER_WORKING_DAYS {
                return Some(end_of_day(day));
            }
        }
        day = next_day(day);
    }
    None
}

/// The earliest the 通报 can fall due without knowing the calendar: N
/// working days overdue take at least N whole days. The store uses it where
/// it has no calendar; the sweeper then finds the exact instant.
pub fn bulletin_not_before(due: Timestamp) -> Option<Timestamp> {
    due.checked_add(SignedDuration::from_hours(
        24 * i64::from(BULLETIN_AFTER_WORKING_DAYS),
    ))
    .ok()
}

/// 下次变化时间 — the earliest instant after which the sweeper has something to
/// do for a started, unfinished milestone in stored `state` with notices up
/// to `notice_level` raised: its state moves ([`state_at`](super::state_at)) or a
/// notice not yet raised falls due ([`notice_due`]). `bulletin` is when the
/// 通报 falls due ([`bulletin_at`], or the earlier [`bulletin_not_before`]).
/// None when nothing can change any more (a closed window, a duty with every
/// notice raised and overdue). Stored times are whole milliseconds, so
/// "after the due time" is due + 1 ms.
pub fn next_transition(
    kind: MilestoneKind,
    due: Timestamp,
    warn_from: Option<Timestamp>,
    state: MilestoneState,
    notice_level: i64,
    bulletin: Option<Timestamp>,
) -> Option<Timestamp> {
    let after_due = due.checked_add(SignedDuration::from_millis(1)).ok();
    let running = matches!(state, MilestoneState::Open | MilestoneState::DueSoon);
    if kind == MilestoneKind::Window {
        return after_due.filter(|_| state == MilestoneState::Open);
    }
    let candidates = [
        warn_from.filter(|_| state == MilestoneState::Open),
        after_due.filter(|_| running),
        if notice_level < NoticeLevel::Reminder.rank() {
            match (warn_from, after_due) {
                (Some(w), Some(a)) => Some(w.min(a)),
                (w, a) => w.or(a),
            }
        } else {
            None
        },
        due.checked_add(URGE_AFTER)
            .ok()
            .filter(|_| notice_level < NoticeLevel::Urge.rank()),
        bulletin.filter(|_| notice_level < NoticeLevel::Bulletin.rank()),
    ];
    candidates.into_iter().flatten().min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_time;

    fn t(s: &str) -> Timestamp {
        parse_time(s).unwrap_or_else(|| panic!("time {s}"))
    }

    fn level(due: &str, warn: &str, now: &str) -> Option<NoticeLevel> {
        let cal = WorkingCalendar::embedded();
        notice_due(
            MilestoneKind::Deadline,
            t(due),
            Some(t(warn)),
            None,
            t(now),
            &cal,
        )
    }

    #[test]
    fn each_level_begins_at_its_instant() {
        // Due 09-29 24:00 (= 09-30 00:00), 临期 from 09-29 02:15.
        let (due, warn) = ("2022-09-30 00:00", "2022-09-29 02:15");
        assert_eq!(level(due, warn, "2022-09-29 02:14"), None);
        assert_eq!(
            level(due, warn, "2022-09-29 02:15"),
            Some(NoticeLevel::Reminder)
        );
        assert_eq!(
            level(due, warn, "2022-09-30 23:59"),
            Some(NoticeLevel::Reminder),
            "overdue, but not yet a day"
        );
        assert_eq!(
            level(due, warn, "2022-10-01 00:00"),
            Some(NoticeLevel::Urge)
        );
    }

    #[test]
    fn the_bulletin_counts_working_days_across_national_day() {
        // Overdue working days after 09-29 24:00: 09-30 (1); 10-01..10-07 off;
        // 10-08 and 10-09 makeup days (2, 3); 10-10 (4); 10-11 (5).
        let (due, warn) = ("2022-09-30 00:00", "2022-09-29 02:15");
        assert_eq!(
            level(due, warn, "2022-10-07 23:00"),
            Some(NoticeLevel::Urge),
            "seven calendar days, one working day"
        );
        assert_eq!(
            level(due, warn, "2022-10-11 23:59"),
            Some(NoticeLevel::Urge)
        );
        assert_eq!(
            level(due, warn, "2022-10-12 00:00"),
            Some(NoticeLevel::Bulletin)
        );
    }

    #[test]
    fn windows_and_completed_milestones_call_for_nothing() {
        let cal = WorkingCalendar::embedded();
        let due = t("2022-09-30 00:00");
        let late = t("2022-12-01 00:00");
        assert_eq!(
            notice_due(MilestoneKind::Window, due, None, None, late, &cal),
            None
        );
        assert_eq!(
            notice_due(
                MilestoneKind::Deadline,
                due,
                None,
                Some(t("2022-10-03 00:00")),
                late,
                &cal
            ),
            None
        );
        assert_eq!(
            notice_due(MilestoneKind::Deadline, due, None, None, due, &cal),
            None,
            "no warning period and not yet past due"
        );
    }

    #[test]
    fn ranks_round_trip() {
        for l in NoticeLevel::ALL {
            assert_eq!(NoticeLevel::from_rank(l.rank()), Some(*l));
        }
        assert_eq!(NoticeLevel::from_rank(0), None);
        assert_eq!(NoticeLevel::Urge.audience(), Audience::UnitAndLeader);
    }

    #[test]
    fn the_bulletin_instant_is_hand_worked_across_national_day() {
        let cal = WorkingCalendar::embedded();
        // As above: the fifth whole working day after 09-29 24:00 is 10-11.
        assert_eq!(
            bulletin_at(t("2022-09-30 00:00"), &cal),
            Some(t("2022-10-12 00:00"))
        );
        // Due Tuesday 2022-11-01 15:00: 11-02, 03, 04, 07, 08 (weekend skipped).
        assert_eq!(
            bulletin_at(t("2022-11-01 15:00"), &cal),
            Some(t("2022-11-09 00:00"))
        );
        assert_eq!(
            bulletin_not_before(t("2022-09-30 00:00")),
            Some(t("2022-10-05 00:00"))
        );
    }

    #[test]
    fn the_next_transition_walks_a_duty_through_its_states_and_notices() {
        let (due, warn) = (t("2022-09-30 00:00"), t("2022-09-29 02:15"));
        let bulletin = Some(t("2022-10-12 00:00"));
        let after_due = t("2022-09-30 00:00") + SignedDuration::from_millis(1);
        let next = |state, level| {
            next_transition(
                MilestoneKind::Deadline,
                due,
                Some(warn),
                state,
                level,
                bulletin,
            )
        };
        assert_eq!(
            next(MilestoneState::Open, 0),
            Some(warn),
            "临期预警 and 临期提醒"
        );
        assert_eq!(next(MilestoneState::DueSoon, 1), Some(after_due), "已超期");
        assert_eq!(
            next(MilestoneState::Overdue, 1),
            Some(t("2022-10-01 00:00")),
            "催办"
        );
        assert_eq!(next(MilestoneState::Overdue, 2), bulletin, "通报");
        assert_eq!(next(MilestoneState::Overdue, 3), None, "nothing left");
        // A sweeper that was down: overdue, nothing raised yet — at once.
        assert_eq!(next(MilestoneState::Overdue, 0), Some(warn));
        assert_eq!(
            next_transition(
                MilestoneKind::Window,
                due,
                None,
                MilestoneState::Open,
                0,
                bulletin
            ),
            Some(after_due),
            "a window only closes"
        );
        assert_eq!(
            next_transition(
                MilestoneKind::Window,
                due,
                None,
                MilestoneState::WindowClosed,
                0,
                None
            ),
            None
        );
        assert_eq!(
            next_transition(
                MilestoneKind::Deadline,
                due,
                None,
                MilestoneState::Open,
                0,
                None
            ),
            Some(after_due),
            "no warning period: the due time itself"
        );
    }

    #[test]
    fn nothing_is_due_before_the_next_transition_and_something_is_at_it() {
        // Against the sweeper's own tests of state and notice, minute by minute.
        let cal = WorkingCalendar::embedded();
        let (due, warn) = (t("2022-09-30 00:00"), Some(t("2022-09-29 02:15")));
        let mut state = MilestoneState::Open;
        let mut level = 0;
        let mut now = t("2022-09-28 00:00");
        let mut moves = 0;
        while let Some(next) = next_transition(
            MilestoneKind::Deadline,
            due,
            warn,
            state,
            level,
            bulletin_at(due, &cal),
        ) {
            let before = next - SignedDuration::from_millis(1);
            assert!(before >= now);
            let quiet = |at| {
                super::super::state_at(MilestoneKind::Deadline, due, warn, None, at) == state
                    && notice_due(MilestoneKind::Deadline, due, warn, None, at, &cal)
                        .is_none_or(|l| l.rank() <= level)
            };
            assert!(quiet(before), "nothing due just before {next}");
            assert!(!quiet(next), "something due at {next}");
            now = next;
            state = super::super::state_at(MilestoneKind::Deadline, due, warn, None, now);
            level = notice_due(MilestoneKind::Deadline, due, warn, None, now, &cal)
                .map_or(level, |l| l.rank().max(level));
            moves += 1;
        }
        // 临期 (with its reminder), 超期, 催办, 通报.
        assert_eq!(moves, 4);
        assert_eq!(now, t("2022-10-12 00:00"));
    }
}
