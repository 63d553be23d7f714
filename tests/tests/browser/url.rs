//! The URL hash: a shared link restores the state; a hostile one changes nothing.

use std::time::Duration;

use e2e::Page;

use crate::a11y::select_gate;
use crate::engine::{row, wait_matches_engine};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_url_round_trips_in_a_fresh_session() {
    let page = Page::new().await;
    page.open("").await;
    page.set_input("x", "1").await;
    let hash = page.wait_hash_with("x:1").await;
    // Contract, URL hash: #ex=<example id>&p=<program>&v=<name>:<value>,...
    assert!(hash.starts_with("#ex=fxyz&p="), "location.hash {hash:?} does not start with #ex=fxyz&p=");
    let (program, rows, _) = wait_matches_engine(&page, "after x = 1").await;

    let fresh = Page::new().await;
    fresh.open(&hash).await;
    let (program2, rows2, _) = wait_matches_engine(&fresh, "the shared URL").await;
    assert_eq!(program2, program, "the shared URL {hash} restored another program");
    assert_eq!(rows2, rows, "the shared URL {hash} restored other values");
    assert_eq!(row(&rows2, "f").value(), -24.0);
    fresh.finish().await;
    page.finish().await;
}

/// Sets `window.__pwned` if any of it ever runs as markup or script.
const PWN: &str = "%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_hash_falls_back_and_runs_nothing() {
    let page = Page::new().await;
    page.open("").await;
    let (default_program, default_rows, _) = wait_matches_engine(&page, "default").await;
    let imgs = page.js("return document.querySelectorAll('img').length").await;

    let hashes = [
        "#p=%ZZ&v=x:abc".to_string(),
        "#p=<img src=x onerror=window.__pwned=1>".to_string(),
        format!("#p={PWN}"),
        format!("#p=f%20%3D%20x%20{PWN}"),
        format!("#ex={PWN}"),
        format!("#ex=fxyz&v={PWN}:1"),
        format!("#ex=fxyz&v=x:{PWN}"),
    ];
    for hash in &hashes {
        page.open(hash).await;
        // An <img onerror> fires after its load fails: give it the time to.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let pwned = page.js("return typeof window.__pwned").await;
        assert_eq!(pwned, "undefined", "{hash}: the payload ran");
        let now = page.js("return document.querySelectorAll('img').length").await;
        assert_eq!(now, imgs, "{hash}: an element from the payload was inserted");
        // Contract, URL hash: falls back to the default example and says so in #error.
        let (message, shown) = page.error().await;
        assert!(shown && !message.is_empty(), "{hash}: no message in #error");
        let (program, rows, _) = wait_matches_engine(&page, hash).await;
        assert_eq!(program, default_program, "{hash}: did not fall back to the default example");
        assert_eq!(rows, default_rows, "{hash}: did not fall back to the default values");
    }
    let requests = page.server().requests();
    assert!(!requests.iter().any(|r| r == "/x"), "a payload's <img src=x> was requested: {requests:?}");
    page.finish().await;
}

/// What a student sees of a paused run: the timeline, the Play button, the narration, the
/// steps log and the gate panel (its heading and text, and whether it shows formulas).
async fn paused_view(page: &Page) -> serde_json::Value {
    page.js(
        "const p = document.getElementById('gate-panel');
         const h = p.querySelector('h1, h2, h3, h4');
         return {timeline: document.getElementById('timeline').value,
                 play: document.getElementById('play').textContent.trim(),
                 narration: document.getElementById('narration').textContent.trim(),
                 log: Array.from(document.querySelectorAll('#narration-log li')).map(li => li.textContent.trim()),
                 gate: h ? h.textContent.trim() : '', panel: p.textContent, math: !!p.querySelector('math')};",
    )
    .await
}

/// Contract, URL hash: `t=<step>` and `sel=<gate>`, so "look at step 7 of this circuit,
/// this gate" is a link a teacher can send.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_opens_paused_on_its_step_with_its_gate_selected() {
    let page = Page::new().await;
    page.open("").await;
    page.choose_example("staged").await;
    for k in 1..=7 {
        page.click_button("Step forward").await;
        page.wait_timeline(&format!("Step forward to step {k}"), |v, _| v == f64::from(k)).await;
    }
    select_gate(&page).await;
    let hash = page
        .wait_js(
            "the link to hold the position and the gate",
            "return /&t=7&sel=\\d+/.test(location.hash) && location.hash",
        )
        .await;
    let hash = hash.as_str().unwrap_or_default().to_string();
    let seen = paused_view(&page).await;
    assert_eq!(seen["log"].as_array().map(Vec::len), Some(7), "{seen}");
    assert!(seen["math"] == true && !seen["gate"].as_str().unwrap_or_default().is_empty(), "{seen}");

    let fresh = Page::new().await;
    fresh.open(&hash).await;
    fresh.wait_timeline(&format!("{hash} to open on step 7"), |v, _| v == 7.0).await;
    let opened = paused_view(&fresh).await;
    assert_eq!(opened, seen, "{hash} opened another view than the one it was copied from");
    assert_eq!(opened["play"], "Play", "the link opens paused");
    fresh.screenshot("link-step-7").await;
    // A run the student can go on with, not a picture: the next step is step 8.
    fresh.click_button("Step forward").await;
    fresh.wait_timeline("Step forward from the link's step", |v, _| v == 8.0).await;
    fresh.finish().await;
    page.finish().await;
}

/// A link in the format from before positions and gates opens as it did: the full state
/// before a run, nothing selected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_in_the_format_before_positions_opens_as_before() {
    let old = "#ex=fxyz&p=x%20%3D%20-2%0Ay%20%3D%205%0Az%20%3D%20-4%0Aq%20%3D%20x%20%2B%20y%0Af%20%3D%20q%20%2A%20z&v=x:1,y:5,z:-4";
    let page = Page::new().await;
    page.open(old).await;
    let (_, rows, _) = wait_matches_engine(&page, old).await;
    assert_eq!(row(&rows, "f").value(), -24.0, "{old}: the link's values");
    let (value, max) = page.timeline().await;
    assert_eq!(value, max, "{old}: the full state shows before a run");
    let view = paused_view(&page).await;
    assert_eq!(view["log"].as_array().map(Vec::len), Some(0), "{view}");
    assert_eq!(view["math"], false, "{old}: a gate was selected: {view}");
    assert!(!page.error().await.1, "{old}: refused");
    page.finish().await;
}
