//! 例行工作 — the plan's recurring duties: the Friday report, the monthly risk meeting, the March roster, Tuesday 扶贫日.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Serialize;

use crate::access::Actor;
use crate::calendar::WorkingCalendar;
use crate::labelled_enum;
use crate::permission::{Permission, Place};

labelled_enum! {
    /// 对象 — whom a recurring duty concerns.
    pub enum Audience {
        /// The district bureau (the Friday report to the city).
        District => ("district", "区乡村振兴局"),
        /// The townships, and the district that oversees them (meetings, roster, 扶贫日).
        Township => ("township", "乡镇"),
        /// Everyone.
        Everyone => ("all", "全体"),
    }
}

impl Audience {
    /// Whether a duty for this audience is `actor`'s to see: the district's
    /// are for those who assign cases; the townships' for those who screen
    /// for risks (township officers, and the district).
    pub fn includes(self, actor: &Actor) -> bool {
        let here = Place::Somewhere;
        match self {
            Audience::District => actor.may(Permission::AssignCase, &here),
            Audience::Township => actor.may(Permission::EditScreening, &here),
            Audience::Everyone => true,
        }
    }
}

/// One recurring duty as it stands on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duty {
    /// Short title.
    pub title: String,
    /// What is due and by when, in Chinese.
    pub detail: String,
    /// Due today or overdue — shown prominently.
    pub urgent: bool,
    /// Whom it concerns.
    pub audience: Audience,
}

/// The title of the roster's duty (附件3, due 28 March), which the 工作台
/// completes with who has not yet sent it.
pub const ROSTER_DUTY_TITLE: &str = "涉贫信访干部队伍统计表";

/// The duties to show on `today`'s 工作台.
pub fn duties_on(today: Date, cal: &WorkingCalendar) -> Vec<Duty> {
    let mut out = Vec::new();
    // 每周五上午10:00前报送本周已完成省级信访事项 (SPEC §3).
    let days_to_friday = (5 - i64::from(today.weekday().to_monday_one_offset())).rem_euclid(7);
    let friday = today.checked_add(days_to_friday.days()).unwrap_or(today);
    let friday_note = if cal.is_working_day(friday) {
        ""
    } else {
        "（当日为休息日，请提前报送）"
    };
    out.push(Duty {
        title: "每周省级交办件报送".into(),
        detail: format!(
            "{} 10:00前向市乡村振兴局报送本周已办结省级交办信访事项及《省级交办信访事项办理情况统计表》{friday_note}",
            friday.strftime("%m月%d日（周五）")
        ),
        urgent: days_to_friday == 0,
        audience: Audience::District,
    });
    // 每月召开一次信访舆情隐患分析排查会议.
    let last_day = today.last_of_month();
    out.push(Duty {
        title: "月度隐患分析排查会议".into(),
        detail: format!(
            "各乡镇{}月底前召开信访舆情隐患分析排查会议（截至{}）",
            today.month(),
            last_day.strftime("%m月%d日")
        ),
        urgent: (last_day - today).get_days() <= 3,
        audience: Audience::Township,
    });
    // 干部队伍统计表 3月28日前报送.
    if today.month() <= 3 && today <= Date::new(today.year(), 3, 28).unwrap_or(today) {
        out.push(Duty {
            title: ROSTER_DUTY_TITLE.into(),
            detail: format!(
                "各乡镇于{}年3月28日前报送《乡镇涉贫信访干部队伍统计表》（附件3）",
                today.year()
            ),
            urgent: today.month() == 3 && today.day() >= 21,
            audience: Audience::Township,
        });
    }
    // 每周二"扶贫日"干部下访.
    let tuesday = today.weekday() == Weekday::Tuesday;
    let next_tuesday = (1..=7)
        .filter_map(|d| today.checked_add(d.days()).ok())
        .find(|d| d.weekday() == Weekday::Tuesday)
        .unwrap_or(today);
    out.push(Duty {
        title: "扶贫日下访".into(),
        detail: if tuesday {
            "今天是每周二“扶贫日”：干部下访，面对面解决群众诉求".into()
        } else {
            format!(
                "下一个“扶贫日”：{}（周二），安排干部下访",
                next_tuesday.strftime("%m月%d日")
            )
        },
        urgent: tuesday,
        audience: Audience::Everyone,
    });
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn each_duty_reaches_its_audience() {
        use crate::access::Role;
        use crate::org::OrgKind;
        let who = |kind, role| Actor {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            org_id: 9,
            org_kind: kind,
            roles: vec![role],
        };
        let seen = |a: &Actor| -> Vec<Audience> {
            Audience::ALL
                .iter()
                .copied()
                .filter(|x| x.includes(a))
                .collect()
        };
        use Audience::*;
        assert_eq!(
            seen(&who(OrgKind::Bureau, Role::DistrictAdmin)),
            [District, Township, Everyone]
        );
        assert_eq!(
            seen(&who(OrgKind::Township, Role::TownshipOfficer)),
            [Township, Everyone]
        );
        assert_eq!(
            seen(&who(OrgKind::Department, Role::DepartmentHandler)),
            [Everyone]
        );
        assert_eq!(seen(&who(OrgKind::Inspection, Role::Inspector)), [Everyone]);
    }

    fn on(y: i16, m: i8, d: i8) -> Vec<Duty> {
        duties_on(Date::new(y, m, d).unwrap(), &WorkingCalendar::embedded())
    }

    #[test]
    fn the_friday_report_names_this_week_s_friday() {
        // 2022-10-12 is a Wednesday; that week's Friday is 10-14 (story 6).
        let d = on(2022, 10, 12);
        assert!(
            d[0].detail.starts_with("10月14日（周五） 10:00前"),
            "{}",
            d[0].detail
        );
        assert!(!d[0].urgent);
        assert!(on(2022, 10, 14)[0].urgent, "on the Friday itself");
        // 2022-09-30 is a Friday but a working day; 2022-10-07 is a Friday of 国庆.
        assert!(on(2022, 10, 5)[0].detail.contains("休息日"));
    }

    #[test]
    fn the_roster_shows_until_the_28th_of_march_and_tuesday_is_poverty_day() {
        assert!(
            on(2022, 3, 25)
                .iter()
                .any(|d| d.title.contains("干部队伍") && d.urgent)
        );
        assert!(
            on(2022, 3, 29)
                .iter()
                .all(|d| !d.title.contains("干部队伍"))
        );
        assert!(
            on(2022, 10, 11)
                .iter()
                .any(|d| d.title == "扶贫日下访" && d.urgent),
            "2022-10-11 is a Tuesday"
        );
        let wed = on(2022, 10, 12);
        assert!(wed.iter().any(|d| d.detail.contains("10月18日（周二）")));
        assert!(
            on(2022, 10, 29)
                .iter()
                .any(|d| d.title.contains("月度") && d.urgent)
        );
    }
}
