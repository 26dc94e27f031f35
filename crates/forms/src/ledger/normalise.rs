//! Reading what people type into ledger cells: headers, dates, 是/否, categories, places.

use jiff::civil::Date;
use xinfang_domain::org::township_base;

use super::places::{Places, TownshipPlaces};
use xinfang_domain::vocab::{Category, PovertyStatus, TriAnswer};

/// Full-width ASCII (Ａ–ｚ, ０–９, （）, ：…) to ASCII and the ideographic space to a space.
pub(crate) fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    }
}

/// A header text reduced to its letters and digits: full-width and half-width
/// punctuation, brackets, spaces and line breaks all vanish, so
/// `是否脱贫户 （监测对象）` and `是否脱贫户(监测对象)` compare equal.
pub(crate) fn header_key(text: &str) -> String {
    text.chars()
        .map(half_width)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A cell value with surrounding space trimmed and full-width spaces folded.
pub(crate) fn clean(text: &str) -> String {
    text.replace(['\u{3000}', '\u{00A0}'], " ")
        .trim()
        .to_string()
}

/// A value with every kind of white space removed (names, short codes).
pub(crate) fn squeeze(text: &str) -> String {
    text.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Display width of a text in Excel column units: a CJK (or other wide)
/// character counts two, anything else one.
pub fn text_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Parses a date as townships write it: `2022年3月5日`, `2022.3.5`,
/// `2022/3/5`, `2022-03-05`, `20220305`, optionally followed by a time
/// (`2022-03-05 09:10`, `2022-03-05T00:00:00`), which is dropped.
pub(crate) fn parse_date_text(text: &str) -> Option<Date> {
    let (y, m, d) = date_parts(text)?;
    ymd(y, m, d)
}

/// Why a text that is spelt like a date is no date: a month past 12, a day
/// the month does not have, a year out of range. `None` when it is a date
/// or is not spelt like one.
pub(crate) fn impossible_date(text: &str) -> Option<String> {
    let (y, m, d) = date_parts(text)?;
    if ymd(y, m, d).is_some() {
        None
    } else if !(1900..=2100).contains(&y) {
        Some(format!("年份{y}不正确"))
    } else if !(1..=12).contains(&m) {
        Some(format!("月份应为1至12，实际为{m}"))
    } else {
        Some(format!("日期不存在：{y}年{m}月没有{d}日"))
    }
}

/// Year, month and day as written, not yet checked as a calendar date.
fn date_parts(text: &str) -> Option<(u32, u32, u32)> {
    let s: String = text.chars().map(half_width).collect();
    let s = s.trim();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = s.parse().ok()?;
        return Some((n / 10000, (n / 100) % 100, n % 100));
    }
    let mut chars = s.chars().peekable();
    let mut parts = [0u32; 3];
    for (i, part) in parts.iter_mut().enumerate() {
        let mut digits = 0;
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            *part = part.checked_mul(10)?.checked_add(d)?;
            digits += 1;
            chars.next();
        }
        let max_digits = if i == 0 { 4 } else { 2 };
        if digits == 0 || digits > max_digits || (i == 0 && digits != 4) {
            return None;
        }
        let sep = chars.next();
        let ok = match (i, sep) {
            (0, Some('年' | '.' | '/' | '-')) | (1, Some('月' | '.' | '/' | '-')) => true,
            (2, None | Some('日' | '号')) => true,
            (2, Some(c)) if c.is_whitespace() || c == 'T' => true,
            _ => false,
        };
        if !ok {
            return None;
        }
        if i == 2 && matches!(sep, Some('日' | '号')) {
            let rest: String = chars.by_ref().collect();
            if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
                return None;
            }
        }
    }
    Some((parts[0], parts[1], parts[2]))
}

fn ymd(y: u32, m: u32, d: u32) -> Option<Date> {
    if !(1900..=2100).contains(&y) {
        return None;
    }
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// A date from an Excel serial number (days since 1899-12-30, or since
/// 1904-01-01 in a 1904-based workbook), for dates typed into cells that
/// have no date format.
pub(crate) fn date_from_serial(serial: f64, is_1904: bool) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let dt = calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, is_1904);
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    ymd(u32::from(y), u32::from(m), u32::from(d))
}

/// 是/否 as written in ledgers: 是, 否, √, ×, ✓, ✗ and a few English and numeric forms.
pub(crate) fn parse_yes_no(text: &str) -> Option<bool> {
    match squeeze(text).to_lowercase().as_str() {
        "是" | "√" | "✓" | "✔" | "☑" | "对" | "是的" | "y" | "yes" | "true" | "1" => {
            Some(true)
        }
        "否" | "×" | "✗" | "✘" | "☒" | "不是" | "n" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// One 三到位一处理 answer; a blank cell means the point does not apply.
pub(crate) fn parse_tri(text: &str) -> Option<TriAnswer> {
    let s = squeeze(text);
    if s.is_empty()
        || matches!(
            s.as_str(),
            "/" | "-" | "—" | "——" | "无" | "不适用" | "不涉及"
        )
    {
        return Some(TriAnswer::NotApplicable);
    }
    match parse_yes_no(&s) {
        Some(true) => Some(TriAnswer::Yes),
        Some(false) => Some(TriAnswer::No),
        None => TriAnswer::parse(&s),
    }
}

/// 是否脱贫户（监测对象）: the status label, or 是 (a 脱贫户) / 否 (neither), or
/// one of the three kinds of 监测对象 by name.
pub(crate) fn parse_poverty(text: &str) -> Option<PovertyStatus> {
    let s = squeeze(text);
    if let Some(p) = PovertyStatus::parse(&s) {
        return Some(p);
    }
    match s.as_str() {
        "脱贫" | "脱贫人口" => Some(PovertyStatus::Lifted),
        "监测" | "监测户" | "脱贫不稳定户" | "边缘易致贫户" | "突发严重困难户" => {
            Some(PovertyStatus::Monitored)
        }
        "一般" | "非脱贫户" | "否" | "×" => Some(PovertyStatus::General),
        _ => match parse_yes_no(&s) {
            Some(true) => Some(PovertyStatus::Lifted),
            Some(false) => Some(PovertyStatus::General),
            None => None,
        },
    }
}

/// 问题类别 from any of its spellings: the category's own label or key, an
/// Annex 1/2 column label, an Annex 4 column label, each with or without a
/// trailing 类 (其他类 ↔ 其他).
pub(crate) fn parse_category(text: &str) -> Option<Category> {
    let s = squeeze(text);
    if s.is_empty() {
        return None;
    }
    let bare = s.strip_suffix('类').unwrap_or(&s).to_string();
    let candidates = [s.clone(), bare.clone(), format!("{bare}类")];
    let own = candidates.iter().find_map(|c| Category::parse(c));
    own.or_else(|| {
        candidates.iter().find_map(|c| {
            Category::ALL
                .iter()
                .copied()
                .find(|k| k.annex_nine_label() == c || k.annex_twelve_label() == c)
        })
    })
}

/// The category an Annex 1/2 column label stands for when read back: the one
/// whose own label it is (防返贫监测 → Monitoring, 其他类 → Other).
pub fn nine_column_category(category: Category) -> Category {
    parse_category(category.annex_nine_label()).unwrap_or(category)
}

/// The category an Annex 4 column stands for when read back (精准识别 →
/// PreciseIdentification, 残疾人保障 → Disability).
pub fn twelve_column_category(category: Category) -> Category {
    let label = category.annex_twelve_label();
    Category::ALL
        .iter()
        .copied()
        .find(|k| k.label() == label)
        .or_else(|| parse_category(label))
        .unwrap_or(category)
}

/// Township-level suffixes, and the bracketed forms of the template, longest first.
const TOWNSHIP_TAILS: [&str; 9] = [
    "街道办事处",
    "回族乡",
    "乡镇",
    "镇乡",
    "办事处",
    "街道",
    "镇",
    "乡",
    "",
];

fn village_base(name: &str) -> &str {
    ["社区", "村"]
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name)
}

/// The text of a place with punctuation and spaces gone and the 省, 市 and
/// 县 people write in front of a township dropped.
fn place_text(text: &str, places: &Places) -> String {
    let mut s: String = text
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !"()[]【】、,，.。-—/·:;*".contains(*c))
        .collect();
    let region = &places.region;
    for prefix in [&region.province, &region.city, &region.county] {
        if !prefix.is_empty()
            && let Some(rest) = s.strip_prefix(prefix.as_str())
        {
            s = rest.to_string();
        }
    }
    s
}

/// Why a place could not be matched to the district's organisation tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PlaceError {
    /// The text names no township or sub-district of the district.
    UnknownTownship {
        /// The district, e.g. 建安区.
        county: String,
        /// A place written as expected, e.g. 将官池镇将官池村.
        example: String,
    },
    /// The township was found but has no such village or community.
    UnknownVillage { township: String, village: String },
}

impl PlaceError {
    fn unknown_township(places: &Places) -> PlaceError {
        PlaceError::UnknownTownship {
            county: places.county().to_string(),
            example: places.place_example(),
        }
    }

    pub(crate) fn reason(&self) -> String {
        match self {
            PlaceError::UnknownTownship { county, example } => {
                format!("未找到该乡镇（街道）：应为{county}的乡镇或街道，如“{example}”")
            }
            PlaceError::UnknownVillage { township, village } => {
                format!("{township}没有名为“{village}”的村（社区）")
            }
        }
    }
}

/// 问题所属地: `张潘镇古城村`, `张潘古城`, `张潘乡（镇）古城村（社区）`,
/// `许昌市建安区张潘镇 古城村` or just a township; matched against the
/// district's [`Places`]. Returns the township's and the village's full names.
pub(crate) fn parse_place(
    text: &str,
    places: &Places,
) -> Result<(String, Option<String>), PlaceError> {
    let s = place_text(text, places);
    for t in &places.townships {
        let rest = s.strip_prefix(t.name.as_str()).or_else(|| {
            let base = s.strip_prefix(township_base(&t.name))?;
            TOWNSHIP_TAILS
                .iter()
                .find_map(|tail| base.strip_prefix(tail))
        });
        if let Some(rest) = rest {
            return Ok((t.name.clone(), find_village(t, rest)?));
        }
    }
    Err(PlaceError::unknown_township(places))
}

/// A township written alone (its own column), with or without its suffix.
pub(crate) fn parse_township(text: &str, places: &Places) -> Result<String, PlaceError> {
    match parse_place(text, places)? {
        (t, None) => Ok(t),
        (_, Some(_)) => Err(PlaceError::unknown_township(places)),
    }
}

/// A village written alone (its own column) in a known township.
pub(crate) fn parse_village(
    township: &str,
    text: &str,
    places: &Places,
) -> Result<Option<String>, PlaceError> {
    let t = places
        .townships
        .iter()
        .find(|t| t.name == township)
        .ok_or_else(|| PlaceError::unknown_township(places))?;
    find_village(t, &place_text(text, places))
}

fn find_village(township: &TownshipPlaces, rest: &str) -> Result<Option<String>, PlaceError> {
    if rest.is_empty() {
        return Ok(None);
    }
    let trimmed = rest.strip_suffix("社区").unwrap_or(rest);
    let candidates = [rest, trimmed, village_base(trimmed)];
    township
        .villages
        .iter()
        .find(|v| {
            candidates
                .iter()
                .any(|c| !c.is_empty() && (*c == v.as_str() || *c == village_base(v)))
        })
        .map(|v| Some(v.clone()))
        .ok_or_else(|| PlaceError::UnknownVillage {
            township: township.name.clone(),
            village: rest.to_string(),
        })
}

/// 单位 in the cadre roster: a township (canonical full name) or a district
/// bureau or department by its exact name.
pub(crate) fn parse_unit(text: &str, places: &Places) -> Option<String> {
    if let Ok(t) = parse_township(text, places) {
        return Some(t);
    }
    let s = squeeze(text);
    places.units.iter().find(|u| **u == s).cloned()
}

/// A stable, canonical key for a row: its parts with white space and
/// full-width forms folded away, as a JSON array (unambiguous whatever the
/// parts contain). Re-importing the same row gives the same key.
pub(crate) fn fingerprint(parts: &[&str]) -> String {
    let parts: Vec<String> = parts.iter().map(|p| squeeze(p)).collect();
    serde_json::to_string(&parts).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_spelling() {
        let want = Date::new(2022, 3, 5).ok();
        for s in [
            "2022年3月5日",
            "2022年03月05日",
            "2022.3.5",
            "2022/3/5",
            "2022-03-05",
            "２０２２－０３－０５",
            "20220305",
            "2022-03-05 09:10",
            "2022-03-05T00:00:00",
            " 2022年3月5号 ",
        ] {
            assert_eq!(parse_date_text(s), want, "{s}");
        }
        for s in [
            "2022-13-01",
            "2022年2月30日",
            "22.3.5",
            "昨天",
            "2022-3-5x",
            "",
        ] {
            assert_eq!(parse_date_text(s), None, "{s}");
        }
        assert_eq!(
            impossible_date("2022年2月30日").as_deref(),
            Some("日期不存在：2022年2月没有30日")
        );
        assert_eq!(
            impossible_date("2023.2.29").as_deref(),
            Some("日期不存在：2023年2月没有29日")
        );
        assert_eq!(impossible_date("2024.2.29"), None);
        assert_eq!(
            impossible_date("20221305").as_deref(),
            Some("月份应为1至12，实际为13")
        );
        assert_eq!(
            impossible_date("1022-01-01").as_deref(),
            Some("年份1022不正确")
        );
        assert_eq!(impossible_date("昨天"), None);
    }

    fn jianan() -> Places {
        Places::of(&xinfang_domain::district::District::jianan())
    }

    /// The place read from `text` (or the reason it was refused).
    fn place(text: &str) -> Result<(String, Option<String>), String> {
        parse_place(text, &jianan()).map_err(|e| e.reason())
    }

    fn found(township: &str, village: Option<&str>) -> Result<(String, Option<String>), String> {
        Ok((township.to_string(), village.map(str::to_string)))
    }

    #[test]
    fn places_with_and_without_suffixes() {
        assert_eq!(place("张潘镇古城村"), found("张潘镇", Some("古城村")));
        assert_eq!(place("张潘 古城"), found("张潘镇", Some("古城村")));
        assert_eq!(
            place("张潘乡（镇）古城村（社区）"),
            found("张潘镇", Some("古城村"))
        );
        assert_eq!(
            place("许由街道建设路社区"),
            found("许由街道", Some("建设路社区"))
        );
        assert_eq!(
            place("艾庄回族乡马坊村"),
            found("艾庄回族乡", Some("马坊村"))
        );
        assert_eq!(place("艾庄乡马坊"), found("艾庄回族乡", Some("马坊村")));
        assert_eq!(place("桂村乡桂村村"), found("桂村乡", Some("桂村村")));
        assert_eq!(place("许昌市建安区灵井镇"), found("灵井镇", None));
        assert_eq!(
            place("张潘镇不存在村"),
            Err("张潘镇没有名为“不存在村”的村（社区）".to_string())
        );
        assert_eq!(
            place("北京市朝阳区"),
            Err("未找到该乡镇（街道）：应为建安区的乡镇或街道，如“将官池镇将官池村”".to_string())
        );
        assert_eq!(place("河南省许昌市建安区张潘镇"), found("张潘镇", None));
    }

    #[test]
    fn categories_with_or_without_lei() {
        assert_eq!(parse_category("其他类"), Some(Category::Other));
        assert_eq!(parse_category("其他"), Some(Category::Other));
        assert_eq!(parse_category("防返贫监测类"), Some(Category::Monitoring));
        assert_eq!(parse_category("残疾人保障"), Some(Category::Disability));
        assert_eq!(
            parse_category("精准识别"),
            Some(Category::PreciseIdentification)
        );
        assert_eq!(parse_category("房子"), None);
        assert_eq!(
            twelve_column_category(Category::Monitoring),
            Category::PreciseIdentification
        );
        assert_eq!(nine_column_category(Category::Education), Category::Other);
    }

    #[test]
    fn headers_ignore_punctuation_and_space() {
        assert_eq!(
            header_key("是否脱贫户 （监测对象）"),
            header_key("是否脱贫户(监测对象)")
        );
        assert_eq!(header_key("序 号"), "序号");
        assert_eq!(text_width("张潘镇ab"), 8);
    }
}
