//! The URL hash: a shared link restores the state; a hostile one changes nothing.

use std::time::Duration;

use e2e::Page;

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
