//! W1 "wide chain": W lanes of S steps of `a = tanh(a * B[(l+t)%4] + C[(l+2t)%4])`, the
//! lane outputs summed left to right into L, then backward from L. 3WS + (W - 1) op nodes
//! and 8 + W leaves; the checksums are L, the sum of grad B and the sum of grad C.

use autodiff::{Graph, NodeId};

use crate::flat::{self, Tape};

/// One size of the workload with its published checksums.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub w: usize,
    pub s: usize,
    /// L, sum of grad B, sum of grad C.
    pub checksums: [f64; 3],
}

/// W = 100: 99,999 op nodes.
pub const SMALL: Size =
    Size { w: 100, s: 333, checksums: [0.03320371899439534, 1.3970394909088353, 263.60507547252666] };
/// W = 1000: 999,999 op nodes, the size the published figures use.
pub const FULL: Size =
    Size { w: 1000, s: 333, checksums: [0.33203718994395415, 13.97039490908852, 2636.0507547252328] };

impl Size {
    pub fn op_nodes(self) -> usize {
        3 * self.w * self.s + (self.w - 1)
    }

    /// Op nodes plus leaves: what bytes per node divides by.
    pub fn all_nodes(self) -> usize {
        self.op_nodes() + 8 + self.w
    }

    fn b(k: usize) -> f64 {
        0.5 + 0.1 * k as f64
    }

    fn c(k: usize) -> f64 {
        0.1 * k as f64 - 0.15
    }

    fn x(l: usize) -> f64 {
        ((l % 17) as f64 - 8.0) / 8.0
    }

    /// `Err` unless `got` matches the published checksums.
    pub fn check(self, got: [f64; 3]) -> Result<(), String> {
        let names = ["L", "sum grad B", "sum grad C"];
        for ((name, g), w) in names.iter().zip(got).zip(self.checksums) {
            crate::check_close(&format!("W1 W={} {name}", self.w), g, w)?;
        }
        Ok(())
    }
}

/// The workload on the engine, reusing its tape through `Graph::clear`.
#[derive(Debug)]
pub struct Engine {
    pub g: Graph,
    outs: Vec<NodeId>,
    b: [NodeId; 4],
    c: [NodeId; 4],
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new()
    }
}

impl Engine {
    pub fn new() -> Engine {
        Engine { g: Graph::new(), outs: Vec::new(), b: [NodeId(0); 4], c: [NodeId(0); 4] }
    }

    /// Builds (and so evaluates) the graph; returns L.
    #[inline(never)] // See `train` in w2.rs: V8 tiers a wasm function up between calls.
    pub fn build(&mut self, size: Size) -> NodeId {
        let g = &mut self.g;
        g.clear();
        self.b = std::array::from_fn(|k| g.input(&format!("B{k}"), Size::b(k)));
        self.c = std::array::from_fn(|k| g.input(&format!("C{k}"), Size::c(k)));
        let xs: Vec<NodeId> = (0..size.w).map(|l| g.input(&format!("X{l}"), Size::x(l))).collect();
        self.outs.clear();
        for (l, &x) in xs.iter().enumerate() {
            let mut a = x;
            for t in 0..size.s {
                let m = g.mul(a, self.b[(l + t) % 4]);
                let s = g.add(m, self.c[(l + 2 * t) % 4]);
                a = g.tanh(s);
            }
            self.outs.push(a);
        }
        let mut sum = self.outs[0];
        for &o in &self.outs[1..] {
            sum = g.add(sum, o);
        }
        g.set_output(sum);
        sum
    }

    #[inline(never)]
    pub fn backward(&mut self) {
        self.g.backward();
    }

    pub fn checksums(&self, out: NodeId) -> [f64; 3] {
        let g = &self.g;
        [g.value(out), self.b.iter().map(|&b| g.grad(b)).sum(), self.c.iter().map(|&c| g.grad(c)).sum()]
    }

    pub fn heap_bytes(&self) -> usize {
        self.g.heap_bytes()
    }
}

/// The workload on the flat tape: the same nodes in the same order.
#[derive(Debug, Default)]
pub struct Flat {
    pub tape: Tape,
    outs: Vec<u32>,
}

impl Flat {
    /// Builds (and so evaluates) the graph; returns L.
    #[inline(never)] // See `train` in w2.rs: V8 tiers a wasm function up between calls.
    pub fn build(&mut self, size: Size) -> u32 {
        let tape = &mut self.tape;
        tape.clear();
        let b: [u32; 4] = std::array::from_fn(|k| tape.leaf(Size::b(k)));
        let c: [u32; 4] = std::array::from_fn(|k| tape.leaf(Size::c(k)));
        let x0 = tape.len() as u32;
        for l in 0..size.w {
            tape.leaf(Size::x(l));
        }
        self.outs.clear();
        for l in 0..size.w {
            let mut a = x0 + l as u32;
            for t in 0..size.s {
                let m = tape.push(flat::MUL, a, b[(l + t) % 4]);
                let s = tape.push(flat::ADD, m, c[(l + 2 * t) % 4]);
                a = tape.push(flat::TANH, s, s);
            }
            self.outs.push(a);
        }
        let mut sum = self.outs[0];
        for &o in &self.outs[1..] {
            sum = tape.push(flat::ADD, sum, o);
        }
        sum
    }

    #[inline(never)]
    pub fn backward(&mut self, out: u32) {
        self.tape.backward(out);
    }

    pub fn checksums(&self, out: u32) -> [f64; 3] {
        let t = &self.tape;
        [t.val[out as usize], t.grad[0..4].iter().sum(), t.grad[4..8].iter().sum()]
    }

    pub fn heap_bytes(&self) -> usize {
        self.tape.heap_bytes()
    }
}
