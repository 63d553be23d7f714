//! The page in pieces (docs/pieces.md): `cargo xtask dist` builds every language's wasm as
//! a first piece and one piece per panel, fetched when the panel is first opened.
//!
//! Trunk builds the page as always, with the `split` feature and `--emit-relocs`, so its
//! linked wasm (before wasm-bindgen) keeps the relocations the splitter needs. Then, on that
//! linked wasm: `wasm_split_cli_support` cuts every `#[wasm_split(name)]` function of
//! crates/playground/src/split.rs (and the code only it reaches) into `split_<name>.wasm`,
//! and writes the main module and `__wasm_split.js`, the loader that fetches a piece the
//! first time its function is called and instantiates it on the main module's memory,
//! table and stack pointer. wasm-bindgen (with `--keep-lld-exports`, which the pieces
//! import) and wasm-opt then run on the main module as Trunk runs them, wasm-opt on each
//! piece, and the results replace Trunk's `playground.js` and `playground_bg.wasm`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::tools::Toolbox;
use crate::{exec, Result};

/// What the splitter needs on top of `wasm::SIZE_BUILD`'s flags: the linker keeps the
/// relocations, which tell the splitter which function and data each instruction uses.
pub const RELOCS: &str = " -Clink-arg=--emit-relocs";

/// The loader the splitter writes; playground.js imports it.
pub const LOADER: &str = "__wasm_split.js";

/// What the splitter wrote: the files of the pieces and chunks (`split_code.wasm`,
/// `chunk_3.wasm`), and for each piece the file stems it fetches, its chunks and itself
/// (`code` -> `["chunk_3", "split_code"]`), sorted.
#[derive(Debug)]
pub struct Pieces {
    pub files: Vec<String>,
    pub fetches: BTreeMap<String, Vec<String>>,
}

/// Splits the linked wasm `linked` into `out` (a Trunk output folder): replaces its
/// `playground.js` and `playground_bg.wasm`, and adds the loader and the pieces.
pub fn split(toolbox: &Toolbox, linked: &Path, out: &Path) -> Result<Pieces> {
    let work = crate::target_dir().join("split").join(out.file_name().unwrap_or_default());
    // A folder of its own: the splitter writes every piece it finds there.
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(|e| format!("cannot empty {}: {e}", work.display()))?;
    }
    let input = std::fs::read(linked).map_err(|e| format!("cannot read {}: {e}", linked.display()))?;
    let main = work.join("playground.wasm");
    let started = std::time::Instant::now();
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &work;
        opts.main_out_path = &main;
        opts.main_module = "./playground.js";
        opts
    })
    .map_err(|e| format!("wasm_split_cli_support could not split {}: {e:?}", linked.display()))?;
    log!("split {} in {:.1} s", linked.display(), started.elapsed().as_secs_f64());

    let mut bindgen = toolbox.command("wasm-bindgen");
    bindgen
        .args(["--target=web", "--no-typescript", "--keep-lld-exports", "--out-name=playground", "--out-dir"])
        .arg(out)
        .arg(&main);
    exec::run(&mut bindgen)?;
    optimize(toolbox, &out.join("playground_bg.wasm"))?;
    let copy = |from: &Path, to: &Path| {
        std::fs::copy(from, to).map(drop).map_err(|e| format!("cannot copy {}: {e}", from.display()))
    };
    let loader =
        std::fs::read_to_string(work.join(LOADER)).map_err(|e| format!("cannot read {LOADER}: {e}"))?;
    std::fs::write(out.join(LOADER), by_language(&loader)?)
        .map_err(|e| format!("cannot write {LOADER}: {e}"))?;
    let mut files = Vec::new();
    for piece in &split.split_modules {
        let name = file_name(piece)?;
        let to = out.join(&name);
        copy(piece, &to)?;
        optimize(toolbox, &to)?;
        files.push(name);
    }
    files.sort();
    let fetches = split
        .prefetch_map
        .into_iter()
        .map(|(piece, mut stems)| {
            stems.sort();
            (piece, stems)
        })
        .collect();
    Ok(Pieces { files, fetches })
}

/// The file the size stage reads for what each piece fetches (the sizes it measures itself):
/// `{"code": ["chunk_3", "split_code"], ...}`. The page never fetches it.
pub const MANIFEST: &str = "pieces.json";

/// Writes [`MANIFEST`] into `dist`.
pub fn write_manifest(pieces: &Pieces, dist: &Path) -> Result {
    let json = serde_json::to_string_pretty(&pieces.fetches).unwrap_or_default() + "\n";
    std::fs::write(dist.join(MANIFEST), json).map_err(|e| format!("cannot write {MANIFEST}: {e}"))
}

/// Reads [`MANIFEST`] from `dist`: for each piece, the file stems it fetches.
pub fn read_manifest(dist: &Path) -> Result<BTreeMap<String, Vec<String>>> {
    let path = dist.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!("cannot read {}: {e} (is dist/ built by `cargo xtask dist`?)", path.display())
    })?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not a piece map: {e}", path.display()))
}

/// The service worker's precache gets every piece and chunk: sw.js says
/// `const PIECES = [];`, which becomes the stems of every file the splitter wrote, so a
/// student offline after one visit opens every panel (sw.js adds the language's suffix).
pub fn list_in_worker(pieces: &Pieces, sw: &Path) -> Result {
    const EMPTY: &str = "const PIECES = [];";
    let js = std::fs::read_to_string(sw).map_err(|e| format!("cannot read {}: {e}", sw.display()))?;
    if !js.contains(EMPTY) {
        return Err(format!("{} has no `{EMPTY}` to list the pieces in", sw.display()));
    }
    let stems: Vec<String> =
        pieces.files.iter().map(|f| format!("'{}'", f.strip_suffix(".wasm").unwrap_or(f))).collect();
    let js = js.replace(EMPTY, &format!("const PIECES = [{}];", stems.join(", ")));
    std::fs::write(sw, js).map_err(|e| format!("cannot write {}: {e}", sw.display()))
}

fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{} has no file name", path.display()))
}

fn optimize(toolbox: &Toolbox, wasm: &Path) -> Result {
    let mut opt = toolbox.command("wasm-opt");
    opt.args(crate::wasm::WASM_OPT).arg("-o").arg(wasm).arg(wasm);
    exec::run(&mut opt)
}

/// The linked wasm cargo wrote for Trunk, in `target` (a cargo target folder).
pub fn linked(target: &Path) -> PathBuf {
    target.join("wasm32-unknown-unknown/wasm-release/playground.wasm")
}

/// Whether `name` is a file the splitter wrote beside the main module: a piece
/// (`split_<name>.wasm`) or a chunk that pieces share (`chunk_<n>.wasm`).
pub fn is_piece(name: &str) -> bool {
    name.starts_with("split_") || name.starts_with("chunk_")
}

/// Has the built page fetch the split loader while it parses, beside playground.js (its
/// `modulepreload`): playground.js imports the loader, so otherwise the loader is asked for
/// only once playground.js has arrived, one more round trip before the wasm is fetched
/// (Lighthouse's mobile run measured its first paint 160 ms later without it). Added here,
/// not in www/index.html, because Trunk's own build (`trunk serve`) is not split and has no
/// loader.
pub fn preload_loader(index: &Path) -> Result {
    let html =
        std::fs::read_to_string(index).map_err(|err| format!("cannot read {}: {err}", index.display()))?;
    let link = format!("<link rel=\"modulepreload\" href=\"{LOADER}\">");
    if html.contains(&link) {
        return Err(format!("{} already preloads {LOADER}", index.display()));
    }
    let Some(at) = html.find("<script") else {
        return Err(format!("{} has no <script> to put the loader's preload before", index.display()));
    };
    let html = format!("{}{link}{}", &html[..at], &html[at..]);
    std::fs::write(index, html).map_err(|err| format!("cannot write {}: {err}", index.display()))
}

/// The file of piece `piece` (`split_code.wasm`) in the language `code`
/// (`split_code.ko.wasm`), as the loader asks for it ([`by_language`]).
pub fn in_language(piece: &str, code: &str) -> String {
    let stem = piece.strip_suffix(".wasm").unwrap_or(piece);
    format!("{stem}.{code}.wasm")
}

/// The splitter's loader with each piece's URL in the page's language: the pieces hold the
/// app's words as the main module does, so a Korean page fetches `split_code.ko.wasm`.
/// boot.js sets `<html lang>` before the wasm starts.
fn by_language(loader: &str) -> Result<String> {
    // The pieces (`split_<name>.wasm`) and the chunks two pieces share (`chunk_<n>.wasm`).
    const URL: &str = "new URL(\"./";
    let count = loader.matches(URL).count();
    if count == 0 {
        return Err(format!("{LOADER} has no `{URL}`: has the splitter's loader changed?"));
    }
    // Read when a piece is fetched, not when the module is evaluated: the loader is
    // evaluated as playground.js's import, before boot.js has set `<html lang>`.
    let mut out = String::from(
        "const inLang = () => { const lang = document.documentElement.lang; return lang === 'en' ? '' : '.' + lang; };\n",
    );
    let mut rest = loader;
    while let Some(at) = rest.find(URL) {
        let tail = &rest[at + URL.len()..];
        let end =
            tail.find(".wasm\"").ok_or_else(|| format!("{LOADER}: a piece's URL does not end in .wasm"))?;
        out.push_str(&rest[..at]);
        out.push_str(URL);
        out.push_str(&tail[..end]);
        out.push_str("\" + inLang() + \".wasm\"");
        rest = &tail[end + ".wasm\"".len()..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_asks_for_the_piece_in_the_page_language() {
        let loader = "const src = fetch(new URL(\"./split_code.wasm\", import.meta.url));";
        let out = by_language(loader).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.ends_with("fetch(new URL(\"./split_code\" + inLang() + \".wasm\", import.meta.url));"),
            "{out}"
        );
        assert_eq!(in_language("split_code.wasm", "ko"), "split_code.ko.wasm");
        assert!(by_language("fetch(x)").is_err());
        let chunk = by_language("fetch(new URL(\"./chunk_3.wasm\", import.meta.url))").unwrap_or_default();
        assert!(chunk.contains("new URL(\"./chunk_3\" + inLang() + \".wasm\""), "{chunk}");
        assert!(
            is_piece("chunk_3.ko.wasm") && is_piece("split_quiz.wasm") && !is_piece("playground_bg.wasm")
        );
    }

    #[test]
    fn the_page_preloads_the_loader_before_its_script() {
        let dir = crate::target_dir().join("split-test-preload");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let index = dir.join("index.html");
        std::fs::write(&index, "<head><link href=playground.js rel=modulepreload><script src=boot.js type=module></script></head>")
            .unwrap_or_else(|e| panic!("{e}"));
        preload_loader(&index).unwrap_or_else(|e| panic!("{e}"));
        let html = std::fs::read_to_string(&index).unwrap_or_default();
        assert!(
            html.contains(
                "rel=modulepreload><link rel=\"modulepreload\" href=\"__wasm_split.js\"><script src=boot.js"
            ),
            "{html}"
        );
        // Once: a second build's page already has it.
        assert!(preload_loader(&index).is_err());
    }

    #[test]
    fn the_worker_lists_every_piece_and_chunk() {
        let dir = crate::target_dir().join("split-test-worker");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let sw = dir.join("sw.js");
        std::fs::write(&sw, "const A = 1;\nconst PIECES = [];\n").unwrap_or_else(|e| panic!("{e}"));
        let pieces =
            Pieces { files: vec!["chunk_3.wasm".into(), "split_code.wasm".into()], fetches: BTreeMap::new() };
        list_in_worker(&pieces, &sw).unwrap_or_else(|e| panic!("{e}"));
        let js = std::fs::read_to_string(&sw).unwrap_or_default();
        assert!(js.contains("const PIECES = ['chunk_3', 'split_code'];"), "{js}");
        // Listed once: a second build's worker has no empty list left.
        assert!(list_in_worker(&pieces, &sw).is_err());
    }
}
