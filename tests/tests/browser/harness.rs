//! The harness itself, against tests/fixtures: these prove the checks every page test
//! relies on can fail (a console error is seen, the CSP is enforced) and that the
//! browser processes go away.

use std::time::Duration;

use e2e::{fixtures_dir, Page};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_the_fixture_under_the_csp_and_reads_it() {
    let page = Page::serving(&fixtures_dir()).await;
    page.open("").await;
    let rows = page.values().await;
    assert_eq!(rows["f"].value(), -12.0);
    assert_eq!(rows["x"].grad(), -4.0);
    page.set_input("x", "1").await;
    assert_eq!(page.row("f").await.value(), -24.0);
    assert!(page.canvas_painted_pixels().await > 100);
    let shot = page.screenshot("harness-fixture").await;
    assert!(shot.is_file());
    // The wasm went through instantiateStreaming, which needs application/wasm.
    let requests = page.server().requests();
    for path in ["/", "/app.js", "/mini.wasm", "/style.css"] {
        assert!(requests.iter().any(|r| r == path), "{path} not requested: {requests:?}");
    }
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_error_is_caught() {
    let page = Page::serving(&fixtures_dir()).await;
    page.navigate("/console-error.html").await;
    let errors = page
        .wait_for(
            "the fixture's console.error in the browser log",
            async || page.console_errors().await,
            |e| !e.is_empty(),
        )
        .await;
    assert!(errors.iter().any(|e| e.message.contains("deliberate console error")), "{errors:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csp_blocks_inline_script_and_style() {
    let page = Page::serving(&fixtures_dir()).await;
    page.watch_csp().await;
    page.navigate("/csp-inline.html").await;
    // What hostile::served_page_meets_the_content_security_policy relies on: the
    // securitypolicyviolation events of a page are seen, both of them.
    page.wait_for(
        "the inline script's and the inline style's violation events",
        async || page.csp_violations().await,
        |v| v.iter().any(|e| e.contains("script-src")) && v.iter().any(|e| e.contains("style-src")),
    )
    .await;
    let errors = page
        .wait_for(
            "a CSP violation in the browser log",
            async || page.console_errors().await,
            |e| !e.is_empty(),
        )
        .await;
    assert!(errors.iter().any(|e| e.message.contains("Content Security Policy")), "{errors:?}");
    assert_eq!(page.js("return typeof window.__inline").await, "undefined", "the inline script ran");
    let color = page.js("return getComputedStyle(document.getElementById('p')).color").await;
    assert_ne!(color, "rgb(255, 0, 0)", "the inline style applied");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_page_ends_its_processes() {
    let page = Page::serving(&fixtures_dir()).await;
    page.open("").await;
    let driver_pid = page.driver_pid();
    let profile_dir = page.profile().dir().to_path_buf();
    // WebKit's automation session keeps no profile folder to find its processes by.
    if page.engine() != e2e::Engine::Webkit {
        assert!(!page.profile().processes().is_empty(), "no browser process found for the profile");
    }
    // Dropped without finish(), as a panicking test would.
    drop(page);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let alive = std::path::Path::new(&format!("/proc/{driver_pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{driver_pid}/stat")).unwrap_or_default().contains(") Z ");
    assert!(!alive, "the WebDriver server {driver_pid} still runs");
    assert!(!profile_dir.exists(), "the profile directory {} was not removed", profile_dir.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inserted_payload_is_seen_even_when_the_csp_stops_it() {
    // What url::a_hostile_hash_falls_back_and_runs_nothing relies on: under the CSP an
    // inline onerror never runs, so `window.__pwned` alone proves little; the element
    // count and the server's request for the payload's src are what catch an insertion.
    let page = Page::serving(&fixtures_dir()).await;
    page.navigate("/vulnerable.html#p=<img src=x onerror=window.__pwned=1>").await;
    page.wait_js("the payload's <img> in the DOM", "return document.querySelectorAll('img').length === 1")
        .await;
    page.wait_for(
        "the payload's src requested",
        async || page.server().requests(),
        |r| r.iter().any(|p| p == "/x"),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        page.js("return typeof window.__pwned").await,
        "undefined",
        "the CSP let an inline handler run"
    );
}
