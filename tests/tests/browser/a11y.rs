//! Accessibility, measured (issue 12): axe-core runs inside the page in each state a
//! student can reach (every example, the quiz, the Code panel, a selected gate, the
//! animation playing, a parse error, the learning panel, the "+= at forks" table), in the
//! dark theme, at 375 px and in Korean and Japanese, and finds no violation of the WCAG
//! 2.0/2.1 A and AA rules or of axe's best practices, of any impact.
//!
//! axe-core is the pinned npm package xtask installs (`AXE_CORE` in xtask/src/tools.rs);
//! `cargo xtask test` hands its `axe.min.js` to this suite as `AXE_CORE_JS`. It is injected
//! through WebDriver's execute-script, which the page's Content-Security-Policy does not
//! govern, so the page itself is served exactly as in production.

use std::sync::OnceLock;

use e2e::{Key, Page};
use serde_json::{json, Value};

use crate::engine::wait_matches_engine;

/// The rule tags the audit runs: all of WCAG 2.0 and 2.1 at levels A and AA, and axe's
/// best practices.
const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/// The examples of the example menu (contract: example menu).
const EXAMPLES: [&str; 10] = [
    "fxyz",
    "neuron-gates",
    "neuron-sigma",
    "max",
    "staged",
    "apple",
    "apple-orange",
    "net221",
    "micrograd",
    "learn",
];

/// `axe.min.js`, read once from `$AXE_CORE_JS`.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = std::env::var_os("AXE_CORE_JS").unwrap_or_else(|| {
            panic!(
                "AXE_CORE_JS is not set: point it at axe-core's axe.min.js (axe-core 4.10.3, which \
                 `cargo xtask ensure-tools` installs under $BACKPROP_TOOLS, by default \
                 ~/.cache/backprop-playground/axe-core-4.10.3/node_modules/axe-core/axe.min.js); \
                 `cargo xtask test e2e` sets it"
            )
        });
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read AXE_CORE_JS={}: {e}", path.to_string_lossy()));
        assert!(source.contains("axe v4.10."), "AXE_CORE_JS={} is not axe-core 4.10", path.to_string_lossy());
        source
    })
}

/// The audits of one test: every state's violations, reported together at the end.
struct Audit {
    states: Vec<String>,
    problems: Vec<String>,
}

impl Audit {
    fn new() -> Audit {
        Audit { states: Vec::new(), problems: Vec::new() }
    }

    /// Runs axe-core on the document as it is now and records what it finds under `state`.
    /// Injects axe first when this document has none yet (a navigation drops it).
    async fn run(&mut self, page: &Page, state: &str) {
        let has_axe = page.js("return typeof window.axe === 'object'").await;
        if has_axe != json!(true) {
            page.js(&format!("{}\n;return typeof window.axe;", axe_source())).await;
        }
        let result = page
            .driver()
            .execute_async(
                "const [tags, done] = arguments;
                 axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                   .then(r => done({violations: r.violations.map(v => ({
                       id: v.id, impact: v.impact, help: v.help,
                       nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
                     }))}),
                     e => done({error: String(e && e.stack || e)}));",
                vec![json!(TAGS)],
            )
            .await
            .unwrap_or_else(|e| panic!("axe.run failed in state {state:?}: {e}"));
        let result = result.json().clone();
        if let Some(error) = result.get("error") {
            panic!("axe.run threw in state {state:?}: {error}");
        }
        let violations = result["violations"]
            .as_array()
            .unwrap_or_else(|| panic!("axe.run gave no violations list in state {state:?}: {result}"));
        self.states.push(state.to_string());
        for v in violations {
            self.problems.push(describe(state, v));
        }
    }

    /// Fails naming every violation found, by state; checks enough states were audited.
    fn assert_clean(self, at_least: usize) {
        assert!(
            self.states.len() >= at_least,
            "only {} states audited, expected {at_least}: {:?}",
            self.states.len(),
            self.states
        );
        assert!(
            self.problems.is_empty(),
            "axe-core ({}) found {} violation(s) in {} audited states ({:?}):\n\n{}",
            TAGS.join(", "),
            self.problems.len(),
            self.states.len(),
            self.states,
            self.problems.join("\n\n")
        );
    }
}

/// One violation: its rule, impact and help, and each node's selector, HTML and summary.
fn describe(state: &str, v: &Value) -> String {
    let text = |v: &Value| v.as_str().unwrap_or("?").to_string();
    let mut out = format!("[{state}] {} ({}): {}", text(&v["id"]), text(&v["impact"]), text(&v["help"]));
    for node in v["nodes"].as_array().into_iter().flatten() {
        let target: Vec<String> =
            node["target"].as_array().into_iter().flatten().map(|t| t.to_string()).collect();
        let html: String = text(&node["html"]).chars().take(240).collect();
        out.push_str(&format!(
            "\n    at {}: {html}\n       {}",
            target.join(" >> "),
            text(&node["summary"]).replace('\n', "\n       ")
        ));
    }
    out
}

/// Clicks an element by id, as a user would (scrolled into view first).
async fn click(page: &Page, css: &str) {
    let el = page.element(css).await;
    page.scroll_to(&el).await;
    el.click().await.unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// Selects the first gate with the keyboard (contract: circuit) and waits for the gate
/// panel to explain it.
pub async fn select_gate(page: &Page) {
    page.focus("#circuit").await;
    page.press(Key::Down).await;
    page.press(Key::Enter).await;
    page.wait_js(
        "the gate panel of the selected gate",
        "return !!document.querySelector('#gate-panel math')",
    )
    .await;
}

/// Presses Play at the slowest speed and waits until the animation is under way: the
/// timeline between 0 and its end, the Play button reading "Pause".
async fn start_playing(page: &Page) {
    page.js("const s = document.getElementById('speed'); s.value = s.min;
             s.dispatchEvent(new Event('input', {bubbles: true}));
             s.dispatchEvent(new Event('change', {bubbles: true}));")
        .await;
    click(page, "#restart").await;
    page.wait_timeline("timeline at 0 after Restart", |v, _| v == 0.0).await;
    click(page, "#play").await;
    page.wait_js(
        "the animation under way with the Play button reading Pause",
        "const t = document.getElementById('timeline');
         const v = Number(t.value), m = Number(t.max);
         return v > 0 && v < m && document.getElementById('play').textContent.trim() === 'Pause';",
    )
    .await;
}

/// Pauses the animation if it still plays, and waits until it has.
async fn stop_playing(page: &Page) {
    page.js("const p = document.getElementById('play'); if (p.textContent.trim() === 'Pause') p.click();")
        .await;
    page.wait_js(
        "the Play button reading Play",
        "return document.getElementById('play').textContent.trim() === 'Play'",
    )
    .await;
}

/// Replaces the program with one that does not parse and waits for `#error` to say so.
async fn parse_error(page: &Page) {
    page.paste_program("f = (x + y").await;
    page.wait_for(
        "#error to show the parse error",
        async || page.error().await,
        |(text, shown)| *shown && !text.is_empty(),
    )
    .await;
}

/// Emulates `prefers-color-scheme: dark` (as export.rs's screenshots do), and waits until
/// the page's colours follow.
async fn dark(page: &Page) {
    page.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
    )
    .await;
    page.wait_js("the dark theme", "return matchMedia('(prefers-color-scheme: dark)').matches").await;
}

/// A 375 px wide phone window (as export.rs does), and the page laid out for it.
async fn narrow(page: &Page) {
    page.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": true}),
    )
    .await;
    page.wait_js("a 375 px window", "return window.innerWidth === 375").await;
    page.settled_canvas().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_example_passes_the_accessibility_audit() {
    let page = Page::new().await;
    page.open("").await;
    let mut audit = Audit::new();
    for id in EXAMPLES {
        page.choose_example(id).await;
        wait_matches_engine(&page, id).await;
        audit.run(&page, &format!("example {id}")).await;
    }
    // The learning panel after a few steps: the status, the plots drawn.
    click(&page, "#train-step").await;
    click(&page, "#train-step").await;
    page.wait_js(
        "two training steps",
        "return document.getElementById('train-status').textContent.startsWith('step 2')",
    )
    .await;
    audit.run(&page, "learning panel after 2 steps").await;
    // σ gates expanded.
    page.choose_example("neuron-sigma").await;
    click(&page, "#expand").await;
    page.wait_js(
        "σ gates expanded",
        "return document.getElementById('expand').textContent.trim() === 'Collapse σ gates'",
    )
    .await;
    audit.run(&page, "σ gates expanded").await;
    audit.assert_clean(EXAMPLES.len() + 2);
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lessons_and_the_animation_pass_the_accessibility_audit() {
    let page = Page::new().await;
    let mut audit = Audit::new();
    // The 2-2-1 network has forks, a wide numerical check and many steps.
    page.open("#ex=net221").await;
    wait_matches_engine(&page, "2-2-1 network").await;
    select_gate(&page).await;
    audit.run(&page, "a selected gate").await;
    start_playing(&page).await;
    audit.run(&page, "playing (mid-animation)").await;
    stop_playing(&page).await;
    page.js("document.querySelector('details.log').open = true").await;
    audit.run(&page, "paused, the steps log open").await;
    page.range_to_max("#timeline").await;
    page.wait_js(
        "the whole run in the steps log",
        "const l = document.getElementById('narration-log');
         return l.children.length === Number(document.getElementById('timeline').max)",
    )
    .await;
    audit.run(&page, "the whole run, the steps log open").await;
    // The log is taller than its box: the keyboard scrolls it, and Home there scrolls it
    // to the top instead of restarting the animation (contract: narration log).
    let end = page.timeline().await;
    let tall = page
        .js("const l = document.getElementById('narration-log');
             l.scrollTop = l.scrollHeight;
             return l.scrollHeight > l.clientHeight && l.scrollTop > 0")
        .await;
    assert_eq!(tall, json!(true), "the whole run's log does not scroll: test a longer program");
    page.focus("#narration-log").await;
    page.press(Key::Home).await;
    page.wait_js(
        "Home on the focused steps log to scroll it to the top",
        "return document.getElementById('narration-log').scrollTop === 0",
    )
    .await;
    assert_eq!(page.timeline().await, end, "Home on the focused steps log moved the animation");
    page.screenshot("a11y-steps-log-focused").await;
    click(&page, "#down").await;
    page.wait_js("the step result", "return document.getElementById('step-result').textContent !== ''").await;
    audit.run(&page, "a gradient step taken").await;

    // The Code panel in both styles, with a highlighted line.
    click(&page, "#code").await;
    page.wait_js("the Code panel", "return document.getElementById('code-lines').children.length > 0").await;
    click(&page, "#step-forward").await;
    page.wait_js("a highlighted line", "return !!document.querySelector('#code-lines li.now')").await;
    audit.run(&page, "Code panel (staged)").await;
    page.js("const s = document.getElementById('code-style'); s.value = 'layers';
             s.dispatchEvent(new Event('change', {bubbles: true}));")
        .await;
    page.wait_js(
        "the layers style",
        "return document.getElementById('code-lines').textContent.includes('Layer')",
    )
    .await;
    audit.run(&page, "Code panel (layers)").await;
    click(&page, "#code").await;

    // The "+= at forks" table.
    click(&page, "#assign").await;
    page.wait_js("the fork table", "return !document.getElementById('fork-table').hidden && document.getElementById('fork-note').textContent !== ''").await;
    audit.run(&page, "+= at forks table").await;
    click(&page, "#assign").await;

    // The quiz: the question, a wrong answer's hint, a right answer.
    click(&page, "#quiz").await;
    page.wait_js("quiz mode", "return document.body.classList.contains('quiz')").await;
    audit.run(&page, "quiz").await;
    page.focus("#answer").await;
    page.driver().action_chain().send_keys("12345").perform().await.unwrap_or_else(|e| panic!("{e}"));
    page.press(Key::Enter).await;
    page.wait_js("the hint", "return document.getElementById('quiz-feedback').textContent !== ''").await;
    audit.run(&page, "quiz, a wrong answer's hint").await;
    click(&page, "#quiz").await;

    // A parse error.
    parse_error(&page).await;
    audit.run(&page, "a parse error").await;
    audit.assert_clean(11);
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dark_theme_passes_the_accessibility_audit() {
    let page = Page::new().await;
    let mut audit = Audit::new();
    page.open("#ex=net221&code=staged&fork=1").await;
    wait_matches_engine(&page, "2-2-1 network").await;
    dark(&page).await;
    audit.run(&page, "dark: start, Code panel and fork table open").await;
    select_gate(&page).await;
    click(&page, "#step-forward").await;
    page.wait_js("a highlighted line", "return !!document.querySelector('#code-lines li.now')").await;
    audit.run(&page, "dark: a selected gate, a step").await;
    start_playing(&page).await;
    audit.run(&page, "dark: playing").await;
    stop_playing(&page).await;
    click(&page, "#quiz").await;
    page.wait_js("quiz mode", "return document.body.classList.contains('quiz')").await;
    page.focus("#answer").await;
    page.driver().action_chain().send_keys("12345").perform().await.unwrap_or_else(|e| panic!("{e}"));
    page.press(Key::Enter).await;
    page.wait_js("the hint", "return document.getElementById('quiz-feedback').textContent !== ''").await;
    audit.run(&page, "dark: quiz, a wrong answer's hint").await;
    click(&page, "#quiz").await;
    page.choose_example("learn").await;
    wait_matches_engine(&page, "the learning preset").await;
    click(&page, "#train-step").await;
    page.wait_js(
        "a training step",
        "return document.getElementById('train-status').textContent.startsWith('step 1')",
    )
    .await;
    audit.run(&page, "dark: learning panel").await;
    parse_error(&page).await;
    audit.run(&page, "dark: a parse error").await;
    audit.assert_clean(6);
    page.cdp("Emulation.setEmulatedMedia", json!({"features": []})).await;
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_375_px_window_passes_the_accessibility_audit() {
    let page = Page::new().await;
    let mut audit = Audit::new();
    page.open("").await;
    narrow(&page).await;
    audit.run(&page, "375 px: start").await;
    page.choose_example("net221").await;
    wait_matches_engine(&page, "2-2-1 network").await;
    audit.run(&page, "375 px: 2-2-1 network").await;
    // The numerical check is wider than the window here: the keyboard scrolls it
    // (contract: numerical check), which is what the audit's scrollable-region-focusable asks.
    let wide = page
        .js("const s = document.querySelector('#numeric > .scroll');
             return s.scrollWidth > s.clientWidth && s.scrollLeft === 0")
        .await;
    assert_eq!(
        wide,
        json!(true),
        "the numerical check no longer needs a scroll bar at 375 px: test another state"
    );
    let timeline = page.timeline().await;
    page.focus("#numeric > .scroll").await;
    page.press(Key::Right).await;
    page.wait_js(
        "Right on the focused numerical check to scroll it",
        "return document.querySelector('#numeric > .scroll').scrollLeft > 0",
    )
    .await;
    assert_eq!(page.timeline().await, timeline, "Right on the focused numerical check stepped the animation");
    page.screenshot("a11y-numeric-focused-375").await;
    click(&page, "#code").await;
    click(&page, "#assign").await;
    page.wait_js("the fork table", "return !document.getElementById('fork-table').hidden && document.getElementById('fork-note').textContent !== ''").await;
    select_gate(&page).await;
    audit.run(&page, "375 px: Code panel, fork table, a selected gate").await;
    dark(&page).await;
    audit.run(&page, "375 px, dark: the same").await;
    page.choose_example("learn").await;
    wait_matches_engine(&page, "the learning preset").await;
    audit.run(&page, "375 px, dark: learning panel").await;
    audit.assert_clean(5);
    page.cdp("Emulation.setEmulatedMedia", json!({"features": []})).await;
    page.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await;
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn korean_and_japanese_pass_the_accessibility_audit() {
    let page = Page::new().await;
    let mut audit = Audit::new();
    for code in ["ko", "ja"] {
        page.navigate(&format!("/?lang={code}")).await;
        page.wait_ready().await;
        page.wait_language(code).await;
        audit.run(&page, &format!("{code}: start")).await;
        page.navigate(&format!("/?lang={code}#ex=net221&code=staged&fork=1")).await;
        page.wait_ready().await;
        page.wait_language(code).await;
        wait_matches_engine(&page, "2-2-1 network").await;
        select_gate(&page).await;
        audit.run(&page, &format!("{code}: 2-2-1 network, Code panel, fork table, a selected gate")).await;
        click(&page, "#quiz").await;
        page.wait_js("quiz mode", "return document.body.classList.contains('quiz')").await;
        audit.run(&page, &format!("{code}: quiz")).await;
        click(&page, "#quiz").await;
        parse_error(&page).await;
        audit.run(&page, &format!("{code}: a parse error")).await;
    }
    audit.assert_clean(8);
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lesson_passes_the_accessibility_audit() {
    let page = Page::new().await;
    let mut audit = Audit::new();
    let lesson_at = async |page: &Page, k: usize| {
        page.wait_js_with(
            "the Lesson at its step",
            "const l = document.getElementById('lesson');
             return !!l && !l.hidden && document.getElementById('lesson-progress').textContent.startsWith('Step ' + arguments[0] + ' ');",
            vec![json!(k)],
        )
        .await;
    };
    // Step 2 asks for an answer (its form is shown); step 6 points at the animation.
    page.open("#lesson=2").await;
    lesson_at(&page, 2).await;
    audit.run(&page, "the Lesson, step 2 (answer field)").await;
    page.open("#lesson=9").await;
    lesson_at(&page, 9).await;
    page.set_input("x", "-3").await;
    page.wait_js(
        "step 9 done",
        "return document.getElementById('lesson-status').textContent.startsWith('Done')",
    )
    .await;
    audit.run(&page, "the Lesson, step 9 done").await;
    dark(&page).await;
    audit.run(&page, "dark: the Lesson, step 9 done").await;
    page.open("#lesson=6").await;
    lesson_at(&page, 6).await;
    audit.run(&page, "the Lesson, step 6 (the animation pointed at)").await;
    narrow(&page).await;
    audit.run(&page, "375 px: the Lesson, step 6").await;
    // The teacher's embed in a slide: the page's h1 is out of sight, not gone (axe's
    // page-has-heading-one).
    page.open("#lesson=6&embed=1").await;
    lesson_at(&page, 6).await;
    page.wait_js("the embed view", "return document.body.classList.contains('embed')").await;
    audit.run(&page, "375 px, embed=1: the Lesson, step 6").await;
    audit.assert_clean(6);
    page.finish().await;
}
