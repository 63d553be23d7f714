//! A neuron that learns: the gradients the page animates, put to work. A sigmoid neuron
//! `p = σ(w0 x0 + w1 x1 + b)` is trained by full-batch gradient descent on a small fixed
//! 2-D dataset, the loss being the mean binary cross-entropy
//! `L = -(1/N) Σ [y log p + (1 - y) log(1 - p)]`, built as one engine graph (so the
//! gradients are the engine's, from the same backward pass the page shows).
//!
//! ```
//! let mut trainer = lessons::train::Trainer::new();
//! let before = trainer.loss();
//! for _ in 0..20 {
//!     trainer.step();
//! }
//! assert!(trainer.loss() < before);
//! assert_eq!(trainer.history.len(), 21);
//! ```

use autodiff::{format::number, sigmoid, Graph, NodeId, Op};

/// One training example.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// The first coordinate.
    pub x0: f64,
    /// The second coordinate.
    pub x1: f64,
    /// The class, 0 or 1: the target probability.
    pub label: u8,
}

const fn pt(x0: f64, x1: f64, label: u8) -> Point {
    Point { x0, x1, label }
}

/// The dataset: 16 points, class 1 up and to the right, class 0 down and to the left, with
/// one of each on the other side so that no line separates them perfectly (and the best
/// weights stay finite).
pub const POINTS: [Point; 16] = [
    pt(1.0, 2.0, 1),
    pt(2.0, 1.0, 1),
    pt(1.5, 1.5, 1),
    pt(2.5, 2.0, 1),
    pt(0.5, 1.5, 1),
    pt(2.0, 0.0, 1),
    pt(1.0, 0.5, 1),
    pt(-0.5, -1.0, 1),
    pt(-1.0, -1.5, 0),
    pt(-2.0, -1.0, 0),
    pt(-1.5, -0.5, 0),
    pt(0.0, -1.0, 0),
    pt(-0.5, -2.0, 0),
    pt(-2.0, 0.5, 0),
    pt(0.5, -0.5, 0),
    pt(1.5, 0.8, 0),
];

/// The square the page draws, `[VIEW.0, VIEW.1]` on both axes; every point lies inside.
pub const VIEW: (f64, f64) = (-3.0, 3.0);

/// The starting weights `[w0, w1, b]`: a boundary tilted the wrong way, so learning shows.
pub const START: [f64; 3] = [-1.0, 0.5, 0.5];

/// The default learning rate.
pub const LEARNING_RATE: f64 = 0.5;

/// One example's loss as a program the page can open as a circuit, with its input values.
#[derive(Debug, Clone, PartialEq)]
pub struct PointProgram {
    /// The program: the five inputs, `p = sigmoid(w0*x0 + w1*x1 + b)` and that example's
    /// cross-entropy `loss = -log(p)` (class 1) or `loss = -log(1 - p)` (class 0). The
    /// numbers in the text are rounded to 4 digits for reading.
    pub text: String,
    /// The exact values of `w0`, `w1`, `b`, `x0`, `x1`: set them after compiling.
    pub inputs: [(&'static str, f64); 5],
}

/// Full-batch gradient descent on the neuron.
#[derive(Debug, Clone)]
pub struct Trainer {
    /// `[w0, w1, b]`.
    pub params: [f64; 3],
    /// The learning rate: each step moves the params by `-lr * gradient`.
    pub lr: f64,
    /// The loss at the start and after every step.
    pub history: Vec<f64>,
    /// The loss over all of [`POINTS`]; its inputs are w0, w1, b.
    graph: Graph,
}

impl Default for Trainer {
    fn default() -> Trainer {
        Trainer::new()
    }
}

impl Trainer {
    /// A neuron at [`START`] with [`LEARNING_RATE`].
    pub fn new() -> Trainer {
        Trainer::with(START, LEARNING_RATE)
    }

    /// A neuron at `params` with learning rate `lr`.
    pub fn with(params: [f64; 3], lr: f64) -> Trainer {
        let mut t = Trainer { params, lr, history: Vec::new(), graph: loss_graph() };
        let loss = t.loss();
        t.history.push(loss);
        t
    }

    fn load(&mut self) {
        for (k, &p) in self.params.iter().enumerate() {
            // The graph's first three nodes are its inputs, so this cannot fail.
            let _ = self.graph.set_value(NodeId(k as u32), p);
        }
    }

    /// The mean cross-entropy at the current params.
    pub fn loss(&mut self) -> f64 {
        self.load();
        self.graph.forward();
        self.graph.output().map_or(f64::NAN, |o| self.graph.value(o))
    }

    /// dL/d[w0, w1, b] at the current params, from the engine's backward pass.
    pub fn gradient(&mut self) -> [f64; 3] {
        self.load();
        self.graph.recompute();
        [self.graph.grad(NodeId(0)), self.graph.grad(NodeId(1)), self.graph.grad(NodeId(2))]
    }

    /// One gradient step; returns the new loss (also pushed onto `history`).
    pub fn step(&mut self) -> f64 {
        let grad = self.gradient();
        for (p, g) in self.params.iter_mut().zip(grad) {
            *p -= self.lr * g;
        }
        let loss = self.loss();
        self.history.push(loss);
        loss
    }

    /// The neuron's probability of class 1 at `(x0, x1)`.
    pub fn predict(&self, x0: f64, x1: f64) -> f64 {
        let [w0, w1, b] = self.params;
        sigmoid(w0 * x0 + w1 * x1 + b)
    }

    /// The line `p = 0.5` (`w0 x0 + w1 x1 + b = 0`) as a segment across the [`VIEW`] square,
    /// `None` if it misses the square or the weights are both 0.
    pub fn decision_boundary(&self) -> Option<[(f64, f64); 2]> {
        let [w0, w1, b] = self.params;
        let (lo, hi) = VIEW;
        let inside = |v: f64| (lo..=hi).contains(&v);
        let mut hits: Vec<(f64, f64)> = Vec::with_capacity(4);
        for edge in [lo, hi] {
            if w1 != 0.0 {
                let y = -(b + w0 * edge) / w1;
                hits.extend(inside(y).then_some((edge, y)));
            }
            if w0 != 0.0 {
                let x = -(b + w1 * edge) / w0;
                hits.extend(inside(x).then_some((x, edge)));
            }
        }
        let &first = hits.first()?;
        let dist = |p: &(f64, f64)| (p.0 - first.0).powi(2) + (p.1 - first.1).powi(2);
        let far = hits.iter().copied().max_by(|a, b| dist(a).total_cmp(&dist(b)))?;
        (dist(&far) > 0.0).then_some([first, far])
    }

    /// Example `i`'s loss at the current params as a program, `None` past the dataset.
    pub fn program_for_point(&self, i: usize) -> Option<PointProgram> {
        let p = POINTS.get(i)?;
        let [w0, w1, b] = self.params;
        let inputs = [("w0", w0), ("w1", w1), ("b", b), ("x0", p.x0), ("x1", p.x1)];
        let mut text = String::new();
        for (name, v) in inputs {
            text.push_str(name);
            text.push_str(" = ");
            text.push_str(&number(v));
            text.push('\n');
        }
        text.push_str("p = sigmoid(w0*x0 + w1*x1 + b)\n");
        text.push_str(if p.label == 1 { "loss = -log(p)" } else { "loss = -log(1 - p)" });
        Some(PointProgram { text, inputs })
    }
}

/// The mean cross-entropy over [`POINTS`] as one graph: inputs w0, w1, b (nodes 0, 1, 2),
/// one neuron gate and one log per point, a sum and a scale by 1/N.
fn loss_graph() -> Graph {
    let mut g = Graph::with_capacity(8 * POINTS.len() + 8);
    let w = [g.input("w0", START[0]), g.input("w1", START[1])];
    let b = g.input("b", START[2]);
    let mut terms = Vec::with_capacity(POINTS.len());
    for p in POINTS {
        let x = [g.constant(p.x0), g.constant(p.x1)];
        let z = g.affine(b, &w, &x);
        let prob = g.unary(Op::Sigmoid, z);
        // log p for class 1, log(1 - p) for class 0: the log-likelihood of the label.
        let likelihood = if p.label == 1 {
            prob
        } else {
            let one = g.constant(1.0);
            g.binary(Op::Sub, one, prob)
        };
        let log = g.unary(Op::Log, likelihood);
        terms.push(g.unary(Op::Neg, log));
    }
    let total = g.sum(&terms);
    let scale = g.constant(1.0 / POINTS.len() as f64);
    let mean = g.mul(total, scale);
    g.set_output(mean);
    g
}

#[cfg(test)]
mod tests;
