//! `cargo xtask bench`: the benchmarks, then their figures in one short list.
//!
//! The engine's criterion benchmark `w1`, the workloads W1 and W2 natively and as
//! wasm in headless Chromium (crates/bench-wasm, crates/workloads), and the page's own
//! timings on the release build (tests/src/bin/page-bench.rs), then Lighthouse on that
//! build (lighthouse.rs). Each suite is one entry of `SUITES`, so in-page benchmarks can
//! join as new entries; `cargo xtask bench <suite>..` runs only the suites named.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::tools::{self, Needs, Toolbox};
use crate::{dist, exec, Result};

/// One benchmark suite: how to run it.
struct Suite {
    /// What `cargo xtask bench <key>` calls it.
    key: &'static str,
    name: &'static str,
    /// The file the suite needs; a missing one skips the suite.
    needs: &'static str,
    /// Runs the suite and returns its own summary lines.
    run: fn(&Toolbox) -> Result<Vec<String>>,
}

const SUITES: &[Suite] = &[
    Suite {
        key: "engine",
        name: "engine W1 (criterion, native)",
        needs: "crates/autodiff/benches/w1.rs",
        run: engine,
    },
    Suite {
        key: "wasm",
        name: "workloads W1 and W2 (native, and wasm in headless Chromium)",
        needs: "crates/bench-wasm/Cargo.toml",
        run: wasm,
    },
    Suite {
        key: "page",
        name: "page timings (release build in headless Chromium)",
        needs: "tests/src/bin/page-bench.rs",
        run: page,
    },
    Suite {
        key: "lighthouse",
        name: "Lighthouse (release build, mobile preset)",
        needs: "tests/src/bin/serve-dist.rs",
        run: lighthouse,
    },
];

/// Runs every suite, or only those `only` names by key.
pub fn run(only: &[String]) -> Result {
    if let Some(unknown) = only.iter().find(|key| !SUITES.iter().any(|s| s.key == key.as_str())) {
        let keys: Vec<&str> = SUITES.iter().map(|s| s.key).collect();
        return Err(format!("no bench suite `{unknown}` (the suites: {})", keys.join(", ")));
    }
    let started = SystemTime::now();
    // wasm-bindgen and Chromium, for the wasm suite.
    let lighthouse = only.is_empty() || only.iter().any(|key| key == "lighthouse");
    let toolbox = tools::ensure(Needs { lighthouse, ..Needs::BENCH })?;
    let mut summaries = Vec::new();
    for suite in SUITES.iter().filter(|s| only.is_empty() || only.iter().any(|key| key == s.key)) {
        if !crate::root().join(suite.needs).exists() {
            log!("bench {}: skipped (no {} yet)", suite.name, suite.needs);
            continue;
        }
        log!("bench {}", suite.name);
        summaries.extend((suite.run)(&toolbox)?);
    }
    if !summaries.is_empty() {
        log!("summaries:");
        for line in &summaries {
            log!("  {line}");
        }
    }
    print_criterion_figures(started)
}

/// The W1 workload at W = 100, or at W = 1000 with `BENCH_W1_FULL=1`.
/// Its summary line (ns per op node, bytes per node) starts with "W1 ".
fn engine(toolbox: &Toolbox) -> Result<Vec<String>> {
    let stdout = exec::run_echoing_stdout(
        toolbox.command("cargo").args(["bench", "-p", "autodiff", "--bench", "w1"]),
    )?;
    Ok(stdout.lines().filter(|line| line.starts_with("W1 ")).map(str::to_string).collect())
}

/// bench-json prints one JSON line per figure.
fn wasm(toolbox: &Toolbox) -> Result<Vec<String>> {
    let stdout = exec::run_echoing_stdout(toolbox.command("cargo").args([
        "run",
        "--release",
        "-p",
        "bench-wasm",
        "--bin",
        "bench-json",
    ]))?;
    Ok(stdout.lines().filter(|line| line.starts_with('{')).map(str::to_string).collect())
}

/// The page's timings (load, edit to frame, frames while playing, bundle size) from
/// page-bench, one JSON line per figure, on `dist/`: rebuilt unless it is a release build
/// newer than everything it is built from.
fn page(toolbox: &Toolbox) -> Result<Vec<String>> {
    let dist = release_dist(toolbox)?;
    let driver = toolbox.chromedriver.clone().ok_or("no chromedriver in the toolbox")?;
    let stdout = exec::run_echoing_stdout(
        toolbox
            .command("cargo")
            .args(["run", "-p", "e2e", "--bin", "page-bench"])
            .env("BACKPROP_DIST", dist)
            .env("CHROMEDRIVER", driver),
    )?;
    Ok(stdout.lines().filter(|line| line.starts_with('{')).map(str::to_string).collect())
}

/// Lighthouse's four category scores and FCP, LCP, TBT and CLS on `dist/` (rebuilt as for
/// `page`).
fn lighthouse(toolbox: &Toolbox) -> Result<Vec<String>> {
    let dist = release_dist(toolbox)?;
    crate::lighthouse::run(toolbox, &dist)
}

/// `dist/`, rebuilt first unless it is a release build newer than everything it is built
/// from.
fn release_dist(toolbox: &Toolbox) -> Result<PathBuf> {
    match stale_dist() {
        Some(reason) => {
            log!("building dist/ ({reason})");
            dist::build(toolbox)
        }
        None => {
            log!("using the existing dist/ (a release build newer than its inputs)");
            Ok(crate::root().join("dist"))
        }
    }
}

/// Why `dist/` cannot be reused as the release build, if it cannot: missing, built by
/// `trunk serve` (its live-reload script, no policy `<meta>`), without a size report, or
/// older than a file it is built from.
fn stale_dist() -> Option<String> {
    let root = crate::root();
    let index = root.join("dist/index.html");
    let Ok(html) = std::fs::read_to_string(&index) else { return Some("no dist/index.html".into()) };
    if html.contains("__TRUNK_ADDRESS__") || !html.contains("http-equiv=\"Content-Security-Policy\"") {
        return Some("dist/ is a development build".into());
    }
    let Some(built) = modified(&index) else {
        return Some("dist/index.html has no modification time".into());
    };
    let report = crate::target_dir().join("bundle-size.json");
    if modified(&report).is_none_or(|time| time < built) {
        return Some("no size report for this build".into());
    }
    let inputs = ["Cargo.lock", "Cargo.toml", "Trunk.toml", "www", "crates"].map(|p| root.join(p));
    inputs
        .iter()
        .find_map(|input| newer_file(input, built))
        .map(|file| format!("{} changed since the build", file.strip_prefix(root).unwrap_or(&file).display()))
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|meta| meta.modified()).ok()
}

/// A file under `path` (or `path` itself) modified after `time`, skipping `target` folders.
fn newer_file(path: &Path, time: SystemTime) -> Option<PathBuf> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).ok()?;
        entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|p| p.file_name().is_none_or(|name| name != "target"))
            .find_map(|p| newer_file(&p, time))
    } else {
        modified(path).filter(|&m| m > time).map(|_| path.to_path_buf())
    }
}

/// Prints the time per iteration and its 95% interval for every criterion benchmark
/// measured by this run: the slope estimate, which criterion itself prints, else the mean.
fn print_criterion_figures(since: SystemTime) -> Result {
    let criterion = crate::target_dir().join("criterion");
    let mut figures = Vec::new();
    collect_figures(&criterion, since, &mut figures);
    if figures.is_empty() {
        log!("no criterion figures were written to {}", criterion.display());
        return Ok(());
    }
    figures.sort();
    log!("criterion figures (time per iteration [95% interval]):");
    for line in figures {
        log!("  {line}");
    }
    Ok(())
}

/// Walks criterion's output for `new/estimates.json` files written since `since`.
fn collect_figures(dir: &Path, since: SystemTime, figures: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for path in entries.flatten().map(|entry| entry.path()) {
        if !path.is_dir() {
            continue;
        }
        let estimates = path.join("new/estimates.json");
        let fresh = estimates.metadata().and_then(|meta| meta.modified()).is_ok_and(|time| time >= since);
        if fresh {
            if let Some(line) = figure(&path) {
                figures.push(line);
            }
        } else {
            collect_figures(&path, since, figures);
        }
    }
}

/// What xtask reads of criterion's `new/estimates.json`.
#[derive(serde::Deserialize)]
struct Estimates {
    mean: Estimate,
    /// Present (not null) when criterion sampled linearly.
    slope: Option<Estimate>,
}

impl Estimates {
    /// The estimate criterion prints: the slope where it has one, else the mean.
    fn headline(&self) -> &Estimate {
        self.slope.as_ref().unwrap_or(&self.mean)
    }
}

#[derive(serde::Deserialize)]
struct Estimate {
    point_estimate: f64,
    confidence_interval: Interval,
}

#[derive(serde::Deserialize)]
struct Interval {
    lower_bound: f64,
    upper_bound: f64,
}

/// `<id>: <mean> [<low> <high>]` from one benchmark's criterion folder.
fn figure(bench_dir: &Path) -> Option<String> {
    let estimates = std::fs::read_to_string(bench_dir.join("new/estimates.json")).ok()?;
    let estimates: Estimates = serde_json::from_str(&estimates).ok()?;
    let id = std::fs::read_to_string(bench_dir.join("new/benchmark.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|benchmark| benchmark["full_id"].as_str().map(str::to_string))
        .unwrap_or_else(|| bench_dir.display().to_string());
    let e = estimates.headline();
    let (low, high) = (e.confidence_interval.lower_bound, e.confidence_interval.upper_bound);
    Some(format!("{id}: {} [{} {}]", nanos(e.point_estimate), nanos(low), nanos(high)))
}

/// A time in nanoseconds in the unit that reads best.
fn nanos(ns: f64) -> String {
    match ns {
        ns if ns < 1e3 => format!("{ns:.1} ns"),
        ns if ns < 1e6 => format!("{:.2} µs", ns / 1e3),
        ns if ns < 1e9 => format!("{:.2} ms", ns / 1e6),
        ns => format!("{:.2} s", ns / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(point: f64) -> String {
        format!(
            r#"{{"point_estimate":{point},"standard_error":1.0,"confidence_interval":{{"confidence_level":0.95,"lower_bound":1200.5,"upper_bound":1.3e3}}}}"#
        )
    }

    #[test]
    fn reads_criterion_estimates() {
        let json = format!(r#"{{"mean":{},"median":{},"slope":null}}"#, estimate(1250.0), estimate(1.0));
        let e: Estimates = serde_json::from_str(&json).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(e.headline().point_estimate, 1250.0);
        assert_eq!(e.headline().confidence_interval.lower_bound, 1200.5);
        assert_eq!(e.headline().confidence_interval.upper_bound, 1300.0);
        assert_eq!(nanos(1250.0), "1.25 µs");
    }

    #[test]
    fn prefers_the_slope_estimate_that_criterion_prints() {
        let linear = format!(r#"{{"mean":{},"slope":{}}}"#, estimate(2.0), estimate(1.5));
        let e: Estimates = serde_json::from_str(&linear).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(e.headline().point_estimate, 1.5);
    }
}
