//! 身份证号 — the resident ID number (GB 11643-1999) and its 校验码.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::region::is_known_region;
use super::{IdentError, to_half_width};

/// 校验码 weights for positions 1–17 of a resident ID number (GB 11643-1999).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// 校验码 for each value of the weighted sum mod 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

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
/// 18 characters, an address code that is or was a 行政区划代码 (GB/T 2260),
/// a real birth date from 1900 on, and a correct check character (an
/// upper-case `X` when it is ten).
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
        let id = Self::parse_recorded(input)?;
        let code = id.address_code();
        if !is_known_region(code) {
            return Err(IdentError::IdRegionUnknown(code.to_string()));
        }
        Ok(id)
    }

    /// Parses a number recorded earlier (a database row, an archive), with
    /// every check of [`parse`](Self::parse) but the address code's: a number
    /// stored before that check existed is read back, not silently dropped.
    pub fn parse_recorded(input: &str) -> Result<ResidentId, IdentError> {
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

    /// Refuses a birth date after `day` (the day the petition was received,
    /// or today): no one petitions before they are born.
    pub fn born_by(&self, day: Date) -> Result<(), IdentError> {
        if self.birth_date() > day {
            Err(IdentError::IdBornLater(day))
        } else {
            Ok(())
        }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;

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
    fn address_codes_that_never_existed_are_refused() {
        // 123456 and 411099 are no 行政区划代码; the check character is right,
        // so only the address code is wrong.
        for first17 in [
            "12345619800101001",
            "41109919800101001",
            "00000019800101001",
        ] {
            let full = format!("{first17}{}", check_char(first17).unwrap());
            let err = ResidentId::parse(&full).unwrap_err();
            assert_eq!(err, IdentError::IdRegionUnknown(first17[..6].to_string()));
            assert!(err.to_string().contains("地址码"), "{err}");
            // Recorded before the check existed: still read back.
            assert!(ResidentId::parse_recorded(&full).is_ok());
        }
        // The former 许昌县 (411023, withdrawn 2015) still parses: IDs keep it.
        assert!(ResidentId::parse("411023199003150024").is_ok());
    }

    #[test]
    fn a_birth_date_after_the_day_is_refused() {
        let first17 = "41100320300101001"; // born 2030-01-01
        let id = ResidentId::parse(&format!("{first17}{}", check_char(first17).unwrap())).unwrap();
        let day = Date::new(2026, 12, 2).unwrap();
        let err = id.born_by(day).unwrap_err();
        assert_eq!(err, IdentError::IdBornLater(day));
        assert!(err.to_string().contains("出生日期"), "{err}");
        assert!(id.born_by(Date::new(2030, 1, 1).unwrap()).is_ok());
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
        let codes: Vec<u32> = super::super::region::sample_codes().collect();
        (
            proptest::sample::select(codes),
            1900i16..=2099,
            1i8..=12,
            1i8..=31,
            "[0-9]{3}",
        )
            .prop_filter("real date", |(_, y, m, d, _)| Date::new(*y, *m, *d).is_ok())
            .prop_map(|(addr, y, m, d, seq)| format!("{addr:06}{y:04}{m:02}{d:02}{seq}"))
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
}
