//! Numerical gradients, the seed deck's definition of the derivative made concrete:
//! df/dx ~ (f(x + h) - f(x)) / h, and the centred (f(x + h) - f(x - h)) / 2h.

use crate::graph::{Graph, NodeId};

/// Analytic and numerical d output / d input for one input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradCheck {
    pub input: NodeId,
    pub analytic: f64,
    /// (f(x + h) - f(x)) / h
    pub forward: f64,
    /// (f(x + h) - f(x - h)) / 2h
    pub centred: f64,
    pub forward_error: f64,
    pub centred_error: f64,
}

/// cs231n's relative error |a - n| / max(|a|, |n|), and 0 when both are 0.
pub fn relative_error(analytic: f64, numerical: f64) -> f64 {
    let scale = analytic.abs().max(numerical.abs());
    if scale == 0.0 {
        0.0
    } else {
        (analytic - numerical).abs() / scale
    }
}

impl Graph {
    /// The output with `input` moved to `x`, every other input as it is. Leaves the graph's
    /// values as they were.
    fn output_at(&mut self, input: NodeId, x: f64) -> f64 {
        let saved = self.value(input);
        self.values[input.index()] = x;
        self.forward();
        let out = self.output().map_or(f64::NAN, |o| self.value(o));
        self.values[input.index()] = saved;
        out
    }

    /// Checks every input's analytic gradient against finite differences with step `h`.
    /// Runs forward and backward first, and leaves values and gradients as they were.
    pub fn check_gradients(&mut self, h: f64) -> Vec<GradCheck> {
        self.recompute();
        let Some(out) = self.output() else { return Vec::new() };
        let f0 = self.value(out);
        let inputs = self.inputs.clone();
        let checks = inputs
            .into_iter()
            .map(|input| {
                let x = self.value(input);
                let plus = self.output_at(input, x + h);
                let minus = self.output_at(input, x - h);
                let analytic = self.grad(input);
                let forward = (plus - f0) / h;
                let centred = (plus - minus) / (2.0 * h);
                GradCheck {
                    input,
                    analytic,
                    forward,
                    centred,
                    forward_error: relative_error(analytic, forward),
                    centred_error: relative_error(analytic, centred),
                }
            })
            .collect();
        self.forward();
        checks
    }
}
