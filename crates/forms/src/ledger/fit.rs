//! Row heights that fit wrapped text: a ledger printed from a spreadsheet
//! program must show every line of a long 反映问题 or 内容摘要, neither drawn
//! over the rows below (LibreOffice) nor cut off (Excel, WPS).
//!
//! A worksheet written in constant memory cannot be measured after the fact
//! and spreadsheet programs do not refit rows that carry a height, so each
//! row's height is estimated before its cells are written: the text is
//! wrapped line by line at the column's width, as Excel wraps it, and the
//! tallest cell decides. The metrics are Excel's (a column unit is a 7-pixel
//! digit of the default Calibri 11; 宋体 10 pt sets a full-width character in
//! 13⅓ pixels and a half-width one in half that); LibreOffice fits more
//! characters on a line, so there the rows come out a little roomy, never short.

use super::normalise::text_width;

/// One line of 10-point text with the leading both Excel's 宋体 and
/// LibreOffice's CJK fallback fonts give it, in points.
const LINE_POINTS: f64 = 14.5;

/// Space above and below the text inside a bordered cell, in points.
const PADDING_POINTS: f64 = 5.0;

/// The lowest data row: one line of text with its padding.
pub(crate) const MIN_ROW_POINTS: f64 = 20.0;

/// The tallest row Excel allows (409 points). Text needing more (a summary
/// of over 500 characters in Annex 4) is cut at the bottom of the cell.
pub(crate) const MAX_ROW_POINTS: f64 = 409.0;

/// How many half-width characters fit on one line of a column `width` Excel
/// units wide: the column's pixels less the cell's inner margins, over the
/// 6⅔ pixels of a half-width character in 宋体 10 pt.
fn capacity(width: f64) -> usize {
    let pixels = width * 7.0 + 5.0 - 6.0;
    // Floor: a character that does not fit whole goes to the next line.
    (pixels / (20.0 / 3.0)).floor().max(2.0) as usize
}

/// The lines `text` wraps into in a column `width` Excel units wide.
///
/// Full-width characters break anywhere; a run of half-width letters and
/// digits (a phone number, a case number's year) moves to the next line
/// whole unless it is longer than a line; a full-width closing mark
/// (，。、；：？！）」》) never starts a line, so the character before it goes
/// down with it, as Chinese typesetting and Excel both do.
pub(crate) fn wrapped_lines(text: &str, width: f64) -> usize {
    let cap = capacity(width);
    text.split('\n').map(|p| paragraph_lines(p, cap)).sum()
}

fn paragraph_lines(paragraph: &str, cap: usize) -> usize {
    let mut lines = 1;
    let mut used = 0;
    for token in tokens(paragraph) {
        let w = text_width(token);
        if used + w <= cap {
            used += w;
            continue;
        }
        if w > cap {
            // A word longer than a line breaks inside itself.
            let rest = used + w;
            lines += rest / cap;
            used = rest % cap;
            continue;
        }
        lines += 1;
        used = w;
    }
    lines
}

/// The unbreakable pieces of a paragraph: a half-width word, or one
/// full-width character together with any closing marks after it.
fn tokens(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None::<usize>;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii() && !c.is_ascii_whitespace() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&paragraph[s..i]);
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if !is_closing_mark(next) {
                break;
            }
            end = j + next.len_utf8();
            chars.next();
        }
        out.push(&paragraph[i..end]);
    }
    if let Some(s) = start {
        out.push(&paragraph[s..]);
    }
    out
}

fn is_closing_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '》'
            | '”'
            | '’'
            | '〕'
            | '】'
    )
}

/// The height of a data row whose cells wrap into `lines` lines at most.
pub(crate) fn row_points(lines: usize) -> f64 {
    (lines as f64 * LINE_POINTS + PADDING_POINTS).clamp(MIN_ROW_POINTS, MAX_ROW_POINTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_width_line_holds_what_excel_shows() {
        // 36 units: 36 × 7 + 5 − 6 = 251 px; 251 ÷ 6⅔ = 37.65 → 37 half-widths, 18 full-width.
        assert_eq!(capacity(36.0), 37);
        let eighteen = "一".repeat(18);
        assert_eq!(wrapped_lines(&eighteen, 36.0), 1);
        assert_eq!(wrapped_lines(&format!("{eighteen}二"), 36.0), 2);
        assert_eq!(wrapped_lines(&"一".repeat(18 * 5), 36.0), 5);
    }

    #[test]
    fn paragraphs_words_and_closing_marks_take_their_own_room() {
        assert_eq!(wrapped_lines("甲\n乙\n丙", 36.0), 3);
        assert_eq!(wrapped_lines("", 36.0), 1);
        // 17 full-width characters (34) leave 3 half-widths: a 4-digit word moves down.
        assert_eq!(wrapped_lines(&format!("{}2022", "一".repeat(17)), 36.0), 2);
        // 18 characters and a comma: the 18th goes down with the comma.
        assert_eq!(wrapped_lines(&format!("{}，", "一".repeat(18)), 36.0), 2);
        // A word longer than three lines of 37 breaks inside itself.
        assert_eq!(wrapped_lines(&"8".repeat(100), 36.0), 3);
    }

    #[test]
    fn heights_grow_with_lines_within_excel_limits() {
        assert_eq!(row_points(1), MIN_ROW_POINTS);
        assert_eq!(row_points(4), 4.0 * 14.5 + 5.0);
        assert_eq!(row_points(200), MAX_ROW_POINTS);
    }
}
