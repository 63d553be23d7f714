//! The parts of the machine that xtask checks but does not own: rustup's targets and
//! toolchains, and the Debian packages for the browser tests (Chromium, chromedriver)
//! and for installing binaryen (npm).

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::Command;

use crate::tools::Toolbox;
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

/// Whether `rustup toolchain list` has a nightly toolchain (cargo-fuzz needs one).
pub fn has_nightly() -> Result<bool> {
    let list = exec::probe(rustup().args(["toolchain", "list"]))
        .ok_or("cannot run `rustup toolchain list` to look for a nightly toolchain")?;
    Ok(list.lines().any(|line| line.starts_with("nightly")))
}

/// Makes sure a nightly toolchain with `rust-src` and the wasm32 target exists, for the
/// release build of the page (see `dist::SIZE_BUILD`); installs whatever is missing.
pub fn ensure_nightly_wasm() -> Result {
    if !has_nightly()? {
        log!("nightly toolchain: missing; installing it (the release page builds std for size with it)");
        exec::run(rustup().args(["toolchain", "install", "nightly", "--profile", "minimal"]))?;
    }
    let components =
        exec::probe(rustup().args(["component", "list", "--toolchain", "nightly", "--installed"]))
            .ok_or("cannot run `rustup component list --toolchain nightly --installed`")?;
    if !components.lines().any(|line| line.trim() == "rust-src") {
        log!("nightly rust-src: missing; adding it");
        exec::run(rustup().args(["component", "add", "rust-src", "--toolchain", "nightly"]))?;
    }
    let targets = exec::probe(rustup().args(["target", "list", "--toolchain", "nightly", "--installed"]))
        .ok_or("cannot run `rustup target list --toolchain nightly --installed`")?;
    if !targets.lines().any(|line| line.trim() == WASM_TARGET) {
        log!("nightly {WASM_TARGET} target: missing; adding it");
        exec::run(rustup().args(["target", "add", WASM_TARGET, "--toolchain", "nightly"]))?;
    }
    log!("nightly with rust-src and {WASM_TARGET}: ok");
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

/// The chromedriver for the browser tests: `$CHROMEDRIVER` if set, else the one on `PATH`.
pub fn chromedriver(toolbox: &Toolbox) -> Result<PathBuf> {
    if let Some(driver) = std::env::var_os("CHROMEDRIVER").filter(|driver| !driver.is_empty()) {
        return Ok(PathBuf::from(driver));
    }
    toolbox
        .find("chromedriver")
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
