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
    /// The output with `input` moved to `x`, every other input as it is. Only the nodes
    /// that depend on `input` (marked in `depends`) are computed again, in tape order with
    /// the same operations as [`Graph::forward`], so the result is the same to the bit. The
    /// values of those nodes are left changed: the caller puts them back.
    fn output_at(&mut self, input: NodeId, x: f64, depends: &[bool]) -> f64 {
        let saved = self.value(input);
        self.values[input.index()] = x;
        for i in (0..self.ops.len()).filter(|&i| depends[i] && i != input.index()) {
            self.eval_node(i);
        }
        let out = self.output().map_or(f64::NAN, |o| self.value(o));
        self.values[input.index()] = saved;
        out
    }

    /// Indexed by node: whether its value depends on `input`.
    fn dependents(&self, input: NodeId) -> Vec<bool> {
        let mut depends = vec![false; self.len()];
        depends[input.index()] = true;
        for id in self.ids() {
            if self.operands(id).iter().any(|u| depends[u.index()]) {
                depends[id.index()] = true;
            }
        }
        depends
    }

    /// Checks every input's analytic gradient against finite differences with step `h`.
    /// Runs forward and backward first, and leaves values and gradients as they were.
    pub fn check_gradients(&mut self, h: f64) -> Vec<GradCheck> {
        self.recompute();
        let Some(out) = self.output() else { return Vec::new() };
        let f0 = self.value(out);
        let inputs = self.inputs.clone();
        let mut checks = Vec::with_capacity(inputs.len());
        for input in inputs {
            let x = self.value(input);
            // A big circuit re-evaluates only what the input reaches, not every node
            // twice per input (the page checks every input on every edit).
            let depends = self.dependents(input);
            let values = self.values.clone();
            let plus = self.output_at(input, x + h, &depends);
            let minus = self.output_at(input, x - h, &depends);
            // The next input's check reads values that depend on this one.
            self.values.copy_from_slice(&values);
            let analytic = self.grad(input);
            let forward = (plus - f0) / h;
            let centred = (plus - minus) / (2.0 * h);
            checks.push(GradCheck {
                input,
                analytic,
                forward,
                centred,
                forward_error: relative_error(analytic, forward),
                centred_error: relative_error(analytic, centred),
            });
        }
        self.forward();
        checks
    }
}
