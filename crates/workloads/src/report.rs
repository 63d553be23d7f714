//! Timing the workloads with the caller's clock, and the figures as JSON lines.
//!
//! Engine and flat tape alternate rep by rep, so noise from other work on the machine
//! falls on both alike and their ratio stays meaningful. Every rep's checksums are
//! checked (outside the timed part); a figure carries a time only if all of them matched.

use serde_json::{Map, Value};

use crate::{w1, w2};

/// A clock reading in milliseconds, from any origin.
pub type Clock<'a> = &'a mut dyn FnMut() -> f64;

/// How many times to run a workload.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reps {
    /// Untimed reps first: at least this many, and for at least `warmup_ms`. In the
    /// browser this is what lets V8 replace a function's baseline code with its optimized
    /// code (it does so between calls), which takes longer on a busy machine.
    pub warmup: usize,
    pub warmup_ms: f64,
    /// Timed reps; a figure is their median.
    pub timed: usize,
}

/// One figure: a workload on one target and one system.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// "W1" or "W2".
    pub workload: &'static str,
    /// "native" or "wasm-chromium".
    pub target: String,
    /// "engine" or "flat-tape".
    pub system: &'static str,
    /// ns per op node (W1, build+forward+backward) or ms per step (W2); `None` unless every
    /// checksum matched.
    pub time: Option<f64>,
    /// Heap bytes per node, leaves counted (W1 only).
    pub bytes_per_node: Option<f64>,
    /// Further keys, after the specified ones.
    pub detail: Vec<(&'static str, f64)>,
    /// Why the checksums did not match.
    pub error: Option<String>,
}

impl Figure {
    pub fn checksum_ok(&self) -> bool {
        self.error.is_none()
    }

    /// One JSON object on one line: workload, target, system, ns_per_op (W1) or
    /// ms_per_step (W2), bytes_per_node (W1), checksum_ok, then the detail keys.
    pub fn json(&self) -> String {
        let time_key = if self.workload == "W1" { "ns_per_op" } else { "ms_per_step" };
        let mut out = Map::new();
        out.insert("workload".into(), self.workload.into());
        out.insert("target".into(), self.target.as_str().into());
        out.insert("system".into(), self.system.into());
        out.insert(time_key.into(), number(self.time.filter(|_| self.checksum_ok())));
        if self.workload == "W1" {
            out.insert("bytes_per_node".into(), number(self.bytes_per_node));
        }
        out.insert("checksum_ok".into(), self.checksum_ok().into());
        // No time at all without matching checksums, detail times included.
        let is_time = |key: &str| key.ends_with("_per_op") || key.ends_with("_per_step");
        for (key, value) in self.detail.iter().filter(|(key, _)| self.checksum_ok() || !is_time(key)) {
            out.insert((*key).into(), number(Some(*value)));
        }
        if let Some(error) = &self.error {
            out.insert("error".into(), error.as_str().into());
        }
        Value::Object(out).to_string()
    }
}

impl Figure {
    /// Reads back a line written by [`Figure::json`] (the keys the ratios need), e.g. one
    /// that the browser sent.
    pub fn from_json(line: &str) -> Option<Figure> {
        let v: Value = serde_json::from_str(line).ok()?;
        let workload = match v["workload"].as_str()? {
            "W1" => "W1",
            "W2" => "W2",
            _ => return None,
        };
        let system = match v["system"].as_str()? {
            "engine" => "engine",
            "flat-tape" => "flat-tape",
            _ => return None,
        };
        let ok = v["checksum_ok"] == true;
        Some(Figure {
            workload,
            target: v["target"].as_str()?.to_string(),
            system,
            time: v[if workload == "W1" { "ns_per_op" } else { "ms_per_step" }].as_f64(),
            bytes_per_node: v["bytes_per_node"].as_f64(),
            detail: [BEST_W1, BEST_W2].into_iter().filter_map(|k| Some((k, v[k].as_f64()?))).collect(),
            error: if ok {
                None
            } else {
                Some(v["error"].as_str().unwrap_or("checksum_ok false").to_string())
            },
        })
    }
}

/// A figure rounded to 4 decimals (a whole number as an integer, `19` rather than `19.0`),
/// or null.
fn number(x: Option<f64>) -> Value {
    match x.map(|x| (x * 1e4).round() / 1e4) {
        Some(x) if x.fract() == 0.0 && x.abs() < 9e15 => Value::from(x as i64),
        Some(x) => Value::from(x),
        None => Value::Null,
    }
}

/// Per-rep times of one system, and the first checksum failure.
#[derive(Default)]
struct Samples {
    first: Vec<f64>,
    second: Vec<f64>,
    error: Option<String>,
}

impl Samples {
    fn record(&mut self, first: f64, second: f64, check: Result<(), String>) {
        self.first.push(first);
        self.second.push(second);
        if let Err(e) = check {
            self.error.get_or_insert(e);
        }
    }
}

/// Counts the warm-up reps.
struct Warmup {
    reps: Reps,
    start: f64,
    done: usize,
}

impl Warmup {
    fn new(reps: Reps, start: f64) -> Warmup {
        Warmup { reps, start, done: 0 }
    }

    /// Whether the rep starting `now` is timed (the warm-up is over), counting it.
    fn over(&mut self, now: f64) -> bool {
        let over = self.done >= self.reps.warmup && now - self.start >= self.reps.warmup_ms;
        self.done += 1;
        over
    }
}

/// The detail key of the fastest rep: on a busy machine the medians move with the load,
/// the fastest reps much less, so the ratios are given for both.
const BEST_W1: &str = "best_ns_per_op";
const BEST_W2: &str = "best_ms_per_step";

fn min(xs: &[f64]) -> f64 {
    xs.iter().copied().fold(f64::INFINITY, f64::min)
}

/// The median (the upper one for an even count); NaN for no samples.
pub fn median(xs: &[f64]) -> f64 {
    let mut xs = xs.to_vec();
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

/// W1 at `size`, for the engine and the flat tape.
pub fn w1(size: w1::Size, target: &str, reps: Reps, now: Clock<'_>) -> [Figure; 2] {
    let (mut engine, mut flat) = (w1::Engine::new(), w1::Flat::default());
    let (mut e, mut f) = (Samples::default(), Samples::default());
    let mut warm = Warmup::new(reps, now());
    while e.first.len() < reps.timed {
        let t0 = now();
        let timed = warm.over(t0);
        let out = engine.build(size);
        let t1 = now();
        engine.backward();
        let t2 = now();
        let check = size.check(engine.checksums(out));
        let t3 = now();
        let t_out = flat.build(size);
        let t4 = now();
        flat.backward(t_out);
        let t5 = now();
        let flat_check = size.check(flat.checksums(t_out));
        if timed || check.is_err() || flat_check.is_err() {
            e.record(t1 - t0, t2 - t1, check);
            f.record(t4 - t3, t5 - t4, flat_check);
        }
    }
    let nodes = size.all_nodes() as f64;
    let figure = |system, s: Samples, bytes: usize| {
        let per_op = 1e6 / size.op_nodes() as f64;
        let total: Vec<f64> = s.first.iter().zip(&s.second).map(|(a, b)| a + b).collect();
        Figure {
            workload: "W1",
            target: target.to_string(),
            system,
            time: Some(median(&total) * per_op),
            bytes_per_node: Some(bytes as f64 / nodes),
            detail: vec![
                (BEST_W1, min(&total) * per_op),
                ("build_ns_per_op", median(&s.first) * per_op),
                ("backward_ns_per_op", median(&s.second) * per_op),
                ("op_nodes", size.op_nodes() as f64),
            ],
            error: s.error,
        }
    };
    [figure("engine", e, engine.heap_bytes()), figure("flat-tape", f, flat.heap_bytes())]
}

/// W2 (20 steps from the initial weights per rep), for the engine and the flat tape.
pub fn w2(data: &w2::Data, target: &str, reps: Reps, now: Clock<'_>) -> [Figure; 2] {
    let (mut engine, mut flat) = (w2::Engine::new(), w2::Flat::new());
    let (mut e, mut f) = (Samples::default(), Samples::default());
    let mut steps = Vec::with_capacity(w2::STEPS);
    let mut warm = Warmup::new(reps, now());
    while e.first.len() < reps.timed {
        let t0 = now();
        let timed = warm.over(t0);
        engine.train(data, &mut steps);
        let t1 = now();
        let check = w2::check(&steps);
        let t2 = now();
        flat.train(data, &mut steps);
        let t3 = now();
        let flat_check = w2::check(&steps);
        if timed || check.is_err() || flat_check.is_err() {
            e.record(t1 - t0, 0.0, check);
            f.record(t3 - t2, 0.0, flat_check);
        }
    }
    let figure = |system, s: Samples, nodes: usize| Figure {
        workload: "W2",
        target: target.to_string(),
        system,
        time: Some(median(&s.first) / w2::STEPS as f64),
        bytes_per_node: None,
        detail: vec![(BEST_W2, min(&s.first) / w2::STEPS as f64), ("nodes_per_step", nodes as f64)],
        error: s.error,
    };
    [figure("engine", e, engine.g.len()), figure("flat-tape", f, flat.tape.len())]
}

/// Ratios against the goals of the benchmark issue, one line each, for the figures given
/// (engine / flat tape per workload and target; wasm / native per workload and system),
/// from the medians and, in parentheses, from the fastest reps.
pub fn ratios(figures: &[Figure]) -> Vec<String> {
    let find = |workload: &str, target: &str, system: &str| {
        figures
            .iter()
            .find(|f| f.workload == workload && f.target == target && f.system == system)
            .filter(|f| f.checksum_ok())
    };
    let best = |f: &Figure| f.detail.iter().find(|(k, _)| *k == BEST_W1 || *k == BEST_W2).map(|&(_, v)| v);
    let ratio = |a: &Figure, b: &Figure| {
        let median = a.time.zip(b.time).map_or(f64::NAN, |(a, b)| a / b);
        let fastest = best(a).zip(best(b)).map_or(f64::NAN, |(a, b)| a / b);
        format!("{median:.3} (fastest reps {fastest:.3})")
    };
    let mut lines = Vec::new();
    let mut targets: Vec<&str> = figures.iter().map(|f| f.target.as_str()).collect();
    targets.dedup();
    for workload in ["W1", "W2"] {
        let goal = if workload == "W1" { "<= 1.2 natively" } else { "<= 0.75" };
        for &target in &targets {
            if let (Some(e), Some(b)) =
                (find(workload, target, "engine"), find(workload, target, "flat-tape"))
            {
                lines
                    .push(format!("{workload} {target}: engine / flat-tape = {} (goal {goal})", ratio(e, b)));
            }
        }
        for system in ["engine", "flat-tape"] {
            for &target in targets.iter().filter(|&&t| t != "native") {
                if let (Some(w), Some(n)) = (find(workload, target, system), find(workload, "native", system))
                {
                    lines.push(format!(
                        "{workload} {system}: {target} / native = {} (goal <= 1.5)",
                        ratio(w, n)
                    ));
                }
            }
        }
    }
    lines
}
