//! The page at a desktop width and at a phone's (375 px), in whichever engine runs the
//! suite: nothing scrolls sideways, the circuit and its numbers are on screen, and the
//! screenshots a reviewer looks at, named by engine.

use e2e::Page;
use serde_json::json;

use crate::engine::wait_matches_engine;

/// Sets the window so that the page's viewport (the root's `clientWidth`) is `width` CSS
/// pixels wide: the window's own frame and toolbars differ between engines, so the window
/// is sized, measured and sized again by the difference.
async fn viewport_width(page: &Page, width: i64, height: i64) -> i64 {
    let d = page.driver();
    let mut window = width;
    let mut got = 0;
    for _ in 0..3 {
        d.set_window_rect(0, 0, window.clamp(200, 4000) as u32, height as u32)
            .await
            .unwrap_or_else(|e| panic!("cannot size the window: {e}"));
        // A resize is seen by the page in the next frame or two.
        page.js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))").await;
        got = page.js("return document.documentElement.clientWidth").await.as_i64().unwrap_or(0);
        if got == width {
            break;
        }
        window += width - got;
    }
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_wide_page_scrolls_only_down_and_shows_the_circuit() {
    let page = Page::new().await;
    let engine = page.engine().name();
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    page.settled_canvas().await;
    page.screenshot(&format!("{engine}-light-desktop")).await;

    let width = viewport_width(&page, 375, 812).await;
    assert_eq!(width, 375, "the viewport could not be made 375 px wide (it is {width})");
    page.settled_canvas().await;
    let sizes = page
        .js("const r = document.documentElement;
             const c = document.getElementById('circuit').getBoundingClientRect();
             const wide = Array.from(document.body.querySelectorAll('*'))
               .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > r.clientWidth + 0.5
                            && !e.closest('.scroll, [hidden]'))
               .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + e.className : ''))
               .slice(0, 8);
             return {scroll: r.scrollWidth, client: r.clientWidth, canvas: [c.width, c.height], wide};")
        .await;
    assert!(
        sizes["scroll"].as_i64() <= sizes["client"].as_i64(),
        "at 375 px the page scrolls sideways: {sizes}"
    );
    let canvas = sizes["canvas"].as_array().cloned().unwrap_or_default();
    let (w, h) = (canvas[0].as_f64().unwrap_or(0.0), canvas[1].as_f64().unwrap_or(0.0));
    assert!(w > 300.0 && w <= 375.0 && h > 100.0, "the circuit at 375 px is {w} x {h} CSS px");
    assert!(page.canvas_painted_pixels().await > 1000, "the circuit is not drawn at 375 px");
    page.screenshot(&format!("{engine}-narrow-375")).await;

    viewport_width(&page, 1280, 900).await;
    page.click_button("Restart").await;
    page.wait_timeline("timeline at 0 after Restart", |v, _| v == 0.0).await;
    page.click_button("Play").await;
    page.wait_js_with(
        "the animation under way (0 < timeline < max)",
        "const t = document.getElementById('timeline');
         const v = Number(t.value), m = Number(t.max);
         return v > arguments[0] && v < m;",
        vec![json!(1)],
    )
    .await;
    page.screenshot(&format!("{engine}-mid-animation")).await;
    page.finish().await;
}
