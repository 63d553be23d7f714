//! Formulas as small expression trees: each op's forward expression and its local gradients
//! ([`Op::forward_formula`], [`Op::local_formula`]) are written once as a [`Formula`], and
//! every place that shows one renders the tree: plain text (the engine, the CLI, the page's
//! narration), Python (`lessons`' code view and quiz hints) and MathML (the page's gate
//! panel walks the same tree). Nothing parses formula text back.

use crate::Op;

/// A formula over a gate's operands and its output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Formula {
    /// The gate's first operand, `a` (`b` for an n-ary gate's bias).
    A,
    /// The gate's second operand, `b`.
    B,
    /// The gate's output; shown as the forward formula, or by the output's name where the
    /// reader has it (the Python code keeps it in a variable).
    Out,
    /// The operand an n-ary neuron multiplies with this one: `x_i` for the weight `w_i`,
    /// `w_i` for `x_i`.
    Partner,
    /// A small whole number.
    Int(i8),
    Neg(&'static Formula),
    Infix(Infix, &'static Formula, &'static Formula),
    /// A function gate applied to operands: `exp(a)`, `max(a, b)`.
    Call(Op, &'static Formula, Option<&'static Formula>),
    /// sign(a), with sign(0) = 0.
    Sign(&'static Formula),
    /// 1 where the comparison holds, else 0.
    Test(Compare, &'static Formula, &'static Formula),
    /// Every operand added: `a0 + a1 + ...`.
    Sum,
    /// `b + w0 x0 + w1 x1 + ...` over the operands `[b, w0, x0, ...]`.
    Affine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Infix {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Gt,
    Ge,
    Lt,
    Le,
}

impl Infix {
    /// Binding power: a child with less is put in parentheses.
    pub fn power(self) -> u8 {
        match self {
            Infix::Add | Infix::Sub => 1,
            Infix::Mul | Infix::Div => 2,
            Infix::Pow => 4,
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Infix::Add => "+",
            Infix::Sub => "-",
            Infix::Mul => "*",
            Infix::Div => "/",
            Infix::Pow => "^",
        }
    }
}

impl Compare {
    pub fn text(self) -> &'static str {
        match self {
            Compare::Gt => ">",
            Compare::Ge => ">=",
            Compare::Lt => "<",
            Compare::Le => "<=",
        }
    }
}

impl Formula {
    /// Binding power of the formula's outermost operator (atoms bind tightest).
    pub fn power(&self) -> u8 {
        match self {
            Formula::Infix(op, ..) => op.power(),
            Formula::Neg(_) => 3,
            Formula::Int(n) if *n < 0 => 3,
            Formula::Sum | Formula::Affine => 1,
            Formula::A
            | Formula::B
            | Formula::Out
            | Formula::Partner
            | Formula::Int(_)
            | Formula::Call(..)
            | Formula::Sign(_)
            | Formula::Test(..) => 5,
        }
    }

    /// Binding power as written for the operands `x`: an output written by name is an atom;
    /// written as its gate's forward formula, it binds as that does.
    pub fn power_in(&self, x: &Operands<'_>) -> u8 {
        match self {
            Formula::Out if x.out.is_none() => x.op.forward_formula().power(),
            _ => self.power(),
        }
    }
}

/// How a formula is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `1 - tanh(a)^2`, `b + w*x`: the notation of the page and the command line.
    Text,
    /// The same without spaces around operators: `x+y`, for names built from expressions.
    Compact,
    /// `1 - t**2`, `math.exp(x)`: the code view's Python.
    Python,
}

/// What a formula's operand symbols stand for when it is written out.
#[derive(Debug, Clone, Copy)]
pub struct Operands<'a> {
    /// The operands' texts (names or values); `a`, `b` (`x_i`, `w_i`) where missing.
    pub args: &'a [&'a str],
    /// The output's text; without it, `Out` is written as the gate's forward formula.
    pub out: Option<&'a str>,
    /// The gate whose formula this is (for `Out` and the n-ary forms).
    pub op: Op,
    /// Which operand a local gradient is taken with respect to (for `Partner`).
    pub position: usize,
}

impl<'a> Operands<'a> {
    /// The bare symbols `a`, `b`: the formula as the notes write it.
    pub fn symbols(op: Op, position: usize) -> Operands<'static> {
        Operands { args: &[], out: None, op, position }
    }

    fn arg(&self, k: usize) -> Option<&'a str> {
        self.args.get(k).copied()
    }

    /// The position of the operand `Partner` stands for.
    pub fn partner(&self) -> usize {
        if self.position % 2 == 1 {
            self.position + 1
        } else {
            self.position.saturating_sub(1)
        }
    }
}

/// `f` written out in `style`.
pub fn render(f: &Formula, style: Style, x: &Operands<'_>) -> String {
    let mut s = String::new();
    write(&mut s, f, style, x);
    s
}

fn write(s: &mut String, f: &Formula, style: Style, x: &Operands<'_>) {
    let spaced = style != Style::Compact;
    match f {
        Formula::A => s.push_str(x.arg(0).unwrap_or(if x.op == Op::Affine { "b" } else { "a" })),
        Formula::B => s.push_str(x.arg(1).unwrap_or("b")),
        Formula::Out => match x.out {
            Some(out) => s.push_str(out),
            // A leaf's forward formula is its output: there is nothing else to write.
            None if *x.op.forward_formula() == Formula::Out => s.push('?'),
            None => write(s, x.op.forward_formula(), style, x),
        },
        Formula::Partner => {
            let k = x.partner();
            s.push_str(x.arg(k).unwrap_or(if k.is_multiple_of(2) { "x_i" } else { "w_i" }));
        }
        Formula::Int(n) => s.push_str(&lang::int(i64::from(*n))),
        Formula::Neg(a) => {
            s.push('-');
            child(s, a, 3, style, x);
        }
        Formula::Infix(op, a, b) => {
            let p = op.power();
            // `^` groups to the right, the others to the left.
            let (left, right) = if *op == Infix::Pow { (p + 1, p) } else { (p, p + 1) };
            child(s, a, left, style, x);
            let sym = match (op, style) {
                (Infix::Pow, Style::Python) => "**",
                _ => op.text(),
            };
            if spaced && *op != Infix::Pow {
                s.push(' ');
                s.push_str(sym);
                s.push(' ');
            } else {
                s.push_str(sym);
            }
            child(s, b, right, style, x);
        }
        Formula::Call(op, a, b) if style == Style::Python => {
            let (a, b) = (render(a, style, x), b.map(|b| render(b, style, x)));
            s.push_str(&lang::fill(op.python(), &[&a, b.as_deref().unwrap_or_default()]));
        }
        Formula::Call(op, a, b) => {
            s.push_str(op.symbol());
            s.push('(');
            write(s, a, style, x);
            if let Some(b) = b {
                s.push_str(if spaced { ", " } else { "," });
                write(s, b, style, x);
            }
            s.push(')');
        }
        Formula::Sign(a) => {
            s.push_str("sign(");
            write(s, a, style, x);
            s.push(')');
        }
        Formula::Test(cmp, a, b) => {
            s.push_str(if style == Style::Python { "(" } else { "1 if " });
            write(s, a, style, x);
            s.push(' ');
            s.push_str(cmp.text());
            s.push(' ');
            write(s, b, style, x);
            s.push_str(if style == Style::Python { ")" } else { ", else 0" });
        }
        Formula::Sum | Formula::Affine => {
            let plus = if spaced { " + " } else { "+" };
            let times = if style == Style::Text {
                "*"
            } else if spaced {
                " * "
            } else {
                "*"
            };
            let n = x.args.len();
            if n == 0 {
                s.push_str(if *f == Formula::Sum { "a_0 + a_1 + ..." } else { "b + w_0*x_0 + ..." });
                return;
            }
            s.push_str(x.args[0]);
            let mut k = 1;
            while k < n {
                s.push_str(plus);
                s.push_str(x.args[k]);
                if *f == Formula::Affine {
                    s.push_str(times);
                    s.push_str(x.arg(k + 1).unwrap_or("?"));
                    k += 1;
                }
                k += 1;
            }
        }
    }
}

fn child(s: &mut String, f: &Formula, min: u8, style: Style, x: &Operands<'_>) {
    if f.power_in(x) < min {
        s.push('(');
        write(s, f, style, x);
        s.push(')');
    } else {
        write(s, f, style, x);
    }
}
