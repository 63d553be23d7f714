//! The operations of the graph. Each op's forward value and its local gradients stand side
//! by side in exhaustive matches (no `_ =>` arm), so a new op does not compile until its
//! gradient exists.

use crate::math;
use lang::t;

/// One kind of node on the tape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Op {
    /// A leaf the student edits.
    Input,
    /// A literal number inside an expression, e.g. the `1` of `1 + e`.
    Const,
    Add,
    Sub,
    Mul,
    Div,
    /// `-a`; cs231n draws it as the gate `*-1`.
    Neg,
    /// `1 / a`, cs231n's `1/x` gate.
    Recip,
    /// `a ^ b`, the general power.
    Pow,
    Exp,
    Log,
    Sqrt,
    /// `|a|`; the derivative at the kink is 0: abs'(0) = 0.
    Abs,
    Sin,
    Cos,
    Tanh,
    Sigmoid,
    /// `max(0, a)`; the derivative at the kink is 0: relu'(0) = 0.
    Relu,
    /// Routes the whole gradient to exactly one input: the larger, and on a tie the first.
    Max,
    /// Routes the whole gradient to exactly one input: the smaller, and on a tie the first.
    Min,
    /// An n-ary sum, a single gate for `a0 + a1 + ... + an` (builder API only).
    Sum,
    /// An n-ary neuron `b + w0 x0 + w1 x1 + ...`, summed left to right from `b`
    /// (builder API only). Operands are stored as `[b, w0, x0, w1, x1, ...]`.
    Affine,
}

/// How many operands an op takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Leaf,
    Unary,
    Binary,
    Many,
}

/// The pattern a gate follows in the backward flow, as the seed deck names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// add: passes the upstream gradient unchanged to every input.
    Distributes,
    /// max/min: routes the whole upstream gradient to exactly one input.
    Routes,
    /// mul: each input's local gradient is the other input's value.
    Switches,
    /// Any other gate: multiply the upstream gradient by the local gradient.
    Local,
}

impl Pattern {
    /// One sentence for the side panel and the narration, in the build's language.
    pub fn describe(self) -> &'static str {
        match self {
            Pattern::Distributes => t!("add distributes: every input gets the upstream gradient unchanged"),
            Pattern::Routes => {
                t!("max routes: the whole gradient goes to the input that won, the other gets 0")
            }
            Pattern::Switches => t!("mul switches: each input's local gradient is the other input's value"),
            Pattern::Local => t!("chain rule: upstream gradient times this gate's local gradient"),
        }
    }
}

impl Op {
    pub fn arity(self) -> Arity {
        match self {
            Op::Input | Op::Const => Arity::Leaf,
            Op::Neg
            | Op::Recip
            | Op::Exp
            | Op::Log
            | Op::Sqrt
            | Op::Abs
            | Op::Sin
            | Op::Cos
            | Op::Tanh
            | Op::Sigmoid
            | Op::Relu => Arity::Unary,
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow | Op::Max | Op::Min => Arity::Binary,
            Op::Sum | Op::Affine => Arity::Many,
        }
    }

    /// The gate's label, as cs231n draws it.
    #[inline(never)]
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Input | Op::Const => "",
            Op::Add | Op::Sum => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
            Op::Neg => "*-1",
            Op::Recip => "1/x",
            Op::Pow => "^",
            Op::Exp => "exp",
            Op::Log => "log",
            Op::Sqrt => "sqrt",
            Op::Abs => "abs",
            Op::Sin => "sin",
            Op::Cos => "cos",
            Op::Tanh => "tanh",
            Op::Sigmoid => "σ",
            Op::Relu => "relu",
            Op::Max => "max",
            Op::Min => "min",
            Op::Affine => "w·x+b",
        }
    }

    /// The op's word in prose, in the build's language (`lang::t!`): "mul" in "mul gate:
    /// upstream ...", "곱셈" in Korean. Ops named after their function (exp, log, max, ...)
    /// keep that name, as [`Op::name`] writes it; in English, `word` is `name`.
    #[inline(never)]
    pub fn word(self) -> &'static str {
        match self {
            Op::Input => t!("~input"),
            Op::Const => t!("~constant"),
            Op::Add => t!("~add"),
            Op::Sub => t!("~sub"),
            Op::Mul => t!("~mul"),
            Op::Div => t!("~div"),
            Op::Neg => t!("~negate"),
            Op::Recip => t!("~reciprocal"),
            Op::Pow => t!("~pow"),
            Op::Sigmoid => t!("~sigmoid"),
            Op::Sum => t!("~sum"),
            Op::Affine => t!("~neuron"),
            Op::Exp
            | Op::Log
            | Op::Sqrt
            | Op::Abs
            | Op::Sin
            | Op::Cos
            | Op::Tanh
            | Op::Relu
            | Op::Max
            | Op::Min => self.name(),
        }
    }

    /// The op's name, the same in every language (code, SVG, the command line): "mul".
    /// Prose uses [`Op::word`].
    // Not inlined: each inlined copy carried its own copy of the names (about 100 bytes).
    #[inline(never)]
    pub fn name(self) -> &'static str {
        match self {
            Op::Input => "input",
            Op::Const => "constant",
            Op::Add => "add",
            Op::Sub => "sub",
            Op::Mul => "mul",
            Op::Div => "div",
            Op::Neg => "negate",
            Op::Recip => "reciprocal",
            Op::Pow => "pow",
            Op::Exp => "exp",
            Op::Log => "log",
            Op::Sqrt => "sqrt",
            Op::Abs => "abs",
            Op::Sin => "sin",
            Op::Cos => "cos",
            Op::Tanh => "tanh",
            Op::Sigmoid => "sigmoid",
            Op::Relu => "relu",
            Op::Max => "max",
            Op::Min => "min",
            Op::Sum => "sum",
            Op::Affine => "neuron",
        }
    }

    pub fn pattern(self) -> Pattern {
        match self {
            Op::Add | Op::Sum => Pattern::Distributes,
            Op::Max | Op::Min => Pattern::Routes,
            Op::Mul => Pattern::Switches,
            Op::Input
            | Op::Const
            | Op::Sub
            | Op::Div
            | Op::Neg
            | Op::Recip
            | Op::Pow
            | Op::Exp
            | Op::Log
            | Op::Sqrt
            | Op::Abs
            | Op::Sin
            | Op::Cos
            | Op::Tanh
            | Op::Sigmoid
            | Op::Relu
            | Op::Affine => Pattern::Local,
        }
    }

    /// The local gradient d out / d operand as a formula over the operands `a`, `b` (and, for
    /// n-ary gates, `w_i`, `x_i`), e.g. mul: `["b", "a"]`: "d/da = b".
    #[inline(never)]
    pub fn local_formula(self, operand: usize) -> &'static str {
        let second = operand > 0;
        match self {
            Op::Input | Op::Const => "",
            Op::Add | Op::Sum => "1",
            Op::Sub => pick(second, "1", "-1"),
            Op::Mul => pick(second, "b", "a"),
            Op::Div => pick(second, "1/b", "-a/b^2"),
            Op::Neg => "-1",
            Op::Recip => "-1/a^2",
            Op::Pow => pick(second, "b a^(b-1)", "a^b ln(a)"),
            Op::Exp => "exp(a)",
            Op::Log => "1/a",
            Op::Sqrt => "1/(2 sqrt(a))",
            Op::Abs => "sign(a), 0 at a = 0",
            Op::Sin => "cos(a)",
            Op::Cos => "-sin(a)",
            Op::Tanh => "1 - tanh(a)^2",
            Op::Sigmoid => "(1 - σ(a)) σ(a)",
            Op::Relu => "1 if a > 0, else 0",
            Op::Max => pick(second, "1 if a >= b, else 0", "1 if b > a, else 0"),
            Op::Min => pick(second, "1 if a <= b, else 0", "1 if b < a, else 0"),
            Op::Affine => {
                if operand == 0 {
                    "1"
                } else if operand % 2 == 1 {
                    "x_i"
                } else {
                    "w_i"
                }
            }
        }
    }

    /// The forward value of a unary or binary op (`b` is ignored by unary ops).
    /// Leaves and n-ary ops are evaluated by the graph.
    #[inline]
    pub fn eval(self, a: f64, b: f64) -> f64 {
        match self {
            Op::Input | Op::Const | Op::Sum | Op::Affine => f64::NAN,
            Op::Add => a + b,
            Op::Sub => a - b,
            Op::Mul => a * b,
            Op::Div => a / b,
            Op::Neg => -a,
            Op::Recip => 1.0 / a,
            Op::Pow => math::pow(a, b),
            Op::Exp => math::exp(a),
            Op::Log => math::ln(a),
            Op::Sqrt => a.sqrt(),
            Op::Abs => a.abs(),
            Op::Sin => math::sin(a),
            Op::Cos => math::cos(a),
            Op::Tanh => math::tanh(a),
            Op::Sigmoid => sigmoid(a),
            Op::Relu => {
                if a > 0.0 {
                    a
                } else {
                    0.0
                }
            }
            Op::Max => {
                if a >= b {
                    a
                } else {
                    b
                }
            }
            Op::Min => {
                if a <= b {
                    a
                } else {
                    b
                }
            }
        }
    }

    /// The local gradients (d out / d a, d out / d b) of a unary or binary op at operands
    /// `a`, `b` with output `out`. exp, tanh and sigmoid reuse their stored output.
    #[inline]
    pub fn local(self, a: f64, b: f64, out: f64) -> (f64, f64) {
        match self {
            Op::Input | Op::Const | Op::Sum | Op::Affine => (0.0, 0.0),
            Op::Add => (1.0, 1.0),
            Op::Sub => (1.0, -1.0),
            Op::Mul => (b, a),
            Op::Div => (1.0 / b, -a / (b * b)),
            Op::Neg => (-1.0, 0.0),
            Op::Recip => (-out * out, 0.0),
            // d/db = a^b ln a is only defined for a > 0; at a = 0 the term is taken as 0.
            Op::Pow => (b * math::pow(a, b - 1.0), if out == 0.0 { 0.0 } else { out * math::ln(a) }),
            Op::Exp => (out, 0.0),
            Op::Log => (1.0 / a, 0.0),
            Op::Sqrt => (0.5 / out, 0.0),
            Op::Abs => (sign(a), 0.0),
            Op::Sin => (math::cos(a), 0.0),
            Op::Cos => (-math::sin(a), 0.0),
            Op::Tanh => (1.0 - out * out, 0.0),
            Op::Sigmoid => ((1.0 - out) * out, 0.0),
            Op::Relu => (if a > 0.0 { 1.0 } else { 0.0 }, 0.0),
            Op::Max => {
                if a >= b {
                    (1.0, 0.0)
                } else {
                    (0.0, 1.0)
                }
            }
            Op::Min => {
                if a <= b {
                    (1.0, 0.0)
                } else {
                    (0.0, 1.0)
                }
            }
        }
    }
}

fn pick(second: bool, first: &'static str, other: &'static str) -> &'static str {
    if second {
        other
    } else {
        first
    }
}

/// sign with sign(0) = 0 (and sign(NaN) = NaN).
fn sign(a: f64) -> f64 {
    if a > 0.0 {
        1.0
    } else if a < 0.0 {
        -1.0
    } else if a == 0.0 {
        0.0
    } else {
        f64::NAN
    }
}

/// The logistic function, computed without overflow for large |a|.
#[inline]
pub fn sigmoid(a: f64) -> f64 {
    if a >= 0.0 {
        1.0 / (1.0 + math::exp(-a))
    } else {
        let e = math::exp(a);
        e / (1.0 + e)
    }
}
