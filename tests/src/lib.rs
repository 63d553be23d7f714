//! End-to-end browser tests of the Backprop Playground page.
//!
//! The harness serves the built page (`dist/`, or `BACKPROP_DIST`) from crates/page-host's
//! server, which adds the contract's Content-Security-Policy to every response, drives a
//! fresh browser per test through its own WebDriver server, in the engine `E2E_BROWSER`
//! names (Chromium, Firefox or WebKit: see `browser`), and ends every test by checking the
//! browser reported no errors and no request left the server's origin.
//! docs/page-contract.md is what the tests hold the page to.

pub mod browser;
pub mod page;
pub use page_host::server;

pub use browser::Engine;
pub use page::{
    copy_tree, dist_copy, dist_dir, fixtures_dir, target_dir, timeout, workspace_dir, ConsoleError, Page,
    Row, Snapshot,
};
pub use server::{Server, CSP};
pub use thirtyfour::Key;
