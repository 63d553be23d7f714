//! A trap inside the wasm (forced through the test hook `__test_trap`, contract: Crash)
//! shows a visible alert with a Reload button, and the student's program survives the
//! reload through the URL hash.

use e2e::Page;
use serde_json::json;

/// What Chromium logs for the forced trap: an uncaught `RuntimeError: unreachable`.
const TRAP: &str = "RuntimeError: unreachable";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wasm_trap_shows_reload_and_the_program_survives() {
    let page = Page::new().await;
    page.open("").await;
    let program = "a = 3\nb = 4\nf = a * b + a";
    page.paste_program(program).await;
    page.wait_for("row f to read 15 after the edit", async || page.row("f").await.value(), |v| *v == 15.0)
        .await;
    page.wait_js_with(
        "the URL hash to hold the edited program (contract: URL hash)",
        "return new URLSearchParams(location.hash.slice(1)).get('p') === arguments[0]",
        vec![json!(program)],
    )
    .await;
    let crash = page.element("#crash").await;
    assert!(!crash.is_displayed().await.unwrap_or(true), "#crash is shown before anything went wrong");

    // Trapped from a timer, as from any event handler: the error is uncaught.
    page.js("import(new URL('playground.js', document.baseURI).href)
           .then(m => setTimeout(() => m.__test_trap()));")
        .await;
    page.wait_for(
        "#crash to be shown after the trap",
        async || crash.is_displayed().await.unwrap_or(false),
        |s| *s,
    )
    .await;
    assert_eq!(crash.attr("role").await.ok().flatten().as_deref(), Some("alert"), "#crash needs role=alert");
    let text = crash.text().await.unwrap_or_default();
    assert!(text.contains("went wrong"), "#crash says {text:?}");
    // Seen before the reload, so the log holds it whatever the driver keeps across loads.
    let errors = page.console_errors().await;
    assert!(errors.iter().any(|e| e.message.contains(TRAP)), "no {TRAP:?} in the console: {errors:?}");

    page.js("window.__before_reload = 1").await;
    page.click_button("Reload").await;
    page.wait_js("the Reload button to load the page again", "return window.__before_reload === undefined")
        .await;
    page.wait_ready().await;
    assert_eq!(page.program().await, program, "the reload lost the program");
    assert_eq!(page.row("f").await.value(), 15.0);
    assert!(!page.element("#crash").await.is_displayed().await.unwrap_or(true), "#crash survived the reload");
    page.finish_expecting_error(TRAP).await;
}
