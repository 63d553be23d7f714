//! The exported boundary in a real browser: the app starts on a document holding the
//! page's markup, and edits reach the values table.
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p playground --target wasm32-unknown-unknown`
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, Event, EventInit, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const PAGE: &str = include_str!("../../../www/index.html");

/// Puts the page's body markup into the test document, starts the app (once) and waits for
/// the start's second task, which fills the panels (`performance.mark("page-ready")`).
async fn page() -> Document {
    let doc = markup();
    let window = web_sys::window().expect("a browser test has a window");
    let performance = window.performance().expect("performance");
    for _ in 0..200 {
        if performance.get_entries_by_name("page-ready").length() > 0 {
            return doc;
        }
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
    }
    panic!("the page never marked page-ready");
}

/// The page's markup in the test document, the app started on it (once).
fn markup() -> Document {
    let doc = web_sys::window().and_then(|w| w.document()).expect("a browser test has a document");
    if doc.get_element_by_id("circuit").is_none() {
        let body = PAGE.split_once("<body>").and_then(|(_, rest)| rest.split_once("</body>")).map(|(b, _)| b);
        // Added beside the test runner's own output, which must stay. Static markup from
        // the repository, not user text.
        let holder = doc.create_element("div").expect("a div");
        holder.set_inner_html(body.expect("index.html has a body"));
        doc.body().expect("the test document has a body").append_child(&holder).expect("append");
        playground::boot().expect("the app starts on the page's markup");
    }
    doc
}

fn row(doc: &Document, name: &str) -> Element {
    doc.query_selector(&format!("#values tr[data-name=\"{name}\"]"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("a row for {name}"))
}

fn fire_input(target: &Element) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let ev = Event::new_with_event_init_dict("input", &init).expect("an input event");
    target.dispatch_event(&ev).expect("dispatch");
}

#[wasm_bindgen_test]
async fn starts_on_the_default_example() {
    let doc = page().await;
    let f = row(&doc, "f");
    assert_eq!(f.get_attribute("data-value").as_deref(), Some("-12"));
    assert_eq!(row(&doc, "x").get_attribute("data-grad").as_deref(), Some("-4"));
    assert_eq!(row(&doc, "z").get_attribute("data-grad").as_deref(), Some("3"));
    let label =
        doc.get_element_by_id("circuit").and_then(|c| c.get_attribute("aria-label")).unwrap_or_default();
    assert!(label.starts_with("Circuit: f = -12"), "{label}");
}

#[wasm_bindgen_test]
async fn editing_an_input_updates_the_table() {
    let doc = page().await;
    let input: HtmlInputElement = doc
        .query_selector("#values input[aria-label=\"z\"]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .expect("an input field for z");
    input.set_value("2");
    fire_input(&input);
    assert_eq!(row(&doc, "f").get_attribute("data-value").as_deref(), Some("6"));
    assert_eq!(row(&doc, "x").get_attribute("data-grad").as_deref(), Some("2"));
    input.set_value("-4");
    fire_input(&input);
    assert_eq!(row(&doc, "f").get_attribute("data-value").as_deref(), Some("-12"));
}

#[wasm_bindgen_test]
async fn a_broken_program_keeps_the_last_circuit_and_says_where() {
    let doc = page().await;
    let program: HtmlTextAreaElement =
        doc.get_element_by_id("program").and_then(|e| e.dyn_into().ok()).expect("the program textarea");
    let good = program.value();
    program.set_value("x = 2 +");
    fire_input(&program);
    let error = doc.get_element_by_id("error").expect("#error");
    assert!(error.text_content().unwrap_or_default().starts_with("1:"), "line:col first");
    assert!(
        doc.query_selector("#values tr[data-name=\"f\"]").ok().flatten().is_some(),
        "the last table stays"
    );
    program.set_value(&good);
    fire_input(&program);
    assert_eq!(error.text_content().unwrap_or_default(), "");
    assert_eq!(row(&doc, "f").get_attribute("data-value").as_deref(), Some("-12"));
}
