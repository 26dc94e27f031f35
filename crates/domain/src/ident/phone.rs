//! 电话号码 — mainland China mobile and landline numbers as people type them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{IdentError, to_half_width};

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
