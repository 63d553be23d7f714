//! `backprop grade`, the real binary, on the five hand-ins of crates/grade/files/work: a
//! right one, a wrong one, a wrong one whose score field says full marks, one whose program
//! was edited, and one that is not JSON. The teacher's assignment is crates/grade/files/assignment.json.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::{printed_json as json, stderr, stdout};

fn files() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../grade/files")
}

/// `backprop grade work/<name>.json --assignment assignment.json <extra>`, run in the files' folder.
fn grade(name: &str, extra: &[&str]) -> Output {
    let work = format!("work/{name}.json");
    let mut args = vec!["grade", work.as_str(), "--assignment", "assignment.json"];
    args.extend_from_slice(extra);
    run(&args)
}

fn run(args: &[&str]) -> Output {
    common::backprop_in(&files(), args)
}

#[test]
fn a_right_hand_in_gets_every_point() {
    let out = grade("right", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("work/right.json: checked against assignment.json"), "{text}");
    // Typed as the Quiz reads it: a typographic minus, a trailing .0, a JSON number.
    for row in ["df/dq  answer −4", "df/dx  answer -4.0", "df/dy  answer -4"] {
        assert!(text.contains(row), "{row:?} in\n{text}");
    }
    assert_eq!(text.matches(" right\n").count(), 4, "{text}");
    assert!(text.contains("\nscore: 6 of 6 points\n"), "{text}");
    let report = json(&grade("right", &["--json"]));
    assert_eq!((report["score"].as_f64(), report["max_score"].as_f64()), (Some(6.0), Some(6.0)));
}

#[test]
fn a_wrong_answer_names_the_local_gradient_and_the_upstream_value() {
    let out = grade("wrong", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("df/dz  answer -12  0 of 1 point   wrong: the engine's is 3\n"), "{text}");
    assert!(text.contains("z feeds the * gate: upstream df = 1 times local ∂f/∂z = q = 3."), "{text}");
    assert!(text.contains("x feeds the + gate: upstream dq = -4 times local ∂q/∂x = 1."), "{text}");
    assert!(text.contains("df/dy  no answer"), "{text}");
    assert!(text.contains("\nscore: 1 of 6 points\n"), "{text}");
    let report = json(&grade("wrong", &["--json"]));
    let verdicts: Vec<&str> = report["questions"]
        .as_array()
        .map_or(vec![], |q| q.iter().filter_map(|q| q["verdict"].as_str()).collect());
    assert_eq!(verdicts, ["right", "wrong", "wrong", "missing"]);
}

#[test]
fn a_score_edited_to_full_marks_is_ignored() {
    let out = grade("edited-score", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("\nscore: 1 of 6 points\n"), "{text}");
    assert!(text.contains("ignored the hand-in's fields score, max_score, done"), "{text}");
    let results = json(&grade("edited-score", &["--gradescope"]));
    assert_eq!(results["score"].as_f64(), Some(1.0), "{results}");
    assert_eq!(results["tests"].as_array().map(Vec::len), Some(4));
}

#[test]
fn an_edited_program_is_reported_and_graded_against_the_teachers() {
    let out = grade("edited-program", &[]);
    // Graded, with exit status 1: the hand-in's assignment is not the teacher's.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("THE HAND-IN'S ASSIGNMENT IS NOT THE TEACHER'S"), "{text}");
    assert!(
        text.contains(
            "the program: the teacher's is `q = x + y; f = q * z`, the hand-in's `q = x + y; f = q + z`"
        ),
        "{text}"
    );
    // Every answer is right for the edited program (all 1s), none for the teacher's.
    assert!(text.contains("\nscore: 0 of 6 points\n"), "{text}");
    // Without the teacher's file there is nothing to compare with: the report says what it
    // was checked against, which is why a course grades with --assignment.
    let own = run(&["grade", "work/edited-program.json"]);
    assert_eq!(own.status.code(), Some(0));
    assert!(stdout(&own).contains("checked against the assignment inside it"), "{}", stdout(&own));
    assert!(stdout(&own).contains("\nscore: 6 of 6 points\n"), "{}", stdout(&own));
}

#[test]
fn a_malformed_file_is_an_error_with_its_line_and_column() {
    let out = grade("malformed", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
    assert_eq!(stderr(&out), "error: work/malformed.json:9:3: trailing comma\n");
    // For Gradescope it is a result of no points that says why, not a failed autograder.
    let out = grade("malformed", &["--gradescope"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let results = json(&out);
    assert_eq!(results["score"].as_f64(), Some(0.0));
    let said = results["output"].as_str().unwrap_or_default();
    assert!(said.contains("work/malformed.json:9:3: trailing comma"), "{said}");
}

#[test]
fn the_wrong_kind_of_file_or_none_is_a_clear_error() {
    let out = run(&["grade", "assignment.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: assignment.json: format: \"format\" is \"backprop-assignment\" (this is a teacher's \
         assignment), but a hand-in is \"backprop-work\"\n"
    );
    let out = run(&["grade", "work/right.json", "--assignment", "work/right.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("(this is a student's hand-in), but an assignment is"), "{}", stderr(&out));
    let out = run(&["grade", "work/none.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: cannot read work/none.json: "), "{}", stderr(&out));
    let out = run(&["grade"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: grade needs a hand-in"), "{}", stderr(&out));
    // Gradescope's folder may hold no file or several: a result that says so.
    let results = json(&run(&["grade", "--gradescope", "--assignment", "assignment.json"]));
    assert_eq!(results["score"].as_f64(), Some(0.0));
    assert!(results["output"].as_str().unwrap_or_default().contains("no .json file was submitted"));
}

#[test]
fn a_terminal_escape_in_a_hand_in_is_shown_not_obeyed() {
    let right = std::fs::read_to_string(files().join("work/right.json")).unwrap_or_else(|e| panic!("{e}"));
    // ESC [2K clears the line: an answer that could hide what the teacher should read.
    let sly = right.replace(r#""answer": "3""#, r#""answer": "3\u001b[2K""#);
    assert_ne!(sly, right);
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("sly.json");
    std::fs::write(&path, sly).unwrap_or_else(|e| panic!("{e}"));
    let path = path.to_string_lossy().into_owned();
    let out = run(&["grade", &path, "--assignment", "assignment.json"]);
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("df/dz  answer 3\u{fffd}[2K"), "{text}");
}

#[test]
fn a_class_is_graded_in_one_run_with_a_line_per_file() {
    let names = ["right", "wrong", "edited-score", "edited-program", "malformed"];
    let works: Vec<String> = names.iter().map(|n| format!("work/{n}.json")).collect();
    let mut args = vec!["grade", "--assignment", "assignment.json"];
    args.extend(works.iter().map(String::as_str));
    let out = run(&args);
    // The worst status: a file could not be read.
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    let summary = text.split("5 hand-ins:\n").nth(1).unwrap_or_else(|| panic!("no summary in\n{text}"));
    assert_eq!(
        summary,
        "work/right.json           6 of 6 points\n\
         work/wrong.json           1 of 6 points\n\
         work/edited-score.json    1 of 6 points\n\
         work/edited-program.json  0 of 6 points  its assignment is not the teacher's\n\
         work/malformed.json       not graded     work/malformed.json:9:3: trailing comma\n"
    );
    assert_eq!(text.matches("\nscore: ").count(), 4, "a report per graded hand-in");
    args.push("--json");
    let entries = json(&run(&args));
    let scores: Vec<Option<f64>> =
        entries.as_array().map_or(vec![], |e| e.iter().map(|e| e["report"]["score"].as_f64()).collect());
    assert_eq!(scores, [Some(6.0), Some(1.0), Some(1.0), Some(0.0), None]);
    assert_eq!(entries[4]["error"], "work/malformed.json:9:3: trailing comma");
}
