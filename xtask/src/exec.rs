//! Running child processes: each one is logged before it starts, and a failure names
//! the command and its exit status so the log says which step broke.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, ErrorKind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Result;

/// Runs `cmd` with inherited stdin/stdout/stderr and fails unless it exits with 0.
pub fn run(cmd: &mut Command) -> Result {
    let line = describe(cmd);
    log!("$ {line}");
    let status = cmd.status().map_err(|err| spawn_error(cmd, &err))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Runs `cmd` like [`run`], echoing its stdout as it comes, and returns that stdout.
pub fn run_echoing_stdout(cmd: &mut Command) -> Result<String> {
    let line = describe(cmd);
    log!("$ {line}");
    let mut child = cmd.stdout(Stdio::piped()).spawn().map_err(|err| spawn_error(cmd, &err))?;
    let mut captured = String::new();
    if let Some(stdout) = child.stdout.take() {
        for text in BufReader::new(stdout).lines() {
            let text = text.map_err(|err| format!("cannot read the output of `{line}`: {err}"))?;
            println!("{text}");
            captured.push_str(&text);
            captured.push('\n');
        }
    }
    let status = child.wait().map_err(|err| format!("`{line}` did not finish: {err}"))?;
    if status.success() {
        Ok(captured)
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Runs `cmd` quietly and returns its stdout, or `None` if it cannot start or fails.
///
/// Used for probes such as `trunk --version`, where failure only means "not installed".
pub fn probe(cmd: &mut Command) -> Option<String> {
    let output = cmd.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Finds an executable called `name` in the directories of a `PATH`-style list.
pub fn find_on_path(name: &str, path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path).map(|dir| dir.join(name)).find(|file| is_executable(file))
}

fn is_executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    file.metadata().is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// The command line as a person would type it, for logs and error messages.
fn describe(cmd: &Command) -> String {
    let mut words = vec![cmd.get_program().to_string_lossy().into_owned()];
    words.extend(cmd.get_args().map(|arg| arg.to_string_lossy().into_owned()));
    words.join(" ")
}

fn spawn_error(cmd: &Command, err: &std::io::Error) -> String {
    let program = cmd.get_program().to_string_lossy();
    if err.kind() == ErrorKind::NotFound {
        format!("could not start `{program}`: it is not on PATH (`cargo xtask ensure-tools` installs the project's tools)")
    } else {
        format!("could not start `{program}`: {err}")
    }
}
