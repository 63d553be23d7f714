//! The page at a desktop width and at a phone's (375 px), in whichever engine runs the
//! suite: nothing scrolls sideways, the circuit and its numbers are on screen, and the
//! screenshots a reviewer looks at, named by engine (`target/e2e-screenshots/`).

use e2e::Page;
use serde_json::json;

use crate::engine::wait_matches_engine;

/// Opens the page (with `hash`) inside the test server's 375-px frame and enters that
/// frame: its root's `clientWidth` is 375 CSS px, whatever the engine's scroll bars take.
async fn open_at_375(page: &Page, hash: &str) -> i64 {
    page.navigate(e2e::server::FRAME_PATH).await;
    let d = page.driver();
    let frame = page.element("#phone").await;
    page.js_with("document.getElementById('phone').src = '/' + arguments[0]", vec![json!(hash)]).await;
    frame.clone().enter_frame().await.unwrap_or_else(|e| panic!("cannot enter the 375-px frame: {e}"));
    page.wait_ready().await;
    // Classic scroll bars (Firefox, WebKit on Linux) take their width from the viewport; a
    // phone's overlay ones take none: widen the frame by theirs.
    let bar = page.js("return innerWidth - document.documentElement.clientWidth").await.as_i64().unwrap_or(0);
    d.enter_parent_frame().await.unwrap_or_else(|e| panic!("cannot leave the frame: {e}"));
    page.js_with("document.getElementById('phone').width = 375 + arguments[0]", vec![json!(bar)]).await;
    frame.clone().enter_frame().await.unwrap_or_else(|e| panic!("cannot enter the 375-px frame: {e}"));
    page.js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))").await;
    page.js("return document.documentElement.clientWidth").await.as_i64().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_wide_page_scrolls_only_down_and_shows_the_circuit() {
    let page = Page::new().await;
    let engine = page.engine().name();
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    page.settled_canvas().await;
    page.screenshot(&format!("{engine}-light-desktop")).await;

    let width = open_at_375(&page, "").await;
    assert_eq!(width, 375, "the page in the 375-px frame is {width} px wide");
    wait_matches_engine(&page, "default, at 375 px").await;
    page.settled_canvas().await;
    let sizes = page
        .js("const r = document.documentElement;
             const c = document.getElementById('circuit').getBoundingClientRect();
             const wide = Array.from(document.body.querySelectorAll('*'))
               .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > r.clientWidth + 0.5
                            && !e.closest('.scroll, [hidden]'))
               .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))
               .slice(0, 8);
             return {scroll: r.scrollWidth, client: r.clientWidth, canvas: [c.width, c.height], wide,
                     errors: window.__e2eErrors || []};")
        .await;
    assert!(
        sizes["scroll"].as_i64() <= sizes["client"].as_i64() && sizes["wide"] == json!([]),
        "at 375 px the page scrolls sideways: {sizes}"
    );
    assert_eq!(sizes["errors"], json!([]), "errors in the page at 375 px");
    let canvas = sizes["canvas"].as_array().cloned().unwrap_or_default();
    let (w, h) = (canvas[0].as_f64().unwrap_or(0.0), canvas[1].as_f64().unwrap_or(0.0));
    assert!(w > 300.0 && w <= 375.0 && h > 100.0, "the circuit at 375 px is {w} x {h} CSS px");
    assert!(page.canvas_painted_pixels().await > 1000, "the circuit is not drawn at 375 px");
    page.driver().enter_default_frame().await.unwrap_or_else(|e| panic!("cannot leave the frame: {e}"));
    page.element_screenshot("#phone", &format!("{engine}-narrow-375")).await;

    page.open("").await;
    page.play_until_mid_animation().await;
    page.screenshot(&format!("{engine}-mid-animation")).await;
    page.finish().await;
}
