//! The backward-pass animation: Play, stepping, the keyboard, narration and gate panel.

use e2e::{Key, Page};

use crate::engine::wait_matches_engine;

/// Plays `id` to the end at full speed and checks the narration log against the engine.
async fn play_to_end(page: &Page, id: &str) {
    if id != "fxyz" {
        page.choose_example(id).await;
    }
    let (program, _, mut expected) = wait_matches_engine(page, id).await;
    page.click_button("Restart").await;
    page.wait_timeline(&format!("{id}: timeline at 0 after Restart"), |v, _| v == 0.0).await;
    page.range_to_max("#speed").await;
    page.click_button("Play").await;
    let (value, max) = page
        .wait_timeline(&format!("{id}: Play to reach the end of the timeline"), |v, m| m > 0.0 && v == m)
        .await;
    // Play turns back into Play (not Pause) once the end is reached.
    page.wait_js(
        "the Play button to read Play again at the end",
        "return Array.from(document.querySelectorAll('button')).some(b => b.textContent.trim() === 'Play')",
    )
    .await;

    let log = page.narration_log().await;
    let steps = expected.graph.trace();
    let backward: Vec<String> = steps.iter().map(|s| expected.graph.describe_step(s)).collect();
    assert_eq!(
        log.len() as f64,
        max,
        "{id}: #narration-log has {} items but the timeline has {max} steps (contract: one <li> per step reached)",
        log.len()
    );
    assert_eq!(value, max);
    assert!(
        log.len() > backward.len(),
        "{id}: {} log items cannot hold the forward steps and {} backward steps:\n{log:#?}",
        log.len(),
        backward.len()
    );
    let tail = &log[log.len() - backward.len()..];
    assert_eq!(
        tail,
        &backward[..],
        "{id}: the backward narration differs from the engine's trace\n{program}"
    );
    let narration = page.narration().await;
    assert_eq!(Some(&narration), log.last(), "{id}: #narration shows the last step at the end");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn play_reaches_the_end_and_narrates_every_step() {
    let page = Page::new().await;
    page.open("").await;
    play_to_end(&page, "fxyz").await;
    // Forks: x is used three times, so its gradient is built from several steps.
    play_to_end(&page, "staged").await;
    page.finish().await;
}

async fn step(page: &Page, button: &str, from: f64, to: f64) {
    page.click_button(button).await;
    page.wait_timeline(&format!("{button}: timeline {from} -> {to}"), |v, _| v == to).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn step_back_then_forward_restores_the_state() {
    let page = Page::new().await;
    page.open("").await;
    page.click_button("Restart").await;
    page.wait_timeline("timeline at 0 after Restart", |v, _| v == 0.0).await;
    let k = 3.0;
    for i in 0..3 {
        step(&page, "Step forward", f64::from(i), f64::from(i + 1)).await;
    }
    let at_k = page.snapshot().await;
    assert_eq!(at_k.timeline, k);
    step(&page, "Step forward", k, k + 1.0).await;
    let next = page.snapshot().await;
    assert!(
        next.narration != at_k.narration || next.canvas != at_k.canvas,
        "stepping forward changed neither the narration nor the canvas"
    );
    step(&page, "Step back", k + 1.0, k).await;
    let back = page.snapshot().await;
    assert_eq!(back.timeline, at_k.timeline);
    assert_eq!(back.narration, at_k.narration, "narration after forward + back");
    assert_eq!(back.values, at_k.values, "values table after forward + back");
    assert!(back.canvas == at_k.canvas, "the canvas after forward + back differs from before");
    page.screenshot("step-3").await;
    page.finish().await;
}

/// Right and Left step, Home restarts, with the focus on the page itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arrow_keys_step_and_home_restarts_from_the_page() {
    let page = Page::new().await;
    page.open("").await;
    page.click_button("Restart").await;
    page.wait_timeline("timeline at 0 after Restart", |v, _| v == 0.0).await;
    // The Restart button keeps the focus after the click; give it back to the document.
    let body =
        page.js("document.activeElement.blur(); return document.activeElement === document.body").await;
    assert_eq!(body, true, "could not move the focus to the page body");
    page.press(Key::Right).await;
    page.wait_timeline("Right arrow to step to 1", |v, _| v == 1.0).await;
    page.press(Key::Right).await;
    page.wait_timeline("Right arrow to step to 2", |v, _| v == 2.0).await;
    page.press(Key::Left).await;
    page.wait_timeline("Left arrow to step back to 1", |v, _| v == 1.0).await;
    page.press(Key::Right).await;
    page.wait_timeline("Right arrow to step to 2 again", |v, _| v == 2.0).await;
    page.press(Key::Home).await;
    page.wait_timeline("Home to restart (timeline 0)", |v, _| v == 0.0).await;
    page.finish().await;
}

/// The animation keys work with the focus on the canvas too (the contract gives the
/// canvas Up/Down for the gate selection, so Left/Right stay with the animation).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arrow_keys_and_home_work_with_the_focus_on_the_canvas() {
    let page = Page::new().await;
    page.open("").await;
    page.click_button("Restart").await;
    page.wait_timeline("timeline at 0 after Restart", |v, _| v == 0.0).await;
    page.focus("#circuit").await;
    page.press(Key::Right).await;
    page.wait_timeline("Right arrow on the canvas to step to 1", |v, _| v == 1.0).await;
    page.press(Key::Right).await;
    page.wait_timeline("Right arrow on the canvas to step to 2", |v, _| v == 2.0).await;
    page.press(Key::Left).await;
    page.wait_timeline("Left arrow on the canvas to step back to 1", |v, _| v == 1.0).await;
    page.press(Key::Home).await;
    page.wait_timeline("Home on the focused canvas to restart (timeline 0)", |v, _| v == 0.0).await;
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_selects_a_gate_and_the_panel_explains_it() {
    let page = Page::new().await;
    page.open("").await;
    page.focus("#circuit").await;
    page.press(Key::Down).await;
    page.press(Key::Enter).await;
    let panel = page
        .wait_js(
            "#gate-panel to show MathML for the selected gate (contract: gate panel)",
            "const p = document.getElementById('gate-panel');
             if (!p || !p.querySelector('math')) return null;
             const hs = Array.from(p.querySelectorAll('h1, h2, h3, h4, h5, h6, caption'));
             const m = p.querySelector('math').getBoundingClientRect();
             return {heading: hs.map(h => h.textContent.trim()).join(' / '), text: p.textContent,
                     math: [m.width, m.height]};",
        )
        .await;
    // The formula is laid out as MathML at a readable size, not left as bare text runs.
    let math: Vec<f64> =
        panel["math"].as_array().map_or(Vec::new(), |a| a.iter().filter_map(|v| v.as_f64()).collect());
    assert!(
        math.len() == 2 && math[0] >= 30.0 && math[1] >= 12.0,
        "the gate panel's MathML formula is {math:?} CSS px (width, height): too small to read"
    );
    let heading = panel["heading"].as_str().unwrap_or_default();
    let text = panel["text"].as_str().unwrap_or_default();
    assert!(!heading.is_empty(), "#gate-panel has no heading naming the gate");
    let patterns = [
        autodiff::Pattern::Distributes,
        autodiff::Pattern::Routes,
        autodiff::Pattern::Switches,
        autodiff::Pattern::Local,
    ];
    assert!(
        patterns.iter().any(|p| text.contains(p.describe())),
        "#gate-panel has none of the pattern sentences; it reads: {text}"
    );
    // f = (x + y) z has an add and a mul gate: the heading names one, the panel gives
    // that gate's pattern.
    let h = heading.to_lowercase();
    let expected = if h.contains("add") || h.contains('+') {
        autodiff::Pattern::Distributes
    } else if h.contains("mul") || h.contains('×') || h.contains('*') {
        autodiff::Pattern::Switches
    } else {
        panic!("#gate-panel heading {heading:?} names neither the add nor the mul gate of f = (x + y) z")
    };
    assert!(text.contains(expected.describe()), "heading {heading:?} but the panel reads: {text}");
    page.screenshot("gate-panel").await;
    page.finish().await;
}

/// Whether the canvas moved within one backward step of f = (x + y) z (the steps that carry
/// a token along a wire): two canvas reads 400 ms apart while the timeline stays on the same
/// step, at the lowest speed (retried until a pair falls inside one step).
async fn canvas_moves_within_a_step(page: &Page) -> bool {
    let speed = |end: &str| {
        format!(
        "const s = document.getElementById('speed'); s.value = s.{end}; s.dispatchEvent(new Event('input', {{bubbles: true}}));"
    )
    };
    page.click_button("Restart").await;
    page.wait_timeline("timeline at 0 after Restart", |v, _| v == 0.0).await;
    page.js(&speed("max")).await;
    page.click_button("Play").await;
    // Inputs, q, f and the seed come first; the backward steps follow.
    page.wait_timeline("Play to reach the backward steps", |v, _| v >= 4.0).await;
    page.js(&speed("min")).await;
    for _ in 0..10 {
        let pair = page
            .js("const c = document.getElementById('circuit'), t = document.getElementById('timeline');
                 const v0 = t.value, a = c.toDataURL();
                 return new Promise(done => setTimeout(() => {
                   done([v0 === t.value && t.value < t.max, a !== c.toDataURL()]);
                 }, 400));")
            .await;
        if pair[0] == true {
            page.click_button("Pause").await;
            return pair[1] == true;
        }
    }
    panic!("no two canvas reads 400 ms apart fell inside one backward step at the lowest speed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reduced_motion_steps_without_moving_and_follows_the_setting() {
    let page = Page::new().await;
    page.open("").await;
    let media = |value: &str| serde_json::json!({ "features": [{ "name": "prefers-reduced-motion", "value": value }] });
    page.cdp("Emulation.setEmulatedMedia", media("reduce")).await;
    assert!(
        !canvas_moves_within_a_step(&page).await,
        "with prefers-reduced-motion: reduce the canvas changes only from step to step"
    );
    // The setting changes while the page is open: the page follows it without a reload.
    page.cdp("Emulation.setEmulatedMedia", media("no-preference")).await;
    assert!(
        canvas_moves_within_a_step(&page).await,
        "without reduced motion the token moves along the wire within a step"
    );
    page.finish().await;
}
