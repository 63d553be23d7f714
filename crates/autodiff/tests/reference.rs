//! Every value in `docs/reference-values.md`, reproduced through the program language.
//!
//! Tolerances: where the source prints rounded numbers (0.73, 0.393) the test compares with
//! half a unit of the last printed digit; where the value is exact in f64 arithmetic
//! (cs231n's -12, the apple totals) it compares to 1e-12 relative.

mod common;
use autodiff::{Op, Step};
use common::{close, grad, named, out, run};

#[test]
fn cs231n_f_equals_x_plus_y_times_z() {
    let g = run("q = x + y; f = q * z", &[("x", -2.0), ("y", 5.0), ("z", -4.0)]);
    assert_eq!(g.value(named(&g, "q")), 3.0);
    assert_eq!(out(&g), -12.0);
    assert_eq!(g.grad(named(&g, "q")), -4.0); // df/dq = z
    assert_eq!(grad(&g, "z"), 3.0); // df/dz = q
    assert_eq!(grad(&g, "x"), -4.0); // the add gate passes -4 to both
    assert_eq!(grad(&g, "y"), -4.0);
}

const NEURON_INPUTS: [(&str, f64); 5] = [("w0", 2.0), ("w1", -3.0), ("w2", -3.0), ("x0", -1.0), ("x1", -2.0)];

/// dot = w0 x0 + w1 x1 + w2 = 1, f = σ(1), local gradient (1 - f) f.
fn check_neuron(src: &str) {
    let g = run(src, &NEURON_INPUTS);
    let f = out(&g);
    close(f, 0.7311, 0.5e-4);
    close(f, 1.0 / (1.0 + (-1.0f64).exp()), 1e-15);
    let local = (1.0 - f) * f;
    close(local, 0.1966, 0.5e-4);
    // The notes' dx = [0.393, -0.590], dw = [-0.197, -0.393, 0.197], to the printed digit.
    close(grad(&g, "x0"), 0.393, 0.5e-3);
    close(grad(&g, "x1"), -0.590, 0.5e-3);
    close(grad(&g, "w0"), -0.197, 0.5e-3);
    close(grad(&g, "w1"), -0.393, 0.5e-3);
    close(grad(&g, "w2"), 0.197, 0.5e-3);
    // And exactly: d dot / d x_i = w_i, d dot / d w_i = x_i, d dot / d w2 = 1.
    close(grad(&g, "x0"), 2.0 * local, 1e-12);
    close(grad(&g, "x1"), -3.0 * local, 1e-12);
    close(grad(&g, "w0"), -local, 1e-12);
    close(grad(&g, "w1"), -2.0 * local, 1e-12);
    close(grad(&g, "w2"), local, 1e-12);
}

#[test]
fn sigmoid_neuron_as_expanded_gates() {
    let src = "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3\nf = 1/(1+exp(-(w0*x0+w1*x1+w2)))";
    check_neuron(src);
    // The gate sequence from output to input, as cs231n draws it.
    let g = run(src, &[]);
    let labels: Vec<String> = g
        .ids()
        .rev()
        .filter(|&id| !matches!(g.op(id), Op::Input | Op::Const))
        .map(|id| g.gate_label(id))
        .collect();
    assert_eq!(labels, ["1/x", "+1", "exp", "*-1", "+", "+", "*", "*"]);
}

#[test]
fn sigmoid_neuron_as_one_sigma_gate() {
    let src = "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3\nf = sigmoid(w0*x0 + w1*x1 + w2)";
    check_neuron(src);
    let mut g = run(src, &[]);
    // The σ gate's step carries the local gradient (1 - f) f = 0.1966.
    let steps = g.trace();
    assert_eq!(g.op(steps[0].gate), Op::Sigmoid);
    close(steps[0].local, 0.1966, 0.5e-4);
}

#[test]
fn max_gate_routes_mul_switches() {
    let g = run("f = 2(x*y + max(z, w))", &[("x", 3.0), ("y", -4.0), ("z", 2.0), ("w", -1.0)]);
    assert_eq!(out(&g), -20.0); // 2 (-12 + 2)
    assert_eq!(grad(&g, "x"), -8.0); // y times upstream 2
    assert_eq!(grad(&g, "y"), 6.0); // x times upstream 2
    assert_eq!(grad(&g, "z"), 2.0); // max routes to the larger input
    assert_eq!(grad(&g, "w"), 0.0);
}

#[test]
fn staged_computation_sums_three_contributions_into_x() {
    let src = "f = (x + sigmoid(y)) / (sigmoid(x) + (x + y)^2)";
    let (x, y) = (3.0, -4.0);
    let mut g = run(src, &[("x", x), ("y", y)]);
    let s = |a: f64| 1.0 / (1.0 + (-a).exp());
    close(out(&g), (x + s(y)) / (s(x) + (x + y) * (x + y)), 1e-14);

    let xid = common::input(&g, "x");
    let steps: Vec<Step> = g.trace().into_iter().filter(|s| s.input == xid).collect();
    assert_eq!(steps.len(), 3, "x is used in three places: {steps:?}");
    let total: f64 = steps.iter().map(|s| s.contribution).sum();
    close(total, g.grad(xid), 1e-14);
    // The running sum after the last contribution is the gradient.
    assert_eq!(steps[2].sum, g.grad(xid));
    close(steps[0].sum + steps[1].contribution, steps[1].sum, 1e-15);

    // Centred differences agree with the analytic gradient.
    let f = |x: f64, y: f64| (x + s(y)) / (s(x) + (x + y) * (x + y));
    let h = 1e-5;
    close(grad(&g, "x"), (f(x + h, y) - f(x - h, y)) / (2.0 * h), 1e-8);
    close(grad(&g, "y"), (f(x, y + h) - f(x, y - h)) / (2.0 * h), 1e-8);
}

#[test]
fn apple_shopping() {
    let g = run("apple = 100; count = 2; tax = 1.1; price = apple * count * tax", &[]);
    close(out(&g), 220.0, 1e-12);
    close(grad(&g, "apple"), 2.2, 1e-12);
    close(grad(&g, "count"), 110.0, 1e-12);
    close(grad(&g, "tax"), 200.0, 1e-12);
}

#[test]
fn apple_and_orange_shopping() {
    let src = "apple = 100; count = 2; orange = 150; ocount = 3; tax = 1.1
               total = (apple * count + orange * ocount) * tax";
    let g = run(src, &[]);
    close(out(&g), 715.0, 1e-12);
    close(grad(&g, "apple"), 2.2, 1e-12);
    close(grad(&g, "count"), 110.0, 1e-12);
    close(grad(&g, "orange"), 3.3, 1e-12);
    close(grad(&g, "ocount"), 165.0, 1e-12);
    close(grad(&g, "tax"), 650.0, 1e-12);
}

#[test]
fn micrograd_readme_example() {
    let src = "x = -4
        z = 2x + 2 + x
        q = relu(z) + z*x
        h = relu(z*z)
        y = h + q + q*x";
    let g = run(src, &[]);
    assert_eq!(out(&g), -20.0);
    assert_eq!(grad(&g, "x"), 46.0);
}

#[test]
fn micrograd_sanity_test() {
    let src = "a = -4; b = 2
        c = a + b
        d = a*b + b^3
        c = c + c + 1
        c = c + 1 + c + (-a)
        d = d + 2d + relu(b + a)
        d = d + 3d + relu(b - a)
        e = c - d
        f = e^2
        g = f / 2
        g = g + 10 / f";
    let g = run(src, &[]);
    // micrograd prints 4 decimals; PyTorch agrees to 1e-6.
    close(out(&g), 24.7041, 0.5e-4);
    close(grad(&g, "a"), 138.8338, 0.5e-4);
    close(grad(&g, "b"), 645.5773, 0.5e-4);
    // Reassigned names are versioned: the last g is g#2, and it is the output.
    assert_eq!(g.output(), Some(named(&g, "g#2")));
}
