//! `dist/pkg/`: the npm package `backprop-playground` (the engine for JavaScript, from
//! crates/js, and the `<backprop-circuit>` element), built by `cargo xtask dist` after the
//! page and measured by the size stage.
//!
//! The wasm is built like the page's (the nightly size build, `dist::SIZE_BUILD`), then
//! wasm-bindgen writes the ES module, its TypeScript declarations and the wasm
//! (`--target web`: `init()` in a page, `init({ module_or_path: bytes })` in Node),
//! wasm-opt shrinks the wasm with the page's flags, the imports get short names
//! (`imports.rs`) and terser minifies the module. `package.json` is written here, so its
//! `files` list is the whole tarball of `npm pack dist/pkg`.

use std::path::{Path, PathBuf};

use crate::tools::Toolbox;
use crate::{exec, Result};

/// The module a user imports; wasm-bindgen names it after the crate's lib (`backprop`).
pub const MODULE: &str = "backprop.js";
pub const WASM: &str = "backprop_bg.wasm";
pub const TYPES: &str = "backprop.d.ts";

/// The engine module (JS + wasm) may be this large, in bytes of gzip -9: 40 KB.
pub const ENGINE_BUDGET: u64 = 40_960;

/// The files of the package, and so of its tarball (npm adds package.json and README.md).
const FILES: &[&str] = &[MODULE, WASM, TYPES];

/// wasm-opt's flags for the page's wasm (www/index.html's `data-wasm-opt-params`), at -Oz.
const WASM_OPT: &[&str] = &[
    "-Oz",
    "--converge",
    "--strip-producers",
    "--strip-target-features",
    "--one-caller-inline-max-function-size=0",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Builds `dist/pkg/` and returns its path.
pub fn build(toolbox: &Toolbox, dist: &Path) -> Result<PathBuf> {
    let target = crate::target_dir();
    let mut cargo = toolbox.command("cargo");
    cargo
        .args(["build", "--offline", "-p", "backprop-js", "--lib", "--target", "wasm32-unknown-unknown"])
        .args(["--profile", "wasm-release"])
        .envs(crate::dist::SIZE_BUILD.iter().copied())
        // Its own folder: the page's build and this one do not evict each other's crates.
        .env("CARGO_TARGET_DIR", target.join("pkg"));
    exec::run(&mut cargo)?;
    let wasm = target.join("pkg/wasm32-unknown-unknown/wasm-release/backprop.wasm");

    let pkg = dist.join("pkg");
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).map_err(|e| format!("cannot remove {}: {e}", pkg.display()))?;
    }
    let out = target.join("pkg/bindgen");
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("cannot remove {}: {e}", out.display()))?;
    }
    let mut bindgen = toolbox.command("wasm-bindgen");
    bindgen.arg(&wasm).args(["--target", "web", "--out-name", "backprop", "--out-dir"]).arg(&out);
    exec::run(&mut bindgen)?;
    let mut opt = toolbox.command("wasm-opt");
    opt.args(WASM_OPT).arg(out.join(WASM)).arg("-o").arg(out.join(WASM));
    exec::run(&mut opt)?;
    crate::imports::shorten(&out.join(WASM), &out.join(MODULE))?;
    let mut terser = toolbox.command("terser");
    terser
        .arg(out.join(MODULE))
        .args(["--compress", "--mangle", "--module", "--output"])
        .arg(out.join(MODULE));
    exec::run(&mut terser)?;

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
            "./package.json": "./package.json",
        },
        "files": FILES,
        "sideEffects": false,
        "keywords": ["backpropagation", "autodiff", "cs231n", "webassembly", "teaching"],
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n"
}

/// The package's files with their gzip -9 sizes: (path under dist/, gzip).
pub fn engine_gzip(files: &[(String, u64)]) -> u64 {
    files
        .iter()
        .filter(|(p, _)| p == &format!("pkg/{MODULE}") || p == &format!("pkg/{WASM}"))
        .map(|f| f.1)
        .sum()
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
        assert_eq!(m["files"], serde_json::json!(["backprop.js", "backprop_bg.wasm", "backprop.d.ts"]));
    }
}
