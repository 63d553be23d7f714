//! The parts of the machine that xtask checks but does not own: rustup's targets and
//! toolchains, and the Debian packages for the browser tests (Chromium, chromedriver)
//! and for installing binaryen (npm).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{exec, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Browser binary names chromedriver can drive; Debian's is `chromium`.
const BROWSERS: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// Adds the wasm32 target to the pinned toolchain unless it is there already.
pub fn ensure_wasm_target() -> Result {
    let installed = exec::probe(rustup().args(["target", "list", "--installed"]))
        .ok_or("cannot run `rustup target list --installed`: xtask needs rustup to add the wasm32 target")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        log!("{WASM_TARGET} target: ok");
        return Ok(());
    }
    log!("{WASM_TARGET} target: missing; adding it");
    exec::run(rustup().args(["target", "add", WASM_TARGET]))
}

/// The one nightly toolchain the project uses, pinned to a date: the page's size build
/// (`dist`), the fuzz stage and anything else that needs nightly name this constant, so the
/// release page is the same on every machine. Moving the pin: change both constants (check
/// first that `rustup toolchain install <date> --profile minimal -c rust-src -t
/// wasm32-unknown-unknown` works: some dates have no wasm32 rust-std), then re-measure the
/// bundle table of README.md with `cargo xtask dist` (the sizes move with the compiler).
pub const NIGHTLY: &str = "nightly-2026-10-29";

/// What `rustc --version` of [`NIGHTLY`] prints (a nightly is dated the day before its
/// commit), checked so a toolchain of that name that is something else is noticed.
const NIGHTLY_RUSTC: &str = "rustc 1.101.0-nightly (92ffebece 2026-10-28)";

/// Installs [`NIGHTLY`] with `rust-src` and the wasm32 target unless it is there, and checks
/// its version. The release page builds std for size with it; cargo-fuzz runs on it.
pub fn ensure_nightly() -> Result {
    let list = exec::probe(rustup().args(["toolchain", "list"]))
        .ok_or("cannot run `rustup toolchain list`: xtask needs rustup for the pinned nightly")?;
    if !list.lines().any(|line| line.starts_with(NIGHTLY)) {
        log!("{NIGHTLY}: missing; installing it with rust-src and {WASM_TARGET} (about a minute)");
        exec::run(rustup().args([
            "toolchain",
            "install",
            NIGHTLY,
            "--profile",
            "minimal",
            "-c",
            "rust-src",
            "-t",
            WASM_TARGET,
        ]))?;
    }
    let components = exec::probe(rustup().args(["component", "list", "--toolchain", NIGHTLY, "--installed"]))
        .ok_or_else(|| format!("cannot run `rustup component list --toolchain {NIGHTLY} --installed`"))?;
    if !components.lines().any(|line| line.trim().starts_with("rust-src")) {
        log!("{NIGHTLY} rust-src: missing; adding it");
        exec::run(rustup().args(["component", "add", "rust-src", "--toolchain", NIGHTLY]))?;
    }
    let targets = exec::probe(rustup().args(["target", "list", "--toolchain", NIGHTLY, "--installed"]))
        .ok_or_else(|| format!("cannot run `rustup target list --toolchain {NIGHTLY} --installed`"))?;
    if !targets.lines().any(|line| line.trim() == WASM_TARGET) {
        log!("{NIGHTLY} {WASM_TARGET} target: missing; adding it");
        exec::run(rustup().args(["target", "add", WASM_TARGET, "--toolchain", NIGHTLY]))?;
    }
    let version = exec::probe(rustup().args(["run", NIGHTLY, "rustc", "--version"]))
        .ok_or_else(|| format!("cannot run `rustup run {NIGHTLY} rustc --version`"))?;
    if version.trim() != NIGHTLY_RUSTC {
        return Err(format!(
            "{NIGHTLY}'s rustc reports `{}`, not `{NIGHTLY_RUSTC}`: reinstall it \
             (`rustup toolchain uninstall {NIGHTLY}`) or move the pin in xtask/src/system.rs",
            version.trim()
        ));
    }
    log!("{NIGHTLY} with rust-src and {WASM_TARGET}: ok ({NIGHTLY_RUSTC})");
    Ok(())
}

/// rustup run in the workspace root, so it sees the toolchain pinned in rust-toolchain.toml.
fn rustup() -> Command {
    let mut cmd = Command::new("rustup");
    cmd.current_dir(crate::root());
    cmd
}

/// The Debian packages to install for the browser tests: none if a browser and a
/// chromedriver are already there.
pub fn missing_browser_packages(path: &OsStr) -> Vec<&'static str> {
    let browser = BROWSERS.iter().find_map(|name| exec::find_on_path(name, path));
    let driver = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| exec::find_on_path("chromedriver", path));
    match (browser, driver) {
        (Some(browser), Some(driver)) => {
            log!("browser: ok ({}, {})", browser.display(), driver.display());
            Vec::new()
        }
        _ => {
            log!("browser: Chromium or chromedriver is missing");
            vec!["chromium", "chromium-driver"]
        }
    }
}

/// The Debian packages for the browser suite's other engines that are missing: Firefox
/// ESR, WebKitGTK's WebDriver (with MiniBrowser) and Xvfb, the display MiniBrowser needs.
pub fn missing_engine_packages(path: &OsStr) -> Vec<&'static str> {
    let wanted = [
        ("firefox-esr", exec::find_on_path("firefox-esr", path).is_some()),
        (
            "webkit2gtk-driver",
            exec::find_on_path("WebKitWebDriver", path).is_some() && Path::new(MINIBROWSER_PATH).is_file(),
        ),
        ("xvfb", exec::find_on_path("Xvfb", path).is_some()),
    ];
    let missing: Vec<&str> = wanted.iter().filter(|(_, found)| !found).map(|(name, _)| *name).collect();
    if missing.is_empty() {
        log!("Firefox ESR, WebKitGTK's WebDriver and Xvfb: ok");
    } else {
        log!("browser engines: missing {}", missing.join(", "));
    }
    missing
}

/// Where Debian's webkit2gtk-driver finds the browser it drives.
const MINIBROWSER_PATH: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// The chromedriver for the browser tests: `$CHROMEDRIVER` if set, else the one on `path`
/// (the toolbox's `PATH`).
pub fn chromedriver(path: &OsStr) -> Result<PathBuf> {
    if let Some(driver) = std::env::var_os("CHROMEDRIVER").filter(|driver| !driver.is_empty()) {
        return Ok(PathBuf::from(driver));
    }
    exec::find_on_path("chromedriver", path)
        .ok_or_else(|| "chromedriver is not on PATH even after installing chromium-driver".into())
}

/// Installs Debian packages with apt-get, which needs root; otherwise says what to run.
pub fn apt_install(packages: &[&str]) -> Result {
    if packages.is_empty() {
        return Ok(());
    }
    let list = packages.join(" ");
    if !is_root() {
        return Err(format!(
            "the Debian packages `{list}` are missing and xtask is not running as root, so it cannot \
             install them: run `sudo apt-get update && sudo apt-get install -y {list}`, then rerun xtask"
        ));
    }
    log!("installing Debian packages as root: {list} (about a minute)");
    exec::run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    exec::run(
        Command::new("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn is_root() -> bool {
    exec::probe(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}
