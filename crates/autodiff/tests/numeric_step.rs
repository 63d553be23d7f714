//! Numerical gradient checks and the gradient step.

mod common;
use autodiff::Direction;
use common::{input, out, run};

#[test]
fn analytic_matches_finite_differences() {
    let mut g =
        run("f = (x + sigmoid(y)) / (sigmoid(x) + (x + y)^2) + tanh(x * y)", &[("x", 3.0), ("y", -4.0)]);
    let before: Vec<f64> = g.values().to_vec();
    let checks = g.check_gradients(1e-5);
    assert_eq!(checks.len(), 2);
    for c in &checks {
        // One-sided differences are first-order (error ~ h f''), centred ones second-order.
        assert!(c.forward_error < 1e-4, "{c:?}");
        assert!(c.centred_error < 1e-8, "{c:?}");
        assert!(c.centred_error <= c.forward_error, "{c:?}");
    }
    assert_eq!(checks[0].input, input(&g, "x"));
    assert_eq!(g.values(), &before[..], "the check leaves the values as they were");
}

#[test]
fn descending_lowers_the_output_as_predicted() {
    let mut g = run("f = (x - 1)^2 + 3 * sin(y) + x * y", &[("x", 0.5), ("y", 0.2)]);
    let report = g.gradient_step(1e-3, Direction::Descend);
    assert!(report.new_output < report.old_output, "{report:?}");
    assert!(report.predicted_change < 0.0);
    // First order: the actual change matches the prediction up to O(eta^2) terms.
    let err = (report.actual_change() - report.predicted_change).abs();
    assert!(err < 0.01 * report.predicted_change.abs(), "{report:?}");
    assert_eq!(out(&g), report.new_output);

    let up = g.gradient_step(1e-3, Direction::Ascend);
    assert!(up.new_output > up.old_output, "{up:?}");
}

/// Checks `g`'s gradient check against whole forward passes of copies, to the bit, and
/// that it leaves every value as it was; returns how many inputs it checked.
fn matches_whole_forward_passes(g: &mut autodiff::Graph) -> usize {
    let h = 1e-5;
    let before = g.values().to_vec();
    let checks = g.check_gradients(h);
    assert_eq!(g.values(), &before[..], "the check leaves the values as they were");
    let f0 = out(g);
    for c in &checks {
        let name = g.display_name(c.input);
        let x = g.value(c.input);
        let at = |v: f64| {
            let mut copy = g.clone();
            copy.set_input(&name, v).expect("an input");
            copy.recompute();
            out(&copy)
        };
        let (plus, minus) = (at(x + h), at(x - h));
        assert_eq!(c.forward.to_bits(), ((plus - f0) / h).to_bits(), "{name}");
        assert_eq!(c.centred.to_bits(), ((plus - minus) / (2.0 * h)).to_bits(), "{name}");
    }
    checks.len()
}

#[test]
fn the_check_matches_whole_forward_passes_to_the_bit() {
    // The check re-evaluates only what each input reaches; inputs share gates here, so a
    // stale value left by one input's check would show in the next one's numbers.
    let src = "a = x * y; b = sigmoid(a) + tanh(x); c = max(b, z * y); f = c * a + exp(z) / (1 + x^2)";
    let mut g = run(src, &[("x", 0.7), ("y", -1.3), ("z", 0.4)]);
    assert_eq!(matches_whole_forward_passes(&mut g), 3);
}

#[test]
fn the_check_follows_each_of_many_inputs() {
    // Over 64 inputs (what the check tracks per word of a node's reach), each reaching a
    // different part of a chain that mixes them, and an input that is the output itself.
    let mut src = String::new();
    for i in 0..70 {
        src.push_str(&format!("x{i} = {}\n", (i as f64 - 35.0) / 40.0));
    }
    src.push_str("s0 = x0 * x1\n");
    for i in 1..69 {
        src.push_str(&format!("s{i} = tanh(s{} + x{}) * x{}\n", i - 1, i + 1, (i * 7) % 70));
    }
    src.push_str("f = s68 + sigmoid(x69)\n");
    let mut g = run(&src, &[]);
    assert_eq!(matches_whole_forward_passes(&mut g), 70);
    let mut alone = run("x = 2\nf = x", &[]);
    assert_eq!(matches_whole_forward_passes(&mut alone), 1);
}

#[test]
fn a_step_size_is_finite_and_not_negative() {
    // The page's η field and the API's step(eta) take what this takes: the sign is the
    // direction's, and 0 (a step that changes nothing) is allowed.
    for ok in [0.0, 1e-3, 0.5, 10.0] {
        assert!(autodiff::is_step_size(ok), "{ok}");
    }
    for bad in [-1e-3, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(!autodiff::is_step_size(bad), "{bad}");
    }
}
