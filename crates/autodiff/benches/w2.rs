//! W2 "micrograd demo" from `docs/workloads.md`: 20 SGD steps of an MLP 2-16-16-1
//! on 100 moons points, the graph rebuilt every step.
//!
//! The engine builds each step with one `Affine` gate per neuron and `Sum` gates for the
//! loss (7,682 nodes); the flat tape, the lower bound, builds it op by op as micrograd
//! does (65,818 nodes). Both live in the `workloads` crate, shared with the wasm
//! benchmark, and both must reproduce the published losses and accuracies before anything
//! is timed. The data is compiled into the `workloads` crate from its `data/` folder.
//! The summary line gives ms per step for each and their ratio (the goal is <= 0.75).

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use workloads::report;
use workloads::w2::{self, Data, Engine, Flat};

fn main() {
    let data = match Data::load() {
        Ok(data) => data,
        Err(e) => panic!("W2 data: {e}"),
    };
    let (mut engine, mut flat) = (Engine::new(), Flat::new());
    let mut steps = Vec::with_capacity(w2::STEPS);
    engine.train(&data, &mut steps);
    if let Err(e) = w2::check(&steps) {
        panic!("engine: {e}");
    }
    flat.train(&data, &mut steps);
    if let Err(e) = w2::check(&steps) {
        panic!("flat tape: {e}");
    }

    // `cargo test --benches` runs this without `--bench`: the checksums are the test.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let start = std::time::Instant::now();
    let reps = report::Reps { warmup: 3, warmup_ms: 200.0, timed: 21 };
    let [e, f] = report::w2(&data, "native", reps, &mut || start.elapsed().as_secs_f64() * 1e3);
    if let (Some(te), Some(tf)) = (e.time.filter(|_| e.checksum_ok()), f.time.filter(|_| f.checksum_ok())) {
        println!(
            "W2 ({} steps): engine {te:.3} ms/step ({} nodes), flat tape {tf:.3} ms/step ({} nodes); \
             engine/flat-tape {:.2}x (goal <= 0.75)",
            w2::STEPS,
            engine.g.len(),
            flat.tape.len(),
            te / tf
        );
    }

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut group = c.benchmark_group("w2");
    group.throughput(criterion::Throughput::Elements(w2::STEPS as u64));
    group.bench_function("engine/20_steps", |b| b.iter(|| engine.train(black_box(&data), &mut steps)));
    group.bench_function("bound/20_steps", |b| b.iter(|| flat.train(black_box(&data), &mut steps)));
    group.finish();
    c.final_summary();
}
