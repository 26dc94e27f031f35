//! The tables of the meeting pack, each from records already read: at most
//! [`ROWS`] rows a table, with how many more were left out.

use jiff::civil::Date;
use xinfang_domain::case_list::CaseListItem;
use xinfang_domain::clock::{format_local, local_date};
use xinfang_domain::meeting::MeasureState;
use xinfang_domain::screening::ScreeningRecord;
use xinfang_forms::notice::PackSection;
use xinfang_store::{MeasureRecord, TodoItem};

/// The most rows a table prints (the pack stays at two to four pages).
pub const ROWS: usize = 15;

fn cut(s: &str, n: usize) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        format!("{}…", one_line.chars().take(n).collect::<String>())
    }
}

fn section(
    heading: String,
    note: &str,
    columns: &[(&str, u32)],
    rows: Vec<Vec<String>>,
    total: usize,
    empty: &str,
) -> PackSection {
    let more = if total > rows.len() {
        format!("另有{}条未列出，详见系统。", total - rows.len())
    } else {
        String::new()
    };
    PackSection {
        heading,
        note: note.into(),
        columns: columns.iter().map(|(c, _)| (*c).to_string()).collect(),
        widths: columns.iter().map(|(_, w)| *w).collect(),
        rows,
        more,
        empty: empty.into(),
    }
}

/// New cases: number, day, kind, category, matter, state.
pub fn new_cases(heading: String, cases: &[CaseListItem], total: usize) -> PackSection {
    let rows = cases
        .iter()
        .take(ROWS)
        .map(|c| {
            vec![
                c.number.clone(),
                local_date(c.received_at).to_string(),
                c.kind.label().into(),
                c.category.label().into(),
                cut(&c.summary, 40),
                c.status.label().into(),
            ]
        })
        .collect();
    section(
        heading,
        "",
        &[
            ("编号", 6),
            ("接待日期", 3),
            ("类型", 3),
            ("问题类别", 3),
            ("反映问题", 10),
            ("状态", 2),
        ],
        rows,
        total,
        "上月无新增信访件。",
    )
}

/// Open cases: number, day, unit, state, matter.
pub fn open_cases(heading: String, cases: &[CaseListItem], total: usize) -> PackSection {
    let rows = cases
        .iter()
        .take(ROWS)
        .map(|c| {
            vec![
                c.number.clone(),
                local_date(c.received_at).to_string(),
                c.lead_unit.clone().unwrap_or_else(|| "未转办".into()),
                c.status.label().into(),
                cut(&c.summary, 36),
            ]
        })
        .collect();
    section(
        heading,
        "",
        &[
            ("编号", 6),
            ("接待日期", 3),
            ("责任单位", 4),
            ("状态", 2),
            ("反映问题", 10),
        ],
        rows,
        total,
        "目前没有在办案件。",
    )
}

/// Overdue deadlines: number, deadline, due, unit.
pub fn overdue(heading: String, items: &[TodoItem]) -> PackSection {
    let rows = items
        .iter()
        .take(ROWS)
        .map(|i| {
            vec![
                i.number.clone(),
                i.milestone.clone(),
                format_local(i.due_at),
                i.lead_unit.clone().unwrap_or_else(|| "未转办".into()),
            ]
        })
        .collect();
    section(
        heading,
        "",
        &[("编号", 6), ("时限", 6), ("应完成", 4), ("责任单位", 4)],
        rows,
        items.len(),
        "没有超期未办的时限。",
    )
}

/// New screening entries: day, village, problem, category, stable.
pub fn screenings(heading: String, entries: &[ScreeningRecord], total: usize) -> PackSection {
    let rows = entries
        .iter()
        .take(ROWS)
        .map(|s| {
            vec![
                local_date(s.entry.screened_at).to_string(),
                s.village.clone().unwrap_or_else(|| "—".into()),
                cut(&s.entry.problem, 40),
                s.entry.category.label().into(),
                match s.entry.stable {
                    Some(true) => "是",
                    Some(false) => "否",
                    None => "—",
                }
                .into(),
            ]
        })
        .collect();
    section(
        heading,
        "",
        &[
            ("排查时间", 3),
            ("村（社区）", 3),
            ("反映问题", 11),
            ("问题类别", 3),
            ("是否稳定", 2),
        ],
        rows,
        total,
        "上月未新增排查隐患。",
    )
}

/// Last month's measures: meeting day, content, owner, due, where each stands.
pub fn measures(heading: String, list: &[MeasureRecord], today: Date) -> PackSection {
    let rows = list
        .iter()
        .take(ROWS * 2)
        .map(|m| {
            let state = MeasureState::of(m.measure.due, m.done.as_ref().map(|d| d.on), today);
            let done = match &m.done {
                Some(d) => format!("{}（{}）：{}", state.label(), d.on, cut(&d.note, 30)),
                None => state.label().to_string(),
            };
            vec![
                m.held_on.to_string(),
                cut(&m.measure.content, 40),
                m.measure.owner.clone(),
                m.measure.due.to_string(),
                done,
            ]
        })
        .collect();
    section(
        heading,
        "",
        &[
            ("会议日期", 3),
            ("措施内容", 9),
            ("责任人", 3),
            ("完成期限", 3),
            ("落实情况", 7),
        ],
        rows,
        list.len(),
        "上月会议未制定措施（或上月未召开会议）。",
    )
}
