//! The playground page in a real browser, held to docs/page-contract.md.
//!
//! One test binary (one link of thirtyfour, not one per file) with a module per feature.
//! Every test starts its own Chromium (`Page::new`) and ends with `Page::finish`: no
//! console errors, nothing loaded from another origin, the wasm served by the test server.
//!
//! Run: `BACKPROP_DIST=dist CHROMEDRIVER=/usr/bin/chromedriver cargo test -p e2e`.

mod a11y;
mod animation;
mod classroom;
mod code;
mod contract;
mod crash;
mod editor;
mod engine;
mod export;
mod fork;
mod harness;
mod hostile;
mod language;
mod quiz;
mod soak;
mod train;
mod undo;
mod url;
mod values;
