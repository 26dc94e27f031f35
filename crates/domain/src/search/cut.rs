//! jieba's segmentation, word for word as jieba-rs cuts, over a dictionary
//! that costs no heap. jieba-rs keeps its dictionary of 349 045 words in a
//! hash trie and tables (35 MB resident once loaded, more than the whole
//! server's budget). Here the same words and frequencies are a
//! finite-state transducer built at compile time (`build.rs`), some 3 MB
//! read in place from the binary. jieba-rs still cuts what the dictionary
//! does not know, with its hidden Markov model, from an instance with no
//! dictionary.
//!
//! The steps are jieba's:
//! 1. The text is split into blocks of CJK characters, ASCII letters and
//!    digits and `+#&._%-`; every other character is a word of its own
//!    (`\r\n` one word).
//! 2. In a block, every dictionary word starting at each character is
//!    found, and the route through the block with the highest product of
//!    word frequencies is taken (a character no word starts with counts as
//!    frequency 1; of equal routes, the longer word first).
//! 3. A run of characters the route leaves single is one word when the
//!    dictionary has the run, and is cut by the hidden Markov model when it
//!    does not.
//!
//! Search mode adds, for each word of more than two characters, the
//! dictionary words of two and, above three, of three characters inside
//! it, and for a word joined by `.`, `_` or `-`, its parts with a letter.

use std::sync::LazyLock;

use fst::raw::{Fst, Output};
use jieba_rs::Jieba;

include!(concat!(env!("OUT_DIR"), "/jieba_total.rs"));

/// jieba's dictionary: each word's frequency.
static WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba.fst"));

/// The transducer over `WORDS` and the hidden Markov model.
pub(super) struct Segmenter {
    words: Fst<&'static [u8]>,
    log_total: f64,
    /// jieba-rs with no dictionary: it cuts a whole run by the model.
    model: Jieba,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter")
            .field("words", &self.words.len())
            .finish()
    }
}

pub(super) static SEGMENTER: LazyLock<Segmenter> = LazyLock::new(|| Segmenter {
    words: Fst::new(WORDS).expect("the dictionary built by build.rs"),
    log_total: (TOTAL as f64).ln(),
    model: Jieba::empty(),
});

/// A character outside the main CJK block that jieba counts as CJK.
fn is_cjk_extension(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
    )
}

/// A character of a block the dictionary is consulted for.
fn in_block(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}')
        || c.is_ascii_alphanumeric()
        || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
        || is_cjk_extension(c)
}

/// What joins two runs of letters and digits into one word.
fn is_connector(c: char) -> bool {
    matches!(c, '.' | '_' | '-')
}

/// A block of text the dictionary is consulted for: its characters (byte
/// offsets in the block) and the dictionary words starting at each, their
/// ends (the index of the character after) and frequencies, shortest
/// first; `starts[k]..starts[k + 1]` are character `k`'s.
struct Block<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    edges: Vec<(usize, u64)>,
    starts: Vec<usize>,
}

/// The byte offset of character `k` of a block of `len` bytes whose
/// characters are `chars` (the block's end past the last).
fn offset(chars: &[(usize, char)], len: usize, k: usize) -> usize {
    chars.get(k).map_or(len, |&(b, _)| b)
}

impl Block<'_> {
    /// The byte offset of character `k`.
    fn at(&self, k: usize) -> usize {
        offset(&self.chars, self.text.len(), k)
    }

    /// The words starting at character `k`.
    fn words_at(&self, k: usize) -> &[(usize, u64)] {
        &self.edges[self.starts[k]..self.starts[k + 1]]
    }

    /// Whether characters `x..y` are a dictionary word.
    fn is_word(&self, x: usize, y: usize) -> bool {
        self.words_at(x).iter().any(|&(end, _)| end == y)
    }
}

/// A word and, when it was cut from a block, the block and the indexes
/// of its first character there and of the character after its last.
struct Cut<'a, 'b> {
    word: &'a str,
    block: Option<(&'b Block<'a>, usize, usize)>,
}

/// One step of a block's best route: the log-probability of the rest of
/// the block from this character, and the character after its word.
#[derive(Clone, Copy)]
struct Step {
    prob: f64,
    end: usize,
}

impl Segmenter {
    /// The words of `text` in jieba's precise mode (with the model).
    pub(super) fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        let mut words = Vec::new();
        self.each(text, |cut| words.push(cut.word));
        words
    }

    /// The words of `text` in jieba's search mode (with the model).
    pub(super) fn cut_for_search<'a>(&self, text: &'a str) -> Vec<&'a str> {
        let mut words = Vec::new();
        self.each(text, |cut| {
            let word = cut.word;
            if word.contains(is_connector) {
                words.extend(word.split(is_connector).filter(|part| {
                    part.len() >= 2 && part.bytes().any(|b| b.is_ascii_alphabetic())
                }));
            }
            let Some((block, first, end)) = cut.block else {
                words.push(word);
                return;
            };
            for len in [2, 3] {
                if end - first > len {
                    for i in first..=end - len {
                        if block.is_word(i, i + len) {
                            words.push(&block.text[block.at(i)..block.at(i + len)]);
                        }
                    }
                }
            }
            words.push(word);
        });
        words
    }

    /// Every word of `text` in order.
    fn each<'a>(&self, text: &'a str, mut emit: impl FnMut(Cut<'a, '_>)) {
        let mut rest = text;
        while let Some(first) = rest.chars().next() {
            let inside = in_block(first);
            let len = rest
                .char_indices()
                .find(|&(_, c)| in_block(c) != inside)
                .map_or(rest.len(), |(i, _)| i);
            let (run, after) = rest.split_at(len);
            rest = after;
            if inside {
                let block = self.block(run);
                self.cut_block(&block, &mut emit);
            } else {
                let mut i = 0;
                while i < run.len() {
                    let n = if run[i..].starts_with("\r\n") {
                        2
                    } else {
                        run[i..].chars().next().map_or(1, char::len_utf8)
                    };
                    emit(Cut {
                        word: &run[i..i + n],
                        block: None,
                    });
                    i += n;
                }
            }
        }
    }

    /// `text` as a block: its characters and the dictionary words starting
    /// at each, found by walking the transducer from each character.
    fn block<'a>(&self, text: &'a str) -> Block<'a> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let bytes = text.as_bytes();
        let mut edges = Vec::with_capacity(chars.len() * 2);
        let mut starts = Vec::with_capacity(chars.len() + 1);
        for start in 0..chars.len() {
            starts.push(edges.len());
            let mut node = self.words.root();
            let mut out = Output::zero();
            let mut next_char = start + 1;
            let mut char_end = offset(&chars, bytes.len(), next_char);
            for (at, &byte) in bytes.iter().enumerate().skip(chars[start].0) {
                let Some(i) = node.find_input(byte) else {
                    break;
                };
                let t = node.transition(i);
                out = out.cat(t.out);
                node = self.words.node(t.addr);
                if at + 1 == char_end {
                    if node.is_final() {
                        edges.push((next_char, out.cat(node.final_output()).value()));
                    }
                    next_char += 1;
                    char_end = offset(&chars, bytes.len(), next_char);
                }
            }
        }
        starts.push(edges.len());
        Block {
            text,
            chars,
            edges,
            starts,
        }
    }

    /// The best route through a block, as jieba works it: from the last
    /// character back, each step the word maximising its log-frequency
    /// (less the log of the total) plus the rest's.
    fn route(&self, block: &Block) -> Vec<Step> {
        let n = block.chars.len();
        let mut route = vec![Step { prob: 0.0, end: n }; n + 1];
        let lone = 0.0 - self.log_total;
        for idx in (0..n).rev() {
            let mut best: Option<Step> = None;
            for &(end, freq) in block.words_at(idx) {
                let prob = (freq as f64).ln() - self.log_total + route[end].prob;
                if best.is_none_or(|b| prob > b.prob || (prob == b.prob && end > b.end)) {
                    best = Some(Step { prob, end });
                }
            }
            route[idx] = best.unwrap_or(Step {
                prob: lone + route[idx + 1].prob,
                end: idx + 1,
            });
        }
        route
    }

    /// The words of one block.
    fn cut_block<'a, 'b>(&self, block: &'b Block<'a>, emit: &mut impl FnMut(Cut<'a, 'b>)) {
        let route = self.route(block);
        let mut span = |x: usize, y: usize| {
            emit(Cut {
                word: &block.text[block.at(x)..block.at(y)],
                block: Some((block, x, y)),
            })
        };
        let n = block.chars.len();
        let mut single_from: Option<usize> = None;
        let mut x = 0;
        while x < n {
            let y = route[x].end;
            if y - x == 1 {
                single_from.get_or_insert(x);
            } else {
                if let Some(from) = single_from.take() {
                    self.cut_singles(block, from, x, &mut span);
                }
                span(x, y);
            }
            x = y;
        }
        if let Some(from) = single_from {
            self.cut_singles(block, from, n, &mut span);
        }
    }

    /// A run `x..y` of characters the route left single: one word each
    /// when the run is a dictionary word, else cut by the model.
    fn cut_singles(&self, block: &Block, x: usize, y: usize, span: &mut impl FnMut(usize, usize)) {
        if y - x == 1 {
            span(x, y);
        } else if block.is_word(x, y) {
            (x..y).for_each(|k| span(k, k + 1));
        } else {
            let mut k = x;
            for token in self.model.cut(&block.text[block.at(x)..block.at(y)], true) {
                let n = token.word.chars().count();
                span(k, k + n);
                k += n;
            }
        }
    }
}

#[cfg(test)]
#[path = "cut_tests.rs"]
mod tests;
