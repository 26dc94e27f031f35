//! 行政区划代码 (GB/T 2260) — the address codes a resident ID number may start with.

use std::sync::LazyLock;

/// The national list, withdrawn codes included (see the file's header for its
/// sources and years): an ID issued in 1985 keeps its 1985 code.
static LIST: &str = include_str!("../../data/gbt2260.txt");

/// Every code of [`LIST`], sorted, for binary search.
static CODES: LazyLock<Vec<u32>> = LazyLock::new(|| {
    let mut codes: Vec<u32> = LIST
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split(' ').next()?.parse().ok())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
});

/// Whether `code` (six ASCII digits) is a 行政区划代码 that exists or once
/// existed: a province, a prefecture or a county-level division.
pub fn is_known_region(code: &str) -> bool {
    code.len() == 6
        && code.bytes().all(|b| b.is_ascii_digit())
        && code
            .parse::<u32>()
            .is_ok_and(|n| CODES.binary_search(&n).is_ok())
}

/// The name the list gives `code` (the latest one, for a renamed division).
pub fn region_name(code: &str) -> Option<&'static str> {
    if !is_known_region(code) {
        return None;
    }
    LIST.lines()
        .filter(|line| !line.starts_with('#'))
        .find(|line| line.split(' ').next() == Some(code))
        .and_then(|line| line.split(' ').nth(1))
}

/// Every code of the list, ascending (for tests that need valid ones).
#[cfg(test)]
pub(crate) fn sample_codes() -> impl Iterator<Item = u32> {
    CODES.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jianan_old_and_new_codes_are_known() {
        // FACTS.md §3: 411003 建安区 since 2016, 411023 the former 许昌县.
        assert_eq!(region_name("411003"), Some("建安区"));
        assert_eq!(region_name("411023"), Some("许昌县"));
        assert!(is_known_region("411000")); // 许昌市
        assert!(is_known_region("410000")); // 河南省
    }

    #[test]
    fn withdrawn_codes_stay_known() {
        // 崇文区 and 宣武区 of Beijing were merged away in 2010; 重庆 was part
        // of 四川 (510200 重庆市) until 1997.
        assert_eq!(region_name("110103"), Some("崇文区"));
        assert_eq!(region_name("110104"), Some("宣武区"));
        assert!(is_known_region("510200"));
    }

    #[test]
    fn residence_permit_codes_are_known() {
        for code in ["810000", "820000", "830000"] {
            assert!(is_known_region(code), "{code}");
        }
    }

    #[test]
    fn codes_that_never_existed_are_not() {
        for code in [
            "000000", "123456", "999999", "411099", "410000x", "41100", "",
        ] {
            assert!(!is_known_region(code), "{code}");
        }
    }

    #[test]
    fn the_list_is_the_national_one() {
        // About 3 200 codes are in use at any time; 6 000 and more over 1981–2024.
        let n = sample_codes().count();
        assert!((6_000..8_000).contains(&n), "{n}");
        // 31 provinces + Hong Kong, Macao, Taiwan + 830000.
        let provinces = sample_codes().filter(|c| c % 10_000 == 0).count();
        assert!((34..=40).contains(&provinces), "{provinces}");
    }
}
