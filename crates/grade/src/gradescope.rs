//! Gradescope's `results.json` (its "Autograder Specifications": a top-level `score` and
//! `output`, and one entry of `tests` per question with `name`, `score`, `max_score`,
//! `status`, `output` and `visibility`).
//!
//! The student sees it, so a wrong answer's output is the Quiz's hint, not the engine's
//! number: the same help the page gives.

use autodiff::format::exact;
use serde_json::{json, Value};

use crate::grade::{Against, Report, Verdict};

/// The results of a graded hand-in.
pub fn results(report: &Report) -> Value {
    let tests: Vec<Value> = report
        .questions
        .iter()
        .map(|q| {
            let answer = q.answer.as_deref().unwrap_or("");
            let output = match q.verdict {
                Verdict::Right => format!("Your answer {answer} is right."),
                Verdict::Wrong => format!("Your answer {answer} is not right. {}", q.feedback),
                Verdict::NotANumber => format!("Your answer '{answer}' is not a number. {}", q.feedback),
                Verdict::Missing => format!("No answer. {}", q.feedback),
            };
            json!({
                "name": q.question,
                "score": q.points,
                "max_score": q.max_points,
                "status": if q.verdict == Verdict::Right { "passed" } else { "failed" },
                "output": output,
                "visibility": "visible",
            })
        })
        .collect();
    json!({
        "score": report.score,
        "output": summary(report),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    })
}

/// The results when the hand-in cannot be graded at all (not JSON, not a hand-in, more
/// than one file): no points, and the reason, with its place in the file.
pub fn failure(message: &str) -> Value {
    json!({
        "score": 0,
        "output": format!(
            "Your submission could not be graded: {message}\n\nSubmit the .json file that the page's \
             \"Save my work\" button downloaded, unchanged."
        ),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [],
    })
}

/// What the student reads above the questions.
fn summary(report: &Report) -> String {
    let mut lines = vec![format!("{} of {} points.", exact(report.score), exact(report.max_score))];
    if !report.differences.is_empty() {
        lines.push(
            "The assignment in your file is not the one your teacher set, so your answers were checked \
             against your teacher's. What differs:"
                .to_string(),
        );
        lines.extend(report.differences.iter().map(|d| format!("- {d}")));
    }
    if report.against == Against::HandIn {
        lines.push("Checked against the assignment in your file (no teacher's assignment was given).".into());
    }
    if !report.ignored.is_empty() {
        lines.push(format!(
            "Ignored the file's fields {}: every answer is checked again, and no saved score counts.",
            report.ignored.join(", ")
        ));
    }
    lines.join("\n")
}
