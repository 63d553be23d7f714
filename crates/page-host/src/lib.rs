//! What the browser suite (`tests/`, package e2e), `serve-dist` (Lighthouse) and the wasm
//! bench (crates/bench-wasm) share to run a page in a browser: [`Server`], a static file
//! server on 127.0.0.1 that sends the production headers, and [`CHROMIUM_FLAGS`].
//!
//! Not the page (which knows nothing of it), and not a production host: it serves one
//! folder to one browser on this machine.
//!
//! ```no_run
//! let server = page_host::Server::start(std::path::Path::new("dist")).expect("a free port");
//! println!("open {}/", server.origin());
//! ```

pub mod server;

pub use server::{Options, Post, Server, CSP};

/// The flags known to work on this project's machines (docs/toolchain.md): headless,
/// as root, in a closed network.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];
