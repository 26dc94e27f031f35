//! 问题类别建议: the categories a matter's words point to, best first, for
//! the registration form and `GET /api/v1/categories/suggest`.

use serde::Serialize;
use xinfang_domain::category_hint::{CategoryWords, Hint};

use crate::services::{ServiceResult, field_error};

/// One category pointed to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CategoryHintJson {
    /// 问题类别, e.g. 危房改造
    pub category: String,
    /// Its key, e.g. housing
    pub key: String,
    /// The words of the matter that point to it
    pub words: Vec<String>,
    /// Their length in characters (the suggestion has the most)
    pub score: usize,
}

/// The suggestion and the other candidates.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CategorySuggestionJson {
    /// The suggested category (null when no word points anywhere: choose by hand)
    pub suggestion: Option<CategoryHintJson>,
    /// The other categories pointed to, best first
    pub alternatives: Vec<CategoryHintJson>,
}

fn json(h: &Hint) -> CategoryHintJson {
    CategoryHintJson {
        category: h.category.label().into(),
        key: h.category.as_str().into(),
        words: h.words.clone(),
        score: h.score,
    }
}

/// The hints of `text`, best first.
pub fn hints(text: &str) -> Vec<CategoryHintJson> {
    CategoryWords::shipped()
        .hints(text)
        .iter()
        .map(json)
        .collect()
}

/// The suggestion for `text` (required).
pub fn suggest(text: &str) -> ServiceResult<CategorySuggestionJson> {
    if text.trim().is_empty() {
        return Err(field_error("text", "反映问题", "不能为空"));
    }
    let mut all = hints(text);
    let suggestion = (!all.is_empty()).then(|| all.remove(0));
    Ok(CategorySuggestionJson {
        suggestion,
        alternatives: all,
    })
}
