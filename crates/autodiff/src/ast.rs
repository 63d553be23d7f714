//! The parsed program: statements over a flat arena of expressions.
//!
//! Children always sit at smaller indices than their parent (the parser pushes them in
//! post-order), so every walk over a program is a loop, never a recursion: a 100 KB chain
//! `x + x + ... + x` cannot overflow the stack.

use crate::error::Span;
use crate::op::Op;

/// Index of an expression in [`Program::exprs`].
pub type ExprId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Num(f64),
    Name(String),
    Neg(ExprId),
    Binary(BinOp, ExprId, ExprId),
    /// A function gate (`FUNCTIONS` names them) and its arguments.
    Call(Op, Vec<ExprId>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// The assigned name and its span; `None` for the bare last expression.
    pub target: Option<(String, Span)>,
    /// The root of the statement's expression; its sub-expressions are `exprs.start..=root`.
    pub root: ExprId,
    pub exprs: std::ops::Range<ExprId>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    pub exprs: Vec<Expr>,
    pub stmts: Vec<Stmt>,
}

impl Program {
    /// The program as S-expressions, one statement per `;`: `q = x + y; q * z` prints
    /// `(= q (+ x y)); (* q z)`. Used by the parser tests.
    pub fn sexpr(&self) -> String {
        let mut text: Vec<String> = Vec::with_capacity(self.exprs.len());
        for e in &self.exprs {
            let s = match &e.kind {
                ExprKind::Num(n) => format!("{n}"),
                ExprKind::Name(n) => n.clone(),
                ExprKind::Neg(a) => format!("(- {})", text[*a]),
                ExprKind::Binary(op, a, b) => {
                    let sym = match op {
                        BinOp::Add => "+",
                        BinOp::Sub => "-",
                        BinOp::Mul => "*",
                        BinOp::Div => "/",
                        BinOp::Pow => "^",
                    };
                    format!("({sym} {} {})", text[*a], text[*b])
                }
                ExprKind::Call(f, args) => {
                    let mut s = format!("({}", f.name());
                    for a in args {
                        s.push(' ');
                        s.push_str(&text[*a]);
                    }
                    s.push(')');
                    s
                }
            };
            text.push(s);
        }
        let stmts: Vec<String> = self
            .stmts
            .iter()
            .map(|st| match &st.target {
                Some((name, _)) => format!("(= {name} {})", text[st.root]),
                None => text[st.root].clone(),
            })
            .collect();
        stmts.join("; ")
    }
}
