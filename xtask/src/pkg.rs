//! `dist/pkg/`: the npm package `backprop-playground` (the engine for JavaScript, from
//! crates/js, and the `<backprop-circuit>` element, crates/js/www), built by `cargo xtask
//! dist` after the page and measured by the size stage (docs/js-api.md is its reference).
//!
//! The wasm is built like the page's (the nightly size build, `wasm::SIZE_BUILD`), then
//! wasm-bindgen writes the ES module, its TypeScript declarations and the wasm
//! (`--target web`: `init()` in a page, `init({ module_or_path: bytes })` in Node),
//! wasm-opt shrinks the wasm with the page's flags, the imports get short names
//! (`imports.rs`) and terser minifies the module. `package.json` is written here, so its
//! `files` list is the whole tarball of `npm pack dist/pkg`.

use std::path::{Path, PathBuf};

use crate::tools::Toolbox;
use crate::wasm::{SIZE_BUILD, WASM_OPT};
use crate::{exec, Result};

/// The module a user imports; wasm-bindgen names it after the crate's lib (`backprop`).
pub const MODULE: &str = "backprop.js";
pub const WASM: &str = "backprop_bg.wasm";
pub const TYPES: &str = "backprop.d.ts";

/// The `<backprop-circuit>` element's module and the stylesheet its shadow root links.
pub const ELEMENT: &str = "backprop-circuit.js";
pub const ELEMENT_CSS: &str = "backprop-circuit.css";
/// The element's TypeScript declarations (its properties, events and tag name).
pub const ELEMENT_TYPES: &str = "backprop-circuit.d.ts";

/// The engine module (JS + wasm) may be this large, in bytes of gzip -9: 40 KB (issue 14;
/// its goal is 24 KB). The layout and SVG writer behind `svg()` are not in it: they are the
/// SVG module, loaded the first time a circuit asks for its picture.
pub const ENGINE_BUDGET: u64 = 40_960;

/// The element with everything it loads (its module and stylesheet, its wasm and that
/// wasm's glue), in bytes of gzip -9: 72 KB.
pub const ELEMENT_BUDGET: u64 = 73_728;

/// The files of the package, and so of its tarball (npm adds package.json and README.md).
const FILES: &[&str] = &[
    MODULE,
    WASM,
    TYPES,
    SVG_LOADER,
    SVG_MODULE,
    SVG_WASM,
    ELEMENT,
    ELEMENT_CSS,
    ELEMENT_TYPES,
    VIEW_MODULE,
    VIEW_WASM,
];

/// What the engine's `svg()` imports (crates/js/www/svg.js), and the SVG module it loads on
/// first use: crates/js built with only its `svg` feature.
pub const SVG_LOADER: &str = "svg.js";
const SVG_NAME: &str = "backprop-svg";
pub const SVG_MODULE: &str = "backprop-svg.js";
pub const SVG_WASM: &str = "backprop-svg_bg.wasm";

/// The element's own wasm module and its wasm-bindgen glue (`circuit-view.js`), which the
/// element's module imports: crates/js built with only its `element` feature.
const VIEW_NAME: &str = "circuit-view";
pub const VIEW_MODULE: &str = "circuit-view.js";
pub const VIEW_WASM: &str = "circuit-view_bg.wasm";

/// Builds `dist/pkg/` and returns its path.
pub fn build(toolbox: &Toolbox, dist: &Path) -> Result<PathBuf> {
    let pkg = dist.join("pkg");
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).map_err(|e| format!("cannot remove {}: {e}", pkg.display()))?;
    }
    let out = bindgen_dir();
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("cannot remove {}: {e}", out.display()))?;
    }
    module(toolbox, "api", "backprop", &out)?;
    module(toolbox, "element", VIEW_NAME, &out)?;
    module(toolbox, "svg", SVG_NAME, &out)?;

    let www = crate::root().join("crates/js/www");
    for name in [ELEMENT, ELEMENT_CSS, ELEMENT_TYPES, SVG_LOADER] {
        std::fs::copy(www.join(name), out.join(name)).map_err(|e| format!("cannot copy {name}: {e}"))?;
    }
    for name in [ELEMENT, SVG_LOADER] {
        let mut terser = toolbox.command("terser");
        terser
            .arg(out.join(name))
            .args(["--compress", "--mangle", "--module", "--output"])
            .arg(out.join(name));
        exec::run(&mut terser)?;
    }

    std::fs::create_dir_all(&pkg).map_err(|e| format!("cannot create {}: {e}", pkg.display()))?;
    for name in FILES {
        std::fs::copy(out.join(name), pkg.join(name))
            .map_err(|e| format!("cannot copy {name} into {}: {e}", pkg.display()))?;
    }
    let readme = crate::root().join("crates/js/README.md");
    std::fs::copy(&readme, pkg.join("README.md"))
        .map_err(|e| format!("cannot copy {}: {e}", readme.display()))?;
    let manifest = pkg.join("package.json");
    std::fs::write(&manifest, package_json())
        .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    log!("built the npm package in {}", pkg.display());
    Ok(pkg)
}

/// Builds crates/js with only `feature` into `out/<name>.js` and `out/<name>_bg.wasm`: the
/// nightly size build, wasm-bindgen, wasm-opt, short import names, terser.
fn module(toolbox: &Toolbox, feature: &str, name: &str, out: &Path) -> Result {
    let target = crate::target_dir();
    let mut cargo = toolbox.command("cargo");
    cargo
        .args(["build", "--offline", "-p", "backprop-js", "--lib", "--target", "wasm32-unknown-unknown"])
        .args(["--profile", "wasm-release", "--no-default-features", "--features", feature])
        .envs(SIZE_BUILD.iter().copied())
        // Its own folder: the page's build and this one do not evict each other's crates.
        .env("CARGO_TARGET_DIR", target.join("pkg"));
    exec::run(&mut cargo)?;
    let wasm = target.join("pkg/wasm32-unknown-unknown/wasm-release/backprop.wasm");
    let mut bindgen = toolbox.command("wasm-bindgen");
    bindgen.arg(&wasm).args(["--target", "web", "--out-name", name, "--out-dir"]).arg(out);
    exec::run(&mut bindgen)?;
    let (js, bg) = (out.join(format!("{name}.js")), out.join(format!("{name}_bg.wasm")));
    let mut opt = toolbox.command("wasm-opt");
    opt.args(WASM_OPT).arg(&bg).arg("-o").arg(&bg);
    exec::run(&mut opt)?;
    crate::imports::shorten(&bg, &js)?;
    let mut terser = toolbox.command("terser");
    terser.arg(&js).args(["--compress", "--mangle", "--module", "--output"]).arg(&js);
    exec::run(&mut terser)
}

/// The teacher's notes page (crates/js/notes) into `dist/notes/`, with the production
/// Content-Security-Policy as a `<meta>`: three live circuits from `../pkg/`, and the lines a
/// teacher copies to embed one.
pub fn notes(dist: &Path) -> Result {
    let from = crate::root().join("crates/js/notes");
    let to = dist.join("notes");
    std::fs::create_dir_all(&to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for name in ["index.html", "notes.css"] {
        std::fs::copy(from.join(name), to.join(name))
            .map_err(|e| format!("cannot copy notes/{name}: {e}"))?;
    }
    crate::csp::add_csp_meta(&to.join("index.html"))?;
    log!("built the teacher's notes page in {}", to.display());
    Ok(())
}

/// The notebook widget's front end, bundled into the Python package's folder
/// (crates/py/python/backprop_playground/widget.js, ignored by git) for its wheel:
/// crates/js/www/backprop-widget.js bundled by esbuild with the element, its glue, and its
/// wasm and stylesheet as data (a notebook loads the module from a string, with no folder
/// beside it). Built from the package's own files in `out`, so the widget runs the same wasm
/// as `pkg/`.
pub fn notebook(toolbox: &Toolbox) -> Result {
    let out = bindgen_dir();
    let entry = out.join(WIDGET_ENTRY);
    std::fs::copy(crate::root().join("crates/js/www").join(WIDGET_ENTRY), &entry)
        .map_err(|e| format!("cannot copy {WIDGET_ENTRY}: {e}"))?;
    let bundle = crate::root().join(WIDGET);
    let mut esbuild = toolbox.command("esbuild");
    esbuild
        .arg(&entry)
        .args(["--bundle", "--format=esm", "--minify", "--loader:.wasm=binary", "--loader:.css=text"])
        .arg(format!("--outfile={}", bundle.display()))
        .arg("--log-level=warning");
    exec::run(&mut esbuild)?;
    log!("bundled the notebook widget's front end into {}", bundle.display());
    Ok(())
}

/// The Python package (crates/py) as one abi3 wheel in `dist/python/`, built by maturin
/// (the `python` profile: release with panics that unwind), carrying the widget's front end that [`notebook`] bundled.
pub fn wheel(toolbox: &Toolbox, dist: &Path) -> Result {
    let maturin = toolbox.maturin.clone().ok_or("no maturin in the toolbox")?;
    let to = dist.join("python");
    let _ = std::fs::remove_dir_all(&to);
    let mut cmd = toolbox.command(&maturin.to_string_lossy());
    cmd.args(["build", "--profile", "python", "--quiet", "--manifest-path", "crates/py/Cargo.toml", "--out"])
        .arg(&to);
    exec::run(&mut cmd)?;
    let wheel = find_wheel(&to)?;
    log!("built the Python package {}", wheel.display());
    Ok(())
}

/// The one wheel in `folder` (`dist/python`).
pub fn find_wheel(folder: &Path) -> Result<PathBuf> {
    let entries = std::fs::read_dir(folder).map_err(|e| format!("cannot list {}: {e}", folder.display()))?;
    let wheels: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "whl"))
        .collect();
    match wheels.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!("expected one wheel in {}, found {}", folder.display(), wheels.len())),
    }
}

/// Where wasm-bindgen writes the package's modules, and `build` gathers the files it ships.
fn bindgen_dir() -> PathBuf {
    crate::target_dir().join("pkg/bindgen")
}

/// The widget's entry (crates/js/www) and its one-file bundle in the Python package.
const WIDGET_ENTRY: &str = "backprop-widget.js";
const WIDGET: &str = "crates/py/python/backprop_playground/widget.js";

/// The package's manifest: the workspace's version and license.
fn package_json() -> String {
    let manifest = serde_json::json!({
        "name": "backprop-playground",
        "version": env!("CARGO_PKG_VERSION"),
        "description": "Backpropagation on cs231n's computational-graph circuits: a small autodiff engine in WebAssembly for JavaScript.",
        "license": "MIT OR Apache-2.0",
        "type": "module",
        "main": MODULE,
        "module": MODULE,
        "types": TYPES,
        "exports": {
            ".": { "types": format!("./{TYPES}"), "default": format!("./{MODULE}") },
            "./backprop_bg.wasm": format!("./{WASM}"),
            "./backprop-circuit.js": { "types": format!("./{ELEMENT_TYPES}"), "default": format!("./{ELEMENT}") },
            "./backprop-circuit.css": format!("./{ELEMENT_CSS}"),
            "./package.json": "./package.json",
        },
        "files": FILES,
        // The element's module defines <backprop-circuit> when imported.
        "sideEffects": [format!("./{ELEMENT}")],
        "keywords": ["backpropagation", "autodiff", "cs231n", "webassembly", "teaching"],
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n"
}

/// The gzip -9 bytes of these package files, from (path under dist/, gzip) pairs.
fn gzip_of(files: &[(String, u64)], names: &[&str]) -> u64 {
    files.iter().filter(|(p, _)| names.iter().any(|n| *p == format!("pkg/{n}"))).map(|f| f.1).sum()
}

/// The engine module: the JS a user imports and its wasm.
pub fn engine_gzip(files: &[(String, u64)]) -> u64 {
    gzip_of(files, &[MODULE, WASM])
}

/// The element with everything it loads.
pub fn element_gzip(files: &[(String, u64)]) -> u64 {
    gzip_of(files, &[ELEMENT, ELEMENT_CSS, VIEW_MODULE, VIEW_WASM])
}

/// What the first `svg()` loads on top of the engine module: the loader and the SVG module.
pub fn svg_gzip(files: &[(String, u64)]) -> u64 {
    gzip_of(files, &[SVG_LOADER, SVG_MODULE, SVG_WASM])
}

/// The size report's lines for the package.
pub fn print_totals(sizes: &[(String, u64)]) {
    log!("{:>10} {:>10}  total: the engine module, pkg/{MODULE} + pkg/{WASM}", "", engine_gzip(sizes));
    log!(
        "{:>10} {:>10}  total: the element, pkg/{ELEMENT} + .css + {VIEW_MODULE} + its wasm",
        "",
        element_gzip(sizes)
    );
    log!(
        "{:>10} {:>10}  total: what the first svg() adds, pkg/{SVG_LOADER} + {SVG_MODULE} + its wasm",
        "",
        svg_gzip(sizes)
    );
}

/// The package's budgets against (path under dist/, gzip) pairs: what is over, if anything.
/// A dist/ without the package is an error: `dist` always builds it.
pub fn check_budgets(sizes: &[(String, u64)]) -> Result<Vec<String>> {
    if !sizes.iter().any(|(p, _)| *p == format!("pkg/{WASM}")) {
        return Err("dist/ has no pkg/: build it with `cargo xtask dist`".into());
    }
    let mut over = Vec::new();
    for (what, gzip, budget) in [
        ("the engine module (pkg/backprop.js + its wasm)", engine_gzip(sizes), ENGINE_BUDGET),
        (
            "the element with all it loads (pkg/backprop-circuit.js, .css, circuit-view.js + its wasm)",
            element_gzip(sizes),
            ELEMENT_BUDGET,
        ),
    ] {
        log!("{what}: {gzip} of {budget} bytes gzip ({} left)", budget.saturating_sub(gzip));
        if gzip > budget {
            over.push(format!("{what}: {gzip} bytes ({} over)", gzip - budget));
        }
    }
    Ok(over)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_names_the_module_its_types_and_only_the_files_a_user_needs() {
        let m: serde_json::Value = serde_json::from_str(&package_json()).unwrap_or_default();
        assert_eq!(m["name"], "backprop-playground");
        assert_eq!(m["type"], "module");
        assert_eq!(m["exports"]["."]["default"], "./backprop.js");
        assert_eq!(m["types"], "backprop.d.ts");
        assert_eq!(m["exports"]["./backprop-circuit.js"]["default"], "./backprop-circuit.js");
        assert_eq!(m["exports"]["./backprop-circuit.js"]["types"], "./backprop-circuit.d.ts");
        assert_eq!(
            m["files"],
            serde_json::json!([
                "backprop.js",
                "backprop_bg.wasm",
                "backprop.d.ts",
                "svg.js",
                "backprop-svg.js",
                "backprop-svg_bg.wasm",
                "backprop-circuit.js",
                "backprop-circuit.css",
                "backprop-circuit.d.ts",
                "circuit-view.js",
                "circuit-view_bg.wasm"
            ])
        );
    }

    #[test]
    fn the_budgets_fail_over_the_limit_and_need_the_package() {
        let sizes = |engine: u64, view: u64| {
            vec![
                ("pkg/backprop.js".to_string(), 2_000),
                ("pkg/backprop_bg.wasm".to_string(), engine),
                ("pkg/backprop-circuit.js".to_string(), 2_000),
                ("pkg/backprop-circuit.css".to_string(), 500),
                ("pkg/circuit-view.js".to_string(), 3_000),
                ("pkg/circuit-view_bg.wasm".to_string(), view),
                ("playground_bg.wasm".to_string(), 90_000),
            ]
        };
        assert_eq!(check_budgets(&sizes(38_960, 50_000)), Ok(vec![]));
        let over = check_budgets(&sizes(39_520, 70_000)).unwrap_or_default();
        assert_eq!(over.len(), 2, "{over:?}");
        assert!(over[0].starts_with("the engine module") && over[0].ends_with("(560 over)"), "{over:?}");
        assert!(check_budgets(&[("index.html".to_string(), 10)]).is_err());
    }
}
