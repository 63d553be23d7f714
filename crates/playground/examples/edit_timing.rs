//! The plain-Rust part of an input edit on page-bench's generated 500- and 2,000-gate
//! programs, timed natively: the page's update, the table rows, the summary, the layout
//! check, a full scene, the timeline, the trace and the numerical check (ms per edit).
//! `cargo run --release -p playground --example edit_timing`. The browser's share (DOM,
//! canvas) is page-bench's to measure.

use circuit::{Layout, Monospace, Timeline};
use playground::machine::Page;
use playground::msg::Msg;
use std::time::Instant;

fn exact(x: f64) -> String {
    format!("{x}")
}
fn decode(s: &str) -> Result<String, String> {
    playground::state::percent_decode(s)
}

fn main() {
    for gates in [500usize, 2000] {
        let program = workloads::generated::program(gates);
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
