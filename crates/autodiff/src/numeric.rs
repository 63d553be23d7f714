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
    /// Indexed by input (in `inputs` order): the nodes after it, up to the output, whose
    /// value depends on it, in tape order. One pass over the tape with a bit per input on
    /// each node, rather than one pass per input.
    fn reach(&self, out: NodeId) -> Vec<Vec<u32>> {
        let words = self.inputs.len().div_ceil(64);
        let n = out.index() + 1;
        let mut bits = vec![0u64; n * words];
        let mut reach = vec![Vec::new(); self.inputs.len()];
        for (k, input) in self.inputs.iter().enumerate() {
            if input.index() < n {
                bits[input.index() * words + k / 64] |= 1 << (k % 64);
            }
        }
        for i in 0..n {
            for u in self.operands(NodeId(i as u32)) {
                for w in 0..words {
                    bits[i * words + w] |= bits[u.index() * words + w];
                }
            }
            if self.ops[i] == crate::Op::Input {
                continue;
            }
            for w in 0..words {
                let mut word = bits[i * words + w];
                while word != 0 {
                    reach[w * 64 + word.trailing_zeros() as usize].push(i as u32);
                    word &= word - 1;
                }
            }
        }
        reach
    }

    /// The output with `input` moved to `x`, every other input as it is: the nodes it
    /// reaches (`reach`, in tape order) are computed again with the same operations as
    /// [`Graph::forward`], so the result is the same to the bit. Those nodes are left
    /// changed: the caller puts them back.
    fn output_at(&mut self, input: NodeId, x: f64, reach: &[u32], out: NodeId) -> f64 {
        let saved = self.value(input);
        self.values[input.index()] = x;
        for &i in reach {
            self.eval_node(i as usize);
        }
        let f = self.value(out);
        self.values[input.index()] = saved;
        f
    }

    /// Checks every input's analytic gradient against finite differences with step `h`.
    /// Runs forward and backward first, and leaves values and gradients as they were.
    pub fn check_gradients(&mut self, h: f64) -> Vec<GradCheck> {
        self.recompute();
        let Some(out) = self.output() else { return Vec::new() };
        let f0 = self.value(out);
        let inputs = self.inputs.clone();
        // A big circuit re-evaluates only what each input reaches, not every node twice
        // per input (the page checks every input on every edit).
        let reach = self.reach(out);
        let mut saved = Vec::new();
        let mut checks = Vec::with_capacity(inputs.len());
        for (input, reach) in inputs.into_iter().zip(&reach) {
            let x = self.value(input);
            saved.clear();
            for &i in reach {
                saved.push(self.values[i as usize]);
            }
            let plus = self.output_at(input, x + h, reach, out);
            let minus = self.output_at(input, x - h, reach, out);
            // The next input's check reads values that depend on this one.
            for (&i, &v) in reach.iter().zip(&saved) {
                self.values[i as usize] = v;
            }
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
        checks
    }
}
