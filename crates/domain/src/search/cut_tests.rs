//! The segmenter against jieba-rs with its own dictionary: every cut of
//! every text must be the same words in the same order, so the full-text
//! index written by earlier builds (jieba-rs's cuts) is still the index
//! of this one.

use std::sync::LazyLock;

use jieba_rs::Jieba;
use proptest::prelude::*;

use super::SEGMENTER;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The same words as jieba-rs in both modes, or which text and mode differ.
fn same_as_jieba(text: &str) -> Result<(), String> {
    let theirs: Vec<&str> = JIEBA.cut(text, true).iter().map(|t| t.word).collect();
    let ours = SEGMENTER.cut(text);
    if ours != theirs {
        return Err(format!(
            "cut {text:?}:\n ours   {ours:?}\n jieba  {theirs:?}"
        ));
    }
    let theirs: Vec<&str> = JIEBA
        .cut_for_search(text, true)
        .iter()
        .map(|t| t.word)
        .collect();
    let ours = SEGMENTER.cut_for_search(text);
    if ours != theirs {
        return Err(format!(
            "search {text:?}:\n ours   {ours:?}\n jieba  {theirs:?}"
        ));
    }
    Ok(())
}

#[path = "../../tests/support/chinese_lines.rs"]
mod chinese_lines;

#[test]
fn every_chinese_line_of_the_repository_is_cut_as_jieba_cuts_it() {
    let lines = chinese_lines::chinese_lines();
    assert!(lines.len() > 5_000, "only {} lines found", lines.len());
    let differ: Vec<String> = lines
        .iter()
        .filter_map(|l| same_as_jieba(l).err())
        .take(5)
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn texts_worked_by_hand_are_cut_as_jieba_documents() {
    // jieba's own examples (its README): the precise and the search cut.
    assert_eq!(
        SEGMENTER.cut("我来到北京清华大学"),
        ["我", "来到", "北京", "清华大学"]
    );
    assert_eq!(
        SEGMENTER.cut_for_search("小明硕士毕业于中国科学院计算所"),
        [
            "小明",
            "硕士",
            "毕业",
            "于",
            "中国",
            "科学",
            "学院",
            "科学院",
            "中国科学院",
            "计算",
            "计算所"
        ]
    );
    // 杭研 is in no dictionary: the model joins it.
    assert_eq!(
        SEGMENTER.cut("他来到了网易杭研大厦"),
        ["他", "来到", "了", "网易", "杭研", "大厦"]
    );
    // 髎 begins no dictionary word, so a route stepping on it counts it as
    // frequency 1. Of 60 101 964 in all, 上髎 (3) scores ln 3 - ln total
    // = -16.81; 上 (258 101) then 髎 alone scores 12.46 - 17.91 - 17.91
    // = -23.36. The word wins.
    assert_eq!(SEGMENTER.cut("上髎"), ["上髎"]);
    // Outside a block every character is a word, and \r\n one.
    assert_eq!(SEGMENTER.cut("a，b\r\n"), ["a", "，", "b", "\r\n"]);
    assert_eq!(SEGMENTER.cut_for_search("WES-5.4.5"), ["WES", "WES-5.4.5"]);
}

/// Characters of every kind the segmenter treats apart: common Chinese,
/// letters and digits, the joiners, punctuation and spaces, CJK beyond
/// the main block and beyond the BMP, and an emoji.
const ODD: &[&str] = &[
    "a", "Z", "7", "0", ".", "_", "-", "+", "#", "&", "%", "，", "。", "、", "（", "）", "〔",
    "〕", " ", "\r", "\n", "\r\n", "\t", "㐀", "𠀀", "豈", "😀", "的", "了", "危", "房", "补",
    "助",
];

fn dictionary_words() -> &'static [&'static str] {
    static WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        include_str!("../../data/jieba-dict.txt")
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect()
    });
    &WORDS
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    /// Texts of dictionary words run together (so words overlap and the
    /// route has to choose) with odd characters between.
    #[test]
    fn texts_of_run_together_words_are_cut_as_jieba_cuts_them(
        parts in prop::collection::vec((any::<prop::sample::Index>(), 0..ODD.len() * 3), 0..24)
    ) {
        let words = dictionary_words();
        let mut text = String::new();
        for (word, odd) in parts {
            text.push_str(words[word.index(words.len())]);
            if let Some(c) = ODD.get(odd) {
                text.push_str(c);
            }
        }
        if let Err(e) = same_as_jieba(&text) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Texts of single characters, so that runs the dictionary does not
    /// know go to the model.
    #[test]
    fn texts_of_loose_characters_are_cut_as_jieba_cuts_them(
        chars in prop::collection::vec(prop_oneof![
            4 => (0x4E00u32..0x9FA6).prop_map(|c| char::from_u32(c).unwrap_or('一').to_string()),
            1 => prop::sample::select(ODD).prop_map(str::to_string),
        ], 0..40)
    ) {
        let text: String = chars.concat();
        if let Err(e) = same_as_jieba(&text) {
            prop_assert!(false, "{}", e);
        }
    }
}
