//! The Lesson's steps, in the seed deck's order: one idea each, with the live page it sets
//! up and the one thing it asks. The words are in `crates/lessons/words/*.txt`, keyed by
//! each step's `id`.

use super::{Panel, Step, Task};

const FXYZ: &str = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z";
const SQUARE: &str = "x = 3\nf = x * x";
// The max example, its gates named so that a step can highlight them.
const MAX: &str = "x = 3\ny = -4\nz = 2\nw = -1\np = x * y\nm = max(z, w)\nf = 2 * (p + m)";

/// Every step, in order.
pub const STEPS: &[Step] = &[
    Step {
        id: "gradient",
        program: "x = 3\ny = -2\nf = x * y",
        expanded: false,
        at_start: false,
        panel: Panel::Values,
        spot: "f",
        task: Task::Gradients { only: &["x", "y"], want: &[("x", 2.0), ("y", 5.0)] },
    },
    Step {
        id: "max",
        program: "x = 4\ny = 2\nf = max(x, y)",
        expanded: false,
        at_start: false,
        panel: Panel::Gate,
        spot: "f",
        task: Task::Route { only: &["x", "y"], to: "y", from: "x", ask: true },
    },
    Step {
        id: "limit",
        program: SQUARE,
        expanded: false,
        at_start: false,
        panel: Panel::Numeric,
        spot: "x",
        task: Task::CoarseH { input: "x", over: 0.01 },
    },
    Step {
        id: "linear",
        program: SQUARE,
        expanded: false,
        at_start: false,
        panel: Panel::Values,
        spot: "x",
        task: Task::Linear { input: "x", within: 0.01 },
    },
    Step {
        id: "chain",
        program: FXYZ,
        expanded: false,
        at_start: false,
        panel: Panel::Gate,
        spot: "q",
        task: Task::Gradients { only: &["z"], want: &[("x", 2.0)] },
    },
    Step {
        id: "passes",
        program: FXYZ,
        expanded: false,
        at_start: true,
        panel: Panel::Animation,
        spot: "f",
        task: Task::Watch,
    },
    Step {
        id: "local",
        program: FXYZ,
        expanded: false,
        at_start: false,
        panel: Panel::Gate,
        spot: "f",
        task: Task::LocalGradient { gate: "f", position: 1 },
    },
    Step {
        id: "add",
        program: FXYZ,
        expanded: false,
        at_start: false,
        panel: Panel::Gate,
        spot: "q",
        task: Task::LocalStays { gate: "q", change: &["x", "y"] },
    },
    Step {
        id: "negative",
        program: FXYZ,
        expanded: false,
        at_start: false,
        panel: Panel::Values,
        spot: "q",
        task: Task::Raise { only: &["x", "y"], above: None },
    },
    Step {
        id: "neuron",
        program: concat!(
            "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\n",
            "f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
        ),
        expanded: false,
        at_start: false,
        panel: Panel::Values,
        spot: "f",
        task: Task::Raise { only: &["w0", "w1", "w2"], above: Some(0.9) },
    },
    Step {
        id: "sigma",
        program: concat!("w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\n", "f = sigmoid(w0*x0 + w1*x1 + w2)"),
        expanded: true,
        at_start: false,
        panel: Panel::Gate,
        spot: "f",
        task: Task::CollapseSigma,
    },
    Step {
        id: "route",
        program: MAX,
        expanded: false,
        at_start: false,
        panel: Panel::Values,
        spot: "m",
        task: Task::Route { only: &["z", "w"], to: "w", from: "z", ask: false },
    },
    Step {
        id: "switch",
        program: MAX,
        expanded: false,
        at_start: false,
        panel: Panel::Values,
        spot: "p",
        task: Task::Gradients { only: &["y"], want: &[("x", 6.0)] },
    },
];

/// What a student does to complete each step, in the order of [`STEPS`]: the native tests
/// check each rule with it, and the browser suite performs it with clicks and keys. The page
/// never reads it (so it is not in the wasm).
pub const SOLUTIONS: &[&[Act]] = &[
    &[Act::Set("y", 2.0), Act::Set("x", 5.0)],
    &[Act::Set("y", 6.0), Act::Answer("y")],
    &[Act::H(1e-1)],
    &[Act::Set("x", 3.01)],
    &[Act::Set("z", 2.0)],
    &[Act::PlayToEnd],
    &[Act::Answer("3")],
    &[Act::Set("x", 1.0), Act::Set("y", 7.0)],
    &[Act::Set("x", -3.0)],
    &[Act::Set("w2", 0.0)],
    &[Act::Collapse, Act::Select("f")],
    &[Act::Set("w", 5.0)],
    &[Act::Set("y", 3.0)],
];

/// One thing a student does on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Act {
    /// Type this value for the input.
    Set(&'static str, f64),
    /// Choose this h in the numerical check.
    H(f64),
    /// Play (or step) the animation to its end.
    PlayToEnd,
    /// Type this answer in the Lesson's answer field and press Check.
    Answer(&'static str),
    /// Press "Collapse σ gates" (the Expand toggle).
    Collapse,
    /// Click the gate (or wire) of this named node.
    Select(&'static str),
}
