//! The Lesson's web layer: a wasm module of its own, which `www/boot.js` loads only when a
//! student opens the Lesson (or a link names a step, `lesson=N`), so the page's first download
//! carries none of it (the page's first load has a size budget per language).
//!
//! It drives [`lessons::lesson::Tutor`] (the Lesson's plain-Rust state machine, tested
//! natively) and touches only the Lesson's own elements (`#lesson-*`, docs/page-contract.md).
//! It reads what the page shows from the page's link (the contract's URL hash: program,
//! values, σ gates, position, selection; the page says when it writes one with a
//! `linkwritten` event) and two controls (`#h`, the timeline's length), and it sets up each
//! step by opening a link, as a teacher's link opens: the page's own state machine does the
//! rest. Its words are `lesson/<code>.txt`, fetched in the page's language.
//!
//! Natively this crate is empty: everything it decides is `lessons::lesson`'s.

#[cfg(target_arch = "wasm32")]
mod web;
