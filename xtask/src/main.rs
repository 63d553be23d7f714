//! `cargo xtask`: the project's build, test and tool-install tasks, in plain Rust.
//!
//! It is not a build system. Each task is one function that runs the real tools
//! (cargo, Trunk, wasm-bindgen, wasm-opt, Chromium) in order, so what CI does is
//! one command a person can run and read. Tools are pinned and installed into a
//! cache outside the repository (`$BACKPROP_TOOLS`, by default
//! `~/.cache/backprop-playground`), so fresh clones reuse them.
//!
//! ```text
//! cargo xtask ensure-tools   install the missing pinned tools (a second run is instant)
//! cargo xtask serve          build the page and serve it with live reload
//! cargo xtask dist           release build of the page into dist/, with its sizes
//! cargo xtask autograder     only dist/autograder.zip, Gradescope's autograder
//! cargo xtask test           every check CI runs, stopping at the first failure
//! cargo xtask bench          the benchmarks (engine, wasm, page, Lighthouse)
//! ```

/// Prints one line of xtask's own output, prefixed so it stands out among the tools' output.
macro_rules! log {
    ($($arg:tt)*) => { eprintln!("xtask: {}", format_args!($($arg)*)) };
}

mod autograder;
mod bench;
mod csp;
mod dist;
#[cfg(test)]
mod docs;
mod exec;
mod imports;
mod lighthouse;
#[cfg(test)]
mod modules;
mod pkg;
mod serve;
mod split;
mod system;
mod test;
mod tools;
mod wasm;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

/// A task either succeeds or fails with a message saying what went wrong and what to do.
type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  ensure-tools   install the missing pinned tools into $BACKPROP_TOOLS
                 (default ~/.cache/backprop-playground); a second run is instant
  serve          serve what dist has on 127.0.0.1:$PORT (default 8080), the English page
                 rebuilt on every edit
  serve-hook     (Trunk's post_build hook while serving: the Lesson's CSS, and the languages,
                 pkg/, notes/, notebook/ and autograder.zip that serve built, into the page)
  dist           release build of the page into dist/, printing every file's size
                 (and dist/autograder.zip, Gradescope's autograder)
  autograder     only dist/autograder.zip, for the assignment $BACKPROP_ASSIGNMENT
                 (default: the example, crates/grade/files/assignment.json)
  test           fmt, clippy (native and wasm32), unit tests, browser tests, fuzz, dist, size,
                 e2e (Chromium), e2e-firefox, e2e-webkit
  test <stage>.. only those stages (after tools), e.g. `cargo xtask test dist e2e`
  bench          the benchmarks: engine (criterion), wasm (W1, W2), page (page-bench), lighthouse
  bench <suite>.. only those suites, e.g. `cargo xtask bench lighthouse`";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str);
    if args.len() > 1 && !matches!(task, Some("test" | "bench")) {
        log!("error: `{}` takes no arguments (got `{}`)\n\n{USAGE}", args[0], args[1..].join(" "));
        return ExitCode::FAILURE;
    }
    let result = match task {
        Some("ensure-tools") => tools::ensure(tools::Needs::ALL).map(drop),
        Some("serve") => serve::run(),
        Some("serve-hook") => serve::hook(),
        Some("dist") => dist::run(),
        Some("autograder") => autograder::run(),
        Some("test") => test::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("help" | "-h" | "--help") | None => {
            eprintln!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            log!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root, which every task runs in.
///
/// Taken from the `CARGO_MANIFEST_DIR` that `cargo run` sets at run time, not from the
/// compile-time one: cargo reuses one xtask binary for copies of the workspace that share
/// a target directory, and the compile-time path would name another copy.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        manifest_dir.parent().expect("xtask/ sits directly inside the workspace root").to_path_buf()
    })
}

/// Cargo's target directory, where xtask also writes its reports.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}
