//! Modules use one another in one direction, in xtask and in the page's crate: a test fails
//! when a module uses another that uses it back, directly or through others (a circle), so
//! each can be read, and moved, with what it needs below it; and the page's plain-Rust
//! modules never name its web modules. Read from the sources (`crate::m` in a `use` or a
//! path), so a circle added anywhere fails here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The modules that `text` (a module's source) names as `crate::name`, in a path or in a
/// `use crate::{a, b::c}` group; comment lines are skipped.
fn used_modules(text: &str, modules: &[String]) -> Vec<String> {
    let code: String =
        text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let mut used = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => {
                let end = closing_brace(group);
                top_level_items(&group[..end]).into_iter().map(first_ident).collect()
            }
            None => vec![first_ident(rest)],
        };
        for name in names {
            if modules.iter().any(|m| m == name) && !used.iter().any(|u| u == name) {
                used.push(name.to_string());
            }
        }
    }
    used
}

/// The index of the `}` that closes a group whose `{` was just before `text`.
fn closing_brace(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

/// The comma-separated items of a group, commas inside nested groups left alone.
fn top_level_items(group: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..]);
    items
}

fn first_ident(text: &str) -> &str {
    let text = text.trim_start();
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(text.len());
    &text[..end]
}

/// A circle in `uses` (module to the modules it uses), as the path that closes it
/// (`a`, `b`, `a`), if there is one.
fn find_circle(uses: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        module: &str,
        uses: &BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| m == module) {
            let mut circle = path[at..].to_vec();
            circle.push(module.to_string());
            return Some(circle);
        }
        if done.iter().any(|m| m == module) {
            return None;
        }
        path.push(module.to_string());
        for next in uses.get(module).into_iter().flatten() {
            if let Some(circle) = visit(next, uses, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.push(module.to_string());
        None
    }
    let (mut path, mut done) = (Vec::new(), Vec::new());
    uses.keys().find_map(|module| visit(module, uses, &mut path, &mut done))
}

/// The crates whose modules are checked: each a folder of module files (`main.rs` and
/// `lib.rs` are roots, not modules; `m_tests.rs` is module `m`'s tests, through `#[path]`).
const CRATES: &[&str] = &["xtask/src", "crates/playground/src"];

/// Module → the modules of the same crate it names, for the module files in `src`.
fn graph(src: &Path) -> BTreeMap<String, Vec<String>> {
    let mut files: Vec<_> = std::fs::read_dir(src)
        .unwrap_or_else(|e| panic!("{}: {e}", src.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "rs"))
        .filter(|p| !p.ends_with("main.rs") && !p.ends_with("lib.rs"))
        .collect();
    files.sort();
    let module_of = |p: &PathBuf| {
        let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        stem.strip_suffix("_tests").map(str::to_string).unwrap_or(stem)
    };
    let modules: Vec<String> = files.iter().map(module_of).collect();
    let mut uses = BTreeMap::<String, Vec<String>>::new();
    for file in &files {
        let module = module_of(file);
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let names = uses.entry(module.clone()).or_default();
        for used in used_modules(&text, &modules) {
            if used != module && !names.contains(&used) {
                names.push(used);
            }
        }
    }
    uses
}

#[test]
fn no_module_uses_one_that_uses_it_back() {
    for src in CRATES {
        let uses = graph(&crate::root().join(src));
        assert!(uses.len() > 10, "too few modules found in {src}: {uses:?}");
        assert_eq!(find_circle(&uses), None, "a circle of modules in {src} (each uses the next): {uses:#?}");
    }
    let xtask = graph(&crate::root().join("xtask/src"));
    assert!(xtask["dist"].iter().any(|m| m == "pkg"), "the reader missed dist's use of pkg: {xtask:?}");
}

/// The page's web layer depends on its plain policy, never the other way round. (The clock
/// and the canvas view live in crates/circuit and crates/canvas, which cannot name these.)
#[test]
fn the_pages_plain_modules_never_name_its_web_modules() {
    let page = graph(&crate::root().join("crates/playground/src"));
    assert!(page.contains_key("machine"), "read the wrong folder: {page:?}");
    for plain in ["machine", "keys", "state", "model"] {
        for web in ["app", "events", "anim", "dom", "pointer", "refresh"] {
            let names = &page[plain];
            assert!(!names.iter().any(|n| n == web), "plain-Rust {plain} names web module {web}: {names:?}");
        }
    }
}

#[test]
fn the_reader_sees_paths_and_groups_and_the_finder_sees_circles() {
    let modules: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
    let text = "//! crate::d in a comment\nuse crate::{a, b::{self, X}, Result};\nfn f() { crate::c::g(); }";
    assert_eq!(used_modules(text, &modules), ["a", "b", "c"]);
    let graph = |edges: &[(&str, &str)]| {
        let mut uses = BTreeMap::<String, Vec<String>>::new();
        for (from, to) in edges {
            uses.entry(from.to_string()).or_default().push(to.to_string());
        }
        uses
    };
    assert_eq!(find_circle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(
        find_circle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])),
        Some(["a", "b", "c", "a"].map(String::from).to_vec())
    );
    assert_eq!(
        find_circle(&graph(&[("d", "a"), ("a", "b"), ("b", "a")])),
        Some(["a", "b", "a"].map(String::from).to_vec())
    );
}
