//! The backward pass, recorded: one [`Step`] per (gate, operand) edge, in the order the
//! engine takes them. The page animates and narrates it; the command line prints it.

use crate::graph::{Graph, NodeId, Recorder};
use lang::{fill, t};

/// One edge of the backward pass: `upstream x local = contribution`, added into `input`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// The gate the gradient flows back through.
    pub gate: NodeId,
    /// Which operand of the gate (0 for the first).
    pub position: usize,
    /// The node receiving the contribution.
    pub input: NodeId,
    /// d output / d gate, complete when the step runs.
    pub upstream: f64,
    /// d gate / d input at the current values.
    pub local: f64,
    /// upstream x local.
    pub contribution: f64,
    /// d output / d input so far, this contribution included (the running `+=`).
    pub sum: f64,
}

impl Recorder for Vec<Step> {
    fn step(&mut self, gate: usize, position: usize, input: NodeId, upstream: f64, local: f64, sum: f64) {
        self.push(Step {
            gate: NodeId(gate as u32),
            position,
            input,
            upstream,
            local,
            contribution: upstream * local,
            sum,
        });
    }
}

impl Graph {
    /// Runs backward from the output and returns its steps. Edges into constants (the `1`
    /// of a `+1` gate) are left out: a constant is part of its gate, not a wire.
    pub fn trace(&mut self) -> Vec<Step> {
        let Some(out) = self.output() else { return Vec::new() };
        let mut steps = Vec::new();
        self.backprop(out, &mut steps);
        // Compacted in place by hand: `Vec::retain`'s generic code had no other user.
        let mut kept = 0;
        for k in 0..steps.len() {
            if self.op(steps[k].input) != crate::Op::Const {
                steps[kept] = steps[k];
                kept += 1;
            }
        }
        steps.truncate(kept);
        steps
    }

    /// A step in words, in the build's language: "mul gate: upstream -4 x local 3 = -12
    /// into z".
    pub fn describe_step(&self, step: &Step) -> String {
        use crate::format::number;
        fill(
            t!("{0} gate: upstream {1} x local {2} = {3} into {4}"),
            &[
                self.op(step.gate).word(),
                &number(step.upstream),
                &number(step.local),
                &number(step.contribution),
                &self.display_name(step.input),
            ],
        )
    }

    /// A node's name, or a description for an unnamed one in the build's language ("the exp
    /// gate's output").
    pub fn display_name(&self, id: NodeId) -> String {
        match self.name(id) {
            Some(n) => n.to_string(),
            None if self.op(id) == crate::Op::Const => crate::format::number(self.value(id)),
            None => fill(t!("~the {0} gate's output"), &[&self.gate_label(id)]),
        }
    }
}
