//! 督办 — the three notices a running duty raises as its due time nears and passes, and who receives each.

use jiff::{SignedDuration, Timestamp};

use super::evaluate::overdue_working_days;
use super::rules::MilestoneKind;
use crate::calendar::WorkingCalendar;
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
}
