//! The plain-Rust part of an input edit on page-bench's generated 500- and 2,000-gate
//! programs, timed natively: the page's update, the table rows, the summary, the layout
//! check, a full scene, the timeline, the trace and the numerical check (ms per edit).
//! `cargo run --release -p playground --example edit_timing`. The browser's share (DOM,
//! canvas) is page-bench's to measure.

use circuit::{Layout, Monospace, Timeline};
use playground::machine::Page;
use playground::msg::Msg;
use std::time::Instant;

const GENERATED_INPUTS: usize = 20;
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform enough in 0..n for picking operands.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn generated_program(gates: usize) -> String {
    struct Value {
        name: String,
        bound: f64,
    }
    let mut rng = SplitMix(0x5eed_0000 + gates as u64);
    let mut lines = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut unused = std::collections::VecDeque::new();
    for i in 0..GENERATED_INPUTS {
        let x = (rng.below(200) as f64 - 100.0) / 100.0;
        lines.push(format!("x{i} = {x}"));
        values.push(Value { name: format!("x{i}"), bound: 1.0 });
        unused.push_back(i);
    }
    let mut made = 0;
    let push = |lines: &mut Vec<String>, values: &mut Vec<Value>, expr: String, bound: f64| {
        let name = format!("g{}", values.len() - GENERATED_INPUTS);
        lines.push(format!("{name} = {expr}"));
        values.push(Value { name, bound });
        values.len() - 1
    };
    // Each gate adds one unused value and uses one or two: stop when joining what is left
    // takes exactly the gates still to make.
    while made + unused.len() - 1 < gates {
        let Some(head) = unused.pop_front() else { break };
        let window = values.len().min(3 * GENERATED_INPUTS);
        let mut other = values.len() - 1 - rng.below(window as u64) as usize;
        if other == head {
            other = if head == 0 { 1 } else { head - 1 };
        }
        let (a, b) = (&values[head], &values[other]);
        let (expr, bound, uses_other) = match rng.below(10) {
            0..=2 if a.bound + b.bound <= 4.0 => {
                (format!("{} + {}", a.name, b.name), a.bound + b.bound, true)
            }
            3 | 4 if a.bound * b.bound <= 4.0 => {
                (format!("{} * {}", a.name, b.name), a.bound * b.bound, true)
            }
            5 => (format!("max({}, {})", a.name, b.name), a.bound.max(b.bound), true),
            7 | 8 => (format!("sigmoid({})", a.name), 1.0, false),
            _ => (format!("tanh({})", a.name), 1.0, false),
        };
        if uses_other {
            unused.retain(|&u| u != other);
        }
        let id = push(&mut lines, &mut values, expr, bound);
        unused.push_back(id);
        made += 1;
    }
    // Join the values nothing uses, pairwise, until one is left.
    while unused.len() > 1 {
        let (Some(a), Some(b)) = (unused.pop_front(), unused.pop_front()) else { break };
        let expr = format!("{} + {}", values[a].name, values[b].name);
        let bound = values[a].bound + values[b].bound;
        let id = push(&mut lines, &mut values, expr, bound);
        unused.push_back(id);
        made += 1;
    }
    assert_eq!(made, gates, "the generator made {made} gates, not {gates}");
    // The last statement is the output: call it f.
    if let Some(last) = lines.last_mut() {
        if let Some(rest) = last.split_once(" = ").map(|(_, rest)| rest.to_string()) {
            *last = format!("f = {rest}");
        }
    }
    lines.join("\n")
}

fn exact(x: f64) -> String {
    format!("{x}")
}
fn decode(s: &str) -> Result<String, String> {
    playground::state::percent_decode(s)
}

fn main() {
    for gates in [500usize, 2000] {
        let program = generated_program(gates);
        let hash = format!("#p={}", playground::state::percent_encode(&program));
        let mut page = Page::new(&hash, exact, decode);
        assert!(page.link_error.is_none(), "{:?}", page.link_error);
        let layout = Layout::new(&page.model.graph, &Monospace);
        let n = 20;
        let mut t = [0.0f64; 8];
        for k in 0..n {
            let v = 0.01 * k as f64;
            let a = Instant::now();
            let _fx = page.update(Msg::Input("x0".into(), v), 1e6 * k as f64);
            let b = Instant::now();
            let rows = page.model.rows();
            let c = Instant::now();
            let s = page.model.summary(true);
            let d = Instant::now();
            let fits = layout.fits(&page.model.graph, &page.model.steps, &Monospace);
            let e = Instant::now();
            let st = page.timeline.state_at(page.timeline.len() as f64);
            let sc = circuit::scene(&page.model.graph, &layout, &st, Default::default());
            let f = Instant::now();
            let _tl = Timeline::new(&page.model.graph, &page.model.steps);
            let g = Instant::now();
            let _ = page.model.graph.clone().trace();
            let h = Instant::now();
            let _c = page.model.graph.check_gradients(1e-5);
            t[7] += h.elapsed().as_secs_f64() * 1e3 / n as f64;
            std::hint::black_box((rows.len(), s.len(), fits, sc.items.len()));
            for (i, (x, y)) in [(a, b), (b, c), (c, d), (d, e), (e, f), (f, g), (g, h)].iter().enumerate() {
                t[i] += (*y - *x).as_secs_f64() * 1e3 / n as f64;
            }
        }
        println!("{gates} gates: update {:.3} rows {:.3} summary {:.3} fits {:.3} scene {:.3} timeline {:.3} trace {:.3} check {:.3} ms", t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
    }
}
