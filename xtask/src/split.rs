//! The page in pieces, behind `BACKPROP_SPLIT=1` (docs/split-spike.md): a spike of issue
//! 24's first item, not yet the default build.
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

use std::path::{Path, PathBuf};

use crate::tools::Toolbox;
use crate::{exec, Result};

/// The switch: `BACKPROP_SPLIT=1 cargo xtask dist` builds the page in pieces.
pub fn enabled() -> bool {
    std::env::var_os("BACKPROP_SPLIT").is_some_and(|v| v == "1")
}

/// What the splitter needs on top of `dist::SIZE_BUILD`'s flags: the linker keeps the
/// relocations, which tell the splitter which function and data each instruction uses.
pub const RELOCS: &str = " -Clink-arg=--emit-relocs";

/// The loader the splitter writes; playground.js imports it.
pub const LOADER: &str = "__wasm_split.js";

/// Splits the linked wasm `linked` into `out` (a Trunk output folder): replaces its
/// `playground.js` and `playground_bg.wasm`, and adds the loader and the pieces. Returns the
/// pieces' file names.
pub fn split(toolbox: &Toolbox, linked: &Path, out: &Path) -> Result<Vec<String>> {
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
    let mut pieces = Vec::new();
    for piece in &split.split_modules {
        let name = file_name(piece)?;
        let to = out.join(&name);
        copy(piece, &to)?;
        optimize(toolbox, &to)?;
        pieces.push(name);
    }
    Ok(pieces)
}

fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{} has no file name", path.display()))
}

fn optimize(toolbox: &Toolbox, wasm: &Path) -> Result {
    let mut opt = toolbox.command("wasm-opt");
    opt.args(crate::pkg::WASM_OPT).arg("-o").arg(wasm).arg(wasm);
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

/// Writes the pieces' names (`split_lesson.wasm`, `chunk_3.wasm`) into the service worker
/// (`dist/sw.js`'s `const PIECES = [];`), which precaches them in the page's language, so
/// every piece opens offline after one visit.
pub fn precache(dist: &Path, pieces: &[String]) -> Result {
    let sw = dist.join("sw.js");
    let text = std::fs::read_to_string(&sw).map_err(|e| format!("cannot read {}: {e}", sw.display()))?;
    const EMPTY: &str = "const PIECES = [];";
    if !text.contains(EMPTY) {
        return Err(format!("{} has no `{EMPTY}` to list the pieces in", sw.display()));
    }
    let list: Vec<String> = pieces.iter().map(|p| format!("'{p}'")).collect();
    let text = text.replace(EMPTY, &format!("const PIECES = [{}];", list.join(", ")));
    std::fs::write(&sw, text).map_err(|e| format!("cannot write {}: {e}", sw.display()))
}

/// The chunks (`chunk_3.wasm`) the loader fetches with piece `name` (`lesson`): the loaders
/// its `__wasm_split_load_<name>` lists (`[__chunk_3]`, or `[i,r]` once terser has renamed
/// them), each the variable a chunk's loader is assigned to.
pub fn chunks_of(loader: &str, name: &str) -> Vec<String> {
    let head = format!("__wasm_split_load_{name}");
    let Some(at) = loader.find(&head) else { return Vec::new() };
    let rest = &loader[at..];
    let Some(end) = rest.find("]))") else { return Vec::new() };
    let deps = rest[..end].rsplit('[').next().unwrap_or_default();
    deps.split(',').map(str::trim).filter(|d| !d.is_empty()).filter_map(|d| chunk_of(loader, d)).collect()
}

/// The chunk whose loader the loader's variable `var` holds: `var = makeLoad(() => { ...
/// new URL("./chunk_3" ...`, the URL before the statement's first `;` and any `}` (an
/// assignment to the same name elsewhere, `i=!0}`, is not it).
fn chunk_of(loader: &str, var: &str) -> Option<String> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut from = 0;
    while let Some(i) = loader[from..].find(var) {
        let at = from + i;
        from = at + var.len();
        let after = loader[from..].trim_start();
        let alone = !loader[..at].ends_with(is_name) && !loader[from..].starts_with(is_name);
        if !(alone && after.starts_with('=') && !after.starts_with("==")) {
            continue;
        }
        let statement = &after[..after.find(';').unwrap_or(after.len())];
        let Some(url) = statement.find("new URL(\"./").filter(|&u| !statement[..u].contains('}')) else {
            continue;
        };
        let stem: String =
            statement[url + "new URL(\"./".len()..].chars().take_while(|&c| is_name(c)).collect();
        return stem.starts_with("chunk_").then(|| format!("{stem}.wasm"));
    }
    None
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
    fn a_pieces_chunks_are_the_ones_its_loader_lists() {
        let url = |n: &str| {
            format!("const src = fetch(new URL(\"./{n}\" + inLang() + \".wasm\", import.meta.url));")
        };
        let loader = format!(
            "const __chunk_3 = makeLoad(() => {{\n    {}\n}}, []);\nconst __chunk_5 = makeLoad(() => {{\n    {}\n}}, []);\n\
             export const __wasm_split_load_quiz = wrapAsyncCb(makeLoad(() => {{\n    {}\n}}\n, [__chunk_3, __chunk_5]));\n\
             export const __wasm_split_load_lesson = wrapAsyncCb(makeLoad(() => {{\n    {}\n}}\n, []));",
            url("chunk_3"),
            url("chunk_5"),
            url("split_quiz"),
            url("split_lesson")
        );
        assert_eq!(chunks_of(&loader, "quiz"), ["chunk_3.wasm", "chunk_5.wasm"]);
        assert!(chunks_of(&loader, "lesson").is_empty());
        assert!(chunks_of(&loader, "train").is_empty());
        // As terser writes it: the loaders renamed.
        let min = "function a(t){let i;try{await t(),i=!0}catch(t){i=!1}}const i=c(()=>{const n=fetch(new \
                   URL(\"./chunk_4\"+t()+\".wasm\",import.meta.url));return n},[]),r=c(()=>{const n=fetch(new \
                   URL(\"./chunk_5\"+t()+\".wasm\",import.meta.url));return n},[]);export const \
                   __wasm_split_load_lesson=a(c(()=>{const n=fetch(new URL(\"./split_lesson\"+t()+\".wasm\",\
                   import.meta.url));return n},[i,r]));";
        assert_eq!(chunks_of(min, "lesson"), ["chunk_4.wasm", "chunk_5.wasm"]);
    }

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
}
