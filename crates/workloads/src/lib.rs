//! The two fixed benchmark workloads of `docs/workloads.md`, each written twice:
//! on the engine's builder API and on a minimal flat tape ([`flat::Tape`], the lower
//! bound a tape engine is measured against), with the published checksums both must
//! reproduce before any time counts.
//!
//! - [`w1`]: "wide chain", W lanes of S steps of `a = tanh(a * B + C)` summed into L.
//! - [`w2`]: "micrograd demo", 20 SGD steps of an MLP 2-16-16-1 on 100 moons points.
//! - [`generated`]: the page's large programs (500 and 2,000 gates) for its own benchmarks.
//!
//! This is one implementation shared by every place that times the engine: the
//! criterion benches of `crates/autodiff`, the native JSON figures and the wasm module
//! that `crates/bench-wasm` runs in Chromium. It is plain Rust with no clock of its own:
//! [`report`] takes the clock as a closure (`Instant` natively, `performance.now()` in
//! the browser), so both targets measure the same code in the same way. It is not a
//! statistics package; criterion does that natively.
//!
//! ```
//! use workloads::w1;
//! let mut engine = w1::Engine::new();
//! let size = w1::Size { w: 3, ..w1::SMALL };
//! let out = engine.build(size);
//! engine.backward();
//! let mut tape = w1::Flat::default();
//! let t_out = tape.build(size);
//! tape.backward(t_out);
//! // The two implementations build the same graph, so they agree exactly.
//! assert_eq!(engine.checksums(out), tape.checksums(t_out));
//! ```

pub mod flat;
pub mod generated;
pub mod report;
pub mod w1;
pub mod w2;

/// Relative agreement the checksums must reach.
pub const TOLERANCE: f64 = 1e-12;

/// `Err` naming `what` unless `got` is within [`TOLERANCE`] of `want`, relatively.
pub fn check_close(what: &str, got: f64, want: f64) -> Result<(), String> {
    let rel = (got - want).abs() / want.abs();
    if rel <= TOLERANCE {
        Ok(())
    } else {
        Err(format!("{what} is {got}, expected {want} (relative error {rel:e})"))
    }
}
