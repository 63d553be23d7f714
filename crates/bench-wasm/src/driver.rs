//! The native side: the figures measured in this process, and the wasm module built,
//! served and run in headless Chromium, whose page POSTs its JSON lines back.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use workloads::report::Figure;
use workloads::w2;

/// How long the page may take to run both workloads.
const PAGE_TIMEOUT: Duration = Duration::from_secs(300);

const CHROMIUM_FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// This crate's folder: the `CARGO_MANIFEST_DIR` that `cargo run` sets at run time (a
/// shared target dir may hold a binary built from another copy of the workspace), else the
/// compile-time one.
pub fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

pub fn workspace_root() -> PathBuf {
    manifest_dir().join("../..")
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// The W2 data, compiled into the `workloads` crate from its `data/` folder.
pub fn w2_data() -> Result<w2::Data, String> {
    w2::Data::load()
}

/// Both workloads measured natively in this process (build it with `--release`).
pub fn native(data: &w2::Data) -> Vec<Figure> {
    let start = Instant::now();
    crate::figures("native", data, &mut || start.elapsed().as_secs_f64() * 1e3)
}

/// Builds the wasm module (release profile), serves the page and runs it in Chromium;
/// returns the JSON lines the page sent.
pub fn wasm_chromium() -> Result<Vec<String>, String> {
    let out = target_dir().join("bench-wasm");
    build_wasm(&out)?;
    let files = page_files(&out)?;
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let (tx, rx) = mpsc::channel();
    let files = Arc::new(files);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (files, tx) = (Arc::clone(&files), tx.clone());
            std::thread::spawn(move || serve(stream, &files, &tx));
        }
    });
    let mut browser = Browser::start(&out, &format!("http://127.0.0.1:{port}/index.html"))?;
    let result = browser.wait_for(&rx);
    browser.stop();
    let body = result?;
    Ok(body.lines().filter(|l| l.starts_with('{')).map(str::to_string).collect())
}

fn build_wasm(out: &Path) -> Result<(), String> {
    eprintln!("bench-json: building bench-wasm for wasm32-unknown-unknown (release profile)");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build.args([
        "build",
        "--lib",
        "-p",
        "bench-wasm",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "release",
    ]);
    run(build.current_dir(workspace_root()))?;
    let wasm = target_dir().join("wasm32-unknown-unknown/release/bench_wasm.wasm");
    let mut bindgen = Command::new(wasm_bindgen());
    bindgen.arg("--target").arg("web").arg("--no-typescript").arg("--out-dir").arg(out).arg(wasm);
    run(&mut bindgen)
}

/// wasm-bindgen 0.2.130 from the tool cache `cargo xtask ensure-tools` fills
/// (`$BACKPROP_TOOLS`, by default `~/.cache/backprop-playground`), else from PATH.
fn wasm_bindgen() -> PathBuf {
    let tools = std::env::var_os("BACKPROP_TOOLS")
        .filter(|dir| !dir.is_empty())
        .map(|dir| workspace_root().join(dir))
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache/backprop-playground")));
    tools
        .map(|dir| dir.join("wasm-bindgen-0.2.130/bin/wasm-bindgen"))
        .filter(|path| path.exists())
        .unwrap_or_else(|| PathBuf::from("wasm-bindgen"))
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("cannot run {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed: {status}", cmd.get_program()))
    }
}

/// A served file: content type and bytes.
type File = (&'static str, Vec<u8>);

const INDEX_HTML: &str = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>bench-wasm</title>\n\
<script type=\"module\" src=\"main.js\"></script></head><body>running the benchmarks</body></html>\n";

const MAIN_JS: &str = r#"import init, { bench_w1, bench_w2 } from "./bench_wasm.js";

const TARGET = "wasm-chromium";

async function text(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

async function post(path, body) {
  await fetch(path, { method: "POST", body });
}

try {
  await init();
  const [moons, weights] = await Promise.all([text("moons100.csv"), text("mlp_2_16_16_1_init.csv")]);
  const lines = bench_w1(TARGET) + bench_w2(TARGET, moons, weights);
  await post("/results", lines);
} catch (e) {
  await post("/error", String((e && e.stack) || e));
}
"#;

/// The page, the module wasm-bindgen wrote into `out`, and the W2 CSVs.
fn page_files(out: &Path) -> Result<Vec<(String, File)>, String> {
    std::fs::write(out.join("index.html"), INDEX_HTML).map_err(|e| e.to_string())?;
    std::fs::write(out.join("main.js"), MAIN_JS).map_err(|e| e.to_string())?;
    let read =
        |path: PathBuf| std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    let mut files = Vec::new();
    for (name, kind) in [
        ("index.html", "text/html; charset=utf-8"),
        ("main.js", "text/javascript"),
        ("bench_wasm.js", "text/javascript"),
        ("bench_wasm_bg.wasm", "application/wasm"),
    ] {
        files.push((name.to_string(), (kind, read(out.join(name))?)));
    }
    // The same texts the native side parses (`w2::Data::load`).
    for (name, csv) in [("moons100.csv", w2::MOONS_CSV), ("mlp_2_16_16_1_init.csv", w2::INIT_CSV)] {
        files.push((name.to_string(), ("text/csv", csv.as_bytes().to_vec())));
    }
    Ok(files)
}

/// Answers one request: a file, or the page's POST of its results (or of an error).
fn serve(stream: TcpStream, files: &[(String, File)], results: &mpsc::Sender<Result<String, String>>) {
    // A browser opens spare connections it may never use: they time out here.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(reader) = stream.try_clone() else { return };
    let mut reader = BufReader::new(reader);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let mut parts = request.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = path.split('?').next().unwrap_or("").trim_start_matches('/');
    let body = String::from_utf8_lossy(&body).into_owned();
    let reply = match (method, path) {
        ("POST", "results") => {
            let _ = results.send(Ok(body));
            ("204 No Content", "text/plain", &[][..])
        }
        ("POST", "error") => {
            let _ = results.send(Err(format!("the page failed: {body}")));
            ("204 No Content", "text/plain", &[][..])
        }
        ("GET", path) => match files.iter().find(|(name, _)| name == path) {
            Some((_, (kind, bytes))) => ("200 OK", *kind, &bytes[..]),
            None => ("404 Not Found", "text/plain", &b"not found"[..]),
        },
        _ => ("405 Method Not Allowed", "text/plain", &[][..]),
    };
    let (status, kind, bytes) = reply;
    // Cross-origin isolation gives performance.now() its fine resolution.
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         Cross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Embedder-Policy: require-corp\r\n\
         Connection: close\r\n\r\n",
        bytes.len()
    );
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(bytes));
}

/// Chromium, headless, in a process group of its own so that stopping it ends its
/// renderer and helper processes too.
struct Browser {
    child: Child,
    profile: PathBuf,
}

impl Browser {
    fn start(out: &Path, url: &str) -> Result<Browser, String> {
        use std::os::unix::process::CommandExt;
        let chromium = std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into());
        // Extra flags for diagnosis only, e.g. `--js-flags=--no-liftoff`; not for figures.
        let extra_args = std::env::var("BENCH_CHROMIUM_ARGS").unwrap_or_default();
        let profile = out.join(format!("chromium-profile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let log = std::fs::File::create(out.join("chromium.log")).map_err(|e| e.to_string())?;
        let log2 = log.try_clone().map_err(|e| e.to_string())?;
        eprintln!("bench-json: running the page in {} ({url})", Path::new(&chromium).display());
        let child = Command::new(&chromium)
            .args(CHROMIUM_FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra_args.split_whitespace())
            .arg(url)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2)
            .process_group(0)
            .spawn()
            .map_err(|e| {
                format!("cannot start {}: {e} (apt-get install chromium)", Path::new(&chromium).display())
            })?;
        Ok(Browser { child, profile })
    }

    /// The page's results, unless it fails, Chromium exits or the time runs out.
    fn wait_for(&mut self, rx: &mpsc::Receiver<Result<String, String>>) -> Result<String, String> {
        let deadline = Instant::now() + PAGE_TIMEOUT;
        while Instant::now() < deadline {
            match rx.recv_timeout(Duration::from_millis(500)) {
                Ok(result) => return result,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Chromium exited ({status}) before the page reported; see chromium.log"));
            }
        }
        Err(format!("the page did not report within {PAGE_TIMEOUT:?}"))
    }

    /// Ends the process group this browser started (by its id), then removes its profile.
    fn stop(&mut self) {
        let group = format!("-{}", self.child.id());
        for signal in ["-TERM", "-KILL"] {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            let _ = Command::new("kill").args([signal, "--", &group]).stderr(Stdio::null()).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        // Helpers of the group may outlive the main process by a moment.
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
