//! `cargo xtask ensure-tools`: the pinned tools, where they live, and how they get there.
//!
//! Every tool is installed into its own versioned folder under `$BACKPROP_TOOLS`
//! (default `~/.cache/backprop-playground`), outside the repository so fresh clones
//! reuse it. A tool counts as installed when its binaries exist and report the pinned
//! version, so a second run only runs a few `--version` probes. Trunk is told the same
//! versions in `Trunk.toml`, finds these binaries on `PATH` and never downloads.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{exec, system, Result};

/// How a tool is installed.
enum Source {
    /// `cargo install <name> --version <version> --root <folder>`.
    Crate { name: &'static str, locked: bool },
    /// `npm install --prefix <folder> <name>@<version>`.
    Npm { name: &'static str },
    /// The same install, for a package of files, not commands: its `binaries` are files in
    /// `bin_dir`, and it counts as installed when they exist and the package's
    /// package.json (in `bin_dir`) has the pinned version.
    NpmFiles { name: &'static str },
    /// `python3 -m venv <folder>`, then `pip install` of these pinned requirements into it.
    Pip { requirements: &'static [&'static str] },
}

/// One pinned tool and the binaries it provides.
struct Tool {
    /// Names the folder `<name>-<version>` under the tools home.
    name: &'static str,
    version: &'static str,
    source: Source,
    /// Where the binaries are, relative to the tool's folder.
    bin_dir: &'static str,
    /// The binaries; the first one is asked for `--version`.
    binaries: &'static [&'static str],
    /// The part of that `--version` output that proves the pinned version.
    version_marker: &'static str,
    /// A rough install time on a 2-core machine, so a long wait is expected.
    install_time: &'static str,
}

/// The Trunk release that builds with the pinned rustc (0.22 needs rustc 1.96.1).
const TRUNK: Tool = Tool {
    name: "trunk",
    version: "0.21.14",
    source: Source::Crate { name: "trunk", locked: true },
    bin_dir: "bin",
    binaries: &["trunk"],
    version_marker: "trunk 0.21.14",
    install_time: "about 10 minutes",
};

/// Must equal the `wasm-bindgen` version in Cargo.lock exactly; `check_pins` enforces it.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// Installed without `--locked`: one locked dependency of 0.2.130 is missing from the
/// registry mirror, so the lockfile of the CLI does not resolve here.
const WASM_BINDGEN: Tool = Tool {
    name: "wasm-bindgen",
    version: WASM_BINDGEN_VERSION,
    source: Source::Crate { name: "wasm-bindgen-cli", locked: false },
    bin_dir: "bin",
    binaries: &["wasm-bindgen", "wasm-bindgen-test-runner"],
    version_marker: "wasm-bindgen 0.2.130",
    install_time: "about 5 minutes",
};

/// From npm, because Debian's binaryen (108) is too old for current wasm-bindgen output:
/// the page then fails at load with `WebAssembly.Table.set(): Argument 1 is invalid`.
const BINARYEN: Tool = Tool {
    name: "binaryen",
    version: "132.0.0",
    source: Source::Npm { name: "binaryen" },
    bin_dir: "node_modules/.bin",
    binaries: &["wasm-opt"],
    version_marker: "version 132",
    install_time: "under a minute",
};

/// Minifies the JavaScript of dist/ (the wasm-bindgen loader is most of it): the page has
/// a size budget, and Trunk's own JS minifier fails on the loader's `export default`.
const TERSER: Tool = Tool {
    name: "terser",
    version: "5.51.2",
    source: Source::Npm { name: "terser" },
    bin_dir: "node_modules/.bin",
    binaries: &["terser"],
    version_marker: "terser 5.51.2",
    install_time: "under a minute",
};

/// Type-checks the package's declarations (backprop.d.ts, backprop-circuit.d.ts) in the
/// `node` stage, as a TypeScript user's editor and build would read them
/// (crates/js/tests/types.test.mjs). 5.9: the last release written in TypeScript itself.
const TYPESCRIPT: Tool = Tool {
    name: "typescript",
    version: "5.9.3",
    source: Source::Npm { name: "typescript" },
    bin_dir: "node_modules/.bin",
    binaries: &["tsc"],
    version_marker: "Version 5.9.3",
    install_time: "under a minute",
};

/// Audits the built page for `cargo xtask bench lighthouse` (`Needs::lighthouse`: only the
/// bench asks for it). 12.2.3: 12.3 to 13.x do not install from their
/// lockfile here, and 13 needs Node 22 (Node here is 20).
const LIGHTHOUSE: Tool = Tool {
    name: "lighthouse",
    version: "12.2.3",
    source: Source::Npm { name: "lighthouse" },
    bin_dir: "node_modules/.bin",
    binaries: &["lighthouse"],
    version_marker: "12.2.3",
    install_time: "under a minute",
};

/// Bundles the notebook widget's front end (the element, its glue and
/// its wasm in one module, which a notebook loads from a string) in `cargo xtask dist`.
/// From npm, which ships its binary as a package of its own for each platform.
const ESBUILD: Tool = Tool {
    name: "esbuild",
    version: "0.25.12",
    source: Source::Npm { name: "esbuild" },
    bin_dir: "node_modules/.bin",
    binaries: &["esbuild"],
    version_marker: "0.25.12",
    install_time: "under a minute",
};

/// Builds the Python package's wheel (crates/py, PyO3) in `cargo xtask dist`: maturin, the
/// build tool of polars, pydantic-core and tokenizers, from PyPI (a binary wheel).
const MATURIN: Tool = Tool {
    name: "maturin",
    version: "1.16.0",
    source: Source::Pip { requirements: &["maturin==1.16.0"] },
    bin_dir: "bin",
    binaries: &["maturin"],
    version_marker: "maturin 1.16.0",
    install_time: "under a minute",
};

/// The test runner of the `python` stage, installed with the wheel into a fresh virtual
/// environment each run (`test.rs`), so it is a pin and not a tool folder.
pub const PYTEST: &str = "pytest==9.2.0";

/// The widget's dependency, pinned for the `python` stage's fresh environment as for the hosts.
pub const ANYWIDGET: &str = "anywidget==0.11.0";

/// A real JupyterLab for the widget's browser test (tests/tests/browser/jupyter.rs): the
/// server, a kernel and anywidget, with nbconvert for `jupyter nbconvert --execute`, all from
/// PyPI (`BACKPROP_JUPYTER` is its `jupyter` command). The widget's package is not installed
/// here: the e2e stage installs the wheel of `dist/python` beside it (`BACKPROP_PYTHONPATH`).
const JUPYTER_HOST: Tool = Tool {
    name: "jupyter",
    version: "lab-4.6.6-ipykernel-7.4.0-anywidget-0.11.0",
    source: Source::Pip {
        requirements: &["jupyterlab==4.6.6", "ipykernel==7.4.0", "anywidget==0.11.0", "nbconvert==7.17.2"],
    },
    bin_dir: "bin",
    binaries: &["jupyter-lab", "jupyter", "pip"],
    version_marker: "4.6.6",
    install_time: "about a minute",
};

/// A real notebook host for the widget's browser test (tests/tests/browser/notebook.rs):
/// marimo, which runs a notebook as an app, with the anywidget package it loads the widget
/// through, both from PyPI (`BACKPROP_MARIMO` is its `marimo` command).
const NOTEBOOK_HOST: Tool = Tool {
    name: "notebook",
    version: "marimo-0.25.2-anywidget-0.11.0",
    source: Source::Pip { requirements: &["marimo==0.25.2", "anywidget==0.11.0"] },
    bin_dir: "bin",
    binaries: &["marimo"],
    version_marker: "0.25.2",
    install_time: "under a minute",
};

/// The accessibility audit the e2e suite runs inside the page (tests/tests/browser/a11y.rs):
/// the tests inject `axe.min.js` (`Toolbox::axe`, `AXE_CORE_JS`) over WebDriver.
const AXE_CORE: Tool = Tool {
    name: "axe-core",
    version: "4.10.3",
    source: Source::NpmFiles { name: "axe-core" },
    bin_dir: "node_modules/axe-core",
    binaries: &["axe.min.js"],
    // Unused: an npm package's version is read from its package.json.
    version_marker: "",
    install_time: "under a minute",
};

/// A real slide deck for the element's reveal.js test (tests/tests/browser/reveal.rs): the
/// test serves its `dist/` (the script, reveal.css and a theme) beside a deck page
/// (`Toolbox::reveal`, `REVEAL_JS_DIR`). 6.x, the version teachers get today.
const REVEAL_JS: Tool = Tool {
    name: "reveal.js",
    version: "6.0.2",
    source: Source::NpmFiles { name: "reveal.js" },
    bin_dir: "node_modules/reveal.js",
    binaries: &["dist/reveal.js", "dist/reveal.css", "dist/theme/white.css"],
    // Unused: an npm package's version is read from its package.json.
    version_marker: "",
    install_time: "under a minute",
};

/// The version Trunk.toml's `[tools] wasm_opt` must name for `BINARYEN`.
const WASM_OPT_TRUNK_VERSION: &str = "version_132";

const CARGO_FUZZ: Tool = Tool {
    name: "cargo-fuzz",
    version: "0.13.2",
    source: Source::Crate { name: "cargo-fuzz", locked: true },
    bin_dir: "bin",
    binaries: &["cargo-fuzz"],
    version_marker: "cargo-fuzz 0.13.2",
    install_time: "about 3 minutes",
};

/// The WebDriver server for Firefox: only through cargo here (npm's `geckodriver` downloads
/// a binary at install, which this project's machines cannot).
const GECKODRIVER: Tool = Tool {
    name: "geckodriver",
    version: "0.37.1",
    source: Source::Crate { name: "geckodriver", locked: true },
    bin_dir: "bin",
    binaries: &["geckodriver"],
    version_marker: "geckodriver 0.37.1",
    install_time: "about 3 minutes",
};

/// Which groups of tools a task needs, so `serve` does not demand a browser.
#[derive(Debug, Clone, Copy)]
pub struct Needs {
    /// The wasm32 target, Trunk, wasm-bindgen and wasm-opt.
    pub web: bool,
    /// The pinned nightly (`system::NIGHTLY`) with rust-src and the wasm32 target: the
    /// release build of the page.
    pub nightly: bool,
    /// Chromium and chromedriver.
    pub browser: bool,
    /// The other engines of the browser suite: Firefox ESR with geckodriver, and WebKitGTK
    /// (WebKitWebDriver, MiniBrowser) with Xvfb for its display.
    pub engines: bool,
    /// cargo-fuzz (on the pinned nightly).
    pub fuzz: bool,
    /// Lighthouse, for the bench's Lighthouse suite.
    pub lighthouse: bool,
    /// A notebook host (marimo and anywidget, in a Python venv) for the widget's test.
    pub notebook: bool,
    /// maturin, which builds the Python package's wheel.
    pub python: bool,
    /// JupyterLab with a kernel and anywidget, for the widget's browser test.
    pub jupyter: bool,
}

impl Needs {
    /// Everything `cargo xtask test` runs.
    pub const ALL: Needs = Needs {
        web: true,
        nightly: true,
        browser: true,
        engines: true,
        fuzz: true,
        lighthouse: false,
        notebook: true,
        python: true,
        jupyter: true,
    };
    pub const WEB: Needs = Needs {
        web: true,
        nightly: false,
        browser: false,
        engines: false,
        fuzz: false,
        lighthouse: false,
        notebook: false,
        python: false,
        jupyter: false,
    };
    pub const DIST: Needs = Needs { nightly: true, python: true, ..Needs::WEB };
    /// Only cargo: `cargo xtask autograder`.
    pub const NONE: Needs = Needs { web: false, ..Needs::WEB };
    pub const BENCH: Needs = Needs { browser: true, ..Needs::DIST };
}

/// The tools a task may use: child commands made here see the tool folders first on `PATH`.
#[derive(Debug)]
pub struct Toolbox {
    path: OsString,
    /// The chromedriver to hand to wasm-bindgen-test-runner and the e2e tests.
    pub chromedriver: Option<PathBuf>,
    /// The geckodriver for the browser suite in Firefox.
    pub geckodriver: Option<PathBuf>,
    /// axe-core's `axe.min.js`, for the e2e suite's accessibility audit.
    pub axe: Option<PathBuf>,
    /// The reveal.js package's folder, for the element's slide-deck test.
    pub reveal: Option<PathBuf>,
    /// The lighthouse command, for the bench.
    pub lighthouse: Option<PathBuf>,
    /// The notebook host's `marimo` command, for the widget's browser test.
    pub marimo: Option<PathBuf>,
    /// maturin, for the Python package's wheel.
    pub maturin: Option<PathBuf>,
    /// JupyterLab's `jupyter-lab` command, for the widget's browser test (its `jupyter` and
    /// `pip` are beside it).
    pub jupyter: Option<PathBuf>,
}

impl Toolbox {
    /// A command running in the workspace root with the pinned tools first on `PATH`.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("PATH", &self.path).current_dir(crate::root());
        cmd
    }

    /// Finds an executable on this toolbox's `PATH`.
    pub fn find(&self, program: &str) -> Option<PathBuf> {
        exec::find_on_path(program, &self.path)
    }
}

/// Installs whatever `needs` asks for and is missing, and returns the toolbox to use.
pub fn ensure(needs: Needs) -> Result<Toolbox> {
    let home = tools_home()?;
    let mut bin_dirs = Vec::new();
    let inherited_path = std::env::var_os("PATH").unwrap_or_default();

    let mut packages = Vec::new();
    let npm_tools_missing = (needs.web
        && [&BINARYEN, &TERSER, &TYPESCRIPT, &ESBUILD].iter().any(|tool| !tool.is_installed(&home)))
        || (needs.browser && [&AXE_CORE, &REVEAL_JS].iter().any(|tool| !tool.is_installed(&home)))
        || (needs.lighthouse && !LIGHTHOUSE.is_installed(&home));
    if npm_tools_missing && exec::find_on_path("npm", &inherited_path).is_none() {
        packages.push("npm");
    }
    if needs.browser {
        packages.extend(system::missing_browser_packages(&inherited_path));
    }
    if needs.engines {
        packages.extend(system::missing_engine_packages(&inherited_path));
    }
    system::apt_install(&packages)?;

    if needs.web {
        check_pins()?;
        system::ensure_wasm_target()?;
        for tool in [&TRUNK, &WASM_BINDGEN, &BINARYEN, &TERSER, &TYPESCRIPT, &ESBUILD] {
            tool.ensure(&home)?;
            bin_dirs.push(tool.bin_path(&home));
        }
    }
    if needs.nightly || needs.fuzz {
        system::ensure_nightly()?;
    }
    if needs.fuzz {
        CARGO_FUZZ.ensure(&home)?;
        bin_dirs.push(CARGO_FUZZ.bin_path(&home));
    }
    let geckodriver = if needs.engines { Some(GECKODRIVER.ensure(&home)?) } else { None };
    let lighthouse = if needs.lighthouse { Some(LIGHTHOUSE.ensure(&home)?) } else { None };
    let marimo = if needs.notebook { Some(NOTEBOOK_HOST.ensure(&home)?) } else { None };
    let maturin = if needs.python { Some(MATURIN.ensure(&home)?) } else { None };
    let jupyter = if needs.jupyter { Some(JUPYTER_HOST.ensure(&home)?) } else { None };

    let path = std::env::join_paths(bin_dirs.iter().cloned().chain(std::env::split_paths(&inherited_path)))
        .map_err(|err| format!("cannot build PATH from the tool folders: {err}"))?;
    let mut toolbox = Toolbox {
        path,
        chromedriver: None,
        geckodriver,
        axe: None,
        reveal: None,
        lighthouse,
        marimo,
        maturin,
        jupyter,
    };
    if needs.browser {
        toolbox.chromedriver = Some(system::chromedriver(&toolbox.path)?);
        toolbox.axe = Some(AXE_CORE.ensure(&home)?);
        REVEAL_JS.ensure(&home)?;
        toolbox.reveal = Some(REVEAL_JS.bin_path(&home));
    }
    Ok(toolbox)
}

/// `$BACKPROP_TOOLS`, or `~/.cache/backprop-playground`.
fn tools_home() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("BACKPROP_TOOLS").filter(|dir| !dir.is_empty()) {
        return Ok(crate::root().join(dir));
    }
    let home = std::env::var_os("HOME").filter(|home| !home.is_empty()).ok_or(
        "neither BACKPROP_TOOLS nor HOME is set: set BACKPROP_TOOLS to a folder for the project's tools",
    )?;
    Ok(PathBuf::from(home).join(".cache/backprop-playground"))
}

impl Tool {
    fn folder(&self, home: &Path) -> PathBuf {
        home.join(format!("{}-{}", self.name, self.version))
    }

    fn bin_path(&self, home: &Path) -> PathBuf {
        self.folder(home).join(self.bin_dir)
    }

    fn is_installed(&self, home: &Path) -> bool {
        let bin = self.bin_path(home);
        if !self.binaries.iter().all(|name| bin.join(name).is_file()) {
            return false;
        }
        if let Source::NpmFiles { .. } = self.source {
            return std::fs::read_to_string(bin.join("package.json"))
                .ok()
                .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
                .is_some_and(|package| package["version"] == self.version);
        }
        exec::probe(Command::new(bin.join(self.binaries[0])).arg("--version"))
            .is_some_and(|out| out.contains(self.version_marker))
    }

    /// Installs the tool unless it is there; returns its first binary (or file).
    fn ensure(&self, home: &Path) -> Result<PathBuf> {
        let folder = self.folder(home);
        let first = self.bin_path(home).join(self.binaries[0]);
        if self.is_installed(home) {
            log!("{} {}: ok ({})", self.name, self.version, folder.display());
            return Ok(first);
        }
        log!(
            "{} {}: missing from {}; installing ({})",
            self.name,
            self.version,
            folder.display(),
            self.install_time
        );
        self.install(&folder)?;
        if !self.is_installed(home) {
            return Err(format!(
                "{} {} was installed into {} but `{} --version` does not report `{}`",
                self.name,
                self.version,
                folder.display(),
                self.binaries[0],
                self.version_marker
            ));
        }
        log!("{} {}: installed", self.name, self.version);
        Ok(first)
    }

    fn install(&self, folder: &Path) -> Result {
        std::fs::create_dir_all(folder)
            .map_err(|err| format!("cannot create {}: {err}", folder.display()))?;
        match self.source {
            Source::Crate { name, locked } => {
                let mut cmd = Command::new("cargo");
                cmd.args(["install", name, "--version", self.version, "--force", "--root"]).arg(folder);
                if locked {
                    cmd.arg("--locked");
                }
                exec::run(cmd.current_dir(crate::root()))
            }
            Source::Npm { name } | Source::NpmFiles { name } => exec::run(
                Command::new("npm")
                    .args(["install", "--no-audit", "--no-fund", "--prefix"])
                    .arg(folder)
                    .arg(format!("{name}@{}", self.version)),
            ),
            Source::Pip { requirements } => {
                exec::run(Command::new("python3").args(["-m", "venv", "--clear"]).arg(folder))?;
                exec::run(
                    Command::new(folder.join("bin/pip"))
                        .args(["install", "--quiet", "--disable-pip-version-check"])
                        .args(requirements),
                )
            }
        }
    }
}

/// Checks that Cargo.lock and Trunk.toml name the versions xtask installs.
///
/// wasm-bindgen's CLI refuses a wasm file made by a different library version, and
/// Trunk in offline mode refuses a tool whose version differs from Trunk.toml's, so a
/// mismatch here would otherwise surface later as a confusing build error.
fn check_pins() -> Result {
    let root = crate::root();
    let lock = read(&root.join("Cargo.lock"))?;
    if let Some(locked) = locked_version(&lock, "wasm-bindgen")? {
        if locked != WASM_BINDGEN_VERSION {
            return Err(format!(
                "Cargo.lock has wasm-bindgen {locked} but the pinned wasm-bindgen CLI is {WASM_BINDGEN_VERSION}: \
                 they must match exactly (keep `wasm-bindgen = \"={WASM_BINDGEN_VERSION}\"` in crates/playground, \
                 or move the pin in xtask/src/tools.rs and Trunk.toml together)"
            ));
        }
    }
    let trunk = trunk_tools(&read(&root.join("Trunk.toml"))?)?;
    for (key, want) in [("wasm_bindgen", WASM_BINDGEN_VERSION), ("wasm_opt", WASM_OPT_TRUNK_VERSION)] {
        match trunk.get(key) {
            Some(found) if found == want => {}
            Some(found) => {
                return Err(format!(
                    "Trunk.toml's [tools] {key} is \"{found}\" but xtask installs \"{want}\": make them equal"
                ))
            }
            None => return Err(format!("Trunk.toml has no [tools] {key}: set it to \"{want}\"")),
        }
    }
    Ok(())
}

fn read(file: &Path) -> Result<String> {
    std::fs::read_to_string(file).map_err(|err| format!("cannot read {}: {err}", file.display()))
}

/// The packages of a Cargo.lock.
#[derive(serde::Deserialize)]
struct Lockfile {
    package: Vec<LockedPackage>,
}

#[derive(serde::Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
}

/// The version of `package` in a Cargo.lock, if the lockfile has it (the first, if it
/// has several).
fn locked_version(lock: &str, package: &str) -> Result<Option<String>> {
    let lock: Lockfile = toml::from_str(lock).map_err(|err| format!("Cargo.lock: {err}"))?;
    Ok(lock.package.into_iter().find(|p| p.name == package).map(|p| p.version))
}

/// Trunk.toml's `[tools]` table: tool name to version.
fn trunk_tools(text: &str) -> Result<std::collections::BTreeMap<String, String>> {
    #[derive(serde::Deserialize)]
    struct Trunk {
        #[serde(default)]
        tools: std::collections::BTreeMap<String, String>,
    }
    let trunk: Trunk = toml::from_str(text).map_err(|err| format!("Trunk.toml: {err}"))?;
    Ok(trunk.tools)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_locked_version_of_a_package_and_not_of_its_prefix_namesakes() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(locked_version(lock, "wasm-bindgen"), Ok(Some("0.2.130".into())));
        assert_eq!(locked_version(lock, "js-sys"), Ok(None));
    }

    #[test]
    fn an_npm_package_of_files_is_installed_when_its_files_and_pinned_version_are_there(
    ) -> std::io::Result<()> {
        let home = std::env::temp_dir().join(format!("xtask-tools-test-{}", std::process::id()));
        let dir = AXE_CORE.bin_path(&home);
        std::fs::create_dir_all(&dir)?;
        assert!(!AXE_CORE.is_installed(&home), "nothing there yet");
        std::fs::write(dir.join("axe.min.js"), "/*! axe */")?;
        std::fs::write(
            dir.join("package.json"),
            "{\n  \"name\": \"axe-core\",\n  \"version\": \"4.10.2\"\n}",
        )?;
        assert!(!AXE_CORE.is_installed(&home), "another version");
        std::fs::write(
            dir.join("package.json"),
            "{\n  \"name\": \"axe-core\",\n  \"version\": \"4.10.3\"\n}",
        )?;
        assert!(AXE_CORE.is_installed(&home));
        std::fs::remove_file(dir.join("axe.min.js"))?;
        assert!(!AXE_CORE.is_installed(&home), "the file is gone");
        std::fs::remove_dir_all(&home)
    }

    #[test]
    fn reads_the_tools_table_and_not_a_namesake_in_another_section() {
        let toml = "[build]\nwasm_opt = \"no\"\n\n[tools]\nwasm_bindgen = \"0.2.130\"\n\
                    wasm_opt = \"version_132\" # binaryen\n\n[watch]\nsass = \"1\"\n";
        let tools = trunk_tools(toml).unwrap_or_default();
        assert_eq!(tools.get("wasm_opt").map(String::as_str), Some("version_132"));
        assert_eq!(tools.get("sass"), None);
        assert!(trunk_tools("[tools\n").is_err(), "broken TOML is an error, not a missing pin");
    }
}
