//! The rooms of the app crate keep their walls: pages and the API share the
//! web kit and never import each other; services never see the web.

use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Lines of the Rust files under `src/<dir>` that contain any of `needles`.
fn offending(dir: &str, needles: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let files = sources(&root);
    assert!(!files.is_empty(), "{} has sources", root.display());
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn pages_and_the_api_do_not_import_each_other() {
    let from_pages = offending("web/pages", &["api::", "web::api"]);
    assert!(
        from_pages.is_empty(),
        "pages import the API:\n{}",
        from_pages.join("\n")
    );
    let from_api = offending("web/api", &["pages::", "web::pages"]);
    assert!(
        from_api.is_empty(),
        "the API imports pages:\n{}",
        from_api.join("\n")
    );
}

#[test]
fn services_never_see_the_web() {
    let found = offending("services", &["crate::web", "axum::"]);
    assert!(
        found.is_empty(),
        "services use the web layer:\n{}",
        found.join("\n")
    );
}
