//! The wasm exports the benchmark page calls. Each runs both systems of one workload and
//! returns their JSON lines (one per line), timed with `performance.now()`.

use wasm_bindgen::prelude::*;
use workloads::report::{self, Figure};
use workloads::{w1, w2};

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

fn performance() -> Result<web_sys::Performance, JsValue> {
    web_sys::window().and_then(|w| w.performance()).ok_or_else(|| JsValue::from_str("no window.performance"))
}

fn lines(figures: &[Figure]) -> String {
    figures.iter().map(|f| f.json() + "\n").collect()
}

/// W1 at W = 1000 (999,999 op nodes), engine and flat tape, for `target`.
#[wasm_bindgen]
pub fn bench_w1(target: &str) -> Result<String, JsValue> {
    let perf = performance()?;
    Ok(lines(&report::w1(w1::FULL, target, crate::W1_REPS, &mut || perf.now())))
}

/// W2 from the two CSV texts (`moons100.csv`, `mlp_2_16_16_1_init.csv`), for `target`.
#[wasm_bindgen]
pub fn bench_w2(target: &str, moons_csv: &str, init_csv: &str) -> Result<String, JsValue> {
    let perf = performance()?;
    let data = w2::Data::parse(moons_csv, init_csv).map_err(|e| JsValue::from_str(&e))?;
    Ok(lines(&report::w2(&data, target, crate::W2_REPS, &mut || perf.now())))
}
