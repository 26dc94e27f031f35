//! 乡镇后评估 as .xlsx, fit to hand in: a 评分表 sheet (title, 填报单位 and
//! 期间, the indicators grouped by area with their weights in the header,
//! one row per township with its total and rank, 全区平均, the signature
//! line) printed on A4 landscape, and a 得分说明 sheet with every score's sentence.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::ledger::LedgerError;

/// One indicator as the header shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetIndicator {
    /// 按期办结率.
    pub name: String,
    /// 信访件办理.
    pub area: String,
    /// 15.
    pub weight: u32,
}

/// One township's row.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// The township's name (全区平均 for the average row).
    pub township: String,
    /// Each indicator's score, in the indicators' order.
    pub scores: Vec<f64>,
    /// 总分.
    pub total: f64,
    /// 名次; none for the average.
    pub rank: Option<u32>,
    /// Each score's sentence, in the indicators' order (empty for the average).
    pub explanations: Vec<String>,
}

/// The whole sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ScorecardSheet {
    /// 乡镇涉贫信访舆情工作后评估.
    pub title: String,
    /// 2022年第三季度.
    pub period: String,
    /// 填报单位.
    pub unit: String,
    /// 依据 (may be empty).
    pub basis: String,
    /// The indicators.
    pub indicators: Vec<SheetIndicator>,
    /// The townships, by rank.
    pub rows: Vec<SheetRow>,
    /// 全区平均.
    pub average: Option<SheetRow>,
    /// 填报日期, `2022-10-08`.
    pub made_on: String,
}

/// The scorecard as an .xlsx workbook.
pub fn scorecard_xlsx(s: &ScorecardSheet) -> Result<Vec<u8>, LedgerError> {
    let mut book = Workbook::new();
    scores_sheet(book.add_worksheet(), s)?;
    explanations_sheet(book.add_worksheet(), s)?;
    Ok(book.save_to_buffer()?)
}

fn scores_sheet(ws: &mut Worksheet, s: &ScorecardSheet) -> Result<(), LedgerError> {
    ws.set_name("评分表")?;
    let border = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let head = border.clone().set_bold().set_text_wrap();
    let number = border.clone().set_num_format("0.##");
    let plain = Format::new();
    // 序号, 乡镇, the indicators, 总分, 名次.
    let n = s.indicators.len() as u16;
    let last = n + 3;
    ws.merge_range(
        0,
        0,
        0,
        last,
        &format!("{}（{}）", s.title, s.period),
        &Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
    )?;
    ws.set_row_height(0, 28)?;
    let half = last / 2;
    ws.merge_range(1, 0, 1, half, &format!("填报单位：{}", s.unit), &plain)?;
    ws.merge_range(
        1,
        half + 1,
        1,
        last,
        &format!("评估期间：{}", s.period),
        &Format::new().set_align(FormatAlign::Right),
    )?;
    // Row 2: 序号, 乡镇, the areas over their indicators, 总分, 名次; row 3:
    // each indicator with its weight.
    ws.merge_range(2, 0, 3, 0, "序号", &head)?;
    ws.merge_range(2, 1, 3, 1, "乡镇", &head)?;
    let mut c = 0usize;
    while c < s.indicators.len() {
        let area = &s.indicators[c].area;
        let mut end = c;
        while end + 1 < s.indicators.len() && s.indicators[end + 1].area == *area {
            end += 1;
        }
        let weight: u32 = s.indicators[c..=end].iter().map(|i| i.weight).sum();
        let text = format!("{area}（{weight}分）");
        let (a, b) = (c as u16 + 2, end as u16 + 2);
        if a == b {
            ws.write_string_with_format(2, a, &text, &head)?;
        } else {
            ws.merge_range(2, a, 2, b, &text, &head)?;
        }
        c = end + 1;
    }
    for (i, ind) in s.indicators.iter().enumerate() {
        let col = i as u16 + 2;
        ws.write_string_with_format(
            3,
            col,
            format!("{}\n（权重{}）", ind.name, ind.weight),
            &head,
        )?;
        ws.set_column_width(col, 11)?;
    }
    ws.merge_range(2, n + 2, 3, n + 2, "总分", &head)?;
    ws.merge_range(2, n + 3, 3, n + 3, "名次", &head)?;
    ws.set_row_height(3, 42)?;
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(n + 2, 9)?;
    ws.set_column_width(n + 3, 7)?;
    let mut r = 4u32;
    let write_row = |ws: &mut Worksheet, r: u32, seq: &str, row: &SheetRow| {
        ws.write_string_with_format(r, 0, seq, &border)?;
        ws.write_string_with_format(r, 1, &row.township, &border)?;
        for (i, score) in row.scores.iter().enumerate() {
            ws.write_number_with_format(r, i as u16 + 2, *score, &number)?;
        }
        ws.write_number_with_format(r, n + 2, row.total, &number)?;
        match row.rank {
            Some(k) => ws.write_number_with_format(r, n + 3, f64::from(k), &border)?,
            None => ws.write_string_with_format(r, n + 3, "—", &border)?,
        };
        Ok::<(), LedgerError>(())
    };
    for (i, row) in s.rows.iter().enumerate() {
        write_row(ws, r, &(i + 1).to_string(), row)?;
        r += 1;
    }
    if let Some(avg) = &s.average {
        write_row(ws, r, "", avg)?;
        r += 1;
    }
    let note = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut notes = vec![
        "说明：各项指标按计分档得 0–100 分；总分 = Σ（指标得分 × 权重）÷ 100；总分相同者名次相同。各项得分的计算过程见“得分说明”表。".to_string(),
    ];
    if !s.basis.is_empty() {
        notes.push(format!("依据：{}", s.basis));
    }
    for text in notes {
        ws.merge_range(r, 0, r, last, &text, &note)?;
        ws.set_row_height(r, 30)?;
        r += 1;
    }
    ws.merge_range(
        r + 1,
        0,
        r + 1,
        last,
        &format!(
            "填表人：              审核人：              填报日期：{}",
            s.made_on
        ),
        &plain,
    )?;
    ws.set_landscape()
        .set_paper_size(9) // A4
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true);
    ws.set_repeat_rows(2, 3)?;
    Ok(())
}

fn explanations_sheet(ws: &mut Worksheet, s: &ScorecardSheet) -> Result<(), LedgerError> {
    ws.set_name("得分说明")?;
    let border = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let head = border.clone().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(
        0,
        0,
        0,
        5,
        &format!("{}得分说明（{}）", s.title, s.period),
        &Format::new()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center),
    )?;
    for (c, (h, w)) in [
        ("乡镇", 14.0),
        ("评估领域", 11.0),
        ("指标", 14.0),
        ("权重", 6.0),
        ("得分", 6.0),
        ("说明", 60.0),
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_string_with_format(1, c as u16, h, &head)?;
        ws.set_column_width(c as u16, w)?;
    }
    let mut r = 2u32;
    for row in &s.rows {
        for (i, ind) in s.indicators.iter().enumerate() {
            ws.write_string_with_format(r, 0, &row.township, &border)?;
            ws.write_string_with_format(r, 1, &ind.area, &border)?;
            ws.write_string_with_format(r, 2, &ind.name, &border)?;
            ws.write_number_with_format(r, 3, f64::from(ind.weight), &border)?;
            ws.write_number_with_format(r, 4, row.scores.get(i).copied().unwrap_or(0.0), &border)?;
            let text = row.explanations.get(i).map_or("", String::as_str);
            ws.write_string_with_format(r, 5, text, &border)?;
            r += 1;
        }
    }
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(1, 1)?;
    Ok(())
}
