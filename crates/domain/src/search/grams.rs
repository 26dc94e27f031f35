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

/// The lower-cased runs of letters and digits of `text`.
fn runs(text: &str) -> impl Iterator<Item = Vec<char>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|run| !run.is_empty())
        .map(|run| run.chars().flat_map(char::to_lowercase).collect())
}

/// The grams `texts` are indexed under (see the module): of each run of
/// letters and digits of each text, every pair of characters side by
/// side and the last character alone, in order, repeats kept. Each text
/// is its own: no pair spans two.
pub fn index_grams<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut grams = Vec::new();
    for text in texts {
        for run in runs(text) {
            grams.extend(run.windows(2).map(|pair| pair.iter().collect::<String>()));
            if let Some(last) = run.last() {
                grams.push(last.to_string());
            }
        }
    }
    grams
}

/// One gram a [`GramQuery`] asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GramTerm {
    /// This gram (two characters).
    Pair(String),
    /// Any gram beginning with this character.
    Starting(String),
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
            let found: Vec<GramTerm> = match run.as_slice() {
                [one] => vec![GramTerm::Starting(one.to_string())],
                _ => run
                    .windows(2)
                    .map(|pair| GramTerm::Pair(pair.iter().collect()))
                    .collect(),
            };
            for term in found {
                if !terms.contains(&term) {
                    terms.push(term);
                }
            }
        }
        let whole = runs.len() == 1 && text.chars().all(char::is_alphanumeric);
        let exact = whole && runs[0].len() <= 2;
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
                GramTerm::Starting(c) => grams.iter().any(|g| g.starts_with(c.as_str())),
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
}
