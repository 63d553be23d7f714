//! Both implementations of each workload reproduce the published checksums.

use workloads::{w1, w2};

fn data() -> w2::Data {
    w2::Data::load().expect("the W2 CSVs in crates/workloads/data parse")
}

#[test]
fn w1_small_matches_the_checksums_on_both() {
    let size = w1::SMALL;
    let mut engine = w1::Engine::new();
    let out = engine.build(size);
    engine.backward();
    assert_eq!(size.check(engine.checksums(out)), Ok(()));
    let mut flat = w1::Flat::default();
    let out = flat.build(size);
    flat.backward(out);
    assert_eq!(size.check(flat.checksums(out)), Ok(()));
    assert_eq!(flat.tape.len(), size.all_nodes());
}

#[test]
fn w2_flat_tape_is_micrographs_graph_and_matches() {
    let mut flat = w2::Flat::new();
    let mut steps = Vec::new();
    flat.train(&data(), &mut steps);
    assert_eq!(flat.tape.len(), w2::MICROGRAD_NODES);
    assert_eq!(w2::check(&steps), Ok(()), "{steps:?}");
}

#[test]
fn w2_engine_matches_with_a_smaller_graph() {
    let mut engine = w2::Engine::new();
    let mut steps = Vec::new();
    engine.train(&data(), &mut steps);
    assert_eq!(w2::check(&steps), Ok(()), "{steps:?}");
    assert!(engine.g.len() < w2::MICROGRAD_NODES / 8, "{} nodes", engine.g.len());
}

#[test]
fn a_wrong_loss_is_reported() {
    let steps = vec![w2::Step { loss: 0.9, correct: 50 }; w2::STEPS];
    let error = w2::check(&steps).expect_err("a loss of 0.9 at step 0 is wrong");
    assert!(error.contains("loss at step 0"), "{error}");
}

#[test]
fn figures_print_as_one_json_line() {
    let mut t = 0.0;
    let mut clock = || {
        t += 1.0;
        t
    };
    let size = w1::Size { w: 2, s: 3, ..w1::SMALL };
    let reps = workloads::report::Reps { warmup: 0, warmup_ms: 0.0, timed: 1 };
    let [engine, _] = workloads::report::w1(size, "native", reps, &mut clock);
    // A made-up size cannot match the published checksums, so no time is reported.
    assert!(!engine.checksum_ok());
    let json = engine.json();
    assert!(
        json.starts_with(r#"{"workload":"W1","target":"native","system":"engine","ns_per_op":null,"#),
        "{json}"
    );
    assert!(json.contains(r#""checksum_ok":false"#), "{json}");
    assert!(!json.contains("build_ns_per_op") && json.contains(r#""op_nodes":19,"#), "{json}");
}

#[test]
fn a_json_line_reads_back() {
    let line = r#"{"workload":"W2","target":"wasm-chromium","system":"flat-tape","ms_per_step":0.81,"checksum_ok":true,"nodes_per_step":65818}"#;
    let figure = workloads::report::Figure::from_json(line).expect("a figure");
    assert_eq!((figure.workload, figure.system, figure.time), ("W2", "flat-tape", Some(0.81)));
    assert_eq!(figure.target, "wasm-chromium");
    assert!(figure.checksum_ok());
}
