//! The two Sugiyama steps that work on a layered graph whatever it draws: ordering the
//! elements of each layer to reduce crossings (barycentre sweeps), and giving them
//! y coordinates that keep wires straight (a weighted isotonic regression per layer).
//!
//! Elements are plain indices; `preds[e]`/`succs[e]` are the elements one layer left/right.

/// A layered graph: `layers[l]` lists element ids top to bottom.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layered {
    pub layers: Vec<Vec<usize>>,
    pub layer_of: Vec<usize>,
    pub preds: Vec<Vec<usize>>,
    pub succs: Vec<Vec<usize>>,
    /// Edges looked at by crossing counts so far: the ordering stops improving when this
    /// passes [`WORK_BUDGET`], so a layout costs the same on every machine (no clock, which
    /// wasm does not have) and stays interactive however the circuit looks.
    pub work: std::cell::Cell<usize>,
    /// Everything the ordering and the placement visit: `work`, plus the elements and
    /// edges each sweep, sifting trial, orientation and placement pass goes through.
    /// Nothing stops on it; it is what [`crate::Layout::work`] reports, so that tests can
    /// check that the work grows linearly with the circuit without timing it.
    pub steps: std::cell::Cell<usize>,
    /// Elements whose operands must enter top to bottom in operand order (`a - b`,
    /// `a / b`, `a ^ b`: which wire is which matters). `preds` lists operands in order.
    pub ordered: Vec<bool>,
}

/// Above this many elements, sweeps are few and crossings are not counted: a 2,000-gate
/// program must lay out in milliseconds, and nobody reads its crossings.
const SMALL: usize = 4_000;

/// Sifting tries every position for every element (quadratic per layer): only for
/// circuits a student reads.
const SIFT_MAX: usize = 600;

/// Shuffled restarts, for circuits of up to about 60 gates with their long wires.
const RESTART_MAX: usize = 250;

/// About 20 ms of crossing counting in a browser: enough for the restarts and sifting
/// that bring every seed circuit to its fewest crossings.
const WORK_BUDGET: usize = 1_500_000;

/// A Fisher-Yates shuffle driven by a 64-bit LCG.
fn shuffle(v: &mut [usize], seed: &mut u64) {
    for i in (1..v.len()).rev() {
        *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let j = ((*seed >> 33) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

impl Layered {
    fn step(&self, n: usize) {
        self.steps.set(self.steps.get() + n);
    }

    fn positions(&self) -> Vec<f64> {
        let mut pos = vec![0.0; self.layer_of.len()];
        for layer in &self.layers {
            for (i, &e) in layer.iter().enumerate() {
                pos[e] = i as f64;
            }
        }
        pos
    }

    /// Reorders every layer to reduce crossings: barycentre sweeps (down then up) keeping
    /// the best order seen, then sifting. Small circuits also try a few shuffled starts
    /// (from a fixed seed, so the result is deterministic) and keep the best: a 2-2-1
    /// network's one unavoidable crossing is not reachable from the first start.
    pub fn reduce_crossings(&mut self) {
        let elems = self.layer_of.len();
        let restarts = if elems <= RESTART_MAX { 24 } else { 1 };
        let start = self.layers.clone();
        let mut best = (usize::MAX, start.clone());
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for r in 0..restarts {
            if r > 0 {
                self.layers = start.clone();
                for layer in &mut self.layers {
                    shuffle(layer, &mut seed);
                }
            }
            let c = self.improve();
            if r == 0 || c < best.0 {
                best = (c, self.layers.clone());
            }
            if best.0 == 0 || self.work.get() > WORK_BUDGET {
                break;
            }
        }
        self.layers = best.1;
    }

    /// Flips the drawing upside down (which keeps every crossing) when that brings the
    /// layers closer to the order of `key` (the program's order), so a shuffled restart
    /// does not draw the second neuron above the first.
    pub fn orient(&mut self, key: &[f64]) {
        let mut straight = 0usize;
        let mut flipped = 0usize;
        for layer in &self.layers {
            self.step(layer.len() * layer.len().saturating_sub(1) / 2);
            for (i, &a) in layer.iter().enumerate() {
                for &b in &layer[i + 1..] {
                    match key[a].total_cmp(&key[b]) {
                        std::cmp::Ordering::Less => straight += 1,
                        std::cmp::Ordering::Greater => flipped += 1,
                        std::cmp::Ordering::Equal => {}
                    }
                }
            }
        }
        if flipped > straight {
            let before = self.cost();
            for layer in &mut self.layers {
                layer.reverse();
            }
            // Flipping turns every `a - b` upside down: keep it only if that costs nothing.
            if self.cost() > before {
                for layer in &mut self.layers {
                    layer.reverse();
                }
            }
        }
    }

    /// Sweeps and sifting from the current order; returns the crossings left (or
    /// `usize::MAX` for a big graph, where counting is skipped).
    fn improve(&mut self) -> usize {
        let small = self.layer_of.len() <= SMALL;
        let rounds = if small { 12 } else { 2 };
        let mut best = self.layers.clone();
        let mut best_count = if small { self.cost() } else { usize::MAX };
        for _ in 0..rounds {
            if best_count == 0 {
                break;
            }
            self.sweep(true);
            self.sweep(false);
            if small {
                let c = self.cost();
                if c < best_count {
                    best_count = c;
                    best = self.layers.clone();
                }
            }
        }
        if small {
            self.layers = best;
        }
        if best_count > 0 && self.layer_of.len() <= SIFT_MAX {
            self.sift();
            best_count = self.cost();
        }
        best_count
    }

    fn sweep(&mut self, down: bool) {
        let n = self.layers.len();
        let mut pos = self.positions();
        // Indexed by element: its barycentre in the neighbouring layer.
        let mut key = vec![0.0; self.layer_of.len()];
        // Down: layers 1 to n - 1; up: layers n - 2 to 0.
        for k in 1..n {
            let l = if down { k } else { n - 1 - k };
            for &e in &self.layers[l] {
                let nb = if down { &self.preds[e] } else { &self.succs[e] };
                self.step(1 + nb.len());
                key[e] = if nb.is_empty() {
                    pos[e]
                } else {
                    let mut sum = 0.0;
                    for &o in nb {
                        sum += pos[o];
                    }
                    sum / nb.len() as f64
                };
            }
            // The layer is in its current order, so the stable sort breaks ties by it.
            crate::geom::sort_by_f64(&mut self.layers[l], &|e| key[e]);
            for (i, &e) in self.layers[l].iter().enumerate() {
                pos[e] = i as f64;
            }
        }
    }

    /// Sifting: moves each element to the position in its layer with the fewest crossings,
    /// pass after pass while that helps. It escapes the local optima where barycentres
    /// and neighbour swaps stall (a 2-2-1 network goes from 7 crossings to 1).
    fn sift(&mut self) {
        let mut pos = self.positions();
        for _ in 0..6 {
            let mut improved = false;
            for l in 0..self.layers.len() {
                for e in self.layers[l].clone() {
                    if self.work.get() > WORK_BUDGET {
                        return;
                    }
                    let local = |me: &Self, pos: &[f64]| {
                        me.crossings_between(l.wrapping_sub(1), pos)
                            + me.crossings_between(l, pos)
                            + me.misordered(l, pos)
                            + me.misordered(l + 1, pos)
                    };
                    let from = pos[e] as usize;
                    let mut best = (local(self, &pos), from);
                    // e moves to the top, then down one place at a time, so the layer takes
                    // every order with e somewhere else (adjacent swaps, not Vec::insert and
                    // remove, whose code nothing else in the page links).
                    let len = self.layers[l].len();
                    for i in (0..from).rev() {
                        self.layers[l].swap(i, i + 1);
                    }
                    for at in 0..len {
                        if at > 0 {
                            self.layers[l].swap(at - 1, at);
                        }
                        for (i, &x) in self.layers[l].iter().enumerate() {
                            pos[x] = i as f64;
                        }
                        self.step(len);
                        let c = local(self, &pos);
                        if c < best.0 {
                            best = (c, at);
                            improved = true;
                        }
                    }
                    for i in (best.1..len - 1).rev() {
                        self.layers[l].swap(i, i + 1);
                    }
                    for (i, &x) in self.layers[l].iter().enumerate() {
                        pos[x] = i as f64;
                    }
                }
            }
            if !improved {
                return;
            }
        }
    }

    /// Crossings between consecutive layers: inversions among the edges sorted by their
    /// upper end, counted with a Fenwick tree. Edges sharing an end never cross.
    /// What the ordering minimises: crossings, plus one for each non-commutative gate
    /// whose operands enter upside down (a soft rule: a crossing is as bad).
    fn cost(&self) -> usize {
        self.count(true)
    }

    /// Gates in layer `l` whose first operand sits below their second.
    fn misordered(&self, l: usize, pos: &[f64]) -> usize {
        let Some(layer) = self.layers.get(l) else { return 0 };
        self.step(layer.len());
        let mut count = 0;
        for &e in layer {
            if self.ordered.get(e).copied().unwrap_or(false)
                && matches!(self.preds[e].as_slice(), [a, b] if pos[*a] > pos[*b])
            {
                count += 1;
            }
        }
        count
    }

    pub fn crossings(&self) -> usize {
        self.count(false)
    }

    /// Crossings between every two consecutive layers, plus misordered operands if asked.
    fn count(&self, misordered: bool) -> usize {
        let pos = self.positions();
        let mut total = 0;
        for l in 0..self.layers.len() {
            total += self.crossings_between(l, &pos);
            if misordered {
                total += self.misordered(l, &pos);
            }
        }
        total
    }

    /// Crossings between layer `l` and `l + 1` (0 when either does not exist).
    ///
    /// `pos` must agree with the order of layer `l` (every caller keeps it so): the edges
    /// are then taken sorted by their upper end without sorting them.
    fn crossings_between(&self, l: usize, pos: &[f64]) -> usize {
        if l >= self.layers.len().saturating_sub(1) {
            return 0;
        }
        let width = self.layers[l + 1].len() + 1;
        let mut tree = vec![0usize; width + 1];
        let mut seen = 0;
        let mut total = 0;
        for &a in &self.layers[l] {
            debug_assert_eq!(self.layers[l].get(pos[a] as usize), Some(&a));
            // Edges sharing their upper end never cross: count all of a's edges against the
            // edges inserted before, then insert them.
            for &b in &self.succs[a] {
                if self.layer_of[b] == l + 1 {
                    // Edges already inserted whose lower end is strictly below b's cross this one.
                    let mut not_greater = 0;
                    let mut i = pos[b] as usize + 1;
                    while i > 0 {
                        not_greater += tree[i];
                        i -= i & i.wrapping_neg();
                    }
                    total += seen - not_greater;
                }
            }
            for &b in &self.succs[a] {
                if self.layer_of[b] == l + 1 {
                    let mut i = pos[b] as usize + 1;
                    while i <= width {
                        tree[i] += 1;
                        i += i & i.wrapping_neg();
                    }
                    seen += 1;
                }
            }
        }
        self.work.set(self.work.get() + seen + width);
        self.step(seen + width);
        total
    }

    /// y coordinates: each layer pulled towards its neighbours' y, then the closest
    /// placement keeping order and spacing (`gap(a, b)` between consecutive a, b).
    ///
    /// Dummies (`flat[e]`) always aim for their predecessor's height: a long wire runs flat
    /// from its source and bends once, near its consumer, instead of drifting down in steps.
    pub fn place(&self, half: &[f64], spacing: f64, weight: &[f64], flat: &[bool]) -> Vec<f64> {
        let mut y = vec![0.0; self.layer_of.len()];
        for layer in &self.layers {
            let mut at = 0.0;
            for (i, &e) in layer.iter().enumerate() {
                if i > 0 {
                    at += half[layer[i - 1]] + half[e] + spacing;
                }
                y[e] = at;
            }
        }
        let passes = if self.layer_of.len() <= SMALL { 6 } else { 2 };
        let n = self.layers.len();
        for pass in 0..passes {
            let (down, up) = match pass % 3 {
                0 => (true, false),
                1 => (false, true),
                _ => (true, true),
            };
            // Up only: right to left; otherwise left to right.
            for k in 0..n {
                let l = if up && !down { n - 1 - k } else { k };
                let layer = &self.layers[l];
                let mut desired = Vec::with_capacity(layer.len());
                let mut gaps = Vec::with_capacity(layer.len());
                let mut w = Vec::with_capacity(layer.len());
                for (i, &e) in layer.iter().enumerate() {
                    self.step(1 + self.preds[e].len() + self.succs[e].len());
                    desired.push(self.desired(e, &y, flat[e], down, up));
                    if i > 0 {
                        gaps.push(half[layer[i - 1]] + half[e] + spacing);
                    }
                    w.push(weight[e]);
                }
                let placed = isotonic(&desired, &gaps, &w);
                for (i, &e) in layer.iter().enumerate() {
                    y[e] = placed[i];
                }
            }
        }
        y
    }

    /// Where element `e` would like to be: its predecessor's height for a flat element,
    /// else the mean height of its neighbours on the sides asked for (`y[e]` if none).
    fn desired(&self, e: usize, y: &[f64], flat: bool, down: bool, up: bool) -> f64 {
        if flat {
            if let Some(&p) = self.preds[e].first() {
                return y[p];
            }
        }
        let mut sum = 0.0;
        let mut k = 0usize;
        for &o in down.then_some(&self.preds[e]).into_iter().chain(up.then_some(&self.succs[e])).flatten() {
            sum += y[o];
            k += 1;
        }
        if k == 0 {
            y[e]
        } else {
            sum / k as f64
        }
    }
}

/// The y minimising sum w_i (y_i - d_i)^2 subject to y_{i+1} - y_i >= gap_i: substitute
/// z_i = y_i - (gap_0 + ... + gap_{i-1}), which turns it into isotonic regression, solved
/// by pooling adjacent violators in one pass.
fn isotonic(desired: &[f64], gaps: &[f64], weight: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(desired.len());
    let mut acc = 0.0;
    for i in 0..desired.len() {
        if i > 0 {
            acc += gaps[i - 1];
        }
        offset.push(acc);
    }
    // Blocks of (mean, weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(desired.len());
    for i in 0..desired.len() {
        let mut block = (desired[i] - offset[i], weight[i], 1);
        while let Some(&(m, w, c)) = blocks.last() {
            if m <= block.0 {
                break;
            }
            blocks.pop();
            let tw = w + block.1;
            block = ((m * w + block.0 * block.1) / tw, tw, c + block.2);
        }
        blocks.push(block);
    }
    let mut out = Vec::with_capacity(desired.len());
    for (m, _, c) in blocks {
        for _ in 0..c {
            out.push(m + offset[out.len()]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_keeps_order_and_spacing() {
        let y = isotonic(&[0.0, 0.0, 100.0], &[10.0, 10.0], &[1.0, 1.0, 1.0]);
        assert_eq!(y, vec![-5.0, 5.0, 100.0]);
    }

    #[test]
    fn crossing_of_two_edges_is_counted_and_removed() {
        // 0 -> 3, 1 -> 2 with layer 1 ordered [2, 3]: one crossing, fixed by a sweep.
        let mut g = Layered {
            layers: vec![vec![0, 1], vec![3, 2]],
            layer_of: vec![0, 0, 1, 1],
            preds: vec![vec![], vec![], vec![1], vec![0]],
            succs: vec![vec![3], vec![2], vec![], vec![]],
            work: Default::default(),
            steps: Default::default(),
            ordered: vec![false; 4],
        };
        g.layers[1] = vec![2, 3];
        assert_eq!(g.crossings(), 1);
        g.reduce_crossings();
        assert_eq!(g.crossings(), 0);
    }
}
