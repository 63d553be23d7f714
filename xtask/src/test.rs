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
const WASM_CRATES: &[(&str, &str)] = &[
    ("playground", "crates/playground"),
    ("bench-wasm", "crates/bench-wasm"),
    ("lesson-page", "crates/lesson-page"),
    ("backprop-js", "crates/js"),
];

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
    passed(exec::run(cmd.args(["--target", WASM_TARGET, "--all-targets", "--", "-D", "warnings"])))
}

/// Native unit, integration and doc tests of every crate but the browser suite.
fn test_native(run: &mut Run) -> Result<Outcome> {
    let mut cmd = run.toolbox.command("cargo");
    cmd.args(["test", "--workspace"]);
    if exists("tests/Cargo.toml") {
        cmd.args(["--exclude", "e2e"]);
    }
    passed(exec::run(&mut cmd))
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
    cmd.args(["test", "-p", "e2e"]).env("BACKPROP_DIST", dist);
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
    if engine != Engine::Chromium {
        cmd.args(["--test", "browser", "--"]).args(EVERY_ENGINE);
    }
    let axe = run.toolbox.axe.clone().ok_or("no axe-core in the toolbox")?;
    cmd.env("AXE_CORE_JS", axe);
    // The notebook widget's host (tests/tests/browser/notebook.rs, run in Chromium).
    let marimo = run.toolbox.marimo.clone().ok_or("no notebook host (marimo) in the toolbox")?;
    cmd.env("BACKPROP_MARIMO", marimo);
    passed(exec::run(&mut cmd))
}
