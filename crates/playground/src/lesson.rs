//! The Lesson on the page, over [`lessons::lesson::Tutor`] (its plain-Rust state machine,
//! tested natively): its words fetched, its panel built and written, its buttons and answer
//! form, progress in `localStorage`. It changes the page only through the page's messages
//! ([`Msg::Lesson`] sets a step up or closes it) and reads the page from the app's state
//! (`Page::lesson_view`), never from the link.
//!
//! Everything here is reached only through [`call`], behind the Lesson's one split point
//! (`lesson_piece`): with the `split` feature it is a piece of the page's wasm, fetched the
//! first time the Lesson opens. Its words are data, `lesson/<code>.txt`, and its CSS
//! `lesson/lesson.css`, fetched when it first opens too.

use std::cell::RefCell;

use lessons::lesson::{SetUp, Tutor, Words};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, Response};

use crate::app::{with_app, App};
use crate::dom::{self, get, set_hidden, set_text};
use crate::msg::Msg;

/// What the page asks of the Lesson.
#[derive(Debug, Clone)]
pub enum Call {
    /// The link names a step (`lesson=N`): the Lesson opens at it as the page starts.
    Linked,
    /// An event on one of the Lesson's controls: the Lesson button, Back, Next, its form.
    Event(Event),
    /// The page wrote its link (something a step may check changed): the Lesson checks.
    Seen,
}

/// The `localStorage` key of the Lesson's progress (docs/page-contract.md).
const PROGRESS_KEY: &str = "lesson";

/// The Lesson: its words not asked for yet, on their way, or in (with whether it is open).
#[derive(Debug)]
enum Slot {
    Missing,
    Fetching,
    Ready(Tutor, bool),
}

thread_local! {
    static SLOT: RefCell<Slot> = const { RefCell::new(Slot::Missing) };
}

/// Runs `f` on the Lesson and whether it is open, if its words are in.
fn with<R>(f: impl FnOnce(&mut Tutor, &mut bool) -> R) -> Option<R> {
    SLOT.with(|s| match &mut *s.borrow_mut() {
        Slot::Ready(tutor, open) => Some(f(tutor, open)),
        _ => None,
    })
}

/// The Lesson's one entry (behind the `lesson` split point).
pub fn call(app: &mut App, call: Call) -> Result<(), JsValue> {
    let missing = SLOT.with(|s| matches!(*s.borrow(), Slot::Missing));
    match call {
        Call::Linked if missing => fetch_words(app),
        Call::Event(ev) => {
            let id = ev.target().map(|t| t.unchecked_into::<Element>().id()).unwrap_or_default();
            match (ev.type_().as_str(), id.as_str()) {
                ("click", "lesson-open") if missing => fetch_words(app),
                ("click", "lesson-open") => toggle(app),
                ("click", "lesson-back") => go(app, -1),
                ("click", "lesson-next") => go(app, 1),
                ("submit", "lesson-form") => {
                    ev.prevent_default();
                    let text = dom::value(&get(&app.doc, "lesson-answer")?);
                    with(|t, _| t.answer(&text));
                    seen(app)
                }
                _ => Ok(()),
            }
        }
        Call::Seen => seen(app),
        Call::Linked => Ok(()),
    }
}

/// Fetches the words in the page's language; the Lesson opens when they are in. If they
/// cannot be fetched, `#lesson-failed` says so (and the next press asks again).
fn fetch_words(app: &App) -> Result<(), JsValue> {
    let lang = app.doc.document_element().and_then(|e| e.get_attribute("lang")).unwrap_or_default();
    let code = if lang == "ko" || lang == "ja" { lang.as_str() } else { "en" };
    SLOT.with(|s| drop(s.replace(Slot::Fetching)));
    let failed = Closure::<dyn FnMut(JsValue)>::new(not_fetched);
    let got = Closure::<dyn FnMut(JsValue)>::new(|resp: JsValue| {
        let resp: Response = resp.unchecked_into();
        match resp.text().ok().filter(|_| resp.ok()) {
            Some(text) => {
                let read = Closure::<dyn FnMut(JsValue)>::new(|text: JsValue| {
                    with_app(&mut |app| opened(app, &text.as_string().unwrap_or_default()));
                });
                let failed = Closure::<dyn FnMut(JsValue)>::new(not_fetched);
                let _ = text.then2(&read, &failed);
                // One of them is called, once, when the text is read.
                read.forget();
                failed.forget();
            }
            None => not_fetched(JsValue::NULL),
        }
    });
    let _ = dom::window()?.fetch_with_str(&["lesson/", code, ".txt"].concat()).then2(&got, &failed);
    // One of them is called, once, when the fetch settles.
    got.forget();
    failed.forget();
    Ok(())
}

/// The words did not come (offline, not found): asked for again on the next press, and
/// `#lesson-failed` says so.
fn not_fetched(_: JsValue) {
    SLOT.with(|s| *s.borrow_mut() = Slot::Missing);
    with_app(&mut |app| app.lesson_failed(true));
}

/// The words are in: the Lesson opens at the link's step, or where it was left.
fn opened(app: &mut App, text: &str) -> Result<(), JsValue> {
    let words = match Words::parse(text) {
        Ok(words) => words,
        Err(e) => {
            SLOT.with(|s| *s.borrow_mut() = Slot::Missing);
            app.lesson_failed(true)?;
            return Err(e.into());
        }
    };
    build_panel(&app.doc)?;
    let kept = storage().and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten());
    let mut tutor = Tutor::new(words, kept.as_deref());
    let state = &app.page.state;
    let setup = tutor.open(state.lesson, &state.program, state.highlight.as_deref());
    SLOT.with(|s| *s.borrow_mut() = Slot::Ready(tutor, true));
    match setup {
        Some(setup) => set_up(app, setup),
        None => refresh(app),
    }?;
    seen(app)
}

/// The Lesson's panel, built once under the circuit's toolbar, and its CSS (neither is in
/// the page's first download): `<div id="lesson" role="region">` as docs/page-contract.md has it.
fn build_panel(doc: &Document) -> Result<(), JsValue> {
    if doc.get_element_by_id("lesson").is_some() {
        return Ok(());
    }
    let css = doc.create_element("link")?;
    css.set_attribute("rel", "stylesheet")?;
    css.set_attribute("href", "lesson/lesson.css")?;
    doc.query_selector("head")?.ok_or("no head")?.append_child(&css)?;
    let el = |tag: &str, id: &str, attrs: &[(&str, &str)]| -> Result<Element, JsValue> {
        let e = doc.create_element(tag)?;
        if !id.is_empty() {
            e.set_id(id);
        }
        for (k, v) in attrs {
            e.set_attribute(k, v)?;
        }
        Ok(e)
    };
    let region =
        el("div", "lesson", &[("role", "region"), ("aria-labelledby", "lesson-title"), ("hidden", "")])?;
    let step = el("div", "lesson-step", &[("aria-live", "polite")])?;
    let task = el("p", "lesson-task", &[])?;
    dom::add(&task, &el("strong", "lesson-task-label", &[])?)?;
    task.append_with_str_1(" ")?;
    dom::add(&task, &el("span", "lesson-task-text", &[])?)?;
    for child in [
        el("p", "lesson-progress", &[("class", "note")])?,
        el("h2", "lesson-title", &[])?,
        el("p", "lesson-text", &[])?,
        task,
    ] {
        dom::add(&step, &child)?;
    }
    let form = el("form", "lesson-form", &[("hidden", "")])?;
    dom::add(&form, &el("label", "lesson-answer-label", &[("for", "lesson-answer")])?)?;
    let answer = [("autocomplete", "off"), ("spellcheck", "false"), ("autocapitalize", "off")];
    dom::add(&form, &el("input", "lesson-answer", &answer)?)?;
    dom::add(&form, &el("button", "lesson-check", &[])?)?;
    let bar = el("div", "", &[("class", "bar")])?;
    dom::add(&bar, &el("button", "lesson-back", &[("type", "button")])?)?;
    dom::add(&bar, &el("button", "lesson-next", &[("type", "button")])?)?;
    for child in [step, form, el("p", "lesson-status", &[("role", "status")])?, bar] {
        dom::add(&region, &child)?;
    }
    // Under the circuit's toolbar and its σ note, above the canvas.
    let anchor = get(doc, "expand-check")?;
    anchor.parent_node().ok_or("no stage")?.insert_before(&region, anchor.next_sibling().as_ref())?;
    get(doc, "lesson-open")?.set_attribute("aria-controls", "lesson")
}

fn storage() -> Option<web_sys::Storage> {
    dom::window().ok()?.local_storage().ok()?
}

/// The Lesson button: closes the Lesson (the page keeps its circuit), or opens it again
/// where it was.
fn toggle(app: &mut App) -> Result<(), JsValue> {
    let state = &app.page.state;
    let setup = with(|t, open| {
        *open = !*open;
        open.then(|| t.open(None, &state.program, state.highlight.as_deref())).flatten()
    });
    match setup {
        Some(Some(setup)) => set_up(app, setup),
        Some(None) => {
            app.send(Msg::Lesson(None), None)?;
            refresh(app)
        }
        // Its words are on their way.
        None => Ok(()),
    }
}

fn go(app: &mut App, delta: i32) -> Result<(), JsValue> {
    match with(|t, _| t.go(delta)).flatten() {
        Some(setup) => set_up(app, setup),
        None => Ok(()),
    }
}

/// A step's set-up: the page's message, the answer field empty, the progress kept.
fn set_up(app: &mut App, setup: SetUp) -> Result<(), JsValue> {
    app.send(Msg::Lesson(Some(setup)), None)?;
    dom::set_value(&get(&app.doc, "lesson-answer")?, "");
    set_text(&get(&app.doc, "lesson-status")?, "");
    if let (Some(progress), Some(s)) = (with(|t, _| t.lesson().progress()), storage()) {
        let _ = s.set_item(PROGRESS_KEY, &progress);
    }
    refresh(app)
}

/// Checks the step on the page as it is and says the outcome.
fn seen(app: &mut App) -> Result<(), JsValue> {
    let values = app.page.model.input_values();
    let view = app.page.lesson_view(&values);
    let Some(reply) = with(|t, open| open.then(|| t.seen(&view))).flatten() else { return Ok(()) };
    if let Some(said) = &reply.said {
        set_text(&get(&app.doc, "lesson-status")?, said);
    }
    if let (Some(progress), Some(s)) = (&reply.progress, storage()) {
        let _ = s.set_item(PROGRESS_KEY, progress);
    }
    refresh(app)
}

/// The Lesson's panel as the Tutor has it, and the part of the page it points at.
fn refresh(app: &App) -> Result<(), JsValue> {
    let doc = &app.doc;
    let Some((view, open, words)) = with(|t, open| {
        let words = ["ui.task", "ui.answer", "ui.check", "ui.back", "ui.next"].map(|k| t.word(k).to_string());
        (t.view(), *open, words)
    }) else {
        return Ok(());
    };
    if let Some(body) = doc.body() {
        body.class_list().toggle_with_force("lesson", open)?;
    }
    dom::set_pressed(&get(doc, "lesson-open")?, open);
    set_hidden(&get(doc, "lesson")?, !open);
    for panel in lessons::lesson::Panel::ALL {
        let name = panel.name();
        let css = if name == "anim" { ".anim".to_string() } else { ["[data-panel=", name, "]"].concat() };
        if let Some(e) = doc.query_selector(&css)? {
            e.class_list().toggle_with_force("lesson-here", open && view.panel == name)?;
        }
    }
    let [task, answer, check, back, next] = words;
    for (id, text) in [
        ("lesson-progress", view.progress.as_str()),
        ("lesson-title", &view.title),
        ("lesson-text", &view.text),
        ("lesson-task-label", &task),
        ("lesson-task-text", &view.task),
        ("lesson-answer-label", &answer),
        ("lesson-check", &check),
        ("lesson-back", &back),
        ("lesson-next", &next),
    ] {
        set_text(&get(doc, id)?, text);
    }
    set_hidden(&get(doc, "lesson-form")?, !view.asks);
    get(doc, "lesson-back")?.toggle_attribute_with_force("disabled", !view.back)?;
    get(doc, "lesson-next")?.toggle_attribute_with_force("disabled", !view.next)?;
    Ok(())
}
