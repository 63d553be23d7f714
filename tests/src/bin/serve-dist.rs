//! `serve-dist`: serves the built page (`dist/`, or `BACKPROP_DIST`) with the suite's own
//! server (crates/page-host: the production Content-Security-Policy header, exact MIME
//! types, gzip when the request accepts it) until its standard input closes.
//!
//! It prints the page's URL as its first line of stdout, so a caller (`cargo xtask bench
//! lighthouse`) reads that line, points its tool at the URL and closes the pipe when done;
//! a person can run it too, and stop it with Ctrl-D or Ctrl-C.
//!
//! ```sh
//! cargo run -p e2e --bin serve-dist   # prints http://127.0.0.1:<port>/
//! ```

use std::io::{Read, Write};

fn main() {
    let dist = e2e::dist_dir();
    let server = e2e::Server::start(&dist).unwrap_or_else(|e| panic!("cannot start the file server: {e}"));
    let mut stdout = std::io::stdout();
    // The caller waits for this line: flush it now, not when the buffer fills.
    let _ = writeln!(stdout, "{}/", server.origin());
    let _ = stdout.flush();
    eprintln!("serve-dist: serving {} (close stdin to stop)", dist.display());
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    eprintln!("serve-dist: {} requests served", server.requests().len());
}
