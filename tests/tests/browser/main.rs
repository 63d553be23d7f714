//! The playground page in a real browser, held to docs/page-contract.md.
//!
//! One test binary (one link of thirtyfour, not one per file) with a module per feature.
//! Every test starts its own browser (`Page::new`, in the engine `E2E_BROWSER` names) and
//! ends with `Page::finish`: no errors reported, nothing loaded from another origin, the
//! wasm served by the test server. `cargo xtask test` runs the whole suite in Chromium and
//! the journeys a student's browser must manage (xtask's `EVERY_ENGINE`) in Firefox and
//! WebKit too.
//!
//! Run: `BACKPROP_DIST=dist CHROMEDRIVER=/usr/bin/chromedriver cargo test -p e2e`, or with
//! `E2E_BROWSER=firefox GECKODRIVER=...` or `E2E_BROWSER=webkit` under `xvfb-run -a`.

mod a11y;
mod animation;
mod classroom;
mod code;
mod contract;
mod crash;
mod editor;
mod element;
mod engine;
mod export;
mod fork;
mod harness;
mod hostile;
mod jupyter;
mod language;
mod layout;
mod lesson;
mod notebook;
mod offline;
mod pieces;
mod quiz;
mod reveal;
mod soak;
mod train;
mod undo;
mod url;
mod values;
