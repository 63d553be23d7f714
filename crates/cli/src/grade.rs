//! `backprop grade WORK.json [--assignment A.json] [--json | --gradescope]`: a student's
//! hand-in checked again by the engine (the `grade` crate), as a table a teacher reads, as
//! JSON, or as Gradescope's results.json.

use std::process::ExitCode;

use autodiff::format::exact;
use grade::{Against, Report, Verdict};

use crate::tables::align;
use crate::CliError;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Text,
    Json,
    Gradescope,
}

/// The command line of `grade`.
#[derive(Debug)]
struct Args {
    works: Vec<String>,
    assignment: Option<String>,
    style: Style,
}

fn parse_args(rest: &[String]) -> Result<Args, CliError> {
    let mut args = Args { works: Vec::new(), assignment: None, style: Style::Text };
    let mut i = 0;
    while i < rest.len() {
        let arg = &rest[i];
        i += 1;
        match arg.as_str() {
            "--json" | "--gradescope" if args.style != Style::Text => {
                return Err(CliError::Usage("give one of --json and --gradescope".into()))
            }
            "--json" => args.style = Style::Json,
            "--gradescope" => args.style = Style::Gradescope,
            "--assignment" => {
                let file = rest.get(i).ok_or_else(|| CliError::Usage("--assignment needs a file".into()))?;
                args.assignment = Some(file.clone());
                i += 1;
            }
            _ => match arg.strip_prefix("--assignment=") {
                Some(file) => args.assignment = Some(file.to_string()),
                None if arg.starts_with("--") => {
                    return Err(CliError::Usage(format!("grade has no option {arg}")));
                }
                None => args.works.push(arg.clone()),
            },
        }
    }
    // Gradescope's mode takes what the submission folder holds and says in the results if
    // that is not one file; the others need at least one hand-in.
    if args.style != Style::Gradescope && args.works.is_empty() {
        return Err(CliError::Usage("grade needs a hand-in: backprop grade WORK.json".into()));
    }
    Ok(args)
}

/// Reads a file, or says which and why not.
fn read(path: &str) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::Input(format!("cannot read {path}: {e}")))
}

/// Runs `grade`: the text, and the exit status: 0 when graded, 1 when graded against a
/// teacher's assignment that the hand-in's differs from, 2 (as an error) when a file cannot
/// be read. With --gradescope a hand-in that cannot be read is a result of no points, not an
/// error: Gradescope needs a results.json for every submission. With several hand-ins (a
/// class), see [`class`].
pub fn run(rest: &[String]) -> Result<(String, ExitCode), CliError> {
    let args = parse_args(rest)?;
    let teacher = match &args.assignment {
        Some(path) => Some(
            grade::read_assignment(&read(path)?)
                .map_err(|error| CliError::File { path: path.clone(), error })?,
        ),
        None => None,
    };
    if args.style == Style::Gradescope {
        let graded = match args.works.as_slice() {
            [path] => grade_one(path, teacher.as_ref()),
            [] => Err(CliError::Input("no .json file was submitted".into())),
            more => {
                Err(CliError::Input(format!("{} files were submitted; submit one .json file", more.len())))
            }
        };
        let results = match graded {
            Ok(report) => grade::gradescope::results(&report),
            Err(e) => grade::gradescope::failure(&message(&e)),
        };
        return Ok((pretty(&results), ExitCode::SUCCESS));
    }
    let [path] = args.works.as_slice() else { return Ok(class(&args, teacher.as_ref())) };
    let report = grade_one(path, teacher.as_ref())?;
    let text = match args.style {
        Style::Json => pretty(&report),
        _ => text(path, args.assignment.as_deref(), &report),
    };
    Ok((text, status(&report)))
}

/// Reads and grades one hand-in.
fn grade_one(path: &str, teacher: Option<&grade::Assignment>) -> Result<Report, CliError> {
    let file = |error| CliError::File { path: path.to_string(), error };
    let work = grade::read_work(&read(path)?).map_err(file)?;
    grade::grade(&work, teacher).map_err(file)
}

/// 0, or 1 when the hand-in's assignment is not the teacher's.
fn status(report: &Report) -> ExitCode {
    ExitCode::from(u8::from(!report.differences.is_empty()))
}

/// An error as one line, without its `error: `.
fn message(e: &CliError) -> String {
    e.render().trim_start_matches("error: ").trim_end().to_string()
}

/// A class: every hand-in's report, then one summary line per file, where a file that
/// cannot be read is a line (not graded, and why) rather than the end of the run. With
/// --json, an array of `{"file", "report"}` or `{"file", "error"}`. The exit status is the
/// worst: 2 if a file could not be read, else 1 if an assignment differs, else 0.
fn class(args: &Args, teacher: Option<&grade::Assignment>) -> (String, ExitCode) {
    let (mut out, mut rows, mut entries, mut worst) = (String::new(), Vec::new(), Vec::new(), 0_u8);
    for path in &args.works {
        match grade_one(path, teacher) {
            Ok(report) => {
                let differs = !report.differences.is_empty();
                worst = worst.max(u8::from(differs));
                let note = if differs { "its assignment is not the teacher's" } else { "" };
                rows.push(vec![
                    path.clone(),
                    format!("{} of {}", exact(report.score), points(report.max_score)),
                    note.to_string(),
                ]);
                if args.style == Style::Json {
                    entries.push(serde_json::json!({ "file": path, "report": report }));
                } else {
                    out.push_str(&text(path, args.assignment.as_deref(), &report));
                    out.push('\n');
                }
            }
            Err(e) => {
                worst = 2;
                rows.push(vec![path.clone(), "not graded".to_string(), message(&e)]);
                entries.push(serde_json::json!({ "file": path, "error": message(&e) }));
            }
        }
    }
    if args.style == Style::Json {
        return (pretty(&entries), ExitCode::from(worst));
    }
    out.push_str(&format!("{} hand-ins:\n", args.works.len()));
    out.push_str(&printable(&align(&rows, &[0, 1, 2])));
    (out, ExitCode::from(worst))
}

fn pretty<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// "1 point", "2 points", "0.5 points".
fn points(n: f64) -> String {
    let unit = if n == 1.0 { "point" } else { "points" };
    format!("{} {unit}", exact(n))
}

/// The report as a teacher reads it: what was checked against what, one row per question
/// with the hint under each answer that is not right, the total, and what was ignored.
fn text(work: &str, assignment: Option<&str>, report: &Report) -> String {
    let mut out = String::new();
    let title = report.title.as_deref().map(|t| format!(" ({t})")).unwrap_or_default();
    match (report.against, assignment) {
        (Against::Teacher, Some(file)) => out.push_str(&format!("{work}: checked against {file}{title}\n")),
        _ => out.push_str(&format!(
            "{work}: checked against the assignment inside it{title}; give the teacher's with --assignment\n"
        )),
    }
    let page = report.page.as_deref().map(|p| format!(" {p}")).unwrap_or_default();
    let saved = report.saved.as_deref().map(|s| format!(" at {s}")).unwrap_or_default();
    if report.page.is_some() || report.saved.is_some() {
        out.push_str(&format!("saved by the page{page}{saved}\n"));
    }
    if !report.differences.is_empty() {
        out.push_str("\nTHE HAND-IN'S ASSIGNMENT IS NOT THE TEACHER'S; its answers are checked against the teacher's:\n");
        for d in &report.differences {
            out.push_str(&format!("  - {d}\n"));
        }
    }
    out.push('\n');
    let rows: Vec<Vec<String>> = report
        .questions
        .iter()
        .map(|q| {
            let answer = match &q.answer {
                Some(a) => format!("answer {a}"),
                None => "no answer".to_string(),
            };
            let verdict = match q.verdict {
                Verdict::Right => "right".to_string(),
                Verdict::Wrong => format!("wrong: the engine's is {}", exact(q.expected)),
                Verdict::NotANumber => format!("not a number: the engine's is {}", exact(q.expected)),
                Verdict::Missing => format!("the engine's is {}", exact(q.expected)),
            };
            let score = format!("{} of {}", exact(q.points), points(q.max_points));
            vec![q.question.clone(), answer, score, verdict]
        })
        .collect();
    let table = align(&rows, &[0, 1, 2, 3]);
    let indent = report.questions.iter().map(|q| q.question.chars().count()).max().unwrap_or(0) + 2;
    for (line, q) in table.lines().zip(&report.questions) {
        out.push_str(line);
        out.push('\n');
        if !q.feedback.is_empty() {
            out.push_str(&format!("{:indent$}{}\n", "", q.feedback));
        }
    }
    out.push_str(&format!("\nscore: {} of {}\n", exact(report.score), points(report.max_score)));
    if !report.ignored.is_empty() {
        out.push_str(&format!(
            "ignored the hand-in's fields {} (every answer is checked again; no saved score counts)\n",
            report.ignored.join(", ")
        ));
    }
    if !report.unasked.is_empty() {
        out.push_str(&format!(
            "ignored answers to what the assignment does not ask: {}\n",
            report.unasked.join(", ")
        ));
    }
    printable(&out)
}

/// The text with every control character but the line break shown as U+FFFD: answers and
/// programs come from a student's file, and an escape sequence in one must not rewrite the
/// teacher's terminal (hide a line, say).
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && c != '\n' { '\u{fffd}' } else { c }).collect()
}
