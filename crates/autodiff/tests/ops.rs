//! One hand-derived case per op, the derivative written next to the expected number, plus
//! the rules at kinks and ties, non-finite values, repeated backward passes and forks.

mod common;
use autodiff::{Graph, Op};
use common::{close, grad, out, run};

/// Runs a one-gate program over `a` (and `b`) and returns (value, d/da, d/db).
fn gate(src: &str, a: f64, b: f64) -> (f64, f64, f64) {
    let g = run(src, &[("a", a), ("b", b)]);
    let db = g.input_named("b").map_or(0.0, |id| g.grad(id));
    (out(&g), grad(&g, "a"), db)
}

fn gate1(src: &str, a: f64) -> (f64, f64) {
    let g = run(src, &[("a", a)]);
    (out(&g), grad(&g, "a"))
}

#[test]
fn add_sub_mul_div() {
    // a + b at (3, 4): d/da = 1, d/db = 1.
    assert_eq!(gate("a + b", 3.0, 4.0), (7.0, 1.0, 1.0));
    // a - b: d/da = 1, d/db = -1.
    assert_eq!(gate("a - b", 3.0, 4.0), (-1.0, 1.0, -1.0));
    // a b: d/da = b = 4, d/db = a = 3.
    assert_eq!(gate("a * b", 3.0, 4.0), (12.0, 4.0, 3.0));
    // a / b at (3, 4): d/da = 1/b = 0.25, d/db = -a/b^2 = -3/16 = -0.1875.
    assert_eq!(gate("a / b", 3.0, 4.0), (0.75, 0.25, -0.1875));
}

#[test]
fn neg_and_recip() {
    let g = run("f = -a", &[("a", 3.0)]);
    assert_eq!(g.op(g.output().expect("output")), Op::Neg);
    // -a: d/da = -1.
    assert_eq!(gate1("-a", 3.0), (-3.0, -1.0));
    // 1/a at 4: d/da = -1/a^2 = -1/16.
    let g = run("f = 1/a", &[("a", 4.0)]);
    assert_eq!(g.op(g.output().expect("output")), Op::Recip);
    assert_eq!((out(&g), grad(&g, "a")), (0.25, -0.0625));
}

#[test]
fn pow_both_operands() {
    // a^b at (2, 3): 8; d/da = b a^(b-1) = 3 * 4 = 12; d/db = a^b ln a = 8 ln 2 = 5.545177444479562.
    let (v, da, db) = gate("a ^ b", 2.0, 3.0);
    assert_eq!((v, da), (8.0, 12.0));
    close(db, 8.0 * 2f64.ln(), 1e-15);
    close(db, 5.545177444479562, 1e-15);
    // a^2 at -3: 9; d/da = 2a = -6 (a negative base with a constant exponent is fine).
    assert_eq!(gate1("a^2", -3.0), (9.0, -6.0));
}

#[test]
fn exp_log_sqrt() {
    // exp(a) at 1: e; d/da = exp(a) = e. Within an ulp: with portable-math (the CLI and the
    // JS API) exp is the libm crate's, whose exp(1) is one ulp above the nearest f64 to e.
    let (v, d) = gate1("exp(a)", 1.0);
    close(v, std::f64::consts::E, 1e-15);
    assert_eq!(v, d);
    // log(a) at 4: ln 4; d/da = 1/a = 0.25. ln is the same function.
    assert_eq!(gate1("log(a)", 4.0), (4f64.ln(), 0.25));
    assert_eq!(gate1("ln(a)", 4.0), (4f64.ln(), 0.25));
    // sqrt(a) at 4: 2; d/da = 1/(2 sqrt a) = 0.25.
    assert_eq!(gate1("sqrt(a)", 4.0), (2.0, 0.25));
}

#[test]
fn abs_sin_cos() {
    // |a| at -3: 3; d/da = sign(a) = -1; at 2: +1.
    assert_eq!(gate1("abs(a)", -3.0), (3.0, -1.0));
    assert_eq!(gate1("abs(a)", 2.0), (2.0, 1.0));
    // sin(a) at 0.5: d/da = cos(0.5) = 0.8775825618903728.
    assert_eq!(gate1("sin(a)", 0.5), (0.5f64.sin(), 0.8775825618903728));
    // cos(a) at 0.5: d/da = -sin(0.5) = -0.479425538604203.
    assert_eq!(gate1("cos(a)", 0.5), (0.5f64.cos(), -0.479425538604203));
}

#[test]
fn tanh_sigmoid_relu() {
    // tanh(a) at 0.5: t = 0.46211715726000974; d/da = 1 - t^2 = 0.7864477329659274.
    let (v, d) = gate1("tanh(a)", 0.5);
    close(v, 0.46211715726000974, 1e-15);
    close(d, 0.7864477329659274, 1e-15);
    // sigmoid(a) at 0: 0.5; d/da = (1 - s) s = 0.25.
    assert_eq!(gate1("sigmoid(a)", 0.0), (0.5, 0.25));
    // relu(a) at 2: 2, d/da = 1; at -2: 0, d/da = 0.
    assert_eq!(gate1("relu(a)", 2.0), (2.0, 1.0));
    assert_eq!(gate1("relu(a)", -2.0), (0.0, 0.0));
}

#[test]
fn softplus_is_smooth_relu_with_the_sigmoid_as_its_derivative() {
    // softplus(a) at 0.5: ln(1 + e^0.5) = 0.9740769841801067; d/da = σ(0.5) = 0.6224593312018546.
    let (v, d) = gate1("softplus(a)", 0.5);
    close(v, 0.9740769841801067, 1e-15);
    assert_eq!(d, 0.6224593312018546);
    assert_eq!(d, autodiff::sigmoid(0.5));
    // At 0: ln 2, d/da = 1/2.
    assert_eq!(gate1("softplus(a)", 0.0), (std::f64::consts::LN_2, 0.5));
    // Far out it is relu without its kink, and never overflows: softplus(1000) = 1000,
    // softplus(-1000) = e^-1000 = 0 (in f64), with gradients 1 and 0.
    assert_eq!(gate1("softplus(a)", 1000.0), (1000.0, 1.0));
    assert_eq!(gate1("softplus(a)", -1000.0), (0.0, 0.0));
}

#[test]
fn max_min_route_to_one_input() {
    // max(a, b) at (3, 4): 4, the gradient goes to b only.
    assert_eq!(gate("max(a, b)", 3.0, 4.0), (4.0, 0.0, 1.0));
    assert_eq!(gate("max(a, b)", 5.0, 4.0), (5.0, 1.0, 0.0));
    // min(a, b) at (3, 4): 3, the gradient goes to a only.
    assert_eq!(gate("min(a, b)", 3.0, 4.0), (3.0, 1.0, 0.0));
    assert_eq!(gate("min(a, b)", 5.0, 4.0), (4.0, 0.0, 1.0));
}

#[test]
fn kinks_and_ties_are_pinned() {
    // On a tie max and min route the whole gradient to the first operand.
    assert_eq!(gate("max(a, b)", 2.0, 2.0), (2.0, 1.0, 0.0));
    assert_eq!(gate("min(a, b)", 2.0, 2.0), (2.0, 1.0, 0.0));
    // relu'(0) = 0 and abs'(0) = 0.
    assert_eq!(gate1("relu(a)", 0.0), (0.0, 0.0));
    assert_eq!(gate1("abs(a)", 0.0), (0.0, 0.0));
}

#[test]
fn sum_and_affine_through_the_builder() {
    let mut g = Graph::new();
    let (a, b, c) = (g.input("a", 1.5), g.input("b", -2.0), g.input("c", 4.0));
    // a + b + c + a as one gate: d/da = 2 (a appears twice), d/db = d/dc = 1.
    let s = g.sum(&[a, b, c, a]);
    assert_eq!(g.value(s), 5.0);
    g.backward_from(s);
    assert_eq!((g.grad(a), g.grad(b), g.grad(c)), (2.0, 1.0, 1.0));

    // bias + w0 x0 + w1 x1 = 0.5 + 2 * 3 + (-1) * 4 = 2.5;
    // d/dbias = 1, d/dw_i = x_i, d/dx_i = w_i.
    let mut g = Graph::new();
    let bias = g.input("bias", 0.5);
    let w = [g.input("w0", 2.0), g.input("w1", -1.0)];
    let x = [g.input("x0", 3.0), g.input("x1", 4.0)];
    let n = g.affine(bias, &w, &x);
    assert_eq!(g.value(n), 2.5);
    g.backward();
    assert_eq!(g.output(), Some(n));
    assert_eq!(g.grad(bias), 1.0);
    assert_eq!((g.grad(w[0]), g.grad(w[1])), (3.0, 4.0));
    assert_eq!((g.grad(x[0]), g.grad(x[1])), (2.0, -1.0));
    // The gate's local gradients, as the side panel reads them.
    assert_eq!((g.local_grad(n, 0), g.local_grad(n, 1), g.local_grad(n, 2)), (1.0, 3.0, 2.0));
}

#[test]
fn non_finite_values_flow_and_are_explained() {
    // The literal 1/0 = inf: no panic, and the origin is the 1/x gate.
    let g = run("f = 1/0", &[]);
    assert_eq!(out(&g), f64::INFINITY);
    let origin = g.first_non_finite().expect("a non-finite node");
    assert_eq!(g.op(origin), Op::Recip);
    // The same through an input, with the explanation.
    let g = run("x = 0; f = 1/x + 2", &[]);
    assert_eq!(out(&g), f64::INFINITY);
    let origin = g.first_non_finite().expect("a non-finite node");
    assert_eq!(g.op(origin), Op::Recip);
    assert_eq!(g.explain_non_finite(origin), "division by zero: 1/x(0) = inf");

    // log(-1) = NaN.
    let g = run("x = -1; f = 3 * log(x)", &[]);
    assert!(out(&g).is_nan());
    assert!(grad(&g, "x").is_finite()); // d log = 1/x = -1, times 3
    let origin = g.first_non_finite().expect("a non-finite node");
    assert_eq!(g.op(origin), Op::Log);
    assert!(
        g.explain_non_finite(origin).starts_with("log of a negative number"),
        "{}",
        g.explain_non_finite(origin)
    );

    // exp(1000) = inf, and its gradient inf too.
    let g = run("x = 1000; f = exp(x) - 1", &[]);
    assert_eq!(out(&g), f64::INFINITY);
    assert_eq!(grad(&g, "x"), f64::INFINITY);
    let origin = g.first_non_finite().expect("a non-finite node");
    assert_eq!(g.op(origin), Op::Exp);
    assert!(g.explain_non_finite(origin).starts_with("exp overflows"), "{}", g.explain_non_finite(origin));

    // A finite graph has no origin.
    assert_eq!(run("f = x * 2", &[]).first_non_finite(), None);
}

#[test]
fn a_second_backward_gives_fresh_gradients() {
    let mut g = run("f = x * y", &[("x", 2.0), ("y", 3.0)]);
    assert_eq!(grad(&g, "x"), 3.0);
    g.backward();
    assert_eq!(grad(&g, "x"), 3.0, "backward twice must not accumulate");
    g.set_input("y", 10.0).expect("y is an input");
    g.recompute();
    assert_eq!((out(&g), grad(&g, "x"), grad(&g, "y")), (20.0, 10.0, 2.0));
    assert!(g.set_input("nope", 1.0).is_err());
}

#[test]
fn forks_accumulate() {
    // x * x at 3: d/dx = x + x = 6 (two edges into x).
    assert_eq!(gate1("a * a", 3.0), (9.0, 6.0));
    // x used three times: f = x y + x + sin(x); d/dx = y + 1 + cos(x).
    let (x, y) = (0.7, -2.0);
    let g = run("f = x*y + x + sin(x)", &[("x", x), ("y", y)]);
    close(grad(&g, "x"), y + 1.0 + x.cos(), 1e-15);
    assert_eq!(grad(&g, "y"), x);
}
