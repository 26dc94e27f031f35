//! Residents' identifiers (身份证号, 电话号码) as parse-don't-validate newtypes.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// 校验码 weights for positions 1–17 of a resident ID number (GB 11643-1999).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// 校验码 for each value of the weighted sum mod 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// 输入错误 — why an identifier typed by a user or read from a file was refused.
///
/// The messages are Chinese, meant to be shown to the person who typed the
/// value, and never repeat the whole ID or phone number (privacy).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentError {
    /// 身份证号为空.
    #[error("身份证号不能为空")]
    IdEmpty,
    /// 身份证号位数不对 — the number of characters found.
    #[error("身份证号应为18位，实际为{0}位")]
    IdLength(usize),
    /// A non-digit among the first 17 characters; `position` is 1-based.
    #[error("身份证号前17位应为数字，第{position}位不是数字")]
    IdNotDigit {
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// The 18th character is neither a digit nor X.
    #[error("身份证号第18位（校验位）应为数字或X")]
    IdCheckCharInvalid,
    /// Positions 7–14 are not a real date from 1900 on.
    #[error("身份证号中的出生日期无效（第7至14位应为1900年以后的真实日期）")]
    IdBirthDate,
    /// 校验位错误 — the check character does not match the first 17 digits.
    #[error("身份证号校验位错误：按前17位应为{expected}，实际为{actual}")]
    IdCheckMismatch {
        /// The check character the first 17 digits call for.
        expected: char,
        /// The check character that was typed.
        actual: char,
    },
    /// 电话号码为空.
    #[error("电话号码不能为空")]
    PhoneEmpty,
    /// A character that has no place in a phone number.
    #[error("电话号码中含有无效字符“{0}”")]
    PhoneInvalidChar(char),
    /// Only mainland China (+86) numbers are accepted.
    #[error("只支持中国大陆电话号码（国际区号+86）")]
    PhoneCountryCode,
    /// 手机号位数不对 — the number of digits found.
    #[error("手机号应为11位数字，实际为{0}位")]
    MobileLength(usize),
    /// 号段未分配 — an 11-digit number whose first three digits are not an assigned prefix.
    #[error("手机号号段{prefix}未分配，请核对号码")]
    MobilePrefixUnassigned {
        /// The first three digits.
        prefix: String,
    },
    /// A number given as a mobile (after +86, or 13 digits after 86) that does not start with 1.
    #[error("手机号应为以1开头的11位数字")]
    MobileNotStartingWith1,
    /// A mobile number written with an extension.
    #[error("手机号不能带分机号")]
    MobileExtension,
    /// 固定电话格式不正确 — the shape is not area code + local number (+ extension).
    #[error("固定电话格式不正确，应为“区号-号码”或“区号-号码-分机号”，如0374-5012345")]
    LandlineFormat,
    /// 区号不正确 — the area code found.
    #[error("区号{0}不正确：区号以0开头，010和02X为3位，其他为4位（如0374）")]
    AreaCode(String),
    /// The local part is not 7–8 digits or starts with 0 or 1.
    #[error("固定电话号码（区号后）应为7位或8位数字，且不以0或1开头")]
    LocalNumber,
    /// 分机号 is not 1–6 digits.
    #[error("分机号应为1至6位数字")]
    Extension,
    /// A bare local number without its area code.
    #[error("固定电话请带区号，如0374-5012345")]
    MissingAreaCode,
}

/// Maps full-width ASCII (Ａ–ｚ, ０–９, （）, －, ＋ …) to ASCII, the ideographic space to
/// a space, and the various dash characters to `-`.
fn to_half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

/// 校验码 — the check character (`0`–`9` or `X`) for the first 17 digits of a
/// resident ID number, per GB 11643-1999.
///
/// Returns `None` unless `first17` is exactly 17 ASCII digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// Year, month and day from positions 7–14 of a string of ASCII digits.
fn birth_parts(digits: &str) -> Option<(i16, i8, i8)> {
    let year = digits.get(6..10)?.parse().ok()?;
    let month = digits.get(10..12)?.parse().ok()?;
    let day = digits.get(12..14)?.parse().ok()?;
    Some((year, month, day))
}

/// 身份证号 — a resident ID number (GB 11643-1999), known to be well formed:
/// 18 characters, a real birth date from 1900 on, and a correct check character
/// (an upper-case `X` when it is ten).
///
/// `Debug` shows only the [masked](ResidentId::masked) form, so that logs and
/// test failures do not leak the number; `Display` shows the full number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResidentId(String);

impl ResidentId {
    /// Parses a resident ID number as a person would type it.
    ///
    /// Surrounding whitespace is ignored, full-width digits and `Ｘ` are accepted,
    /// and a lower-case `x` is normalised to `X`.
    pub fn parse(input: &str) -> Result<ResidentId, IdentError> {
        let normalised: String = input
            .trim()
            .chars()
            .map(to_half_width)
            .map(|c| if c == 'x' { 'X' } else { c })
            .collect();
        if normalised.is_empty() {
            return Err(IdentError::IdEmpty);
        }
        let count = normalised.chars().count();
        if count != 18 {
            return Err(IdentError::IdLength(count));
        }
        if let Some(i) = normalised
            .chars()
            .take(17)
            .position(|c| !c.is_ascii_digit())
        {
            return Err(IdentError::IdNotDigit { position: i + 1 });
        }
        // The first 17 characters are ASCII digits, so byte index 17 is a char boundary.
        let (first17, last) = normalised.split_at(17);
        let actual = match last.chars().next() {
            Some(c) if c.is_ascii_digit() || c == 'X' => c,
            _ => return Err(IdentError::IdCheckCharInvalid),
        };
        let (year, month, day) = birth_parts(first17).ok_or(IdentError::IdBirthDate)?;
        if year < 1900 || Date::new(year, month, day).is_err() {
            return Err(IdentError::IdBirthDate);
        }
        let expected = check_char(first17).ok_or(IdentError::IdCheckCharInvalid)?;
        if expected != actual {
            return Err(IdentError::IdCheckMismatch { expected, actual });
        }
        Ok(ResidentId(normalised))
    }

    /// The full 18-character number (check character `X` upper-case).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 出生日期 — the birth date in positions 7–14.
    pub fn birth_date(&self) -> Date {
        birth_parts(&self.0)
            .and_then(|(y, m, d)| Date::new(y, m, d).ok())
            .expect("ResidentId invariant: parse checked the birth date")
    }

    /// 性别 — true when the 3-digit sequence code (positions 15–17) is odd, i.e. male.
    pub fn is_male(&self) -> bool {
        self.0
            .as_bytes()
            .get(16)
            .is_some_and(|b| (b - b'0') % 2 == 1)
    }

    /// 地址码 — the 6-digit address code (positions 1–6), e.g. `411003` for 建安区.
    pub fn address_code(&self) -> &str {
        self.0.get(..6).unwrap_or_default()
    }

    /// 脱敏 — the number with the birth date and the first two sequence digits
    /// hidden: first 6 + 8 `*` + last 4, e.g. `411003********123X`.
    pub fn masked(&self) -> String {
        let head = self.0.get(..6).unwrap_or_default();
        let tail = self.0.get(14..).unwrap_or_default();
        format!("{head}********{tail}")
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentId").field(&self.masked()).finish()
    }
}

impl FromStr for ResidentId {
    type Err = IdentError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResidentId::parse(s)
    }
}

impl Serialize for ResidentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ResidentId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        ResidentId::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// 电话号码 — a mainland China phone number, known to be well formed.
///
/// Build one with [`PhoneNumber::parse`]; the variants' fields are public for
/// matching, and a value built by hand is not checked.
///
/// `Debug` shows only the [masked](PhoneNumber::masked) form; `Display` shows
/// the full number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum PhoneNumber {
    /// 手机号 — 11 ASCII digits with an assigned prefix, without any +86.
    Mobile(String),
    /// 固定电话 — a landline: area code, local number and optional extension.
    Landline {
        /// 区号 — `0` followed by 2 or 3 digits, e.g. `0374`.
        area: String,
        /// 号码 — 7 or 8 digits, not starting with 0 or 1.
        local: String,
        /// 分机号 — 1 to 6 digits.
        ext: Option<String>,
    },
}

/// Whether the first three digits `1ab` of a mobile number are an assigned prefix (号段).
fn mobile_prefix_assigned(second: u8, third: u8) -> bool {
    matches!(
        (second, third),
        (b'3', _)
            | (b'4', b'5' | b'7')
            | (b'5', b'0'..=b'3' | b'5'..=b'9')
            | (b'6', b'2' | b'5'..=b'7')
            | (b'7', b'0'..=b'3' | b'5'..=b'8')
            | (b'8', _)
            | (b'9', b'0'..=b'3' | b'5'..=b'9')
    )
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Checks an 11-digit mobile number (no prefix, no separators).
fn parse_mobile(digits: &str) -> Result<PhoneNumber, IdentError> {
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return Err(IdentError::PhoneInvalidChar(c));
    }
    if digits.len() != 11 {
        return Err(IdentError::MobileLength(digits.len()));
    }
    match digits.as_bytes() {
        [b'1', second, third, ..] if mobile_prefix_assigned(*second, *third) => {
            Ok(PhoneNumber::Mobile(digits.to_owned()))
        }
        [b'1', ..] => Err(IdentError::MobilePrefixUnassigned {
            prefix: digits.get(..3).unwrap_or_default().to_owned(),
        }),
        _ => Err(IdentError::MobileNotStartingWith1),
    }
}

/// Length of the area code at the start of `digits` (which starts with `0`):
/// 3 for 010 and 02X, 4 for 03XX–09XX.
fn area_code_len(digits: &str) -> Result<usize, IdentError> {
    match digits.as_bytes() {
        [b'0', b'1', b'0', ..] | [b'0', b'2', _, ..] => Ok(3),
        [b'0', b'3'..=b'9', _, _, ..] => Ok(4),
        _ => Err(IdentError::AreaCode(
            digits.get(..4).unwrap_or(digits).to_owned(),
        )),
    }
}

fn check_area(area: &str) -> Result<(), IdentError> {
    if !all_digits(area) || area_code_len(area)? != area.len() {
        return Err(IdentError::AreaCode(area.to_owned()));
    }
    Ok(())
}

fn check_local(local: &str) -> Result<(), IdentError> {
    let ok = all_digits(local)
        && (7..=8).contains(&local.len())
        && !local.starts_with('0')
        && !local.starts_with('1');
    if ok {
        Ok(())
    } else {
        Err(IdentError::LocalNumber)
    }
}

fn check_ext(ext: &str) -> Result<(), IdentError> {
    if all_digits(ext) && ext.len() <= 6 {
        Ok(())
    } else {
        Err(IdentError::Extension)
    }
}

/// Splits `s` at the first extension marker (`转`, `ext`, `ext.`, any case),
/// returning the number and the extension with spaces and hyphens removed.
fn split_ext_marker(s: &str) -> (&str, Option<String>) {
    let lower = s.to_ascii_lowercase();
    let found = [("转", 3), ("ext.", 4), ("ext", 3)]
        .into_iter()
        .filter_map(|(marker, len)| lower.find(marker).map(|i| (i, len)))
        .min_by_key(|&(i, _)| i);
    match found {
        // `to_ascii_lowercase` keeps byte offsets, so `i` and `i + len` are boundaries in `s`.
        Some((i, len)) => {
            let ext = s
                .get(i + len..)
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-' && *c != ':')
                .collect();
            (s.get(..i).unwrap_or_default(), Some(ext))
        }
        None => (s, None),
    }
}

/// Parses a landline written with separators (`-`, spaces, parentheses) or without.
fn parse_landline(main: &str, marker_ext: Option<String>) -> Result<PhoneNumber, IdentError> {
    let split = |s: &str| -> Vec<String> {
        s.split(|c: char| c == '-' || c.is_whitespace())
            .filter(|g| !g.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (area, rest): (String, Vec<String>) = if let Some(after) = main.strip_prefix('(') {
        let (inside, rest) = after.split_once(')').ok_or(IdentError::LandlineFormat)?;
        let inside: String = inside.chars().filter(|c| !c.is_whitespace()).collect();
        (inside, split(rest))
    } else {
        let groups = split(main);
        match groups.split_first() {
            // "0374-5012345…": the first group is the area code alone.
            Some((first, rest)) if first.len() <= 4 => (first.clone(), rest.to_vec()),
            // "03745012345…": area code and local number written together.
            Some((first, rest)) => {
                if !all_digits(first) {
                    return Err(IdentError::LandlineFormat);
                }
                let n = area_code_len(first)?;
                let (area, local) = first.split_at(n);
                let mut all = vec![local.to_owned()];
                all.extend_from_slice(rest);
                (area.to_owned(), all)
            }
            None => return Err(IdentError::LandlineFormat),
        }
    };
    if area.contains(['(', ')']) || rest.iter().any(|g| g.contains(['(', ')'])) {
        return Err(IdentError::LandlineFormat);
    }
    check_area(&area)?;
    let (local, hyphen_ext) = match rest.as_slice() {
        [local] => (local.clone(), None),
        [local, ext] => (local.clone(), Some(ext.clone())),
        _ => return Err(IdentError::LandlineFormat),
    };
    check_local(&local)?;
    let ext = match (hyphen_ext, marker_ext) {
        (Some(_), Some(_)) => return Err(IdentError::LandlineFormat),
        (Some(e), None) | (None, Some(e)) => {
            check_ext(&e)?;
            Some(e)
        }
        (None, None) => None,
    };
    Ok(PhoneNumber::Landline { area, local, ext })
}

impl PhoneNumber {
    /// Parses a phone number as a person would type it.
    ///
    /// Spaces, hyphens and full-width characters are tolerated. Mobiles may
    /// carry a `+86`, `0086` or `86` prefix. Landlines need their area code:
    /// `0374-5012345`, `03745012345`, `(0374)5012345`, `0374 5012345`, with an
    /// optional extension written `-123`, `转123` or `ext123`.
    pub fn parse(input: &str) -> Result<PhoneNumber, IdentError> {
        let normalised: String = input.chars().map(to_half_width).collect();
        let trimmed = normalised.trim();
        if trimmed.is_empty() {
            return Err(IdentError::PhoneEmpty);
        }
        let (main, marker_ext) = split_ext_marker(trimmed);
        if let Some(c) = main
            .chars()
            .find(|c| !(c.is_ascii_digit() || c.is_whitespace() || "-()+".contains(*c)))
        {
            return Err(IdentError::PhoneInvalidChar(c));
        }
        let compact: String = main
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.is_empty() {
            return Err(if marker_ext.is_some() {
                IdentError::LandlineFormat
            } else {
                IdentError::PhoneEmpty
            });
        }
        let mobile_digits = if let Some(rest) = compact.strip_prefix('+') {
            Some(
                rest.strip_prefix("86")
                    .ok_or(IdentError::PhoneCountryCode)?,
            )
        } else if let Some(rest) = compact.strip_prefix("0086") {
            Some(rest)
        } else if compact.len() == 13 && compact.starts_with("861") {
            compact.get(2..)
        } else if compact.starts_with('1') {
            Some(compact.as_str())
        } else {
            None
        };
        if let Some(digits) = mobile_digits {
            if marker_ext.is_some() {
                return Err(IdentError::MobileExtension);
            }
            return parse_mobile(digits);
        }
        if compact.starts_with('0') || compact.starts_with('(') {
            return parse_landline(main.trim(), marker_ext);
        }
        if all_digits(&compact) && (7..=8).contains(&compact.len()) {
            return Err(IdentError::MissingAreaCode);
        }
        Err(IdentError::LandlineFormat)
    }

    /// The number as displayed and stored: 11 digits for a mobile,
    /// `0374-5012345` or `0374-5012345-123` for a landline.
    pub fn as_string(&self) -> String {
        self.to_string()
    }

    /// Whether this is a 手机号 (mobile) rather than a 固定电话 (landline).
    pub fn is_mobile(&self) -> bool {
        matches!(self, PhoneNumber::Mobile(_))
    }

    /// 脱敏 — mobile `138****5678`; landline keeps the area code and the last
    /// two digits, `0374-*****45` (the extension is left out).
    pub fn masked(&self) -> String {
        match self {
            PhoneNumber::Mobile(m) => {
                let head = m.get(..3).unwrap_or_default();
                let tail = m.get(m.len().saturating_sub(4)..).unwrap_or_default();
                format!("{head}****{tail}")
            }
            PhoneNumber::Landline { area, local, .. } => {
                let keep = local.len().saturating_sub(2);
                let tail = local.get(keep..).unwrap_or_default();
                format!("{area}-{}{tail}", "*".repeat(keep))
            }
        }
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneNumber::Mobile(m) => f.write_str(m),
            PhoneNumber::Landline {
                area,
                local,
                ext: None,
            } => write!(f, "{area}-{local}"),
            PhoneNumber::Landline {
                area,
                local,
                ext: Some(ext),
            } => {
                write!(f, "{area}-{local}-{ext}")
            }
        }
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PhoneNumber").field(&self.masked()).finish()
    }
}

impl FromStr for PhoneNumber {
    type Err = IdentError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PhoneNumber::parse(s)
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        PhoneNumber::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;

    // ---- 身份证号 ----

    #[test]
    fn hand_computed_id_parses() {
        // 41100319800101001 · weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
        // 4·7=28, 1·9=9, 1·10=10, 0·5=0, 0·8=0, 3·4=12, 1·2=2, 9·1=9, 8·6=48,
        // 0·3=0, 0·7=0, 1·9=9, 0·10=0, 1·5=5, 0·8=0, 0·4=0, 1·2=2; sum = 134;
        // 134 mod 11 = 2 (134 = 12·11 + 2); 2 → X.
        assert_eq!(check_char("41100319800101001"), Some('X'));
        let id = ResidentId::parse("41100319800101001X").unwrap();
        assert_eq!(id.as_str(), "41100319800101001X");
        assert_eq!(id.address_code(), "411003");
        assert_eq!(id.birth_date(), Date::new(1980, 1, 1).unwrap());
        assert!(id.is_male()); // sequence 001, odd
    }

    #[test]
    fn more_hand_computed_ids() {
        // sum 206, mod 11 = 8 → 4; sequence 002 → female; old 许昌县 code 411023.
        let id = ResidentId::parse("411023199003150024").unwrap();
        assert!(!id.is_male());
        assert_eq!(id.address_code(), "411023");
        assert_eq!(id.birth_date(), Date::new(1990, 3, 15).unwrap());
        // sum 154, mod 11 = 0 → 1.
        assert!(ResidentId::parse("411003200011290131").unwrap().is_male());
        // sum 260, mod 11 = 7 → 5.
        assert!(ResidentId::parse("411023196507041565").is_ok());
        // sum 335, mod 11 = 5 → 7.
        assert!(ResidentId::parse("411003199912319987").is_ok());
    }

    #[test]
    fn gb11643_published_example() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), Date::new(1949, 12, 31).unwrap());
        assert!(!id.is_male());
        assert_eq!(id.address_code(), "110105");
    }

    #[test]
    fn wrong_check_digit_names_the_expected_char() {
        let err = ResidentId::parse("411003198001010011").unwrap_err();
        assert_eq!(
            err,
            IdentError::IdCheckMismatch {
                expected: 'X',
                actual: '1'
            }
        );
        let msg = err.to_string();
        assert!(msg.contains("应为X"), "{msg}");
        assert!(msg.contains("实际为1"), "{msg}");
        assert!(
            !msg.contains("41100319800101001"),
            "message leaks the number: {msg}"
        );
    }

    #[test]
    fn wrong_lengths_rejected() {
        assert_eq!(
            ResidentId::parse("41100319800101001").unwrap_err(),
            IdentError::IdLength(17)
        );
        assert_eq!(
            ResidentId::parse("41100319800101001X1").unwrap_err(),
            IdentError::IdLength(19)
        );
        assert_eq!(ResidentId::parse("   ").unwrap_err(), IdentError::IdEmpty);
        assert_eq!(
            ResidentId::parse("41100319800101001X")
                .unwrap()
                .to_string()
                .len(),
            18
        );
        assert!(IdentError::IdLength(17).to_string().contains("实际为17位"));
    }

    #[test]
    fn letters_in_the_middle_rejected() {
        assert_eq!(
            ResidentId::parse("4110031980A101001X").unwrap_err(),
            IdentError::IdNotDigit { position: 11 }
        );
        assert_eq!(
            ResidentId::parse("X11003198001010012").unwrap_err(),
            IdentError::IdNotDigit { position: 1 }
        );
        assert_eq!(
            ResidentId::parse("41100319800101001Y").unwrap_err(),
            IdentError::IdCheckCharInvalid
        );
    }

    #[test]
    fn impossible_birth_dates_rejected() {
        for first17 in [
            "41100319800230001", // 30 February
            "41100319801301001", // month 13
            "41100319800100001", // day 0
            "41100318991231001", // before 1900
            "41100319000229001", // 1900 is not a leap year
        ] {
            let full = format!("{first17}{}", check_char(first17).unwrap());
            assert_eq!(
                ResidentId::parse(&full).unwrap_err(),
                IdentError::IdBirthDate,
                "{first17}"
            );
        }
        let ok = "41100320000229001";
        assert!(ResidentId::parse(&format!("{ok}{}", check_char(ok).unwrap())).is_ok());
    }

    #[test]
    fn lowercase_x_whitespace_and_full_width_accepted() {
        let id = ResidentId::parse("  11010519491231002x\n").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        let id = ResidentId::parse("１１０１０５１９４９１２３１００２Ｘ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        let id = ResidentId::parse("１１０１０５１９４９１２３１００２ｘ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn masking_and_debug() {
        let id = ResidentId::parse("41100319800101001X").unwrap();
        assert_eq!(id.masked(), "411003********001X");
        assert_eq!(format!("{id:?}"), "ResidentId(\"411003********001X\")");
        assert_eq!(id.to_string(), "41100319800101001X");
    }

    #[test]
    fn check_char_rejects_bad_input() {
        assert_eq!(check_char("4110031980010100"), None);
        assert_eq!(check_char("411003198001010011"), None);
        assert_eq!(check_char("4110031980010100a"), None);
        assert_eq!(check_char("11010519491231002"), Some('X'));
    }

    #[test]
    fn resident_id_serde_round_trip() {
        let id: ResidentId = "11010519491231002x".parse().unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"11010519491231002X\"");
        let back: ResidentId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
        let err = serde_json::from_str::<ResidentId>("\"110105194912310021\"").unwrap_err();
        assert!(err.to_string().contains("校验位错误"), "{err}");
    }

    fn first17_with_valid_date() -> impl Strategy<Value = String> {
        ("[0-9]{6}", 1900i16..=2099, 1i8..=12, 1i8..=31, "[0-9]{3}")
            .prop_filter("real date", |(_, y, m, d, _)| Date::new(*y, *m, *d).is_ok())
            .prop_map(|(addr, y, m, d, seq)| format!("{addr}{y:04}{m:02}{d:02}{seq}"))
    }

    proptest! {
        #[test]
        fn check_char_makes_valid_and_only_it(first17 in first17_with_valid_date()) {
            let check = check_char(&first17).unwrap();
            let id = ResidentId::parse(&format!("{first17}{check}")).unwrap();
            prop_assert_eq!(id.as_str(), format!("{first17}{check}"));
            for other in "0123456789X".chars().filter(|c| *c != check) {
                prop_assert_eq!(
                    ResidentId::parse(&format!("{first17}{other}")).unwrap_err(),
                    IdentError::IdCheckMismatch { expected: check, actual: other }
                );
            }
        }
    }

    // ---- 电话号码 ----

    /// FACTS.md §4, restated: the assigned mobile prefixes.
    fn assigned_prefixes() -> Vec<u32> {
        let mut v: Vec<u32> = (130..=139).collect();
        v.extend([145, 147]);
        v.extend((150..=159).filter(|p| *p != 154));
        v.extend([162, 165, 166, 167]);
        v.extend([170, 171, 172, 173, 175, 176, 177, 178]);
        v.extend(180..=189);
        v.extend([190, 191, 192, 193, 195, 196, 197, 198, 199]);
        v
    }

    #[test]
    fn every_assigned_prefix_accepted_and_no_other() {
        let assigned = assigned_prefixes();
        for prefix in 100..=199u32 {
            let number = format!("{prefix}12345678");
            let parsed = PhoneNumber::parse(&number);
            if assigned.contains(&prefix) {
                assert_eq!(parsed.unwrap(), PhoneNumber::Mobile(number));
            } else {
                assert_eq!(
                    parsed.unwrap_err(),
                    IdentError::MobilePrefixUnassigned {
                        prefix: prefix.to_string()
                    },
                    "{number}"
                );
            }
        }
    }

    #[test]
    fn one_sample_per_prefix_family() {
        for n in [
            "13812345678",
            "14512345678",
            "14712345678",
            "15012345678",
            "15912345678",
            "16212345678",
            "16612345678",
            "17012345678",
            "17712345678",
            "18012345678",
            "18912345678",
            "19012345678",
            "19912345678",
        ] {
            let p = PhoneNumber::parse(n).unwrap();
            assert!(p.is_mobile());
            assert_eq!(p.as_string(), n);
        }
    }

    #[test]
    fn unassigned_prefixes_rejected_with_message() {
        for n in [
            "15412345678",
            "14012345678",
            "10012345678",
            "12012345678",
            "17412345678",
            "19412345678",
            "16012345678",
        ] {
            let err = PhoneNumber::parse(n).unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains(&format!("号段{}未分配", &n[..3])), "{msg}");
            assert!(!msg.contains(n), "message leaks the number: {msg}");
        }
    }

    #[test]
    fn mobile_lengths_and_prefixes() {
        assert_eq!(
            PhoneNumber::parse("1381234567").unwrap_err(),
            IdentError::MobileLength(10)
        );
        assert_eq!(
            PhoneNumber::parse("138123456789").unwrap_err(),
            IdentError::MobileLength(12)
        );
        let m = PhoneNumber::Mobile("13812345678".into());
        for s in [
            "+86 138 1234 5678",
            "+8613812345678",
            "008613812345678",
            "8613812345678",
            "138-1234-5678",
            "１３８ １２３４ ５６７８",
            "＋８６１３８１２３４５６７８",
        ] {
            assert_eq!(PhoneNumber::parse(s).unwrap(), m, "{s}");
        }
        assert_eq!(
            PhoneNumber::parse("+1 2025550123").unwrap_err(),
            IdentError::PhoneCountryCode
        );
        assert_eq!(
            PhoneNumber::parse("+86 0374 5012345").unwrap_err(),
            IdentError::MobileNotStartingWith1
        );
        assert_eq!(
            PhoneNumber::parse("13812345678转12").unwrap_err(),
            IdentError::MobileExtension
        );
        assert_eq!(
            PhoneNumber::parse("138abc45678").unwrap_err(),
            IdentError::PhoneInvalidChar('a')
        );
    }

    #[test]
    fn landline_forms() {
        let expected = PhoneNumber::Landline {
            area: "0374".into(),
            local: "5012345".into(),
            ext: None,
        };
        for s in [
            "0374-5012345",
            "03745012345",
            "(0374)5012345",
            "(0374) 5012345",
            "0374 5012345",
            "（０３７４）５０１２３４５",
            "０３７４－５０１２３４５",
            " 0374 - 5012345 ",
        ] {
            let p = PhoneNumber::parse(s).unwrap();
            assert_eq!(p, expected, "{s}");
            assert_eq!(p.to_string(), "0374-5012345");
            assert!(!p.is_mobile());
        }
        assert_eq!(
            PhoneNumber::parse("01062345678").unwrap().to_string(),
            "010-62345678"
        );
        assert_eq!(
            PhoneNumber::parse("010-62345678").unwrap().to_string(),
            "010-62345678"
        );
        assert_eq!(
            PhoneNumber::parse("02087654321").unwrap().to_string(),
            "020-87654321"
        );
        assert_eq!(
            PhoneNumber::parse("0371-65001234").unwrap().to_string(),
            "0371-65001234"
        );
    }

    #[test]
    fn landline_extensions() {
        let expected = PhoneNumber::Landline {
            area: "0374".into(),
            local: "5012345".into(),
            ext: Some("123".into()),
        };
        for s in [
            "0374-5012345-123",
            "0374-5012345转123",
            "0374-5012345 转 123",
            "0374-5012345ext123",
            "0374-5012345 EXT. 123",
            "(0374)5012345-123",
            "03745012345转123",
            "0374 5012345 123",
        ] {
            let p = PhoneNumber::parse(s).unwrap();
            assert_eq!(p, expected, "{s}");
            assert_eq!(p.to_string(), "0374-5012345-123");
        }
        assert_eq!(
            PhoneNumber::parse("0374-5012345-1234567").unwrap_err(),
            IdentError::Extension
        );
        assert_eq!(
            PhoneNumber::parse("0374-5012345转").unwrap_err(),
            IdentError::Extension
        );
        assert_eq!(
            PhoneNumber::parse("0374-5012345-12转34").unwrap_err(),
            IdentError::LandlineFormat
        );
    }

    #[test]
    fn bad_landlines_rejected() {
        assert_eq!(
            PhoneNumber::parse("5012345").unwrap_err(),
            IdentError::MissingAreaCode
        );
        assert!(
            PhoneNumber::parse("50123456")
                .unwrap_err()
                .to_string()
                .contains("固定电话请带区号，如0374-5012345")
        );
        assert_eq!(
            PhoneNumber::parse("0374-0123456").unwrap_err(),
            IdentError::LocalNumber
        );
        assert_eq!(
            PhoneNumber::parse("0374-1123456").unwrap_err(),
            IdentError::LocalNumber
        );
        assert_eq!(
            PhoneNumber::parse("0374-501234").unwrap_err(),
            IdentError::LocalNumber
        );
        assert_eq!(
            PhoneNumber::parse("0374-501234567").unwrap_err(),
            IdentError::LocalNumber
        );
        assert_eq!(
            PhoneNumber::parse("037-5012345").unwrap_err(),
            IdentError::AreaCode("037".into())
        );
        assert_eq!(
            PhoneNumber::parse("0110-5012345").unwrap_err(),
            IdentError::AreaCode("0110".into())
        );
        assert_eq!(
            PhoneNumber::parse("(0374 5012345").unwrap_err(),
            IdentError::LandlineFormat
        );
        assert_eq!(
            PhoneNumber::parse("0374-501-2345").unwrap_err(),
            IdentError::LocalNumber
        );
        assert_eq!(PhoneNumber::parse("").unwrap_err(), IdentError::PhoneEmpty);
        assert_eq!(
            PhoneNumber::parse(" \u{3000} ").unwrap_err(),
            IdentError::PhoneEmpty
        );
        assert_eq!(IdentError::PhoneEmpty.to_string(), "电话号码不能为空");
    }

    #[test]
    fn phone_masking() {
        assert_eq!(
            PhoneNumber::parse("13812345678").unwrap().masked(),
            "138****5678"
        );
        assert_eq!(
            PhoneNumber::parse("0374-5012345-123").unwrap().masked(),
            "0374-*****45"
        );
        assert_eq!(
            PhoneNumber::parse("010-62345678").unwrap().masked(),
            "010-******78"
        );
        assert_eq!(
            format!("{:?}", PhoneNumber::parse("13812345678").unwrap()),
            "PhoneNumber(\"138****5678\")"
        );
    }

    #[test]
    fn phone_serde_round_trip() {
        for s in ["13812345678", "0374-5012345", "0374-5012345-123"] {
            let p = PhoneNumber::parse(s).unwrap();
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{s}\""));
            assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), p);
        }
        let p: PhoneNumber = serde_json::from_str("\"+86 138 1234 5678\"").unwrap();
        assert_eq!(p.as_string(), "13812345678");
        assert!(serde_json::from_str::<PhoneNumber>("\"15412345678\"").is_err());
    }
}
