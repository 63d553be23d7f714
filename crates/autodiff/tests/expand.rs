//! Expansion rewrites composite gates into the seed deck's primitive gates; the value and
//! every input's gradient must not change (to 1e-12 relative: the gates round differently).

mod common;
use autodiff::{expandable, Graph, Op};
use common::run;

fn gate_labels(g: &Graph) -> Vec<String> {
    g.ids().filter(|&id| !matches!(g.op(id), Op::Input | Op::Const)).map(|id| g.gate_label(id)).collect()
}

fn assert_same(a: f64, b: f64) {
    assert!(
        autodiff::relative_error(a, b) <= 1e-12,
        "{a} and {b} differ by {:e} relative",
        autodiff::relative_error(a, b)
    );
}

/// Compiles `src` at `inputs`, expands every expandable gate, and compares.
fn check(src: &str, inputs: &[(&str, f64)]) -> Graph {
    let mut g = run(src, &[]);
    for &(name, v) in inputs {
        // Not every program uses every name.
        let _ = g.set_input(name, v);
    }
    g.recompute();
    let mut e = g.expanded(|_| true).graph;
    e.recompute();
    assert!(e.ids().all(|id| !expandable(e.op(id))), "{src}: left unexpanded: {:?}", gate_labels(&e));
    assert_same(e.value(e.output().expect("output")), g.value(g.output().expect("output")));
    assert_eq!(e.inputs().len(), g.inputs().len());
    for &id in g.inputs() {
        let name = g.name(id).expect("inputs are named");
        let eid = e.input_named(name).expect("the input carries over");
        assert_same(e.grad(eid), g.grad(id));
    }
    e
}

#[test]
fn sigmoid_expands_to_the_cs231n_gates() {
    let e = check("f = sigmoid(x)", &[("x", 0.3)]);
    assert_eq!(gate_labels(&e), ["*-1", "exp", "+1", "1/x"]);
}

#[test]
fn softplus_expands_to_exp_plus_one_log() {
    let e = check("f = softplus(x)", &[("x", 0.5)]);
    assert_eq!(gate_labels(&e), ["exp", "+1", "log"]);
}

#[test]
fn expansions_keep_values_and_gradients() {
    let xs = [("x", 0.7), ("y", -1.3), ("z", 2.1)];
    for src in [
        "f = sigmoid(x * y + z)",
        "f = tanh(x) * y",
        "f = softplus(x * y) - softplus(-z)",
        "f = tanh(x * y - z)",
        "f = x - y",
        "f = x - 2",
        "f = x / y",
        "f = x / 4",
        "f = (x + sigmoid(y)) / (sigmoid(x) + (x + y)^2)",
        "q = x - y / z; f = sigmoid(q) - tanh(q / x)",
        "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3\nf = sigmoid(w0*x0 + w1*x1 + w2)",
    ] {
        check(src, &xs);
    }
}

#[test]
fn only_selected_gates_expand() {
    let g = run("f = sigmoid(x) + sigmoid(y)", &[]);
    let first = g.ids().find(|&id| g.op(id) == Op::Sigmoid).expect("a sigmoid");
    let e = g.expanded(|id| id == first);
    assert_eq!(e.graph.ids().filter(|&id| e.graph.op(id) == Op::Sigmoid).count(), 1);
    // The map sends the expanded sigmoid to its last gate, the 1/x.
    assert_eq!(e.graph.op(e.map[first.index()]), Op::Recip);
}
