//! The model's tests: an updated model equals a fresh one, rows, summaries and the gate panel.

use super::*;
use crate::state::{known_example, EXAMPLES};

fn model(id: &str) -> Model {
    Model::new(&State::from_example(known_example(id))).unwrap_or_else(|msg| panic!("{id}: {msg}"))
}

fn grad(m: &Model, name: &str) -> f64 {
    m.graph.input_named(name).map_or(f64::NAN, |i| m.graph.grad(i))
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn every_example_compiles_to_a_finite_output() {
    for e in EXAMPLES {
        let m = model(e.id);
        assert!(m.output_value().is_finite(), "{}", e.id);
        assert!(m.non_finite_hint().is_none(), "{}", e.id);
    }
}

#[test]
fn a_name_for_an_input_is_not_a_second_field() {
    let state = State { program: "x = 1\nf = x".into(), ..State::from_example(&EXAMPLES[0]) };
    let m = Model::new(&state).unwrap_or_else(|msg| panic!("{msg}"));
    let rows: Vec<(String, bool)> = m.rows().into_iter().map(|r| (r.name, r.is_input)).collect();
    assert_eq!(rows, [("x".to_string(), true), ("f".to_string(), false)]);
}

#[test]
fn fxyz_matches_cs231n() {
    let m = model("fxyz");
    assert_eq!(m.output_value(), -12.0);
    assert_eq!((grad(&m, "x"), grad(&m, "y"), grad(&m, "z")), (-4.0, -4.0, 3.0));
    let names: Vec<String> = m.rows().into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["x", "y", "z", "q", "f"]);
    assert!(m.summary(true).starts_with("Circuit: f = -12, 2 gates"));
    assert!(m.summary(true).contains("df/dx = -4"));
    // The quiz's summary keeps the gradients for the student to find.
    assert_eq!(m.summary(false), "Circuit: f = -12, 2 gates, 3 inputs (+, *).");
}

#[test]
fn a_circuit_without_gates_lists_none() {
    let state = State { program: "f = 3".into(), ..State::default() };
    let m = Model::new(&state).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.summary(false), "Circuit: f = 3, 0 gates, 1 input.");
    assert_eq!(
        m.summary(true),
        "Circuit: f = 3, 0 gates, 1 input. Gradients: df/df = 1. The values table below lists every number."
    );
}

#[test]
fn neurons_match_cs231n() {
    for id in ["neuron-gates", "neuron-sigma"] {
        let m = model(id);
        assert!(close(m.output_value(), 0.7311, 1e-4), "{id}");
        let dw = [grad(&m, "w0"), grad(&m, "w1"), grad(&m, "w2")];
        let dx = [grad(&m, "x0"), grad(&m, "x1")];
        for (got, want) in dw.iter().zip([-0.197, -0.393, 0.197]) {
            assert!(close(*got, want, 1e-3), "{id}: dw {got} vs {want}");
        }
        for (got, want) in dx.iter().zip([0.393, -0.590]) {
            assert!(close(*got, want, 1e-3), "{id}: dx {got} vs {want}");
        }
    }
}

#[test]
fn expanding_sigma_keeps_input_gradients() {
    let mut state = State::from_example(known_example("neuron-sigma"));
    let collapsed = Model::new(&state).unwrap_or_else(|e| panic!("{e}"));
    state.expanded = true;
    let expanded = Model::new(&state).unwrap_or_else(|e| panic!("{e}"));
    assert!(expanded.gates().len() > collapsed.gates().len());
    for name in ["w0", "x0", "w1", "x1", "w2"] {
        assert!(close(grad(&collapsed, name), grad(&expanded, name), 1e-12));
    }
    assert!(collapsed.expansion_check().is_some_and(|s| s.ends_with("(identical either way)")));
}

#[test]
fn an_updated_model_equals_a_fresh_one_through_edits_and_expansion() {
    // update() reuses the drawn graph and the expanded twin: it must agree with
    // compiling anew at every step.
    let mut state = State::from_example(known_example("neuron-sigma"));
    let mut m = Model::new(&state).unwrap_or_else(|e| panic!("{e}"));
    for (k, expanded) in [false, true, true, false, true].into_iter().enumerate() {
        state.expanded = expanded;
        state.set_value("x0", -1.0 + k as f64 * 0.75);
        m.update(&state);
        let fresh = Model::new(&state).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.graph.len(), fresh.graph.len(), "step {k}");
        assert_eq!(m.graph.values(), fresh.graph.values(), "step {k}");
        assert_eq!(m.graph.grads(), fresh.graph.grads(), "step {k}");
        assert_eq!(m.steps, fresh.steps, "step {k}");
        assert_eq!(m.expansion_check(), fresh.expansion_check(), "step {k}");
    }
}

#[test]
fn a_big_circuit_lists_its_first_gates_only() {
    let mut program = String::from("x = 1\ny = 2\na0 = x * y\n");
    for i in 1..20 {
        program.push_str(&format!("a{i} = a{} + x\n", i - 1));
    }
    let state = State { program, ..State::from_example(&EXAMPLES[0]) };
    let m = Model::new(&state).unwrap_or_else(|e| panic!("{e}"));
    let s = m.summary(true);
    assert!(
        s.starts_with("Circuit: a19 = 21, 20 gates, 2 inputs (*, +, +, +, +, +, +, +, +, +, +, +, ...)."),
        "{s}"
    );
    assert!(model("fxyz").summary(true).contains("(+, *)"), "small circuits list their gates");
}

#[test]
fn max_gate_routes() {
    let m = model("max");
    assert_eq!(m.output_value(), -20.0);
    assert_eq!([grad(&m, "x"), grad(&m, "y"), grad(&m, "z"), grad(&m, "w")], [-8.0, 6.0, 2.0, 0.0]);
}

#[test]
fn apples_match_deep_learning_from_scratch() {
    let m = model("apple");
    assert!(close(m.output_value(), 220.0, 1e-9));
    assert!(close(grad(&m, "apple"), 2.2, 1e-9));
    assert!(close(grad(&m, "count"), 110.0, 1e-9));
    assert!(close(grad(&m, "tax"), 200.0, 1e-9));
    let m = model("apple-orange");
    assert!(close(m.output_value(), 715.0, 1e-9));
    for (name, want) in [("apple", 2.2), ("count", 110.0), ("orange", 3.3), ("ocount", 165.0), ("tax", 650.0)]
    {
        assert!(close(grad(&m, name), want, 1e-9), "{name}");
    }
}

#[test]
fn micrograd_sanity_check() {
    let m = model("micrograd");
    assert_eq!(m.output_value(), -20.0);
    assert_eq!(grad(&m, "x"), 46.0);
}

#[test]
fn staged_forks_sum_three_contributions_into_x() {
    let m = model("staged");
    let x = m.graph.input_named("x").unwrap_or_default();
    assert_eq!(m.graph.users(x).len(), 3);
    assert!(m.is_fork(x));
    let sum: f64 = m.steps.iter().filter(|s| s.input == x).map(|s| s.contribution).sum();
    assert!(close(sum, grad(&m, "x"), 1e-12));
}

#[test]
fn network_has_named_wires() {
    let m = model("net221");
    let names: Vec<String> = m.rows().into_iter().map(|r| r.name).collect();
    for n in ["h1", "h2", "out", "loss"] {
        assert!(names.iter().any(|x| x == n), "{n}");
    }
    assert!(m.output_value() > 0.0);
}

#[test]
fn edited_values_apply_without_reparse() {
    let mut state = State::default();
    let mut m = Model::new(&state).unwrap_or_else(|e| panic!("{e}"));
    state.set_value("z", 2.0);
    m.update(&state);
    assert_eq!(m.output_value(), 6.0);
    assert_eq!(grad(&m, "x"), 2.0);
}

#[test]
fn parse_errors_are_located() {
    let state = State { program: "x = 2 +".into(), ..State::default() };
    let err = Model::new(&state).err().unwrap_or_default();
    assert!(err.starts_with("1:"), "{err}");
}

#[test]
fn gate_panel_names_operands() {
    let m = model("fxyz");
    let f = m.output().unwrap_or_default();
    let panel = m.gate_panel(f).unwrap_or_else(|| panic!("no panel"));
    assert_eq!(panel.locals[0].formula(), "z");
    assert_eq!(panel.locals[1].formula(), "q");
    assert_eq!(panel.locals[0].contribution, -4.0);
    assert!(panel.pattern.starts_with("mul switches"));
}

#[test]
fn unnamed_gates_are_named_by_their_expression() {
    let m = model("max");
    let g = &m.graph;
    let names: Vec<String> = m.gates().iter().map(|&id| short_name(g, id)).collect();
    assert_eq!(names, ["(x*y)", "max(z,w)", "((x*y)+max(z,w))", "f"]);
    let sum = m.gates()[2];
    let panel = m.gate_panel(sum).unwrap_or_else(|| panic!("a panel"));
    assert_eq!(panel.locals[0].input, "(x*y)");
    assert_eq!(panel.locals[1].input, "max(z,w)");
}

#[test]
fn non_finite_gets_a_hint() {
    let state = State { program: "x = -1\nf = log(x)".into(), ..State::default() };
    let m = Model::new(&state).unwrap_or_else(|e| panic!("{e}"));
    assert!(m.non_finite_hint().is_some_and(|h| h.contains("log of a negative number")));
}
