//! `dist/autograder.zip`: a Gradescope autograder for one assignment. Gradescope's layout
//! (its "Autograder Specifications"): at the root of the zip `setup.sh` and `run_autograder`
//! (crates/grade/gradescope), here with the release `backprop` for x86-64 Linux and the
//! teacher's `assignment.json`, which `run_autograder` grades every submission against.
//!
//! The assignment is `$BACKPROP_ASSIGNMENT`, or the example crates/grade/files/assignment.json.
//! It is read (and so checked) before anything is built. After writing the zip, the zip
//! itself is unpacked into a scratch /autograder and run as Gradescope would run it, on a
//! hand-in with the engine's answers (full marks) and on one that is not JSON (no points,
//! and the reason), so a zip that cannot grade is never left in dist/.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::Toolbox;
use crate::{exec, Result};

/// The example assignment, shipped when `$BACKPROP_ASSIGNMENT` names none.
const EXAMPLE: &str = "crates/grade/files/assignment.json";

/// `cargo xtask autograder`: only the zip, for a teacher who needs no page (no wasm tools).
pub fn run() -> Result {
    let toolbox = crate::tools::ensure(crate::tools::Needs::NONE)?;
    let dist = crate::root().join("dist");
    std::fs::create_dir_all(&dist).map_err(|err| format!("cannot create {}: {err}", dist.display()))?;
    build(&toolbox, &dist).map(drop)
}

/// Writes `dist/autograder.zip` and checks it; returns its path.
pub fn build(toolbox: &Toolbox, dist: &Path) -> Result<PathBuf> {
    let source = match std::env::var_os("BACKPROP_ASSIGNMENT").filter(|p| !p.is_empty()) {
        Some(path) => PathBuf::from(path),
        None => crate::root().join(EXAMPLE),
    };
    let text = read(&source)?;
    let assignment = grade::read_assignment(&text).map_err(|err| format!("{}: {err}", source.display()))?;
    exec::run(toolbox.command("cargo").args(["build", "--release", "--quiet", "-p", "backprop-cli"]))?;
    let scripts = crate::root().join("crates/grade/gradescope");
    let files: [(&str, Vec<u8>, u32); 4] = [
        ("setup.sh", read_bytes(&scripts.join("setup.sh"))?, 0o755),
        ("run_autograder", read_bytes(&scripts.join("run_autograder"))?, 0o755),
        ("backprop", read_bytes(&crate::target_dir().join("release/backprop"))?, 0o755),
        ("assignment.json", text.into_bytes(), 0o644),
    ];
    let zip = dist.join("autograder.zip");
    write_zip(&zip, &files)?;
    check(&zip, &assignment)?;
    log!("wrote {} for {} (checked: full marks for the engine's answers)", zip.display(), source.display());
    Ok(zip)
}

/// A zip with `files` at its root (Gradescope looks there, not in a folder), each with its
/// Unix mode so the scripts and the binary unpack executable.
fn write_zip(path: &Path, files: &[(&str, Vec<u8>, u32)]) -> Result {
    let file =
        std::fs::File::create(path).map_err(|err| format!("cannot create {}: {err}", path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let fail = |err: zip::result::ZipError| format!("cannot write {}: {err}", path.display());
    for (name, bytes, mode) in files {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(*mode);
        zip.start_file(*name, options).map_err(fail)?;
        zip.write_all(bytes).map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    }
    zip.finish().map_err(fail)?;
    Ok(())
}

/// Unpacks `zip` into `root/source` as Gradescope does, keeping each file's mode.
fn unpack(zip: &Path, root: &Path) -> Result {
    let fail = |err: zip::result::ZipError| format!("cannot read {}: {err}", zip.display());
    let file = std::fs::File::open(zip).map_err(|err| format!("cannot open {}: {err}", zip.display()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(fail)?;
    let source = root.join("source");
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(fail)?;
        let Some(name) = entry.enclosed_name() else {
            return Err(format!("{} has an entry #{i} outside its root", zip.display()));
        };
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|err| format!("cannot unpack {}: {err}", zip.display()))?;
        let out = source.join(name);
        std::fs::write(&out, bytes).map_err(|err| format!("cannot write {}: {err}", out.display()))?;
        if let Some(mode) = entry.unix_mode() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&out, std::fs::Permissions::from_mode(mode))
                .map_err(|err| format!("cannot set the mode of {}: {err}", out.display()))?;
        }
    }
    Ok(())
}

/// Runs the zip's autograder in a scratch /autograder on two submissions: the engine's own
/// answers must get every point, a file that is not JSON none.
fn check(zip: &Path, assignment: &grade::Assignment) -> Result {
    let worked = assignment.work().map_err(|err| format!("the assignment: {err}"))?;
    let answers: Vec<grade::Answer> = assignment
        .questions
        .iter()
        .zip(&worked.asked)
        .map(|(q, &(blank, _))| grade::Answer {
            grad: q.grad.clone(),
            answer: grade::Given::Number(worked.quiz.blanks()[blank].answer),
        })
        .collect();
    let work = grade::Work {
        format: Some(grade::WORK_FORMAT.into()),
        version: Some(grade::VERSION),
        page: None,
        saved: None,
        assignment: assignment.clone(),
        answers,
        ignored: Vec::new(),
    };
    let right =
        serde_json::to_string_pretty(&work).map_err(|err| format!("cannot write a hand-in: {err}"))?;
    let max: f64 = assignment.questions.iter().map(|q| q.points).sum();
    for (submission, want) in [(right.as_str(), max), ("{\"format\": \"backprop-work\",", 0.0)] {
        let results = run_in_scratch(zip, submission)?;
        let score = results["score"].as_f64();
        if score != Some(want) {
            return Err(format!(
                "{}'s autograder gave {score:?} points where {want} were due: {results}",
                zip.display()
            ));
        }
    }
    Ok(())
}

/// Unpacks the zip into a fresh scratch /autograder (`AUTOGRADER_ROOT`), submits `work`,
/// runs `setup.sh` and `run_autograder`, and returns results.json.
fn run_in_scratch(zip: &Path, work: &str) -> Result<serde_json::Value> {
    let root = crate::target_dir().join("autograder-check");
    let _ = std::fs::remove_dir_all(&root);
    for dir in ["source", "submission"] {
        let dir = root.join(dir);
        std::fs::create_dir_all(&dir).map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
    }
    unpack(zip, &root)?;
    let submitted = root.join("submission/work.json");
    std::fs::write(&submitted, work).map_err(|err| format!("cannot write {}: {err}", submitted.display()))?;
    exec::run(Command::new(root.join("source/setup.sh")).env("AUTOGRADER_ROOT", &root))?;
    exec::run(Command::new(root.join("source/run_autograder")).env("AUTOGRADER_ROOT", &root))?;
    let results = root.join("results/results.json");
    let text = read(&results)?;
    serde_json::from_str(&text).map_err(|err| format!("{} is not JSON ({err}): {text}", results.display()))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
}
