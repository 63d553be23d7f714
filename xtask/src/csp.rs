//! The Content-Security-Policy of the pages `dist` builds (the page and the teacher's notes).

use std::path::Path;

use crate::Result;

/// The policy the release page runs under, also sent as a header by the test server.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// Writes the Content-Security-Policy into the built page as a `<meta>`, so it holds on any
/// static host. It is added here and not in `www/index.html` because `trunk serve` injects
/// an inline live-reload script that the policy would (rightly) block.
pub fn add_csp_meta(index: &Path) -> Result {
    let html =
        std::fs::read_to_string(index).map_err(|err| format!("cannot read {}: {err}", index.display()))?;
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">");
    // Trunk's minifier drops the quotes.
    let charset = ["<meta charset=\"utf-8\">", "<meta charset=utf-8>"];
    let Some(at) = charset.iter().find_map(|tag| html.find(tag).map(|i| i + tag.len())) else {
        return Err(format!("{} has no <meta charset=\"utf-8\"> to put the policy after", index.display()));
    };
    let html = format!("{}\n{meta}{}", &html[..at], &html[at..]);
    std::fs::write(index, html).map_err(|err| format!("cannot write {}: {err}", index.display()))
}
