//! `cargo xtask dist`: the release build of the page into `dist/`, and its size report.
//!
//! Trunk does the build (Trunk.toml: `www/index.html` into `dist/`, offline, pinned
//! wasm-bindgen and wasm-opt). The report lists every file raw and gzipped, because
//! gzip size is what a visitor downloads, and goes to `target/bundle-size.json` so
//! changes in size can be compared between commits.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::tools::{self, Needs, Toolbox};
use crate::{exec, system, Result};

/// One file of `dist/` and its sizes in bytes.
#[derive(Debug)]
struct FileSize {
    /// Relative to `dist/`, with `/` separators.
    path: String,
    raw: u64,
    gzip: u64,
}

pub fn run() -> Result {
    let toolbox = tools::ensure(Needs::WEB)?;
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
    system::ensure_nightly_wasm()?;
    fetch(toolbox)?;
    fetch_std(toolbox)?;
    let mut trunk = toolbox.command("trunk");
    trunk.args(["build", "--release"]).envs(SIZE_BUILD.iter().copied());
    exec::run(&mut trunk)?;

    let dist = crate::root().join("dist");
    add_csp_meta(&dist.join("index.html"))?;
    drop_rust_link(&dist.join("index.html"))?;
    minify_js(toolbox, &dist)?;
    let renamed = crate::imports::shorten(&dist.join("playground_bg.wasm"), &dist.join("playground.js"))?;
    log!(
        "shortened the names of {} wasm imports and {} exports (in the wasm and in playground.js)",
        renamed.imports,
        renamed.exports
    );
    let mut files = Vec::new();
    measure(&dist, &dist, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    print_report(&files);
    write_report(&files)?;
    Ok(dist)
}

/// The policy the release page runs under, also sent as a header by the test server.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// Writes the Content-Security-Policy into the built page as a `<meta>`, so it holds on any
/// static host. It is added here and not in `www/index.html` because `trunk serve` injects
/// an inline live-reload script that the policy would (rightly) block.
fn add_csp_meta(index: &Path) -> Result {
    let html =
        std::fs::read_to_string(index).map_err(|err| format!("cannot read {}: {err}", index.display()))?;
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">");
    // Trunk's minifier drops the quotes.
    let charset = ["<meta charset=\"utf-8\">", "<meta charset=utf-8>"];
    let Some(at) = charset.iter().find_map(|tag| html.find(tag).map(|i| i + tag.len())) else {
        return Err(format!("{} has no <meta charset=\"utf-8\"> to put the policy after", index.display()));
    };
    let html = format!("{}\n{meta}{}", &html[..at], &html[at..]);
    std::fs::write(index, html).map_err(|err| format!("cannot write {}: {err}", index.display()))
}

/// How the release wasm is built: the page must stay under 100 KB gzip, and the pinned
/// stable toolchain cannot get it there. Nightly rebuilds std with `optimize_for_size`
/// and makes a panic a plain trap (`immediate-abort`: no panic message formatting, no
/// source locations), and `fmt-debug=none` leaves out every `Debug` impl (nothing on the
/// page prints one). Together about 20 KB gzip of the wasm. Only `dist` uses this (and so
/// the e2e suite, which runs against dist/); `serve`, clippy and every test stay on the
/// pinned stable toolchain.
const SIZE_BUILD: &[(&str, &str)] = &[
    ("RUSTUP_TOOLCHAIN", "nightly"),
    ("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort"),
    ("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size"),
    (
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none",
    ),
];

/// Removes the `<link data-trunk rel="rust" ...>` that Trunk leaves in the built page when
/// it injects no script (`inject_scripts = false`): the browser ignores it, and its
/// attributes are a few hundred bytes of the page's budget.
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

/// Minifies every `.js` file at the top of dist/ in place with terser (ES modules: the
/// loader, boot.js; sw.js is a classic worker script).
fn minify_js(toolbox: &Toolbox, dist: &Path) -> Result {
    for name in ["playground.js", "boot.js", "sw.js"] {
        let file = dist.join(name);
        let mut cmd = toolbox.command("terser");
        cmd.arg(&file).args(["--compress", "--mangle", "--output"]).arg(&file);
        if name != "sw.js" {
            cmd.arg("--module");
        }
        exec::run(&mut cmd)?;
    }
    Ok(())
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

fn print_report(files: &[FileSize]) {
    log!("dist/ sizes in bytes (gzip -9):");
    log!("{:>10} {:>10}  file", "raw", "gzip");
    for file in files {
        log!("{:>10} {:>10}  {}", file.raw, file.gzip, file.path);
    }
    let (raw, gzip) = totals(files);
    log!("{raw:>10} {gzip:>10}  total");
}

fn totals(files: &[FileSize]) -> (u64, u64) {
    (files.iter().map(|f| f.raw).sum(), files.iter().map(|f| f.gzip).sum())
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

/// `{"files": [{"path", "raw", "gzip"}...], "total_raw", "total_gzip"}`, written by hand
/// to keep xtask free of dependencies.
fn to_json(files: &[FileSize]) -> String {
    let mut json = String::from("{\n  \"files\": [\n");
    for (i, file) in files.iter().enumerate() {
        let comma = if i + 1 < files.len() { "," } else { "" };
        let path = file.path.replace('\\', "\\\\").replace('"', "\\\"");
        let _ = writeln!(
            json,
            "    {{\"path\": \"{path}\", \"raw\": {}, \"gzip\": {}}}{comma}",
            file.raw, file.gzip
        );
    }
    let (raw, gzip) = totals(files);
    let _ = write!(json, "  ],\n  \"total_raw\": {raw},\n  \"total_gzip\": {gzip}\n}}\n");
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_is_json_with_totals() {
        let files = [
            FileSize { path: "index.html".into(), raw: 10, gzip: 5 },
            FileSize { path: "playground_bg.wasm".into(), raw: 100, gzip: 40 },
        ];
        assert_eq!(
            to_json(&files),
            "{\n  \"files\": [\n    {\"path\": \"index.html\", \"raw\": 10, \"gzip\": 5},\n    \
             {\"path\": \"playground_bg.wasm\", \"raw\": 100, \"gzip\": 40}\n  ],\n  \
             \"total_raw\": 110,\n  \"total_gzip\": 45\n}\n"
        );
    }
}
