//! Classroom links (issue 5): a locked program, hidden panels and the embed view, and the
//! settings stay in the link while the student works.

use e2e::Page;
use serde_json::json;

use crate::engine::wait_matches_engine;

/// Whether the element matching `css` is rendered (not `display: none`, itself or above).
pub async fn shown(page: &Page, css: &str) -> bool {
    let v = page
        .js_with(
            "const e = document.querySelector(arguments[0]);
             if (!e) return null;
             return e.getClientRects().length > 0;",
            vec![json!(css)],
        )
        .await;
    v.as_bool().unwrap_or_else(|| panic!("no element {css} on the page"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_locks_the_program_and_hides_panels() {
    let page = Page::new().await;
    page.open("#ex=max&lock=1&hide=numeric,step").await;
    wait_matches_engine(&page, "locked max example").await;
    let locked = page
        .js("return [document.getElementById('program').readOnly, document.getElementById('example').disabled]")
        .await;
    assert_eq!(locked, json!([true, true]), "the program editor and the example menu are locked");
    assert!(!shown(&page, "#numeric").await, "hide=numeric hides the numerical check");
    assert!(!shown(&page, "[data-panel=step]").await, "hide=step hides the gradient step");
    for panel in ["program", "values", "gate", "share"] {
        assert!(shown(&page, &format!("[data-panel={panel}]")).await, "{panel} is not hidden");
    }
    // Typing into the locked editor changes nothing; input values still can be edited.
    let program = page.program().await;
    page.element("#program").await.send_keys("\nnope = 1").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.program().await, program, "the locked program took keystrokes");
    page.set_input("x", "4").await;
    // The settings stay in the link the page writes after the edit.
    let hash = page.wait_hash_with("x:4").await;
    for flag in ["lock=1", "hide=numeric,step"] {
        assert!(hash.contains(flag), "{flag} dropped from the link after an edit: {hash}");
    }
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embed_view_shows_the_circuit_and_its_controls_only() {
    let page = Page::new().await;
    page.open("#ex=fxyz&embed=1").await;
    wait_matches_engine(&page, "embedded").await;
    for css in ["#circuit", "#play", "#timeline", "#narration", "#example"] {
        assert!(shown(&page, css).await, "{css} is missing from the embed view");
    }
    for css in ["header .lang", "header .lede", "footer", ".panels", "#values"] {
        assert!(!shown(&page, css).await, "{css} shows in the embed view");
    }
    // The page's h1 stays for a screen reader (it names the page), out of sight.
    let h1 = page
        .js("const r = document.querySelector('h1').getBoundingClientRect();
             return [document.querySelector('h1').textContent, r.width * r.height];")
        .await;
    assert_eq!(
        h1,
        json!(["Backprop Playground", 1]),
        "the embed view's h1: its text, and 1 px of it on screen"
    );
    // Small enough for an iframe in a slide: nothing wider than the window.
    let fits = page.js("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, json!(true));
    page.screenshot("embed").await;
    page.finish().await;
}
