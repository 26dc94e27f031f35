//! 按原文匹配 through an index — the pairs of characters a case's number,
//! summary and petitioner's name say.
//!
//! A query whose words find nothing (a fragment of a word, `林东` of
//! `榆林东村`), or that has no word (`危`, a surname), is matched as
//! written: the text must occur in the case's number, summary or
//! petitioner's name. A scan of every case for it took two seconds at a
//! million. So those three texts are indexed under their grams as well:
//! in each run of letters and digits (lower-cased), every two characters
//! side by side, and the run's last character alone. Every character a
//! text says begins one of its grams, and every two side by side are one.
//!
//! A query of one character then asks for any gram beginning with it; of
//! two, for that gram; both exactly the texts that say it. A longer query
//! asks for each of its pairs, which every text saying it has, and the
//! texts so found are read again for the query as written.
//!
//! Digits are the exception. Every case number says `〔2025〕` and four
//! more digits, so pairs of digits are among the commonest grams, and a
//! fragment of a number (`〔2025〕1990`) asked for by its pairs made the
//! index intersect lists of most cases (55 ms in a township at a million).
//! So each run of three or more digits (ASCII) is also indexed from each of
//! its digits on, to its end, [`DIGITS_KEPT`] digits at most (`20251990`
//! gives `20251990`, `0251990`, … `990`), and a query's run of three or more
//! digits asks for any gram *beginning* with it ([`GramTerm::Digits`]):
//! exactly the texts whose digits say it. Of several such runs a query asks
//! for its longest only (see [`GramQuery::of`]).

/// The most digits of a run of digits an index's gram keeps (and a
/// query's asks for): longer runs are found by their first as many, and
/// read again.
pub const DIGITS_KEPT: usize = 12;

/// The fewest digits a run of digits is indexed from each digit on for:
/// shorter fragments are asked for by their pairs or first character.
const DIGITS_FROM: usize = 3;

/// The lower-cased runs of letters and digits of `text`.
fn runs(text: &str) -> impl Iterator<Item = Vec<char>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|run| !run.is_empty())
        .map(|run| run.chars().flat_map(char::to_lowercase).collect())
}

/// The grams `texts` are indexed under (see the module): of each run of
/// letters and digits of each text, every pair of characters side by
/// side and the last character alone, in order, repeats kept; then of
/// each run of [`DIGITS_FROM`] or more digits, the digits from each on
/// (at most [`DIGITS_KEPT`]) while [`DIGITS_FROM`] or more are left. Each
/// text is its own: no gram spans two.
pub fn index_grams<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut grams = Vec::new();
    for text in texts {
        for run in runs(text) {
            grams.extend(run.windows(2).map(|pair| pair.iter().collect::<String>()));
            if let Some(last) = run.last() {
                grams.push(last.to_string());
            }
            for digits in digit_runs(&run) {
                for from in 0..=digits.len() - DIGITS_FROM {
                    let end = digits.len().min(from + DIGITS_KEPT);
                    grams.push(digits[from..end].iter().collect());
                }
            }
        }
    }
    grams
}

/// Whether the pair of `run` at `i` lies within a run of [`DIGITS_FROM`]
/// or more digits.
fn within_digits(run: &[char], i: usize) -> bool {
    let digit = |j: usize| run.get(j).is_some_and(char::is_ascii_digit);
    if !(digit(i) && digit(i + 1)) {
        return false;
    }
    let start = (0..=i).rev().take_while(|&j| digit(j)).last().unwrap_or(i);
    let end = (i + 1..run.len())
        .take_while(|&j| digit(j))
        .last()
        .unwrap_or(i + 1);
    end + 1 - start >= DIGITS_FROM
}

/// The runs of [`DIGITS_FROM`] or more ASCII digits in `run`.
fn digit_runs(run: &[char]) -> impl Iterator<Item = &[char]> {
    run.split(|c| !c.is_ascii_digit())
        .filter(|digits| digits.len() >= DIGITS_FROM)
}

/// One gram a [`GramQuery`] asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GramTerm {
    /// This gram (two characters).
    Pair(String),
    /// Any gram beginning with this character.
    Starting(String),
    /// Any gram beginning with these digits ([`DIGITS_FROM`] to
    /// [`DIGITS_KEPT`] of them): a run of digits saying them.
    Digits(String),
}

/// A text as written, as the index of grams is asked for it: every term
/// must be among a case's grams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GramQuery {
    terms: Vec<GramTerm>,
    exact: bool,
}

impl GramQuery {
    /// The grams `text` (trimmed) is looked up by; None when it has no
    /// letter or digit (punctuation only), which only a scan can find.
    pub fn of(text: &str) -> Option<GramQuery> {
        let text = text.trim();
        let runs: Vec<Vec<char>> = runs(text).collect();
        let mut terms: Vec<GramTerm> = Vec::new();
        for run in &runs {
            let mut found: Vec<GramTerm> = match run.as_slice() {
                [one] => vec![GramTerm::Starting(one.to_string())],
                // Pairs of two digits within a run of digits are left to
                // the run's own gram, which says them all.
                _ => run
                    .windows(2)
                    .enumerate()
                    .filter(|&(i, _)| !within_digits(run, i))
                    .map(|(_, pair)| GramTerm::Pair(pair.iter().collect()))
                    .collect(),
            };
            found.extend(
                digit_runs(run)
                    .map(|d| GramTerm::Digits(d[..d.len().min(DIGITS_KEPT)].iter().collect())),
            );
            for term in found {
                if !terms.contains(&term) {
                    terms.push(term);
                }
            }
        }
        // Of several runs of digits, only the longest (the last of equals)
        // is asked for: a year's four digits begin the grams of most cases
        // (`2025` those of 211 606 of a million, 19 ms to gather; the
        // `1990` of `〔2025〕1990`, 506, 0.3 ms), and the cases found are
        // read again for the whole query anyway.
        let longest = terms
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match t {
                GramTerm::Digits(d) => Some((d.len(), i)),
                _ => None,
            })
            .max()
            .map(|(_, i)| i);
        let terms: Vec<GramTerm> = terms
            .into_iter()
            .enumerate()
            .filter(|(i, t)| !matches!(t, GramTerm::Digits(_)) || Some(*i) == longest)
            .map(|(_, t)| t)
            .collect();
        let whole = runs.len() == 1 && text.chars().all(char::is_alphanumeric);
        // One or two characters, or up to DIGITS_KEPT digits: exactly
        // the texts saying them.
        let digits_only = (DIGITS_FROM..=DIGITS_KEPT).contains(&text.len())
            && text.chars().all(|c| c.is_ascii_digit());
        let exact = whole && (runs[0].len() <= 2 || digits_only);
        (!terms.is_empty()).then_some(GramQuery { terms, exact })
    }

    /// The grams asked for, each once.
    pub fn terms(&self) -> &[GramTerm] {
        &self.terms
    }

    /// Whether the cases having these grams are exactly those whose texts
    /// say the query (one or two letters or digits); else they are a few
    /// more, to be read again for the query as written.
    pub fn exact(&self) -> bool {
        self.exact
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `text` says `query`, by the grams alone: every term among
    /// its grams.
    fn grams_find(text: &str, query: &str) -> bool {
        let grams = index_grams([text]);
        GramQuery::of(query).is_some_and(|q| {
            q.terms().iter().all(|t| match t {
                GramTerm::Pair(p) => grams.contains(p),
                GramTerm::Starting(c) | GramTerm::Digits(c) => {
                    grams.iter().any(|g| g.starts_with(c.as_str()))
                }
            })
        })
    }

    #[test]
    fn a_text_is_indexed_under_each_pair_and_each_runs_last_character() {
        assert_eq!(
            index_grams(["榆林东村，Ab3", "王五"]),
            ["榆林", "林东", "东村", "村", "ab", "b3", "3", "王五", "五"]
        );
        assert!(index_grams(["，。 ", ""]).is_empty());
    }

    #[test]
    fn one_or_two_characters_are_found_exactly_by_the_grams() {
        let text = "反映榆林东村危房，AB户";
        // Every substring of one or two letters or digits of the text.
        let chars: Vec<char> = text.chars().collect();
        for n in 1..=2 {
            for w in chars.windows(n) {
                let q: String = w.iter().collect();
                if w.iter().all(|c| c.is_alphanumeric()) {
                    assert!(grams_find(text, &q), "{q}");
                    assert!(GramQuery::of(&q).expect("grams").exact(), "{q}");
                } else {
                    // With punctuation: more than said, to be read again.
                    assert!(!GramQuery::of(&q).is_some_and(|g| g.exact()), "{q}");
                }
            }
        }
        for q in ["东危", "户A", "喻", "映反", "bA户"] {
            assert!(!grams_find(text, q), "{q}");
        }
        // Case is not told apart.
        assert!(grams_find(text, "ab") && grams_find(text, "b"));
    }

    #[test]
    fn a_longer_query_finds_every_text_that_says_it_and_is_read_again() {
        let text = "反映榆林东村危房，AB户";
        for q in ["榆林东村", "林东村危房", "房，ab", "AB户"] {
            let query = GramQuery::of(q).expect("grams");
            assert!(grams_find(text, q), "{q}");
            assert!(!query.exact(), "{q}");
        }
        // Its pairs are all there, the query is not: the read again decides.
        assert!(grams_find("东村林东", "林东村"));
        // No pair spans two texts, or a run's end.
        assert!(!grams_find("榆林，东村", "林东"));
        assert!(!index_grams(["榆林", "东村"]).contains(&"林东".to_string()));
    }

    #[test]
    fn a_query_asks_for_each_gram_once_and_punctuation_alone_for_none() {
        let q = GramQuery::of(" 危危危 ").expect("grams");
        assert_eq!(q.terms(), [GramTerm::Pair("危危".into())]);
        let q = GramQuery::of("王 明").expect("grams");
        assert_eq!(
            q.terms(),
            [
                GramTerm::Starting("王".into()),
                GramTerm::Starting("明".into())
            ]
        );
        assert!(!q.exact());
        assert_eq!(GramQuery::of("，。"), None);
        assert_eq!(GramQuery::of("   "), None);
    }

    #[test]
    fn a_run_of_digits_is_indexed_from_each_digit_on_and_asked_for_whole() {
        let grams = index_grams(["建安信访〔2025〕1990号", "12"]);
        for g in ["2025", "025", "1990", "990", "20", "25", "号"] {
            assert!(grams.contains(&g.to_string()), "{g}");
        }
        // Two digits are no run of them; nor are digits of two texts.
        assert!(!grams.iter().any(|g| g.len() > 2 && g.starts_with("12")));
        assert!(!grams.contains(&"19901".to_string()));
        // A long run keeps DIGITS_KEPT digits a gram.
        let long = index_grams(["身份证号110105194912310021"]);
        assert!(long.contains(&"110105194912".to_string()));
        assert!(long.contains(&"021".to_string()));
        assert!(long.iter().all(|g| g.chars().count() <= DIGITS_KEPT));

        // A number's fragment asks for its longest run of digits (the last
        // of equals), not their pairs.
        let q = GramQuery::of("〔2025〕1990").expect("grams");
        assert_eq!(q.terms(), [GramTerm::Digits("1990".into())]);
        assert!(!q.exact());
        let q = GramQuery::of("〔2025〕199号 ab").expect("grams");
        assert_eq!(
            q.terms(),
            [
                GramTerm::Digits("2025".into()),
                GramTerm::Pair("9号".into()),
                GramTerm::Pair("ab".into())
            ]
        );
        // Pairs across a digit and another character stay.
        let q = GramQuery::of("号1990").expect("grams");
        assert_eq!(
            q.terms(),
            [
                GramTerm::Pair("号1".into()),
                GramTerm::Digits("1990".into())
            ]
        );
        // Digits alone, up to DIGITS_KEPT of them, are found exactly.
        for (q, exact) in [("199", true), ("1990", true), ("110105194912", true)] {
            assert_eq!(GramQuery::of(q).expect("grams").exact(), exact, "{q}");
        }
        let q = GramQuery::of("1101051949123").expect("grams");
        assert!(!q.exact());
        assert_eq!(q.terms(), [GramTerm::Digits("110105194912".into())]);
    }

    #[test]
    fn every_fragment_of_a_text_with_digits_is_found_by_its_grams() {
        let text = "〔2025〕19901号反映2024年补助3000元未到，电话13800138000";
        let chars: Vec<char> = text.chars().collect();
        for from in 0..chars.len() {
            for to in from + 1..=chars.len().min(from + 16) {
                let q: String = chars[from..to].iter().collect();
                if GramQuery::of(&q).is_some() {
                    assert!(grams_find(text, &q), "{q}");
                }
            }
        }
        // Digits the text does not say, in a run or across two.
        for q in ["1991", "20251990", "3000元到", "138001380001", "20242"] {
            assert!(!grams_find(text, q), "{q}");
        }
        // Exact queries of digits find nothing more than the text says.
        for q in ["990", "0013", "138001380"] {
            assert!(GramQuery::of(q).expect("grams").exact(), "{q}");
            assert!(grams_find(text, q), "{q}");
        }
    }
}
