//! `<backprop-circuit>` (docs/js-api.md) in a real browser, from the package in dist/pkg:
//! the teacher's notes page (dist/notes, three elements), a page written from the README's
//! "Embed a circuit" section alone, rendering, scrubbing, playing, the events, an attribute
//! change, one wasm for every element, and the strict Content-Security-Policy (the test
//! server sends it with every response); and the engine API's `svg()`, whose module loads
//! only when a page asks for an SVG.

use std::path::PathBuf;

use e2e::{copy_tree, dist_dir, target_dir, Page};
use serde_json::{json, Value};
use thirtyfour::prelude::*;

/// Listens to both events on every element, into `window.__changes` and `window.__steps`.
const LISTEN: &str = "window.__changes = []; window.__steps = [];
    for (const el of document.querySelectorAll('backprop-circuit')) {
      el.addEventListener('backprop-change', (e) => __changes.push([el.id, e.detail]));
      el.addEventListener('backprop-step', (e) => __steps.push([el.id, e.detail]));
    }
    return true;";

/// How many pixels of the element's canvas differ from its top-left one (its background).
const PAINTED: &str = "const c = document.getElementById(arguments[0]).shadowRoot.querySelector('canvas');
    if (!c.width || !c.height) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i+1] !== d[1] || d[i+2] !== d[2]) n++;
    return n;";

async fn open_notes(page: &Page) {
    page.navigate("/notes/").await;
    for id in ["simple-circuit", "neuron-circuit", "max-circuit"] {
        wait_drawn(page, id).await;
    }
}

/// Waits until element `id` has computed and painted its circuit.
pub(crate) async fn wait_drawn(page: &Page, id: &str) {
    page.wait_js_with(
        &format!("<backprop-circuit id={id}> to draw its circuit"),
        &format!(
            "const el = document.getElementById(arguments[0]);
                  if (!el || typeof el.value !== 'number') return false;
                  return (() => {{ {PAINTED} }})() > 500;"
        ),
        vec![json!(id)],
    )
    .await;
}

pub(crate) async fn property(page: &Page, id: &str, name: &str) -> Value {
    page.js_with("return document.getElementById(arguments[0])[arguments[1]];", vec![json!(id), json!(name)])
        .await
}

pub(crate) fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_notes_page_draws_three_live_circuits_from_one_wasm() {
    let page = Page::new().await;
    page.watch_csp().await;
    open_notes(&page).await;
    assert_eq!(number(&property(&page, "simple-circuit", "value").await), -12.0);
    let grads = property(&page, "simple-circuit", "grads").await;
    assert_eq!(grads, json!({ "x": -4, "y": -4, "q": -4, "z": 3, "f": 1 }));
    let neuron = number(&property(&page, "neuron-circuit", "value").await);
    assert!((neuron - 0.7311).abs() < 5e-5, "the sigmoid neuron gives {neuron}");
    let g = property(&page, "neuron-circuit", "grads").await;
    for (name, want) in [("x0", 0.393), ("x1", -0.590), ("w0", -0.197), ("w1", -0.393), ("w2", 0.197)] {
        assert!((number(&g[name]) - want).abs() < 5e-4, "d/d{name} = {}", g[name]);
    }
    assert_eq!(number(&property(&page, "max-circuit", "value").await), -20.0);
    assert_eq!(number(&property(&page, "max-circuit", "grads").await["w"]), 0.0, "max routes nothing to w");
    // Three elements, one wasm: the module is fetched once.
    let requests = page.server().requests();
    let wasm: Vec<&String> = requests.iter().filter(|r| r.ends_with(".wasm")).collect();
    assert_eq!(wasm, [&"/pkg/circuit-view_bg.wasm".to_string()], "the wasm requests: {requests:?}");
    let violations = page.csp_violations().await;
    assert!(violations.is_empty(), "the notes page broke the CSP: {violations:?}");
    // The expanded neuron, ten gates long, takes the window's width, not the text column's
    // (in the column its labels were 9 px tall), and the page still does not scroll sideways.
    let widths = page
        .js("const w = (id) => document.getElementById(id).getBoundingClientRect().width;
             return [w('simple-circuit'), w('neuron-circuit'), document.documentElement.scrollWidth - innerWidth];")
        .await;
    assert!(number(&widths[1]) > 1.4 * number(&widths[0]), "the neuron is wider than the column: {widths}");
    assert!(number(&widths[2]) <= 0.0, "the notes page scrolls sideways: {widths}");
    page.screenshot("element-notes-page").await;
    page.js("document.getElementById('neuron-circuit').scrollIntoView(); return 1;").await;
    page.screenshot("element-notes-neuron").await;
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_element_runs_under_the_strict_content_security_policy() {
    let page = Page::new().await;
    page.watch_csp().await;
    open_notes(&page).await;
    // The policy is on the response (the server's header) and in the page (dist's meta).
    let meta = page
        .js("const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m && m.content;")
        .await;
    assert_eq!(meta, json!(e2e::CSP));
    // Nothing inline anywhere: no <style> or style attribute in the shadow roots, no inline
    // script in the page; the stylesheet is linked.
    let inline = page
        .js("const roots = [...document.querySelectorAll('backprop-circuit')].map((e) => e.shadowRoot);
             return {
               styles: roots.map((r) => r.querySelectorAll('style').length).reduce((a, b) => a + b, 0),
               links: roots.map((r) => r.querySelectorAll('link[rel=stylesheet]').length),
               scripts: [...document.scripts].filter((s) => !s.src).length,
               sheetLoaded: roots.every((r) => getComputedStyle(r.querySelector('.controls')).display === 'flex'),
             };")
        .await;
    assert_eq!(inline, json!({ "styles": 0, "links": [1, 1, 1], "scripts": 0, "sheetLoaded": true }));
    let violations = page.csp_violations().await;
    assert!(violations.is_empty(), "CSP violations: {violations:?}");
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attribute_change_recomputes_at_once_and_fires_backprop_change() {
    let page = Page::new().await;
    open_notes(&page).await;
    page.js(LISTEN).await;
    // At once: the value is new when setAttribute returns, and the event has fired.
    let now = page
        .js("const el = document.getElementById('simple-circuit');
             el.setAttribute('values', 'x=1 y=5 z=-4');
             return [el.value, __changes.length];")
        .await;
    assert_eq!(now, json!([-24, 1]));
    let changes = page.js("return __changes;").await;
    assert_eq!(
        changes[0],
        json!(["simple-circuit", { "value": -24, "grads": { "x": -4, "y": -4, "q": -4, "z": 6, "f": 1 } }])
    );
    // Values as a teacher types them, spaces around `=`; a malformed or unknown one is
    // shown and the last good values stay.
    let values = page
        .js("const el = document.getElementById('simple-circuit');
             el.setAttribute('values', 'x = 2, y = 5, z = -4');
             const good = [el.value, el.error];
             el.setAttribute('values', 'x=2 y=five z=-4');
             const malformed = [el.value, el.error];
             el.setAttribute('values', 'x=2 w=1');
             const unknown = [el.value, el.error];
             el.setAttribute('values', 'x=inf y=5 z=-4');
             const infinite = [el.value === -Infinity, el.error];
             el.setAttribute('values', 'x=0x10');
             return [good, malformed, unknown, infinite, el.error];")
        .await;
    assert_eq!(values[0], json!([-28, ""]));
    assert_eq!(values[1], json!([-28, "values: \"y=five\" is not name=number"]));
    assert_eq!(values[2][0], json!(-28), "an unknown input changes nothing");
    // Numbers as the page and `backprop grad` read (and print) them: inf, not hex.
    assert_eq!(values[3], json!([true, ""]), "x=inf reads as the page reads it");
    assert_eq!(values[4], json!("values: \"x=0x10\" is not name=number"));
    assert!(
        values[2][1].as_str().is_some_and(|e| e.contains("'w'")),
        "the unknown input is named: {}",
        values[2][1]
    );
    // Another program: recomputed and redrawn; a bad one keeps the last good circuit.
    let after = page
        .js("const el = document.getElementById('max-circuit');
             el.setAttribute('program', 'f = x * y');
             el.setAttribute('values', 'x=3 y=4');
             const good = [el.value, el.error];
             el.setAttribute('program', 'f = x $ y');
             return [good, el.value, el.error];")
        .await;
    assert_eq!(after[0], json!([12, ""]));
    assert_eq!(after[1], json!(12), "a bad program keeps the last good circuit");
    assert!(after[2].as_str().is_some_and(|e| e.starts_with("1:7: ")), "the error shown: {}", after[2]);
    let shown = page
        .js("return getComputedStyle(document.getElementById('max-circuit').shadowRoot.querySelector('.error')).display;")
        .await;
    assert_ne!(shown, json!("none"), "the error message is visible");
    // The dark theme paints a dark background.
    let dark = page
        .js("const el = document.getElementById('simple-circuit');
             el.setAttribute('theme', 'dark');
             const c = el.shadowRoot.querySelector('canvas');
             const p = c.getContext('2d').getImageData(1, 1, 1, 1).data;
             return p[0] + p[1] + p[2];")
        .await;
    assert!(number(&dark) < 150.0, "the dark theme's background is dark: {dark}");
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dragging_an_input_label_scrubs_its_value() {
    let page = Page::new().await;
    open_notes(&page).await;
    page.js(LISTEN).await;
    let before = property(&page, "simple-circuit", "grads").await;
    let at = page.first_value_label("document.getElementById('simple-circuit')").await;
    page.drag_right(at, 80).await;
    let changes =
        page.wait_js("a backprop-change from the drag", "return __changes.length > 0 && __changes;").await;
    let last = &changes.as_array().map(|c| c[c.len() - 1].clone()).unwrap_or_default()[1];
    // One input went up by 1% of its magnitude per 2 px: x from -2 by 80 px is -1.2, so
    // f = (x + y) z moves; which input is topmost depends on the layout, so read them all.
    let value = number(&last["value"]);
    assert_ne!(value, -12.0, "the drag changed nothing: {last}");
    assert_ne!(last["grads"], before, "the gradients follow the new value");
    let values = page
        .js("const el = document.getElementById('simple-circuit'); return [el.value, el.grads.x, el.grads.z];")
        .await;
    assert_eq!(number(&values[0]), value);
    // f = (x + y) z with df/dx = z and df/dz = x + y: f is their product, to the bit.
    let (dx, dz) = (number(&values[1]), number(&values[2]));
    assert_eq!(value, dz * dx, "the value and gradients after the drag disagree: {values}");
    // A locked element does not scrub.
    page.js("const el = document.getElementById('simple-circuit'); el.setAttribute('locked', ''); __changes.length = 0; return 1;")
        .await;
    let (x, y) = page.first_value_label("document.getElementById('simple-circuit')").await;
    page.driver()
        .action_chain()
        .move_to(x as i64, y as i64)
        .click_and_hold()
        .move_by_offset(60, 0)
        .release()
        .perform()
        .await
        .unwrap_or_else(|e| panic!("cannot drag on the canvas: {e}"));
    assert_eq!(page.js("return __changes.length;").await, json!(0), "a locked circuit changed");
    page.finish().await;
}

/// Element `id`'s canvas as a PNG data URL, and the page point `(right - from_right, top + 6)`
/// on it: a background point (the circuit is centred below that band).
async fn canvas_picture(page: &Page, id: &str, from_right: f64) -> (String, (i64, i64)) {
    let v = page
        .js_with(
            "const c = document.getElementById(arguments[0]).shadowRoot.querySelector('canvas');
             const r = c.getBoundingClientRect();
             return [c.toDataURL(), Math.round(r.right - arguments[1]), Math.round(r.top + 6)];",
            vec![json!(id), json!(from_right)],
        )
        .await;
    let png = v[0].as_str().unwrap_or_default().to_string();
    (png, (number(&v[1]) as i64, number(&v[2]) as i64))
}

/// Which edges of element `id`'s canvas fade, (left, right): those that cut the circuit off.
async fn faded_edges(page: &Page, id: &str) -> (bool, bool) {
    let v = page
        .js_with(
            "const s = document.getElementById(arguments[0]).shadowRoot.querySelector('.stage');
             const fades = (side) => getComputedStyle(s, side).backgroundImage.includes('gradient');
             return [s.classList.contains('more-left') && fades('::before'),
                     s.classList.contains('more-right') && fades('::after')];",
            vec![json!(id)],
        )
        .await;
    (v[0] == json!(true), v[1] == json!(true))
}

/// Drags on the page from `at` by `dx` CSS pixels, in two moves, and returns once the page
/// has handled the release: the element draws in its pointermove handler, so a picture taken
/// after that shows the whole drag, whenever the driver's `perform` returns.
async fn drag(page: &Page, at: (i64, i64), dx: i64) {
    let ups = pointer_ups(page).await;
    page.drag_right((at.0 as f64, at.1 as f64), dx).await;
    wait_pointer_up(page, ups).await;
}

/// How many pointerups the document has seen (counted from the first call on, in the
/// capture phase, so an element that keeps its pointer events to itself is counted too).
pub(crate) async fn pointer_ups(page: &Page) -> Value {
    page.js("if (!window.__ups_on) {
               window.__ups_on = true;
               window.__ups = 0;
               document.addEventListener('pointerup', () => window.__ups++, true);
             }
             return window.__ups;")
        .await
}

/// Waits for a pointerup after the `ups` [`pointer_ups`] counted.
pub(crate) async fn wait_pointer_up(page: &Page, ups: Value) {
    page.wait_js_with("the drag's pointerup", "return window.__ups > arguments[0];", vec![ups]).await;
}

/// Makes the notes page's expanded neuron 320 px wide (a phone's column) and waits until it
/// is drawn so: at the smallest scale fit allows it is wider than the canvas, so fit starts
/// it at its inputs.
async fn narrow_neuron(page: &Page) {
    page.js("const el = document.getElementById('neuron-circuit');
         el.style.width = '320px';
         el.style.marginInline = '0';
         el.scrollIntoView({ block: 'center' });
         return 1;")
        .await;
    page.wait_js(
        "the neuron redrawn 320 px wide, at the height its new width asks for",
        // A new width sets a new height, which the ResizeObserver brings back to the view
        // one callback later (and that refit would undo a drag): wait for both.
        "const c = document.getElementById('neuron-circuit').shadowRoot.querySelector('canvas');
         return c.clientWidth < 320 && c.width === Math.round(c.clientWidth * devicePixelRatio)
           && c.height === Math.round(c.clientHeight * devicePixelRatio);",
    )
    .await;
    wait_drawn(page, "neuron-circuit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_circuit_wider_than_its_canvas_drags_sideways_to_its_output_and_no_further() {
    let page = Page::new().await;
    open_notes(&page).await;
    page.js(LISTEN).await;
    narrow_neuron(&page).await;
    let (start, at) = canvas_picture(&page, "neuron-circuit", 20.0).await;
    assert_eq!(
        faded_edges(&page, "neuron-circuit").await,
        (false, true),
        "at its inputs, only the right edge fades"
    );
    // Towards the output, until it stops: its right end at the canvas's right edge.
    drag(&page, at, -260).await;
    let (moved, _) = canvas_picture(&page, "neuron-circuit", 20.0).await;
    assert_ne!(moved, start, "a drag on the background did not move a circuit wider than its canvas");
    assert_eq!(faded_edges(&page, "neuron-circuit").await, (true, true), "half way, both edges fade");
    drag(&page, at, -260).await;
    drag(&page, at, -260).await;
    let (end, _) = canvas_picture(&page, "neuron-circuit", 20.0).await;
    assert_eq!(
        faded_edges(&page, "neuron-circuit").await,
        (true, false),
        "at its output, only the left edge fades"
    );
    let engine = std::env::var("E2E_BROWSER").unwrap_or_default();
    page.element_screenshot("#neuron-circuit", &format!("element-neuron-at-its-output-{engine}")).await;
    drag(&page, at, -260).await;
    let (still, _) = canvas_picture(&page, "neuron-circuit", 20.0).await;
    assert_eq!(still, end, "the circuit moved past its output end");
    // And back: the inputs return exactly to where fit put them.
    let (_, left) = canvas_picture(&page, "neuron-circuit", 290.0).await;
    for _ in 0..4 {
        drag(&page, left, 260).await;
    }
    let (back, _) = canvas_picture(&page, "neuron-circuit", 20.0).await;
    page.element_screenshot("#neuron-circuit", &format!("element-neuron-at-its-inputs-{engine}")).await;
    assert_eq!(back, start, "dragged back, the circuit is not where it started");
    // A circuit that fits its canvas does not move; no drag changed a value.
    page.js("document.getElementById('simple-circuit').scrollIntoView({ block: 'center' }); return 1;").await;
    let (simple, at) = canvas_picture(&page, "simple-circuit", 20.0).await;
    assert_eq!(
        faded_edges(&page, "simple-circuit").await,
        (false, false),
        "a circuit that fits fades nowhere"
    );
    drag(&page, at, -200).await;
    let (after, _) = canvas_picture(&page, "simple-circuit", 20.0).await;
    assert_eq!(after, simple, "a circuit that fits its canvas moved");
    assert_eq!(page.js("return __changes.length;").await, json!(0), "a background drag changed a value");
    page.finish().await;
}

/// Element `id`'s narration, as a student hears it.
async fn narration(page: &Page, id: &str) -> String {
    let v = page
        .js_with(
            "return document.getElementById(arguments[0]).shadowRoot.querySelector('.narration').textContent;",
            vec![json!(id)],
        )
        .await;
    v.as_str().unwrap_or_default().to_string()
}

/// Presses Right on element `id`'s canvas (one event forward) and waits for its position
/// to move; returns the narration then, or `None` at the end (the position stays).
async fn step_forward(page: &Page, id: &str) -> Option<String> {
    let before = property(page, id, "position").await;
    let focus = "document.getElementById(arguments[0]).shadowRoot.querySelector('canvas').focus(); return 1;";
    page.js_with(focus, vec![json!(id)]).await;
    page.press(Key::Right).await;
    for _ in 0..40 {
        if property(page, id, "position").await != before {
            return Some(narration(page, id).await);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_narrow_circuit_brings_each_step_into_view() {
    let page = Page::new().await;
    open_notes(&page).await;
    // Its output is cut off on the right.
    narrow_neuron(&page).await;
    assert_eq!(faded_edges(&page, "neuron-circuit").await, (false, true), "it starts at its inputs");
    // Forward, gate by gate, to the seed gradient: the output's gate, at the far right.
    let mut said = Vec::new();
    loop {
        let now = step_forward(&page, "neuron-circuit").await.expect("the forward pass ends in the seed");
        said.push(now.clone());
        if now.starts_with("backward:") {
            break;
        }
    }
    assert_eq!(
        faded_edges(&page, "neuron-circuit").await,
        (true, false),
        "at the seed the view has gone to the output ({said:?})"
    );
    let engine = std::env::var("E2E_BROWSER").unwrap_or_default();
    page.element_screenshot("#neuron-circuit", &format!("element-neuron-follows-the-seed-{engine}")).await;
    // Backward to the last step, which reaches the first weights, at the inputs.
    while let Some(now) = step_forward(&page, "neuron-circuit").await {
        said.push(now);
    }
    let last = said.last().cloned().unwrap_or_default();
    assert!(last.contains("into w0") || last.contains("into x0"), "the last step reaches w0 or x0: {said:?}");
    assert_eq!(
        faded_edges(&page, "neuron-circuit").await,
        (false, true),
        "the last step, into {last:?}, brought the inputs back into view"
    );
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn play_narrates_each_step_and_fires_backprop_step() {
    let page = Page::new().await;
    open_notes(&page).await;
    page.js(LISTEN).await;
    page.js("document.getElementById('simple-circuit').shadowRoot.querySelector('.play').click(); return 1;")
        .await;
    let steps = page
        .wait_js(
            "the four backward steps of (x + y) z",
            "return __steps.length >= 4 && __steps.map((s) => s[1]);",
        )
        .await;
    let rows: Vec<Value> = steps
        .as_array()
        .map(|s| {
            s.iter()
                .map(|d| {
                    json!([
                        d["gate"],
                        d["output"],
                        d["input"],
                        d["upstream"],
                        d["local"],
                        d["contribution"],
                        d["sum"]
                    ])
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        rows,
        [
            json!(["mul", "f", "q", 1, -4, -4, -4]),
            json!(["mul", "f", "z", 1, 3, 3, 3]),
            json!(["add", "q", "x", -4, 1, -4, -4]),
            json!(["add", "q", "y", -4, 1, -4, -4]),
        ]
    );
    let narration = page
        .js("const n = document.getElementById('simple-circuit').shadowRoot.querySelector('.narration');
             return [n.getAttribute('aria-live'), n.textContent];")
        .await;
    assert_eq!(narration[0], json!("polite"));
    assert_eq!(narration[1], json!("add gate: upstream -4 x local 1 = -4 into y"));
    // The keyboard: Left steps back one event, Home restarts.
    let focused = page
        .js("const el = document.getElementById('simple-circuit');
             el.shadowRoot.querySelector('canvas').focus();
             return el.shadowRoot.activeElement && el.shadowRoot.activeElement.tagName;")
        .await;
    assert_eq!(focused, json!("CANVAS"), "the canvas takes keyboard focus");
    page.press(Key::Left).await;
    let text = "return document.getElementById('simple-circuit').shadowRoot.querySelector('.narration').textContent;";
    page.wait_js("the narration of the step before", &format!("const t = (() => {{ {text} }})(); return t === 'add gate: upstream -4 x local 1 = -4 into x' && t;")).await;
    page.press(Key::Right).await;
    page.wait_js("the last step again", &format!("return (() => {{ {text} }})().endsWith('into y');")).await;
    page.press(Key::Home).await;
    page.wait_js("an empty narration at step 0", &format!("return (() => {{ {text} }})() === '';")).await;
    // Page Down chooses the next input (y), Up raises it by ten scrub steps (1% of its
    // magnitude, 1, each): y = 5.1, so f = (x + y) z = 3.1 * -4.
    page.press(Key::PageDown).await;
    page.wait_js("the chosen input named", &format!("return (() => {{ {text} }})().startsWith('y = 5');"))
        .await;
    page.press(Key::Up).await;
    let edited = page
        .wait_js(
            "f after raising y",
            "const el = document.getElementById('simple-circuit'); return el.value !== -12 && [el.value, el.grads.z];",
        )
        .await;
    assert!(
        (number(&edited[0]) + 12.4).abs() < 1e-12 && (number(&edited[1]) - 3.1).abs() < 1e-12,
        "{edited}"
    );
    page.finish().await;
}

/// The README's "Embed a circuit" section: its HTML block and the folder it says to copy.
fn readme_embed() -> String {
    let readme = std::fs::read_to_string(e2e::workspace_dir().join("README.md"))
        .unwrap_or_else(|e| panic!("README.md: {e}"));
    let section = readme
        .split("## Embed a circuit")
        .nth(1)
        .unwrap_or_else(|| panic!("no README section 'Embed a circuit'"));
    let section = section.split("\n## ").next().unwrap_or_default();
    let block =
        section.split("```html\n").nth(1).unwrap_or_else(|| panic!("no ```html block in the section"));
    block.split("```").next().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_written_from_the_readme_alone_embeds_a_circuit() {
    let html = readme_embed();
    assert!(html.contains("<backprop-circuit") && html.contains("pkg/backprop-circuit.js"), "{html}");
    // A folder outside dist/: the README's page, and pkg/ as the README says to copy it.
    let site: PathBuf = target_dir().join("e2e-readme-site");
    let _ = std::fs::remove_dir_all(&site);
    copy_tree(&dist_dir().join("pkg"), &site.join("pkg"));
    std::fs::write(site.join("index.html"), &html).unwrap_or_else(|e| panic!("{e}"));
    // Not the README's business, but the browser asks every site for one, and a 404 is a
    // console error the harness fails on.
    std::fs::copy(dist_dir().join("favicon.svg"), site.join("favicon.ico")).unwrap_or_else(|e| panic!("{e}"));
    let page = Page::serving(&site).await;
    page.watch_csp().await;
    page.navigate("/").await;
    let id = page
        .js("const el = document.querySelector('backprop-circuit'); el.id = 'embedded'; return el.id;")
        .await;
    assert_eq!(id, json!("embedded"));
    wait_drawn(&page, "embedded").await;
    assert_eq!(number(&property(&page, "embedded", "value").await), -12.0);
    assert!(page.csp_violations().await.is_empty());
    page.finish().await;
}

/// A page that uses the engine API (docs/js-api.md), as a module of its own: it computes at
/// once, and draws the SVG only when `window.drawSvg()` is called.
const API_PAGE: &str = r#"<!doctype html>
<meta charset="utf-8">
<title>The engine API</title>
<script type="module" src="api.js"></script>
<p id="out">loading</p>
"#;
const API_JS: &str = r#"import init, { compile } from "./pkg/backprop.js";
await init();
const c = compile("q = x + y; f = q * z");
c.set({ x: -2, y: 5, z: -4 });
document.getElementById("out").textContent = JSON.stringify(c.grads());
window.drawSvg = () => c.svg().then((svg) => (window.svgs = [...(window.svgs ?? []), svg]));
"#;

/// A site outside dist/ holding the API page and a copy of `dist/pkg` as `pkg/`.
fn api_site(folder: &str) -> PathBuf {
    let site: PathBuf = target_dir().join(folder);
    let _ = std::fs::remove_dir_all(&site);
    copy_tree(&dist_dir().join("pkg"), &site.join("pkg"));
    std::fs::write(site.join("index.html"), API_PAGE).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(site.join("api.js"), API_JS).unwrap_or_else(|e| panic!("{e}"));
    // The browser asks every site for one, and a 404 is a console error the harness fails on.
    std::fs::copy(dist_dir().join("favicon.svg"), site.join("favicon.ico")).unwrap_or_else(|e| panic!("{e}"));
    site
}

/// How many requests for the SVG module's files (its glue and its wasm) the server has seen.
fn svg_module_requests(page: &Page) -> (usize, usize) {
    let requests = page.server().requests();
    let count = |file: &str| requests.iter().filter(|r| r.ends_with(file)).count();
    (count("/pkg/backprop-svg.js"), count("/pkg/backprop-svg_bg.wasm"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_only_computes_never_downloads_the_svg_module_and_svg_loads_it_once() {
    let site = api_site("e2e-api-site");
    let page = Page::serving(&site).await;
    page.watch_csp().await;
    page.navigate("/").await;
    let grads = page
        .wait_js(
            "the API page to compute",
            "const t = document.getElementById('out').textContent; return t !== 'loading' && t;",
        )
        .await;
    assert_eq!(grads, json!(r#"{"x":-4,"y":-4,"q":-4,"z":3,"f":1}"#));
    assert!(page.server().requests().iter().any(|r| r.ends_with("/pkg/backprop_bg.wasm")));
    assert_eq!(svg_module_requests(&page), (0, 0), "computing loads no layout");

    // Three calls, two of them before the module has arrived: one download.
    assert_eq!(page.js("window.drawSvg(); window.drawSvg(); return true;").await, json!(true));
    page.wait_js("two SVGs", "return (window.svgs ?? []).length === 2").await;
    assert_eq!(page.js("window.drawSvg(); return true;").await, json!(true));
    let svgs = page.wait_js("three SVGs", "return (window.svgs ?? []).length === 3 && window.svgs").await;
    let svg = svgs[0].as_str().unwrap_or_default();
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"), "{}", &svg[..svg.len().min(80)]);
    for text in [">-12</text>", ">-4</text>", ">3</text>", ">+</text>", ">*</text>"] {
        assert!(svg.contains(text), "{text} in the SVG");
    }
    assert!(svgs[1] == svgs[0] && svgs[2] == svgs[0]);
    assert_eq!(svg_module_requests(&page), (1, 1), "the SVG module is loaded once");
    assert!(page.csp_violations().await.is_empty());
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_svg_module_that_cannot_load_rejects_and_the_next_svg_tries_again() {
    // The API page, its SVG module's wasm missing from the site (a download that failed).
    let site = api_site("e2e-api-site-offline");
    let wasm = site.join("pkg/backprop-svg_bg.wasm");
    let kept = target_dir().join("e2e-backprop-svg_bg.wasm");
    std::fs::rename(&wasm, &kept).unwrap_or_else(|e| panic!("{e}"));
    let page = Page::serving(&site).await;
    page.navigate("/").await;
    page.wait_js(
        "the API page to compute",
        "return document.getElementById('out').textContent !== 'loading'",
    )
    .await;
    let failed = page
        .js("window.drawSvg().then(() => (window.failed = 'resolved'), (e) => (window.failed = String(e))); return 1;")
        .await;
    assert_eq!(failed, json!(1));
    let failed = page.wait_js("svg() to settle", "return window.failed").await;
    assert_ne!(failed, json!("resolved"), "svg() resolved without its wasm");
    // The circuit still computes, and once the file is there the next call draws.
    assert!(page
        .js("return document.getElementById('out').textContent")
        .await
        .as_str()
        .unwrap_or("")
        .contains("\"f\":1"));
    std::fs::rename(&kept, &wasm).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.js("window.drawSvg(); return 1;").await, json!(1));
    let svgs = page.wait_js("an SVG", "return (window.svgs ?? []).length === 1 && window.svgs").await;
    assert!(svgs[0].as_str().is_some_and(|s| s.starts_with("<svg") && s.contains(">-12</text>")));
    // Chromium's console logs the failed fetch; the other engines' tally (errors the page
    // raised) stays empty, since the page caught the rejection.
    if page.engine().has_console_log() {
        page.finish_expecting_error("backprop-svg_bg.wasm").await;
    } else {
        page.finish().await;
    }
}

/// Plays the simple circuit and samples its position every 30 ms until it ends: whether
/// any sample fell inside a step (a token travelling along a wire).
async fn plays_within_steps(page: &Page) -> bool {
    let samples = page
        .js("const el = document.getElementById('simple-circuit');
             el.shadowRoot.querySelector('.restart').click();
             el.shadowRoot.querySelector('.play').click();
             return true;")
        .await;
    assert_eq!(samples, json!(true));
    let mut within = false;
    for _ in 0..2000 {
        let p = number(&property(page, "simple-circuit", "position").await);
        within |= p.fract() != 0.0;
        if p >= 8.0 {
            return within;
        }
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    }
    panic!("the animation never reached its end (8 events)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reduced_motion_plays_whole_steps_without_a_moving_token() {
    let page = Page::new().await;
    let media = |value: &str| json!({ "features": [{ "name": "prefers-reduced-motion", "value": value }] });
    page.cdp("Emulation.setEmulatedMedia", media("reduce")).await;
    open_notes(&page).await;
    assert!(!plays_within_steps(&page).await, "with reduced motion Play moves in whole steps");
    page.cdp("Emulation.setEmulatedMedia", media("no-preference")).await;
    assert!(plays_within_steps(&page).await, "without it the token travels within each step");
    page.finish().await;
}

/// A slide deck hides the slides out of view (`display: none`, as reveal.js does for those
/// far away) and a page builder may move an element to another parent: either way the
/// student's edit and the animation's place are still there when it shows again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hidden_or_moved_element_keeps_the_students_edit() {
    let page = Page::new().await;
    open_notes(&page).await;
    // An edit the attributes do not hold: Up raises x (the chosen input) by 1%.
    page.js(
        "document.getElementById('simple-circuit').shadowRoot.querySelector('canvas').focus(); return 1;",
    )
    .await;
    page.press(Key::Up).await;
    page.wait_js("x raised", "return document.getElementById('simple-circuit').value !== -12;").await;
    page.press(Key::Right).await;
    page.wait_js("one step played", "return document.getElementById('simple-circuit').position === 1;").await;
    let edited = property(&page, "simple-circuit", "value").await;
    // Hidden, as a slide out of view, then shown.
    page.js("document.getElementById('simple-circuit').style.display = 'none'; return 1;").await;
    page.wait_js(
        "the hidden element's canvas at 0 px",
        "return document.getElementById('simple-circuit').shadowRoot.querySelector('canvas').clientWidth === 0;",
    )
    .await;
    page.js("document.getElementById('simple-circuit').style.display = ''; return 1;").await;
    wait_drawn(&page, "simple-circuit").await;
    assert_eq!(property(&page, "simple-circuit", "value").await, edited, "the edit survived display: none");
    assert_eq!(property(&page, "simple-circuit", "position").await, json!(1));
    page.wait_js(
        "a sharp canvas again: its bitmap as wide as its box",
        "const c = document.getElementById('simple-circuit').shadowRoot.querySelector('canvas');
         return c.clientWidth > 300 && c.width === Math.round(c.clientWidth * devicePixelRatio);",
    )
    .await;
    // Moved to another parent (disconnected, then connected again).
    page.js("const el = document.getElementById('simple-circuit');
             const box = document.createElement('div');
             document.querySelector('main').append(box);
             box.append(el);
             return 1;")
        .await;
    wait_drawn(&page, "simple-circuit").await;
    assert_eq!(property(&page, "simple-circuit", "value").await, edited, "the edit survived a move");
    // Taken out for good, it frees its wasm memory; put back later, it starts again from
    // its attributes.
    page.js("window.__el = document.getElementById('simple-circuit'); __el.remove(); return 1;").await;
    page.wait_js("the removed element's circuit freed", "return window.__el.value === undefined;").await;
    page.js("document.querySelector('main').append(__el); return 1;").await;
    wait_drawn(&page, "simple-circuit").await;
    assert_eq!(property(&page, "simple-circuit", "value").await, json!(-12));
    page.finish().await;
}
