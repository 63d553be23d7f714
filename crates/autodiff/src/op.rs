//! The operations of the graph, each defined once in the table of [`ops!`]: its names, the
//! gradient pattern it follows, its forward and local-gradient formulas, and the arithmetic
//! of its forward value and local gradients, side by side. The macro writes the exhaustive
//! matches (no `_ =>` arm, n-ary gates included), so a new op does not compile until all of
//! it exists.

use crate::formula::{self, Compare, Formula, Infix, Operands, Style};
use crate::math;
use lang::t;

/// The operand values a gate's rules read: a unary or binary gate's two (the second is
/// unused by unary gates), or an n-ary gate's list. The n-ary forward rules read their
/// operands through [`Args::fold`] and [`Args::fold_pairs`], which walk the list without
/// checking each position against its length. The trait stays dyn-compatible (feature
/// `small` calls the rules through `&dyn Args`); natively the closures are inlined.
pub trait Args {
    /// The value of operand `k`.
    fn at(&self, k: usize) -> f64;
    /// How many operands there are.
    fn count(&self) -> usize;
    /// `f(acc, value)` folded over every operand's value in order, from `init`.
    fn fold(&self, init: f64, f: &mut dyn FnMut(f64, f64) -> f64) -> f64;
    /// `f(acc, w, x)` folded from `init` over the operands after the first, two at a time:
    /// a neuron's (w_i, x_i). A last odd operand is left out.
    fn fold_pairs(&self, init: f64, f: &mut dyn FnMut(f64, f64, f64) -> f64) -> f64;
}

/// The operands of a unary or binary gate.
#[derive(Debug, Clone, Copy)]
pub struct Pair(pub f64, pub f64);

impl Args for Pair {
    #[inline(always)]
    fn at(&self, k: usize) -> f64 {
        if k == 0 {
            self.0
        } else {
            self.1
        }
    }

    #[inline(always)]
    fn count(&self) -> usize {
        2
    }

    #[inline(always)]
    fn fold(&self, init: f64, f: &mut dyn FnMut(f64, f64) -> f64) -> f64 {
        let acc = f(init, self.0);
        f(acc, self.1)
    }

    /// `init`: after the first operand there is only one.
    #[inline(always)]
    fn fold_pairs(&self, init: f64, _: &mut dyn FnMut(f64, f64, f64) -> f64) -> f64 {
        init
    }
}

/// How an op is rewritten into the seed deck's primitive gates (`Graph::expanded`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rewrite {
    /// Already primitive, or drawn as one gate.
    None,
    /// cs231n's chain `*-1`, `exp`, `+1`, `1/x`.
    Sigmoid,
    /// 2 σ(2a) - 1 in those gates.
    Tanh,
    /// ln(exp(a) + 1).
    Softplus,
    /// a + b * -1.
    Sub,
    /// a * (1/b).
    Div,
}

/// How a binary gate writes a folded constant operand into its label (`Graph::gate_label`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// Not binary, or nothing to fold.
    None,
    /// `+1`, and `-1` for a negative constant, on either side.
    Sum,
    /// `*-1`, on either side.
    Scale,
    /// `-1`, `/2`, `^2` after; `1-`, `2/`, `2^` before.
    Ordered,
    /// `max(0,·)`.
    Call,
}

/// What can make an op's value non-finite, for `Graph::non_finite_reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fails {
    /// A leaf: the value itself.
    Leaf,
    /// The log of a negative number or of 0.
    Log,
    /// The square root of a negative number.
    Sqrt,
    /// Division by a zero second operand.
    DivBy,
    /// 1/0.
    Recip,
    /// exp past about exp(709).
    Exp,
    /// A negative number to a fractional power, 0 to a negative one.
    Pow,
    /// Only by a result too large for f64.
    Overflow,
}

/// Everything about an op that is not arithmetic, in one row of the op table.
#[derive(Debug)]
struct Def {
    name: &'static str,
    symbol: &'static str,
    word: &'static str,
    layer: &'static str,
    python: &'static str,
    pattern: Pattern,
    rewrite: Rewrite,
    fold: Fold,
    fails: Fails,
    forward: &'static Formula,
    local: [&'static Formula; 2],
}

/// Defines the ops: each op's names, pattern, formulas, forward value and local gradients
/// are written once, side by side, and this macro writes the enum, the table of
/// [`Def`]s, the function names the parser accepts and the exhaustive matches of
/// [`Op::eval`] and [`Op::local`].
macro_rules! ops {
    ($(
        $(#[$doc:meta])*
        $op:ident {
            name: $name:literal,
            $(call: [$($call:literal),+],)?
            symbol: $symbol:literal,
            word: $word:expr,
            layer: $layer:literal,
            arity: $arity:ident,
            pattern: $pattern:ident,
            python: $python:literal,
            rewrite: $rewrite:ident,
            fold: $fold:ident,
            fails: $fails:ident,
            forward: $forward:expr,
            local: [$first:expr, $rest:expr $(,)?],
            eval: |$x:ident, $kept:ident| $eval:expr,
            grads: |$gx:ident, $out:ident, $emit:ident| $grads:expr,
        }
    )*) => {
        /// One kind of node on the tape.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Op {
            $($(#[$doc])* $op,)*
        }

        static DEFS: &[Def] = &[$(Def {
            name: $name,
            symbol: $symbol,
            word: $word,
            layer: $layer,
            python: $python,
            pattern: Pattern::$pattern,
            rewrite: Rewrite::$rewrite,
            fold: Fold::$fold,
            fails: Fails::$fails,
            forward: &$forward,
            local: [&$first, &$rest],
        },)*];

        /// Every reserved function name with its op; `ln` is another name for `log`.
        pub const FUNCTIONS: &[(&str, Op)] = &[$($($(($call, Op::$op),)+)?)*];

        impl Op {
            /// Every op, in the order of the enum.
            pub const ALL: &'static [Op] = &[$(Op::$op,)*];

            /// How many operands the op takes. A `match` rather than a column of the table:
            /// the hot loops branch on it, and a match lets the compiler fold it into their
            /// dispatch on the op instead of loading a table row first.
            #[inline(always)]
            pub const fn arity(self) -> Arity {
                match self {
                    $(Op::$op => Arity::$arity,)*
                }
            }

            /// The forward value from the operands `args`; `kept` is the node's current
            /// value, which a leaf keeps (its value is set, not computed).
            #[inline(always)]
            pub fn eval(self, args: &impl Args, kept: f64) -> f64 {
                #[cfg(not(feature = "small"))]
                return self.eval_in(args, kept);
                #[cfg(feature = "small")]
                return self.eval_shared(args, kept);
            }

            /// [`Op::eval`] compiled once for every caller (feature `small`, the page).
            #[cfg(feature = "small")]
            #[inline(never)]
            fn eval_shared(self, args: &dyn Args, kept: f64) -> f64 {
                self.eval_in(args, kept)
            }

            /// Each op's `eval` rule, for the operands as they come (a concrete type, inlined
            /// into the graph's loops, or `dyn Args` once for all of them).
            #[inline(always)]
            fn eval_in<A: Args + ?Sized>(self, args: &A, kept: f64) -> f64 {
                match self {
                    $(Op::$op => {
                        let ($x, $kept) = (args, kept);
                        $eval
                    })*
                }
            }

            /// The local gradient of each operand, d out / d operand `k`, handed to `emit(k,
            /// local)` in operand order, at the operands `args` and the gate's output `out`.
            /// A leaf has no operands and emits nothing.
            #[inline(always)]
            pub fn local(self, args: &impl Args, out: f64, mut emit: impl FnMut(usize, f64)) {
                #[cfg(not(feature = "small"))]
                self.local_in(args, out, &mut emit);
                #[cfg(feature = "small")]
                self.local_shared(args, out, &mut emit);
            }

            /// [`Op::local`] compiled once for every caller (feature `small`, the page).
            #[cfg(feature = "small")]
            #[inline(never)]
            fn local_shared(self, args: &dyn Args, out: f64, emit: &mut dyn FnMut(usize, f64)) {
                self.local_in(args, out, emit)
            }

            /// Each op's `grads` rule, as [`Op::eval_in`] is its `eval` rule.
            #[inline(always)]
            fn local_in<A: Args + ?Sized, E: FnMut(usize, f64) + ?Sized>(self, args: &A, out: f64, emit: &mut E) {
                match self {
                    $(Op::$op => {
                        let ($gx, $out, $emit) = (args, out, &mut *emit);
                        $grads
                    })*
                }
            }
        }
    };
}

use Formula::{Infix as In, A, B};
use Infix::{Add as Plus, Div as Over, Mul as Times, Pow as ToThe, Sub as Minus};

/// `1`, `2`, `-1`, `0` as formulas.
const ONE: Formula = Formula::Int(1);
const TWO: Formula = Formula::Int(2);
const ZERO: Formula = Formula::Int(0);
const MINUS_ONE: Formula = Formula::Int(-1);

ops! {
    /// A leaf the student edits.
    Input {
        name: "input", symbol: "", word: t!("~input"), layer: "",
        arity: Leaf, pattern: Local, python: "",
        rewrite: None, fold: None, fails: Leaf,
        forward: Formula::Out, local: [ZERO, ZERO],
        eval: |_x, kept| kept,
        grads: |_x, _out, _emit| (),
    }
    /// A literal number inside an expression, e.g. the `1` of `1 + e`.
    Const {
        name: "constant", symbol: "", word: t!("~constant"), layer: "",
        arity: Leaf, pattern: Local, python: "",
        rewrite: None, fold: None, fails: Leaf,
        forward: Formula::Out, local: [ZERO, ZERO],
        eval: |_x, kept| kept,
        grads: |_x, _out, _emit| (),
    }
    Add {
        name: "add", symbol: "+", word: t!("~add"), layer: "AddLayer",
        arity: Binary, pattern: Distributes, python: "",
        rewrite: None, fold: Sum, fails: Overflow,
        forward: In(Plus, &A, &B), local: [ONE, ONE],
        eval: |x, _kept| x.at(0) + x.at(1),
        grads: |_x, _out, emit| {
            emit(0, 1.0);
            emit(1, 1.0);
        },
    }
    Sub {
        name: "sub", symbol: "-", word: t!("~sub"), layer: "SubLayer",
        arity: Binary, pattern: Local, python: "",
        rewrite: Sub, fold: Ordered, fails: Overflow,
        forward: In(Minus, &A, &B), local: [ONE, MINUS_ONE],
        eval: |x, _kept| x.at(0) - x.at(1),
        grads: |_x, _out, emit| {
            emit(0, 1.0);
            emit(1, -1.0);
        },
    }
    Mul {
        name: "mul", symbol: "*", word: t!("~mul"), layer: "MulLayer",
        arity: Binary, pattern: Switches, python: "",
        rewrite: None, fold: Scale, fails: Overflow,
        forward: In(Times, &A, &B), local: [B, A],
        eval: |x, _kept| x.at(0) * x.at(1),
        grads: |x, _out, emit| {
            emit(0, x.at(1));
            emit(1, x.at(0));
        },
    }
    Div {
        name: "div", symbol: "/", word: t!("~div"), layer: "DivLayer",
        arity: Binary, pattern: Local, python: "",
        rewrite: Div, fold: Ordered, fails: DivBy,
        forward: In(Over, &A, &B),
        local: [In(Over, &ONE, &B), In(Over, &Formula::Neg(&A), &In(ToThe, &B, &TWO))],
        eval: |x, _kept| x.at(0) / x.at(1),
        grads: |x, _out, emit| {
            let (a, b) = (x.at(0), x.at(1));
            emit(0, 1.0 / b);
            emit(1, -a / (b * b));
        },
    }
    /// `-a`; cs231n draws it as the gate `*-1`.
    Neg {
        name: "negate", symbol: "*-1", word: t!("~negate"), layer: "NegateLayer",
        arity: Unary, pattern: Local, python: "",
        rewrite: None, fold: None, fails: Overflow,
        forward: Formula::Neg(&A), local: [MINUS_ONE, MINUS_ONE],
        eval: |x, _kept| -x.at(0),
        grads: |_x, _out, emit| emit(0, -1.0),
    }
    /// `1 / a`, cs231n's `1/x` gate.
    Recip {
        name: "reciprocal", symbol: "1/x", word: t!("~reciprocal"), layer: "ReciprocalLayer",
        arity: Unary, pattern: Local, python: "",
        rewrite: None, fold: None, fails: Recip,
        forward: In(Over, &ONE, &A), local: [In(Over, &MINUS_ONE, &In(ToThe, &A, &TWO)), ZERO],
        eval: |x, _kept| 1.0 / x.at(0),
        grads: |_x, out, emit| emit(0, -out * out),
    }
    /// `a ^ b`, the general power.
    Pow {
        name: "pow", symbol: "^", word: t!("~pow"), layer: "PowLayer",
        arity: Binary, pattern: Local, python: "",
        rewrite: None, fold: Ordered, fails: Pow,
        forward: In(ToThe, &A, &B),
        local: [
            In(Times, &B, &In(ToThe, &A, &In(Minus, &B, &ONE))),
            In(Times, &Formula::Out, &Formula::Call(Op::Log, &A, None)),
        ],
        eval: |x, _kept| math::pow(x.at(0), x.at(1)),
        // d/db = a^b ln a is only defined for a > 0; at a = 0 the term is taken as 0.
        grads: |x, out, emit| {
            let (a, b) = (x.at(0), x.at(1));
            emit(0, b * math::pow(a, b - 1.0));
            emit(1, if out == 0.0 { 0.0 } else { out * math::ln(a) });
        },
    }
    Exp {
        name: "exp", call: ["exp"], symbol: "exp", word: "exp", layer: "ExpLayer",
        arity: Unary, pattern: Local, python: "math.exp({0})",
        rewrite: None, fold: None, fails: Exp,
        forward: Formula::Call(Op::Exp, &A, None), local: [Formula::Out, ZERO],
        eval: |x, _kept| math::exp(x.at(0)),
        grads: |_x, out, emit| emit(0, out),
    }
    /// The natural logarithm.
    Log {
        name: "log", call: ["log", "ln"], symbol: "log", word: "log", layer: "LogLayer",
        arity: Unary, pattern: Local, python: "math.log({0})",
        rewrite: None, fold: None, fails: Log,
        forward: Formula::Call(Op::Log, &A, None), local: [In(Over, &ONE, &A), ZERO],
        eval: |x, _kept| math::ln(x.at(0)),
        grads: |x, _out, emit| emit(0, 1.0 / x.at(0)),
    }
    Sqrt {
        name: "sqrt", call: ["sqrt"], symbol: "sqrt", word: "sqrt", layer: "SqrtLayer",
        arity: Unary, pattern: Local, python: "math.sqrt({0})",
        rewrite: None, fold: None, fails: Sqrt,
        forward: Formula::Call(Op::Sqrt, &A, None),
        local: [In(Over, &ONE, &In(Times, &TWO, &Formula::Out)), ZERO],
        eval: |x, _kept| x.at(0).sqrt(),
        grads: |_x, out, emit| emit(0, 0.5 / out),
    }
    /// `|a|`; the derivative at the kink is 0: abs'(0) = 0.
    Abs {
        name: "abs", call: ["abs"], symbol: "abs", word: "abs", layer: "AbsLayer",
        arity: Unary, pattern: Local, python: "abs({0})",
        rewrite: None, fold: None, fails: Overflow,
        forward: Formula::Call(Op::Abs, &A, None), local: [Formula::Sign(&A), ZERO],
        eval: |x, _kept| x.at(0).abs(),
        grads: |x, _out, emit| emit(0, sign(x.at(0))),
    }
    Sin {
        name: "sin", call: ["sin"], symbol: "sin", word: "sin", layer: "SinLayer",
        arity: Unary, pattern: Local, python: "math.sin({0})",
        rewrite: None, fold: None, fails: Overflow,
        forward: Formula::Call(Op::Sin, &A, None), local: [Formula::Call(Op::Cos, &A, None), ZERO],
        eval: |x, _kept| math::sin(x.at(0)),
        grads: |x, _out, emit| emit(0, math::cos(x.at(0))),
    }
    Cos {
        name: "cos", call: ["cos"], symbol: "cos", word: "cos", layer: "CosLayer",
        arity: Unary, pattern: Local, python: "math.cos({0})",
        rewrite: None, fold: None, fails: Overflow,
        forward: Formula::Call(Op::Cos, &A, None),
        local: [Formula::Neg(&Formula::Call(Op::Sin, &A, None)), ZERO],
        eval: |x, _kept| math::cos(x.at(0)),
        grads: |x, _out, emit| emit(0, -math::sin(x.at(0))),
    }
    Tanh {
        name: "tanh", call: ["tanh"], symbol: "tanh", word: "tanh", layer: "TanhLayer",
        arity: Unary, pattern: Local, python: "math.tanh({0})",
        rewrite: Tanh, fold: None, fails: Overflow,
        forward: Formula::Call(Op::Tanh, &A, None),
        local: [In(Minus, &ONE, &In(ToThe, &Formula::Out, &TWO)), ZERO],
        eval: |x, _kept| math::tanh(x.at(0)),
        grads: |_x, out, emit| emit(0, 1.0 - out * out),
    }
    /// The logistic function σ(a) = 1 / (1 + e^-a).
    Sigmoid {
        name: "sigmoid", call: ["sigmoid"], symbol: "σ", word: t!("~sigmoid"), layer: "Sigmoid",
        arity: Unary, pattern: Local,
        // The notes' `sigy = 1.0 / (1 + math.exp(-y))`.
        python: "1 / (1 + math.exp(-{0}))",
        rewrite: Sigmoid, fold: None, fails: Overflow,
        forward: Formula::Call(Op::Sigmoid, &A, None),
        local: [In(Times, &In(Minus, &ONE, &Formula::Out), &Formula::Out), ZERO],
        eval: |x, _kept| sigmoid(x.at(0)),
        grads: |_x, out, emit| emit(0, (1.0 - out) * out),
    }
    /// `max(0, a)`; the derivative at the kink is 0: relu'(0) = 0.
    Relu {
        name: "relu", call: ["relu"], symbol: "relu", word: "relu", layer: "Relu",
        arity: Unary, pattern: Local, python: "max(0, {0})",
        rewrite: None, fold: None, fails: Overflow,
        forward: Formula::Call(Op::Relu, &A, None), local: [Formula::Test(Compare::Gt, &A, &ZERO), ZERO],
        eval: |x, _kept| {
            let a = x.at(0);
            if a > 0.0 {
                a
            } else {
                0.0
            }
        },
        grads: |x, _out, emit| emit(0, if x.at(0) > 0.0 { 1.0 } else { 0.0 }),
    }
    /// softplus(a) = ln(1 + e^a), a smooth relu; its derivative is the sigmoid σ(a).
    Softplus {
        name: "softplus", call: ["softplus"], symbol: "softplus", word: t!("~softplus"),
        layer: "Softplus", arity: Unary, pattern: Local, python: "math.log(1 + math.exp({0}))",
        rewrite: Softplus, fold: None, fails: Overflow,
        forward: Formula::Call(Op::Softplus, &A, None),
        local: [Formula::Call(Op::Sigmoid, &A, None), ZERO],
        eval: |x, _kept| softplus(x.at(0)),
        grads: |x, _out, emit| emit(0, sigmoid(x.at(0))),
    }
    /// Routes the whole gradient to exactly one input: the larger, and on a tie the first.
    Max {
        name: "max", call: ["max"], symbol: "max", word: "max", layer: "MaxLayer",
        arity: Binary, pattern: Routes, python: "max({0}, {1})",
        rewrite: None, fold: Call, fails: Overflow,
        forward: Formula::Call(Op::Max, &A, Some(&B)),
        local: [Formula::Test(Compare::Ge, &A, &B), Formula::Test(Compare::Gt, &B, &A)],
        eval: |x, _kept| {
            let (a, b) = (x.at(0), x.at(1));
            if a >= b {
                a
            } else {
                b
            }
        },
        grads: |x, _out, emit| {
            let first = x.at(0) >= x.at(1);
            emit(0, if first { 1.0 } else { 0.0 });
            emit(1, if first { 0.0 } else { 1.0 });
        },
    }
    /// Routes the whole gradient to exactly one input: the smaller, and on a tie the first.
    Min {
        name: "min", call: ["min"], symbol: "min", word: "min", layer: "MinLayer",
        arity: Binary, pattern: Routes, python: "min({0}, {1})",
        rewrite: None, fold: Call, fails: Overflow,
        forward: Formula::Call(Op::Min, &A, Some(&B)),
        local: [Formula::Test(Compare::Le, &A, &B), Formula::Test(Compare::Lt, &B, &A)],
        eval: |x, _kept| {
            let (a, b) = (x.at(0), x.at(1));
            if a <= b {
                a
            } else {
                b
            }
        },
        grads: |x, _out, emit| {
            let first = x.at(0) <= x.at(1);
            emit(0, if first { 1.0 } else { 0.0 });
            emit(1, if first { 0.0 } else { 1.0 });
        },
    }
    /// An n-ary sum, a single gate for `a0 + a1 + ... + an` (builder API only), folded from
    /// 0 like Python's `sum`.
    Sum {
        name: "sum", symbol: "+", word: t!("~sum"), layer: "SumLayer",
        arity: Many, pattern: Distributes, python: "",
        rewrite: None, fold: None, fails: Overflow,
        forward: Formula::Sum, local: [ONE, ONE],
        eval: |x, _kept| x.fold(0.0, &mut |acc, a| acc + a),
        grads: |x, _out, emit| {
            for k in 0..x.count() {
                emit(k, 1.0);
            }
        },
    }
    /// An n-ary neuron `b + w0 x0 + w1 x1 + ...`, summed left to right from `b`
    /// (builder API only). Operands are stored as `[b, w0, x0, w1, x1, ...]`.
    Affine {
        name: "neuron", symbol: "w·x+b", word: t!("~neuron"), layer: "NeuronLayer",
        arity: Many, pattern: Local, python: "",
        rewrite: None, fold: None, fails: Overflow,
        forward: Formula::Affine, local: [ONE, Formula::Partner],
        eval: |x, _kept| x.fold_pairs(x.at(0), &mut |acc, w, a| acc + w * a),
        grads: |x, _out, emit| {
            emit(0, 1.0);
            // `k < count - 1` rather than `k + 1 < count`: then the compiler knows that k
            // and k + 1 are both in the list and checks neither (W2's backward is mostly this).
            let mut k = 1;
            while k < x.count().saturating_sub(1) {
                emit(k, x.at(k + 1));
                emit(k + 1, x.at(k));
                k += 2;
            }
        },
    }
}

impl Op {
    #[inline(always)]
    fn def(self) -> &'static Def {
        &DEFS[self as usize]
    }

    /// The gate's label, as cs231n draws it.
    pub fn symbol(self) -> &'static str {
        self.def().symbol
    }

    /// The op's word in prose, in the build's language (`lang::t!`): "mul" in "mul gate:
    /// upstream ...", "곱셈" in Korean. In English, `word` is [`Op::name`].
    pub fn word(self) -> &'static str {
        self.def().word
    }

    /// The op's name, the same in every language (code, SVG, the command line): "mul".
    /// Prose uses [`Op::word`].
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The class Deep Learning from Scratch would give the gate: `AddLayer`, `Sigmoid`.
    pub fn layer(self) -> &'static str {
        self.def().layer
    }

    /// A function gate's forward expression in Python, over `{0}` (and `{1}`).
    pub fn python(self) -> &'static str {
        self.def().python
    }

    pub fn pattern(self) -> Pattern {
        self.def().pattern
    }

    pub fn rewrite(self) -> Rewrite {
        self.def().rewrite
    }

    pub fn fold(self) -> Fold {
        self.def().fold
    }

    pub fn fails(self) -> Fails {
        self.def().fails
    }

    /// The gate's output as a formula over its operands: `a + b`, `tanh(a)`.
    pub fn forward_formula(self) -> &'static Formula {
        self.def().forward
    }

    /// The local gradient d out / d operand as a formula over the operands `a`, `b` (and, for
    /// n-ary gates, `w_i`, `x_i`) and the output, e.g. mul: `b` for the first operand.
    pub fn local_formula(self, operand: usize) -> &'static Formula {
        self.def().local[usize::from(operand > 0)]
    }

    /// [`Op::local_formula`] as text: `1 - tanh(a)^2`.
    pub fn local_text(self, operand: usize) -> String {
        formula::render(self.local_formula(operand), Style::Text, &Operands::symbols(self, operand))
    }

    /// The op a function name of the language calls: `tanh`, `ln`.
    pub fn from_function(name: &str) -> Option<Op> {
        for &(n, op) in FUNCTIONS {
            if n == name {
                return Some(op);
            }
        }
        None
    }
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

/// softplus(a) = ln(1 + e^a), computed without overflow: a + ln(1 + e^-a) for a > 0.
#[inline]
pub fn softplus(a: f64) -> f64 {
    if a > 0.0 {
        a + math::ln(1.0 + math::exp(-a))
    } else {
        math::ln(1.0 + math::exp(a))
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
