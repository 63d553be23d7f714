//! The operand views the graph hands to the op rules of `op.rs` (the [`Args`] trait): an
//! n-ary gate on the tape, and a neuron while `Graph::affine` pushes it. They read operand
//! values (the neuron's view also stores its operands as they are read); the arithmetic is
//! the table's.

use std::cell::Cell;

use crate::graph::NodeId;
use crate::op::Args;

/// An n-ary gate's operands, read from the tape's values.
pub(crate) struct Terms<'a> {
    pub(crate) ids: &'a [NodeId],
    pub(crate) values: &'a [f64],
}

impl Args for Terms<'_> {
    #[inline(always)]
    fn at(&self, k: usize) -> f64 {
        self.values[self.ids[k].index()]
    }

    #[inline(always)]
    fn count(&self) -> usize {
        self.ids.len()
    }

    #[inline(always)]
    fn fold(&self, init: f64, f: &mut dyn FnMut(f64, f64) -> f64) -> f64 {
        self.ids.iter().fold(init, |acc, t| f(acc, self.values[t.index()]))
    }

    #[inline(always)]
    fn fold_pairs(&self, init: f64, f: &mut dyn FnMut(f64, f64, f64) -> f64) -> f64 {
        let rest = self.ids.get(1..).unwrap_or(&[]);
        let v = self.values;
        rest.chunks_exact(2).fold(init, |acc, p| f(acc, v[p[0].index()], v[p[1].index()]))
    }
}

/// A neuron's operands while `Graph::affine` pushes it, read from the caller's slices.
/// Folding over its pairs also stores each (w_i, x_i) into the gate's slots in `extra`, so that
/// the Affine rule, which reads every pair once, sums the neuron in the pass that stores
/// it (a debug assertion in `affine` checks that all were stored).
pub(crate) struct Neuron<'a> {
    pub(crate) bias: NodeId,
    pub(crate) weights: &'a [NodeId],
    pub(crate) xs: &'a [NodeId],
    /// `extra` after the bias's slot: w0, x0, w1, x1, ...
    pub(crate) slots: &'a [Cell<NodeId>],
    pub(crate) values: &'a [f64],
}

impl Args for Neuron<'_> {
    #[inline(always)]
    fn at(&self, k: usize) -> f64 {
        let id = match k {
            0 => self.bias,
            _ if k % 2 == 1 => self.weights[k / 2],
            _ => self.xs[k / 2 - 1],
        };
        self.values[id.index()]
    }

    #[inline(always)]
    fn count(&self) -> usize {
        1 + 2 * self.weights.len().min(self.xs.len())
    }

    #[inline(always)]
    fn fold(&self, init: f64, f: &mut dyn FnMut(f64, f64) -> f64) -> f64 {
        (0..self.count()).fold(init, |acc, k| f(acc, self.at(k)))
    }

    #[inline(always)]
    fn fold_pairs(&self, init: f64, f: &mut dyn FnMut(f64, f64, f64) -> f64) -> f64 {
        let (v, pairs) = (self.values, self.weights.iter().zip(self.xs));
        pairs.zip(self.slots.chunks_exact(2)).fold(init, |acc, ((&w, &x), slot)| {
            slot[0].set(w);
            slot[1].set(x);
            f(acc, v[w.index()], v[x.index()])
        })
    }
}
