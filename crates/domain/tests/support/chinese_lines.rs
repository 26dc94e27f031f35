//! Every line of Chinese in the repository (the README, the docs, the UI's
//! words, the tests' case texts, the place names; not jieba's dictionary),
//! the texts the segmenter's tests and its bench cut. Included by path
//! into `search::cut`'s tests and `benches/segmenter.rs`.

use std::path::Path;

/// Lines with a character of the main CJK block, from every file under
/// the workspace but `target` and hidden directories.
pub fn chinese_lines() -> Vec<String> {
    fn walk(dir: &Path, lines: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" {
                    walk(&path, lines);
                }
            } else if name != "jieba-dict.txt"
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                lines.extend(
                    text.lines()
                        .filter(|l| l.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)))
                        .map(str::to_string),
                );
            }
        }
    }
    let mut lines = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."),
        &mut lines,
    );
    lines
}
