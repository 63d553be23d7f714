//! A Pratt parser (matklad's minipratt): one loop, one binding-power table.
//!
//! Loosest to tightest: `+ -`, `* /` (and the implicit product in `2x`), unary `-`, `^`
//! (right-associative, so `-x^2` is `-(x^2)` and `2^3^2` is `2^9`).

use crate::ast::{BinOp, Expr, ExprId, ExprKind, Program, Stmt};
use crate::error::{line_col, message, Error, ErrorKind, Span};
use crate::lexer::{lex, Tok, Token};
use crate::op::{Arity, Op, FUNCTIONS};
use crate::{MAX_DEPTH, MAX_PROGRAM_BYTES};
use lang::fill;

/// Parses program text. Never panics; every problem is an [`Error`] with a span.
pub fn parse(src: &str) -> Result<Program, Error> {
    if src.len() > MAX_PROGRAM_BYTES {
        // The span starts at the limit, moved back to a character boundary so that it never
        // splits a character (the page converts byte offsets to UTF-16 ones).
        let mut start = MAX_PROGRAM_BYTES;
        while !src.is_char_boundary(start) {
            start -= 1;
        }
        return Err(Error::new(
            ErrorKind::ProgramTooLong,
            fill(
                message!("{0}: the program is {1} KB; the limit is {2} KB"),
                &[
                    "",
                    &lang::int(src.len().div_ceil(1000) as i64),
                    &lang::int((MAX_PROGRAM_BYTES / 1000) as i64),
                ],
            ),
            Span::new(start, src.len()),
        ));
    }
    let tokens = lex(src)?;
    let mut p = Parser { src, tokens, pos: 0, depth: 0, program: Program::default() };
    p.program_()?;
    Ok(p.program)
}

struct Parser<'s> {
    src: &'s str,
    tokens: Vec<Token<'s>>,
    pos: usize,
    depth: usize,
    program: Program,
}

const PREFIX_NEG_BP: u8 = 5;

fn infix_bp(tok: Tok<'_>) -> Option<(u8, u8, BinOp)> {
    Some(match tok {
        Tok::Plus => (1, 2, BinOp::Add),
        Tok::Minus => (1, 2, BinOp::Sub),
        Tok::Star => (3, 4, BinOp::Mul),
        Tok::Slash => (3, 4, BinOp::Div),
        Tok::Caret => (8, 7, BinOp::Pow),
        _ => return None,
    })
}

impl<'s> Parser<'s> {
    fn peek(&self) -> Token<'s> {
        self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn peek2(&self) -> Tok<'s> {
        self.tokens.get(self.pos + 1).map_or(Tok::Eof, |t| t.tok)
    }

    fn bump(&mut self) -> Token<'s> {
        let t = self.peek();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn push(&mut self, kind: ExprKind, span: Span) -> ExprId {
        self.program.exprs.push(Expr { kind, span });
        self.program.exprs.len() - 1
    }

    fn span(&self, id: ExprId) -> Span {
        self.program.exprs[id].span
    }

    fn at(&self, at: usize) -> String {
        let (l, c) = line_col(self.src, at);
        [&lang::int(l as i64), ":", &lang::int(c as i64)].concat()
    }

    fn program_(&mut self) -> Result<(), Error> {
        loop {
            while self.peek().tok == Tok::Sep {
                self.bump();
            }
            if self.peek().tok == Tok::Eof {
                break;
            }
            self.statement()?;
        }
        let stmts = &self.program.stmts;
        let Some(last) = stmts.last() else {
            return Err(Error::new(
                ErrorKind::EmptyProgram,
                message!("{0}: the program is empty: write an expression such as f = (x + y) * z"),
                Span::new(0, self.src.len()),
            ));
        };
        let _ = last;
        if let Some(bare) = stmts[..stmts.len() - 1].iter().find(|s| s.target.is_none()) {
            return Err(Error::new(
                ErrorKind::BareExpressionNotLast,
                message!(
                    "{0}: only the last statement can be a bare expression; give this one a name, as in a = ..."
                ),
                bare.span,
            ));
        }
        Ok(())
    }

    fn statement(&mut self) -> Result<(), Error> {
        let first = self.peek();
        let start = self.program.exprs.len();
        let target = match (first.tok, self.peek2()) {
            (Tok::Ident(name), Tok::Eq) => {
                if Op::from_function(name).is_some() {
                    return Err(Error::new(
                        ErrorKind::AssignToFunction,
                        fill(
                            message!(
                                "{0}: '{1}' is a function name and cannot be assigned; choose another name"
                            ),
                            &["", name],
                        ),
                        first.span,
                    ));
                }
                self.bump();
                let eq = self.bump();
                if matches!(self.peek().tok, Tok::Sep | Tok::Eof) {
                    return Err(Error::new(
                        ErrorKind::MissingOperand,
                        fill(
                            message!("{0}: expected a value after '=' at {1}"),
                            &["", &self.at(eq.span.start)],
                        ),
                        eq.span,
                    ));
                }
                Some((name.to_string(), first.span))
            }
            _ => None,
        };
        let root = self.expr_bp(0)?;
        let next = self.peek();
        match next.tok {
            Tok::Sep | Tok::Eof => {}
            Tok::Eq => {
                return Err(Error::new(
                    ErrorKind::InvalidAssignTarget,
                    message!("{0}: only a name can be assigned, as in q = x + y"),
                    first.span.to(self.span(root)),
                ))
            }
            Tok::RParen => {
                return Err(Error::new(
                    ErrorKind::UnbalancedParen,
                    message!("{0}: this ')' has no matching '('"),
                    next.span,
                ))
            }
            _ => {
                return Err(Error::new(
                    ErrorKind::UnexpectedToken,
                    fill(
                        message!("{0}: expected an operator or the end of the statement, found {1}"),
                        &["", &next.tok.describe()],
                    ),
                    next.span,
                ))
            }
        }
        let span = first.span.to(self.span(root));
        self.program.stmts.push(Stmt { target, root, exprs: start..root + 1, span });
        Ok(())
    }

    fn expr_bp(&mut self, min_bp: u8) -> Result<ExprId, Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::new(
                ErrorKind::TooDeep,
                fill(
                    message!("{0}: the expression is nested more than {1} levels deep"),
                    &["", &lang::int(MAX_DEPTH as i64)],
                ),
                self.peek().span,
            ));
        }
        let result = self.expr_bp_inner(min_bp);
        self.depth -= 1;
        result
    }

    fn expr_bp_inner(&mut self, min_bp: u8) -> Result<ExprId, Error> {
        let mut lhs = self.prefix()?;
        let mut lhs_is_number = matches!(self.program.exprs[lhs].kind, ExprKind::Num(_))
            && self.tokens[self.pos - 1].tok != Tok::RParen;
        loop {
            let next = self.peek();
            // A number literal followed by a name or '(' multiplies: 2x, 3(y - 1).
            let implicit = lhs_is_number && matches!(next.tok, Tok::Ident(_) | Tok::LParen);
            let (l_bp, r_bp, op) = if implicit {
                (3, 4, BinOp::Mul)
            } else if let Some(bp) = infix_bp(next.tok) {
                bp
            } else {
                break;
            };
            if l_bp < min_bp {
                break;
            }
            if !implicit {
                self.bump();
                if matches!(self.peek().tok, Tok::Sep | Tok::Eof | Tok::RParen | Tok::Comma) {
                    let found = self.peek();
                    return Err(Error::new(
                        ErrorKind::MissingOperand,
                        fill(
                            message!("{0}: expected a value after {1} at {2}, found {3}"),
                            &["", &next.tok.describe(), &self.at(next.span.start), &found.tok.describe()],
                        ),
                        next.span,
                    ));
                }
            }
            let rhs = self.expr_bp(r_bp)?;
            let span = self.span(lhs).to(self.span(rhs));
            lhs = self.push(ExprKind::Binary(op, lhs, rhs), span);
            lhs_is_number = false;
        }
        Ok(lhs)
    }

    fn prefix(&mut self) -> Result<ExprId, Error> {
        let t = self.bump();
        match t.tok {
            Tok::Num(n, _) => Ok(self.push(ExprKind::Num(n), t.span)),
            Tok::Minus => {
                let arg = self.expr_bp(PREFIX_NEG_BP)?;
                let span = t.span.to(self.span(arg));
                // A minus sign on a literal is part of the number: x = -2 is an input.
                if let ExprKind::Num(n) = self.program.exprs[arg].kind {
                    if self.program.exprs.len() == arg + 1 && self.tokens[self.pos - 1].tok != Tok::RParen {
                        self.program.exprs[arg] = Expr { kind: ExprKind::Num(-n), span };
                        return Ok(arg);
                    }
                }
                Ok(self.push(ExprKind::Neg(arg), span))
            }
            Tok::LParen => {
                let inner = self.expr_bp(0)?;
                let close = self.peek();
                if close.tok != Tok::RParen {
                    return Err(self.unclosed(t, close));
                }
                self.bump();
                // Keep the parentheses in the span so errors and highlights cover them.
                self.program.exprs[inner].span = t.span.to(close.span);
                Ok(inner)
            }
            Tok::Ident(name) => {
                if let Some(func) = Op::from_function(name) {
                    if self.peek().tok != Tok::LParen {
                        return Err(Error::new(
                            ErrorKind::FunctionAsValue,
                            fill(
                                message!("{0}: '{1}' is a function: call it, as in {2}"),
                                &["", name, &[name, "(x)"].concat()],
                            ),
                            t.span,
                        ));
                    }
                    self.call(func, t)
                } else if self.peek().tok == Tok::LParen {
                    Err(unknown_function(name, t.span))
                } else {
                    Ok(self.push(ExprKind::Name(name.to_string()), t.span))
                }
            }
            Tok::RParen => Err(Error::new(
                ErrorKind::UnbalancedParen,
                message!("{0}: this ')' has no matching '('"),
                t.span,
            )),
            Tok::Sep | Tok::Eof => Err(Error::new(
                ErrorKind::MissingOperand,
                fill(message!("{0}: expected a value, found {1}"), &["", &t.tok.describe()]),
                t.span,
            )),
            Tok::Plus | Tok::Star | Tok::Slash | Tok::Caret | Tok::Comma | Tok::Eq => Err(Error::new(
                ErrorKind::MissingOperand,
                fill(message!("{0}: expected a value before {1}"), &["", &t.tok.describe()]),
                t.span,
            )),
        }
    }

    fn call(&mut self, func: Op, name: Token<'s>) -> Result<ExprId, Error> {
        let open = self.bump();
        let mut args = Vec::new();
        if self.peek().tok != Tok::RParen {
            loop {
                args.push(self.expr_bp(0)?);
                if self.peek().tok == Tok::Comma {
                    self.bump();
                } else {
                    break;
                }
            }
        }
        let close = self.peek();
        if close.tok != Tok::RParen {
            return Err(self.unclosed(open, close));
        }
        self.bump();
        let span = name.span.to(close.span);
        let wanted = if func.arity() == Arity::Unary { 1 } else { 2 };
        if args.len() != wanted {
            let words = if wanted == 1 {
                message!("{0}: {1} takes one argument, but got {2}")
            } else {
                message!("{0}: {1} takes two arguments, but got {2}")
            };
            return Err(Error::new(
                ErrorKind::WrongArgCount,
                fill(words, &["", func.name(), &lang::int(args.len() as i64)]),
                span,
            ));
        }
        Ok(self.push(ExprKind::Call(func, args), span))
    }

    fn unclosed(&self, open: Token<'s>, found: Token<'s>) -> Error {
        let kind = match found.tok {
            Tok::Sep | Tok::Eof => ErrorKind::UnbalancedParen,
            _ => ErrorKind::UnexpectedToken,
        };
        Error::new(
            kind,
            fill(
                message!("{0}: expected ')' to close the '(' at {1}, found {2}"),
                &["", &self.at(open.span.start), &found.tok.describe()],
            ),
            found.span,
        )
    }
}

fn unknown_function(name: &str, span: Span) -> Error {
    let suggestion = nearest_function(name);
    let message = match suggestion {
        Some(s) => fill(message!("{0}: unknown function '{1}'; did you mean {2}?"), &["", name, s]),
        None => {
            let mut list = String::new();
            for (k, (n, _)) in FUNCTIONS.iter().enumerate() {
                if k > 0 {
                    list.push_str(", ");
                }
                list.push_str(n);
            }
            fill(
                message!(
                    "{0}: '{1}' is not a function (the functions are {2}); to multiply, write {3} * (...)"
                ),
                &["", name, &list, name],
            )
        }
    };
    Error::new(ErrorKind::UnknownFunction { suggestion }, message, span)
}

/// The function name closest to `name` by edit distance (ignoring case), if close enough.
fn nearest_function(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    // The first of the closest, as min_by_key keeps.
    let mut best: Option<(usize, &'static str)> = None;
    for &(n, _) in FUNCTIONS {
        let d = edit_distance(&lower, n);
        if d <= 2.min(n.len() / 2).max(1) && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, n));
        }
    }
    best.map(|(_, n)| n)
}

/// Levenshtein distance over bytes, which are characters here: names are ASCII (the
/// lexer's rule), and so are the function names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut prev: Vec<usize> = Vec::with_capacity(b.len() + 1);
    for j in 0..=b.len() {
        prev.push(j);
    }
    for (i, &ca) in a.as_bytes().iter().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sexpr(src: &str) -> String {
        match parse(src) {
            Ok(p) => p.sexpr(),
            Err(e) => format!("error {}", e.located(src)),
        }
    }

    /// The kind of error `src` is refused with; a program that parses fails the test.
    fn kind(src: &str) -> ErrorKind {
        match parse(src) {
            Ok(p) => {
                let shown: String = src.chars().take(80).collect();
                let more = if shown.len() < src.len() { "..." } else { "" };
                panic!("{shown:?}{more} parsed as {:.200} but should be refused", p.sexpr())
            }
            Err(e) => e.kind,
        }
    }

    #[test]
    fn precedence() {
        assert_eq!(sexpr("a + b * c"), "(+ a (* b c))");
        assert_eq!(sexpr("a * b + c"), "(+ (* a b) c)");
        assert_eq!(sexpr("a - b - c"), "(- (- a b) c)");
        assert_eq!(sexpr("a / b / c"), "(/ (/ a b) c)");
        assert_eq!(sexpr("(a + b) * c"), "(* (+ a b) c)");
        assert_eq!(sexpr("-x^2"), "(- (^ x 2))");
        assert_eq!(sexpr("2^3^2"), "(^ 2 (^ 3 2))");
        assert_eq!(sexpr("2**3"), "(^ 2 3)");
        assert_eq!(sexpr("x^-1"), "(^ x -1)");
        assert_eq!(sexpr("-a * b"), "(* (- a) b)");
        assert_eq!(sexpr("--a"), "(- (- a))");
    }

    #[test]
    fn numbers() {
        assert_eq!(sexpr("3"), "3");
        assert_eq!(sexpr("x = -2.5"), "(= x -2.5)");
        assert_eq!(sexpr(".5"), "0.5");
        assert_eq!(sexpr("3."), "3");
        assert_eq!(sexpr("1e-3"), "0.001");
        assert_eq!(sexpr("2.5E2"), "250");
        assert_eq!(sexpr("-2^2"), "(- (^ 2 2))");
        assert_eq!(sexpr("-(2)"), "(- 2)");
        assert_eq!(sexpr("x = -0"), "(= x -0)");
    }

    #[test]
    fn implicit_multiplication() {
        assert_eq!(sexpr("2x"), "(* 2 x)");
        assert_eq!(sexpr("3(y - 1)"), "(* 3 (- y 1))");
        assert_eq!(sexpr("2x^2"), "(* 2 (^ x 2))");
        assert_eq!(sexpr("2exp(x)"), "(* 2 (exp x))");
        assert_eq!(sexpr("1 + 2x"), "(+ 1 (* 2 x))");
        assert_eq!(sexpr("2e"), "(* 2 e)");
        assert_eq!(kind("(2)x"), ErrorKind::UnexpectedToken);
        assert_eq!(kind("x y"), ErrorKind::UnexpectedToken);
    }

    #[test]
    fn statements_and_functions() {
        assert_eq!(sexpr("q = x + y; f = q * z"), "(= q (+ x y)); (= f (* q z))");
        assert_eq!(sexpr("q = x + y\n\n f = q * z\n"), "(= q (+ x y)); (= f (* q z))");
        assert_eq!(sexpr("# comment\nx = 1 # trailing\nx"), "(= x 1); x");
        assert_eq!(sexpr("max(z, w) + ln(x)"), "(+ (max z w) (log x))");
        assert_eq!(sexpr("1 / (1 + exp(-(w0*x0 + w2)))"), "(/ 1 (+ 1 (exp (- (+ (* w0 x0) w2)))))");
    }

    #[test]
    fn error_messages_have_positions() {
        assert_eq!(
            sexpr("x = (2 + 3"),
            "error 1:11: expected ')' to close the '(' at 1:5, found the end of the program"
        );
        assert_eq!(sexpr("sigmod(x)"), "error 1:1: unknown function 'sigmod'; did you mean sigmoid?");
        assert_eq!(
            sexpr("a = 1\nb = a +"),
            "error 2:7: expected a value after '+' at 2:7, found the end of the program"
        );
        assert_eq!(sexpr("max(x)"), "error 1:1: max takes two arguments, but got 1");
        assert_eq!(sexpr("x = 3 $ 4"), "error 1:7: unexpected character '$'");
    }

    #[test]
    fn one_test_per_error_kind() {
        assert_eq!(kind(""), ErrorKind::EmptyProgram);
        assert_eq!(kind(" ; \n # only a comment"), ErrorKind::EmptyProgram);
        assert_eq!(kind(&"x+".repeat(60_000)), ErrorKind::ProgramTooLong);
        assert_eq!(kind(&format!("{}x{}", "(".repeat(300), ")".repeat(300))), ErrorKind::TooDeep);
        assert_eq!(kind("x = 3 $ 4"), ErrorKind::UnexpectedChar);
        assert_eq!(kind("x = λ"), ErrorKind::UnexpectedChar);
        assert_eq!(kind("x = 1\u{7}"), ErrorKind::UnexpectedChar);
        assert_eq!(kind("x = 1e309"), ErrorKind::NumberOutOfRange);
        assert_eq!(kind("x = 2 +"), ErrorKind::MissingOperand);
        assert_eq!(kind("x = * 2"), ErrorKind::MissingOperand);
        assert_eq!(kind("x ="), ErrorKind::MissingOperand);
        assert_eq!(kind("x = (2 + 3"), ErrorKind::UnbalancedParen);
        assert_eq!(kind("x = 2 + 3)"), ErrorKind::UnbalancedParen);
        assert_eq!(kind("x = y z"), ErrorKind::UnexpectedToken);
        assert_eq!(kind("sigmod(x)"), ErrorKind::UnknownFunction { suggestion: Some("sigmoid") });
        assert_eq!(kind("foo(x)"), ErrorKind::UnknownFunction { suggestion: None });
        assert_eq!(kind("Exp(x)"), ErrorKind::UnknownFunction { suggestion: Some("exp") });
        assert_eq!(kind("max(x)"), ErrorKind::WrongArgCount);
        assert_eq!(kind("exp(x, y)"), ErrorKind::WrongArgCount);
        assert_eq!(kind("exp = 3"), ErrorKind::AssignToFunction);
        assert_eq!(kind("x + 1; y = 2"), ErrorKind::BareExpressionNotLast);
        assert_eq!(kind("2 = x"), ErrorKind::InvalidAssignTarget);
        assert_eq!(kind("exp + 1"), ErrorKind::FunctionAsValue);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(kind(&deep), ErrorKind::ProgramTooLong);
        let deep = format!("{}x{}", "(".repeat(40_000), ")".repeat(40_000));
        assert_eq!(kind(&deep), ErrorKind::TooDeep);
        assert_eq!(kind(&"-".repeat(50_000)), ErrorKind::TooDeep);
        assert_eq!(kind(&"2^".repeat(20_000)), ErrorKind::TooDeep);
        // A long flat chain is not nesting: it parses.
        let chain = format!("{}x", "x + ".repeat(20_000));
        assert!(parse(&chain).is_ok());
    }
}
