//! The house's walls, for every crate of the workspace: a doc line atop every
//! file, no production file over 600 lines, and no import circle between the
//! modules of a crate at any depth of its module tree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const CRATES: [&str; 4] = ["domain", "store", "forms", "app"];

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crates/")
        .to_path_buf()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A module path of a file under `src/`: `services/cases/query.rs` →
/// `[services, cases, query]`; `mod.rs` and `lib.rs` name their folder.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Test-only modules (their own files): not part of the production graph.
fn is_test_module(module: &[String]) -> bool {
    module
        .last()
        .is_some_and(|m| m == "tests" || m.ends_with("_tests") || m.ends_with("_fixtures"))
}

/// The text of a file without its `#[cfg(test)]` tail and without comments.
fn production_text(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path this file names through `crate::` or `super::`, absolute.
fn paths_named(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let starts_word = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        if starts_word && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let (base, consumed) = base_of(module, &bytes[i..]);
            i += consumed;
            for tail in use_tree(&bytes, &mut i) {
                let mut p = base.clone();
                p.extend(tail);
                out.push(p);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The module a path starting at `s` is relative to, and how many characters
/// its `crate::` / `super::super::` prefix takes.
fn base_of(module: &[String], s: &[char]) -> (Vec<String>, usize) {
    let text: String = s.iter().take(64).collect();
    if text.starts_with("crate::") {
        return (Vec::new(), 7);
    }
    let mut ups = 0;
    let mut consumed = 0;
    while text[consumed..].starts_with("super::") {
        ups += 1;
        consumed += 7;
    }
    // In `a/b.rs` and in `a/b/mod.rs` (both module a::b) `super` is `a`.
    let keep = module.len().saturating_sub(ups);
    (module[..keep].to_vec(), consumed)
}

/// Reads `a::b::{c, d::e}` at `*i`, returning each leaf path.
fn use_tree(s: &[char], i: &mut usize) -> Vec<Vec<String>> {
    let mut prefix = Vec::new();
    loop {
        let start = *i;
        while *i < s.len() && (s[*i].is_alphanumeric() || s[*i] == '_') {
            *i += 1;
        }
        let word: String = s[start..*i].iter().collect();
        if word.is_empty() {
            if *i < s.len() && s[*i] == '{' {
                *i += 1;
                let mut leaves = Vec::new();
                loop {
                    while *i < s.len() && (s[*i].is_whitespace() || s[*i] == ',') {
                        *i += 1;
                    }
                    if *i >= s.len() || s[*i] == '}' {
                        *i += 1;
                        break;
                    }
                    let before = *i;
                    for leaf in use_tree(s, i) {
                        let mut p = prefix.clone();
                        p.extend(leaf);
                        leaves.push(p);
                    }
                    // Skip `as name` and anything else up to the next item.
                    while *i < s.len() && s[*i] != ',' && s[*i] != '}' {
                        *i += 1;
                    }
                    if *i == before {
                        *i += 1;
                    }
                }
                return leaves;
            }
            return vec![prefix];
        }
        prefix.push(word);
        if s[*i..].iter().take(2).collect::<String>() == "::" {
            *i += 2;
        } else {
            return vec![prefix];
        }
    }
}

/// The modules of a crate and the edges between them (a module naming
/// another that is neither itself, an ancestor nor a descendant).
fn module_graph(src: &Path) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files: Vec<(Vec<String>, PathBuf)> = rust_files(src)
        .into_iter()
        .map(|f| (module_of(src, &f), f))
        .filter(|(m, _)| !is_test_module(m))
        .collect();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(m, _)| m.clone()).collect();
    let resolve = |path: &[String]| -> Option<Vec<String>> {
        (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| modules.contains(p))
    };
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, file) in &files {
        let text = production_text(&std::fs::read_to_string(file).expect("read"));
        for path in paths_named(module, &text) {
            let Some(target) = resolve(&path) else {
                continue;
            };
            let related = target.starts_with(module) || module.starts_with(&target);
            if !related {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

/// Circles among the modules at `depth` (each module cut to its first
/// `depth` names): each circle as the list of its modules.
fn circles_at(
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    depth: usize,
) -> Vec<Vec<String>> {
    let mut g: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (a, targets) in edges {
        for b in targets {
            let (pa, pb) = (
                a[..a.len().min(depth)].to_vec(),
                b[..b.len().min(depth)].to_vec(),
            );
            if pa == pb || pa.starts_with(&pb) || pb.starts_with(&pa) {
                continue;
            }
            g.entry(pa).or_default().insert(pb);
        }
    }
    // A module is on a circle when it reaches itself.
    let reach = |from: &Vec<String>| -> BTreeSet<Vec<String>> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<Vec<String>> = g.get(from).into_iter().flatten().cloned().collect();
        while let Some(m) = todo.pop() {
            if seen.insert(m.clone()) {
                todo.extend(g.get(&m).into_iter().flatten().cloned());
            }
        }
        seen
    };
    let mut circles: Vec<Vec<String>> = Vec::new();
    for m in g.keys() {
        let from_m = reach(m);
        if from_m.contains(m) {
            let mut circle: Vec<String> = from_m
                .iter()
                .filter(|o| reach(o).contains(m))
                .map(|o| o.join("::"))
                .collect();
            circle.sort();
            if !circles.contains(&circle) {
                circles.push(circle);
            }
        }
    }
    circles
}

#[test]
fn no_module_of_any_crate_imports_in_a_circle() {
    let mut found = Vec::new();
    for krate in CRATES {
        let src = crates_dir().join(krate).join("src");
        let edges = module_graph(&src);
        assert!(!edges.is_empty(), "{krate}: the graph was read");
        let depth = edges.keys().map(Vec::len).max().unwrap_or(1);
        for d in 1..=depth {
            for circle in circles_at(&edges, d) {
                found.push(format!("{krate}: {}", circle.join(" ⇄ ")));
            }
        }
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn the_circle_check_sees_a_circle() {
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Vec<_>>();
    let mut edges = BTreeMap::new();
    edges.insert(m("web::pages::cases"), BTreeSet::from([m("web::api")]));
    edges.insert(m("web::api::ledgers"), BTreeSet::from([m("web::pages")]));
    edges.insert(m("services::cases"), BTreeSet::from([m("state")]));
    assert!(circles_at(&edges, 3).is_empty(), "no circle file to file");
    assert_eq!(
        circles_at(&edges, 2),
        vec![vec!["web::api".to_string(), "web::pages".to_string()]]
    );
    let paths = paths_named(
        &m("web::api::ledgers"),
        "use super::super::kit::{body::parse_json, form};\nlet x = crate::services::cases::query::view(a);",
    );
    assert!(
        paths.contains(&m("web::kit::body::parse_json")),
        "{paths:?}"
    );
    assert!(paths.contains(&m("web::kit::form")), "{paths:?}");
    assert!(
        paths.contains(&m("services::cases::query::view")),
        "{paths:?}"
    );
}

#[test]
fn every_file_opens_with_its_doc_line_and_production_files_stay_small() {
    let mut undocumented = Vec::new();
    let mut large = Vec::new();
    for krate in CRATES {
        let root = crates_dir().join(krate);
        for dir in ["src", "tests", "benches", "examples"] {
            for file in rust_files(&root.join(dir)) {
                let text = std::fs::read_to_string(&file).expect("read");
                if !text.trim_start().starts_with("//!") {
                    undocumented.push(file.display().to_string());
                }
                let module = module_of(&root.join(dir), &file);
                let lines = text.lines().count();
                if dir == "src" && !is_test_module(&module) && lines > 600 {
                    large.push(format!("{} ({lines} lines)", file.display()));
                }
            }
        }
    }
    assert!(
        undocumented.is_empty(),
        "files without a //! line:\n{}",
        undocumented.join("\n")
    );
    assert!(
        large.is_empty(),
        "production files over 600 lines:\n{}",
        large.join("\n")
    );
}
