//! What goes wrong reading a teacher's or a student's file: a kind, a sentence a teacher or
//! student understands, and where in the file (a line and column, or a field).

use std::fmt;

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// A line and a column, both from 1, as serde_json reports them.
    At {
        /// The line, from 1.
        line: usize,
        /// The column, from 1.
        column: usize,
    },
    /// A field, as a path: `questions[1].grad`, `assignment.program`.
    Field(String),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::At { line, column } => write!(f, "{line}:{column}"),
            Position::Field(path) => f.write_str(path),
        }
    }
}

/// What kind of problem a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not JSON at all, or cut short: `{"format": "backprop-work",`.
    Syntax,
    /// JSON, but not this kind of file: `{"format": "backprop-assignment", ...}` given as a
    /// hand-in, or no `format` field.
    Format,
    /// A version this grader does not read: `"version": 2`.
    Version,
    /// A field missing, unknown, or of the wrong type: `"points": "two"`.
    Field,
    /// The program does not compile: `"program": "f = sigmod(x)"`.
    Program,
    /// A value for a name that is no input of the program: `"values": {"w": 1}`.
    Value,
    /// A question the program cannot answer: `{"grad": "w"}` where no `w` feeds the output,
    /// or a gradient that is not a finite number at the assignment's values.
    Question,
    /// A second answer to the same question in a hand-in.
    Answer,
}

/// A problem with a file, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What kind of problem.
    pub kind: ErrorKind,
    /// A sentence saying what is wrong and, where it helps, what to write instead.
    pub message: String,
    /// Where.
    pub position: Position,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, position: Position, message: impl Into<String>) -> Error {
        Error { kind, message: message.into(), position }
    }

    pub(crate) fn field(kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(kind, Position::Field(path.into()), message)
    }

    /// The error with its field path under `parent`: `program` becomes `assignment.program`.
    pub(crate) fn within(mut self, parent: &str) -> Error {
        if let Position::Field(path) = &self.position {
            self.position = Position::Field(format!("{parent}.{path}"));
        }
        self
    }

    /// serde_json's error, which always knows its line and column.
    pub(crate) fn json(e: &serde_json::Error) -> Error {
        let kind = match e.classify() {
            serde_json::error::Category::Data => ErrorKind::Field,
            _ => ErrorKind::Syntax,
        };
        // serde_json's Display appends " at line L column C", which the position says.
        let text = e.to_string();
        let message = match text.rfind(" at line ") {
            Some(at) => text[..at].to_string(),
            None => text,
        };
        Error::new(kind, Position::At { line: e.line(), column: e.column() }, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position, self.message)
    }
}

impl std::error::Error for Error {}
