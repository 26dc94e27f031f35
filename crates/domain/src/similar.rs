//! 相似案件 — the earlier cases most like a new one: same village or
//! township, same category, and what they say, compared by the character
//! pairs (bigrams) of their matters. It catches the repeats an ID number
//! misses (a petitioner who gives none, or a neighbour on the same matter).
//!
//! Each result says why ("同村、同类别、反映内容相近（相似度62%）"), so an
//! officer can judge it; the score only orders them.

use jiff::Timestamp;
use serde::Serialize;

use crate::vocab::Category;

/// Character pairs too common in petitions to say anything about the matter.
const STOP_PAIRS: [&str; 10] = [
    "反映", "问题", "要求", "申请", "至今", "没有", "一直", "情况", "信访", "希望",
];

/// A text's character pairs, each once, sorted: compared by a walk of
/// two sorted lists, with no set built for each of a pool's 3 000
/// candidates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairs(Vec<u64>);

impl Pairs {
    /// How many different pairs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No pairs at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `a` followed by `b` is one of the pairs.
    pub fn contains(&self, a: char, b: char) -> bool {
        self.0.binary_search(&pack(a, b)).is_ok()
    }

    /// How many pairs the two have in common.
    fn common(&self, other: &Pairs) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while let (Some(a), Some(b)) = (self.0.get(i), other.0.get(j)) {
            match a.cmp(b) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }
}

/// Two characters as one number, the first in the high half.
fn pack(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// The character pairs of `text`: within each run of letters, digits and
/// CJK characters (punctuation and spaces split runs), each adjacent pair
/// once, the commonest petition words left out.
pub fn shingles(text: &str) -> Pairs {
    let stop = STOP_PAIRS.map(|w| {
        let mut cs = w.chars();
        pack(cs.next().unwrap_or_default(), cs.next().unwrap_or_default())
    });
    let mut out = Vec::with_capacity(text.len() / 3);
    for run in text.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = run.chars();
        let Some(mut prev) = chars.next() else {
            continue;
        };
        for c in chars {
            let pair = pack(prev, c);
            if !stop.contains(&pair) {
                out.push(pair);
            }
            prev = c;
        }
    }
    out.sort_unstable();
    out.dedup();
    Pairs(out)
}

/// The Dice coefficient of two sets of pairs: 2·|A∩B| / (|A|+|B|), 0 when both are empty.
pub fn dice(a: &Pairs, b: &Pairs) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    2.0 * a.common(b) as f64 / total as f64
}

/// What a new case (or the case on the page) is compared by.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// 反映问题 (and whatever else the officer typed).
    pub text: String,
    /// 乡镇.
    pub township_id: Option<i64>,
    /// 村（社区）.
    pub village_id: Option<i64>,
    /// 问题类别.
    pub category: Option<Category>,
}

/// An earlier case as compared.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Id.
    pub id: i64,
    /// 案件编号.
    pub number: String,
    /// 乡镇.
    pub township_id: i64,
    /// 村（社区）.
    pub village_id: Option<i64>,
    /// 问题类别.
    pub category: Category,
    /// 反映问题.
    pub summary: String,
    /// 接待日期.
    pub received_at: Timestamp,
}

/// A similar case, with its score (0–100) and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similar {
    /// Id.
    pub id: i64,
    /// 案件编号.
    pub number: String,
    /// 0–100: half from the text, a quarter from the place, a quarter from the category.
    pub score: i64,
    /// Why, in Chinese: 同村 or 同乡镇, 同类别, 反映内容相近（相似度N%）.
    pub reasons: Vec<String>,
    /// Its text similarity, 0–1.
    pub text_similarity: f64,
}

/// The text similarity from which a candidate counts at all, unless it
/// shares both the village and the category.
pub const MIN_TEXT: f64 = 0.2;
/// The text similarity from which the matter is called 相近.
pub const CLOSE_TEXT: f64 = 0.35;

/// Score one candidate against the probe (its shingles given); None when
/// it is not similar enough to show.
pub fn score(probe: &Probe, words: &Pairs, c: &Candidate) -> Option<Similar> {
    let d = dice(words, &shingles(&c.summary));
    let same_village = probe.village_id.is_some() && probe.village_id == c.village_id;
    let same_township = probe.township_id == Some(c.township_id);
    let same_category = probe.category == Some(c.category);
    if d < MIN_TEXT && !(same_village && same_category) {
        return None;
    }
    let mut reasons = Vec::new();
    let mut points = (d * 50.0).round() as i64;
    if same_village {
        points += 25;
        reasons.push("同村".to_string());
    } else if same_township {
        points += 10;
        reasons.push("同乡镇".to_string());
    }
    if same_category {
        points += 25;
        reasons.push("同类别".to_string());
    }
    let percent = (d * 100.0).round() as i64;
    if d >= CLOSE_TEXT {
        reasons.push(format!("反映内容相近（相似度{percent}%）"));
    } else if d >= MIN_TEXT {
        reasons.push(format!("反映内容部分相同（相似度{percent}%）"));
    }
    Some(Similar {
        id: c.id,
        number: c.number.clone(),
        score: points.min(100),
        reasons,
        text_similarity: d,
    })
}

/// The `n` most similar candidates, highest score first (ties: the more
/// similar text, then the later case).
pub fn rank(probe: &Probe, candidates: &[Candidate], n: usize) -> Vec<Similar> {
    let words = shingles(&probe.text);
    let mut found: Vec<(Similar, Timestamp)> = candidates
        .iter()
        .filter_map(|c| score(probe, &words, c).map(|s| (s, c.received_at)))
        .collect();
    found.sort_by(|(a, at), (b, bt)| {
        b.score
            .cmp(&a.score)
            .then(b.text_similarity.total_cmp(&a.text_similarity))
            .then(bt.cmp(at))
    });
    found.into_iter().take(n).map(|(s, _)| s).collect()
}

#[cfg(test)]
#[path = "similar_tests.rs"]
mod tests;
