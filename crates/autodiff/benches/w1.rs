//! W1 "wide chain" from `docs/workloads.md`: W lanes of S steps of
//! `a = tanh(a * B + C)`, summed into L, then backward from L.
//!
//! Two implementations build the identical graph: the engine's builder API (reusing its
//! tape through `Graph::clear`) and a minimal flat tape, the lower bound any tape engine is
//! measured against. Both live in the `workloads` crate, shared with the wasm benchmark,
//! and both are checked against the published checksums before anything is timed.
//! `cargo bench -p autodiff --bench w1` runs W = 100 (99,999 op nodes); `BENCH_W1_FULL=1`
//! runs W = 1000 (999,999 op nodes). The summary line gives ns per op node for each
//! phase, the engine/bound ratio and heap bytes per node.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use workloads::w1::{self, Engine, Flat, Size};

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

fn summary(size: Size, engine: &mut Engine, tape: &mut Flat) {
    let reps = if size.w >= 1000 { 5 } else { 21 };
    let per_op = |d: Duration| d.as_secs_f64() * 1e9 / size.op_nodes() as f64;
    let e_build = per_op(median(reps, || {
        black_box(engine.build(size));
    }));
    let out = engine.build(size);
    let e_back = per_op(median(reps, || engine.backward()));
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
        engine.heap_bytes() as f64 / nodes,
        tape.heap_bytes() as f64 / nodes,
    );
}

fn main() {
    let size = if std::env::var_os("BENCH_W1_FULL").is_some_and(|v| v == "1") { w1::FULL } else { w1::SMALL };
    let mut engine = Engine::new();
    let out = engine.build(size);
    engine.backward();
    if let Err(e) = size.check(engine.checksums(out)) {
        panic!("engine: {e}");
    }
    let mut tape = Flat::default();
    let t_out = tape.build(size);
    tape.backward(t_out);
    if let Err(e) = size.check(tape.checksums(t_out)) {
        panic!("flat tape: {e}");
    }

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
    group.bench_function("engine/backward", |b| b.iter(|| engine.backward()));
    group.bench_function("bound/build+forward", |b| b.iter(|| black_box(tape.build(size))));
    let t_out = tape.build(size);
    group.bench_function("bound/backward", |b| b.iter(|| tape.backward(t_out)));
    group.finish();
    c.final_summary();
}
