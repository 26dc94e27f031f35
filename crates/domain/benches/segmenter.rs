//! jieba's cuts two ways, on every line of Chinese in the repository (the
//! README, the docs, the UI's words, the tests' case texts): this crate's
//! segmenter, through `search::index_words` (its search-mode cut, split
//! into the index's words), against jieba-rs with its own dictionary
//! (`Jieba::cut_for_search` alone, so less work than ours). Both give the
//! same words (`search::cut`'s tests); this measures what each costs: the
//! first use, the time per line, and the memory the process holds after.
//! A third run indexes with Jian'an's 95 township and village names as
//! place words (`search::Places`), what the server does.
//!
//! ```sh
//! cargo bench -p xinfang-domain --bench segmenter
//! ```
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::time::Instant;

use jieba_rs::Jieba;
use xinfang_domain::district::District;
use xinfang_domain::org::OrgKind;
use xinfang_domain::search::{Places, index_words, warm_up};

#[path = "../tests/support/chinese_lines.rs"]
mod chinese_lines;

/// Resident memory of this process, in MB.
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Times `open` (the segmenter's first use, with one short cut) and then
/// `cut` over the corpus five times, and the memory from before `open`.
fn measure<T>(
    what: &str,
    corpus: &[String],
    open: impl FnOnce() -> T,
    cut: impl Fn(&T, &str) -> usize,
) {
    let rounds = 5;
    let chars: usize = corpus.iter().map(|l| l.chars().count()).sum();
    let before = rss_mb();
    let t = Instant::now();
    let segmenter = open();
    let opened = t.elapsed();
    let t = Instant::now();
    let mut words = 0;
    for _ in 0..rounds {
        for line in corpus {
            words += cut(&segmenter, line);
        }
    }
    let took = t.elapsed();
    println!(
        "{what:<9} first use {:>7.2} ms  {:>5.2} µs a line  {:>5.1} M characters/s  {words:>8} words  RSS {before:.1} → {:.1} MB",
        opened.as_secs_f64() * 1e3,
        took.as_secs_f64() * 1e6 / (rounds * corpus.len()) as f64,
        (rounds * chars) as f64 / took.as_secs_f64() / 1e6,
        rss_mb(),
    );
}

fn main() {
    let corpus = chinese_lines::chinese_lines();
    let chars: usize = corpus.iter().map(|l| l.chars().count()).sum();
    println!("{} lines, {chars} characters", corpus.len());
    measure(
        "xinfang",
        &corpus,
        || {
            warm_up();
            index_words(&Places::default(), ["危房改造补助"])
        },
        |_, line| index_words(&Places::default(), [line]).len(),
    );
    let district = District::jianan();
    let names = district
        .orgs
        .iter()
        .filter(|o| matches!(o.kind, OrgKind::Township | OrgKind::Village))
        .map(|o| o.name.as_str());
    let places = Places::new(names);
    measure(
        "+places",
        &corpus,
        || index_words(&places, ["危房改造补助"]),
        |_, line| index_words(&places, [line]).len(),
    );
    measure(
        "jieba-rs",
        &corpus,
        || {
            let jieba = Jieba::new();
            jieba.cut_for_search("危房改造补助", true);
            jieba
        },
        |jieba, line| jieba.cut_for_search(line, true).len(),
    );
}
