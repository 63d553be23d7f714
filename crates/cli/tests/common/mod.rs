//! What the CLI's test files share: running the real `backprop` and reading what it printed.
// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `backprop args` in the current folder.
pub fn backprop(args: &[&str]) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_backprop")).args(args))
}

/// Runs `backprop args` in `dir`, as a teacher would beside the files.
pub fn backprop_in(dir: &Path, args: &[&str]) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_backprop")).args(args).current_dir(dir))
}

fn run(cmd: &mut Command) -> Output {
    match cmd.output() {
        Ok(out) => out,
        Err(e) => panic!("cannot run backprop: {e}"),
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What `backprop` printed, as JSON, whatever its exit status.
pub fn printed_json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}
