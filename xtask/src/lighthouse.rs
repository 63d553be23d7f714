//! The Lighthouse suite of `cargo xtask bench` (alone: `cargo xtask bench lighthouse`).
//!
//! Lighthouse 12.2.3 audits the release build (`dist/`) with its mobile preset (its default
//! form factor: a 4x slower CPU and a slow 4G network, simulated from one unthrottled load),
//! served by the browser suite's own server (`serve-dist`: the production CSP header, exact
//! MIME types, gzip), `LIGHTHOUSE_RUNS` times (3 by default). The figures move with the
//! machine's load, so the table gives each one's median over the runs, next to the goal.
//! The figures, per run and median, go to `target/lighthouse.json`, each run's full report
//! to `target/lighthouse/run-<n>.json` (its trace beside it, `run-<n>-0.trace.json`, which
//! chrome://tracing or DevTools' Performance panel opens). Nothing is asserted: the bench
//! reports.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

use crate::tools::Toolbox;
use crate::Result;

/// One figure of a report: where it is, and its goal.
struct Figure {
    /// The name in the table and in target/lighthouse.json.
    name: &'static str,
    /// A category (score 0 to 1, shown 0 to 100) or an audit (its numericValue).
    source: Source,
    goal: &'static str,
    /// Whether a figure meets its goal.
    meets: fn(f64) -> bool,
    /// Decimals shown.
    decimals: usize,
}

enum Source {
    Category(&'static str),
    Audit(&'static str),
}

const FIGURES: &[Figure] = &[
    Figure {
        name: "performance",
        source: Source::Category("performance"),
        goal: "100",
        meets: full,
        decimals: 0,
    },
    Figure {
        name: "accessibility",
        source: Source::Category("accessibility"),
        goal: "100",
        meets: full,
        decimals: 0,
    },
    Figure {
        name: "best-practices",
        source: Source::Category("best-practices"),
        goal: "100",
        meets: full,
        decimals: 0,
    },
    Figure { name: "seo", source: Source::Category("seo"), goal: "100", meets: full, decimals: 0 },
    Figure {
        name: "FCP (ms)",
        source: Source::Audit("first-contentful-paint"),
        goal: "< 1,800 (score 0.9)",
        meets: |ms| ms < 1800.0,
        decimals: 0,
    },
    Figure {
        name: "LCP (ms)",
        source: Source::Audit("largest-contentful-paint"),
        goal: "< 2,500 (score 0.9)",
        meets: |ms| ms < 2500.0,
        decimals: 0,
    },
    Figure {
        name: "TBT (ms)",
        source: Source::Audit("total-blocking-time"),
        goal: "< 50",
        meets: |ms| ms < 50.0,
        decimals: 0,
    },
    Figure {
        name: "CLS",
        source: Source::Audit("cumulative-layout-shift"),
        goal: "0",
        meets: |cls| cls == 0.0,
        decimals: 3,
    },
];

fn full(score: f64) -> bool {
    score >= 100.0
}

/// Runs Lighthouse on `dist` and returns the summary line (the medians as JSON).
pub fn run(toolbox: &Toolbox, dist: &Path) -> Result<Vec<String>> {
    let lighthouse = toolbox.lighthouse.clone().ok_or("no lighthouse in the toolbox")?;
    let chromium = toolbox.find("chromium").ok_or("no chromium on PATH (apt-get install chromium)")?;
    let runs: usize = std::env::var("LIGHTHOUSE_RUNS").ok().and_then(|n| n.parse().ok()).unwrap_or(3).max(1);
    let out_dir = crate::target_dir().join("lighthouse");
    std::fs::create_dir_all(&out_dir).map_err(|err| format!("cannot create {}: {err}", out_dir.display()))?;

    let mut server = Served::start(toolbox, dist)?;
    let mut reports = Vec::new();
    for n in 1..=runs {
        log!("lighthouse run {n}/{runs} on {}", server.url);
        let report = out_dir.join(format!("run-{n}.json"));
        let mut cmd = toolbox.command(lighthouse.to_str().ok_or("the lighthouse path is not UTF-8")?);
        cmd.arg(&server.url)
            .args(["--output=json", "--quiet", "--save-assets"])
            .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu")
            .arg(format!("--output-path={}", report.display()))
            .env("CHROME_PATH", &chromium);
        crate::exec::run(&mut cmd)?;
        let text = std::fs::read_to_string(&report)
            .map_err(|err| format!("cannot read the Lighthouse report {}: {err}", report.display()))?;
        let json: Value = serde_json::from_str(&text)
            .map_err(|err| format!("the Lighthouse report {} is not JSON: {err}", report.display()))?;
        if let Some(error) = json["runtimeError"]["message"].as_str() {
            return Err(format!("Lighthouse could not audit the page: {error}"));
        }
        print_findings(n, &json);
        if json["audits"]["layout-shifts"]["details"]["items"].as_array().is_none() {
            print_trace_shifts(n, &out_dir.join(format!("run-{n}-0.trace.json")));
        }
        reports.push(json);
    }
    server.stop();

    let figures: Vec<Vec<Option<f64>>> = reports.iter().map(figures).collect();
    let medians: Vec<Option<f64>> =
        (0..FIGURES.len()).map(|i| median(figures.iter().filter_map(|run| run[i]).collect())).collect();
    print_table(&figures, &medians);

    let by_name = |values: &[Option<f64>]| {
        FIGURES
            .iter()
            .zip(values)
            .map(|(f, v)| (f.name.to_string(), json!(v)))
            .collect::<serde_json::Map<_, _>>()
    };
    let summary = json!({
        "bench": "lighthouse",
        "version": reports.first().map(|r| r["lighthouseVersion"].clone()),
        "form_factor": reports.first().map(|r| r["configSettings"]["formFactor"].clone()),
        "runs": runs,
        "median": by_name(&medians),
    });
    let file = json!({
        "summary": summary,
        "goals": FIGURES.iter().map(|f| (f.name.to_string(), json!(f.goal))).collect::<serde_json::Map<_, _>>(),
        "per_run": figures.iter().map(|run| by_name(run)).collect::<Vec<_>>(),
        "reports": (1..=runs).map(|n| out_dir.join(format!("run-{n}.json")).display().to_string()).collect::<Vec<_>>(),
    });
    let path = crate::target_dir().join("lighthouse.json");
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap_or_default())
        .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    log!("lighthouse figures written to {}", path.display());
    Ok(vec![summary.to_string()])
}

/// The figures of one report, in `FIGURES` order (categories 0 to 100).
fn figures(report: &Value) -> Vec<Option<f64>> {
    FIGURES
        .iter()
        .map(|f| match f.source {
            Source::Category(id) => report["categories"][id]["score"].as_f64().map(|s| (s * 100.0).round()),
            Source::Audit(id) => report["audits"][id]["numericValue"].as_f64(),
        })
        .collect()
}

/// The median of some numbers (the mean of the middle two for an even count).
fn median(mut xs: Vec<f64>) -> Option<f64> {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => None,
        n if n % 2 == 1 => Some(xs[n / 2]),
        n => Some((xs[n / 2 - 1] + xs[n / 2]) / 2.0),
    }
}

fn print_table(runs: &[Vec<Option<f64>>], medians: &[Option<f64>]) {
    let show =
        |v: Option<f64>, decimals: usize| v.map_or_else(|| "-".to_string(), |v| format!("{v:.decimals$}"));
    log!(
        "lighthouse 12.2.3, mobile preset (simulated slow 4G, 4x CPU slowdown): median of {} run{} \
         (the figures move with the machine's load)",
        runs.len(),
        if runs.len() == 1 { "" } else { "s" }
    );
    log!("  {:<16} {:>8}  {:<22} {:<20} {}", "figure", "median", "runs", "goal", "");
    for (i, f) in FIGURES.iter().enumerate() {
        let each: Vec<String> = runs.iter().map(|run| show(run[i], f.decimals)).collect();
        let verdict = match medians[i] {
            Some(v) if (f.meets)(v) => "met",
            Some(_) => "not met",
            None => "missing",
        };
        log!(
            "  {:<16} {:>8}  {:<22} {:<20} {verdict}",
            f.name,
            show(medians[i], f.decimals),
            each.join(" "),
            f.goal
        );
    }
}

/// What a run says about its figures: the elements that shifted, the long main-thread
/// tasks, where the main thread's time went, and every audit of the four categories that
/// did not pass.
fn print_findings(n: usize, report: &Value) {
    let audits = &report["audits"];
    let items = |id: &str| audits[id]["details"]["items"].as_array().cloned().unwrap_or_default();
    for shift in items("layout-shifts") {
        let node = &shift["node"];
        log!(
            "  run {n}: layout shift {:.4}: {} ({})",
            shift["score"].as_f64().unwrap_or(0.0),
            node["selector"].as_str().unwrap_or("?"),
            node["snippet"].as_str().unwrap_or("").chars().take(90).collect::<String>()
        );
    }
    for task in items("long-tasks") {
        log!(
            "  run {n}: long task {:.0} ms at {:.0} ms: {}",
            task["duration"].as_f64().unwrap_or(0.0),
            task["startTime"].as_f64().unwrap_or(0.0),
            task["url"].as_str().unwrap_or("?")
        );
    }
    let work: Vec<String> = items("mainthread-work-breakdown")
        .iter()
        .map(|w| {
            format!(
                "{} {:.0}",
                w["groupLabel"].as_str().unwrap_or("?"),
                w["duration"].as_f64().unwrap_or(0.0)
            )
        })
        .collect();
    if !work.is_empty() {
        log!("  run {n}: main thread (ms, simulated): {}", work.join(", "));
    }
    let Some(categories) = report["categories"].as_object() else { return };
    for (id, category) in categories {
        for r in category["auditRefs"].as_array().into_iter().flatten() {
            let audit = &audits[r["id"].as_str().unwrap_or("")];
            let weighted = r["weight"].as_f64().unwrap_or(0.0) > 0.0;
            let score = audit["score"].as_f64();
            if weighted && score.is_some_and(|s| s < 1.0) {
                log!(
                    "  run {n}: {id}: {} (score {:.2}{})",
                    audit["title"].as_str().unwrap_or("?"),
                    score.unwrap_or(0.0),
                    audit["displayValue"].as_str().map(|v| format!(", {v}")).unwrap_or_default()
                );
            }
        }
    }
}

/// The layout shifts in a run's trace (`--save-assets`), for when Lighthouse's own
/// `layout-shifts` audit has no items: 12.2.3's trace engine fails on Chromium 156's
/// traces ("Cannot read properties of undefined (reading 'frame_sequence')"). Each shift's
/// score and the boxes that moved (x, y, width, height in device pixels, before and after).
fn print_trace_shifts(n: usize, trace: &Path) {
    let Some(json) = std::fs::read_to_string(trace).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok())
    else {
        return;
    };
    for line in trace_shifts(&json) {
        log!("  run {n}: {line}");
    }
}

fn trace_shifts(trace: &Value) -> Vec<String> {
    let events = trace["traceEvents"].as_array().or(trace.as_array()).map(Vec::as_slice).unwrap_or_default();
    let start = events
        .iter()
        .filter(|e| e["name"] == "navigationStart" && e["args"]["data"]["isLoadingMainFrame"] == true)
        .filter_map(|e| e["ts"].as_f64())
        .fold(f64::INFINITY, f64::min);
    let start = if start.is_finite() { start } else { 0.0 };
    events
        .iter()
        .filter(|e| e["name"] == "LayoutShift")
        .map(|e| {
            let data = &e["args"]["data"];
            let boxes: Vec<String> = data["impacted_nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .take(4)
                .map(|node| format!("{} -> {}", node["old_rect"], node["new_rect"]))
                .collect();
            format!(
                "layout shift {:.4} at {:.0} ms (unthrottled){}: {}",
                data["score"].as_f64().unwrap_or(0.0),
                (e["ts"].as_f64().unwrap_or(0.0) - start) / 1e3,
                if data["had_recent_input"] == true { " after input" } else { "" },
                boxes.join(", ")
            )
        })
        .collect()
}

/// `serve-dist` running on dist/, stopped by closing its stdin.
struct Served {
    child: Child,
    url: String,
}

impl Served {
    fn start(toolbox: &Toolbox, dist: &Path) -> Result<Served> {
        let mut cmd: Command = toolbox.command("cargo");
        cmd.args(["run", "-q", "-p", "e2e", "--bin", "serve-dist"]).env("BACKPROP_DIST", dist);
        log!("$ cargo run -q -p e2e --bin serve-dist (BACKPROP_DIST={})", dist.display());
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|err| format!("cannot start serve-dist: {err}"))?;
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            BufReader::new(stdout)
                .read_line(&mut line)
                .map_err(|err| format!("cannot read serve-dist: {err}"))?;
        }
        let url = line.trim().to_string();
        if !url.starts_with("http://") {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("serve-dist printed no URL (got {line:?})"));
        }
        Ok(Served { child, url })
    }

    fn stop(&mut self) {
        // Closing stdin ends it; kill it by its id only if it did not.
        drop(self.child.stdin.take());
        if !matches!(self.child.wait(), Ok(status) if status.success()) {
            let _ = self.child.kill();
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            drop(self.child.stdin.take());
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_figures_of_a_report() {
        let report = json!({
            "categories": {"performance": {"score": 0.97}, "accessibility": {"score": 1},
                           "best-practices": {"score": 1}, "seo": {"score": null}},
            "audits": {"first-contentful-paint": {"numericValue": 1200.5},
                       "largest-contentful-paint": {"numericValue": 2100.0},
                       "total-blocking-time": {"numericValue": 30.0},
                       "cumulative-layout-shift": {"numericValue": 0.053}},
        });
        let f = figures(&report);
        assert_eq!(f[..4], [Some(97.0), Some(100.0), Some(100.0), None]);
        assert_eq!(f[4..], [Some(1200.5), Some(2100.0), Some(30.0), Some(0.053)]);
    }

    #[test]
    fn reads_the_layout_shifts_of_a_trace() {
        let trace = json!({"traceEvents": [
            {"name": "navigationStart", "ts": 1000.0, "args": {"data": {"isLoadingMainFrame": true}}},
            {"name": "LayoutShift", "ts": 1_230_000.0, "args": {"data": {"score": 0.0528, "had_recent_input": false,
             "impacted_nodes": [{"old_rect": [15, 685, 382, 104], "new_rect": [15, 565, 382, 104]}]}}},
        ]});
        assert_eq!(
            trace_shifts(&trace),
            ["layout shift 0.0528 at 1229 ms (unthrottled): [15,685,382,104] -> [15,565,382,104]"]
        );
        assert!(trace_shifts(&json!({"traceEvents": []})).is_empty());
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }
}
