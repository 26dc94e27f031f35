//! 全文检索 — the words a case is found by. Chinese is written without
//! spaces, so a text is cut into words by jieba (its dictionary of some
//! 350 000 words, and a hidden Markov model for words it does not know)
//! before the database's own full-text index sees it.
//!
//! A case's text is cut in jieba's search mode: the longest words and, for
//! a long word, the dictionary words inside it too (`危房改造户` also under
//! `危房`, `改造`). A query is cut in its precise mode, its longest words,
//! and a case matches when it has every one of them. A query of single
//! characters only (`危`, a surname) has no words to look up: it is
//! matched as written, through the grams of the case's number, summary
//! and petitioner's name ([`GramQuery`], [`index_grams`]).
//!
//! The district's place names are words as well ([`Places`]): a text is
//! indexed under those it contains, and a query is split at them.

use std::sync::LazyLock;

mod cut;
mod grams;
mod places;

use cut::SEGMENTER;
pub use grams::{GramQuery, GramTerm, index_grams};
pub use places::Places;

/// Open the dictionary now rather than on the first registration or
/// search (it is read in place, so this costs well under a millisecond).
pub fn warm_up() {
    LazyLock::force(&SEGMENTER);
}

/// The lower-cased letter-and-digit runs of a segment: jieba keeps
/// punctuation and spaces as segments of their own and the index keeps
/// only words, so `〔2026〕0001号` gives `2026`, `0001号`.
fn pieces(segment: &str) -> impl Iterator<Item = String> + '_ {
    segment
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
}

/// The words `texts` are indexed under, in order, a word as often as it
/// occurs (the index ranks by how often). Each text is cut on its own, so
/// a name given alone is cut as it would be searched for, and each is
/// indexed whole as well when it is a single word of letters and digits
/// (a name: `王小明`, whatever jieba makes of it). Each place word a text
/// contains (see [`Places`]) is one of its words as often as the text
/// says it, whether jieba cut it out or not.
pub fn index_words<'a>(places: &Places, texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut words = Vec::new();
    for text in texts {
        let start = words.len();
        for word in SEGMENTER.cut_for_search(text) {
            words.extend(pieces(word));
        }
        let cut = words.len();
        let mut found: Vec<String> = places.found_in(text);
        found.sort_unstable();
        for same in found.chunk_by(|a, b| a == b) {
            let jieba = words[start..cut].iter().filter(|w| **w == same[0]).count();
            words.extend(same.iter().skip(jieba).cloned());
        }
        let whole = text.trim().to_lowercase();
        if whole.chars().count() > 1
            && whole.chars().all(char::is_alphanumeric)
            && !words[start..].contains(&whole)
        {
            words.push(whole);
        }
    }
    words
}

/// A text search as the officer typed it, and the words it looks up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    text: String,
    words: Vec<String>,
}

impl TextQuery {
    /// The query in `text`; None when it is blank. Its words are its
    /// place words ([`Places::split`]) and jieba's precise cut of the rest;
    /// single characters are left out when there are longer words (`的`,
    /// `和` say little), and kept, to be matched as written, when there
    /// are none.
    pub fn parse(text: &str, places: &Places) -> Option<TextQuery> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let mut words: Vec<String> = Vec::new();
        for (run, is_place) in places.split(text) {
            let cut = if is_place {
                vec![run.as_str()]
            } else {
                SEGMENTER.cut(&run)
            };
            for piece in cut.into_iter().flat_map(pieces) {
                if !words.contains(&piece) {
                    words.push(piece);
                }
            }
        }
        let long: Vec<String> = words
            .iter()
            .filter(|w| w.chars().count() > 1)
            .cloned()
            .collect();
        Some(TextQuery {
            text: text.to_string(),
            words: if long.is_empty() { Vec::new() } else { long },
        })
    }

    /// The text as typed, trimmed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The words to look up in the index; empty when the query is to be
    /// matched as written (single characters, or punctuation only).
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// What to mark in a matching text: the words, or the text as typed
    /// when it is matched as written.
    pub fn marks(&self) -> Vec<String> {
        if self.words.is_empty() {
            vec![self.text.to_lowercase()]
        } else {
            self.words.clone()
        }
    }
}

/// `text` cut into runs, each `true` where it is one of `marks` (ASCII
/// letters matched regardless of case), for the list to highlight. The
/// longest mark wins where two start at the same place; runs join back
/// into `text`.
pub fn highlight(text: &str, marks: &[String]) -> Vec<(String, bool)> {
    let lower: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    let chars: Vec<char> = text.chars().collect();
    let marks: Vec<Vec<char>> = marks
        .iter()
        .filter(|m| !m.is_empty())
        .map(|m| m.chars().map(|c| c.to_ascii_lowercase()).collect())
        .collect();
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut push = |s: &[char], hit: bool| {
        if s.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some((last, h)) if *h == hit => last.extend(s),
            _ => runs.push((s.iter().collect(), hit)),
        }
    };
    let mut i = 0;
    let mut plain_from = 0;
    while i < chars.len() {
        let hit = marks
            .iter()
            .filter(|m| lower[i..].starts_with(m))
            .map(Vec::len)
            .max();
        match hit {
            Some(n) => {
                push(&chars[plain_from..i], false);
                push(&chars[i..i + n], true);
                i += n;
                plain_from = i;
            }
            None => i += 1,
        }
    }
    push(&chars[plain_from..], false);
    runs
}

/// The part of `text` a list shows, at most `width` characters, cut into
/// runs as [`highlight`] does: from the start, or, when the first mark
/// lies past it, from a little before the first mark; `…` where text is left out.
pub fn snippet(text: &str, marks: &[String], width: usize) -> Vec<(String, bool)> {
    let runs = highlight(text, marks);
    let first = runs
        .iter()
        .take_while(|(_, hit)| !hit)
        .map(|(s, _)| s.chars().count())
        .sum::<usize>();
    let total = text.chars().count();
    let start = if first < total && first + 8 > width {
        first.saturating_sub(8)
    } else {
        0
    };
    let end = (start + width).min(total);
    let mut out: Vec<(String, bool)> = Vec::new();
    if start > 0 {
        out.push(("…".into(), false));
    }
    let mut at = 0;
    for (s, hit) in runs {
        let n = s.chars().count();
        let (a, b) = (at.max(start), (at + n).min(end));
        if a < b {
            let part: String = s.chars().skip(a - at).take(b - a).collect();
            match out.last_mut() {
                Some((last, h)) if *h == hit => last.push_str(&part),
                _ => out.push((part, hit)),
            }
        }
        at += n;
    }
    if end < total {
        match out.last_mut() {
            Some((last, false)) => last.push('…'),
            _ => out.push(("…".into(), false)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Places {
        Places::default()
    }

    fn count(words: &[String], word: &str) -> usize {
        words.iter().filter(|w| *w == word).count()
    }

    #[test]
    fn a_text_is_found_by_the_places_it_names_whatever_jieba_cuts() {
        let text = "反映榆林乡白庄村低保被取消，白庄村委会未答复";
        let places = Places::new(["榆林乡", "白庄村", "北京村"]);
        let words = index_words(&places, [text]);
        for q in [
            "白庄村",
            "白庄",
            "榆林乡",
            "榆林乡白庄村低保",
            "白庄村 低保",
        ] {
            let query = TextQuery::parse(q, &places).expect("a query");
            assert!(!query.words().is_empty(), "{q}");
            for w in query.words() {
                assert!(words.contains(w), "{q}: {w} not in {words:?}");
            }
        }
        // The text says 白庄村 twice, and so the index.
        assert_eq!(count(&words, "白庄村"), 2, "{words:?}");
        assert_eq!(count(&words, "白庄"), 2, "{words:?}");
        assert_eq!(count(&words, "榆林乡"), 1, "{words:?}");
        // jieba cuts 榆林乡白庄村 榆林 / 乡白 / 庄村 (and 白庄村委会 白庄 /
        // 村委会): without the district's places, 白庄村 is no word of the
        // text, and its first 白庄 is missed.
        let bare = index_words(&none(), [text]);
        assert_eq!(count(&bare, "白庄村"), 0, "{bare:?}");
        assert_eq!(count(&bare, "白庄"), 1, "{bare:?}");
        // A place word jieba cuts out itself is not counted twice: 北京
        // (北京村's stem) is said twice and jieba gives it twice.
        let words = index_words(&places, ["北京北京"]);
        assert_eq!(count(&words, "北京"), 2, "{words:?}");
    }

    #[test]
    fn a_query_is_split_at_its_place_words_before_jieba_cuts_the_rest() {
        let places = Places::new(["白庄村"]);
        let q = TextQuery::parse("白庄村低保被取消", &places).expect("a query");
        assert_eq!(q.words()[0], "白庄村");
        assert!(q.words().contains(&"低保".to_string()), "{:?}", q.words());
        // A stem alone is a word; so is a place in ASCII letters, in lower case.
        let q = TextQuery::parse("白庄", &places).expect("a query");
        assert_eq!(q.words(), ["白庄".to_string()]);
        let places = Places::new(["KK村"]);
        let q = TextQuery::parse("kk村五组", &places).expect("a query");
        assert_eq!(q.words()[0], "kk村");
        let words = index_words(&places, ["Kk村五组"]);
        assert_eq!(count(&words, "kk村"), 1, "{words:?}");
    }

    #[test]
    fn a_case_text_is_indexed_under_its_words_and_the_words_inside_them() {
        let words = index_words(&none(), ["反映危房改造补助未到位"]);
        for w in ["危房", "改造", "补助"] {
            assert!(words.iter().any(|x| x == w), "{w} in {words:?}");
        }
        // Only words: no punctuation, no spaces.
        let words = index_words(&none(), ["建安信〔2026〕0001号", "  "]);
        assert!(words.iter().all(|w| w.chars().all(char::is_alphanumeric)));
        assert!(words.iter().any(|w| w == "2026"), "{words:?}");
    }

    #[test]
    fn a_name_is_indexed_whole_and_latin_letters_lower_case() {
        let words = index_words(&none(), ["王小明", "Wang XiaoMing"]);
        assert!(words.iter().any(|w| w == "王小明"), "{words:?}");
        assert!(words.iter().any(|w| w == "xiaoming"), "{words:?}");
        assert!(!words.iter().any(|w| w.contains(' ')));
    }

    #[test]
    fn every_word_of_a_query_is_found_among_the_words_of_a_text_that_says_it() {
        let text = "李家村村民反映危房改造补助资金未按时发放";
        let indexed = index_words(&none(), [text]);
        for q in ["危房改造", "补助资金", "危房 补助", "村民反映"] {
            let query = TextQuery::parse(q, &none()).expect("a query");
            assert!(!query.words().is_empty(), "{q}");
            for w in query.words() {
                assert!(indexed.contains(w), "{q}: {w} not in {indexed:?}");
            }
        }
    }

    #[test]
    fn a_query_of_single_characters_is_matched_as_written() {
        let q = TextQuery::parse(" 危 ", &none()).expect("a query");
        assert!(q.words().is_empty());
        assert_eq!(q.marks(), vec!["危".to_string()]);
        assert_eq!(TextQuery::parse("   ", &none()), None);
        let q = TextQuery::parse("，。", &none()).expect("a query");
        assert!(q.words().is_empty());
        // Single characters beside a longer word are left out.
        let q = TextQuery::parse("危房的", &none()).expect("a query");
        assert_eq!(q.words(), ["危房".to_string()]);
    }

    #[test]
    fn marks_are_cut_out_of_the_text_longest_first_and_rejoin_to_it() {
        let marks = vec!["危房".to_string(), "危房改造".to_string(), "ab".into()];
        let runs = highlight("反映危房改造和危房，AB户", &marks);
        assert_eq!(
            runs,
            vec![
                ("反映".to_string(), false),
                ("危房改造".to_string(), true),
                ("和".to_string(), false),
                ("危房".to_string(), true),
                ("，".to_string(), false),
                ("AB".to_string(), true),
                ("户".to_string(), false),
            ]
        );
        let joined: String = runs.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(joined, "反映危房改造和危房，AB户");
        assert_eq!(highlight("", &marks), Vec::<(String, bool)>::new());
    }

    #[test]
    fn a_snippet_shows_the_first_mark_even_far_into_the_text() {
        let marks = vec!["危房".to_string()];
        let text = format!("{}反映危房问题{}", "甲".repeat(50), "乙".repeat(50));
        let runs = snippet(&text, &marks, 20);
        let shown: String = runs.iter().map(|(s, _)| s.as_str()).collect();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(runs.contains(&("危房".to_string(), true)), "{runs:?}");
        assert_eq!(shown.chars().filter(|c| *c != '…').count(), 20);
        // A short text is shown whole, its mark in place.
        let runs = snippet("危房未修", &marks, 20);
        assert_eq!(
            runs,
            vec![("危房".to_string(), true), ("未修".to_string(), false)]
        );
        // No mark: the start of the text.
        let runs = snippet(&"丙".repeat(30), &[], 10);
        assert_eq!(runs, vec![(format!("{}…", "丙".repeat(10)), false)]);
    }
}
