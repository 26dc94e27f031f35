//! 地名 — the district's townships and villages as words of the index.
//!
//! jieba's dictionary knows few of a district's place names and cuts them
//! together with their neighbours: `反映榆林乡白庄村低保被取消` is cut
//! 榆林 / 乡白 / 庄村, so the index would have no `白庄村` and a search for
//! it would find nothing. So a text is also indexed under every place name
//! it contains, written out in full (`白庄村`) and as its stem, the name
//! without 乡, 镇, 村, 街道, 社区 … (`白庄`). A query is split at the place
//! names it contains before jieba cuts the rest, so `白庄村低保` looks up
//! `白庄村` and `低保`.

use std::collections::HashMap;

use crate::org::place_base;

/// The place words of a district: its townships' and villages' names and
/// their stems, each of two characters or more, all letters and digits
/// (as every word of the index is), ASCII letters in lower case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    /// The words by their first character, longest first.
    by_first: HashMap<char, Vec<Vec<char>>>,
}

impl Places {
    /// The place words of `names` (townships, villages): each name and its
    /// stem, leaving out blanks and anything shorter than two characters.
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Places {
        let mut by_first: HashMap<char, Vec<Vec<char>>> = HashMap::new();
        for name in names {
            for word in Places::words_of(name.as_ref()) {
                let chars = lower(word);
                let list = by_first.entry(chars[0]).or_default();
                if !list.contains(&chars) {
                    list.push(chars);
                }
            }
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        }
        Places { by_first }
    }

    /// The place words of one name, as written: the name and its stem,
    /// those of two characters or more, all letters and digits.
    pub fn words_of(name: &str) -> Vec<&str> {
        let name = name.trim();
        [Some(name), place_base(name)]
            .into_iter()
            .flatten()
            .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphanumeric))
            .collect()
    }

    /// Whether there are no place words.
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// The place words starting at character `i` of `chars`, longest first.
    fn at<'p>(&'p self, chars: &[char], i: usize) -> impl Iterator<Item = &'p [char]> {
        let tail = &chars[i..];
        self.by_first
            .get(&tail[0])
            .into_iter()
            .flatten()
            .filter(move |w| tail.starts_with(w))
            .map(Vec::as_slice)
    }

    /// Every place word in `text`, each time it occurs, overlapping ones too
    /// (`榆林乡` gives `榆林乡` and `榆林`).
    pub fn found_in(&self, text: &str) -> Vec<String> {
        let chars = lower(text);
        (0..chars.len())
            .flat_map(|i| self.at(&chars, i))
            .map(|w| w.iter().collect())
            .collect()
    }

    /// `text` as the runs between its place words and the place words,
    /// each `true` where it is a place word: from the left, the longest
    /// place word starting at each character. Runs join back into `text`.
    pub fn split(&self, text: &str) -> Vec<(String, bool)> {
        let chars: Vec<char> = text.chars().collect();
        let lower = lower(text);
        let mut runs = Vec::new();
        let mut plain_from = 0;
        let mut i = 0;
        while i < chars.len() {
            let Some(word) = self.at(&lower, i).next() else {
                i += 1;
                continue;
            };
            if plain_from < i {
                runs.push((chars[plain_from..i].iter().collect(), false));
            }
            runs.push((chars[i..i + word.len()].iter().collect(), true));
            i += word.len();
            plain_from = i;
        }
        if plain_from < chars.len() {
            runs.push((chars[plain_from..].iter().collect(), false));
        }
        runs
    }
}

/// The characters of `text`, ASCII letters in lower case.
fn lower(text: &str) -> Vec<char> {
    text.chars().map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn a_place_gives_its_name_and_its_stem() {
        assert_eq!(place_base("白庄村"), Some("白庄"));
        assert_eq!(place_base("艾庄回族乡"), Some("艾庄"));
        assert_eq!(place_base("许由街道"), Some("许由"));
        assert_eq!(place_base("和平路社区"), Some("和平路"));
        assert_eq!(place_base("城关镇街道办事处"), Some("城关镇"));
        assert_eq!(place_base("北京"), None);
        assert_eq!(place_base("村"), None);
        assert_eq!(Places::words_of(" 白庄村 "), ["白庄村", "白庄"]);
        assert_eq!(Places::words_of("东村"), ["东村"]);
        // Not all letters and digits: no word of the index.
        assert_eq!(Places::words_of("建设路·社区"), Vec::<&str>::new());
        assert_eq!(Places::words_of("村"), Vec::<&str>::new());
        let places = Places::new(["白庄村", "艾庄回族乡", "东村", "  ", "乡"]);
        let mut words: Vec<String> = ["白庄村", "白庄", "艾庄回族乡", "艾庄", "东村"]
            .iter()
            .flat_map(|w| places.found_in(w))
            .collect();
        words.sort();
        // 东村's stem 东 is a single character: left out.
        assert_eq!(
            words,
            strings(&[
                "东村",
                "白庄",
                "白庄",
                "白庄村",
                "艾庄",
                "艾庄",
                "艾庄回族乡"
            ])
        );
        assert!(Places::new(["", "村"]).is_empty());
    }

    #[test]
    fn every_place_word_of_a_text_is_found_each_time() {
        let places = Places::new(["榆林乡", "白庄村", "苏桥镇"]);
        assert_eq!(
            places.found_in("反映榆林乡白庄村低保被取消，白庄村委未答复"),
            strings(&["榆林乡", "榆林", "白庄村", "白庄", "白庄村", "白庄"])
        );
        assert_eq!(places.found_in(""), Vec::<String>::new());
        assert_eq!(Places::default().found_in("白庄村"), Vec::<String>::new());
    }

    #[test]
    fn a_text_is_split_at_its_longest_place_words_from_the_left() {
        let places = Places::new(["榆林乡", "白庄村", "庄村"]);
        assert_eq!(
            places.split("榆林乡白庄村低保"),
            vec![
                ("榆林乡".to_string(), true),
                ("白庄村".to_string(), true),
                ("低保".to_string(), false),
            ]
        );
        assert_eq!(
            places.split("去白庄看看"),
            vec![
                ("去".to_string(), false),
                ("白庄".to_string(), true),
                ("看看".to_string(), false),
            ]
        );
        assert_eq!(places.split("低保"), vec![("低保".to_string(), false)]);
        assert_eq!(places.split(""), Vec::<(String, bool)>::new());
    }
}
