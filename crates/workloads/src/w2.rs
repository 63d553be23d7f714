//! W2 "micrograd demo": Karpathy's demo notebook, full batch. An MLP 2-16-16-1 (ReLU
//! hidden, linear output) on 100 moons points; loss = mean_i relu(1 - y_i score_i) +
//! 1e-4 sum_p p^2; 20 steps of forward (build) + zero grads + backward + SGD with
//! lr = 1.0 - 0.9 k / 100.
//!
//! The flat tape builds the graph op by op exactly as micrograd does (65,818 nodes a step,
//! leaves and the 337 parameters included). The engine builds a smaller graph with the
//! same arithmetic in the same order: one `Affine` gate per neuron (`b + w0 x0 + ...`, a
//! left fold from b, as micrograd's `sum(..., self.b)`), one `Affine` per hinge
//! (`1 + (-y) score`), and one `Sum` gate for each of the two sums of the loss, which fold
//! from 0 like Python's `sum`. The mean is micrograd's `sum * (1.0 / 100)`, not a division.
//! The parameters are unnamed `Input` nodes, pushed again with their new values after each
//! `Graph::clear`. Both versions reproduce the published losses bit for bit; the 1e-12
//! check would also pass with `sum / 100` or with the squares summed in reverse.

use autodiff::{Graph, NodeId, Op};

use crate::flat::{self, Tape};

/// Neurons per layer, input first.
pub const LAYERS: [usize; 4] = [2, 16, 16, 1];
/// Weights and biases: 2*16+16 + 16*16+16 + 16+1.
pub const PARAMS: usize = 337;
pub const STEPS: usize = 20;
/// Nodes a step when built op by op as micrograd builds it.
pub const MICROGRAD_NODES: usize = 65_818;
/// (step, loss, correct predictions out of 100) from `docs/workloads.md`.
pub const CHECKS: [(usize, f64, usize); 2] = [(0, 0.8958441028683222, 50), (19, 0.18453748746883916, 93)];

const ALPHA: f64 = 1e-4;

/// `data/moons100.csv`: the 100 points, compiled in so that no test, bench or driver
/// depends on a working directory or on files outside the repository.
pub const MOONS_CSV: &str = include_str!("../data/moons100.csv");
/// `data/mlp_2_16_16_1_init.csv`: the initial weights.
pub const INIT_CSV: &str = include_str!("../data/mlp_2_16_16_1_init.csv");

/// The data set and the initial weights.
#[derive(Debug, Clone)]
pub struct Data {
    pub x: Vec<[f64; 2]>,
    /// -1 or +1.
    pub y: Vec<f64>,
    /// Per layer, per neuron: w[0..nin) then the bias, as the CSV lists them.
    pub init: Vec<f64>,
}

/// The loss and accuracy one step computed (before its update).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub loss: f64,
    pub correct: usize,
}

impl Data {
    /// Parses `moons100.csv` (x0,x1,y) and `mlp_2_16_16_1_init.csv` (layer,neuron,index,value).
    pub fn parse(moons_csv: &str, init_csv: &str) -> Result<Data, String> {
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for row in rows(moons_csv, 3, "moons")? {
            x.push([row[0], row[1]]);
            y.push(row[2]);
        }
        let mut init = vec![f64::NAN; PARAMS];
        for row in rows(init_csv, 4, "init")? {
            let (layer, neuron, index) = (row[0] as usize, row[1] as usize, row[2] as usize);
            let at = (layer < 3 && neuron < LAYERS[layer + 1] && index <= LAYERS[layer])
                .then(|| layer_offset(layer) + neuron * (LAYERS[layer] + 1) + index)
                .ok_or_else(|| {
                    format!("init: no parameter at layer {layer}, neuron {neuron}, index {index}")
                })?;
            init[at] = row[3];
        }
        if x.len() != 100 || init.iter().any(|p| p.is_nan()) {
            return Err(format!("expected 100 points and {PARAMS} parameters, got {} points", x.len()));
        }
        Ok(Data { x, y, init })
    }

    /// The data in this crate's `data/` folder ([`MOONS_CSV`], [`INIT_CSV`]).
    pub fn load() -> Result<Data, String> {
        Data::parse(MOONS_CSV, INIT_CSV)
    }
}

fn layer_offset(layer: usize) -> usize {
    (0..layer).map(|l| LAYERS[l + 1] * (LAYERS[l] + 1)).sum()
}

/// The numeric rows of a CSV with a header line.
fn rows(csv: &str, columns: usize, what: &str) -> Result<Vec<Vec<f64>>, String> {
    csv.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let row: Vec<f64> = line
                .split(',')
                .map(|v| v.trim().parse::<f64>())
                .collect::<Result<_, _>>()
                .map_err(|e| format!("{what}: '{line}': {e}"))?;
            if row.len() == columns {
                Ok(row)
            } else {
                Err(format!("{what}: '{line}' has {} columns, expected {columns}", row.len()))
            }
        })
        .collect()
}

/// `Err` unless the steps match the published losses and accuracies.
pub fn check(steps: &[Step]) -> Result<(), String> {
    for (k, loss, correct) in CHECKS {
        let step = steps.get(k).ok_or_else(|| format!("W2: only {} steps ran", steps.len()))?;
        crate::check_close(&format!("W2 loss at step {k}"), step.loss, loss)?;
        if step.correct != correct {
            return Err(format!("W2 accuracy at step {k} is {}/100, expected {correct}/100", step.correct));
        }
    }
    Ok(())
}

fn learning_rate(k: usize) -> f64 {
    1.0 - 0.9 * k as f64 / 100.0
}

/// The workload on the engine; the graph is rebuilt every step on a reused tape.
#[derive(Debug, Default)]
pub struct Engine {
    pub g: Graph,
    params: Vec<f64>,
    ids: Vec<NodeId>,
    hidden: [Vec<NodeId>; 3],
    hinges: Vec<NodeId>,
    squares: Vec<NodeId>,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// 20 steps from the initial weights; `steps` receives each step's loss and accuracy.
    ///
    /// Never inlined into the caller's loop of reps: V8 runs a wasm function's baseline
    /// code until the function is called again (no on-stack replacement), so a rep loop
    /// with the workload inlined would be timed without the optimizing compiler.
    #[inline(never)]
    pub fn train(&mut self, data: &Data, steps: &mut Vec<Step>) {
        steps.clear();
        self.params.clear();
        self.params.extend_from_slice(&data.init);
        for k in 0..STEPS {
            steps.push(self.step(data, k));
        }
    }

    fn step(&mut self, data: &Data, k: usize) -> Step {
        let Engine { g, params, ids, hidden: [h1, h2, h3], hinges, squares } = self;
        g.clear();
        ids.clear();
        ids.extend(params.iter().map(|&p| g.input("", p)));
        let (w1, rest) = ids.split_at(layer_offset(1));
        let (w2, w3) = rest.split_at(layer_offset(2) - layer_offset(1));
        let one = g.constant(1.0);
        hinges.clear();
        let mut correct = 0;
        for (x, &y) in data.x.iter().zip(&data.y) {
            let xs = [g.constant(x[0]), g.constant(x[1])];
            layer(g, w1, &xs, true, h1);
            layer(g, w2, h1, true, h2);
            let score = layer(g, w3, h2, false, h3);
            let neg_y = g.constant(-y);
            let margin = g.affine(one, &[neg_y], &[score]);
            hinges.push(g.unary(Op::Relu, margin));
            correct += usize::from((y > 0.0) == (g.value(score) > 0.0));
        }
        let sum = g.sum(hinges);
        let inv_n = g.constant(1.0 / data.x.len() as f64);
        let data_loss = g.mul(sum, inv_n);
        squares.clear();
        squares.extend(ids.iter().map(|&p| g.mul(p, p)));
        let reg = g.sum(squares);
        let alpha = g.constant(ALPHA);
        let reg_loss = g.mul(reg, alpha);
        let total = g.add(data_loss, reg_loss);
        g.set_output(total);
        g.backward();
        let lr = learning_rate(k);
        for (p, &id) in params.iter_mut().zip(ids.iter()) {
            *p -= lr * g.grad(id);
        }
        Step { loss: g.value(total), correct }
    }
}

/// One layer of neurons on the engine, each an `Affine` gate; returns the last output.
fn layer(g: &mut Graph, params: &[NodeId], xs: &[NodeId], relu: bool, out: &mut Vec<NodeId>) -> NodeId {
    out.clear();
    for neuron in params.chunks_exact(xs.len() + 1) {
        let (w, b) = neuron.split_at(xs.len());
        let act = g.affine(b[0], w, xs);
        out.push(if relu { g.unary(Op::Relu, act) } else { act });
    }
    out[out.len() - 1]
}

/// The workload on the flat tape, built op by op in micrograd's order.
#[derive(Debug, Default)]
pub struct Flat {
    pub tape: Tape,
    params: Vec<f64>,
    ids: Vec<u32>,
    scores: Vec<u32>,
    hidden: [Vec<u32>; 3],
    losses: Vec<u32>,
}

impl Flat {
    pub fn new() -> Flat {
        Flat::default()
    }

    /// 20 steps from the initial weights; `steps` receives each step's loss and accuracy.
    ///
    /// Never inlined into the caller's loop of reps: V8 runs a wasm function's baseline
    /// code until the function is called again (no on-stack replacement), so a rep loop
    /// with the workload inlined would be timed without the optimizing compiler.
    #[inline(never)]
    pub fn train(&mut self, data: &Data, steps: &mut Vec<Step>) {
        steps.clear();
        self.params.clear();
        self.params.extend_from_slice(&data.init);
        for k in 0..STEPS {
            steps.push(self.step(data, k));
        }
    }

    fn step(&mut self, data: &Data, k: usize) -> Step {
        let Flat { tape, params, ids, scores, hidden: [h1, h2, h3], losses } = self;
        tape.clear();
        ids.clear();
        ids.extend(params.iter().map(|&p| tape.leaf(p)));
        let (w1, rest) = ids.split_at(layer_offset(1));
        let (w2, w3) = rest.split_at(layer_offset(2) - layer_offset(1));
        // `inputs = [list(map(Value, xrow)) for xrow in Xb]`, then `scores = list(map(model, inputs))`.
        let x0 = tape.len() as u32;
        for x in &data.x {
            tape.leaf(x[0]);
            tape.leaf(x[1]);
        }
        scores.clear();
        for i in 0..data.x.len() as u32 {
            flat_layer(tape, w1, &[x0 + 2 * i, x0 + 2 * i + 1], true, h1);
            flat_layer(tape, w2, h1, true, h2);
            scores.push(flat_layer(tape, w3, h2, false, h3));
        }
        // `(1 + -yi*scorei).relu()`: Value.__rmul__ and __radd__ wrap each float in a leaf.
        losses.clear();
        for (&score, &y) in scores.iter().zip(&data.y) {
            let neg_y = tape.leaf(-y);
            let m = tape.push(flat::MUL, score, neg_y);
            let one = tape.leaf(1.0);
            let margin = tape.push(flat::ADD, m, one);
            losses.push(tape.push(flat::RELU, margin, margin));
        }
        // `sum(losses) * (1.0 / len(losses))`: sum starts from 0, which __radd__ wraps.
        let mut data_sum = sum_start(tape, losses[0]);
        for &l in &losses[1..] {
            data_sum = tape.push(flat::ADD, data_sum, l);
        }
        let inv_n = tape.leaf(1.0 / data.x.len() as f64);
        let data_loss = tape.push(flat::MUL, data_sum, inv_n);
        // `alpha * sum((p*p for p in model.parameters()))`.
        // The generator's squares are pushed between the adds.
        let square = tape.push(flat::MUL, ids[0], ids[0]);
        let mut reg = sum_start(tape, square);
        for &p in &ids[1..] {
            let square = tape.push(flat::MUL, p, p);
            reg = tape.push(flat::ADD, reg, square);
        }
        let alpha = tape.leaf(ALPHA);
        let reg_loss = tape.push(flat::MUL, reg, alpha);
        let total = tape.push(flat::ADD, data_loss, reg_loss);
        debug_assert_eq!(tape.len(), MICROGRAD_NODES);
        tape.backward(total);
        let lr = learning_rate(k);
        for (p, &id) in params.iter_mut().zip(ids.iter()) {
            *p -= lr * tape.grad[id as usize];
        }
        let correct =
            scores.iter().zip(&data.y).filter(|(&s, &y)| (y > 0.0) == (tape.val[s as usize] > 0.0)).count();
        Step { loss: tape.val[total as usize], correct }
    }
}

/// The first add of Python's `sum(terms)`: `0 + t0` is `t0.__radd__(0)`, which wraps the
/// 0 in a leaf; the rest is a left fold.
fn sum_start(tape: &mut Tape, first: u32) -> u32 {
    let zero = tape.leaf(0.0);
    tape.push(flat::ADD, first, zero)
}

/// One layer on the flat tape, each neuron `sum((wi*xi for ...), self.b)`: mul, add, mul,
/// add, ... from the bias, then relu; returns the last output.
fn flat_layer(tape: &mut Tape, params: &[u32], xs: &[u32], relu: bool, out: &mut Vec<u32>) -> u32 {
    out.clear();
    for neuron in params.chunks_exact(xs.len() + 1) {
        let (w, b) = neuron.split_at(xs.len());
        let mut act = b[0];
        for (&wi, &xi) in w.iter().zip(xs) {
            let m = tape.push(flat::MUL, wi, xi);
            act = tape.push(flat::ADD, act, m);
        }
        out.push(if relu { tape.push(flat::RELU, act, act) } else { act });
    }
    out[out.len() - 1]
}
