//! One gradient step: what a gradient is for. Moving every input by -eta * gradient lowers
//! the output by about eta * |gradient|^2, the first-order prediction.

use crate::graph::Graph;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Against the gradient: the output goes down.
    Descend,
    /// Along the gradient: the output goes up.
    Ascend,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepReport {
    pub old_output: f64,
    pub new_output: f64,
    /// sum over inputs of gradient x change: the first-order prediction of new - old.
    pub predicted_change: f64,
}

impl StepReport {
    pub fn actual_change(&self) -> f64 {
        self.new_output - self.old_output
    }
}

/// A step size a student (or a course author) can take: a finite number, 0 or more. The
/// sign goes in the [`Direction`], so a negative size is a mistake, not a way uphill.
pub fn is_step_size(eta: f64) -> bool {
    eta.is_finite() && eta >= 0.0
}

impl Graph {
    /// Moves every input by -eta * gradient (Descend) or +eta * gradient (Ascend), then
    /// recomputes values and gradients.
    pub fn gradient_step(&mut self, eta: f64, direction: Direction) -> StepReport {
        self.recompute();
        let old_output = self.output().map_or(f64::NAN, |o| self.value(o));
        let sign = match direction {
            Direction::Descend => -1.0,
            Direction::Ascend => 1.0,
        };
        let mut predicted_change = 0.0;
        for i in 0..self.inputs.len() {
            let id = self.inputs[i];
            let g = self.grad(id);
            let dx = sign * eta * g;
            predicted_change += g * dx;
            self.values[id.index()] += dx;
        }
        self.recompute();
        let new_output = self.output().map_or(f64::NAN, |o| self.value(o));
        StepReport { old_output, new_output, predicted_change }
    }
}
