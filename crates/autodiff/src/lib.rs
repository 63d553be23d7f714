//! A small reverse-mode automatic differentiation engine, made to teach backpropagation.
//!
//! A program in a tiny language (`q = x + y; f = q * z`) is parsed into a [`Program`],
//! built into a [`Graph`] (an append-only tape of gates with integer ids), evaluated
//! forward, and differentiated backward. The backward pass can be recorded as a trace of
//! [`Step`]s, one per (gate, operand) edge, which is what the playground animates.
//!
//! This crate is the engine only: no I/O, no web, no `unsafe`. Bad input never panics:
//! every problem is an [`Error`] with a kind, a message and a span.
//!
//! ```
//! let mut g = autodiff::compile("q = x + y; f = q * z").unwrap();
//! for (name, value) in [("x", -2.0), ("y", 5.0), ("z", -4.0)] {
//!     g.set_input(name, value).unwrap();
//! }
//! g.recompute();
//! let f = g.output().unwrap();
//! assert_eq!(g.value(f), -12.0);
//! assert_eq!(g.grad(g.input_named("x").unwrap()), -4.0); // the add gate passes -4 on
//! let steps = g.trace();
//! assert_eq!(g.describe_step(&steps[0]), "mul gate: upstream 1 x local -4 = -4 into q");
//! ```
#![forbid(unsafe_code)]

mod ast;
mod build;
pub mod decimal;
mod diagnose;
mod error;
mod expand;
pub mod format;
pub mod formula;
mod graph;
mod lexer;
pub mod math;
pub mod mathml;
mod numeric;
mod op;
mod operands;
mod parser;
mod step;
mod trace;

pub use ast::{BinOp, Expr, ExprId, ExprKind, Program, Stmt};
pub use build::{build, compile};
pub use error::{line_col, Error, ErrorKind, Span};
pub use expand::{expandable, Expansion};
pub use formula::{Compare, Formula, Infix, Operands, Style};
pub use graph::{Graph, GraphError, NodeId};
pub use numeric::{relative_error, GradCheck};
pub use op::{sigmoid, softplus, Args, Arity, Fails, Fold, Op, Pair, Pattern, Rewrite, Walk, FUNCTIONS};
pub use parser::parse;
pub use step::{is_step_size, Direction, StepReport};
pub use trace::Step;

/// The longest program accepted, in bytes.
pub const MAX_PROGRAM_BYTES: usize = 100_000;

/// The deepest nesting of parentheses, calls and operators accepted.
pub const MAX_DEPTH: usize = 256;
