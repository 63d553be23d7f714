//! `page-bench`: the page's own timings in headless Chromium, one JSON line per figure.
//!
//! Runs against the release build (`dist/`, or `BACKPROP_DIST`) served by the e2e
//! harness's server with the production Content-Security-Policy header, and reads every
//! figure from the Performance API inside the page (docs/page-contract.md, "Performance
//! marks"):
//!
//! - `load`: navigation start to `performance.mark("first-circuit")`, over 10 loads: the
//!   first in a fresh browser session, then 9 reloads in that session (about:blank, then
//!   the page again; the server sends `no-store`, and from the second load on the page's
//!   network-first service worker is in the way).
//! - `edit`: the page's `performance.measure("edit-to-frame")` over 50 edits of an input
//!   value per program (each example, and generated programs of 500 and 2,000 gates), plus
//!   what the script sees around each edit: the synchronous handler, and the time until
//!   the frame after it has been rendered. Chromium's own counters (CDP
//!   `Performance.getMetrics`) split the main thread's time into script, style, layout and
//!   the rest (paint, compositing, GC).
//! - `play`: frame-to-frame deltas of a requestAnimationFrame loop while the animation
//!   plays at the highest speed for 5 s, with long-animation-frame and longtask entries.
//! - `draw-split`: one animation step's cost split into script (the wasm building the
//!   frame and issuing the canvas calls) and the canvas's rasterization of those calls.
//! - `profile`: a sampled CPU profile (CDP `Profiler`) of the 500-gate edits and
//!   animation, as the functions with the most self time. The profiled runs come after
//!   the measured ones and give only the profile: sampling slows the page down.
//! - `bundle-size`: `target/bundle-size.json` (written by `cargo xtask dist`).
//!
//! `PAGE_BENCH_LANG=ko` (or `ja`) opens the page in that language (`?lang=`: its own wasm,
//! and lang/i18n.js for index.html's texts); each figure then says `"lang"`.
//!
//! The machine is shared and small, so the figures are medians and are only printed,
//! never asserted. Progress goes to stderr, figures to stdout.
//!
//! ```sh
//! cargo xtask dist && cargo run -p e2e --bin page-bench   # or: cargo xtask bench
//! ```

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use e2e::{target_dir, Page};
use serde_json::{json, Value};

/// Loads measured for the first-circuit figure.
const LOADS: usize = 10;
/// Input edits per program.
const EDITS: usize = 50;
/// How long the animation plays per program.
const PLAY_MS: u64 = 5_000;
/// Idle time between two edits, so that one edit's frame never overlaps the next edit.
const EDIT_PAUSE_MS: u64 = 30;
/// Functions listed per CPU profile, by self time (`PAGE_BENCH_PROFILE_TOP` overrides).
static PROFILE_TOP: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| {
    std::env::var("PAGE_BENCH_PROFILE_TOP").ok().and_then(|n| n.parse().ok()).unwrap_or(12)
});
/// Sizes of the generated programs, in gates.
const GENERATED_GATES: [usize; 2] = [500, 2_000];
/// Waits for the page (a 2,000-gate program on a busy 2-core machine) give up after this.
const PATIENCE: Duration = Duration::from_secs(300);

#[tokio::main]
async fn main() {
    bundle_size();

    let page = Page::new().await;
    page.cdp("Performance.enable", json!({})).await;

    if part("load") {
        load(&page).await;
    }

    if part("edit") {
        let examples = examples(&page).await;
        for (id, title) in &examples {
            open_example(&page, id).await;
            edits(&page, &format!("example {id} ({title})"), false).await;
        }
        for gates in GENERATED_GATES {
            let program = workloads::generated::program(gates);
            open_program(&page, gates, &program, true).await;
            edits(&page, &format!("generated {gates} gates"), false).await;
            edits(&page, &format!("generated {gates} gates"), true).await;
        }
    }

    if part("play") {
        open_example(&page, "fxyz").await;
        idle_frames(&page).await;
        play(&page, "example fxyz (f = (x + y) z)", Phase::Start, false).await;
        draw_split(&page, "example fxyz (f = (x + y) z)").await;
    }
    for gates in GENERATED_GATES.into_iter().filter(|_| part("play")) {
        let program = format!("generated {gates} gates");
        open_program(&page, gates, &workloads::generated::program(gates), false).await;
        play(&page, &program, Phase::Start, false).await;
        play(&page, &program, Phase::Backward, false).await;
        if gates == 500 {
            play(&page, &program, Phase::Start, true).await;
        }
        draw_split(&page, &program).await;
    }

    let errors = page.console_errors().await;
    if !errors.is_empty() {
        eprintln!("page-bench: the browser console had errors:");
        for e in errors {
            eprintln!("  {}", e.message);
        }
    }
    // Dropping the page kills chromedriver's process group (the browser with it), any
    // stray process of the profile, and stops the server (tests/src/chrome.rs).
}

/// Whether to run one part of the benchmark: `load`, `edit` or `play`. All run unless
/// `PAGE_BENCH_ONLY` names some (`PAGE_BENCH_ONLY=edit,play`), for quicker rounds while
/// working on one figure.
fn part(name: &str) -> bool {
    std::env::var("PAGE_BENCH_ONLY").map_or(true, |only| only.split(',').any(|p| p.trim() == name))
}

/// The page's query: none, or `?lang=<code>` when `PAGE_BENCH_LANG` names a language
/// (`ko`, `ja`), to measure the page with its translation layer at work.
fn query() -> String {
    lang().map_or_else(String::new, |code| format!("?lang={code}"))
}

/// `PAGE_BENCH_LANG`, if set and not empty.
fn lang() -> Option<String> {
    std::env::var("PAGE_BENCH_LANG").ok().filter(|code| !code.is_empty())
}

/// A fresh load of the page (in `PAGE_BENCH_LANG`, if set), ready for work.
async fn open_home(page: &Page) {
    page.open(&query()).await;
    if let Some(code) = lang() {
        page.wait_language(&code).await;
    }
}

/// Prints one figure (with the language it was measured in, if not English).
fn emit(mut figure: Value) {
    if let Some(code) = lang() {
        figure["lang"] = json!(code);
    }
    println!("{figure}");
}

fn progress(what: &str) {
    eprintln!("page-bench: {what}");
}

// ---- 1. navigation to first circuit ------------------------------------------------------

async fn load(page: &Page) {
    let mut times = Vec::new();
    for i in 0..LOADS {
        progress(&format!("load {}/{LOADS}", i + 1));
        page.navigate(&format!("/{}", query())).await;
        let v = poll(
            page,
            "performance.mark('first-circuit')",
            "const m = performance.getEntriesByName('first-circuit')[0];
             if (!m) return null;
             const wasm = performance.getEntriesByType('resource').find(r => r.name.endsWith('.wasm'));
             const nav = performance.getEntriesByType('navigation')[0];
             return {first: m.startTime, wasm_ms: wasm ? wasm.responseEnd - wasm.startTime : null,
                     dom_content_loaded: nav ? nav.domContentLoadedEventEnd : null,
                     controlled: !!navigator.serviceWorker.controller};",
            Vec::new(),
        )
        .await;
        times.push(num(&v["first"]));
        if i == 0 || i == LOADS - 1 {
            progress(&format!("  {v}"));
        }
    }
    let first = times[0];
    emit(json!({
        "bench": "load",
        "program": "example fxyz (default page)",
        "metric": "navigation start to performance.mark('first-circuit')",
        "median_ms": round(median(&times)),
        "p95_ms": round(p95(&times)),
        "first_load_ms": round(first),
        "samples": times.len(),
        "samples_ms": times.iter().map(|&t| round(t)).collect::<Vec<_>>(),
        "how": "load 1 in a fresh browser session, loads 2.. reloads in that session (no-store, service worker network-first)",
    }));
}

// ---- programs ----------------------------------------------------------------------------

/// The Example select's options: (value, visible text).
async fn examples(page: &Page) -> Vec<(String, String)> {
    open_home(page).await;
    let v = page
        .js("return Array.from(document.querySelectorAll('#example option'))
                    .map(o => [o.value, o.textContent.trim()]);")
        .await;
    let list: Vec<(String, String)> =
        serde_json::from_value(v).unwrap_or_else(|e| panic!("unexpected #example options: {e}"));
    assert!(!list.is_empty(), "#example has no options (contract: example menu)");
    list
}

/// A fresh load of the page, then the example (the default needs no choosing).
async fn open_example(page: &Page, id: &str) {
    progress(&format!("opening example {id}"));
    open_home(page).await;
    if id != "fxyz" {
        page.choose_example(id).await;
    }
    settle(page).await;
}

/// A fresh load of the page, then `program` pasted into `#program`; waits until the
/// canvas's aria-label counts `gates` gates, and (if `report`) prints how long the paste took.
async fn open_program(page: &Page, gates: usize, program: &str, report: bool) {
    progress(&format!("opening the generated {gates}-gate program ({} bytes)", program.len()));
    open_home(page).await;
    page.js("performance.clearMeasures('edit-to-frame');").await;
    let started = Instant::now();
    page.paste_program(program).await;
    // One values row per input and per gate (every gate of a generated program is named);
    // read from the table, not the canvas label, which may be in another language.
    let label = poll(
        page,
        &format!("the values table to list {gates} gates and their inputs"),
        "const n = document.querySelectorAll('#values tr[data-name]').length;
         return n === arguments[0] ? document.getElementById('circuit').getAttribute('aria-label').slice(0, 60) : null;",
        vec![json!(gates + workloads::generated::INPUTS)],
    )
    .await;
    let wall = started.elapsed();
    let facts = page
        .js("return {rows: document.querySelectorAll('#values tr[data-name]').length,
                     nodes: document.getElementsByTagName('*').length,
                     measures: performance.getEntriesByName('edit-to-frame').map(m => m.duration),
                     error: document.getElementById('error').textContent.trim()};")
        .await;
    let paste: Vec<f64> = nums(&facts["measures"]);
    if !report {
        settle(page).await;
        return;
    }
    emit(json!({
        "bench": "paste-program",
        "program": format!("generated {gates} gates"),
        "metric": "paste into #program to the end of the redraw (edit-to-frame)",
        "median_ms": paste.last().copied().map(round),
        "samples": paste.len(),
        "wall_ms_incl_webdriver": round(wall.as_secs_f64() * 1e3),
        "gates_verified": label,
        "values_rows": facts["rows"],
        "dom_elements": facts["nodes"],
        "page_error": facts["error"],
    }));
    settle(page).await;
}

/// Waits until any idle redraw is over (the canvas stops changing).
async fn settle(page: &Page) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    page.settled_canvas().await;
}

// ---- 2. input edit to updated frame --------------------------------------------------------

/// Edits the first input of `#values` EDITS times from a script in the page (value set,
/// input and change dispatched), one at a time, each after the previous frame is shown.
const EDIT_SCRIPT: &str = r#"
const [n, pause] = arguments;
const first = document.querySelector('#values tr[data-name] input');
if (!first) return {error: 'no input row in #values'};
const name = first.closest('tr').getAttribute('data-name');
const base = Number(first.value);
performance.clearMeasures('edit-to-frame');
const run = window.__pageBenchEdits = {done: false, name, handler: [], frame: [], loaf: [], mutations: [],
                                       error: null};
// How much of the document each edit rewrites: nodes added and removed, attributes and texts set.
const mutations = new MutationObserver(() => {});
mutations.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
const changes = () => mutations.takeRecords().reduce(
  (n, r) => n + (r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1), 0);
// Long animation frames (over 50 ms): how a slow edit's frame splits into script and rendering.
let observer = null;
if ((PerformanceObserver.supportedEntryTypes || []).includes('long-animation-frame')) {
  observer = new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      const end = e.startTime + e.duration;
      run.loaf.push({duration: e.duration, scripts: (e.scripts || []).reduce((s, x) => s + x.duration, 0),
                     style_layout_paint: e.styleAndLayoutStart ? end - e.styleAndLayoutStart : 0});
    }
  });
  observer.observe({type: 'long-animation-frame', buffered: false});
}
// After the rendering update that follows the edit: a task posted from requestAnimationFrame
// runs once style, layout and paint of that frame are done.
const afterFrame = () => new Promise(resolve => requestAnimationFrame(() => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => resolve();
  ch.port2.postMessage(null);
}));
(async () => {
  try {
    for (let i = 0; i < n; i++) {
      const input = document.querySelector(`#values tr[data-name="${CSS.escape(name)}"] input`);
      if (!input) throw new Error('the input row ' + name + ' is gone');
      const v = base + (i % 2 ? 1 : -1) * 0.01 * (i + 1);
      input.value = String(Math.round(v * 1e4) / 1e4);
      const t0 = performance.now();
      input.dispatchEvent(new Event('input', {bubbles: true}));
      input.dispatchEvent(new Event('change', {bubbles: true}));
      const t1 = performance.now();
      run.mutations.push(changes());
      await afterFrame();
      run.handler.push(t1 - t0);
      run.frame.push(performance.now() - t0);
      await new Promise(r => setTimeout(r, pause));
    }
  } catch (e) {
    run.error = String(e);
  }
  await new Promise(r => setTimeout(r, 200));
  if (observer) observer.disconnect();
  mutations.disconnect();
  run.measures = performance.getEntriesByName('edit-to-frame').map(m => m.duration);
  run.done = true;
})();
return {name};
"#;

async fn edits(page: &Page, program: &str, profile: bool) {
    progress(&format!("{EDITS} edits: {program}"));
    let before = metrics(page).await;
    if profile {
        start_profile(page).await;
    }
    let started = page.js_with(EDIT_SCRIPT, vec![json!(EDITS), json!(EDIT_PAUSE_MS)]).await;
    if let Some(e) = started.get("error").and_then(Value::as_str) {
        emit(json!({"bench": "edit", "program": program, "error": e}));
        return;
    }
    let run = poll(
        page,
        &format!("{EDITS} edits of {program}"),
        "const r = window.__pageBenchEdits; return r && r.done ? r : null;",
        Vec::new(),
    )
    .await;
    let top = if profile { Some(stop_profile(page).await) } else { None };
    let after = metrics(page).await;
    let measures = nums(&run["measures"]);
    let handler = nums(&run["handler"]);
    let frame = nums(&run["frame"]);
    let edits = handler.len().max(1) as f64;
    let mut figure = json!({
        "bench": "edit",
        "program": program,
        "input": run["name"],
        "metric": "performance.measure('edit-to-frame') per input edit",
        "median_ms": (!measures.is_empty()).then(|| round(median(&measures))),
        "p95_ms": (!measures.is_empty()).then(|| round(p95(&measures))),
        "max_ms": (!measures.is_empty()).then(|| round(max(&measures))),
        "samples": measures.len(),
        "edits": handler.len(),
        "handler_median_ms": round(median(&handler)),
        "dom_mutations_per_edit_median": round(median(&nums(&run["mutations"]))),
        "to_next_frame_median_ms": round(median(&frame)),
        "to_next_frame_p95_ms": round(p95(&frame)),
        "main_thread_per_edit_ms": split(&before, &after, edits),
    });
    let loaf = run["loaf"].as_array().cloned().unwrap_or_default();
    if !loaf.is_empty() {
        let field = |key: &str| round(median(&loaf.iter().map(|e| num(&e[key])).collect::<Vec<_>>()));
        figure["long_animation_frames"] = json!({
            "count": loaf.len(),
            "median_duration_ms": field("duration"),
            "median_scripts_ms": field("scripts"),
            "median_style_layout_paint_ms": field("style_layout_paint"),
        });
    }
    if measures.len() != handler.len() {
        figure["warning"] =
            json!(format!("{} edits but {} 'edit-to-frame' measures", handler.len(), measures.len()));
    }
    if let Some(e) = run["error"].as_str() {
        figure["error"] = json!(e);
    }
    // A profiled run only gives the profile: the sampling profiler slows the page, so its
    // figures are not the page's (the unprofiled run before it gives those).
    match top {
        Some(top) => emit(
            json!({"bench": "profile", "program": program, "during": format!("{EDITS} input edits"), "self_time": top}),
        ),
        None => emit(figure),
    }
}

// ---- 3. longest frame while playing ----------------------------------------------------------

/// Records frame-to-frame deltas while the animation plays (pressing Play again whenever
/// it ends), with long-animation-frame and longtask entries, for `ms` milliseconds.
/// With `play` false it records the same deltas with nothing playing (the baseline).
const FRAMES_SCRIPT: &str = r#"
const [ms, wantPlay] = arguments;
const button = document.getElementById('play');
const run = window.__pageBenchFrames = {done: false, deltas: [], loaf: [], longtasks: [], restarts: 0,
                                        unsupported: [], timeline_max: 0};
const observers = [];
for (const type of ['long-animation-frame', 'longtask']) {
  if (!(PerformanceObserver.supportedEntryTypes || []).includes(type)) { run.unsupported.push(type); continue; }
  const o = new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (type === 'longtask') { run.longtasks.push(e.duration); continue; }
      const end = e.startTime + e.duration;
      run.loaf.push({
        duration: e.duration,
        blocking: e.blockingDuration,
        scripts: (e.scripts || []).reduce((s, x) => s + x.duration, 0),
        // renderStart: rAF callbacks, then styleAndLayoutStart: style and layout (and paint).
        render: e.renderStart ? end - e.renderStart : 0,
        style_layout: e.styleAndLayoutStart ? end - e.styleAndLayoutStart : 0,
        invokers: (e.scripts || []).map(x => x.invoker).slice(0, 3),
      });
    }
  });
  o.observe({type, buffered: false});
  observers.push(o);
}
const playing = () => button.textContent.trim() === 'Pause';
const timeline = document.getElementById('timeline');
const start = performance.now();
let last = null;
if (wantPlay && !playing()) button.click();
const frame = now => {
  if (now - start >= ms) {
    if (wantPlay && playing()) button.click();
    // Let the observers deliver the last entries before reading them.
    setTimeout(() => { observers.forEach(o => o.disconnect()); run.done = true; }, 200);
    return;
  }
  if (wantPlay && !playing()) { button.click(); run.restarts++; }
  if (last !== null) run.deltas.push(now - last);
  last = now;
  run.timeline_max = Math.max(run.timeline_max, Number(timeline.value));
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
return true;
"#;

async fn record_frames(page: &Page, play: bool) -> Value {
    page.js_with(FRAMES_SCRIPT, vec![json!(PLAY_MS), json!(play)]).await;
    poll(
        page,
        "the frame recorder",
        "const r = window.__pageBenchFrames; return r && r.done ? r : null;",
        Vec::new(),
    )
    .await
}

async fn idle_frames(page: &Page) {
    progress("idle frames (baseline)");
    let run = record_frames(page, false).await;
    let deltas = nums(&run["deltas"]);
    emit(json!({
        "bench": "idle-frames",
        "program": "example fxyz, nothing playing",
        "metric": "requestAnimationFrame delta, baseline of this machine",
        "median_ms": round(median(&deltas)),
        "p95_ms": round(p95(&deltas)),
        "max_ms": round(max(&deltas)),
        "samples": deltas.len(),
    }));
}

/// Where on the timeline a play run starts.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// From step 0: the forward pass, values appearing.
    Start,
    /// From the middle of the backward pass: every value and many gradients drawn.
    Backward,
}

async fn play(page: &Page, program: &str, phase: Phase, profile: bool) {
    progress(&format!("playing {program} ({phase:?}) for {PLAY_MS} ms at the highest speed"));
    page.range_to_max("#speed").await;
    let speed = page.js("return document.getElementById('speed').value").await;
    if let Phase::Backward = phase {
        // The backward pass has about as many events as the graph has operands: start
        // at 3/4 of the timeline, well inside it.
        page.js("const t = document.getElementById('timeline');
             t.value = String(Math.floor(Number(t.max) * 3 / 4));
             t.dispatchEvent(new Event('input', {bubbles: true}));")
            .await;
        settle(page).await;
    }
    // Before a run the slider shows the end; Play then starts from step 0.
    let from = match phase {
        Phase::Start => (0.0, page.timeline().await.1),
        Phase::Backward => page.timeline().await,
    };
    let before = metrics(page).await;
    if profile {
        start_profile(page).await;
    }
    let run = record_frames(page, true).await;
    let top = if profile { Some(stop_profile(page).await) } else { None };
    let after = metrics(page).await;
    let deltas = nums(&run["deltas"]);
    let longtasks = nums(&run["longtasks"]);
    let loaf = run["loaf"].as_array().cloned().unwrap_or_default();
    let longest_loaf =
        loaf.iter().max_by(|a, b| num(&a["duration"]).total_cmp(&num(&b["duration"]))).cloned();
    // A delta over 1.5 display frames means at least one vsync went by without a frame.
    let missed = deltas.iter().filter(|&&d| d > 1.5 * 1000.0 / 60.0).count();
    // As for edits: a profiled run gives only its profile.
    if let Some(top) = top {
        emit(
            json!({"bench": "profile", "program": program, "during": format!("playing ({phase:?})"), "self_time": top}),
        );
        return;
    }
    emit(json!({
        "bench": "play",
        "program": program,
        "phase": format!("{phase:?}"),
        "metric": "requestAnimationFrame delta while playing at the highest speed",
        "median_ms": round(median(&deltas)),
        "p95_ms": round(p95(&deltas)),
        "max_ms": round(max(&deltas)),
        "samples": deltas.len(),
        "frames_over_25_ms": missed,
        "speed": speed,
        "timeline_from": from.0,
        "timeline_reached": run["timeline_max"],
        "timeline_len": from.1,
        "restarts": run["restarts"],
        "longtask_max_ms": (!longtasks.is_empty()).then(|| round(max(&longtasks))),
        "longtasks": longtasks.len(),
        "long_animation_frames": loaf.len(),
        "longest_animation_frame": longest_loaf,
        "unsupported_entry_types": run["unsupported"],
        "main_thread_per_frame_ms": split(&before, &after, deltas.len().max(1) as f64),
    }));
}

/// One animation frame's drawing split in two: "Step forward" clicked from a script (the
/// wasm builds the frame and records the canvas calls), then a one-pixel `getImageData`,
/// which makes the browser rasterize those calls right away instead of at paint time.
const DRAW_SCRIPT: &str = r#"
const [n] = arguments;
const canvas = document.getElementById('circuit');
const ctx = canvas.getContext('2d');
const step = Array.from(document.querySelectorAll('button')).find(b => b.textContent.trim() === 'Step forward');
const run = window.__pageBenchDraw = {done: false, draw: [], raster: [], error: null};
if (!step || !ctx) { run.error = 'no Step forward button or no 2D context'; run.done = true; return true; }
const nextFrame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
(async () => {
  for (let i = 0; i < n; i++) {
    await nextFrame();
    const t0 = performance.now();
    step.click();
    const t1 = performance.now();
    ctx.getImageData(0, 0, 1, 1);
    run.draw.push(t1 - t0);
    run.raster.push(performance.now() - t1);
  }
  run.done = true;
})();
return true;
"#;

/// Steps drawn for the draw split.
const DRAW_STEPS: usize = 30;

async fn draw_split(page: &Page, program: &str) {
    progress(&format!("draw split: {program}"));
    page.js_with(DRAW_SCRIPT, vec![json!(DRAW_STEPS)]).await;
    let run = poll(
        page,
        "the draw split",
        "const r = window.__pageBenchDraw; return r && r.done ? r : null;",
        Vec::new(),
    )
    .await;
    let (draw, raster) = (nums(&run["draw"]), nums(&run["raster"]));
    emit(json!({
        "bench": "draw-split",
        "program": program,
        "metric": "one Step forward: script (wasm frame and canvas calls) then canvas rasterization",
        "median_ms": round(median(&draw) + median(&raster)),
        "script_median_ms": round(median(&draw)),
        "raster_median_ms": round(median(&raster)),
        "raster_p95_ms": round(p95(&raster)),
        "samples": draw.len(),
        "error": run["error"],
    }));
}

// ---- Chromium's counters and profiler ------------------------------------------------------

/// CDP `Performance.getMetrics`: the page's cumulative counters (durations in seconds).
async fn metrics(page: &Page) -> BTreeMap<String, f64> {
    let v = page.cdp("Performance.getMetrics", json!({})).await;
    v["metrics"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|m| Some((m["name"].as_str()?.to_string(), m["value"].as_f64()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// The main thread's time between two metric reads, per unit (edit or frame), in ms:
/// script, style recalculation, layout, and the rest of the tasks (paint, compositing,
/// parsing, GC outside script).
fn split(before: &BTreeMap<String, f64>, after: &BTreeMap<String, f64>, per: f64) -> Value {
    let d = |key: &str| (after.get(key).unwrap_or(&0.0) - before.get(key).unwrap_or(&0.0)) * 1e3 / per;
    let (task, script, style, layout) =
        (d("TaskDuration"), d("ScriptDuration"), d("RecalcStyleDuration"), d("LayoutDuration"));
    json!({
        "task": round(task),
        "script": round(script),
        "style": round(style),
        "layout": round(layout),
        "other": round(task - script - style - layout),
    })
}

async fn start_profile(page: &Page) {
    page.cdp("Profiler.enable", json!({})).await;
    page.cdp("Profiler.setSamplingInterval", json!({"interval": 200})).await;
    page.cdp("Profiler.start", json!({})).await;
}

/// Stops the profiler and returns the functions with the most self time (ms), and the
/// self time by kind (wasm, JavaScript, browser API called from them, and V8's own
/// buckets such as "(program)", native work outside any script, and "(garbage collector)").
async fn stop_profile(page: &Page) -> Value {
    let v = page.cdp("Profiler.stop", json!({})).await;
    page.cdp("Profiler.disable", json!({})).await;
    let profile = &v["profile"];
    let mut nodes: BTreeMap<u64, (String, String)> = BTreeMap::new();
    for n in profile["nodes"].as_array().into_iter().flatten() {
        let frame = &n["callFrame"];
        let name = frame["functionName"].as_str().unwrap_or_default();
        let url = frame["url"].as_str().unwrap_or_default();
        let kind = if url.ends_with(".wasm") || name.starts_with("$func") || name.starts_with("wasm-function")
        {
            "wasm"
        } else if name.starts_with('(') {
            name
        } else if url.is_empty() {
            "browser API"
        } else {
            "javascript"
        };
        let label = if name.is_empty() { format!("(anonymous {url})") } else { name.to_string() };
        nodes.insert(n["id"].as_u64().unwrap_or(0), (label, kind.to_string()));
    }
    let samples = profile["samples"].as_array().cloned().unwrap_or_default();
    let deltas = profile["timeDeltas"].as_array().cloned().unwrap_or_default();
    let mut by_name: BTreeMap<String, f64> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, f64> = BTreeMap::new();
    // A sample's time is the delta to the next sample.
    for (i, s) in samples.iter().enumerate() {
        let dt = deltas.get(i + 1).and_then(Value::as_f64).unwrap_or(0.0) / 1e3;
        if let Some((name, kind)) = s.as_u64().and_then(|id| nodes.get(&id)) {
            *by_name.entry(name.clone()).or_default() += dt;
            *by_kind.entry(kind.clone()).or_default() += dt;
        }
    }
    let mut top: Vec<(String, f64)> = by_name.into_iter().filter(|(n, _)| n != "(idle)").collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1));
    top.truncate(*PROFILE_TOP);
    json!({
        "top_ms": top.into_iter().map(|(n, t)| json!([n, round(t)])).collect::<Vec<_>>(),
        "by_kind_ms": by_kind.into_iter().map(|(k, t)| (k, json!(round(t)))).collect::<serde_json::Map<_, _>>(),
    })
}

// ---- 4. bundle size ------------------------------------------------------------------------

fn bundle_size() {
    let path = target_dir().join("bundle-size.json");
    let figure = match std::fs::read_to_string(&path).map(|s| serde_json::from_str::<Value>(&s)) {
        Ok(Ok(report)) => {
            let wasm = report["files"]
                .as_array()
                .and_then(|files| files.iter().find(|f| f["path"] == "playground_bg.wasm"))
                .map(|f| f["gzip"].clone());
            json!({
                "bench": "bundle-size",
                "program": "dist/",
                "total_gzip_bytes": report["total_gzip"],
                "total_raw_bytes": report["total_raw"],
                "wasm_gzip_bytes": wasm,
                // Each language's page: its own wasm, lang/i18n.js and its table.
                "languages": report["languages"],
                "source": path.display().to_string(),
            })
        }
        Ok(Err(e)) => json!({"bench": "bundle-size", "error": format!("{}: {e}", path.display())}),
        Err(e) => {
            json!({"bench": "bundle-size", "error": format!("{}: {e} (run cargo xtask dist)", path.display())})
        }
    };
    emit(figure);
}

// ---- the generated programs ----------------------------------------------------------------

// ---- small helpers -------------------------------------------------------------------------

/// Polls a script until it returns something other than null/false; panics after PATIENCE
/// with what the page shows.
async fn poll(page: &Page, what: &str, script: &str, args: Vec<Value>) -> Value {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let v = page.js_with(script, args.clone()).await;
        if !(v.is_null() || v == json!(false)) {
            return v;
        }
        if Instant::now() > deadline {
            panic!("timed out after {PATIENCE:?} waiting for {what}\n{}", page.diagnostics().await);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
}

fn sorted(xs: &[f64]) -> Vec<f64> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

fn median(xs: &[f64]) -> f64 {
    let v = sorted(xs);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Nearest-rank 95th percentile.
fn p95(xs: &[f64]) -> f64 {
    let v = sorted(xs);
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = (0.95 * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

fn max(xs: &[f64]) -> f64 {
    xs.iter().copied().fold(f64::NAN, f64::max)
}

/// Two decimals: the figures are noisy well above that.
fn round(x: f64) -> Value {
    if x.is_finite() {
        json!((x * 100.0).round() / 100.0)
    } else {
        Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics() {
        let xs = [5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(median(&xs), 3.0);
        assert_eq!(median(&[1.0, 2.0]), 1.5);
        assert_eq!(p95(&xs), 5.0);
        assert_eq!(max(&xs), 5.0);
    }
}
