//! Grading a hand-in: every answer checked against the engine's gradient with the Quiz's
//! rule, a wrong one explained with the Quiz's hint, and the hand-in's assignment compared
//! with the teacher's.

use autodiff::format::exact;
use serde::Serialize;

use crate::error::Error;
use crate::format::{Assignment, Work};
use crate::worked::{inputs, Worked};

/// Which assignment the answers were checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Against {
    /// The teacher's own file: what a course grades with.
    Teacher,
    /// The copy inside the hand-in, for want of the teacher's: a student could have edited it.
    HandIn,
}

/// How one answer fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Within the question's tolerance of the engine's gradient.
    Right,
    /// A number, but not the gradient.
    Wrong,
    /// Text that is not a number (as the Quiz reads numbers).
    NotANumber,
    /// No answer to this question.
    Missing,
}

/// One question, graded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Graded {
    /// The name whose gradient was asked.
    pub grad: String,
    /// The question as the Quiz writes it: `df/dq`.
    pub question: String,
    /// The points earned: all or none.
    pub points: f64,
    /// The question's points.
    pub max_points: f64,
    /// How the answer fared.
    pub verdict: Verdict,
    /// The answer as the hand-in gives it.
    pub answer: Option<String>,
    /// The engine's gradient.
    pub expected: f64,
    /// For an answer that is not right, the Quiz's hint: which local gradient and which
    /// upstream value make this gradient.
    pub feedback: String,
}

/// A graded hand-in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The assignment's title, if it has one.
    pub title: Option<String>,
    /// Which assignment the answers were checked against.
    pub against: Against,
    /// How the hand-in's assignment differs from the teacher's, one sentence each; empty
    /// when they are the same, or when no teacher's assignment was given.
    pub differences: Vec<String>,
    /// The hand-in's top-level fields the format does not have (a `score`, a `done`), ignored.
    pub ignored: Vec<String>,
    /// Answers to gradients the assignment does not ask for, ignored.
    pub unasked: Vec<String>,
    /// The page that saved the hand-in, as the hand-in says.
    pub page: Option<String>,
    /// When, as the hand-in says.
    pub saved: Option<String>,
    /// Every question, in the assignment's order.
    pub questions: Vec<Graded>,
    /// The points earned.
    pub score: f64,
    /// The points there are.
    pub max_score: f64,
}

/// Grades `work` against the teacher's assignment, or without one against the assignment
/// the hand-in carries. The answers are all that is taken from the hand-in: the gradients
/// are the engine's, and no score or flag in the file counts. An error is a hand-in (or an
/// assignment) the engine cannot work, with its place.
pub fn grade(work: &Work, teacher: Option<&Assignment>) -> Result<Report, Error> {
    let (assignment, worked, against) = match teacher {
        Some(teacher) => (teacher, teacher.work()?, Against::Teacher),
        None => {
            (&work.assignment, work.assignment.work().map_err(|e| e.within("assignment"))?, Against::HandIn)
        }
    };
    let differences = match teacher {
        Some(teacher) => differences(teacher, &worked, &work.assignment),
        None => Vec::new(),
    };
    let questions: Vec<Graded> = assignment
        .questions
        .iter()
        .zip(&worked.asked)
        .map(|(q, &(blank, tolerance))| {
            let b = &worked.quiz.blanks()[blank];
            let given = work.answers.iter().find(|a| a.grad == q.grad).map(|a| &a.answer);
            let verdict = match given.map(|g| g.value()) {
                None => Verdict::Missing,
                Some(None) => Verdict::NotANumber,
                Some(Some(v)) if tolerance.accepts(v, b.answer) => Verdict::Right,
                Some(Some(_)) => Verdict::Wrong,
            };
            let right = verdict == Verdict::Right;
            Graded {
                grad: q.grad.clone(),
                question: worked.quiz.derivative(&q.grad),
                points: if right { q.points } else { 0.0 },
                max_points: q.points,
                verdict,
                answer: given.map(ToString::to_string),
                expected: b.answer,
                feedback: if right { String::new() } else { worked.quiz.hint(blank) },
            }
        })
        .collect();
    let unasked = work
        .answers
        .iter()
        .filter(|a| !assignment.questions.iter().any(|q| q.grad == a.grad))
        .map(|a| a.grad.clone())
        .collect();
    Ok(Report {
        title: assignment.title.clone(),
        against,
        differences,
        ignored: work.ignored.clone(),
        unasked,
        page: work.page.clone(),
        saved: work.saved.clone(),
        score: questions.iter().map(|q| q.points).sum(),
        max_score: questions.iter().map(|q| q.max_points).sum(),
        questions,
    })
}

/// How `handed` differs from the teacher's assignment, in sentences: the program (by its
/// S-expressions, so spaces and comments do not count), each input's value, and each
/// question's presence, points and tolerance. The title does not count.
pub fn differences(teacher: &Assignment, worked: &Worked, handed: &Assignment) -> Vec<String> {
    let mut out = Vec::new();
    // One line: the statements joined with `;`, as the page's link writes a program.
    let theirs = |a: &Assignment| {
        let lines: Vec<&str> = a.program.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        format!("`{}`", lines.join("; "))
    };
    match handed.sexpr() {
        Ok(sexpr) if sexpr == worked.sexpr => {}
        _ => out.push(format!(
            "the program: the teacher's is {}, the hand-in's {}",
            theirs(teacher),
            theirs(handed)
        )),
    }
    match handed.graph() {
        Ok(g) => {
            let handed_inputs = inputs(&g);
            for (name, want) in &worked.inputs {
                match handed_inputs.iter().find(|(n, _)| n == name) {
                    Some((_, got)) if got.to_bits() == want.to_bits() => {}
                    Some((_, got)) => out.push(format!(
                        "the value of {name}: the teacher's is {}, the hand-in's {}",
                        exact(*want),
                        exact(*got)
                    )),
                    None => out.push(format!("the hand-in's program has no input {name}")),
                }
            }
        }
        Err(e) => out.push(format!("the hand-in's assignment does not run: {}", e.within("assignment"))),
    }
    if handed.tolerance != teacher.tolerance {
        out.push("the assignment's tolerance".to_string());
    }
    for q in &teacher.questions {
        let d = worked.quiz.derivative(&q.grad);
        match handed.questions.iter().find(|h| h.grad == q.grad) {
            None => out.push(format!("the question {d} is missing from the hand-in")),
            Some(h) if h.points != q.points => out.push(format!(
                "the points of {d}: the teacher's are {}, the hand-in's {}",
                exact(q.points),
                exact(h.points)
            )),
            Some(h) if h.tolerance != q.tolerance => out.push(format!("the tolerance of {d}")),
            Some(_) => {}
        }
    }
    for h in &handed.questions {
        if !teacher.questions.iter().any(|q| q.grad == h.grad) {
            out.push(format!(
                "the hand-in asks for {}, which the teacher's does not",
                worked.quiz.derivative(&h.grad)
            ));
        }
    }
    out
}
