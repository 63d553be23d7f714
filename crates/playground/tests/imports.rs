//! No import circle inside the page's crate: no module names (`crate::m`, in a `use` or a
//! path) a module that, through the modules it names, names it back. Read from the
//! sources, so a circle added anywhere in `src/` fails here.

use std::collections::BTreeMap;
use std::path::Path;

/// Module name → the crate modules its file names. A file `m_tests.rs` is module `m`'s
/// tests (`#[path]`), so it counts as `m`; `lib.rs` is the crate root, not a module.
fn edges(src: &Path) -> BTreeMap<String, Vec<String>> {
    let mut graph = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(src)
        .unwrap_or_else(|e| panic!("{}: {e}", src.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    for path in files {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if stem == "lib" {
            continue;
        }
        let module = stem.strip_suffix("_tests").unwrap_or(&stem).to_string();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let names: &mut Vec<String> = graph.entry(module.clone()).or_default();
        for used in names_used(&text) {
            if used != module && !names.contains(&used) {
                names.push(used);
            }
        }
    }
    graph
}

/// The first segment after every `crate::` outside comments (`crate::{a, b::c}` names both).
fn names_used(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let group = rest.strip_prefix('{').map(|g| &g[..g.find('}').unwrap_or(g.len())]);
            for part in group.map_or_else(|| vec![rest], |g| g.split(',').collect()) {
                let name: String =
                    part.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// A circle of modules, if there is one (depth-first, with the path so far).
fn circle(graph: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        graph: &BTreeMap<String, Vec<String>>,
        at: &str,
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(k) = path.iter().position(|m| m == at) {
            let mut found = path[k..].to_vec();
            found.push(at.to_string());
            return Some(found);
        }
        if done.iter().any(|m| m == at) {
            return None;
        }
        path.push(at.to_string());
        for next in graph.get(at).into_iter().flatten() {
            if let Some(found) = visit(graph, next, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.push(at.to_string());
        None
    }
    let mut done = Vec::new();
    graph.keys().find_map(|m| visit(graph, m, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_of_the_page_imports_itself_back() {
    let graph = edges(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.len() > 10 && graph.contains_key("machine"), "read the wrong folder: {graph:?}");
    // The web layer depends on the plain policy, never the other way round. (The clock and
    // the canvas view live in crates/circuit and crates/canvas, which cannot name these.)
    for plain in ["machine", "keys", "state", "model"] {
        for web in ["app", "events", "anim", "dom", "pointer", "refresh"] {
            let names = &graph[plain];
            assert!(!names.iter().any(|n| n == web), "plain-Rust {plain} names web module {web}: {names:?}");
        }
    }
    assert_eq!(circle(&graph), None, "an import circle; the edges are {graph:#?}");
}

#[test]
fn the_checker_sees_a_circle_and_every_way_of_naming_a_module() {
    assert_eq!(
        names_used("use crate::app::{App, on};\n// crate::nope\nlet x = crate::anim::f();\nuse crate::{dom, state::State};"),
        ["app", "anim", "dom", "state"]
    );
    let graph: BTreeMap<String, Vec<String>> =
        [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"]), ("d", vec![])]
            .into_iter()
            .map(|(m, n)| (m.to_string(), n.into_iter().map(String::from).collect()))
            .collect();
    assert_eq!(circle(&graph), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
}
