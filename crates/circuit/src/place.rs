//! Coordinates, once the order within each column is known: node marks and their sizes,
//! heights (spaced so label pairs never meet), column and gap widths, wire polylines and
//! label boxes.

use autodiff::{format, NodeId, Op};

use crate::geom::{centred_baseline, less, more, text_box, Anchor, Point, Rect, FONT_SIZE, GATE_RADIUS};
use crate::layout::{Builder, LabelGeom, Layout, NodeGeom, Shape, Stub, WireGeom, Work, NONE};

const PAD: f64 = 6.0;
const MARGIN: f64 = 14.0;
/// Vertical room between two column elements.
const SPACING: f64 = 8.0;
/// Half the height of a wire with a label pair: label 1.04 em plus 3 units off the wire.
const LABELLED_HALF: f64 = 3.0 + 1.04 * FONT_SIZE;

/// What a node looks like before it has a position.
struct Mark {
    shape: Shape,
    text: String,
    text_size: f64,
    radius: f64,
    width: f64,
    half_height: f64,
}

/// The x extents of each column and of the label zone in the gap after it.
struct Columns {
    left: Vec<f64>,
    right: Vec<f64>,
    labels_start: Vec<f64>,
    labels_end: Vec<f64>,
}

impl Builder<'_> {
    pub(crate) fn place(self) -> Layout {
        let mut marks = self.marks();
        let y = self.heights(&marks);
        let cols = self.columns(&marks, &y);
        let nodes = self.node_geoms(&mut marks, &y, &cols);
        let wires = self.wires(&nodes, &y, &cols);
        let (labels, stubs) = self.labels(&nodes, &y, &cols);
        let bounds = bounds(&nodes, &labels, &wires);
        let crossings = self.layered.crossings();
        let work = Work {
            elements: self.layered.layer_of.len(),
            edges: self.layered.succs.iter().map(Vec::len).sum(),
            steps: self.layered.steps.get(),
        };
        Layout {
            nodes,
            wires,
            labels,
            stubs,
            bounds,
            crossings,
            work,
            order: self.layered.layers,
            shape: self.shape,
            numbers: self.numbers,
        }
    }

    /// Indexed by node: its mark, `None` if it is not drawn.
    fn marks(&self) -> Vec<Option<Mark>> {
        let mut marks = Vec::with_capacity(self.n);
        for u in self.g.ids() {
            marks.push(if self.drawn(u) { Some(self.mark(u)) } else { None });
        }
        marks
    }

    fn mark(&self, u: NodeId) -> Mark {
        let g = self.g;
        match g.op(u) {
            Op::Input => {
                let text = g.name(u).unwrap_or("").to_string();
                let width = self.text_w(&text, FONT_SIZE) + 12.0;
                Mark {
                    shape: Shape::Input,
                    text,
                    text_size: FONT_SIZE,
                    radius: 3.0,
                    width,
                    half_height: 10.0,
                }
            }
            Op::Const => {
                let text = format::number(g.value(u));
                let width = self.text_w(&text, 11.0) + 10.0;
                Mark { shape: Shape::Constant, text, text_size: 11.0, radius: 10.0, width, half_height: 10.0 }
            }
            op => {
                // max and min keep their constant as a leaf (see `folds`).
                let text =
                    if matches!(op, Op::Max | Op::Min) { op.symbol().to_string() } else { g.gate_label(u) };
                let (text_size, r) = fit_in_circle(self.text_w(&text, 1.0));
                Mark { shape: Shape::Gate, text, text_size, radius: r, width: 2.0 * r, half_height: r }
            }
        }
    }

    /// Heights: each element is kept half its height (more if a label pair sits beside it)
    /// plus [`SPACING`] from its neighbours; dummies weigh double, to keep long wires straight.
    fn heights(&self, marks: &[Option<Mark>]) -> Vec<f64> {
        let elems = self.layered.layer_of.len();
        let mut half = Vec::with_capacity(elems);
        let mut weight = Vec::with_capacity(elems);
        let mut flat = Vec::with_capacity(elems);
        for e in 0..elems {
            // Elements past the nodes are dummies.
            let own = match marks.get(e) {
                Some(mark) => mark.as_ref().map_or(0.0, |m| m.half_height),
                None => 4.0,
            };
            half.push(if self.labelled[e] { more(own, LABELLED_HALF) } else { own });
            let dummy = !self.real(e);
            weight.push(if dummy { 2.0 } else { 1.0 });
            flat.push(dummy);
        }
        let mut y = self.layered.place(&half, SPACING, &weight, &flat);
        let mut top = f64::INFINITY;
        for e in 0..elems {
            if self.shown(e) {
                top = less(top, y[e] - half[e]);
            }
        }
        for v in &mut y {
            *v += MARGIN - top;
        }
        y
    }

    /// Left to right: each column as wide as its widest mark, then a label zone as wide as
    /// its widest label run, then a transition zone where wires curve (wider when they
    /// climb far, so curves stay gentle).
    fn columns(&self, marks: &[Option<Mark>], y: &[f64]) -> Columns {
        let columns = self.layered.layers.len();
        let mut col_w = vec![0.0f64; columns];
        let mut lz_w = vec![0.0f64; columns];
        let mut max_dy = vec![0.0f64; columns];
        for (l, layer) in self.layered.layers.iter().enumerate() {
            for &e in layer {
                if e < self.n {
                    col_w[l] = more(col_w[l], marks[e].as_ref().map_or(0.0, |m| m.width));
                }
            }
        }
        for i in 0..self.n {
            if self.anchor[i] != NONE {
                let l = self.layered.layer_of[self.anchor[i]];
                lz_w[l] = more(lz_w[l], self.run_w[i]);
            }
        }
        for chain in &self.chains {
            for w in chain.windows(2) {
                let l = self.layered.layer_of[w[0]];
                max_dy[l] = more(max_dy[l], (y[w[0]] - y[w[1]]).abs());
            }
        }
        let mut c = Columns {
            left: vec![0.0; columns],
            right: vec![0.0; columns],
            labels_start: vec![0.0; columns],
            labels_end: vec![0.0; columns],
        };
        let mut x = MARGIN;
        for l in 0..columns {
            c.left[l] = x;
            c.right[l] = x + col_w[l];
            c.labels_start[l] = c.right[l] + PAD;
            c.labels_end[l] = c.labels_start[l] + if lz_w[l] > 0.0 { lz_w[l] + PAD } else { 0.0 };
            x = c.labels_end[l] + (max_dy[l] * 0.35).clamp(30.0, 110.0);
        }
        c
    }

    /// Takes each mark's text into its node (`Vec::into_iter` over marks would link an
    /// iterator and its drop code for this one loop).
    fn node_geoms(&self, marks: &mut [Option<Mark>], y: &[f64], cols: &Columns) -> Vec<Option<NodeGeom>> {
        let mut nodes = Vec::with_capacity(marks.len());
        for (i, mark) in marks.iter_mut().enumerate() {
            nodes.push(mark.take().map(|m| node_geom(m, i, self.layer[i], y[i], cols)));
        }
        nodes
    }

    /// The heights where wires enter a gate: spread over its left side, in the order of
    /// the elements they come from, so they never cross at the gate.
    fn ports(&self, nodes: &[Option<NodeGeom>], y: &[f64]) -> Vec<f64> {
        let mut port_y = vec![0.0; self.edges.len()];
        let mut by_gate: Vec<Vec<usize>> = Vec::new();
        by_gate.resize_with(self.n, Vec::new);
        for (k, &(_, v, _)) in self.edges.iter().enumerate() {
            by_gate[v.index()].push(k);
        }
        let upper = |k: usize| y[self.chains[k][self.chains[k].len() - 2]];
        for (v, ks) in by_gate.iter_mut().enumerate() {
            // `ks` is ascending, so the stable sort breaks ties by edge index.
            crate::geom::sort_by_f64(ks, &upper);
            let r = nodes[v].as_ref().map_or(GATE_RADIUS, |n| n.radius);
            let count = ks.len();
            let step = if count > 1 { less(1.2 * r / (count - 1) as f64, 12.0) } else { 0.0 };
            for (j, &k) in ks.iter().enumerate() {
                port_y[k] = y[v] + (j as f64 - (count - 1) as f64 / 2.0) * step;
            }
        }
        port_y
    }

    /// Where a wire leaves element `e`.
    fn x_out(&self, nodes: &[Option<NodeGeom>], cols: &Columns, e: usize) -> f64 {
        match nodes.get(e).and_then(Option::as_ref) {
            Some(ng) if ng.shape == Shape::Gate => ng.center.x + ng.radius,
            Some(ng) => ng.rect.x1,
            None => cols.right[self.layered.layer_of[e]],
        }
    }

    /// Each wire: straight through its source's label zone (where a fork branches), a
    /// curve across the transition zone, straight through a dummy's column, and so on to
    /// the consumer's port.
    fn wires(&self, nodes: &[Option<NodeGeom>], y: &[f64], cols: &Columns) -> Vec<WireGeom> {
        let port_y = self.ports(nodes, y);
        let samples = if self.layered.layer_of.len() <= 4_000 { 10 } else { 4 };
        let layer_of = &self.layered.layer_of;
        let mut wires = Vec::with_capacity(self.edges.len());
        for (k, &(u, v, p)) in self.edges.iter().enumerate() {
            let chain = &self.chains[k];
            let mut pts = vec![Point::new(self.x_out(nodes, cols, chain[0]), y[chain[0]])];
            for (s, w) in chain.windows(2).enumerate() {
                let (a, b) = (w[0], w[1]);
                let last = s + 2 == chain.len();
                let from = Point::new(cols.labels_end[layer_of[a]], y[a]);
                if from.x > pts[pts.len() - 1].x {
                    pts.push(from);
                }
                let to = Point::new(cols.left[layer_of[b]], if last { port_y[k] } else { y[b] });
                curve(&mut pts, from, to, samples);
                if last {
                    let (c, r) = nodes[b].as_ref().map_or((to, GATE_RADIUS), |ng| (ng.center, ng.radius));
                    let dy = less((to.y - c.y).abs(), r);
                    let entry = c.x - (r * r - dy * dy).sqrt();
                    if entry > to.x {
                        pts.push(Point::new(entry, to.y));
                    }
                } else if cols.right[layer_of[b]] > to.x {
                    pts.push(Point::new(cols.right[layer_of[b]], y[b]));
                }
            }
            wires.push(WireGeom { from: u, to: v, position: p, bounds: Rect::bounding(&pts), points: pts });
        }
        wires
    }

    /// Label boxes at the start of the label zone beside each node's anchor element, and
    /// the stubs of values nobody uses (the output's ends at its name).
    fn labels(
        &self,
        nodes: &[Option<NodeGeom>],
        y: &[f64],
        cols: &Columns,
    ) -> (Vec<Option<LabelGeom>>, Vec<Stub>) {
        let g = self.g;
        let s = FONT_SIZE;
        let space = self.text_w(" ", s);
        let mut labels = Vec::with_capacity(self.n);
        let mut stubs = Vec::new();
        for u in g.ids() {
            let i = u.index();
            let a = self.anchor[i];
            if a == NONE {
                labels.push(None);
                continue;
            }
            let (wy, l) = (y[a], self.layered.layer_of[a]);
            let mut x = cols.labels_start[l];
            let mut name = None;
            if self.name_in_run(u) {
                name = Some(text_box(Point::new(x, wy - 3.0 - 0.26 * s), self.name_w[i], Anchor::Start, s));
                x += self.name_w[i] + space;
            }
            let w = self.run_w[i] - (x - cols.labels_start[l]);
            let value = Rect::new(x, wy - 3.0 - 1.04 * s, x + w, wy - 3.0);
            let has_grad = g.output().is_some_and(|o| u <= o);
            let grad = has_grad.then(|| Rect::new(x, wy + 3.0, x + w, wy + 3.0 + 1.04 * s));
            if self.uses_drawn[i] == 0 {
                let end = cols.labels_end[l];
                stubs.push((u, [Point::new(self.x_out(nodes, cols, i), wy), Point::new(end, wy)]));
                if self.name_after(u) {
                    let pos = Point::new(end + 4.0, centred_baseline(wy, s));
                    name = Some(text_box(pos, self.name_w[i], Anchor::Start, s));
                }
            }
            labels.push(Some(LabelGeom { wire_y: wy, name, value, grad }));
        }
        (labels, stubs)
    }
}

/// Node `i`'s mark placed at height `cy` in column `l`.
fn node_geom(m: Mark, i: usize, l: usize, cy: f64, cols: &Columns) -> NodeGeom {
    let r = m.radius;
    // Inputs and constants hug the right of their column, so their wires are short.
    let (center, rect) = match m.shape {
        Shape::Input => (
            Point::new(cols.right[l] - r, cy),
            Rect::new(cols.right[l] - m.width, cy - 10.0, cols.right[l], cy + 10.0),
        ),
        Shape::Constant => {
            let rect = Rect::new(cols.right[l] - m.width, cy - r, cols.right[l], cy + r);
            (Point::new((rect.x0 + rect.x1) / 2.0, cy), rect)
        }
        Shape::Gate => {
            let c = Point::new((cols.left[l] + cols.right[l]) / 2.0, cy);
            (c, Rect::around(c, r, r))
        }
    };
    NodeGeom {
        id: NodeId(i as u32),
        shape: m.shape,
        center,
        radius: r,
        rect,
        text: m.text,
        text_size: m.text_size,
        column: l,
    }
}

/// Everything drawn, plus a margin.
fn bounds(nodes: &[Option<NodeGeom>], labels: &[Option<LabelGeom>], wires: &[WireGeom]) -> Rect {
    let mut b = Rect::EMPTY;
    for ng in nodes {
        let Some(ng) = ng else { continue };
        b = b.union(&ng.rect);
    }
    for lg in labels.iter().flatten() {
        for r in [Some(lg.value), lg.grad, lg.name].iter().flatten() {
            b = b.union(r);
        }
    }
    for w in wires {
        b = b.union(&w.bounds);
    }
    if b.x0.is_finite() {
        b.grown(MARGIN)
    } else {
        Rect::new(0.0, 0.0, 2.0 * MARGIN, 2.0 * MARGIN)
    }
}

/// The font size and radius for a gate label of `unit_w` width per unit of font size:
/// shrink the text down to 9 units, then grow the circle.
fn fit_in_circle(unit_w: f64) -> (f64, f64) {
    let room = 2.0 * GATE_RADIUS - 8.0;
    let size = (room / unit_w.max(1e-9)).clamp(9.0, FONT_SIZE);
    let r = more(GATE_RADIUS, unit_w * size / 2.0 + 4.0);
    (size, r)
}

/// A cubic curve with horizontal ends from `a` to `b`, sampled into `pts` (`a` excluded).
fn curve(pts: &mut Vec<Point>, a: Point, b: Point, samples: usize) {
    if (a.y - b.y).abs() < 0.5 {
        pts.push(b);
        return;
    }
    let dx = (b.x - a.x) / 2.0;
    for k in 1..=samples {
        let t = k as f64 / samples as f64;
        let s = 1.0 - t;
        // Control points (a.x + dx, a.y) and (b.x - dx, b.y).
        let x =
            s * s * s * a.x + 3.0 * s * s * t * (a.x + dx) + 3.0 * s * t * t * (b.x - dx) + t * t * t * b.x;
        let yy = s * s * s * a.y + 3.0 * s * s * t * a.y + 3.0 * s * t * t * b.y + t * t * t * b.y;
        pts.push(Point::new(x, yy));
    }
}
