//! `cargo xtask dist`: the release build of the page into `dist/`, and its size report.
//!
//! Trunk does the build (Trunk.toml: `www/index.html` into `dist/`, offline, pinned
//! wasm-bindgen and wasm-opt). The report lists every file raw and gzipped, because
//! gzip size is what a visitor downloads, and goes to `target/bundle-size.json` so
//! changes in size can be compared between commits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::csp::add_csp_meta;
use crate::tools::{self, Needs, Toolbox};
use crate::wasm::SIZE_BUILD;
use crate::{exec, Result};

/// One file of `dist/` and its sizes in bytes.
#[derive(Debug, serde::Serialize)]
struct FileSize {
    /// Relative to `dist/`, with `/` separators.
    path: String,
    raw: u64,
    gzip: u64,
}

pub fn run() -> Result {
    let toolbox = tools::ensure(Needs::DIST)?;
    build(&toolbox).map(drop)
}

/// Why the page cannot be built yet, if one of its inputs is missing.
pub fn missing_input() -> Option<&'static str> {
    let root = crate::root();
    if !root.join("crates/playground/Cargo.toml").is_file() {
        Some("no crates/playground yet")
    } else if !root.join("www/index.html").is_file() {
        Some("no www/index.html yet")
    } else {
        None
    }
}

/// Builds `dist/` with Trunk, prints its sizes and writes them to `target/bundle-size.json`.
/// Returns the absolute path of `dist/`.
pub fn build(toolbox: &Toolbox) -> Result<PathBuf> {
    if let Some(reason) = missing_input() {
        return Err(format!("cannot build the page: {reason}"));
    }
    fetch(toolbox)?;
    fetch_std(toolbox)?;
    let mut trunk = toolbox.command("trunk");
    trunk.args(["build", "--release"]).envs(SIZE_BUILD.iter().copied());
    split_build(&mut trunk);
    exec::run(&mut trunk)?;

    let dist = crate::root().join("dist");
    let pieces = crate::split::split(toolbox, &crate::split::linked(&crate::target_dir()), &dist)?;
    log!("the page in pieces: {}", pieces.files.join(", "));
    crate::split::write_manifest(&pieces, &dist)?;
    crate::split::list_in_worker(&pieces, &dist.join("sw.js"))?;
    crate::split::preload_loader(&dist.join("index.html"))?;
    add_csp_meta(&dist.join("index.html"))?;
    drop_rust_link(&dist.join("index.html"))?;
    minify_js(toolbox, &dist)?;
    let renamed = crate::imports::shorten(&dist.join("playground_bg.wasm"), &dist.join("playground.js"))?;
    log!(
        "shortened the names of {} wasm imports and {} exports (in the wasm and in playground.js)",
        renamed.imports,
        renamed.exports
    );
    for code in LANGUAGES {
        build_language(toolbox, code, &dist, &pieces)?;
        write_page_table(code, &dist.join("lang"))?;
    }
    lesson_css(&dist)?;
    crate::pkg::build(toolbox, &dist)?;
    crate::pkg::notes(&dist)?;
    crate::pkg::notebook(toolbox)?;
    crate::pkg::wheel(toolbox, &dist)?;
    crate::autograder::build(toolbox, &dist)?;
    let files = measure_dist(&dist)?;
    print_report(&files, &crate::split::read_manifest(&dist)?);
    write_report(&files)?;
    Ok(dist)
}

/// What a page's first load may download (every file fetched before its first circuit is
/// drawn, the pieces not included), in bytes of gzip -9: 100 KB, for every language.
pub const BUDGET: u64 = 102_400;

/// Issue 24's bar for the first load, 80 KB: splitting the panels off does not reach it
/// (docs/pieces.md), so the size stage prints the distance to it and does not gate on it.
pub const GOAL: u64 = 81_920;

/// What a piece may download when its panel is first opened, with the chunks it fetches:
/// 40 KB gzip, in every language.
pub const PIECE_BUDGET: u64 = 40_960;

/// The size stage of `cargo xtask test`: measures the files in `dist/` as they are (gzip -9
/// of each, not a figure the build wrote down), prints the table, and fails when the page in
/// any language is over [`BUDGET`] or a piece over [`PIECE_BUDGET`].
pub fn check_budget(dist: &Path) -> Result {
    let files = measure_dist(dist)?;
    let manifest = crate::split::read_manifest(dist)?;
    print_report(&files, &manifest);
    let mut pages = vec![("en".to_string(), totals(&files).1)];
    pages.extend(languages(&files).into_iter().map(|(code, _, gzip)| (code, gzip)));
    let mut over: Vec<String> = pages
        .iter()
        .filter(|(_, gzip)| *gzip > BUDGET)
        .map(|(code, gzip)| format!("{code}: {gzip} bytes ({} over)", gzip - BUDGET))
        .collect();
    for (code, gzip) in &pages {
        log!(
            "the first load in {code}: {gzip} of {BUDGET} bytes gzip ({} left; {} above issue 24's {GOAL})",
            BUDGET.saturating_sub(*gzip),
            gzip.saturating_sub(GOAL)
        );
    }
    let pieces = piece_sizes(&files, &manifest)?;
    for piece in &pieces {
        log!(
            "the {} piece in {}: {} of {PIECE_BUDGET} bytes gzip ({} left)",
            piece.name,
            piece.code,
            piece.gzip,
            PIECE_BUDGET.saturating_sub(piece.gzip)
        );
        if piece.gzip > PIECE_BUDGET {
            over.push(format!(
                "the {} piece in {}: {} bytes ({} over {PIECE_BUDGET})",
                piece.name,
                piece.code,
                piece.gzip,
                piece.gzip - PIECE_BUDGET
            ));
        }
    }
    over.extend(check_package(&files)?);
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!("over the budget of {BUDGET} bytes gzip: {}", over.join("; ")))
    }
}

/// The npm package's budgets (`pkg.rs`): what is over, if anything.
fn check_package(files: &[FileSize]) -> Result<Vec<String>> {
    let sizes: Vec<(String, u64)> = files.iter().map(|f| (f.path.clone(), f.gzip)).collect();
    crate::pkg::check_budgets(&sizes)
}

/// Files that are not part of the page: the npm package (`pkg/`), the teacher's notes
/// (`notes/`), the Python package's wheel (`python/`), Gradescope's autograder
/// (`autograder.zip`) and the size stage's map of the pieces, which the page never loads.
fn is_outside_page(file: &FileSize) -> bool {
    ["pkg/", "notes/", "python/", "autograder.zip", crate::split::MANIFEST]
        .iter()
        .any(|dir| file.path.starts_with(dir))
}

/// Every file of `dist/` with its raw and gzip -9 size, sorted by path.
fn measure_dist(dist: &Path) -> Result<Vec<FileSize>> {
    let mut files = Vec::new();
    measure(dist, dist, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if !files.iter().any(|f| f.path == "playground_bg.wasm") {
        return Err(format!("{} has no playground_bg.wasm: is it a built page?", dist.display()));
    }
    Ok(files)
}

/// Trunk builds the `split` feature and keeps the linker's relocations, for the splitter
/// (`split.rs`).
fn split_build(trunk: &mut Command) {
    let flags = SIZE_BUILD.iter().find(|(k, _)| k.ends_with("_RUSTFLAGS")).map_or("", |(_, v)| *v);
    trunk
        .args(["--features", "split"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", format!("{flags}{}", crate::split::RELOCS));
}

/// Removes the `<link data-trunk rel="rust" ...>` that Trunk leaves in the built page when
/// it injects no script (`inject_scripts = false`): the browser ignores it, and its
/// attributes would be bytes of the page's budget (docs/size.md).
fn drop_rust_link(index: &Path) -> Result {
    let html =
        std::fs::read_to_string(index).map_err(|err| format!("cannot read {}: {err}", index.display()))?;
    let found = ["rel=rust", "rel=\"rust\""].iter().find_map(|attr| html.find(attr));
    let Some(at) = found else { return Ok(()) };
    let start =
        html[..at].rfind("<link").ok_or_else(|| format!("{}: rel=rust outside a <link>", index.display()))?;
    let end = at + html[at..].find('>').ok_or_else(|| format!("{}: unclosed <link>", index.display()))? + 1;
    let html = format!("{}{}", &html[..start], &html[end..]);
    std::fs::write(index, html).map_err(|err| format!("cannot write {}: {err}", index.display()))
}

/// Minifies every `.js` file of dist/ in place with terser (ES modules: the loader, boot.js
/// and the languages' lang/i18n.js; sw.js is a classic worker script).
fn minify_js(toolbox: &Toolbox, dist: &Path) -> Result {
    for name in ["playground.js", "boot.js", "sw.js", "lang/i18n.js", crate::split::LOADER] {
        minify(toolbox, &dist.join(name), name != "sw.js")?;
    }
    Ok(())
}

fn minify(toolbox: &Toolbox, file: &Path, module: bool) -> Result {
    let mut cmd = toolbox.command("terser");
    cmd.arg(file).args(["--compress", "--mangle", "--output"]).arg(file);
    if module {
        cmd.arg("--module");
    }
    exec::run(&mut cmd)
}

/// The page's languages besides English. Each has its own wasm, built with its words
/// (crates/lang picks them at compile time from `crates/lang/tables/<code>.txt`), so a Korean student
/// downloads Korean words and no English ones, and no translation runs in the browser.
pub const LANGUAGES: [&str; 2] = ["ko", "ja"];

/// Builds the wasm in `code` (`BACKPROP_LANG`) as `dist/playground_bg.<code>.wasm`, and its
/// pieces as `split_<name>.<code>.wasm`. The loaders, playground.js and the pieces' loader,
/// are the same for every language (the languages differ only in their words), so the page
/// keeps one of each: a build whose loader or pieces differ from English's (`english`) is an
/// error.
fn build_language(toolbox: &Toolbox, code: &str, dist: &Path, english: &crate::split::Pieces) -> Result {
    let target = crate::target_dir();
    let out = target.join(format!("dist-{code}"));
    let mut trunk = toolbox.command("trunk");
    trunk
        .args(["build", "--release", "--dist"])
        .arg(&out)
        .envs(SIZE_BUILD.iter().copied())
        .env("BACKPROP_LANG", code)
        // Its own target folder, so the languages do not rebuild each other's crates.
        .env("CARGO_TARGET_DIR", target.join(format!("lang-{code}")));
    split_build(&mut trunk);
    exec::run(&mut trunk)?;
    let linked = crate::split::linked(&target.join(format!("lang-{code}")));
    let pieces = crate::split::split(toolbox, &linked, &out)?;
    if pieces.fetches != english.fetches || pieces.files != english.files {
        return Err(format!(
            "the {code} build's pieces {:?} are not the English build's {:?}",
            pieces.fetches, english.fetches
        ));
    }
    for piece in &pieces.files {
        // The loader asks for `split_<name>.<code>.wasm` on a page in that language.
        let to = dist.join(crate::split::in_language(piece, code));
        std::fs::copy(out.join(piece), &to).map_err(|e| format!("cannot copy {piece}: {e}"))?;
    }
    minify(toolbox, &out.join(crate::split::LOADER), true)?;
    let read = |p: &Path| std::fs::read(p).map_err(|err| format!("cannot read {}: {err}", p.display()));
    if read(&out.join(crate::split::LOADER))? != read(&dist.join(crate::split::LOADER))? {
        return Err(format!("the {code} build's {} differs from the English one", crate::split::LOADER));
    }
    minify(toolbox, &out.join("playground.js"), true)?;
    crate::imports::shorten(&out.join("playground_bg.wasm"), &out.join("playground.js"))?;
    if read(&out.join("playground.js"))? != read(&dist.join("playground.js"))? {
        return Err(format!(
            "the {code} build's playground.js differs from the English one ({}): the page has one \
             loader for every language",
            out.display()
        ));
    }
    let wasm = dist.join(format!("playground_bg.{code}.wasm"));
    std::fs::copy(out.join("playground_bg.wasm"), &wasm)
        .map_err(|err| format!("cannot copy the {code} wasm to {}: {err}", wasm.display()))?;
    log!("built the page's wasm in {code}: {}", wasm.display());
    Ok(())
}

/// The Lesson's CSS (`www/lesson.css`) into `dist/lesson/`, beside its words (which Trunk
/// copies there): the Lesson fetches both when it first opens, so they are in no page's
/// first download (the size report lists them with the Lesson's piece).
pub fn lesson_css(dist: &Path) -> Result {
    let css = dist.join("lesson/lesson.css");
    std::fs::copy(crate::root().join("www/lesson.css"), &css)
        .map_err(|err| format!("cannot copy www/lesson.css to {}: {err}", css.display()))?;
    Ok(())
}

/// Writes `lang/<code>.txt` for the page: the entries of `crates/lang/tables/<code>.txt` whose English
/// is a text of index.html (a text between tags, or an `aria-label`), which lang/i18n.js
/// translates when the page opens. Everything the wasm writes is already in its language.
/// Each entry is keyed by the [`text_hash`] of its English, not the English itself: the
/// student would download the English for nothing (docs/size.md).
pub(crate) fn write_page_table(code: &str, dir: &Path) -> Result {
    let root = crate::root();
    let read =
        |p: &Path| std::fs::read_to_string(p).map_err(|err| format!("cannot read {}: {err}", p.display()));
    let html = read(&root.join("www/index.html"))?;
    let texts = html_texts(&html);
    let table = read(&Path::new(lang::TABLES).join(format!("{code}.txt")))?;
    let mut out = String::new();
    let mut keys = std::collections::BTreeMap::new();
    for (en, to) in lang::table::entries(&table)? {
        if texts.contains(en) {
            let key = text_hash(en);
            if let Some(other) = keys.insert(key.clone(), en) {
                return Err(format!("{other:?} and {en:?} have the same hash {key}: change text_hash"));
            }
            out.push_str(&key);
            out.push('\n');
            out.push_str(to);
            out.push_str("\n\n");
        }
    }
    let file = dir.join(format!("{code}.txt"));
    std::fs::write(&file, out).map_err(|err| format!("cannot write {}: {err}", file.display()))
}

/// 32-bit FNV-1a over the UTF-16 code units of `text`, in base 36: lang/i18n.js computes the
/// same of each text of the page to look it up.
fn text_hash(text: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for unit in text.encode_utf16() {
        h = (h ^ u32::from(unit)).wrapping_mul(0x0100_0193);
    }
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit(h % 36, 36).unwrap_or('0'));
        h /= 36;
        if h == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// The texts of an HTML page that can be translated: each text between two tags and each
/// `aria-label`, trimmed (that is how lang/i18n.js looks them up).
fn html_texts(html: &str) -> std::collections::BTreeSet<&str> {
    let mut texts = std::collections::BTreeSet::new();
    for piece in html.split('<').skip(1) {
        let Some((tag, text)) = piece.split_once('>') else { continue };
        texts.insert(text.trim());
        if let Some((_, rest)) = tag.split_once("aria-label=\"") {
            texts.insert(rest.split('"').next().unwrap_or_default());
        }
    }
    texts
}

/// Downloads every crate the workspace needs, because Trunk.toml runs cargo with
/// `--offline` (that also keeps Trunk from looking for its own updates or tools online).
pub fn fetch(toolbox: &Toolbox) -> Result {
    exec::run(toolbox.command("cargo").args(["fetch", "--quiet"]))
}

/// Also downloads the crates std depends on, which the release build compiles from source.
fn fetch_std(toolbox: &Toolbox) -> Result {
    let mut cmd = toolbox.command("cargo");
    cmd.args(["fetch", "--quiet", "--target", "wasm32-unknown-unknown"]).envs(SIZE_BUILD.iter().copied());
    exec::run(&mut cmd)
}

fn measure(dist: &Path, dir: &Path, files: &mut Vec<FileSize>) -> Result {
    let entries = std::fs::read_dir(dir).map_err(|err| format!("cannot list {}: {err}", dir.display()))?;
    for entry in entries {
        let file = entry.map_err(|err| format!("cannot list {}: {err}", dir.display()))?.path();
        if file.is_dir() {
            measure(dist, &file, files)?;
            continue;
        }
        let raw = file.metadata().map_err(|err| format!("cannot stat {}: {err}", file.display()))?.len();
        let path = file.strip_prefix(dist).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        files.push(FileSize { path, raw, gzip: gzip_size(&file)? });
    }
    Ok(())
}

/// The size of `gzip -9` output for a file: Debian's gzip, so the figure is the familiar one.
/// `-n` leaves the name and time out of the header, so the size is reproducible.
fn gzip_size(file: &Path) -> Result<u64> {
    let output = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .arg(file)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|err| format!("cannot run gzip: {err}"))?;
    if !output.status.success() {
        return Err(format!("`gzip -9 -n -c {}` failed ({})", file.display(), output.status));
    }
    Ok(output.stdout.len() as u64)
}

/// Files not part of the English page: `lang/` (the texts of index.html in other
/// languages, and lang/i18n.js that puts them in) and the other languages' wasm.
fn is_language_file(file: &FileSize) -> bool {
    file.path.starts_with("lang/") || language_of_wasm(&file.path).is_some()
}

/// Files the page fetches only after its first circuit is drawn, so no first load holds
/// them: the service worker (boot.js registers it once the circuit is drawn; its install
/// fetches the rest) and `lesson/`, the Lesson's piece (its module, style and words, fetched
/// when a student opens it; the report lists it per language).
fn is_fetched_later(file: &FileSize) -> bool {
    file.path == "sw.js" || file.path.starts_with("lesson/")
}

/// `ko` for `playground_bg.ko.wasm`.
fn language_of_wasm(path: &str) -> Option<&str> {
    path.strip_prefix("playground_bg.")?.strip_suffix(".wasm")
}

fn print_report(files: &[FileSize], manifest: &BTreeMap<String, Vec<String>>) {
    log!("dist/ sizes in bytes (gzip -9):");
    log!("{:>10} {:>10}  file", "raw", "gzip");
    for file in files {
        log!("{:>10} {:>10}  {}", file.raw, file.gzip, file.path);
    }
    let (raw, gzip) = totals(files);
    log!(
        "{raw:>10} {gzip:>10}  total: the first load in English (every file fetched before the first \
         circuit is drawn: not sw.js, lesson/ or the pieces, fetched after it, nor pkg/, notes/, python/, \
         autograder.zip or pieces.json)"
    );
    let sizes: Vec<(String, u64)> = files.iter().map(|f| (f.path.clone(), f.gzip)).collect();
    crate::pkg::print_totals(&sizes);
    for (code, raw, gzip) in languages(files) {
        log!(
            "{raw:>10} {gzip:>10}  total: the first load in {code} (its wasm instead of the English \
             one, lang/i18n.js and lang/{code}.txt)"
        );
    }
    match piece_sizes(files, manifest) {
        Ok(pieces) => {
            for piece in pieces {
                log!(
                    "{:>10} {:>10}  a piece, fetched when first opened: {} in {} ({})",
                    piece.raw,
                    piece.gzip,
                    piece.name,
                    piece.code,
                    piece.files.join(" + ")
                );
            }
        }
        Err(e) => log!("the pieces cannot be measured: {e}"),
    }
}

/// One panel's piece in one language, with everything it fetches when first opened.
#[derive(Debug, PartialEq)]
struct PieceSize {
    name: String,
    code: &'static str,
    /// The files it fetches: its chunks and itself.
    files: Vec<String>,
    raw: u64,
    gzip: u64,
}

/// Every piece of [`crate::split::MANIFEST`] in every language, measured on the files of
/// dist/ (`split_code.wasm`, `split_code.ko.wasm`, ...), the Lesson's with its words and
/// style. A file the map names but dist/ lacks
/// is an error: the page would fail to open that panel.
fn piece_sizes(files: &[FileSize], manifest: &BTreeMap<String, Vec<String>>) -> Result<Vec<PieceSize>> {
    let mut out = Vec::new();
    for code in std::iter::once("en").chain(LANGUAGES) {
        for (name, stems) in manifest {
            let mut paths: Vec<String> = stems
                .iter()
                .map(|stem| {
                    let file = format!("{stem}.wasm");
                    if code == "en" {
                        file
                    } else {
                        crate::split::in_language(&file, code)
                    }
                })
                .collect();
            // The Lesson also fetches its words and its style as it opens.
            if name == "lesson" {
                paths.extend([format!("lesson/{code}.txt"), "lesson/lesson.css".to_string()]);
            }
            let mut piece = PieceSize { name: name.clone(), code, files: Vec::new(), raw: 0, gzip: 0 };
            for path in paths {
                let file = files
                    .iter()
                    .find(|f| f.path == path)
                    .ok_or_else(|| format!("dist/ has no {path}, which the {name} piece fetches"))?;
                piece.raw += file.raw;
                piece.gzip += file.gzip;
                piece.files.push(path);
            }
            out.push(piece);
        }
    }
    Ok(out)
}

/// The pieces (`split_<name>.wasm` and `chunk_<n>.wasm`, and `split_<name>.<code>.wasm` per
/// language): fetched when first used, so in no first load.
fn is_piece(file: &FileSize) -> bool {
    crate::split::is_piece(&file.path)
}

/// The English page's first load (every file but the other languages', the pieces and those
/// fetched after the first circuit).
fn totals(files: &[FileSize]) -> (u64, u64) {
    let page = files
        .iter()
        .filter(|f| !is_language_file(f) && !is_fetched_later(f) && !is_outside_page(f) && !is_piece(f));
    (page.clone().map(|f| f.raw).sum(), page.map(|f| f.gzip).sum())
}

/// For each language with a wasm: (code, raw, gzip) of the page a student of that language
/// loads: the English page with that language's wasm in place of the English one, plus
/// lang/i18n.js and lang/<code>.txt.
fn languages(files: &[FileSize]) -> Vec<(String, u64, u64)> {
    let (raw, gzip) = totals(files);
    let size = |path: &str| files.iter().find(|f| f.path == path).map_or((0, 0), |f| (f.raw, f.gzip));
    let english = size("playground_bg.wasm");
    let js = size("lang/i18n.js");
    files
        .iter()
        .filter_map(|f| {
            let code = language_of_wasm(&f.path)?;
            let table = size(&format!("lang/{code}.txt"));
            let raw = raw - english.0 + f.raw + js.0 + table.0;
            let gzip = gzip - english.1 + f.gzip + js.1 + table.1;
            Some((code.to_string(), raw, gzip))
        })
        .collect()
}

fn write_report(files: &[FileSize]) -> Result {
    let target = crate::target_dir();
    std::fs::create_dir_all(&target).map_err(|err| format!("cannot create {}: {err}", target.display()))?;
    let report = target.join("bundle-size.json");
    std::fs::write(&report, to_json(files))
        .map_err(|err| format!("cannot write {}: {err}", report.display()))?;
    log!("wrote {}", report.display());
    Ok(())
}

/// `{"files": [{"path", "raw", "gzip"}...], "total_raw", "total_gzip", "languages": {code:
/// {"total_raw", "total_gzip"}}}`. The totals are the English page's; each language's has
/// its own wasm, lang/i18n.js and its table.
fn to_json(files: &[FileSize]) -> String {
    let (raw, gzip) = totals(files);
    let languages: serde_json::Map<String, serde_json::Value> = languages(files)
        .into_iter()
        .map(|(code, raw, gzip)| (code, serde_json::json!({"total_raw": raw, "total_gzip": gzip})))
        .collect();
    let report = serde_json::json!({
        "files": files,
        "total_raw": raw,
        "total_gzip": gzip,
        "languages": languages,
    });
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_hash_is_fnv1a_over_utf16_in_base_36() {
        // What lang/i18n.js's `hash` gives (node, on the same texts).
        assert_eq!(text_hash(""), "ztntfp");
        assert_eq!(text_hash("Reload"), "7acg4s");
        assert_eq!(text_hash("Expand σ gates"), "1i5hxa4");
    }

    #[test]
    fn html_texts_are_texts_between_tags_and_aria_labels() {
        let texts =
            html_texts("<p class=\"a\">Hello <b>world</b> </p><button aria-label=\"Zoom in\">+</button>");
        for t in ["Hello", "world", "Zoom in", "+"] {
            assert!(texts.contains(t), "{t:?} in {texts:?}");
        }
    }

    #[test]
    fn a_piece_is_measured_with_the_chunks_it_fetches_in_each_language() {
        let f = |path: &str, gzip: u64| FileSize { path: path.into(), raw: gzip * 2, gzip };
        let mut files = vec![f("chunk_3.wasm", 100), f("split_code.wasm", 1000), f("split_quiz.wasm", 500)];
        for code in LANGUAGES {
            files.extend([
                f(&format!("chunk_3.{code}.wasm"), 101),
                f(&format!("split_code.{code}.wasm"), 1001),
                f(&format!("split_quiz.{code}.wasm"), 501),
            ]);
        }
        let manifest = BTreeMap::from([
            ("code".to_string(), vec!["chunk_3".to_string(), "split_code".to_string()]),
            ("quiz".to_string(), vec!["split_quiz".to_string()]),
        ]);
        let pieces = piece_sizes(&files, &manifest).unwrap_or_else(|e| panic!("{e}"));
        let code_ko = pieces.iter().find(|p| p.name == "code" && p.code == "ko");
        assert_eq!(
            code_ko.map(|p| (p.gzip, p.files.clone())),
            Some((1102, vec!["chunk_3.ko.wasm".to_string(), "split_code.ko.wasm".to_string()]))
        );
        let quiz_en = pieces.iter().find(|p| p.name == "quiz" && p.code == "en");
        assert_eq!(quiz_en.map(|p| p.gzip), Some(500));
        assert_eq!(pieces.len(), 6);
        files.retain(|f| f.path != "chunk_3.ja.wasm");
        let missing = piece_sizes(&files, &manifest).err().unwrap_or_default();
        assert!(missing.contains("chunk_3.ja.wasm"), "{missing}");
    }

    #[test]
    fn the_report_is_json_with_totals() {
        let files = [
            FileSize { path: "index.html".into(), raw: 10, gzip: 5 },
            FileSize { path: "lang/i18n.js".into(), raw: 7, gzip: 3 },
            FileSize { path: "lang/ko.txt".into(), raw: 20, gzip: 9 },
            FileSize { path: "playground_bg.ko.wasm".into(), raw: 90, gzip: 38 },
            FileSize { path: "playground_bg.wasm".into(), raw: 100, gzip: 40 },
            FileSize { path: "sw.js".into(), raw: 30, gzip: 20 },
            FileSize { path: "lesson/en.txt".into(), raw: 70, gzip: 30 },
        ];
        let report: serde_json::Value =
            serde_json::from_str(&to_json(&files)).unwrap_or_else(|e| panic!("not JSON: {e}"));
        assert_eq!(
            report,
            serde_json::json!({
                "files": [
                    {"path": "index.html", "raw": 10, "gzip": 5},
                    {"path": "lang/i18n.js", "raw": 7, "gzip": 3},
                    {"path": "lang/ko.txt", "raw": 20, "gzip": 9},
                    {"path": "playground_bg.ko.wasm", "raw": 90, "gzip": 38},
                    {"path": "playground_bg.wasm", "raw": 100, "gzip": 40},
                    {"path": "sw.js", "raw": 30, "gzip": 20},
                    {"path": "lesson/en.txt", "raw": 70, "gzip": 30},
                ],
                "total_raw": 110,
                "total_gzip": 45,
                "languages": {"ko": {"total_raw": 127, "total_gzip": 55}},
            })
        );
    }
}

/// The language tables (crates/lang/tables/*.txt): the words of every build, and of index.html.
#[cfg(test)]
mod language_tables {
    use std::collections::BTreeSet;

    /// (English, translation) per entry of `crates/lang/tables/<code>.txt`.
    fn entries(code: &str) -> Vec<(String, String)> {
        let path = std::path::Path::new(lang::TABLES).join(format!("{code}.txt"));
        let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let entries = lang::table::entries(&src).unwrap_or_else(|e| panic!("{code}.txt: {e}"));
        entries.into_iter().map(|(en, to)| (en.to_string(), to.to_string())).collect()
    }

    /// The markers of a text: `{0}` as "0", `{~0}` as "~0".
    fn markers(s: &str) -> BTreeSet<String> {
        let b = s.as_bytes();
        let mut found = BTreeSet::new();
        for i in 0..b.len() {
            match b[i..] {
                [b'{', d @ b'0'..=b'9', b'}', ..] => found.insert((d as char).to_string()),
                [b'{', b'~', d @ b'0'..=b'9', b'}', ..] => found.insert(format!("~{}", d as char)),
                _ => false,
            };
        }
        found
    }

    #[test]
    fn korean_and_japanese_translate_the_same_texts_with_the_same_markers() {
        let (ko, ja) = (entries("ko"), entries("ja"));
        assert!(ko.len() > 150, "ko.txt has only {} entries", ko.len());
        assert_eq!(ko.len(), ja.len(), "ko.txt and ja.txt have different entries");
        let mut seen = BTreeSet::new();
        for ((en, k), (en_ja, j)) in ko.iter().zip(&ja) {
            assert_eq!(en, en_ja, "ko.txt and ja.txt differ in order or wording");
            assert!(seen.insert(en.clone()), "{en:?} is in the table twice");
            let english = markers(en);
            assert!(english.iter().all(|m| !m.starts_with('~')), "{en:?}: ~ belongs in translations");
            for (code, to) in [("ko", k), ("ja", j)] {
                assert_ne!(en.trim_start_matches('~'), to, "{code}: {en:?} is not translated");
                for m in markers(to) {
                    assert!(
                        english.contains(m.trim_start_matches('~')),
                        "{code}: {to:?} has {m}, not in {en:?}"
                    );
                }
            }
            assert_eq!(markers(k), markers(j), "ko and ja fill {en:?} differently");
        }
    }

    #[test]
    fn the_translations_use_the_standard_terms() {
        let text = |code: &str| entries(code).into_iter().map(|(_, to)| to).collect::<Vec<_>>().join("\n");
        let ko = text("ko");
        for term in ["역전파", "순전파", "기울기", "연쇄 법칙", "국소 기울기", "상류", "게이트", "회로"]
        {
            assert!(ko.contains(term), "ko.txt never says {term}");
        }
        let ja = text("ja");
        for term in ["誤差逆伝播法", "順伝播", "勾配", "連鎖律", "局所勾配", "上流", "ゲート", "回路"]
        {
            assert!(ja.contains(term), "ja.txt never says {term}");
        }
    }
}
