//! Each op's formulas agree with its arithmetic: the forward formula and every local-gradient
//! formula, evaluated here at sample operands, give the engine's value and gradients. The
//! renderings read as the notes write them.

use autodiff::{compile, Arity, Compare, Formula, Infix, Op, Operands, Style};

/// Evaluates a formula at operands `args` with the gate's output `out`, for an operand at
/// `position`.
fn eval(f: &Formula, op: Op, args: &[f64], out: f64, position: usize) -> f64 {
    let e = |f: &Formula| eval(f, op, args, out, position);
    match f {
        Formula::A => args[0],
        Formula::B => args[1],
        Formula::Out => out,
        Formula::Partner => {
            let x = Operands { args: &[], out: None, op, position };
            args[x.partner()]
        }
        Formula::Int(n) => f64::from(*n),
        Formula::Neg(a) => -e(a),
        Formula::Infix(infix, a, b) => {
            let (a, b) = (e(a), e(b));
            match infix {
                Infix::Add => a + b,
                Infix::Sub => a - b,
                Infix::Mul => a * b,
                Infix::Div => a / b,
                Infix::Pow => a.powf(b),
            }
        }
        Formula::Call(f, a, b) => {
            let mut g =
                compile(if b.is_some() { "f = g(a, b)" } else { "f = g(a)" }.replace('g', f.name()).as_str())
                    .unwrap_or_else(|e| panic!("{}: {e:?}", f.name()));
            g.set_input("a", e(a)).expect("a");
            if let Some(b) = b {
                g.set_input("b", e(b)).expect("b");
            }
            g.forward();
            g.value(g.output().expect("output"))
        }
        Formula::Sign(a) => {
            let a = e(a);
            if a > 0.0 {
                1.0
            } else if a < 0.0 {
                -1.0
            } else {
                0.0
            }
        }
        Formula::Test(cmp, a, b) => {
            let (a, b) = (e(a), e(b));
            let holds = match cmp {
                Compare::Gt => a > b,
                Compare::Ge => a >= b,
                Compare::Lt => a < b,
                Compare::Le => a <= b,
            };
            f64::from(u8::from(holds))
        }
        Formula::Sum => args.iter().sum(),
        Formula::Affine => args[0] + args[1..].chunks_exact(2).map(|p| p[0] * p[1]).sum::<f64>(),
    }
}

/// A gate of `op` over fresh inputs with these values: (graph, gate).
fn gate(op: Op, values: &[f64]) -> (autodiff::Graph, autodiff::NodeId) {
    let mut g = autodiff::Graph::new();
    let ids: Vec<_> = values.iter().enumerate().map(|(k, &v)| g.input(&format!("v{k}"), v)).collect();
    let id = match op.arity() {
        Arity::Unary => g.unary(op, ids[0]),
        Arity::Binary => g.binary(op, ids[0], ids[1]),
        Arity::Many if op == Op::Affine => {
            let (ws, xs): (Vec<_>, Vec<_>) = ids[1..].chunks_exact(2).map(|p| (p[0], p[1])).unzip();
            g.affine(ids[0], &ws, &xs)
        }
        Arity::Many => g.sum(&ids),
        Arity::Leaf => unreachable!("leaves are not gates"),
    };
    g.backward_from(id);
    (g, id)
}

#[test]
fn every_formula_computes_what_the_engine_computes() {
    let samples: [&[f64]; 3] = [&[0.7, 1.3], &[1.9, 0.4], &[2.5, 3.0]];
    for &op in Op::ALL {
        if op.arity() == Arity::Leaf {
            continue;
        }
        for sample in samples {
            let values: Vec<f64> =
                if op.arity() == Arity::Many { vec![0.5, 1.5, -2.0, 0.25, 3.0] } else { sample.to_vec() };
            let (g, id) = gate(op, &values);
            let out = g.value(id);
            let forward = eval(op.forward_formula(), op, &values, f64::NAN, 0);
            assert!(
                (forward - out).abs() <= 1e-12 * out.abs().max(1.0),
                "{op:?} forward: {forward} vs {out}"
            );
            for (k, &input) in g.operands(id).iter().enumerate() {
                let local = eval(op.local_formula(k), op, &values, out, k);
                let engine = g.local_grad(id, k);
                assert!(
                    (local - engine).abs() <= 1e-12 * engine.abs().max(1.0),
                    "{op:?} d/d{k}: formula {local} vs engine {engine}"
                );
                // The gradient the backward pass left on the input is that local gradient.
                assert!((g.grad(input) - engine).abs() <= 1e-12 * engine.abs().max(1.0), "{op:?} grad {k}");
            }
        }
    }
}

#[test]
fn formulas_read_as_the_notes_write_them() {
    let text = |op: Op, k: usize| op.local_text(k);
    assert_eq!(text(Op::Mul, 0), "b");
    assert_eq!(text(Op::Div, 1), "-a / b^2");
    assert_eq!(text(Op::Pow, 0), "b * a^(b - 1)");
    assert_eq!(text(Op::Pow, 1), "a^b * log(a)");
    assert_eq!(text(Op::Tanh, 0), "1 - tanh(a)^2");
    assert_eq!(text(Op::Sigmoid, 0), "(1 - σ(a)) * σ(a)");
    assert_eq!(text(Op::Softplus, 0), "σ(a)");
    assert_eq!(text(Op::Sqrt, 0), "1 / (2 * sqrt(a))");
    assert_eq!(text(Op::Max, 1), "1 if b > a, else 0");
    assert_eq!(text(Op::Affine, 0), "1");
    assert_eq!(text(Op::Affine, 1), "x_i");
    assert_eq!(text(Op::Affine, 2), "w_i");
    // Python: the output by its name, as the staged code keeps it.
    let py = |op: Op, k: usize, args: &[&str]| {
        autodiff::formula::render(
            op.local_formula(k),
            Style::Python,
            &Operands { args, out: Some("t"), op, position: k },
        )
    };
    assert_eq!(py(Op::Tanh, 0, &["x"]), "1 - t**2");
    assert_eq!(py(Op::Sigmoid, 0, &["x"]), "(1 - t) * t");
    assert_eq!(py(Op::Softplus, 0, &["x"]), "1 / (1 + math.exp(-x))");
    assert_eq!(py(Op::Pow, 0, &["x", "y"]), "y * x**(y - 1)");
    assert_eq!(py(Op::Max, 0, &["x", "y"]), "(x >= y)");
    assert_eq!(py(Op::Affine, 3, &["b", "w0", "x0", "w1", "x1"]), "x1");
    assert_eq!(py(Op::Affine, 4, &["b", "w0", "x0", "w1", "x1"]), "w1");
    let forward = |op: Op, args: &[&str]| {
        autodiff::formula::render(
            op.forward_formula(),
            Style::Python,
            &Operands { args, out: None, op, position: 0 },
        )
    };
    assert_eq!(forward(Op::Softplus, &["x"]), "math.log(1 + math.exp(x))");
    assert_eq!(forward(Op::Affine, &["b", "w0", "x0"]), "b + w0 * x0");
    assert_eq!(forward(Op::Sub, &["x", "y"]), "x - y");
}
