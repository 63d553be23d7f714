//! A static file server for the built page.
//!
//! HTTP is hyper's; what is served is decided here, because the tests need what a generic
//! file server does not give: the contract's Content-Security-Policy on *every* response
//! (so every test also proves the page runs under it), strict MIME types
//! (`application/wasm` is required by `WebAssembly.instantiateStreaming`, and `nosniff`
//! makes a wrong script type fail loudly), and a log of every request target (so a test
//! can prove the wasm really came from here). Like a production host, it gzips text and
//! wasm when the request accepts gzip, so the suite runs the page as a visitor gets it and
//! Lighthouse (`cargo xtask bench lighthouse`, through `serve-dist`) sees the transfer
//! sizes the budget is about.
//!
//! For engines without a console-log endpoint (Firefox and WebKit over WebDriver), a server
//! made with [`Server::start_with_tally`] also puts [`TALLY_JS`] first into every HTML page
//! it serves, as a same-origin script the policy allows: it counts the page's errors in the
//! page, and the harness reads that count before leaving each document.
//!
//! The wasm bench's page (crates/bench-wasm) needs two things more, asked for with
//! [`Options`]: cross-origin isolation (it gives `performance.now()` its fine resolution)
//! and POSTs, which is how that page hands back its results ([`Server::recv_post`]).

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

/// The policy from docs/page-contract.md, section "Content-Security-Policy".
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// Where the tally script is served; no file of the page has this name.
pub const TALLY_PATH: &str = "/__e2e-tally.js";

/// A page holding one empty `<iframe>` (`width=375`), served at [`FRAME_PATH`]: the page in
/// it has a phone's viewport in every engine, where a desktop browser's window cannot be
/// made that narrow (Firefox stops at about 490 CSS px, WebKitGTK at about 450).
pub const FRAME_HTML: &str =
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>375 px</title>\
    <link rel=icon href=/favicon.svg></head><body><iframe id=phone title=\"the page at 375 px\" width=375 height=812></iframe></body></html>";

/// Where [`FRAME_HTML`] is served.
pub const FRAME_PATH: &str = "/__e2e-frame.html";

/// Counts what Chromium's console log would report as SEVERE: uncaught errors, failed
/// loads of scripts, styles and images, unhandled promise rejections, `console.error` and
/// Content-Security-Policy violations, into `window.__e2eErrors`. Installed before any
/// script of the page runs.
pub const TALLY_JS: &str = r#"(() => {
  const errors = window.__e2eErrors = [];
  const add = (kind, text) => errors.push(kind + ": " + text);
  addEventListener("error", (e) => {
    const t = e.target;
    if (t && t !== window && (t.src || t.href)) add("failed to load", t.src || t.href);
    else add("uncaught error", (e.message || "") + " at " + (e.filename || "") + ":" + (e.lineno || 0));
  }, true);
  addEventListener("unhandledrejection", (e) => add("unhandled rejection", String(e.reason && (e.reason.stack || e.reason))));
  document.addEventListener("securitypolicyviolation", (e) =>
    add("Content Security Policy", "refused " + (e.blockedURI || "inline") + " (" + e.violatedDirective + ")"));
  const original = console.error;
  console.error = function (...args) { add("console.error", args.map(String).join(" ")); return original.apply(this, args); };
})();
"#;

/// What a server does beyond serving files under the policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Every HTML page served loads [`TALLY_JS`] first.
    pub tally: bool,
    /// Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy on every response, so
    /// the page is cross-origin isolated.
    pub cross_origin_isolated: bool,
    /// POSTs are answered 204 and handed to [`Server::recv_post`] (else 405).
    pub accept_posts: bool,
    /// Another Content-Security-Policy than [`CSP`]: a page that is not ours and needs
    /// more (a reveal.js deck's theme fonts are `data:` URLs, and its print view writes
    /// `<style>` elements).
    pub csp: Option<&'static str>,
}

/// A POST the server received: its target and its body as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub target: String,
    pub body: String,
}

/// A running server; it stops when dropped.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    root: PathBuf,
    log: Arc<Mutex<Vec<String>>>,
    posts: Mutex<mpsc::Receiver<Post>>,
    stop: Option<oneshot::Sender<()>>,
    offline: Arc<AtomicBool>,
}

/// Gzipped bodies by file, with the modification time and length they were made from, so
/// each file is compressed once (at level 9, like the sizes `cargo xtask dist` reports)
/// and a rebuilt file is compressed again.
type GzipCache = Mutex<HashMap<PathBuf, (Option<SystemTime>, u64, Arc<Vec<u8>>)>>;

/// What every connection's handler shares.
struct Site {
    root: PathBuf,
    options: Options,
    log: Arc<Mutex<Vec<String>>>,
    cache: GzipCache,
    posts: mpsc::Sender<Post>,
    offline: Arc<AtomicBool>,
}

impl Server {
    /// Serves `root` on 127.0.0.1 at a port the OS picks.
    pub fn start(root: &Path) -> io::Result<Server> {
        Server::start_with(root, Options::default())
    }

    /// Like [`Server::start`], and every HTML page served loads [`TALLY_JS`] first.
    pub fn start_with_tally(root: &Path) -> io::Result<Server> {
        Server::start_with(root, Options { tally: true, ..Options::default() })
    }

    /// Serves `root` with `options`. The server runs on a thread and a runtime of its own,
    /// so it can be started from sync code and from inside another tokio runtime alike.
    pub fn start_with(root: &Path, options: Options) -> io::Result<Server> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_io().build()?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let (posts, received) = mpsc::channel();
        let offline = Arc::new(AtomicBool::new(false));
        let site = Arc::new(Site {
            root: root.to_path_buf(),
            options,
            log: Arc::clone(&log),
            cache: GzipCache::default(),
            posts,
            offline: Arc::clone(&offline),
        });
        let (stop, stopped) = oneshot::channel();
        thread::Builder::new()
            .name(format!("page-host-{}", addr.port()))
            .spawn(move || runtime.block_on(accept(listener, site, stopped)))?;
        Ok(Server {
            addr,
            root: root.to_path_buf(),
            log,
            posts: Mutex::new(received),
            stop: Some(stop),
            offline,
        })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The directory served.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every request target served so far (path and query, as the browser sent it).
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// From now on every connection is closed before a byte is read, as on a train with no
    /// network: the browser's fetches fail, and a service worker answers from its cache.
    pub fn go_offline(&self) {
        self.offline.store(true, Ordering::SeqCst);
    }

    /// The next POST (with [`Options::accept_posts`]), waiting at most `timeout`.
    pub fn recv_post(&self, timeout: Duration) -> Option<Post> {
        self.posts.lock().unwrap_or_else(PoisonError::into_inner).recv_timeout(timeout).ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Ends the accept loop; its runtime, and every connection on it, goes with it.
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Accepts connections until `stopped`, each served on a task of its own.
async fn accept(listener: std::net::TcpListener, site: Arc<Site>, mut stopped: oneshot::Receiver<()>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
    loop {
        let stream = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
        };
        if site.offline.load(Ordering::SeqCst) {
            drop(stream);
            continue;
        }
        let site = Arc::clone(&site);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let site = Arc::clone(&site);
                async move {
                    // A connection kept alive from before going offline fails too.
                    if site.offline.load(Ordering::SeqCst) {
                        return Err(io::Error::new(io::ErrorKind::NotConnected, "offline"));
                    }
                    Ok(serve(&site, request).await)
                }
            });
            // A connection's failure (the browser hung up) is no test failure: ignore it.
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// Answers one request: logged, then a file, one of the suite's own pages, or a POST.
async fn serve(site: &Site, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let target = request.uri().path_and_query().map_or("/", |t| t.as_str()).to_string();
    site.log.lock().unwrap_or_else(PoisonError::into_inner).push(target.clone());
    let gzip = request
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .any(|value| value.to_str().is_ok_and(accepts_gzip));
    let plain =
        |status, body: &'static [u8]| (status, "text/plain; charset=utf-8", Arc::new(body.to_vec()), None);
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let tally = site.options.tally;
    let method = request.method().clone();
    let (status, mime, body, encoding) = if method == Method::POST && site.options.accept_posts {
        match request.into_body().collect().await {
            Ok(body) => {
                let body = String::from_utf8_lossy(&body.to_bytes()).into_owned();
                let _ = site.posts.send(Post { target, body });
                plain(StatusCode::NO_CONTENT, b"")
            }
            Err(_) => plain(StatusCode::BAD_REQUEST, b""),
        }
    } else if method != Method::GET && method != Method::HEAD {
        plain(StatusCode::METHOD_NOT_ALLOWED, b"")
    } else if path == FRAME_PATH {
        let page = if tally { with_tally(FRAME_HTML.as_bytes()) } else { FRAME_HTML.as_bytes().to_vec() };
        (StatusCode::OK, "text/html; charset=utf-8", Arc::new(page), None)
    } else if tally && path == TALLY_PATH {
        (StatusCode::OK, "text/javascript; charset=utf-8", Arc::new(TALLY_JS.as_bytes().to_vec()), None)
    } else {
        match resolve(&site.root, &target).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
            Some((path, body)) => {
                let mime = mime(&path);
                let body = if tally && mime.starts_with("text/html") { with_tally(&body) } else { body };
                if !(gzip && compressible(mime)) {
                    (StatusCode::OK, mime, Arc::new(body), None)
                } else if let Ok(gz) = gzipped(&site.cache, &path, &body) {
                    (StatusCode::OK, mime, gz, Some("gzip"))
                } else {
                    plain(StatusCode::INTERNAL_SERVER_ERROR, b"cannot gzip\n")
                }
            }
            None => plain(StatusCode::NOT_FOUND, b"not found\n"),
        }
    };
    respond(status, mime, &body, encoding, site.options)
}

/// A response with the headers every response carries.
fn respond(
    status: StatusCode,
    mime: &'static str,
    body: &[u8],
    encoding: Option<&'static str>,
    options: Options,
) -> Response<Full<Bytes>> {
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, mime)
        .header(header::VARY, "accept-encoding")
        .header(header::CONTENT_SECURITY_POLICY, options.csp.unwrap_or(CSP))
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CACHE_CONTROL, "no-store");
    if let Some(encoding) = encoding {
        response = response.header(header::CONTENT_ENCODING, encoding);
    }
    if options.cross_origin_isolated {
        response = response
            .header("cross-origin-opener-policy", "same-origin")
            .header("cross-origin-embedder-policy", "require-corp");
    }
    // Every header above is a valid constant, so the builder cannot fail.
    response.body(Full::new(Bytes::copy_from_slice(body))).unwrap_or_default()
}

/// An HTML page with the tally script as the first element of its `<head>`, so it runs
/// before anything of the page. A minified page may leave out the `<head>` tag: then the
/// script goes right after the doctype (before it, the page would be in quirks mode).
fn with_tally(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let tag = format!("<script src=\"{TALLY_PATH}\"></script>");
    let lower = text.to_ascii_lowercase();
    let after = |open: &str| lower.find(open).and_then(|i| lower[i..].find('>').map(|j| i + j + 1));
    let at = ["<head>", "<head ", "<html>", "<html ", "<!doctype"].iter().find_map(|t| after(t)).unwrap_or(0);
    format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes()
}

/// Whether an Accept-Encoding value accepts gzip (`gzip` or `*`, without `q=0`).
fn accepts_gzip(value: &str) -> bool {
    value.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or("");
        let refused = parts
            .any(|p| p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q == 0.0)));
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

/// Whether a type is worth gzipping: text, script, wasm, SVG and JSON (images and fonts
/// are compressed already).
fn compressible(mime: &str) -> bool {
    mime.starts_with("text/")
        || ["application/wasm", "image/svg+xml", "application/json", "application/manifest+json"]
            .contains(&mime)
}

/// `body` (the file at `path`) gzipped at level 9, compressed once per version of the file.
fn gzipped(cache: &GzipCache, path: &Path, body: &[u8]) -> io::Result<Arc<Vec<u8>>> {
    let modified = path.metadata().and_then(|m| m.modified()).ok();
    let len = body.len() as u64;
    let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((m, l, gz)) = cache.get(path) {
        if *m == modified && *l == len {
            return Ok(Arc::clone(gz));
        }
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(body)?;
    let gz = Arc::new(encoder.finish()?);
    cache.insert(path.to_path_buf(), (modified, len, Arc::clone(&gz)));
    Ok(gz)
}

/// Maps a request target to a file under `root`, or None (404). Refuses `..` so a test
/// page can never read outside the served directory.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment == "." || segment.contains('\\') {
            return None;
        }
        file.push(segment);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a file, by extension.
pub fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_match_what_browsers_require() {
        assert_eq!(mime(Path::new("a/b.wasm")), "application/wasm");
        assert_eq!(mime(Path::new("x.js")), "text/javascript; charset=utf-8");
        assert_eq!(mime(Path::new("x.css")), "text/css; charset=utf-8");
        assert_eq!(mime(Path::new("x.svg")), "image/svg+xml");
    }

    #[test]
    fn the_tally_goes_first_into_the_head() {
        let page = with_tally(b"<!doctype html><html><HEAD><meta charset=utf-8><script src=a.js></script>");
        let page = String::from_utf8(page).unwrap_or_default();
        assert_eq!(
            page,
            "<!doctype html><html><HEAD><script src=\"/__e2e-tally.js\"></script><meta charset=utf-8>\
             <script src=a.js></script>"
        );
        let bare = String::from_utf8(with_tally(b"<!DOCTYPE html><header>hi")).unwrap_or_default();
        assert_eq!(bare, "<!DOCTYPE html><script src=\"/__e2e-tally.js\"></script><header>hi");
    }

    #[test]
    fn gzips_only_when_the_request_accepts_it() {
        assert!(accepts_gzip(" gzip, deflate, br, zstd\r\n"));
        assert!(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("gzip;q=0, br"));
        assert!(!accepts_gzip("identity"));
        assert!(!accepts_gzip("x-gzip-not"));
        assert!(compressible(mime(Path::new("a.wasm"))) && compressible(mime(Path::new("a.js"))));
        assert!(!compressible(mime(Path::new("a.png"))) && !compressible(mime(Path::new("a.woff2"))));
    }

    #[test]
    fn a_gzipped_body_inflates_to_the_file_and_is_made_again_when_the_file_changes() {
        use std::io::Read;
        let dir = std::env::temp_dir().join(format!("e2e-gzip-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let file = dir.join("a.js");
        let cache = GzipCache::default();
        for text in ["let a = 1;\n".repeat(100), "let b = 2; // longer\n".repeat(100)] {
            std::fs::write(&file, &text).unwrap_or_else(|e| panic!("{e}"));
            let gz = gzipped(&cache, &file, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
            let mut back = String::new();
            flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut back).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(back, text);
            assert!(gz.len() < text.len() / 4);
        }
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn refuses_to_leave_the_root() {
        let root = std::env::temp_dir().join(format!("page-host-root-{}", std::process::id()));
        std::fs::create_dir_all(root.join("site")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("secret.txt"), "outside").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("site/index.html"), "<!doctype html>").unwrap_or_else(|e| panic!("{e}"));
        let site = root.join("site");
        assert!(resolve(&site, "/../secret.txt").is_none());
        assert!(resolve(&site, "/%2e%2e/secret.txt").is_none());
        assert!(resolve(&site, "/index.html?x=1").is_some());
        assert!(resolve(&site, "/").is_some());
        std::fs::remove_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
    }
}
