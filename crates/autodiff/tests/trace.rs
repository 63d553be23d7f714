//! The recorded backward pass: one step per edge, in the engine's order.

mod common;
use common::{input, run};

#[test]
fn cs231n_steps_in_words() {
    let mut g = run("q = x + y; f = q * z", &[("x", -2.0), ("y", 5.0), ("z", -4.0)]);
    let steps = g.trace();
    let words: Vec<String> = steps.iter().map(|s| g.describe_step(s)).collect();
    assert_eq!(
        words,
        [
            "mul gate: upstream 1 x local -4 = -4 into q",
            "mul gate: upstream 1 x local 3 = 3 into z",
            "add gate: upstream -4 x local 1 = -4 into x",
            "add gate: upstream -4 x local 1 = -4 into y",
        ]
    );
    // The numbers behind the words.
    assert_eq!(steps[0].position, 0);
    assert_eq!(steps[1].position, 1);
    assert_eq!(
        (steps[1].upstream, steps[1].local, steps[1].contribution, steps[1].sum),
        (1.0, 3.0, 3.0, 3.0)
    );
    assert_eq!(steps[2].input, input(&g, "x"));
}

#[test]
fn running_sums_at_forks() {
    // f = x * y + x at (2, 5): x first gets 1 from the add, then y = 5 from the mul.
    let mut g = run("p = x * y; f = p + x", &[("x", 2.0), ("y", 5.0)]);
    let x = input(&g, "x");
    let into_x: Vec<(f64, f64)> =
        g.trace().iter().filter(|s| s.input == x).map(|s| (s.contribution, s.sum)).collect();
    assert_eq!(into_x, [(1.0, 1.0), (5.0, 6.0)]);
    assert_eq!(g.grad(x), 6.0);
}

#[test]
fn constants_are_not_wires() {
    let mut g = run("f = 2 * x + 1", &[("x", 3.0)]);
    let steps = g.trace();
    let words: Vec<String> = steps.iter().map(|s| g.describe_step(s)).collect();
    assert_eq!(
        words,
        [
            "add gate: upstream 1 x local 1 = 1 into the *2 gate's output",
            "mul gate: upstream 1 x local 2 = 2 into x"
        ]
    );
}
