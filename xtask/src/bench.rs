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

/// `<id>: <mean> [<low> <high>]` from one benchmark's criterion folder.
fn figure(bench_dir: &Path) -> Option<String> {
    let estimates = std::fs::read_to_string(bench_dir.join("new/estimates.json")).ok()?;
    let benchmark = std::fs::read_to_string(bench_dir.join("new/benchmark.json")).unwrap_or_default();
    let id = json_string(&benchmark, "full_id").unwrap_or_else(|| bench_dir.display().to_string());
    let estimate = headline_estimate(&estimates)?;
    let low = json_number(estimate, "lower_bound")?;
    let high = json_number(estimate, "upper_bound")?;
    let point = json_number(estimate, "point_estimate")?;
    Some(format!("{id}: {} [{} {}]", nanos(point), nanos(low), nanos(high)))
}

/// The part of criterion's estimates.json that starts with the estimate criterion
/// prints: `slope` (an object when it sampled linearly, else `null`), or `mean`.
fn headline_estimate(estimates: &str) -> Option<&str> {
    match estimates.find("\"slope\":{") {
        Some(slope) => Some(&estimates[slope..]),
        None => Some(&estimates[estimates.find("\"mean\":")?..]),
    }
}

/// The first number after `"key":` in a JSON text; enough for criterion's flat files.
fn json_number(json: &str, key: &str) -> Option<f64> {
    let pattern = format!("\"{key}\":");
    let rest = json[json.find(&pattern)? + pattern.len()..].trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c))).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// The first string after `"key":` in a JSON text.
fn json_string(json: &str, key: &str) -> Option<String> {
    let pattern = format!("\"{key}\":");
    let rest = json[json.find(&pattern)? + pattern.len()..].trim_start().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
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

    #[test]
    fn reads_criterion_estimates() {
        let json = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1200.5,"upper_bound":1.3e3},"point_estimate":1250.0}}"#;
        assert_eq!(json_number(json, "lower_bound"), Some(1200.5));
        assert_eq!(json_number(json, "upper_bound"), Some(1300.0));
        assert_eq!(json_string(r#"{"full_id":"w1/forward"}"#, "full_id").as_deref(), Some("w1/forward"));
        assert_eq!(nanos(1250.0), "1.25 µs");
    }

    #[test]
    fn prefers_the_slope_estimate_that_criterion_prints() {
        let linear = r#"{"mean":{"point_estimate":2.0},"slope":{"point_estimate":1.5}}"#;
        let flat = r#"{"mean":{"point_estimate":2.0},"slope":null}"#;
        assert_eq!(headline_estimate(linear).and_then(|e| json_number(e, "point_estimate")), Some(1.5));
        assert_eq!(headline_estimate(flat).and_then(|e| json_number(e, "point_estimate")), Some(2.0));
    }
}
