//! The native side: the figures measured in this process, and the wasm module built,
//! served (by crates/page-host's server, the browser suite's, cross-origin isolated) and
//! run in headless Chromium, whose page POSTs its JSON lines back.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use page_host::{Options, Server, CHROMIUM_FLAGS};
use workloads::report::Figure;
use workloads::w2;

/// How long the page may take to run both workloads.
const PAGE_TIMEOUT: Duration = Duration::from_secs(300);

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
    page_files(&out)?;
    // Cross-origin isolation gives performance.now() its fine resolution.
    let options = Options { cross_origin_isolated: true, accept_posts: true, ..Options::default() };
    let server =
        Server::start_with(&out, options).map_err(|e| format!("cannot serve {}: {e}", out.display()))?;
    let mut browser = Browser::start(&out, &format!("{}/index.html", server.origin()))?;
    let result = browser.wait_for(&server);
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

/// The page beside the module wasm-bindgen wrote into `out`, and the W2 CSVs.
fn page_files(out: &Path) -> Result<(), String> {
    // The same texts the native side parses (`w2::Data::load`).
    for (name, text) in [
        ("index.html", INDEX_HTML),
        ("main.js", MAIN_JS),
        ("moons100.csv", w2::MOONS_CSV),
        ("mlp_2_16_16_1_init.csv", w2::INIT_CSV),
    ] {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
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
    fn wait_for(&mut self, server: &Server) -> Result<String, String> {
        let deadline = Instant::now() + PAGE_TIMEOUT;
        while Instant::now() < deadline {
            match server.recv_post(Duration::from_millis(500)) {
                Some(post) if post.target == "/results" => return Ok(post.body),
                Some(post) if post.target == "/error" => {
                    return Err(format!("the page failed: {}", post.body))
                }
                Some(post) => return Err(format!("the page posted to {}: {}", post.target, post.body)),
                None => {}
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
