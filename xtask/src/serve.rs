//! `cargo xtask serve`: a debug build of the page served by Trunk and rebuilt on every
//! change. Bound to 127.0.0.1 only; the port is `$PORT`, default 8080.
//!
//! Trunk's automatic reload is an inline script, which the page's strict CSP (a `<meta>`
//! in www/index.html) refuses, so after a rebuild the tab is reloaded by hand.

use crate::tools::{self, Needs};
use crate::{dist, exec, Result};

const DEFAULT_PORT: u16 = 8080;

pub fn run() -> Result {
    let port = port()?;
    let toolbox = tools::ensure(Needs::WEB)?;
    if let Some(reason) = dist::missing_input() {
        return Err(format!("cannot serve the page: {reason}"));
    }
    dist::fetch(&toolbox)?;
    log!("serving the page at http://127.0.0.1:{port}/ (Ctrl-C stops; reload the tab after edits)");
    exec::run(toolbox.command("trunk").args(["serve", "--address", "127.0.0.1", "--port", &port.to_string()]))
}

fn port() -> Result<u16> {
    match std::env::var("PORT") {
        Ok(port) if !port.is_empty() => {
            port.parse().map_err(|_| format!("PORT must be a port number from 1 to 65535, not `{port}`"))
        }
        _ => Ok(DEFAULT_PORT),
    }
}

/// Trunk's post_build hook (Trunk.toml) in a `cargo xtask serve` build: the Lesson's module
/// into Trunk's staging folder, so the served page opens the Lesson as dist/'s does. (The
/// hook skips release builds: `cargo xtask dist` builds the Lesson itself, after Trunk.)
pub fn lesson() -> Result {
    let Some(staging) = std::env::var_os("TRUNK_STAGING_DIR") else {
        return Err("serve-lesson is Trunk's post_build hook: TRUNK_STAGING_DIR is not set".into());
    };
    let toolbox = tools::ensure(Needs::WEB)?;
    dist::build_lesson(&toolbox, std::path::Path::new(&staging))
}
