//! Builds the segmenter's dictionary (`search::cut`) at compile time:
//! jieba's dictionary (`data/jieba-dict.txt`, one `word frequency tag` a
//! line) as a finite-state transducer from each word to its frequency,
//! and the frequencies' total. The binary holds the transducer and reads
//! it in place, so a process that segments text keeps no copy of the
//! dictionary on its heap.

use std::env;
use std::fs;
use std::path::PathBuf;

const DICTIONARY: &str = "data/jieba-dict.txt";

fn main() {
    println!("cargo::rerun-if-changed={DICTIONARY}");
    println!("cargo::rerun-if-changed=build.rs");
    let text = fs::read_to_string(DICTIONARY).expect("read data/jieba-dict.txt");
    let mut words: Vec<(&str, u64)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq = fields.next().map_or(0, |f| {
            f.parse()
                .unwrap_or_else(|_| panic!("line {}: frequency {f:?} is not a number", n + 1))
        });
        words.push((word, freq));
    }
    // jieba totals every line; a word given twice would count twice there
    // and once here, so the dictionary must not have one.
    let total: u64 = words.iter().map(|&(_, f)| f).sum();
    words.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    if let Some(w) = words.windows(2).find(|w| w[0].0 == w[1].0) {
        panic!("{DICTIONARY}: {} is given twice", w[0].0);
    }
    let mut map = fst::MapBuilder::memory();
    for (word, freq) in &words {
        map.insert(word, *freq).expect("words in byte order");
    }
    let bytes = map.into_inner().expect("the transducer");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    fs::write(out.join("jieba.fst"), bytes).expect("write jieba.fst");
    fs::write(
        out.join("jieba_total.rs"),
        format!("/// The dictionary's frequencies, summed.\nconst TOTAL: u64 = {total};\n"),
    )
    .expect("write jieba_total.rs");
}
