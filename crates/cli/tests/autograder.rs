//! The Gradescope autograder (crates/grade/gradescope: `setup.sh` and `run_autograder`),
//! run as Gradescope runs it, in a scratch copy of its layout (`AUTOGRADER_ROOT` in place of
//! /autograder) with this build's `backprop`, on the five hand-ins of crates/grade/files/work.
//! `cargo xtask dist` checks the zip it ships the same way (xtask/src/autograder.rs).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn copy(from: &Path, to: &Path) {
    if let Err(e) = std::fs::copy(from, to) {
        panic!("cannot copy {} to {}: {e}", from.display(), to.display());
    }
}

/// A fresh /autograder: `source/` as Gradescope unpacks the zip, an empty `submission/`.
fn layout(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("autograder-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    for dir in ["source", "submission"] {
        std::fs::create_dir_all(root.join(dir)).unwrap_or_else(|e| panic!("cannot create {dir}: {e}"));
    }
    let source = root.join("source");
    copy(Path::new(env!("CARGO_BIN_EXE_backprop")), &source.join("backprop"));
    copy(&repo_file("grade/gradescope/setup.sh"), &source.join("setup.sh"));
    copy(&repo_file("grade/gradescope/run_autograder"), &source.join("run_autograder"));
    copy(&repo_file("grade/files/assignment.json"), &source.join("assignment.json"));
    root
}

/// Runs the autograder on `root` and returns its results.json.
fn run_autograder(root: &Path) -> serde_json::Value {
    let out = Command::new(root.join("source/run_autograder"))
        .env("AUTOGRADER_ROOT", root)
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run run_autograder: {e}"));
    assert!(out.status.success(), "run_autograder failed: {}", String::from_utf8_lossy(&out.stderr));
    let path = root.join("results/results.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("results.json is not JSON ({e}): {text}"))
}

/// The results of one hand-in, submitted under Gradescope's name for it.
fn results_of(hand_in: &str) -> serde_json::Value {
    let root = layout(hand_in);
    copy(&repo_file(&format!("grade/files/work/{hand_in}.json")), &root.join("submission/my work.json"));
    let results = run_autograder(&root);
    // Gradescope's format: a score, an output, and per test a name, score, max_score,
    // output and visibility.
    assert!(results["score"].is_number(), "{results}");
    assert!(results["output"].is_string(), "{results}");
    for test in results["tests"].as_array().unwrap_or_else(|| panic!("no tests: {results}")) {
        for field in ["name", "output", "visibility", "status"] {
            assert!(test[field].is_string(), "{field} in {test}");
        }
        assert!(test["score"].is_number() && test["max_score"].is_number(), "{test}");
    }
    results
}

fn scores(results: &serde_json::Value) -> Vec<(String, f64, f64)> {
    let tests = results["tests"].as_array().cloned().unwrap_or_default();
    tests
        .iter()
        .map(|t| {
            let name = t["name"].as_str().unwrap_or_default().to_string();
            (name, t["score"].as_f64().unwrap_or(-1.0), t["max_score"].as_f64().unwrap_or(-1.0))
        })
        .collect()
}

fn output(results: &serde_json::Value) -> &str {
    results["output"].as_str().unwrap_or_default()
}

#[test]
fn setup_runs_the_binary_it_ships() {
    let root = layout("setup");
    let out = Command::new(root.join("source/setup.sh"))
        .env("AUTOGRADER_ROOT", &root)
        .output()
        .unwrap_or_else(|e| panic!("setup.sh: {e}"));
    assert!(out.status.success(), "setup.sh failed: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_right_hand_in_scores_full_marks() {
    let results = results_of("right");
    assert_eq!(results["score"].as_f64(), Some(6.0));
    let s = |n: &str, got: f64, max: f64| (n.to_string(), got, max);
    assert_eq!(
        scores(&results),
        [s("df/dq", 1.0, 1.0), s("df/dz", 1.0, 1.0), s("df/dx", 2.0, 2.0), s("df/dy", 2.0, 2.0)]
    );
    assert_eq!(output(&results), "6 of 6 points.");
}

#[test]
fn a_wrong_hand_in_gets_the_quizs_hints() {
    let results = results_of("wrong");
    assert_eq!(results["score"].as_f64(), Some(1.0));
    let tests = results["tests"].as_array().cloned().unwrap_or_default();
    assert_eq!(tests[1]["status"], "failed");
    let said = tests[1]["output"].as_str().unwrap_or_default();
    assert!(
        said.starts_with("Your answer -12 is not right. z feeds the * gate: upstream df = 1 times local"),
        "{said}"
    );
    // The student reads the hint, not the engine's number.
    assert!(!said.contains("is 3"), "{said}");
    assert!(tests[3]["output"].as_str().unwrap_or_default().starts_with("No answer. y feeds the + gate"));
}

#[test]
fn a_score_edited_to_full_marks_counts_for_nothing() {
    let results = results_of("edited-score");
    assert_eq!(results["score"].as_f64(), Some(1.0));
    assert!(
        output(&results).contains("Ignored the file's fields score, max_score, done"),
        "{}",
        output(&results)
    );
}

#[test]
fn an_edited_program_is_graded_against_the_teachers_and_said() {
    let results = results_of("edited-program");
    assert_eq!(results["score"].as_f64(), Some(0.0));
    let said = output(&results);
    assert!(said.contains("The assignment in your file is not the one your teacher set"), "{said}");
    assert!(said.contains(
        "- the program: the teacher's is `q = x + y; f = q * z`, the hand-in's `q = x + y; f = q + z`"
    ));
}

#[test]
fn a_malformed_file_gets_no_points_and_the_reason() {
    let results = results_of("malformed");
    assert_eq!(results["score"].as_f64(), Some(0.0));
    assert!(
        output(&results).starts_with("Your submission could not be graded: my work.json:9:3: trailing comma")
    );
    assert_eq!(scores(&results), []);
}

#[test]
fn no_file_or_two_files_get_no_points_and_the_reason() {
    let root = layout("none");
    let results = run_autograder(&root);
    assert_eq!(results["score"].as_f64(), Some(0.0));
    assert!(output(&results).contains("no .json file was submitted"), "{}", output(&results));
    let root = layout("two");
    for name in ["a.json", "b.json"] {
        copy(&repo_file("grade/files/work/right.json"), &root.join("submission").join(name));
    }
    let results = run_autograder(&root);
    assert_eq!(results["score"].as_f64(), Some(0.0));
    assert!(output(&results).contains("2 files were submitted"), "{}", output(&results));
}
