//! The classroom's two files and their grader. A teacher writes an [`Assignment`] (a
//! program, its inputs' values, and which gradients to give for how many points); the
//! student's page saves a hand-in, [`Work`] (that assignment as the page had it, the answers,
//! the page's version and the time); [`grade`] checks every answer again with the engine.
//!
//! Nothing in a hand-in is trusted: the gradients are recomputed from the program, a score
//! or "done" flag in the file is ignored, and with the teacher's assignment at hand, the
//! answers are checked against it, never against the hand-in's copy, whose differences are
//! reported. What counts as right, and the feedback on a wrong answer, are the Quiz's own
//! ([`lessons::quiz`]): the same tolerance rule and the same hint of which local gradient and
//! upstream value make the gradient.
//!
//! It is not in the page's wasm, which saves the files; the `backprop grade` command and the
//! Gradescope autograder use it. The formats are documented in docs/grading.md.
//!
//! ```
//! let teacher = grade::read_assignment(r#"{
//!     "format": "backprop-assignment", "version": 1,
//!     "program": "q = x + y; f = q * z", "values": {"x": -2, "y": 5, "z": -4},
//!     "questions": [{"grad": "q", "points": 1}, {"grad": "x", "points": 2}]
//! }"#).unwrap();
//! let work = grade::read_work(r#"{
//!     "format": "backprop-work", "version": 1, "page": "0.1.0", "saved": "2026-12-08T09:00:00Z",
//!     "assignment": {"program": "q = x + y; f = q * z", "values": {"x": -2, "y": 5, "z": -4},
//!                    "questions": [{"grad": "q", "points": 1}, {"grad": "x", "points": 2}]},
//!     "answers": [{"grad": "q", "answer": "-4"}, {"grad": "x", "answer": "3"}],
//!     "score": 3
//! }"#).unwrap();
//! let report = grade::grade(&work, Some(&teacher)).unwrap();
//! assert_eq!((report.score, report.max_score), (1.0, 3.0)); // the file's "score" is ignored
//! assert_eq!(report.ignored, ["score"]);
//! assert!(report.questions[1].feedback.contains("x feeds the + gate"));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod format;
mod grade;
pub mod gradescope;
mod worked;

pub use error::{Error, ErrorKind, Position};
pub use format::{
    read_assignment, read_work, Answer, Assignment, Given, Question, ToleranceSpec, Values, Work,
    ASSIGNMENT_FORMAT, VERSION, WORK_FORMAT,
};
pub use grade::{differences, grade, Against, Graded, Report, Verdict};
pub use worked::Worked;
