//! Offline, every piece: a student opens the page once, then on a train with no network
//! reloads it and opens the Quiz, the Code panel, the fork table, the learning preset, the
//! numerical check and the Lesson. The service worker (www/sw.js) caches each of them on
//! the first visit: every piece of the page's wasm (docs/pieces.md; the Lesson's among
//! them) with the chunks they share, and the Lesson's words and style, none of which the
//! first visit fetched.

use e2e::Page;

use crate::classroom::shown;
use crate::engine::wait_matches_engine;

/// The English pieces of the page's wasm and their chunks in `site` (`split_code.wasm`,
/// `chunk_3.wasm`, ...), which the first visit does not fetch.
fn pieces(site: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = crate::pieces::piece_files(site)
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n.matches('.').count() == 1)
        .collect();
    names.sort();
    assert!(names.len() >= 6, "{} has too few pieces: {names:?}", site.display());
    names
}

/// Waits until the service worker controls the page and its cache holds every file the
/// page loads later (the pieces, the Lesson's words and style), so going
/// offline is fair.
async fn wait_cached(page: &Page, pieces: &[String]) {
    page.wait_js(
        "a service worker to control the page",
        "return navigator.serviceWorker.controller !== null",
    )
    .await;
    let mut files = vec!["lesson/lesson.css", "lesson/en.txt"];
    files.extend(pieces.iter().map(String::as_str));
    let files = serde_json::to_string(&files).unwrap_or_default();
    page.js(&format!(
        "window.__cached = null;
         const files = {files};
         Promise.all(files.map((f) => caches.match(f, {{ ignoreSearch: true }})))
           .then((found) => {{ window.__cached = found.every(Boolean); }});
         return true;"
    ))
    .await;
    page.wait_js(
        "the service worker's cache to hold the Lesson and every piece",
        "return window.__cached === true",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_one_visit_every_panel_and_the_lesson_open_offline() {
    let site = e2e::dist_copy("e2e-dist-offline");
    let pieces = pieces(&site);
    let page = Page::serving(&site).await;
    page.open("").await;
    wait_matches_engine(&page, "the first visit").await;
    // The worker registers once the circuit is drawn and installs in the background (it
    // fetches every piece); a second load, once it is active, is the first it controls.
    page.js("window.__swReady = false; navigator.serviceWorker.ready.then(() => { window.__swReady = true; }); return 1;")
        .await;
    page.wait_js("the service worker to be installed and active", "return window.__swReady === true").await;
    page.navigate("/").await;
    page.wait_ready().await;
    wait_cached(&page, &pieces).await;
    if !page.engine().has_console_log() {
        // The suite's own error tally script (Firefox, WebKit) is no file of the page, so the
        // worker caches it only once a page it controls has loaded it.
        page.navigate("/").await;
        page.wait_ready().await;
        page.wait_js(
            "the error tally in the worker's cache",
            "caches.match('/__e2e-tally.js').then((r) => { window.__tallyCached = !!r; }); return window.__tallyCached === true",
        )
        .await;
    }

    page.server().go_offline();
    let served = page.server().requests().len();
    page.navigate("/#ex=max").await;
    page.wait_ready().await;
    wait_matches_engine(&page, "the max gate, offline").await;

    page.click_button("Quiz").await;
    page.wait_js(
        "the Quiz's question, offline",
        "return /df\\/d/.test(document.getElementById('quiz-prompt').textContent)",
    )
    .await;
    page.click_button("Quiz").await;

    page.click_button("Code").await;
    page.wait_js(
        "the Code panel's lines, offline",
        "return document.getElementById('code-lines').children.length > 0",
    )
    .await;
    assert!(shown(&page, "#code-panel").await);

    page.click_button("Use = instead of += at forks").await;
    page.wait_js(
        "the fork table's note, offline",
        "return !document.getElementById('fork-table').hidden
           && document.getElementById('fork-note').textContent.length > 0",
    )
    .await;

    page.wait_js(
        "the numerical check's rows, offline",
        "return document.querySelectorAll('#numeric-table tbody tr').length > 0",
    )
    .await;

    page.click_button("Download SVG").await;
    page.wait_js(
        "the SVG export, offline",
        "return document.getElementById('share-status').textContent.includes('circuit.svg')",
    )
    .await;

    page.choose_example("learn").await;
    page.wait_js(
        "the learning preset's trainer, offline",
        "return !document.getElementById('train-panel').hidden
           && /loss/.test(document.getElementById('train-status').textContent)",
    )
    .await;
    page.click_button("Step").await;
    page.wait_js(
        "a training step, offline",
        "return /step 1/.test(document.getElementById('train-status').textContent)",
    )
    .await;
    assert!(
        page.js("return document.querySelectorAll('.piece-failed').length === 0")
            .await
            .as_bool()
            .unwrap_or(false),
        "a panel said it could not load, offline"
    );

    page.click_button("Lesson").await;
    page.wait_js(
        "the Lesson's first step, offline",
        "const l = document.getElementById('lesson');
         return l && !l.hidden && /1/.test(document.getElementById('lesson-progress').textContent)",
    )
    .await;
    assert!(
        !page.element("#lesson-failed").await.is_displayed().await.unwrap_or(true),
        "the Lesson said it could not load, offline"
    );
    page.screenshot("offline-lesson").await;
    assert_eq!(page.server().requests().len(), served, "a request reached the server while offline");
    page.finish().await;
}
