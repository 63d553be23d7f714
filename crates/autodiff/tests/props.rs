//! Properties over random programs: gradients agree with finite differences, the parser
//! reads back what a printer wrote, and malformed text is always an error with a good span.

mod common;
use autodiff::{compile, line_col, parse, relative_error, Error, Graph, Op};
use proptest::prelude::*;

// ---- a random program as a tree, printed with the fewest parentheses -------------------

#[derive(Debug, Clone)]
enum Ast {
    Num(f64),
    Var(&'static str),
    Neg(Box<Ast>),
    Bin(char, Box<Ast>, Box<Ast>),
    Call(&'static str, Vec<Ast>),
}

const NAMES: [&str; 4] = ["x", "y", "w0", "z_1"];
const UNARY: [&str; 11] =
    ["exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "relu", "softplus", "ln"];

fn ast() -> impl Strategy<Value = Ast> {
    let leaf = prop_oneof![
        prop::sample::select(vec![0.5, 1.0, 2.0, 3.0, 1.5, 0.25]).prop_map(Ast::Num),
        prop::sample::select(NAMES.to_vec()).prop_map(Ast::Var),
        prop::sample::select(NAMES.to_vec()).prop_map(Ast::Var),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| Ast::Neg(Box::new(a))),
            (prop::sample::select(vec!['+', '-', '*', '/', '^']), inner.clone(), inner.clone())
                .prop_map(|(op, a, b)| Ast::Bin(op, Box::new(a), Box::new(b))),
            (prop::sample::select(UNARY.to_vec()), inner.clone()).prop_map(|(f, a)| Ast::Call(f, vec![a])),
            (prop::sample::select(vec!["max", "min"]), inner.clone(), inner)
                .prop_map(|(f, a, b)| Ast::Call(f, vec![a, b])),
        ]
    })
}

/// Binding strength of the printed form: sums 1, products 3, negation 5, powers 7, atoms 9.
fn level(a: &Ast) -> u8 {
    match a {
        Ast::Num(_) | Ast::Var(_) | Ast::Call(..) => 9,
        Ast::Neg(_) => 5,
        Ast::Bin('+' | '-', ..) => 1,
        Ast::Bin('*' | '/', ..) => 3,
        Ast::Bin(..) => 7,
    }
}

fn print(a: &Ast) -> String {
    let wrap = |child: &Ast, needs: bool| if needs { format!("({})", print(child)) } else { print(child) };
    match a {
        Ast::Num(n) => format!("{n}"),
        Ast::Var(v) => v.to_string(),
        // `-2` would be read as the literal -2, so a negated number keeps its parentheses.
        Ast::Neg(x) => format!("-{}", wrap(x, level(x) <= 5 || matches!(**x, Ast::Num(_)))),
        Ast::Bin('^', l, r) => format!("{}^{}", wrap(l, level(l) <= 7), wrap(r, level(r) < 5)),
        Ast::Bin(op, l, r) => {
            let lv = level(a);
            format!("{} {op} {}", wrap(l, level(l) < lv), wrap(r, level(r) <= lv))
        }
        Ast::Call(f, args) => format!("{f}({})", args.iter().map(print).collect::<Vec<_>>().join(", ")),
    }
}

/// The S-expression `Program::sexpr` should produce for the tree.
fn sexpr(a: &Ast) -> String {
    match a {
        Ast::Num(n) => format!("{n}"),
        Ast::Var(v) => v.to_string(),
        Ast::Neg(x) => format!("(- {})", sexpr(x)),
        Ast::Bin(op, l, r) => format!("({op} {} {})", sexpr(l), sexpr(r)),
        Ast::Call(f, args) => {
            let f = if *f == "ln" { "log" } else { f };
            format!("({f} {})", args.iter().map(sexpr).collect::<Vec<_>>().join(" "))
        }
    }
}

proptest! {
    // About one random program in five leaves the smooth region (see `smooth_here`).
    #![proptest_config(ProptestConfig { max_global_rejects: 1 << 20, ..ProptestConfig::default() })]

    #[test]
    fn parser_round_trip(trees in prop::collection::vec(ast(), 1..4)) {
        // t0 = ...; t1 = ...; the last statement bare.
        let n = trees.len();
        let text: Vec<String> = trees.iter().enumerate().map(|(i, t)| {
            if i + 1 < n { format!("t{i} = {}", print(t)) } else { print(t) }
        }).collect();
        let expected: Vec<String> = trees.iter().enumerate().map(|(i, t)| {
            if i + 1 < n { format!("(= t{i} {})", sexpr(t)) } else { sexpr(t) }
        }).collect();
        let src = text.join("\n");
        let program = parse(&src).map_err(|e| TestCaseError::fail(format!("{src}: {}", e.located(&src))))?;
        prop_assert_eq!(program.sexpr(), expected.join("; "));
    }

    #[test]
    fn gradients_match_centred_differences(
        tree in ast(),
        xs in prop::collection::vec(-2.0f64..2.0, NAMES.len()),
    ) {
        let src = format!("f = {}", print(&tree));
        let mut g = compile(&src).map_err(|e| TestCaseError::fail(e.located(&src)))?;
        for (name, &v) in NAMES.iter().zip(&xs) {
            let _ = g.set_input(name, v); // not every name is used
        }
        g.recompute();
        prop_assume!(smooth_here(&g));
        let h = 1e-6;
        for c in g.check_gradients(h) {
            let close = relative_error(c.analytic, c.centred) < 1e-4 || (c.analytic - c.centred).abs() < 1e-6;
            prop_assert!(close, "{src} at {xs:?}: {c:?}");
        }
    }
}

/// The skip rule: finite differences only measure the derivative where the function is
/// smooth over [x - h, x + h]. A case is kept when every value and gradient is finite and
/// below 1e3 in size (so rounding stays far below the tolerance), no kink is near (relu and
/// abs operands, max/min operand gaps, at least 1e-3 away), and no singularity is near
/// (log, sqrt, 1/x and division by operands under 0.1, powers of bases under 0.1, where
/// a^b ln a has no real value).
fn smooth_here(g: &Graph) -> bool {
    let big = |v: f64| !v.is_finite() || v.abs() > 1e3;
    if g.ids().any(|id| big(g.value(id)) || big(g.grad(id))) {
        return false;
    }
    g.ids().all(|id| {
        let args: Vec<f64> = g.operands(id).iter().map(|&a| g.value(a)).collect();
        match g.op(id) {
            Op::Relu | Op::Abs => args[0].abs() > 1e-3,
            Op::Max | Op::Min => (args[0] - args[1]).abs() > 1e-3,
            Op::Log | Op::Sqrt | Op::Pow => args[0] > 0.1,
            Op::Recip => args[0].abs() > 0.1,
            Op::Div => args[1].abs() > 0.1,
            Op::Input
            | Op::Const
            | Op::Add
            | Op::Sub
            | Op::Mul
            | Op::Neg
            | Op::Exp
            | Op::Sin
            | Op::Cos
            | Op::Tanh
            | Op::Sigmoid
            | Op::Softplus
            | Op::Sum
            | Op::Affine => true,
        }
    })
}

// ---- malformed programs -----------------------------------------------------------------

/// A tiny deterministic generator, so the malformed-program test needs no seed file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const VALID: [&str; 6] = [
    "q = x + y; f = q * z",
    "f = 1/(1+exp(-(w0*x0+w1*x1+w2)))",
    "f = 2(x*y + max(z, w))",
    "f = (x + sigmoid(y)) / (sigmoid(x) + (x + y)^2)",
    "a = -4; b = 2\nc = a + b # comment\nd = a*b + b^3\ng = c - d",
    "x = 1.5e-3\ny = 2x^2 - ln(x)",
];

/// Characters a mutation inserts: syntax, digits, letters, unicode, controls.
const NOISE: [char; 24] = [
    '(', ')', '+', '-', '*', '/', '^', '=', ',', ';', '\n', '.', 'e', '1', 'x', '#', 'σ', 'λ', '√', '\u{0}',
    '\u{7}', '\u{202e}', '😀', ' ',
];

fn mutate(rng: &mut Rng) -> String {
    let mut chars: Vec<char> = VALID[rng.below(VALID.len())].chars().collect();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 if at < chars.len() => chars[at] = NOISE[rng.below(NOISE.len())],
            _ => chars.insert(at, NOISE[rng.below(NOISE.len())]),
        }
    }
    chars.into_iter().collect()
}

fn soup(rng: &mut Rng) -> String {
    (0..rng.below(40))
        .map(|_| match rng.below(4) {
            0 => NOISE[rng.below(NOISE.len())],
            1 => char::from_u32(rng.below(0x80) as u32).unwrap_or('?'),
            2 => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
            _ => "xyz0123456789+-*/^()".chars().nth(rng.below(20)).unwrap_or('x'),
        })
        .collect()
}

/// The error's span lies inside the text, on character boundaries, and it can be shown.
fn check_span(src: &str, e: &Error) {
    let s = e.span;
    // Messages quote at most the start of a huge program.
    let head: String = src.chars().take(60).collect();
    assert!(s.start <= s.end && s.end <= src.len(), "{head:?}: span {s:?} outside {} bytes", src.len());
    assert!(
        src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
        "{head:?}: span {s:?} splits a char"
    );
    let (line, col) = line_col(src, s.start);
    assert!(line >= 1 && line <= src.split('\n').count() && col >= 1, "{head:?}: {line}:{col}");
    assert!(!e.message.is_empty());
    assert!(e.caret(src).contains('^'), "{head:?}: no caret");
}

/// Runs everything the page runs on a program, checking any error on the way.
fn exercise(src: &str) -> bool {
    match compile(src) {
        Err(e) => {
            check_span(src, &e);
            true
        }
        Ok(mut g) => {
            g.recompute();
            let _ = g.trace();
            let _ = g.expanded(|_| true);
            false
        }
    }
}

#[test]
fn a_thousand_malformed_programs_are_errors_with_spans() {
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let (mut errors, mut attempts) = (0, 0);
    while errors < 1000 {
        attempts += 1;
        assert!(attempts < 5000, "mutations keep producing valid programs");
        let src = if attempts % 2 == 0 { mutate(&mut rng) } else { soup(&mut rng) };
        if exercise(&src) {
            errors += 1;
        }
    }
}

proptest! {
    #[test]
    fn any_text_is_a_graph_or_an_error_with_a_span(src in "\\PC{0,60}|[\\x00-\\x7f]{0,60}") {
        exercise(&src);
    }
}

#[test]
fn deep_nesting_and_huge_programs_are_errors() {
    for src in [
        format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000)),
        format!("{}x", "-".repeat(100_000)),
        format!("{}x{}", "(".repeat(40_000), ")".repeat(40_000)),
        format!("{}x", "sin(".repeat(20_000)),
        format!("{}x", "2^".repeat(40_000)),
        "x + ".repeat(250_000) + "x", // 1 MB
        "√".repeat(400_000),          // 1.2 MB of 3-byte characters: the span must not split one
    ] {
        let e = compile(&src).map(|_| ()).expect_err("too deep or too long");
        check_span(&src, &e);
    }
    // A long flat chain under the size limit is no nesting: it builds and differentiates.
    let chain = format!("f = {}x", "x + ".repeat(20_000));
    let g = common::run(&chain, &[("x", 2.0)]);
    assert_eq!(common::grad(&g, "x"), 20_001.0);
}
