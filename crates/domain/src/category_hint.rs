//! 问题类别建议 — a suggested category from the words of a matter, with the
//! words that led to it, for the officer to accept or change. The words
//! are data (`rules/categories.json`): each found word scores its length in
//! characters (a longer phrase says more than a short one), each counted
//! once; the highest score is the suggestion, ties going to the earlier
//! category of the seed's list.

use serde::Serialize;

use crate::errors::FieldErrors;
use crate::vocab::Category;

/// The shipped words.
pub const DEFAULT_JSON: &str = include_str!("../../../rules/categories.json");

/// The words of every category, in the categories' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryWords(pub Vec<(Category, Vec<String>)>);

/// A category with the words of the matter that point to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hint {
    /// The category.
    pub category: Category,
    /// The words found, in the list's order.
    pub words: Vec<String>,
    /// Their total length in characters.
    pub score: usize,
}

impl CategoryWords {
    /// Read the words file: `{"categories": {"危房改造": ["危房", …], …}}`;
    /// an unknown category, a category without words or an empty word is
    /// an error naming it.
    pub fn parse(json: &str) -> Result<CategoryWords, FieldErrors> {
        let mut errors = FieldErrors::default();
        let value: serde_json::Value = match serde_json::from_str(json) {
            Ok(v) => v,
            Err(e) => {
                errors.add(
                    "categories",
                    "问题类别提示词",
                    format!("不是有效的 JSON：{e}"),
                );
                return Err(errors);
            }
        };
        let Some(map) = value.get("categories").and_then(|c| c.as_object()) else {
            errors.add("categories", "问题类别提示词", "缺少 categories");
            return Err(errors);
        };
        let mut out = Vec::new();
        for (name, words) in map {
            let field = format!("categories.{name}");
            let Some(category) = Category::parse(name) else {
                errors.add(&field, name, "没有这个问题类别");
                continue;
            };
            let list: Vec<String> = words
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|w| w.as_str())
                        .map(|w| w.trim().to_string())
                        .collect()
                })
                .unwrap_or_default();
            if list.is_empty() {
                errors.add(&field, name, "至少列出一个词");
            } else if list.iter().any(String::is_empty) {
                errors.add(&field, name, "词不能为空");
            }
            out.push((category, list));
        }
        out.sort_by_key(|(c, _)| Category::ALL.iter().position(|x| x == c));
        errors.into_result(CategoryWords(out))
    }

    /// The shipped words.
    pub fn shipped() -> CategoryWords {
        CategoryWords::parse(DEFAULT_JSON).unwrap_or(CategoryWords(Vec::new()))
    }

    /// Every category whose words appear in `text`, best first.
    pub fn hints(&self, text: &str) -> Vec<Hint> {
        let mut found: Vec<(usize, Hint)> = self
            .0
            .iter()
            .enumerate()
            .filter_map(|(i, (category, words))| {
                let mut hit: Vec<String> = Vec::new();
                for w in words {
                    // A word inside a longer word already found adds nothing.
                    if text.contains(w.as_str()) && !hit.iter().any(|h| h.contains(w.as_str())) {
                        hit.push(w.clone());
                    }
                }
                let score = hit.iter().map(|w| w.chars().count()).sum();
                (score > 0).then_some((
                    i,
                    Hint {
                        category: *category,
                        words: hit,
                        score,
                    },
                ))
            })
            .collect();
        found.sort_by(|(ia, a), (ib, b)| b.score.cmp(&a.score).then(ia.cmp(ib)));
        found.into_iter().map(|(_, h)| h).collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_words_parse_and_cover_every_category_but_other() {
        let w = CategoryWords::parse(DEFAULT_JSON).unwrap();
        let cats: Vec<Category> = w.0.iter().map(|(c, _)| *c).collect();
        let expected: Vec<Category> = Category::ALL
            .iter()
            .copied()
            .filter(|c| *c != Category::Other)
            .collect();
        assert_eq!(cats, expected);
    }

    #[test]
    fn the_longest_words_win_and_each_word_counts_once() {
        let w = CategoryWords::shipped();
        // 危房改造 (4) + 改造补助 (4) + 漏雨 (2) = 10; 危房 inside 危房改造 not again.
        let h = w.hints("反映2021年危房改造补助至今未到位，房子漏雨");
        assert_eq!(h[0].category, Category::Housing);
        assert_eq!(h[0].words, vec!["危房改造", "漏雨", "改造补助"]);
        assert_eq!(h[0].score, 10);
        assert_eq!(h.len(), 1);
        // 低保 (2) against 住院 (2) + 报销 (2): 医疗保障 leads with 4.
        let h = w.hints("住院费用报销比例低，申请低保未批");
        let got: Vec<(Category, usize)> = h.iter().map(|x| (x.category, x.score)).collect();
        assert_eq!(
            got,
            vec![(Category::Medical, 4), (Category::CivilRelief, 2)]
        );
        assert!(w.hints("要求解决邻里纠纷").is_empty());
    }

    #[test]
    fn a_bad_file_names_what_is_wrong() {
        let e = CategoryWords::parse(
            r#"{"categories": {"修桥": ["桥"], "低保": [], "危房改造": [""]}}"#,
        )
        .unwrap_err();
        let mut fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        fields.sort();
        assert_eq!(
            fields,
            vec!["categories.低保", "categories.修桥", "categories.危房改造"]
        );
        assert!(CategoryWords::parse("{").is_err());
    }
}
