//! The two files, as serde reads and writes them: a teacher's [`Assignment`] and a
//! student's hand-in, [`Work`]. docs/grading.md documents both with an example each.
//!
//! Reading checks the shape (serde, with a line and column for every problem) and the
//! header (`format` and `version`). An assignment is also worked by the engine when read
//! ([`read_assignment`]), so a teacher learns of a question the program cannot answer before
//! any student does; the assignment inside a hand-in is only worked when it is graded.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorKind, Position};

/// The `format` of an assignment file.
pub const ASSIGNMENT_FORMAT: &str = "backprop-assignment";
/// The `format` of a hand-in.
pub const WORK_FORMAT: &str = "backprop-work";
/// The one version of both formats this grader reads.
pub const VERSION: u32 = 1;

/// What a teacher sets: a program, the inputs' values, and the gradients to give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// [`ASSIGNMENT_FORMAT`]; required at the top of a file, optional inside a hand-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// [`VERSION`]; required at the top of a file, optional inside a hand-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// A name for people; the grader shows it and never compares it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The program, in the playground's language.
    pub program: String,
    /// Values for the program's inputs; an input not listed keeps the program's own.
    #[serde(default, skip_serializing_if = "Values::is_empty")]
    pub values: Values,
    /// The tolerance of every question that sets none; the Quiz's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<ToleranceSpec>,
    /// The questions, in the order they are shown.
    pub questions: Vec<Question>,
}

/// One question: the gradient of the program's output by one named value.
///
/// A question is an object so that later kinds (a tensor's shape) can be new fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The name whose gradient is asked: an input, a named value (`q`), the output, or a name
    /// the Quiz gives an unnamed gate (`t1`).
    pub grad: String,
    /// What a right answer earns (1 when absent).
    #[serde(default = "one")]
    pub points: f64,
    /// How close an answer must be, when not the assignment's or the Quiz's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<ToleranceSpec>,
}

fn one() -> f64 {
    1.0
}

/// A tolerance as a file writes it; a bound left out is the Quiz's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToleranceSpec {
    /// The fraction of the gradient's size an answer may be off by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative: Option<f64>,
    /// The distance an answer may be off by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absolute: Option<f64>,
}

/// The inputs' values in the order the file gives them; a name given twice is an error
/// rather than a silent "last one wins".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Values(pub Vec<(String, f64)>);

impl Values {
    /// Whether no value is given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, value)| (name, value)))
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Values, D::Error> {
        struct ValuesVisitor;
        impl<'de> Visitor<'de> for ValuesVisitor {
            type Value = Values;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of input values, like {\"x\": -2, \"y\": 5}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Values, A::Error> {
                let mut values: Vec<(String, f64)> = Vec::new();
                while let Some((name, value)) = map.next_entry::<String, f64>()? {
                    if values.iter().any(|(n, _)| *n == name) {
                        return Err(de::Error::custom(format!("the value of '{name}' is given twice")));
                    }
                    values.push((name, value));
                }
                Ok(Values(values))
            }
        }
        deserializer.deserialize_map(ValuesVisitor)
    }
}

/// A student's hand-in: the assignment as the student's page had it, the answers, and
/// which page saved it when. Nothing in it is trusted: every answer is checked again, and
/// any other field (a score, a "done" flag) is ignored and listed in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Work {
    /// [`WORK_FORMAT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// [`VERSION`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The version of the page that saved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// When it was saved (RFC 3339, as the page's clock had it); shown, never trusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved: Option<String>,
    /// The assignment as the page had it.
    pub assignment: Assignment,
    /// The student's answers.
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// The top-level fields the format does not have (a `score`, a `done`), which the grader
    /// ignores and names in its report. Filled by [`read_work`], never written.
    #[serde(skip)]
    pub ignored: Vec<String>,
}

/// One answer: which gradient, and what the student gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The question's name, as in [`Question::grad`].
    pub grad: String,
    /// The answer.
    pub answer: Given,
}

/// An answer as the student typed it (the Quiz reads it: `-4`, `.5`, `−4`), or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    /// The text typed.
    Text(String),
    /// A number.
    Number(f64),
}

impl Given {
    /// The answer as a number, read as the Quiz reads it; `None` for text that is not one.
    pub fn value(&self) -> Option<f64> {
        match self {
            Given::Text(text) => lessons::quiz::parse_answer(text),
            Given::Number(v) => Some(*v),
        }
    }
}

impl fmt::Display for Given {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Given::Text(text) => f.write_str(text),
            Given::Number(v) => f.write_str(&autodiff::format::exact(*v)),
        }
    }
}

impl Serialize for Given {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Given::Text(text) => serializer.serialize_str(text),
            Given::Number(v) => serializer.serialize_f64(*v),
        }
    }
}

impl<'de> Deserialize<'de> for Given {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Given, D::Error> {
        struct GivenVisitor;
        impl Visitor<'_> for GivenVisitor {
            type Value = Given;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the answer as typed (\"-4\") or a number (-4)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Given, E> {
                Ok(Given::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Given, E> {
                Ok(Given::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Given, E> {
                Ok(Given::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Given, E> {
                Ok(Given::Number(v as f64))
            }
        }
        deserializer.deserialize_any(GivenVisitor)
    }
}

/// Reads a teacher's assignment and works it with the engine, so that every problem (a
/// program that does not compile, a value for no input, a question nothing answers) is an
/// error with its place in the file.
pub fn read_assignment(text: &str) -> Result<Assignment, Error> {
    let top = parse(text)?;
    header(&top, ASSIGNMENT_FORMAT, "", true)?;
    let assignment: Assignment = serde_json::from_str(text).map_err(|e| Error::json(&e))?;
    assignment.work()?;
    Ok(assignment)
}

/// Reads a student's hand-in: its shape and header. Its assignment is worked when it is
/// graded ([`crate::grade`]), since against a teacher's it need not even compile.
pub fn read_work(text: &str) -> Result<Work, Error> {
    let top = parse(text)?;
    header(&top, WORK_FORMAT, "", true)?;
    if let Some(inner) = top.get("assignment") {
        header(inner, ASSIGNMENT_FORMAT, "assignment.", false)?;
    }
    let mut work: Work = serde_json::from_str(text).map_err(|e| Error::json(&e))?;
    let known = ["format", "version", "page", "saved", "assignment", "answers"];
    if let serde_json::Value::Object(fields) = &top {
        work.ignored = fields.keys().filter(|k| !known.contains(&k.as_str())).cloned().collect();
    }
    let mut seen = BTreeSet::new();
    for (i, answer) in work.answers.iter().enumerate() {
        if !seen.insert(answer.grad.as_str()) {
            return Err(Error::field(
                ErrorKind::Answer,
                format!("answers[{i}]"),
                format!("a second answer for d/d{}: a hand-in has one answer per question", answer.grad),
            ));
        }
    }
    Ok(work)
}

/// The file as JSON, or where it stops being JSON.
fn parse(text: &str) -> Result<serde_json::Value, Error> {
    let top: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::json(&e))?;
    if top.is_object() {
        Ok(top)
    } else {
        Err(Error::new(
            ErrorKind::Format,
            Position::At { line: 1, column: 1 },
            "expected a JSON object ({ ... }), the way the page saves one",
        ))
    }
}

/// Checks `format` and `version` of `value` (an object at `path`); `required`: whether they
/// must be there (at the top of a file) or may be left out (an assignment inside a hand-in).
fn header(value: &serde_json::Value, format: &str, path: &str, required: bool) -> Result<(), Error> {
    let at = |field: &str| [path, field].concat();
    let what = if format == WORK_FORMAT { "a hand-in" } else { "an assignment" };
    match value.get("format") {
        None if !required => {}
        None => {
            return Err(Error::field(
                ErrorKind::Format,
                at("format"),
                format!("no \"format\" field: {what} starts with \"format\": \"{format}\""),
            ))
        }
        Some(serde_json::Value::String(f)) if f == format => {}
        Some(other) => {
            let hint = match other.as_str() {
                Some(WORK_FORMAT) => " (this is a student's hand-in)",
                Some(ASSIGNMENT_FORMAT) => " (this is a teacher's assignment)",
                _ => "",
            };
            return Err(Error::field(
                ErrorKind::Format,
                at("format"),
                format!("\"format\" is {other}{hint}, but {what} is \"{format}\""),
            ));
        }
    }
    match value.get("version") {
        None if !required => Ok(()),
        None => Err(Error::field(
            ErrorKind::Version,
            at("version"),
            format!("no \"version\" field: {what} has \"version\": {VERSION}"),
        )),
        Some(v) if v.as_u64() == Some(u64::from(VERSION)) => Ok(()),
        Some(v) => match v.as_u64() {
            Some(newer) if newer > u64::from(VERSION) => Err(Error::field(
                ErrorKind::Version,
                at("version"),
                format!(
                    "written in version {newer} of the format; this backprop reads version {VERSION}: \
                     use a newer backprop"
                ),
            )),
            _ => Err(Error::field(
                ErrorKind::Version,
                at("version"),
                format!("\"version\" is {v}; this backprop reads version {VERSION}"),
            )),
        },
    }
}
