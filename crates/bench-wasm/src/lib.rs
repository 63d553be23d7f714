//! The benchmark workloads of `docs/workloads.md` (from the `workloads` crate)
//! as a wasm module for headless Chromium, and the native side that drives it.
//!
//! The wasm half (`web`, wasm32 only) exports `bench_w1` and `bench_w2`: each runs the engine and the
//! flat-tape lower bound, both compiled into the same module, rep by rep with the
//! checksums verified, timed with `performance.now()`, and returns the JSON lines. The
//! native half (`driver`) builds that module with the release profile, runs
//! wasm-bindgen, serves a small page on 127.0.0.1, starts Chromium headless and waits for
//! the page to POST its lines back; the `bench-json` binary prints them after the same
//! figures measured natively:
//!
//! ```text
//! cargo run --release -p bench-wasm --bin bench-json            # native, then wasm-chromium
//! cargo run --release -p bench-wasm --bin bench-json -- native  # only one of the two
//! ```
//!
//! It is not the page: nothing here is shipped, and only `web` knows about JavaScript.

use workloads::report::{self, Clock, Figure, Reps};

#[cfg(not(target_arch = "wasm32"))]
pub mod driver;
#[cfg(target_arch = "wasm32")]
pub mod web;

/// Reps of each figure, for W1 at W = 1000 and for W2: at least half a second of warm-up.
pub const W1_REPS: Reps = Reps { warmup: 3, warmup_ms: 500.0, timed: 15 };
pub const W2_REPS: Reps = Reps { warmup: 5, warmup_ms: 500.0, timed: 31 };

/// The W1 and W2 figures for `target`, timed with `now` (milliseconds); what the page
/// computes in wasm, here natively.
pub fn figures(target: &str, w2_data: &workloads::w2::Data, now: Clock<'_>) -> Vec<Figure> {
    let mut figures = Vec::new();
    figures.extend(report::w1(workloads::w1::FULL, target, W1_REPS, now));
    figures.extend(report::w2(w2_data, target, W2_REPS, now));
    figures
}
