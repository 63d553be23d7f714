//! `cargo xtask serve`: what `cargo xtask dist` builds, served by Trunk on 127.0.0.1:$PORT
//! (default 8080), with the English page rebuilt on every change.
//!
//! Trunk builds and serves the English page (a debug build, in target/serve/page so that a
//! release dist/ is left alone). Before it starts, this builds the rest once into
//! target/serve/extras: the Korean and Japanese wasm and their page tables, the npm package
//! (`pkg/`), the notes page (`notes/`), the Python package with the notebook widget (`python/`) and the Gradescope
//! autograder (`autograder.zip`). Trunk's post_build hook (`cargo xtask serve-hook`) copies the Lesson's CSS and
//! copies the extras into every build, so the page, `?lang=ko`, `notes/` and the rest are
//! served side by side.
//!
//! The languages' wasm must match the English build's loader (playground.js: the page has one
//! for every language), so they are debug builds like it, and the hook builds them again when
//! an edit changes the loader.
//!
//! Trunk's automatic reload is an inline script, which the release page's strict CSP would
//! refuse; that `<meta>` is added by `cargo xtask dist` only, so the served page reloads.

use std::path::{Path, PathBuf};

use crate::tools::{self, Needs, Toolbox};
use crate::{dist, exec, Result};

const DEFAULT_PORT: u16 = 8080;

/// Tells the post_build hook where the extras are.
const EXTRAS_VAR: &str = "BACKPROP_SERVE_EXTRAS";

/// The loader the extras' language wasm was built with, beside them.
const LOADER: &str = "languages-loader.js";

pub fn run() -> Result {
    let port = port()?;
    let toolbox = tools::ensure(Needs::DIST)?;
    if let Some(reason) = dist::missing_input() {
        return Err(format!("cannot serve the page: {reason}"));
    }
    dist::fetch(&toolbox)?;
    let extras = crate::target_dir().join("serve/extras");
    if extras.exists() {
        std::fs::remove_dir_all(&extras)
            .map_err(|err| format!("cannot remove {}: {err}", extras.display()))?;
    }
    std::fs::create_dir_all(&extras).map_err(|err| format!("cannot create {}: {err}", extras.display()))?;
    log!("building what the page does not (languages, pkg/, notes/, python/, autograder.zip) once");
    languages(&toolbox, &extras)?;
    crate::pkg::build(&toolbox, &extras)?;
    crate::pkg::notes(&extras)?;
    crate::pkg::notebook(&toolbox)?;
    crate::pkg::wheel(&toolbox, &extras)?;
    crate::autograder::build(&toolbox, &extras)?;
    log!(
        "serving at http://127.0.0.1:{port}/ (?lang=ko, ?lang=ja), notes/, pkg/, python/, autograder.zip \
         (Ctrl-C stops; the tab reloads after each rebuild)"
    );
    let page = crate::target_dir().join("serve/page");
    exec::run(
        toolbox
            .command("trunk")
            .args(["serve", "--address", "127.0.0.1", "--port", &port.to_string(), "--dist"])
            .arg(&page)
            .env(EXTRAS_VAR, &extras),
    )
}

fn port() -> Result<u16> {
    match std::env::var("PORT") {
        Ok(port) if !port.is_empty() => {
            port.parse().map_err(|_| format!("PORT must be a port number from 1 to 65535, not `{port}`"))
        }
        _ => Ok(DEFAULT_PORT),
    }
}

/// Trunk's post_build hook (Trunk.toml) in a debug build: the Lesson's CSS into Trunk's
/// staging folder, so the served page opens the Lesson as dist/'s does, and under `cargo
/// xtask serve` the extras beside it. (Trunk.toml skips the hook in release builds: `cargo
/// xtask dist` copies the CSS itself, after Trunk; and in a language's own build, which
/// only gives its wasm.)
pub fn hook() -> Result {
    let Some(staging) = std::env::var_os("TRUNK_STAGING_DIR") else {
        return Err("serve-hook is Trunk's post_build hook: TRUNK_STAGING_DIR is not set".into());
    };
    let staging = PathBuf::from(staging);
    let toolbox = tools::ensure(Needs::WEB)?;
    dist::lesson_css(&staging)?;
    let Some(extras) = std::env::var_os(EXTRAS_VAR) else { return Ok(()) };
    let extras = PathBuf::from(extras);
    let english = read(&staging.join("playground.js"))?;
    if english != read(&extras.join(LOADER))? {
        log!("the page's loader changed: building the other languages' wasm again");
        languages(&toolbox, &extras)?;
        if english != read(&extras.join(LOADER))? {
            return Err("the Korean and Japanese builds' playground.js differs from the English one's: \
                        the page has one loader for every language"
                .into());
        }
    }
    copy_tree(&extras, &staging)?;
    Ok(())
}

/// Each language's wasm as a debug build, as `extras/playground_bg.<code>.wasm`, with its
/// page table in `extras/lang/`; the loader they share goes to `extras/languages-loader.js`.
fn languages(toolbox: &Toolbox, extras: &Path) -> Result {
    let target = crate::target_dir();
    let mut loader: Option<Vec<u8>> = None;
    for code in dist::LANGUAGES {
        let out = target.join(format!("serve/lang-{code}"));
        let mut trunk = toolbox.command("trunk");
        trunk
            .args(["build", "--dist"])
            .arg(&out)
            .env("BACKPROP_LANG", code)
            // Only the wasm is wanted: Trunk.toml skips the post_build hook.
            .env("BACKPROP_WASM_ONLY", "1")
            .env("CARGO_TARGET_DIR", target.join(format!("lang-{code}")))
            .env_remove(EXTRAS_VAR);
        exec::run(&mut trunk)?;
        let js = read(&out.join("playground.js"))?;
        if loader.as_ref().is_some_and(|first| *first != js) {
            return Err(format!("the {code} build's playground.js differs from the other languages'"));
        }
        loader = Some(js);
        let wasm = extras.join(format!("playground_bg.{code}.wasm"));
        std::fs::copy(out.join("playground_bg.wasm"), &wasm)
            .map_err(|err| format!("cannot copy the {code} wasm to {}: {err}", wasm.display()))?;
        let tables = extras.join("lang");
        std::fs::create_dir_all(&tables)
            .map_err(|err| format!("cannot create {}: {err}", tables.display()))?;
        dist::write_page_table(code, &tables)?;
    }
    let file = extras.join(LOADER);
    std::fs::write(&file, loader.unwrap_or_default())
        .map_err(|err| format!("cannot write {}: {err}", file.display()))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
}

/// Copies every file under `from` to the same place under `to`, making folders as needed.
fn copy_tree(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|err| format!("cannot create {}: {err}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|err| format!("cannot list {}: {err}", from.display()))?;
    for entry in entries {
        let path = entry.map_err(|err| format!("cannot list {}: {err}", from.display()))?.path();
        let Some(name) = path.file_name() else { continue };
        if path.is_dir() {
            copy_tree(&path, &to.join(name))?;
        } else if name != LOADER {
            std::fs::copy(&path, to.join(name))
                .map_err(|err| format!("cannot copy {} to {}: {err}", path.display(), to.display()))?;
        }
    }
    Ok(())
}
