//! Helpers shared by the integration tests: compile a program, set inputs, read results.
#![allow(dead_code)]

use autodiff::{Graph, NodeId};

/// Compiles `src`, overrides the given inputs, and runs forward and backward.
pub fn run(src: &str, inputs: &[(&str, f64)]) -> Graph {
    let mut g = match autodiff::compile(src) {
        Ok(g) => g,
        Err(e) => panic!("{src:?} does not compile: {}\n{}", e.located(src), e.caret(src)),
    };
    for &(name, value) in inputs {
        if let Err(e) = g.set_input(name, value) {
            panic!("{src:?}: {e}");
        }
    }
    g.recompute();
    g
}

pub fn input(g: &Graph, name: &str) -> NodeId {
    g.input_named(name).unwrap_or_else(|| panic!("no input named {name}"))
}

/// The gradient of the output with respect to the input `name`.
pub fn grad(g: &Graph, name: &str) -> f64 {
    g.grad(input(g, name))
}

/// The node carrying the (last) value named `name`.
pub fn named(g: &Graph, name: &str) -> NodeId {
    g.named().iter().rev().find(|(n, _)| n == name).map(|&(_, id)| id).unwrap_or_else(|| panic!("no {name}"))
}

pub fn out(g: &Graph) -> f64 {
    g.value(g.output().expect("the graph has an output"))
}

/// Asserts |actual - expected| <= tol * max(1, |expected|): relative for large numbers,
/// absolute near zero.
#[track_caller]
pub fn close(actual: f64, expected: f64, tol: f64) {
    let scale = expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tol * scale,
        "expected {expected}, got {actual} (tolerance {tol} x {scale})"
    );
}
