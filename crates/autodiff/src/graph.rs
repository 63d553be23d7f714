//! The tape: an append-only list of nodes with integer ids (a Wengert list).
//!
//! Nodes are pushed in evaluation order, so forward is one loop and backward one reverse
//! loop. Storage is struct-of-arrays (op, operands, value, gradient) so the hot loops touch
//! only what they need; names and source spans live in side tables that a graph built for
//! a benchmark leaves empty.

#[cfg(not(feature = "small"))]
use std::cell::Cell;

use crate::error::Span;
use crate::op::{Arity, Fold, Op, Pair};
#[cfg(not(feature = "small"))]
use crate::operands::Neuron;
use crate::operands::Terms;

/// A node's index on the tape. Operands always have smaller ids than the node using them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct NodeId(pub u32);

impl NodeId {
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A computational graph with its current values and gradients.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub(crate) ops: Vec<Op>,
    /// Unary: `[a, a]`; binary: `[a, b]`; n-ary: `[start, len]` into `extra`; leaves: unused.
    pub(crate) args: Vec<[NodeId; 2]>,
    pub(crate) extra: Vec<NodeId>,
    pub(crate) values: Vec<f64>,
    pub(crate) grads: Vec<f64>,
    pub(crate) inputs: Vec<NodeId>,
    /// The first name of each named node, sorted by id. A sorted `Vec` rather than a
    /// `BTreeMap`: names arrive in id order (a statement names the node it just built), so
    /// inserting is a push, and the page's wasm does without the B-tree code.
    pub(crate) labels: Vec<(String, NodeId)>,
    /// Every (name, node) pair, in the order the program assigned them.
    pub(crate) named: Vec<(String, NodeId)>,
    /// Source spans, parallel to `ops` for graphs compiled from a program, else empty.
    pub(crate) spans: Vec<Span>,
    pub(crate) output: Option<NodeId>,
}

/// A value a caller asked for that the graph cannot give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphError {
    /// The node is not an input, so its value cannot be set.
    NotAnInput(NodeId),
    /// No input has this name.
    UnknownInput(String),
}

impl std::fmt::Display for GraphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GraphError::NotAnInput(id) => write!(f, "node {} is not an input", id.0),
            GraphError::UnknownInput(name) => write!(f, "there is no input named '{name}'"),
        }
    }
}

impl std::error::Error for GraphError {}

impl Graph {
    pub fn new() -> Graph {
        Graph::default()
    }

    /// An empty graph with room for `n` nodes.
    pub fn with_capacity(n: usize) -> Graph {
        // Every field written out: `..Graph::default()` builds, then drops, three empty Vecs.
        Graph {
            ops: Vec::with_capacity(n),
            args: Vec::with_capacity(n),
            extra: Vec::new(),
            values: Vec::with_capacity(n),
            grads: Vec::new(),
            inputs: Vec::new(),
            labels: Vec::new(),
            named: Vec::new(),
            spans: Vec::new(),
            output: None,
        }
    }

    /// Removes every node but keeps the allocations, so a training loop reuses its tape.
    pub fn clear(&mut self) {
        self.ops.clear();
        self.args.clear();
        self.extra.clear();
        self.values.clear();
        self.grads.clear();
        self.inputs.clear();
        self.labels.clear();
        self.named.clear();
        self.spans.clear();
        self.output = None;
    }

    // ---- building -------------------------------------------------------------------------

    #[inline]
    fn push(&mut self, op: Op, args: [NodeId; 2], value: f64) -> NodeId {
        let id = NodeId(self.ops.len() as u32);
        self.ops.push(op);
        self.args.push(args);
        self.values.push(value);
        id
    }

    /// A named leaf that the student (or a training loop) changes.
    pub fn input(&mut self, name: &str, value: f64) -> NodeId {
        let id = self.push(Op::Input, [NodeId(0); 2], value);
        self.inputs.push(id);
        self.set_name(id, name);
        id
    }

    /// A constant leaf: a literal inside an expression.
    pub fn constant(&mut self, value: f64) -> NodeId {
        self.push(Op::Const, [NodeId(0); 2], value)
    }

    /// A unary gate; its value is computed now.
    #[inline]
    pub fn unary(&mut self, op: Op, a: NodeId) -> NodeId {
        debug_assert_eq!(op.arity(), Arity::Unary);
        let value = op.eval(&Pair(self.values[a.index()], 0.0), 0.0);
        self.push(op, [a, a], value)
    }

    /// A binary gate; its value is computed now.
    #[inline]
    pub fn binary(&mut self, op: Op, a: NodeId, b: NodeId) -> NodeId {
        debug_assert_eq!(op.arity(), Arity::Binary);
        let value = op.eval(&Pair(self.values[a.index()], self.values[b.index()]), 0.0);
        self.push(op, [a, b], value)
    }

    #[inline]
    pub fn add(&mut self, a: NodeId, b: NodeId) -> NodeId {
        self.binary(Op::Add, a, b)
    }

    #[inline]
    pub fn mul(&mut self, a: NodeId, b: NodeId) -> NodeId {
        self.binary(Op::Mul, a, b)
    }

    #[inline]
    pub fn tanh(&mut self, a: NodeId) -> NodeId {
        self.unary(Op::Tanh, a)
    }

    /// One gate summing all `terms` left to right.
    pub fn sum(&mut self, terms: &[NodeId]) -> NodeId {
        let start = self.extra.len() as u32;
        self.extra.extend_from_slice(terms);
        let value = Op::Sum.eval(&Terms { ids: terms, values: &self.values }, 0.0);
        self.push(Op::Sum, [NodeId(start), NodeId(terms.len() as u32)], value)
    }

    /// One neuron gate `bias + w0 x0 + w1 x1 + ...`, summed left to right from the bias.
    pub fn affine(&mut self, bias: NodeId, weights: &[NodeId], xs: &[NodeId]) -> NodeId {
        debug_assert_eq!(weights.len(), xs.len());
        let start = self.extra.len();
        let len = 1 + 2 * weights.len().min(xs.len());
        // Sized once and filled through a slice: a neuron is the hot gate of a training loop,
        // and a push per operand cost W2 about 15% of a step natively, 30% in wasm.
        self.extra.resize(start + len, bias);
        // Natively, filled in the pass where the op's rule sums the neuron (see `Neuron`): a
        // second pass cost W2 about 5%. The page (feature `small`) keeps the smaller code.
        #[cfg(not(feature = "small"))]
        let value = {
            let slots = Cell::from_mut(&mut self.extra[start + 1..]).as_slice_of_cells();
            let value = Op::Affine.eval(&Neuron { bias, weights, xs, slots, values: &self.values }, 0.0);
            debug_assert!(
                self.extra[start + 1..].chunks_exact(2).zip(weights).zip(xs).all(|((s, w), x)| s == [*w, *x]),
                "the Affine rule reads every pair once, through Walk::fold_pairs"
            );
            value
        };
        #[cfg(feature = "small")]
        let value = {
            for ((slot, &w), &x) in self.extra[start + 1..].chunks_exact_mut(2).zip(weights).zip(xs) {
                slot[0] = w;
                slot[1] = x;
            }
            Op::Affine.eval(&Terms { ids: &self.extra[start..], values: &self.values }, 0.0)
        };
        self.push(Op::Affine, [NodeId(start as u32), NodeId(len as u32)], value)
    }

    /// Gives `id` a name (shown as its wire label). The first name a node gets is its label.
    pub fn set_name(&mut self, id: NodeId, name: &str) {
        // A name for a node after every labelled one (the usual order) is a push, found
        // without a search: W2 names each of its 337 parameters every step.
        let at = match self.labels.last() {
            Some(&(_, last)) if last >= id => self.labels.binary_search_by_key(&id, |&(_, n)| n),
            _ => Err(self.labels.len()),
        };
        if let Err(at) = at {
            self.labels.insert(at, (name.to_string(), id));
        }
        self.named.push((name.to_string(), id));
    }

    /// Marks the node whose gradient `backward` computes.
    pub fn set_output(&mut self, id: NodeId) {
        self.output = Some(id);
    }

    // ---- reading --------------------------------------------------------------------------

    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Every node id, in tape (evaluation) order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = NodeId> + ExactSizeIterator {
        (0..self.ops.len() as u32).map(NodeId)
    }

    pub fn op(&self, id: NodeId) -> Op {
        self.ops[id.index()]
    }

    pub fn value(&self, id: NodeId) -> f64 {
        self.values[id.index()]
    }

    /// The gradient of the output with respect to `id`, from the last `backward` (0 before).
    pub fn grad(&self, id: NodeId) -> f64 {
        self.grads.get(id.index()).copied().unwrap_or(0.0)
    }

    pub fn values(&self) -> &[f64] {
        &self.values
    }

    pub fn grads(&self) -> &[f64] {
        &self.grads
    }

    /// The operands of `id` in order (empty for leaves).
    pub fn operands(&self, id: NodeId) -> &[NodeId] {
        let i = id.index();
        match self.ops[i].arity() {
            Arity::Leaf => &[],
            Arity::Unary => &self.args[i][..1],
            Arity::Binary => &self.args[i][..],
            Arity::Many => {
                let [start, len] = self.args[i];
                &self.extra[start.index()..start.index() + len.index()]
            }
        }
    }

    /// The inputs, in the order they were created.
    pub fn inputs(&self) -> &[NodeId] {
        &self.inputs
    }

    /// The input with this name (the first, if a name was given to several inputs).
    // A loop rather than `find`: each `find` closure is its own try_fold in the page's wasm.
    #[allow(clippy::manual_find)]
    pub fn input_named(&self, name: &str) -> Option<NodeId> {
        for &id in &self.inputs {
            if self.name(id) == Some(name) {
                return Some(id);
            }
        }
        None
    }

    /// The label of a named node.
    pub fn name(&self, id: NodeId) -> Option<&str> {
        let at = self.labels.binary_search_by_key(&id, |&(_, n)| n).ok()?;
        Some(&self.labels[at].0)
    }

    /// Every (name, node) pair in assignment order; a node may carry several names.
    pub fn named(&self) -> &[(String, NodeId)] {
        &self.named
    }

    /// Each name once, in the order the program first assigns it, with the node of that
    /// first assignment: the names `backprop grad` reports (and the JS API's `values()` and
    /// `grads()`).
    pub fn named_once(&self) -> Vec<(&str, NodeId)> {
        let mut once: Vec<(&str, NodeId)> = Vec::with_capacity(self.named.len());
        for (name, id) in &self.named {
            if !once.iter().any(|(seen, _)| *seen == name.as_str()) {
                once.push((name.as_str(), *id));
            }
        }
        once
    }

    /// The output node: the program's last statement (or the last node pushed).
    pub fn output(&self) -> Option<NodeId> {
        self.output.or_else(|| self.ids().next_back())
    }

    /// Heap bytes the graph holds (allocated capacity, not length), so a benchmark can
    /// report memory per node; side tables are counted with their strings.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let names: usize = self.named.iter().map(|(n, _)| n.capacity()).sum::<usize>()
            + self.labels.capacity() * size_of::<(String, NodeId)>()
            + self.labels.iter().map(|(n, _)| n.capacity()).sum::<usize>();
        self.ops.capacity() * size_of::<Op>()
            + self.args.capacity() * size_of::<[NodeId; 2]>()
            + (self.extra.capacity() + self.inputs.capacity()) * size_of::<NodeId>()
            + (self.values.capacity() + self.grads.capacity()) * size_of::<f64>()
            + self.named.capacity() * size_of::<(String, NodeId)>()
            + self.spans.capacity() * size_of::<Span>()
            + names
    }

    /// The source span of a node of a compiled program.
    pub fn span(&self, id: NodeId) -> Option<Span> {
        self.spans.get(id.index()).copied()
    }

    /// The nodes that use `id` as an operand, in tape order (with repeats for `x * x`).
    pub fn users(&self, id: NodeId) -> Vec<NodeId> {
        let mut users = Vec::new();
        for i in id.index() + 1..self.len() {
            let n = NodeId(i as u32);
            for &a in self.operands(n) {
                if a == id {
                    users.push(n);
                }
            }
        }
        users
    }

    /// The constant a gate folds into its label (cs231n's `*-1`, `+1`), if it has exactly one
    /// constant operand and another that is not: (operand position, value).
    pub fn folded_constant(&self, id: NodeId) -> Option<(usize, f64)> {
        if self.ops[id.index()].arity() != Arity::Binary {
            return None;
        }
        let [a, b] = self.args[id.index()];
        match (self.op(a) == Op::Const, self.op(b) == Op::Const) {
            (false, true) => Some((1, self.value(b))),
            (true, false) => Some((0, self.value(a))),
            _ => None,
        }
    }

    /// The gate's label with a folded constant written in: `*-1`, `+1`, `^2`, `2/`.
    pub fn gate_label(&self, id: NodeId) -> String {
        let op = self.op(id);
        let Some((pos, c)) = self.folded_constant(id) else {
            return op.symbol().to_string();
        };
        let c = crate::format::number(c);
        let sym = op.symbol();
        match (op.fold(), pos) {
            (Fold::Sum, _) if c.starts_with('-') => c,
            (Fold::Sum | Fold::Scale, _) | (Fold::Ordered, 1) => [sym, &c].concat(),
            (Fold::Ordered, _) => c + sym,
            (Fold::Call, _) => [sym, "(", &c, ",·)"].concat(),
            (Fold::None, _) => sym.to_string(),
        }
    }

    // ---- computing ------------------------------------------------------------------------

    /// Sets an input's value. Call [`Graph::forward`] (and `backward`) afterwards.
    pub fn set_value(&mut self, id: NodeId, value: f64) -> Result<(), GraphError> {
        if self.ops.get(id.index()) != Some(&Op::Input) {
            return Err(GraphError::NotAnInput(id));
        }
        self.values[id.index()] = value;
        Ok(())
    }

    /// Sets the input with this name.
    pub fn set_input(&mut self, name: &str, value: f64) -> Result<NodeId, GraphError> {
        let id = self.input_named(name).ok_or_else(|| GraphError::UnknownInput(name.to_string()))?;
        self.values[id.index()] = value;
        Ok(id)
    }

    /// Recomputes every value from the inputs, in tape order. No re-parse, no allocation.
    pub fn forward(&mut self) {
        for i in 0..self.ops.len() {
            self.eval_node(i);
        }
    }

    /// Recomputes node `i` from its operands' current values (inputs and constants keep
    /// theirs): one step of [`Graph::forward`].
    #[inline]
    pub(crate) fn eval_node(&mut self, i: usize) {
        let op = self.ops[i];
        let [a, b] = self.args[i];
        let v = &self.values;
        self.values[i] = match op.arity() {
            Arity::Leaf => return,
            Arity::Unary | Arity::Binary => op.eval(&Pair(v[a.index()], v[b.index()]), v[i]),
            Arity::Many => {
                op.eval(&Terms { ids: &self.extra[a.index()..a.index() + b.index()], values: v }, v[i])
            }
        };
    }

    /// Computes d output / d node for every node. Gradients are zeroed first, so running it
    /// again after an edit never mixes in stale values; within one pass contributions
    /// accumulate with `+=`, which is what makes a value used twice (a fork) correct.
    pub fn backward(&mut self) {
        if let Some(out) = self.output() {
            self.backprop(out, &mut ());
        }
    }

    /// `backward` from any node.
    pub fn backward_from(&mut self, out: NodeId) {
        self.backprop(out, &mut ());
    }

    /// forward then backward: what an edit to an input needs.
    pub fn recompute(&mut self) {
        self.forward();
        self.backward();
    }

    pub(crate) fn backprop<R: Recorder>(&mut self, out: NodeId, rec: &mut R) {
        let n = self.ops.len();
        self.grads.clear();
        self.grads.resize(n, 0.0);
        if out.index() >= n {
            return;
        }
        self.grads[out.index()] = 1.0;
        let (ops, args, extra) = (&self.ops[..n], &self.args[..n], &self.extra[..]);
        backprop_on(ops, args, extra, &self.values[..n], &mut self.grads[..n], out.index(), rec);
    }

    /// The local gradient of gate `id` with respect to its operand at `position`, at the
    /// current values.
    pub fn local_grad(&self, id: NodeId, position: usize) -> f64 {
        let i = id.index();
        let op = self.ops[i];
        let ids = self.operands(id);
        let mut found = 0.0;
        let pick = |k: usize, local: f64| {
            if k == position {
                found = local;
            }
        };
        match op.arity() {
            Arity::Leaf => {}
            Arity::Unary | Arity::Binary => {
                let v = |k: usize| ids.get(k).map_or(0.0, |o| self.values[o.index()]);
                op.local(&Pair(v(0), v(1)), self.values[i], pick);
            }
            Arity::Many => op.local(&Terms { ids, values: &self.values }, self.values[i], pick),
        }
        found
    }
}

/// The loop of [`Graph::backprop`], on the tape's columns passed as separate slices: as
/// function arguments the compiler knows that writing a gradient changes no operand id or
/// value, so an operand id read once stays in a register for the whole gate. `values` and
/// `grads` have the same length, so one check per operand covers both.
#[inline]
fn backprop_on<R: Recorder>(
    ops: &[Op],
    args: &[[NodeId; 2]],
    extra: &[NodeId],
    values: &[f64],
    grads: &mut [f64],
    out: usize,
    rec: &mut R,
) {
    for i in (0..=out).rev() {
        let op = ops[i];
        let up = grads[i];
        let [a, b] = args[i];
        match op.arity() {
            Arity::Leaf => {}
            Arity::Unary | Arity::Binary => {
                let operands = [a, b];
                op.local(&Pair(values[a.index()], values[b.index()]), values[i], |k, local| {
                    let t = operands[k & 1];
                    grads[t.index()] += up * local;
                    rec.step(i, k, t, up, local, grads[t.index()]);
                });
            }
            Arity::Many => {
                let ids = &extra[a.index()..a.index() + b.index()];
                op.local(&Terms { ids, values }, values[i], |k, local| {
                    let t = ids[k];
                    grads[t.index()] += up * local;
                    rec.step(i, k, t, up, local, grads[t.index()]);
                });
            }
        }
    }
}

/// Receives each edge of the backward pass; `()` records nothing, so the plain backward
/// pays nothing for tracing.
pub(crate) trait Recorder {
    fn step(&mut self, gate: usize, position: usize, input: NodeId, upstream: f64, local: f64, sum: f64);
}

impl Recorder for () {
    #[inline(always)]
    fn step(&mut self, _: usize, _: usize, _: NodeId, _: f64, _: f64, _: f64) {}
}
