//! `<backprop-circuit>` in a real reveal.js 6 deck (issue 28), as a teacher presents it: the
//! element's keys and drags stay with it (reveal.js turns the same keys and a sideways
//! swipe into slide changes), it draws sharp at the size the deck scales its slide to, on
//! a slide shown after the first, and on paper (the deck's `?print-pdf` view, printed).
//!
//! reveal.js is the pinned npm package xtask installs (`REVEAL_JS` in xtask/src/tools.rs);
//! `cargo xtask test` hands its folder to this suite as `REVEAL_JS_DIR`. The deck is a page
//! of its own beside a copy of `dist/pkg`, initialised from a file (no inline script), and
//! served with the strict policy plus what reveal.js needs: its themes' fonts are `data:`
//! URLs and its print view writes `<style>` elements.

use std::path::PathBuf;

use e2e::{copy_tree, dist_dir, target_dir, Key, Page};
use serde_json::{json, Value};
use thirtyfour::common::command::{Actions, Command};

use crate::element::{number, pointer_ups, property, wait_drawn, wait_pointer_up};

/// The test server's policy for the deck: ours, with `data:` fonts and inline styles.
const DECK_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; font-src 'self' data:";

/// Four slides: a title, the simple circuit (slide 2, where a teacher would put it after
/// a title), the expanded neuron and an end.
const DECK_HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Backprop, in a reveal.js deck</title>
<link rel="stylesheet" href="reveal/reveal.css">
<link rel="stylesheet" href="reveal/theme/white.css">
<script type="module" src="pkg/backprop-circuit.js"></script>
</head>
<body>
<div class="reveal"><div class="slides">
<section><h2>Backpropagation</h2><p>Gradients flow backward through a circuit</p></section>
<section>
  <h3 id="circuit-title">A circuit</h3>
  <backprop-circuit id="circuit" program="q = x + y; f = q * z" values="x=-2 y=5 z=-4" controls></backprop-circuit>
</section>
<section>
  <h3>A neuron</h3>
  <backprop-circuit id="neuron" program="w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = sigmoid(w0*x0 + w1*x1 + w2)" expanded controls></backprop-circuit>
</section>
<section><h2>Questions?</h2></section>
</div></div>
<script src="reveal/reveal.js"></script>
<script src="deck.js"></script>
</body>
</html>
"#;

/// reveal.js's own defaults (the slide transition, touch, keyboard), and the slide in the
/// address so a test can open slide 2.
const DECK_JS: &str = "Reveal.initialize({ hash: true });\n";

/// `$REVEAL_JS_DIR`: the reveal.js package's folder.
fn reveal_dir() -> PathBuf {
    let dir = std::env::var_os("REVEAL_JS_DIR").map(PathBuf::from).unwrap_or_else(|| {
        panic!(
            "REVEAL_JS_DIR is not set: point it at the reveal.js 6.0.2 package (cargo xtask test installs \
             it: ~/.cache/backprop-playground/reveal.js-6.0.2/node_modules/reveal.js)"
        )
    });
    let package = std::fs::read_to_string(dir.join("package.json"))
        .unwrap_or_else(|e| panic!("REVEAL_JS_DIR={}: no package.json: {e}", dir.display()));
    assert!(package.contains("\"version\": \"6."), "REVEAL_JS_DIR={} is not reveal.js 6", dir.display());
    dir
}

/// The deck's folder: the page, its script, reveal.js's files and `pkg/`.
fn deck_site(folder: &str) -> PathBuf {
    let site = target_dir().join(folder);
    let _ = std::fs::remove_dir_all(&site);
    copy_tree(&dist_dir().join("pkg"), &site.join("pkg"));
    let reveal = reveal_dir().join("dist");
    std::fs::create_dir_all(site.join("reveal/theme")).unwrap_or_else(|e| panic!("{e}"));
    for file in ["reveal.js", "reveal.css", "theme/white.css"] {
        std::fs::copy(reveal.join(file), site.join("reveal").join(file))
            .unwrap_or_else(|e| panic!("cannot copy reveal.js's {file}: {e}"));
    }
    std::fs::write(site.join("index.html"), DECK_HTML).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(site.join("deck.js"), DECK_JS).unwrap_or_else(|e| panic!("{e}"));
    // The browser asks every site for one, and a 404 is a console error the harness fails on.
    std::fs::copy(dist_dir().join("favicon.svg"), site.join("favicon.ico")).unwrap_or_else(|e| panic!("{e}"));
    site
}

/// A session on the deck with the window `width` x `height`, opened at `path`, once
/// reveal.js is ready.
async fn open_deck(folder: &str, width: u32, height: u32, path: &str) -> Page {
    let page = Page::serving_with_csp(&deck_site(folder), Some(DECK_CSP)).await;
    page.watch_csp().await;
    page.driver()
        .set_window_rect(0, 0, width, height)
        .await
        .unwrap_or_else(|e| panic!("cannot size the window {width}x{height}: {e}"));
    page.navigate(path).await;
    page.wait_js("reveal.js to be ready", "return typeof Reveal !== 'undefined' && Reveal.isReady();").await;
    page
}

/// The slide shown: reveal.js's horizontal index.
async fn slide(page: &Page) -> i64 {
    page.js("return Reveal.getIndices().h;").await.as_i64().unwrap_or(-1)
}

/// Presses Right on the page (the presenter's next slide) and waits until slide `h` is in
/// place: reveal.js's `slidetransitionend`, after the slide has stopped moving.
async fn next_slide(page: &Page, h: i64) {
    page.js(
        "window.__moved = false; Reveal.on('slidetransitionend', () => (window.__moved = true)); return 1;",
    )
    .await;
    page.press(Key::Right).await;
    page.wait_js_with(
        &format!("slide {} in place", h + 1),
        "return Reveal.getIndices().h === arguments[0] && window.__moved;",
        vec![json!(h)],
    )
    .await;
}

/// The element's canvas against the size it is shown at: its backing store's width, and
/// the width the shown size asks for (its CSS width × the ancestors' scale × the device
/// pixel ratio), and that scale.
async fn backing_store(page: &Page, id: &str) -> (f64, f64, f64) {
    let v = page
        .js_with(
            "const c = document.getElementById(arguments[0]).shadowRoot.querySelector('canvas');
             const k = c.getBoundingClientRect().width / parseFloat(getComputedStyle(c).width);
             return [c.width, c.clientWidth * k * devicePixelRatio, k];",
            vec![json!(id)],
        )
        .await;
    (number(&v[0]), number(&v[1]), number(&v[2]))
}

/// Waits until element `id`'s backing store has the pixels of the size it is shown at.
async fn wait_sharp(page: &Page, id: &str) {
    page.wait_js_with(
        &format!("#{id}'s canvas to have the pixels of its shown size"),
        "const c = document.getElementById(arguments[0]).shadowRoot.querySelector('canvas');
         const k = c.getBoundingClientRect().width / parseFloat(getComputedStyle(c).width);
         return c.width > 0 && Math.abs(c.width - c.clientWidth * k * devicePixelRatio) <= 1;",
        vec![json!(id)],
    )
    .await;
}

/// A one-finger touch: down at `at` (viewport CSS pixels), moved by `dx` in four steps,
/// lifted; returns once the page has seen the finger lift.
async fn touch_drag(page: &Page, at: (f64, f64), dx: i64) {
    let ups = pointer_ups(page).await;
    let step = json!({ "type": "pointerMove", "duration": 50, "origin": "pointer", "x": dx / 4, "y": 0 });
    let last =
        json!({ "type": "pointerMove", "duration": 50, "origin": "pointer", "x": dx - 3 * (dx / 4), "y": 0 });
    let finger = json!([{
        "type": "pointer",
        "id": "finger",
        "parameters": { "pointerType": "touch" },
        "actions": [
            { "type": "pointerMove", "duration": 0, "origin": "viewport", "x": at.0.round() as i64, "y": at.1.round() as i64 },
            { "type": "pointerDown", "button": 0 },
            step, step, step, last,
            { "type": "pointerUp", "button": 0 },
        ],
    }]);
    page.driver()
        .cmd(Command::PerformActions(Actions::from(finger)))
        .await
        .unwrap_or_else(|e| panic!("cannot touch the page: {e}"));
    wait_pointer_up(page, ups).await;
}

/// The circuit's output and gradients: they change when an input does.
async fn outputs(page: &Page) -> Value {
    page.js("const el = document.getElementById('circuit'); return { value: el.value, grads: el.grads };")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_on_the_focused_circuit_change_it_and_leave_the_slide_where_it_is() {
    let page = open_deck("e2e-reveal-keys", 1280, 900, "/#/1").await;
    wait_drawn(&page, "circuit").await;
    assert_eq!(slide(&page).await, 1, "the deck opens on slide 2");
    let focused = page
        .js("document.getElementById('circuit').shadowRoot.querySelector('canvas').focus();
             return document.activeElement.id;")
        .await;
    assert_eq!(focused, json!("circuit"));
    let position = || async { number(&property(&page, "circuit", "position").await) };
    // Every key the element documents, each checked on the circuit and on the deck.
    page.press(Key::Right).await;
    assert_eq!(position().await, 1.0, "Right steps the circuit forward");
    page.press(Key::Right).await;
    page.press(Key::Left).await;
    assert_eq!(position().await, 1.0, "Left steps it back");
    page.press(Key::Home).await;
    assert_eq!(position().await, 0.0, "Home restarts it");
    assert_eq!(slide(&page).await, 1, "the arrows and Home changed the slide");
    page.press(Key::Space).await;
    page.wait_js("Space to play the circuit", "return document.getElementById('circuit').position > 0;")
        .await;
    page.press(Key::Space).await;
    assert_eq!(slide(&page).await, 1, "Space changed the slide");
    let before = outputs(&page).await;
    page.press(Key::PageDown).await;
    page.press(Key::Up).await;
    let after = outputs(&page).await;
    assert_ne!(after, before, "PageDown and Up did not change an input");
    page.press(Key::Down).await;
    page.press(Key::PageUp).await;
    assert_eq!(slide(&page).await, 1, "Page Up, Page Down, Up or Down changed the slide");
    assert_eq!(page.js("return Reveal.getIndices().v;").await, json!(0));
    // A key the element does not use still reaches the deck: N is reveal.js's next slide.
    page.driver()
        .action_chain()
        .send_keys("n")
        .perform()
        .await
        .unwrap_or_else(|e| panic!("cannot press N: {e}"));
    assert_eq!(slide(&page).await, 2, "a key the element does not use no longer reaches the deck");
    assert!(page.csp_violations().await.is_empty(), "{:?}", page.csp_violations().await);
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_touch_drag_on_an_input_moves_its_value_with_the_finger_and_not_the_slide() {
    // At 1920 px reveal.js scales the 960 x 700 slide up: ×1.48 full screen on a 1080-px
    // projector, ×1.29 in this window (its height, less the browser's bars, decides).
    let page = open_deck("e2e-reveal-touch", 1920, 1080, "/#/1").await;
    wait_drawn(&page, "circuit").await;
    wait_sharp(&page, "circuit").await;
    let (_, _, k) = backing_store(&page, "circuit").await;
    assert!(k > 1.2, "reveal.js did not scale the slide up in a 1920-px window: ×{k}");
    let before = outputs(&page).await;
    let at = page.value_label_in("document.getElementById('circuit')").await;
    // 120 px to the left on the screen is 120 / k of the slide's own pixels: one step of 1%
    // of the magnitude (0.01 for x, y and z) per 2 of them, down. f = (x + y) z, so z is
    // df/dx and x + y is df/dz.
    touch_drag(&page, at, -120).await;
    assert_eq!(slide(&page).await, 1, "the drag on an input swiped to another slide");
    let after = outputs(&page).await;
    let moved = |g: &Value, name: &str| number(&after["grads"][name]) - number(&g[name]);
    let (dz, dsum) = (moved(&before["grads"], "x"), moved(&before["grads"], "z"));
    let want = (-120.0 / k / 2.0).round() * 0.01;
    let got = if dz != 0.0 { dz } else { dsum };
    assert!(
        (got - want).abs() < 1e-9 && (dz == 0.0) != (dsum == 0.0),
        "a 120-px touch drag to the left at ×{k} moved an input by {got} (z by {dz}, x + y by {dsum}), \
         not {want}"
    );
    page.screenshot("reveal-touch-drag-1920").await;
    // A swipe the element does not handle (on the slide's heading) still changes the slide.
    let title = page
        .js("const r = document.getElementById('circuit-title').getBoundingClientRect();
             return [r.left + r.width / 2, r.top + r.height / 2];")
        .await;
    touch_drag(&page, (number(&title[0]), number(&title[1])), -300).await;
    page.wait_js("a swipe on the heading to show the next slide", "return Reveal.getIndices().h === 2;")
        .await;
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_next_slide_the_circuit_draws_sharp_at_the_size_the_deck_shows_it() {
    let page = open_deck("e2e-reveal-sharp", 1920, 1080, "/").await;
    assert_eq!(slide(&page).await, 0);
    // The presenter's Right arrow on the page moves to the circuit's slide.
    next_slide(&page, 1).await;
    wait_drawn(&page, "circuit").await;
    wait_sharp(&page, "circuit").await;
    let (pixels, wanted, k) = backing_store(&page, "circuit").await;
    assert!(k > 1.2, "reveal.js did not scale the slide up in a 1920-px window: ×{k}");
    assert!((pixels - wanted).abs() <= 1.0, "at ×{k}: a {pixels}-px backing store for {wanted} px shown");
    page.screenshot("reveal-deck-1920").await;
    // A smaller window: reveal.js scales the slide down, with no size change the element's
    // ResizeObserver would see; the backing store follows.
    page.driver()
        .set_window_rect(0, 0, 1280, 900)
        .await
        .unwrap_or_else(|e| panic!("cannot resize the window: {e}"));
    page.wait_js_with(
        "reveal.js to scale the slide for 1280 px",
        "return Reveal.getScale() < arguments[0] - 0.1;",
        vec![json!(k)],
    )
    .await;
    wait_sharp(&page, "circuit").await;
    let (pixels, wanted, small) = backing_store(&page, "circuit").await;
    assert!(small < k - 0.1, "the shown scale did not follow the window: ×{k} then ×{small}");
    assert!((pixels - wanted).abs() <= 1.0, "at ×{small}: a {pixels}-px backing store for {wanted} px shown");
    page.screenshot("reveal-deck-1280").await;
    // The expanded neuron on the next slide keeps labels of 12 px or more: too wide for the
    // 960-px slide at that size, it is cut off at its right edge and slides sideways.
    next_slide(&page, 2).await;
    wait_drawn(&page, "neuron").await;
    let fades = page
        .js("const s = document.getElementById('neuron').shadowRoot.querySelector('.stage');
             return [s.classList.contains('more-left'), s.classList.contains('more-right')];")
        .await;
    assert_eq!(fades, json!([false, true]), "the neuron fits the slide only by shrinking its labels");
    // Measured on the canvas: the first value label's digits (w0's "2", in the value green),
    // in the slide's CSS pixels. Digits are about 0.73 of the font size: 8.8 px at 12 px,
    // 6.6 at the page's 9.1.
    let digits = page
        .js("const c = document.getElementById('neuron').shadowRoot.querySelector('canvas');
             const k = c.width / c.clientWidth;
             const d = c.getContext('2d').getImageData(0, 0, Math.round(c.width / 4), c.height);
             const green = (x, y) => { const i = 4 * (y * d.width + x);
               return d.data[i + 1] > 90 && d.data[i + 1] > d.data[i] + 50 && d.data[i + 1] > d.data[i + 2] + 40; };
             const row = (y) => { for (let x = 0; x < d.width; x++) if (green(x, y)) return true; return false; };
             let y = 0;
             while (y < d.height && !row(y)) y++;
             const top = y;
             while (y < d.height && row(y)) y++;
             return (y - top) / k;")
        .await;
    eprintln!("reveal: the neuron's first value label's digits are {digits} CSS px tall on a 960-px slide");
    assert!(number(&digits) >= 8.0, "the neuron's labels are {digits} px tall digits on a 960-px slide");
    page.screenshot("reveal-deck-neuron-1280").await;
    page.finish().await;
}

/// The computed `display` of the element's controls and narration, and its backing store's
/// pixels per CSS pixel.
async fn printed(page: &Page) -> Value {
    page.js("const r = document.getElementById('circuit').shadowRoot;
             const c = r.querySelector('canvas');
             return [getComputedStyle(r.querySelector('.controls')).display,
                     getComputedStyle(r.querySelector('.narration')).display,
                     c.width / c.clientWidth];")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_print_view_prints_the_circuit_sharp_without_its_controls() {
    // reveal.js's PDF export: the deck at ?print-pdf, one slide per page, then printed.
    let page = open_deck("e2e-reveal-print", 1280, 900, "/?print-pdf").await;
    page.wait_js(
        "reveal.js's print view",
        "return document.documentElement.classList.contains('print-pdf') && document.querySelectorAll('.pdf-page').length === 4;",
    )
    .await;
    wait_drawn(&page, "circuit").await;
    let screen = printed(&page).await;
    assert_eq!(screen[0], json!("flex"), "on screen the controls show: {screen}");
    // Printing: the print media query matches (Chromium's print preview and PDF export).
    page.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" })).await;
    let paper = page
        .wait_js(
            "the circuit redrawn for print",
            "const r = document.getElementById('circuit').shadowRoot;
             const c = r.querySelector('canvas');
             return c.width >= 3 * c.clientWidth - 1 && c.width;",
        )
        .await;
    assert!(number(&paper) > 0.0);
    let print = printed(&page).await;
    assert_eq!(print[0], json!("none"), "the Play and Step buttons print: {print}");
    assert_eq!(print[1], json!("none"), "the narration prints: {print}");
    assert!(number(&print[2]) >= 2.99, "printed at {} pixels per CSS pixel", print[2]);
    wait_drawn(&page, "circuit").await;
    page.js("document.getElementById('circuit').scrollIntoView(); return 1;").await;
    page.screenshot("reveal-print-view").await;
    page.js("document.getElementById('neuron').scrollIntoView(); return 1;").await;
    page.screenshot("reveal-print-view-neuron").await;
    // Back on screen, the controls return.
    page.cdp("Emulation.setEmulatedMedia", json!({ "media": "" })).await;
    page.wait_js(
        "the controls back on screen",
        "return getComputedStyle(document.getElementById('circuit').shadowRoot.querySelector('.controls')).display === 'flex';",
    )
    .await;
    assert!(page.csp_violations().await.is_empty(), "{:?}", page.csp_violations().await);
    page.finish().await;
}
