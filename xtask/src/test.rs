//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.
//!
//! Cheap checks come first so a formatting slip fails in seconds, not after the
//! browser suite. A stage whose crate or folder does not exist yet is skipped with the
//! reason; that is only meant for the time while the workspace is being written.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::tools::{self, Needs, Toolbox};
use crate::{dist, exec, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What a stage did, when it did not fail.
enum Outcome {
    Passed,
    Skipped(&'static str),
}

/// One named step of the test run.
struct Stage {
    name: &'static str,
    run: fn(&mut Run) -> Result<Outcome>,
}

/// What stages share: the tools, and the `dist/` folder once built.
struct Run {
    toolbox: Toolbox,
    dist: Option<PathBuf>,
    /// Whether stages were picked by name, so a stage may use an earlier run's output.
    picked: bool,
}

const STAGES: &[Stage] = &[
    Stage { name: "fmt", run: fmt },
    Stage { name: "clippy", run: clippy },
    Stage { name: "clippy-wasm", run: clippy_wasm },
    Stage { name: "test", run: test_native },
    Stage { name: "test-wasm", run: test_wasm },
    Stage { name: "fuzz", run: fuzz },
    Stage { name: "dist", run: build_dist },
    Stage { name: "size", run: size },
    Stage { name: "node", run: node },
    Stage { name: "python", run: python },
    Stage { name: "e2e", run: e2e },
    Stage { name: "e2e-firefox", run: e2e_firefox },
    Stage { name: "e2e-webkit", run: e2e_webkit },
];

/// Runs every stage, or only the stages named in `only` (tools always run first).
pub fn run(only: &[String]) -> Result {
    if let Some(unknown) = only.iter().find(|name| !STAGES.iter().any(|stage| stage.name == *name)) {
        let names: Vec<&str> = STAGES.iter().map(|stage| stage.name).collect();
        return Err(format!("unknown stage `{unknown}`; the stages are: {}", names.join(", ")));
    }
    let started = Instant::now();
    let mut times = Vec::new();

    log!("== stage tools");
    let clock = Instant::now();
    let toolbox = tools::ensure(Needs::ALL).map_err(|err| format!("stage tools failed: {err}"))?;
    times.push(("tools", "passed", clock.elapsed()));
    log!("stage tools passed in {}", seconds(clock.elapsed()));

    let mut run = Run { toolbox, dist: None, picked: !only.is_empty() };
    for stage in STAGES.iter().filter(|stage| only.is_empty() || only.iter().any(|name| name == stage.name)) {
        log!("== stage {}", stage.name);
        let clock = Instant::now();
        let outcome = (stage.run)(&mut run);
        let took = clock.elapsed();
        match outcome {
            Ok(Outcome::Passed) => {
                log!("stage {} passed in {}", stage.name, seconds(took));
                times.push((stage.name, "passed", took));
            }
            Ok(Outcome::Skipped(reason)) => {
                log!("stage {} skipped ({reason})", stage.name);
                times.push((stage.name, "skipped", took));
            }
            Err(err) => {
                times.push((stage.name, "FAILED", took));
                print_summary(&times, started.elapsed());
                return Err(format!("stage {} failed after {}: {err}", stage.name, seconds(took)));
            }
        }
    }
    print_summary(&times, started.elapsed());
    log!("all stages passed");
    Ok(())
}

fn print_summary(times: &[(&str, &str, Duration)], total: Duration) {
    log!("summary:");
    for (name, outcome, took) in times {
        log!("  {name:<12} {outcome:<8} {:>8}", seconds(*took));
    }
    log!("  {:<12} {:<8} {:>8}", "total", "", seconds(total));
}

fn seconds(took: Duration) -> String {
    format!("{:.1}s", took.as_secs_f64())
}

fn exists(relative: &str) -> bool {
    crate::root().join(relative).exists()
}

fn passed(result: Result) -> Result<Outcome> {
    result.map(|()| Outcome::Passed)
}

fn fmt(run: &mut Run) -> Result<Outcome> {
    passed(exec::run(run.toolbox.command("cargo").args(["fmt", "--all", "--check"])))
}

fn clippy(run: &mut Run) -> Result<Outcome> {
    passed(exec::run(run.toolbox.command("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])))
}

/// The crates with a wasm32-only half, which native clippy never sees.
const WASM_CRATES: &[(&str, &str)] =
    &[("playground", "crates/playground"), ("bench-wasm", "crates/bench-wasm"), ("backprop-js", "crates/js")];

fn clippy_wasm(run: &mut Run) -> Result<Outcome> {
    if !exists("crates/playground/Cargo.toml") {
        return Ok(Outcome::Skipped("no crates/playground yet"));
    }
    let mut cmd = run.toolbox.command("cargo");
    cmd.arg("clippy");
    for (package, dir) in WASM_CRATES {
        if exists(&format!("{dir}/Cargo.toml")) {
            cmd.args(["-p", package]);
        }
    }
    exec::run(cmd.args(["--target", WASM_TARGET, "--all-targets", "--", "-D", "warnings"]))?;
    // The page as `dist` ships it: in pieces (crates/playground/src/split.rs).
    let mut split = run.toolbox.command("cargo");
    split.args(["clippy", "-p", "playground", "--features", "split", "--target", WASM_TARGET]);
    passed(exec::run(split.args(["--", "-D", "warnings"])))
}

/// Native unit, integration and doc tests of every crate but the browser suite.
/// The engine's feature sets that its clients ship, each tested on its own: `cargo test
/// --workspace` unifies features, so there autodiff is only ever built with all of them.
/// `js-math` has no effect natively (the page's wasm tests and the browser suite cover it).
/// A test below holds this list to the clients' Cargo.toml files.
const ENGINE_BUILDS: &[(&str, &str)] = &[
    ("the default one (benchmarks, circuit, lessons, workloads)", ""),
    ("the page's and the element's (crates/playground, crates/js)", "js-math,small"),
    ("the CLI's (crates/cli)", "portable-math"),
    ("the JS API's (crates/js, feature api)", "js-math,small,portable-math"),
];

fn test_native(run: &mut Run) -> Result<Outcome> {
    let mut cmd = run.toolbox.command("cargo");
    cmd.args(["test", "--workspace"]);
    if exists("tests/Cargo.toml") {
        cmd.args(["--exclude", "e2e"]);
    }
    exec::run(&mut cmd)?;
    for (client, features) in ENGINE_BUILDS {
        log!("autodiff's tests with {client} features: [{features}]");
        exec::run(run.toolbox.command("cargo").args(["test", "-p", "autodiff", "--features", features]))?;
    }
    Ok(Outcome::Passed)
}

/// crates/playground's wasm-bindgen tests in headless Chromium. `.cargo/config.toml`
/// makes wasm-bindgen-test-runner the runner for wasm32, which reads the Chromium flags
/// from crates/playground/webdriver.json (cargo runs tests in the crate's folder).
fn test_wasm(run: &mut Run) -> Result<Outcome> {
    if !exists("crates/playground/Cargo.toml") {
        return Ok(Outcome::Skipped("no crates/playground yet"));
    }
    let driver = run.toolbox.chromedriver.clone().ok_or("no chromedriver in the toolbox")?;
    passed(exec::run(
        run.toolbox
            .command("cargo")
            .args(["test", "-p", "playground", "--target", WASM_TARGET])
            .env("CHROMEDRIVER", driver),
    ))
}

/// The fuzz targets of fuzz/, each with its seed corpus in fuzz/corpus and whether it
/// reads JSON (and so gets fuzz/json.dict, the formats' words): the parser, the two readers
/// of crates/grade and the grader, which shares the hand-in reader's seeds.
const FUZZ_TARGETS: &[(&str, &str, bool)] = &[
    ("parse", "parse", false),
    ("assignment", "assignment", true),
    ("work", "work", true),
    ("grader", "work", true),
];

/// Ten seconds of libFuzzer on each target, from fuzz/ (its own nightly workspace): under a
/// minute in all, after the first build. New inputs go to the ignored fuzz/target/corpus-*,
/// so the seed corpora in fuzz/corpus only change when someone adds to them on purpose.
fn fuzz(run: &mut Run) -> Result<Outcome> {
    if !exists("fuzz/Cargo.toml") {
        return Ok(Outcome::Skipped("no fuzz/ yet"));
    }
    let root = crate::root();
    for (target, seeds, json) in FUZZ_TARGETS {
        let scratch = root.join(format!("fuzz/target/corpus-{target}"));
        std::fs::create_dir_all(&scratch)
            .map_err(|err| format!("cannot create {}: {err}", scratch.display()))?;
        let mut cmd = run.toolbox.command("cargo");
        cmd.args([&format!("+{}", crate::system::NIGHTLY), "fuzz", "run", target])
            .arg(&scratch)
            .arg(root.join("fuzz/corpus").join(seeds))
            .args(["--", "-max_total_time=10"]);
        if *json {
            cmd.arg(format!("-dict={}", root.join("fuzz/json.dict").display()));
        }
        exec::run(&mut cmd)?;
    }
    Ok(Outcome::Passed)
}

fn build_dist(run: &mut Run) -> Result<Outcome> {
    if let Some(reason) = dist::missing_input() {
        return Ok(Outcome::Skipped(reason));
    }
    run.dist = Some(dist::build(&run.toolbox)?);
    Ok(Outcome::Passed)
}

/// Every language's page within the budget, measured on the files of dist/.
fn size(run: &mut Run) -> Result<Outcome> {
    let Some(dist) = built_dist(run) else { return Ok(Outcome::Skipped("no dist/ was built")) };
    passed(dist::check_budget(&dist))
}

/// The JS API's tests in Node (`node --test crates/js/tests/*.test.mjs`), on the package in
/// dist/pkg and against the `backprop` command line, built here.
fn node(run: &mut Run) -> Result<Outcome> {
    let Some(dist) = built_dist(run) else { return Ok(Outcome::Skipped("no dist/ was built")) };
    exec::run(run.toolbox.command("cargo").args(["build", "--quiet", "-p", "backprop-cli"]))?;
    let dir = crate::root().join("crates/js/tests");
    let entries = std::fs::read_dir(&dir).map_err(|err| format!("cannot list {}: {err}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs in {}", dir.display()));
    }
    let cli = crate::target_dir().join("debug/backprop");
    let mut cmd = run.toolbox.command("node");
    let tsc = run.toolbox.find("tsc").ok_or("tsc is missing: `cargo xtask ensure-tools` installs it")?;
    cmd.arg("--test")
        .args(&files)
        .env("BACKPROP_PKG", dist.join("pkg"))
        .env("BACKPROP_CLI", cli)
        .env("BACKPROP_TSC", tsc);
    passed(exec::run(&mut cmd))
}

/// The Python package's tests (crates/py/tests, pytest) on the wheel in dist/python,
/// installed with the widget's dependency and a pinned pytest into a fresh virtual
/// environment, and against the `backprop` command line, built here. Any exit but 0 fails,
/// pytest's 5 ("no tests ran") included.
fn python(run: &mut Run) -> Result<Outcome> {
    let Some(dist) = built_dist(run) else { return Ok(Outcome::Skipped("no dist/ was built")) };
    let wheel = crate::pkg::find_wheel(&dist.join("python"))?;
    exec::run(run.toolbox.command("cargo").args(["build", "--quiet", "-p", "backprop-cli"]))?;
    let venv = crate::target_dir().join("python-test-venv");
    exec::run(run.toolbox.command("python3").args(["-m", "venv", "--clear"]).arg(&venv))?;
    exec::run(
        run.toolbox
            .command(&venv.join("bin/pip").to_string_lossy())
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("{}[widget]", wheel.display()))
            .args([tools::PYTEST, tools::ANYWIDGET]),
    )?;
    let cli = crate::target_dir().join("debug/backprop");
    passed(exec::run(
        run.toolbox
            .command(&venv.join("bin/python").to_string_lossy())
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "crates/py/tests"])
            .env("BACKPROP_CLI", cli),
    ))
}

/// The wheel of dist/python installed alone (no dependencies: the hosts bring anywidget) into
/// a folder of its own, which the browser suite puts on the notebook hosts' `PYTHONPATH`, so
/// the tools' environments stay as installed.
fn python_site(run: &Run, dist: &std::path::Path) -> Result<PathBuf> {
    let wheel = crate::pkg::find_wheel(&dist.join("python"))?;
    let site = crate::target_dir().join("e2e-python-site");
    let _ = std::fs::remove_dir_all(&site);
    let jupyter = run.toolbox.jupyter.clone().ok_or("no JupyterLab in the toolbox")?;
    let pip = jupyter.with_file_name("pip");
    exec::run(
        run.toolbox
            .command(&pip.to_string_lossy())
            .args(["install", "--quiet", "--disable-pip-version-check", "--no-deps", "--target"])
            .arg(&site)
            .arg(wheel),
    )?;
    Ok(site)
}

/// The `dist/` of this run, or with stages picked by name, the one already there.
fn built_dist(run: &Run) -> Option<PathBuf> {
    match run.dist.clone() {
        Some(dist) => Some(dist),
        None if run.picked && crate::root().join("dist/index.html").is_file() => {
            log!("using the existing dist/ (the dist stage did not run)");
            Some(crate::root().join("dist"))
        }
        None => None,
    }
}

/// The browser suite in tests/ drives the built page; it finds it through BACKPROP_DIST.
/// Chromium runs every test.
fn e2e(run: &mut Run) -> Result<Outcome> {
    browser_suite(run, Engine::Chromium)
}

/// The journeys every student's browser must manage, in Firefox ESR.
fn e2e_firefox(run: &mut Run) -> Result<Outcome> {
    browser_suite(run, Engine::Firefox)
}

/// The same journeys in WebKitGTK (Safari's engine), under Xvfb: MiniBrowser needs a display.
fn e2e_webkit(run: &mut Run) -> Result<Outcome> {
    browser_suite(run, Engine::Webkit)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Chromium,
    Firefox,
    Webkit,
}

/// The tests that run in every engine (libtest filters: a test runs when its path contains
/// one): the journeys every student's browser must manage. Chromium runs the whole suite.
/// Of the rest, most pass in Firefox and WebKit too (a whole run in each, 2026-12-02: 45 of
/// 50), but five need what only Chromium's WebDriver gives: the DevTools protocol for emulated
/// media and device metrics (reduced motion, dark theme, the Korean tour at 375 px), the log
/// entry of a failed fetch (a missing language table), and a module import in the page's own
/// realm (the forced wasm trap: Firefox's WebDriver scripts import a second, unstarted copy).
/// The journeys keep the two extra engines' stages to a few minutes on 2 cores.
const EVERY_ENGINE: &[&str] = &[
    "harness::",
    "values::opens_on_f_equals_x_plus_y_times_z",
    "values::setting_x_to_1_gives_f_minus_24_and_z_gradient_6",
    "values::every_example_shows_its_reference_values",
    "editor::",
    "animation::play_reaches_the_end_and_narrates_every_step",
    "animation::step_back_then_forward_restores_the_state",
    "animation::keyboard_selects_a_gate_and_the_panel_explains_it",
    "quiz::",
    "code::",
    "pieces::",
    "url::a_shared_url_round_trips_in_a_fresh_session",
    "url::a_link_opens_paused_on_its_step_with_its_gate_selected",
    "layout::",
    "hostile::served_page_meets_the_content_security_policy",
    // <backprop-circuit>: every test but reduced motion (emulated media is Chromium's CDP).
    "element::the_",
    "element::an_",
    "element::a_",
    "element::dragging_",
    "element::play_",
    // The Lesson: every test but reduced motion (Chromium's emulated media).
    "lesson::a_student_walks_the_whole_lesson_completing_every_task",
    "lesson::a_teacher_sends_step_5_and_a_locked_embed_still_teaches",
    "lesson::a_lesson_that_cannot_load_says_so_and_the_circuit_stays",
    "lesson::the_lesson_speaks_korean",
    // Offline after one visit: every panel and the Lesson from the service worker's cache.
    "offline::",
    // <backprop-circuit> in a reveal.js deck: its keys, and sharp on a scaled slide. Not the
    // touch drag (WebKitGTK's WebDriver does not deliver a touch pointer: reveal.js saw no
    // swipe) nor print (emulated print media is Chromium's CDP).
    "reveal::keys_",
    "reveal::on_the_next_slide_",
];

fn browser_suite(run: &mut Run, engine: Engine) -> Result<Outcome> {
    if !exists("tests/Cargo.toml") {
        return Ok(Outcome::Skipped("no tests/ crate yet"));
    }
    let Some(dist) = built_dist(run) else { return Ok(Outcome::Skipped("no dist/ was built")) };
    let mut cmd = match engine {
        Engine::Webkit => {
            // A screen as large as a laptop's, 24-bit: xvfb-run's default is 640x480x8.
            let mut cmd = run.toolbox.command("xvfb-run");
            cmd.args(["-a", "-s", "-screen 0 1920x1080x24", "cargo"]);
            cmd
        }
        Engine::Chromium | Engine::Firefox => run.toolbox.command("cargo"),
    };
    cmd.args(["test", "-p", "e2e"]).env("BACKPROP_DIST", &dist);
    match engine {
        Engine::Chromium => {
            let driver = run.toolbox.chromedriver.clone().ok_or("no chromedriver in the toolbox")?;
            cmd.env("E2E_BROWSER", "chromium").env("CHROMEDRIVER", driver);
        }
        Engine::Firefox => {
            let driver = run.toolbox.geckodriver.clone().ok_or("no geckodriver in the toolbox")?;
            cmd.env("E2E_BROWSER", "firefox").env("GECKODRIVER", driver);
        }
        Engine::Webkit => {
            cmd.env("E2E_BROWSER", "webkit");
        }
    }
    // `E2E_ONLY="quiz:: code::"` runs only those libtest filters, in any engine (while
    // working on a panel; CI never sets it).
    let only = std::env::var("E2E_ONLY").unwrap_or_default();
    if !only.trim().is_empty() {
        cmd.args(["--test", "browser", "--"]).args(only.split_whitespace());
    } else if engine != Engine::Chromium {
        cmd.args(["--test", "browser", "--"]).args(EVERY_ENGINE);
    }
    let axe = run.toolbox.axe.clone().ok_or("no axe-core in the toolbox")?;
    cmd.env("AXE_CORE_JS", axe);
    let reveal = run.toolbox.reveal.clone().ok_or("no reveal.js in the toolbox")?;
    cmd.env("REVEAL_JS_DIR", reveal);
    // The notebook widget's host (tests/tests/browser/notebook.rs, run in Chromium).
    let marimo = run.toolbox.marimo.clone().ok_or("no notebook host (marimo) in the toolbox")?;
    cmd.env("BACKPROP_MARIMO", marimo);
    // And JupyterLab's (tests/tests/browser/jupyter.rs); both import the widget's package
    // from the wheel of dist/python.
    let jupyter = run.toolbox.jupyter.clone().ok_or("no JupyterLab in the toolbox")?;
    cmd.env("BACKPROP_JUPYTER", jupyter).env("BACKPROP_PYTHONPATH", python_site(run, &dist)?);
    passed(exec::run(&mut cmd))
}

#[cfg(test)]
mod tests {
    use super::ENGINE_BUILDS;

    /// The autodiff features a client's Cargo.toml turns on: in its dependency line, and
    /// in its own features that name `autodiff/...`.
    fn features_of(client: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let text = std::fs::read_to_string(crate::root().join(client)).expect("a client's Cargo.toml");
        let manifest: toml::Value = toml::from_str(&text).expect("Cargo.toml is TOML");
        let base: Vec<String> = manifest["dependencies"]["autodiff"]
            .get("features")
            .and_then(toml::Value::as_array)
            .map(|list| list.iter().filter_map(|f| f.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        let mut extra = Vec::new();
        if let Some(features) = manifest.get("features").and_then(toml::Value::as_table) {
            for list in features.values().filter_map(toml::Value::as_array) {
                let added: Vec<String> = list
                    .iter()
                    .filter_map(|f| f.as_str()?.strip_prefix("autodiff/").map(str::to_string))
                    .collect();
                if !added.is_empty() {
                    extra.push(added);
                }
            }
        }
        (base, extra)
    }

    fn listed(features: &[String]) -> bool {
        let mut wanted: Vec<&str> = features.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        wanted.dedup();
        ENGINE_BUILDS.iter().any(|(_, set)| {
            let mut have: Vec<&str> = set.split(',').filter(|f| !f.is_empty()).collect();
            have.sort_unstable();
            have == wanted
        })
    }

    #[test]
    fn every_feature_set_a_client_ships_is_tested() {
        for client in ["crates/playground/Cargo.toml", "crates/cli/Cargo.toml", "crates/js/Cargo.toml"] {
            let (base, extra) = features_of(client);
            assert!(listed(&base), "{client}: autodiff with {base:?} is not in ENGINE_BUILDS");
            for added in extra {
                let all: Vec<String> = base.iter().chain(&added).cloned().collect();
                assert!(listed(&all), "{client}: autodiff with {all:?} is not in ENGINE_BUILDS");
            }
        }
        assert!(listed(&[]), "the default build (the benchmarks') is tested");
    }
}
