//! 统计分析 — what each statistic counts, how cases are grouped, and how rates are formed.
//!
//! A case counts in a period by its 接待日期 (`received_at`, the Beijing
//! date). Every figure is a count of those cases with one property *now*
//! (at the time the figures are asked for), so a figure and the case list
//! filtered the same way always show the same cases. Rates are fractions
//! 0–1, `None` (JSON `null`) when their denominator is 0.

use jiff::civil::Date;

use crate::labelled_enum;

labelled_enum! {
    /// How a statistics table is broken down.
    pub enum StatsBy {
        /// 乡镇 — the case's 问题所属乡镇; cases without one under [`NO_GROUP`].
        Township => ("township", "乡镇"),
        /// 责任单位 — the case's lead responsible unit; not yet assigned under [`NO_GROUP`].
        Department => ("department", "责任单位"),
        /// 问题类别.
        Category => ("category", "问题类别"),
        /// 信访渠道.
        Channel => ("channel", "信访渠道"),
        /// 信访类型.
        Kind => ("kind", "信访类型"),
        /// 月份 — the Beijing month of the 接待日期, `2022-09`.
        Month => ("month", "月份"),
    }
}

/// The group of cases that have no value for the breakdown (no township, no responsible unit yet).
pub const NO_GROUP: &str = "（无）";

labelled_enum! {
    /// One figure of the statistics: which of the period's cases it counts.
    /// The keys are the JSON field names.
    pub enum Figure {
        /// 总量 — every case received in the period.
        Total => ("total", "总量"),
        /// 已办结 — of them, those whose status is 办结 now.
        Closed => ("closed", "办结"),
        /// 按期办结 — closed, and the answering milestone (role `answer` in
        /// the rules: 办结/处理情况报告/处置情况报告) completed at or before its due time.
        OnTime => ("on_time", "按期办结"),
        /// 已回访 — a 回访 is on record (cleared again by a new 处理意见 or 重新打开).
        ReturnVisited => ("return_visited", "回访"),
        /// 满意 — the recorded 回访 found the petitioner 满意.
        Satisfied => ("satisfied", "满意"),
        /// 重复访 — 信访类型 重复访.
        Repeat => ("repeat", "重复访"),
        /// 越级访 — 信访类型 越级访, or any 越级去向 (赴市/赴省/进京) recorded.
        Escalated => ("escalated", "越级访"),
        /// 赴省及以上越级访 — 越级去向 赴省 or 进京 (the plan's goal "不出现赴省级以上越级访").
        EscalatedProvinceOrAbove => ("escalated_province_or_above", "赴省及以上越级访"),
        /// 网络舆情 — 信访类型 网络舆情.
        Online => ("online", "网络舆情"),
        /// 积案 — the 积案 flag is set.
        Backlog => ("backlog", "积案"),
        /// 积案化解 — a 积案 the district has 销号 (confirmed resolved, with
        /// its evidence, in the case's ledger).
        BacklogResolved => ("backlog_resolved", "积案化解"),
        /// 超期未办结 — not closed now, with a running deadline milestone
        /// (not a petitioner's window) past its due time now.
        OverdueOpen => ("overdue_open", "超期未办结"),
    }
}

/// The counts of one group (or of the whole table).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// 总量.
    pub total: i64,
    /// 已办结.
    pub closed: i64,
    /// 按期办结.
    pub on_time: i64,
    /// 已回访.
    pub return_visited: i64,
    /// 满意.
    pub satisfied: i64,
    /// 重复访.
    pub repeat: i64,
    /// 越级访.
    pub escalated: i64,
    /// 赴省及以上越级访.
    pub escalated_province_or_above: i64,
    /// 网络舆情.
    pub online: i64,
    /// 积案.
    pub backlog: i64,
    /// 积案化解.
    pub backlog_resolved: i64,
    /// 超期未办结.
    pub overdue_open: i64,
}

impl Counts {
    /// The count of one figure.
    pub fn get(&self, figure: Figure) -> i64 {
        match figure {
            Figure::Total => self.total,
            Figure::Closed => self.closed,
            Figure::OnTime => self.on_time,
            Figure::ReturnVisited => self.return_visited,
            Figure::Satisfied => self.satisfied,
            Figure::Repeat => self.repeat,
            Figure::Escalated => self.escalated,
            Figure::EscalatedProvinceOrAbove => self.escalated_province_or_above,
            Figure::Online => self.online,
            Figure::Backlog => self.backlog,
            Figure::BacklogResolved => self.backlog_resolved,
            Figure::OverdueOpen => self.overdue_open,
        }
    }

    /// Set the count of one figure.
    pub fn set(&mut self, figure: Figure, n: i64) {
        let slot = match figure {
            Figure::Total => &mut self.total,
            Figure::Closed => &mut self.closed,
            Figure::OnTime => &mut self.on_time,
            Figure::ReturnVisited => &mut self.return_visited,
            Figure::Satisfied => &mut self.satisfied,
            Figure::Repeat => &mut self.repeat,
            Figure::Escalated => &mut self.escalated,
            Figure::EscalatedProvinceOrAbove => &mut self.escalated_province_or_above,
            Figure::Online => &mut self.online,
            Figure::Backlog => &mut self.backlog,
            Figure::BacklogResolved => &mut self.backlog_resolved,
            Figure::OverdueOpen => &mut self.overdue_open,
        };
        *slot = n;
    }

    /// The sum of two groups' counts (every figure is a count of distinct cases,
    /// and groups do not overlap, so totals add).
    pub fn plus(&self, other: &Counts) -> Counts {
        let mut sum = Counts::default();
        for f in Figure::ALL {
            sum.set(*f, self.get(*f) + other.get(*f));
        }
        sum
    }

    /// 办结率 = closed / total.
    pub fn closed_rate(&self) -> Option<f64> {
        rate(self.closed, self.total)
    }

    /// 按期办结率 = on_time / closed (of the closed cases, how many on time).
    pub fn on_time_rate(&self) -> Option<f64> {
        rate(self.on_time, self.closed)
    }

    /// 满意率 = satisfied / return_visited (of the cases visited back, how many 满意).
    pub fn satisfaction_rate(&self) -> Option<f64> {
        rate(self.satisfied, self.return_visited)
    }

    /// 重复访占比 = repeat / total.
    pub fn repeat_share(&self) -> Option<f64> {
        rate(self.repeat, self.total)
    }

    /// 越级访占比 = escalated / total.
    pub fn escalated_share(&self) -> Option<f64> {
        rate(self.escalated, self.total)
    }

    /// 化解率 = backlog_resolved / backlog (of the period's 积案, how many 销号).
    pub fn resolution_rate(&self) -> Option<f64> {
        rate(self.backlog_resolved, self.backlog)
    }
}

/// `numerator / denominator` as a fraction, `None` when the denominator is 0.
pub fn rate(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator != 0).then(|| numerator as f64 / denominator as f64)
}

/// A rate as people read it: `87.5%`, or `—` when there is none.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) => {
            let s = format!("{:.1}", r * 100.0);
            format!("{}%", s.strip_suffix(".0").unwrap_or(&s))
        }
        None => "—".into(),
    }
}

/// A statistics period: the 接待日期 from `from` to `to`, both days included (Beijing dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: Date,
    /// Last day (included).
    pub to: Date,
}

/// Why a period was refused; the message is Chinese and names the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError {
    /// `from` or `to`.
    pub field: &'static str,
    /// Chinese label of the field.
    pub label: &'static str,
    /// Chinese message.
    pub message: String,
}

impl Period {
    /// The period from the optional `from`/`to` dates (`YYYY-MM-DD`); by
    /// default from 1 January of `today`'s year up to `today` (the year to date).
    pub fn parse(from: &str, to: &str, today: Date) -> Result<Period, PeriodError> {
        let day = |s: &str, field, label| -> Result<Option<Date>, PeriodError> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<Date>().map(Some).map_err(|_| PeriodError {
                field,
                label,
                message: format!("日期格式不正确“{s}”，应如 2022-09-26"),
            })
        };
        let to = day(to, "to", "截止日期")?.unwrap_or(today);
        let from =
            day(from, "from", "起始日期")?.unwrap_or_else(|| jiff::civil::date(to.year(), 1, 1));
        if from > to {
            return Err(PeriodError {
                field: "from",
                label: "起始日期",
                message: format!("起始日期 {from} 晚于截止日期 {to}"),
            });
        }
        Ok(Period { from, to })
    }

    /// A named period: a year `2022`, a quarter `2022-Q3` or a month `2022-10`.
    pub fn named(name: &str) -> Result<Period, PeriodError> {
        let s = name.trim();
        let refuse = || PeriodError {
            field: "period",
            label: "统计期间",
            message: format!("统计期间格式不正确“{s}”，应如 2022、2022-Q3 或 2022-10"),
        };
        let year = |y: &str| y.parse::<i16>().ok().filter(|y| (2000..=2100).contains(y));
        let span = |y: i16, first: i8, last: i8| -> Option<Period> {
            let from = Date::new(y, first, 1).ok()?;
            let to = Date::new(y, last, 1).ok()?.last_of_month();
            Some(Period { from, to })
        };
        let found = match s.split_once('-') {
            None => year(s).and_then(|y| span(y, 1, 12)),
            Some((y, q)) if q.starts_with(['Q', 'q']) => {
                match (
                    year(y),
                    q[1..].parse::<i8>().ok().filter(|q| (1..=4).contains(q)),
                ) {
                    (Some(y), Some(q)) => span(y, q * 3 - 2, q * 3),
                    _ => None,
                }
            }
            Some((y, m)) => match (year(y), m.parse::<i8>().ok()) {
                (Some(y), Some(m)) => span(y, m, m),
                _ => None,
            },
        };
        found.ok_or_else(refuse)
    }

    /// The months the period touches, as `(year, month)`, in order.
    pub fn months(&self) -> Vec<(i16, i8)> {
        let mut out = Vec::new();
        let mut d = self.from.first_of_month();
        while d <= self.to {
            out.push((d.year(), d.month()));
            match d.checked_add(jiff::Span::new().months(1)) {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        out
    }

    /// The same days a year earlier (同比), 29 February becoming 28 February.
    pub fn year_earlier(&self) -> Period {
        let back = |d: Date| d.checked_sub(jiff::Span::new().years(1)).unwrap_or(d);
        Period {
            from: back(self.from),
            to: back(self.to),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn rates_are_fractions_and_none_without_a_denominator() {
        let c = Counts {
            total: 8,
            closed: 6,
            on_time: 3,
            return_visited: 4,
            satisfied: 3,
            ..Counts::default()
        };
        assert_eq!(c.closed_rate(), Some(0.75));
        assert_eq!(c.on_time_rate(), Some(0.5));
        assert_eq!(c.satisfaction_rate(), Some(0.75));
        assert_eq!(Counts::default().closed_rate(), None);
        assert_eq!(percent(Some(0.875)), "87.5%");
        assert_eq!(percent(Some(1.0)), "100%");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn the_default_period_is_the_year_to_date() {
        let today = date(2022, 10, 5);
        let p = Period::parse("", "", today).unwrap();
        assert_eq!((p.from, p.to), (date(2022, 1, 1), today));
        let p = Period::parse("2022-03-01", "2022-03-31", today).unwrap();
        assert_eq!((p.from, p.to), (date(2022, 3, 1), date(2022, 3, 31)));
        assert_eq!(p.year_earlier().from, date(2021, 3, 1));
        let e = Period::parse("2022-13-01", "", today).unwrap_err();
        assert_eq!((e.field, e.label), ("from", "起始日期"));
        assert!(e.message.contains("2022-13-01"));
        let e = Period::parse("2022-05-01", "2022-04-01", today).unwrap_err();
        assert!(e.message.contains("晚于"));
    }

    #[test]
    fn named_periods_are_years_quarters_and_months() {
        let p = Period::named("2022-Q3").unwrap();
        assert_eq!((p.from, p.to), (date(2022, 7, 1), date(2022, 9, 30)));
        let p = Period::named("2024-02").unwrap();
        assert_eq!((p.from, p.to), (date(2024, 2, 1), date(2024, 2, 29)));
        let p = Period::named("2022").unwrap();
        assert_eq!((p.from, p.to), (date(2022, 1, 1), date(2022, 12, 31)));
        assert_eq!(p.months().len(), 12);
        for bad in ["2022-Q5", "2022-13", "22", "本年"] {
            assert_eq!(Period::named(bad).unwrap_err().field, "period", "{bad}");
        }
    }

    #[test]
    fn groups_parse_from_keys_and_labels() {
        assert_eq!(StatsBy::parse("township"), Some(StatsBy::Township));
        assert_eq!(StatsBy::parse("责任单位"), Some(StatsBy::Department));
        assert_eq!(StatsBy::parse("week"), None);
    }
}
