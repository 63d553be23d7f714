//! W1 "wide chain" from `shared/docs/workloads.md`: W lanes of S steps of
//! `a = tanh(a * B + C)`, summed into L, then backward from L.
//!
//! Two implementations build the identical graph: the engine's builder API (reusing its
//! tape through `Graph::clear`) and a minimal flat tape written here, the lower bound any
//! tape engine is measured against. Both are checked against the published checksums
//! before anything is timed. `cargo bench -p autodiff --bench w1` runs W = 100 (99,999 op
//! nodes); `BENCH_W1_FULL=1` runs W = 1000 (999,999 op nodes). The summary line gives
//! ns per op node for each phase, the engine/bound ratio and heap bytes per node.

use std::hint::black_box;
use std::time::{Duration, Instant};

use autodiff::{Graph, NodeId};
use criterion::Criterion;

#[derive(Clone, Copy)]
struct Size {
    w: usize,
    s: usize,
    /// L, sum of grad B, sum of grad C.
    checksums: [f64; 3],
}

const SMALL: Size =
    Size { w: 100, s: 333, checksums: [0.03320371899439534, 1.3970394909088353, 263.60507547252666] };
const FULL: Size =
    Size { w: 1000, s: 333, checksums: [0.33203718994395415, 13.97039490908852, 2636.0507547252328] };

impl Size {
    fn op_nodes(self) -> usize {
        3 * self.w * self.s + (self.w - 1)
    }
    fn all_nodes(self) -> usize {
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
}

// ---- the engine -------------------------------------------------------------------------

struct Engine {
    g: Graph,
    outs: Vec<NodeId>,
    b: [NodeId; 4],
    c: [NodeId; 4],
}

impl Engine {
    fn new() -> Engine {
        Engine { g: Graph::new(), outs: Vec::new(), b: [NodeId(0); 4], c: [NodeId(0); 4] }
    }

    /// Builds (and so evaluates) the graph on the reused tape; returns L.
    fn build(&mut self, size: Size) -> NodeId {
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

    fn checksums(&self, out: NodeId) -> [f64; 3] {
        let g = &self.g;
        [g.value(out), self.b.iter().map(|&b| g.grad(b)).sum(), self.c.iter().map(|&c| g.grad(c)).sum()]
    }
}

// ---- the lower bound: a flat struct-of-arrays tape ----------------------------------------

const LEAF: u8 = 0;
const ADD: u8 = 1;
const MUL: u8 = 2;
const TANH: u8 = 3;

#[derive(Default)]
struct Tape {
    op: Vec<u8>,
    a: Vec<u32>,
    b: Vec<u32>,
    val: Vec<f64>,
    grad: Vec<f64>,
}

impl Tape {
    #[inline]
    fn push(&mut self, op: u8, a: u32, b: u32) -> u32 {
        let v = match op {
            ADD => self.val[a as usize] + self.val[b as usize],
            MUL => self.val[a as usize] * self.val[b as usize],
            TANH => self.val[a as usize].tanh(),
            _ => f64::NAN,
        };
        self.push_value(op, a, b, v)
    }

    #[inline]
    fn push_value(&mut self, op: u8, a: u32, b: u32, v: f64) -> u32 {
        self.op.push(op);
        self.a.push(a);
        self.b.push(b);
        self.val.push(v);
        self.val.len() as u32 - 1
    }

    fn build(&mut self, size: Size) -> u32 {
        for v in [&mut self.a, &mut self.b] {
            v.clear();
        }
        self.op.clear();
        self.val.clear();
        let b: [u32; 4] = std::array::from_fn(|k| self.push_value(LEAF, 0, 0, Size::b(k)));
        let c: [u32; 4] = std::array::from_fn(|k| self.push_value(LEAF, 0, 0, Size::c(k)));
        let x0 = self.val.len() as u32;
        for l in 0..size.w {
            self.push_value(LEAF, 0, 0, Size::x(l));
        }
        let mut outs = Vec::with_capacity(size.w);
        for l in 0..size.w {
            let mut a = x0 + l as u32;
            for t in 0..size.s {
                let m = self.push(MUL, a, b[(l + t) % 4]);
                let s = self.push(ADD, m, c[(l + 2 * t) % 4]);
                a = self.push(TANH, s, s);
            }
            outs.push(a);
        }
        let mut sum = outs[0];
        for &o in &outs[1..] {
            sum = self.push(ADD, sum, o);
        }
        sum
    }

    fn backward(&mut self, out: u32) {
        self.grad.clear();
        self.grad.resize(self.val.len(), 0.0);
        self.grad[out as usize] = 1.0;
        for i in (0..=out as usize).rev() {
            let up = self.grad[i];
            let (a, b) = (self.a[i] as usize, self.b[i] as usize);
            match self.op[i] {
                ADD => {
                    self.grad[a] += up;
                    self.grad[b] += up;
                }
                MUL => {
                    self.grad[a] += up * self.val[b];
                    self.grad[b] += up * self.val[a];
                }
                TANH => self.grad[a] += up * (1.0 - self.val[i] * self.val[i]),
                _ => {}
            }
        }
    }

    fn checksums(&self, out: u32) -> [f64; 3] {
        [self.val[out as usize], self.grad[0..4].iter().sum(), self.grad[4..8].iter().sum()]
    }

    fn heap_bytes(&self) -> usize {
        self.op.capacity()
            + 4 * (self.a.capacity() + self.b.capacity())
            + 8 * (self.val.capacity() + self.grad.capacity())
    }
}

// ---- checks, summary, criterion ---------------------------------------------------------

fn assert_checksums(who: &str, got: [f64; 3], want: [f64; 3]) {
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        let rel = (g - w).abs() / w.abs();
        assert!(rel <= 1e-12, "{who}: checksum {k} is {g}, expected {w} (relative error {rel:e})");
    }
}

/// The median time of `reps` runs of `f`.
fn median(reps: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[reps / 2]
}

fn summary(size: Size, engine: &mut Engine, tape: &mut Tape) {
    let reps = if size.w >= 1000 { 5 } else { 21 };
    let per_op = |d: Duration| d.as_secs_f64() * 1e9 / size.op_nodes() as f64;
    let e_build = per_op(median(reps, || {
        black_box(engine.build(size));
    }));
    let out = engine.build(size);
    let e_back = per_op(median(reps, || engine.g.backward()));
    let t_build = per_op(median(reps, || {
        black_box(tape.build(size));
    }));
    let t_out = tape.build(size);
    let t_back = per_op(median(reps, || tape.backward(t_out)));
    black_box((out, t_out));
    let nodes = size.all_nodes() as f64;
    println!(
        "W1 W={} ({} op nodes): engine build+forward {e_build:.1} ns/op, backward {e_back:.1} ns/op, \
         total {:.1}; bound {t_build:.1} + {t_back:.1} = {:.1} ns/op; engine/bound {:.2}x \
         (build {:.2}x, backward {:.2}x); memory engine {:.1} B/node, bound {:.1} B/node",
        size.w,
        size.op_nodes(),
        e_build + e_back,
        t_build + t_back,
        (e_build + e_back) / (t_build + t_back),
        e_build / t_build,
        e_back / t_back,
        engine.g.heap_bytes() as f64 / nodes,
        tape.heap_bytes() as f64 / nodes,
    );
}

fn main() {
    let size = if std::env::var_os("BENCH_W1_FULL").is_some_and(|v| v == "1") { FULL } else { SMALL };
    let mut engine = Engine::new();
    let out = engine.build(size);
    engine.g.backward();
    assert_checksums("engine", engine.checksums(out), size.checksums);
    let mut tape = Tape::default();
    let t_out = tape.build(size);
    tape.backward(t_out);
    assert_checksums("flat tape", tape.checksums(t_out), size.checksums);

    // `cargo test --benches` runs this without `--bench`: the checksums are the test.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    summary(size, &mut engine, &mut tape);

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut group = c.benchmark_group(format!("w1_{}", size.w));
    group.throughput(criterion::Throughput::Elements(size.op_nodes() as u64));
    group.bench_function("engine/build+forward", |b| b.iter(|| black_box(engine.build(size))));
    engine.build(size);
    group.bench_function("engine/backward", |b| b.iter(|| engine.g.backward()));
    group.bench_function("bound/build+forward", |b| b.iter(|| black_box(tape.build(size))));
    let t_out = tape.build(size);
    group.bench_function("bound/backward", |b| b.iter(|| tape.backward(t_out)));
    group.finish();
    c.final_summary();
}
