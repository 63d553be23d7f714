//! Where everything goes: a layered (Sugiyama-style) drawing of a [`Graph`].
//!
//! Inputs sit in the leftmost column, the output in the rightmost; a gate's column is the
//! longest path to it from the inputs. Wires spanning several columns get invisible
//! "dummy" elements so they route between gates, and the order inside each column is
//! chosen to avoid crossings: barycentre sweeps, sifting and a few shuffled restarts,
//! within a fixed work budget (see `order.rs`).
//!
//! Each gap between two columns has a label zone, then a transition zone. A value's
//! labels (name, value above the wire, gradient below) sit in a label zone on a horizontal
//! stretch of its wire at the height of one column element, and elements are spaced so
//! that two label pairs never meet. Wires then curve to their consumer in the transition
//! zone, where no label lives. A value used once is labelled in the gap just before its
//! consumer; an input, and a value used by several gates (a fork), is labelled once, right
//! after its source, and a fork's wire branches after the labels.

use autodiff::{format, Graph, NodeId, Op, Step};

use crate::geom::{more, Point, Rect, TextMetrics, FONT_SIZE};
use crate::order::Layered;

/// The kind of mark a node is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A labelled stub at the left: the name, then a dot where the wire starts.
    Input,
    /// A circle with the gate's label (`+`, `*-1`, `exp`, `σ`).
    Gate,
    /// A small box holding a number, for constants that are not folded into a gate label.
    Constant,
}

/// A drawn node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeGeom {
    pub id: NodeId,
    pub shape: Shape,
    /// A gate's centre; an input's wire start (the dot); a constant box's centre.
    pub center: Point,
    /// A gate's radius (inputs: the dot's radius; constants: half the box height).
    pub radius: f64,
    /// Everything the node covers, for hit tests and bounds.
    pub rect: Rect,
    /// The gate label, the constant's value, or the input's name.
    pub text: String,
    pub text_size: f64,
    /// The column, 0 = inputs.
    pub column: usize,
}

/// The wire of one operand edge: from the operand's node to `position` of gate `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct WireGeom {
    pub from: NodeId,
    pub to: NodeId,
    pub position: usize,
    /// A polyline from the source to the gate's port (curves are sampled).
    pub points: Vec<Point>,
    /// The smallest rectangle holding `points`, kept because every frame asks for it.
    pub bounds: Rect,
}

/// The reserved boxes for a value's labels. Each box is wide enough for every text the
/// timeline can put there (the final gradient and every partial sum at a fork).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelGeom {
    /// The height of the wire the labels sit on.
    pub wire_y: f64,
    /// The name of a named intermediate, left of the value (or after an output's stub).
    pub name: Option<Rect>,
    /// Above the wire.
    pub value: Rect,
    /// Below the wire; `None` for nodes whose gradient is never computed.
    pub grad: Option<Rect>,
}

impl LabelGeom {
    /// All of the value's label boxes: its name, value and gradient.
    pub fn run(&self) -> Rect {
        let mut run = self.value;
        // Two `if let`s, not a loop over `[name, grad]`: the array's iterator is code of its own.
        if let Some(r) = self.name {
            run = run.union(&r);
        }
        if let Some(r) = self.grad {
            run = run.union(&r);
        }
        run
    }
}

/// A short wire out of a value nobody uses, from the node to the end of its label zone.
pub type Stub = (NodeId, [Point; 2]);

/// Positions for every drawn node, wire and label of a graph.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub(crate) nodes: Vec<Option<NodeGeom>>,
    pub(crate) wires: Vec<WireGeom>,
    pub(crate) labels: Vec<Option<LabelGeom>>,
    pub(crate) stubs: Vec<Stub>,
    pub(crate) bounds: Rect,
    pub(crate) crossings: usize,
    pub(crate) work: Work,
    /// The order of every column, and the graph shape it was computed for, so that
    /// [`Layout::relayout`] can skip the ordering when only values changed.
    pub(crate) order: Vec<Vec<usize>>,
    pub(crate) shape: u64,
    /// Indexed by node: the width its numbers were given ([`number_widths`]).
    pub(crate) numbers: Vec<f64>,
}

/// What a layout cost, counted instead of timed: the same on every machine, so a test can
/// hold it to a bound where a clock would be noisy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Elements of the layered drawing: the drawn nodes, and one invisible element for
    /// each column a long wire passes through.
    pub elements: usize,
    /// Edges between elements of consecutive columns.
    pub edges: usize,
    /// Elements and edges visited while ordering the columns (sweeps, sifting, crossing
    /// counts) and placing them (the height passes).
    pub steps: usize,
}

/// Labels are at least this many characters wide, so small edits do not shift the layout.
const MIN_LABEL_CHARS: &str = "0000";
/// Above this many dummies, long wires are drawn as one curve instead of routed.
const MAX_DUMMIES: usize = 20_000;

impl Layout {
    /// Lays out `graph` at its current values and gradients (run `recompute` first).
    pub fn new(graph: &Graph, metrics: &dyn TextMetrics) -> Layout {
        Layout::traced(graph, &graph.clone().trace(), metrics)
    }

    /// [`Layout::new`] with the graph's backward trace already at hand (`graph.trace()`):
    /// a gradient label is as wide as the widest partial sum the trace shows on it.
    pub fn traced(graph: &Graph, steps: &[Step], metrics: &dyn TextMetrics) -> Layout {
        Builder::new(graph, steps, metrics).build()
    }

    /// Lays out `graph` again, reusing this layout's order within the columns when the graph
    /// has the same shape (same gates, wires and names; only values changed). The result is
    /// identical to [`Layout::new`], computed without the crossing reduction, which is most
    /// of the work: what an input edit on the page needs.
    pub fn relayout(&self, graph: &Graph, steps: &[Step], metrics: &dyn TextMetrics) -> Layout {
        let mut b = Builder::new(graph, steps, metrics);
        if b.shape == self.shape && !self.order.is_empty() {
            b.reuse = Some(self.order.clone());
        }
        b.build()
    }

    /// Whether this layout of `graph` still holds its current numbers: the same shape, and
    /// every value and gradient text fits the width its label was given. Then a page can
    /// keep it as it is when an input changes, and the circuit stays still while a student
    /// scrubs (labels only ever grow, through [`Layout::relayout`]).
    pub fn fits(&self, graph: &Graph, steps: &[Step], metrics: &dyn TextMetrics) -> bool {
        shape_of(graph) == self.shape
            && self.numbers.len() == graph.len()
            && number_widths(graph, steps, metrics).iter().zip(&self.numbers).all(|(need, have)| need <= have)
    }

    /// The geometry of a node, `None` if it is not drawn (a constant folded into a gate).
    pub fn node(&self, id: NodeId) -> Option<&NodeGeom> {
        self.nodes.get(id.index()).and_then(Option::as_ref)
    }

    /// Every drawn node in tape order.
    pub fn nodes(&self) -> impl Iterator<Item = &NodeGeom> {
        self.nodes.iter().flatten()
    }

    /// Every wire, ordered by (consumer, operand position).
    pub fn wires(&self) -> &[WireGeom] {
        &self.wires
    }

    /// The wire into operand `position` of `gate`.
    pub fn wire(&self, gate: NodeId, position: usize) -> Option<&WireGeom> {
        self.wires
            .binary_search_by(|w| (w.to, w.position).cmp(&(gate, position)))
            .ok()
            .map(|i| &self.wires[i])
    }

    /// The line a node's value leaves along: its first wire out, or the output's stub.
    pub fn out_track(&self, id: NodeId) -> Option<&[Point]> {
        match self.wires.iter().find(|w| w.from == id) {
            Some(w) => Some(&w.points),
            None => self.stubs.iter().find(|(from, _)| *from == id).map(|(_, ends)| &ends[..]),
        }
    }

    /// Where a node's value, gradient and name labels go.
    pub fn label(&self, id: NodeId) -> Option<&LabelGeom> {
        self.labels.get(id.index()).and_then(Option::as_ref)
    }

    /// Short wires out of nodes nobody uses: the output's, which ends at its name.
    pub fn stubs(&self) -> &[Stub] {
        &self.stubs
    }

    /// Everything drawn, with a margin.
    pub fn bounds(&self) -> Rect {
        self.bounds
    }

    /// Crossings between consecutive columns left by the ordering (wires of one fork that
    /// share their start are not counted).
    pub fn crossings(&self) -> usize {
        self.crossings
    }

    /// What ordering and placing the columns took (less after [`Layout::relayout`] with a
    /// reused order).
    pub fn work(&self) -> Work {
        self.work
    }
}

/// Whether gate `v` draws the constant at operand `p` inside its label. max and min keep
/// theirs as a leaf, because which input won is the lesson of those gates.
fn folds(g: &Graph, v: NodeId, p: usize) -> bool {
    matches!(g.folded_constant(v), Some((q, _)) if q == p) && !matches!(g.op(v), Op::Max | Op::Min)
}

/// Whether `order` lists exactly the elements of each of `layers`, in any order.
fn same_elements(order: &[Vec<usize>], layers: &[Vec<usize>], elems: usize) -> bool {
    let mut layer_of = vec![usize::MAX; elems];
    for (l, layer) in layers.iter().enumerate() {
        for &e in layer {
            layer_of[e] = l;
        }
    }
    if order.len() != layers.len() {
        return false;
    }
    for (l, (a, b)) in order.iter().zip(layers).enumerate() {
        if a.len() != b.len() {
            return false;
        }
        for &e in a {
            if e >= elems || std::mem::replace(&mut layer_of[e], usize::MAX) != l {
                return false;
            }
        }
    }
    true
}

/// Marks a missing index (an element that is a dummy, a node without a label anchor).
pub(crate) const NONE: usize = usize::MAX;

/// The layout under construction. Steps run in order (`Layout::new`), each filling in the
/// fields the next ones read: layers, then the order within them, then what gets a label
/// where, then coordinates (`place.rs`).
pub(crate) struct Builder<'a> {
    pub g: &'a Graph,
    /// The graph's backward trace, for the widths of the gradient labels.
    pub steps: &'a [Step],
    pub m: &'a dyn TextMetrics,
    pub n: usize,
    pub uses: Vec<Vec<(NodeId, usize)>>,
    /// Constants drawn inside their gate's label, not as nodes.
    pub hidden: Vec<bool>,
    /// Drawn edges (from, to, position), ordered by (to, position).
    pub edges: Vec<(NodeId, NodeId, usize)>,
    pub layer: Vec<usize>,
    /// Elements: drawn nodes first (element i = node i), then dummies; `elem_node` is
    /// [`NONE`] for a dummy.
    pub elem_node: Vec<usize>,
    /// Per edge, its elements from source to consumer.
    pub chains: Vec<Vec<usize>>,
    pub layered: Layered,
    /// Per node, the element whose height its label pair sits at ([`NONE`]: no labels).
    pub anchor: Vec<usize>,
    pub labelled: Vec<bool>,
    /// Per node, the width of its label run (name, then value over gradient).
    pub run_w: Vec<f64>,
    /// Indexed by node: the width of its numbers ([`number_widths`]).
    pub numbers: Vec<f64>,
    pub name_w: Vec<f64>,
    /// Per node, how many drawn wires leave it (2 or more: a fork).
    pub uses_drawn: Vec<usize>,
    /// A fingerprint of the graph's structure (see [`shape_of`]).
    pub shape: u64,
    /// A previous layout's column order for a graph of the same shape.
    pub reuse: Option<Vec<Vec<usize>>>,
}

/// FNV-1a over what the column order depends on: ops, operands, the output. Values do
/// not matter (they only change label widths); names do not either.
fn shape_of(g: &Graph) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    let mut eat = |x: u64| {
        h ^= x;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(g.len() as u64);
    eat(g.output().map_or(u64::MAX, |o| o.0 as u64));
    for id in g.ids() {
        eat(g.op(id) as u64);
        for a in g.operands(id) {
            eat(a.0 as u64);
        }
        eat(u64::MAX);
    }
    h
}

impl<'a> Builder<'a> {
    fn new(g: &'a Graph, steps: &'a [Step], m: &'a dyn TextMetrics) -> Builder<'a> {
        let n = g.len();
        let mut uses = Vec::new();
        uses.resize_with(n, Vec::new);
        for v in g.ids() {
            for (p, &u) in g.operands(v).iter().enumerate() {
                uses[u.index()].push((v, p));
            }
        }
        // A constant nobody uses is left over from `1 / e` becoming a 1/x gate: hide it too,
        // unless the whole program is that constant.
        let mut hidden = Vec::with_capacity(n);
        for u in g.ids() {
            let us = &uses[u.index()];
            hidden.push(
                g.op(u) == Op::Const && Some(u) != g.output() && us.iter().all(|&(v, p)| folds(g, v, p)),
            );
        }
        let mut edges = Vec::new();
        for v in g.ids() {
            for (p, &u) in g.operands(v).iter().enumerate() {
                if !hidden[u.index()] {
                    edges.push((u, v, p));
                }
            }
        }
        Builder {
            shape: shape_of(g),
            reuse: None,
            g,
            steps,
            m,
            n,
            uses,
            hidden,
            edges,
            layer: vec![0; n],
            elem_node: Vec::new(),
            chains: Vec::new(),
            layered: Layered::default(),
            anchor: vec![NONE; n],
            labelled: Vec::new(),
            run_w: vec![0.0; n],
            numbers: Vec::new(),
            name_w: vec![0.0; n],
            uses_drawn: vec![0; n],
        }
    }

    pub fn drawn(&self, id: NodeId) -> bool {
        !self.hidden[id.index()]
    }

    /// Whether element `e` is drawn (a dummy, or a node that is not a folded constant).
    pub fn shown(&self, e: usize) -> bool {
        e >= self.n || !self.hidden[e]
    }

    pub fn real(&self, e: usize) -> bool {
        self.elem_node[e] != NONE
    }

    fn is_gate(&self, id: NodeId) -> bool {
        !matches!(self.g.op(id), Op::Input | Op::Const)
    }

    pub fn text_w(&self, s: &str, size: f64) -> f64 {
        self.m.width(s, size)
    }

    fn build(mut self) -> Layout {
        if self.g.is_empty() {
            return Layout::default();
        }
        self.assign_layers();
        self.add_dummies();
        self.order();
        self.plan_labels();
        self.place()
    }

    /// Longest path from the inputs; constants one column before their first user; the
    /// output alone at the right unless something uses it.
    fn assign_layers(&mut self) {
        let g = self.g;
        for v in g.ids() {
            if self.is_gate(v) {
                let mut deepest = 1;
                for &u in g.operands(v) {
                    if g.op(u) != Op::Const {
                        deepest = deepest.max(self.layer[u.index()] + 1);
                    }
                }
                self.layer[v.index()] = deepest;
            }
        }
        for u in g.ids() {
            if g.op(u) == Op::Const {
                let mut first = usize::MAX;
                for &(v, _) in &self.uses[u.index()] {
                    first = first.min(self.layer[v.index()]);
                }
                self.layer[u.index()] = if first == usize::MAX { 0 } else { first.saturating_sub(1) };
            }
        }
        if let Some(o) = g.output() {
            if self.is_gate(o) && self.uses[o.index()].is_empty() {
                let mut last = 0;
                for u in g.ids() {
                    if self.drawn(u) {
                        last = last.max(self.layer[u.index()]);
                    }
                }
                self.layer[o.index()] = last;
            }
        }
    }

    /// One invisible element per column a wire passes through, so long wires are routed
    /// between gates and counted by the crossing reduction. Past [`MAX_DUMMIES`] (deep
    /// generated programs) long wires are drawn as one curve instead.
    fn add_dummies(&mut self) {
        let n = self.n;
        let mut layer_of: Vec<usize> = self.layer.clone();
        self.elem_node.extend(0..n);
        let mut total = 0;
        for &(u, v, _) in &self.edges {
            total += self.layer[v.index()].saturating_sub(self.layer[u.index()] + 1);
        }
        let route = total <= MAX_DUMMIES;
        for &(u, v, _) in &self.edges {
            let mut chain = vec![u.index()];
            if route {
                for l in self.layer[u.index()] + 1..self.layer[v.index()] {
                    chain.push(layer_of.len());
                    layer_of.push(l);
                    self.elem_node.push(NONE);
                }
            }
            chain.push(v.index());
            self.chains.push(chain);
        }
        let elems = layer_of.len();
        let mut preds = Vec::new();
        preds.resize_with(elems, Vec::new);
        let mut succs = Vec::new();
        succs.resize_with(elems, Vec::new);
        for chain in &self.chains {
            for w in chain.windows(2) {
                succs[w[0]].push(w[1]);
                preds[w[1]].push(w[0]);
            }
        }
        let g = self.g;
        let mut ordered = Vec::with_capacity(elems);
        for (e, p) in preds.iter().enumerate() {
            ordered
                .push(e < n && matches!(g.op(NodeId(e as u32)), Op::Sub | Op::Div | Op::Pow) && p.len() == 2);
        }
        self.layered.layer_of = layer_of;
        self.layered.preds = preds;
        self.layered.succs = succs;
        self.layered.ordered = ordered;
    }

    /// The order within each column: start from the program's structure (post-order from
    /// the output, operands top to bottom, which is crossing-free for trees), then reduce
    /// crossings, then turn the picture the way the program reads.
    fn order(&mut self) {
        let n = self.n;
        let elems = self.layered.layer_of.len();
        let rank = self.dfs_rank();
        let mut columns = 1;
        for e in 0..elems {
            if self.shown(e) {
                columns = columns.max(self.layered.layer_of[e] + 1);
            }
        }
        let mut layers: Vec<Vec<usize>> = Vec::new();
        layers.resize_with(columns, Vec::new);
        let mut key = vec![0.0; elems];
        for e in 0..elems {
            if !self.shown(e) {
                continue;
            }
            if e < n {
                key[e] = rank[e] as f64;
            }
            layers[self.layered.layer_of[e]].push(e);
        }
        for chain in &self.chains {
            for &d in &chain[1..chain.len() - 1] {
                key[d] = rank[chain[0]] as f64 + 0.5;
            }
        }
        for layer in &mut layers {
            crate::geom::sort_by_f64(layer, &|a| key[a]);
        }
        // A reused order must hold exactly these layers' elements (a fingerprint can collide).
        let reuse = self.reuse.take().filter(|order| same_elements(order, &layers, elems));
        if let Some(order) = reuse {
            self.layered.layers = order;
        } else {
            self.layered.layers = layers;
            self.layered.reduce_crossings();
            if elems <= 2_000 {
                self.layered.orient(&key);
            }
        }
    }

    /// Post-order rank of every node from the output (operands first, in order), then the
    /// nodes the output does not depend on, in tape order.
    fn dfs_rank(&self) -> Vec<usize> {
        let g = self.g;
        let mut rank = vec![NONE; self.n];
        let mut next = 0;
        let mut stack: Vec<(NodeId, usize)> = Vec::new();
        for root in g.output().into_iter().chain(g.ids().rev()) {
            if rank[root.index()] != NONE {
                continue;
            }
            stack.push((root, 0));
            while let Some(&mut (v, ref mut k)) = stack.last_mut() {
                let ops = g.operands(v);
                if *k < ops.len() {
                    let u = ops[*k];
                    *k += 1;
                    // A DAG: an operand is never on the stack already, only maybe ranked.
                    if rank[u.index()] == NONE {
                        stack.push((u, 0));
                    }
                } else {
                    rank[v.index()] = next;
                    next += 1;
                    stack.pop();
                }
            }
        }
        rank
    }

    /// Decides which element each value's labels sit beside and how wide they are: a value
    /// used once is labelled beside the last element before its consumer; an input, a
    /// fork, a dead end or the output beside its source.
    fn plan_labels(&mut self) {
        let g = self.g;
        let out = g.output();
        self.numbers = number_widths(g, self.steps, self.m);
        let space = self.text_w(" ", FONT_SIZE);
        self.labelled = vec![false; self.layered.layer_of.len()];
        let mut edge_of_source = vec![NONE; self.n];
        for (k, &(u, _, _)) in self.edges.iter().enumerate() {
            if edge_of_source[u.index()] == NONE {
                edge_of_source[u.index()] = k;
            }
            self.uses_drawn[u.index()] += 1;
        }
        for u in g.ids() {
            if !self.drawn(u) || g.op(u) == Op::Const {
                continue;
            }
            let i = u.index();
            let is_out = Some(u) == out;
            // Inputs keep their value beside their name, where a student looks for it.
            self.anchor[i] = if is_out || self.uses_drawn[i] != 1 || g.op(u) == Op::Input {
                i
            } else {
                let chain = &self.chains[edge_of_source[i]];
                chain[chain.len() - 2]
            };
            self.labelled[self.anchor[i]] = true;
            self.name_w[i] = g.name(u).map_or(0.0, |s| self.text_w(s, FONT_SIZE));
            let name_w = if self.name_in_run(u) { self.name_w[i] + space } else { 0.0 };
            self.run_w[i] = self.numbers[i] + name_w;
        }
    }

    /// Whether a node's name is written in its label run: intermediates yes; inputs have
    /// theirs on the stub, and the output writes its name at the end of its wire.
    pub fn name_in_run(&self, u: NodeId) -> bool {
        let i = u.index();
        self.g.op(u) != Op::Input && self.name_w[i] > 0.0 && !self.name_after(u)
    }

    pub fn name_after(&self, u: NodeId) -> bool {
        self.g.output() == Some(u) && self.uses_drawn[u.index()] == 0 && self.name_w[u.index()] > 0.0
    }
}

/// Indexed by node: the width its label needs for its numbers, the value and the widest
/// gradient text it ever shows (the final value and every partial sum, replayed in the
/// engine's order: reverse tape, operands in order), at least `MIN_LABEL_CHARS` wide.
fn number_widths(g: &Graph, steps: &[Step], m: &dyn TextMetrics) -> Vec<f64> {
    let w = |x: f64| m.width(&format::number(x), FONT_SIZE);
    let min = m.width(MIN_LABEL_CHARS, FONT_SIZE);
    let mut width = Vec::with_capacity(g.len());
    for &v in g.values() {
        width.push(more(w(v), min));
    }
    if let Some(out) = g.output() {
        width[out.index()] = more(width[out.index()], w(1.0));
    }
    // Every partial sum a wire's gradient label shows during the backward pass.
    for step in steps {
        if let Some(have) = width.get_mut(step.input.index()) {
            *have = more(*have, w(step.sum));
        }
    }
    width
}
