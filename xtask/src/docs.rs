//! ARCHITECTURE.md and README.md's layout name files and folders: a test fails when one of
//! them does not exist, so the map cannot drift from the territory unseen.

use std::path::{Path, PathBuf};

/// Folders never searched: build output and installed packages.
const SKIP: &[&str] = &["target", ".git", "node_modules", "dist", "corpus"];

/// Extensions that make a backticked word a file name.
const FILE_EXTENSIONS: &[&str] = &[".rs", ".md", ".js", ".html", ".css", ".toml", ".txt", ".json", ".svg"];

/// Whether a backticked word names a file or folder of the repository: it has a `/` or a
/// file extension, no spaces, and is not a built file (dist/, the wasm) or a Rust path.
fn is_path(word: &str) -> bool {
    let built = word.starts_with("dist") || word.ends_with(".wasm") || word.starts_with('.');
    let rust = word.contains("::") || word.contains('(') || word.contains('!');
    let looks = word.contains('/') || FILE_EXTENSIONS.iter().any(|ext| word.ends_with(ext));
    looks && !built && !rust && !word.contains(' ') && !word.contains('<') && !word.contains('$')
}

/// Every file and folder under `dir`, but the skipped ones.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name();
        if SKIP.iter().any(|s| name == *s) {
            continue;
        }
        out.push(path.clone());
        if path.is_dir() {
            walk(&path, out);
        }
    }
}

/// Whether `word` exists: as a path from the root or from the section's folder, or (a bare
/// name) as a file anywhere under the section's folder, or under the root for a section
/// that names no folder.
fn exists(root: &Path, section: Option<&Path>, all: &[PathBuf], word: &str) -> bool {
    let word = word.trim_end_matches('/');
    let base = section.map(|s| root.join(s));
    if root.join(word).exists() || base.as_ref().is_some_and(|b| b.join(word).exists()) {
        return true;
    }
    if word.contains('/') {
        return false;
    }
    let within = base.unwrap_or_else(|| root.to_path_buf());
    all.iter().any(|p| p.starts_with(&within) && p.file_name().is_some_and(|n| n == word))
}

/// The words of ARCHITECTURE.md that name files, with the folder of the section they are in
/// (a heading that names a folder, as "### `crates/circuit`: ...").
fn architecture_paths(text: &str) -> Vec<(Option<PathBuf>, String)> {
    let mut section = None;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            section = line
                .split('`')
                .nth(1)
                .filter(|w| w.contains('/') || *w == "xtask" || *w == "tests")
                .map(PathBuf::from);
            continue;
        }
        for word in line.split('`').skip(1).step_by(2) {
            if is_path(word) {
                out.push((section.clone(), word.to_string()));
            }
        }
    }
    out
}

/// The first word of each line of README.md's "## Layout" code block.
fn readme_layout(text: &str) -> Vec<String> {
    let Some(start) = text.find("## Layout") else { return Vec::new() };
    let block = text[start..].split("```").nth(1).unwrap_or_default();
    block
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect()
}

#[test]
fn every_path_in_architecture_and_the_readme_layout_exists() {
    let root = crate::root();
    let mut all = Vec::new();
    walk(root, &mut all);
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap_or_default();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_default();
    let named = architecture_paths(&architecture);
    let layout = readme_layout(&readme);
    assert!(named.len() > 30, "found only {} paths in ARCHITECTURE.md: is the parser right?", named.len());
    assert!(layout.len() > 8, "found only {} paths in README's layout: is the parser right?", layout.len());
    let mut missing: Vec<String> = named
        .iter()
        .filter(|(section, word)| !exists(root, section.as_deref(), &all, word))
        .map(|(section, word)| format!("ARCHITECTURE.md: `{word}` (section {section:?})"))
        .collect();
    missing
        .extend(layout.iter().filter(|w| !root.join(w).exists()).map(|w| format!("README.md layout: {w}")));
    assert!(missing.is_empty(), "named but not in the repository:\n  {}", missing.join("\n  "));
}

#[test]
fn the_checks_find_what_is_missing() {
    let root = crate::root();
    let mut all = Vec::new();
    walk(root, &mut all);
    assert!(exists(root, Some(Path::new("crates/autodiff")), &all, "graph.rs"));
    assert!(!exists(root, Some(Path::new("crates/autodiff")), &all, "paint.rs"), "paint.rs is the page's");
    assert!(!exists(root, None, &all, "crates/nothing/here.rs"));
    assert!(is_path("www/boot.js") && is_path("op.rs") && is_path("crates/lang"));
    assert!(
        !is_path("lang::t!") && !is_path("dist/") && !is_path(".ko.wasm") && !is_path("cargo xtask dist")
    );
    let sections =
        architecture_paths("### `crates/x`: x\nsee `a.rs` and `b/c.md`, not `Graph`\n## Invariants\n`d.rs`");
    assert_eq!(
        sections,
        [
            (Some(PathBuf::from("crates/x")), "a.rs".to_string()),
            (Some(PathBuf::from("crates/x")), "b/c.md".to_string()),
            (None, "d.rs".to_string())
        ]
    );
    assert_eq!(
        readme_layout("## Layout\n\n```\ncrates/a   the a\n           more\nwww/   web\n```\n"),
        ["crates/a", "www/"]
    );
}
