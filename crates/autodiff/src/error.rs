//! Errors are values: every problem with a program is an [`Error`] with a kind, a message a
//! student can act on (in the build's language, from `lang::t!`), and the byte span of the
//! offending text.

use std::fmt;

/// A half-open byte range `start..end` into the program text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// 1-based line and column of `start` in `src`; columns count characters, not bytes.
    pub fn line_col(self, src: &str) -> (usize, usize) {
        line_col(src, self.start)
    }
}

/// 1-based line and character column of byte offset `at` (clamped to `src`).
pub fn line_col(src: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    // One pass over the bytes: a `'\n'` never occurs inside a UTF-8 character, and str
    // searches would link core's searcher and memrchr just for this.
    let before = &src[..at];
    let (mut line, mut line_start) = (1, 0);
    for (i, &b) in before.as_bytes().iter().enumerate() {
        if b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// A program error's message in the build's language, from its table entry
/// `"{0}: ..."` (`crates/lang/tables/*.txt`): the entry without the leading `{0}: `, the position that
/// [`Error::located`] puts in front. Found at compile time; markers `{1}`, `{2}`, ... are
/// left for [`lang::fill`], whose argument 0 (the position) is then `""`:
/// `fill(message!("{0}: '{1}' is not a number"), &["", text])`.
macro_rules! message {
    ($en:literal) => {{
        const WORDS: &str = $crate::error::after_position(lang::t!($en));
        WORDS
    }};
}
pub(crate) use message;

/// `words` without its leading `{0}: ` (every language's program errors start with the
/// position). Meant for const evaluation: an entry without it stops the build.
pub(crate) const fn after_position(words: &'static str) -> &'static str {
    match words.split_at_checked(5) {
        Some((head, rest)) if matches!(head.as_bytes(), b"{0}: ") => rest,
        _ => panic!("a program error's words must start with the position marker and a colon"),
    }
}

/// What went wrong. Each variant's doc gives an input that produces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// `` (nothing but blanks and comments)
    EmptyProgram,
    /// a program over [`crate::MAX_PROGRAM_BYTES`]
    ProgramTooLong,
    /// `((((...x...))))` nested deeper than [`crate::MAX_DEPTH`]
    TooDeep,
    /// `x = 3 $ 4`
    UnexpectedChar,
    /// `x = 1e309`
    NumberOutOfRange,
    /// `x = 2 +`
    MissingOperand,
    /// `x = (2 + 3`, or `x = 2 + 3)`
    UnbalancedParen,
    /// `x = y z`
    UnexpectedToken,
    /// `sigmod(x)`
    UnknownFunction { suggestion: Option<&'static str> },
    /// `max(x)`
    WrongArgCount,
    /// `exp = 3`
    AssignToFunction,
    /// `x + 1; y = 2`
    BareExpressionNotLast,
    /// `2 = x`
    InvalidAssignTarget,
    /// `y = x + 1; x = 3` (x is assigned, but only after its first use)
    UseBeforeAssign,
    /// `exp + 1` (a function name used as a value)
    FunctionAsValue,
}

impl ErrorKind {
    /// The variant's name, `"UnknownFunction"`: how a client outside Rust (the JS API's
    /// `error.kind`) tells the kinds apart.
    pub fn name(&self) -> &'static str {
        match self {
            ErrorKind::EmptyProgram => "EmptyProgram",
            ErrorKind::ProgramTooLong => "ProgramTooLong",
            ErrorKind::TooDeep => "TooDeep",
            ErrorKind::UnexpectedChar => "UnexpectedChar",
            ErrorKind::NumberOutOfRange => "NumberOutOfRange",
            ErrorKind::MissingOperand => "MissingOperand",
            ErrorKind::UnbalancedParen => "UnbalancedParen",
            ErrorKind::UnexpectedToken => "UnexpectedToken",
            ErrorKind::UnknownFunction { .. } => "UnknownFunction",
            ErrorKind::WrongArgCount => "WrongArgCount",
            ErrorKind::AssignToFunction => "AssignToFunction",
            ErrorKind::BareExpressionNotLast => "BareExpressionNotLast",
            ErrorKind::InvalidAssignTarget => "InvalidAssignTarget",
            ErrorKind::UseBeforeAssign => "UseBeforeAssign",
            ErrorKind::FunctionAsValue => "FunctionAsValue",
        }
    }
}

/// A problem with a program: a kind, a message, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Span,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>, span: Span) -> Error {
        Error { kind, message: message.into(), span }
    }

    /// "1:5: message", the form the page and the command line show.
    pub fn located(&self, src: &str) -> String {
        let (line, col) = self.span.line_col(src);
        [&lang::int(line as i64), ":", &lang::int(col as i64), ": ", &self.message].concat()
    }

    /// The offending line with a caret line under the span, for terminals.
    pub fn caret(&self, src: &str) -> String {
        let (line_no, col) = self.span.line_col(src);
        let line = src.lines().nth(line_no - 1).unwrap_or("");
        let width = src
            .get(self.span.start..self.span.end.min(src.len()))
            .map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1));
        format!("{line}\n{}{}", " ".repeat(col - 1), "^".repeat(width))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
