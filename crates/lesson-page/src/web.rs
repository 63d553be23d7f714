//! The Lesson on the page: its words fetched, its panel written, its buttons and answer
//! form, the page read from its link after each write, progress in `localStorage`.

use std::cell::RefCell;

use lessons::lesson::{closed_link, PageView, SetUp, Tutor, Words, H_START};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlInputElement, Response};

/// The `localStorage` key of the Lesson's progress (docs/page-contract.md).
const PROGRESS_KEY: &str = "lesson";

/// The parts of the page a step can point at (`lessons::lesson::Panel::name`).
const PANELS: [&str; 4] = ["values", "gate", "numeric", "anim"];

thread_local! {
    /// The Lesson once its words are in, and whether it is open.
    static TUTOR: RefCell<Option<(Tutor, bool)>> = const { RefCell::new(None) };
}

fn window() -> Result<web_sys::Window, JsValue> {
    web_sys::window().ok_or_else(|| "no window".into())
}

fn document() -> Result<Document, JsValue> {
    window()?.document().ok_or_else(|| "no document".into())
}

fn get(id: &str) -> Result<Element, JsValue> {
    document()?.get_element_by_id(id).ok_or_else(|| JsValue::from_str(&["#", id, " is missing"].concat()))
}

fn set_text(id: &str, text: &str) -> Result<(), JsValue> {
    let e = get(id)?;
    if e.text_content().as_deref() != Some(text) {
        e.set_text_content(Some(text));
    }
    Ok(())
}

/// Runs when the module loads: fetches the words in the page's language, then opens.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    let code = document()?.document_element().and_then(|e| e.get_attribute("lang")).unwrap_or_default();
    let code = if code == "ko" || code == "ja" { code } else { "en".to_string() };
    let got = Closure::<dyn FnMut(JsValue)>::new(|resp: JsValue| {
        let resp: Response = resp.unchecked_into();
        let Ok(text) = resp.text() else { return };
        if !resp.ok() {
            return;
        }
        let read = Closure::<dyn FnMut(JsValue)>::new(|text: JsValue| {
            if let Err(e) = opened(&text.as_string().unwrap_or_default()) {
                web_sys::console::error_1(&e);
            }
        });
        let _ = text.then(&read);
        read.forget();
    });
    let _ = window()?.fetch_with_str(&["lesson/", &code, ".txt"].concat()).then(&got);
    got.forget();
    Ok(())
}

/// The Lesson's panel, built once under the circuit's toolbar, and its CSS (neither is in
/// the page's first download): `<div id="lesson" role="region">` as docs/page-contract.md has it.
fn build_panel() -> Result<(), JsValue> {
    let doc = document()?;
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
    let child = el("strong", "lesson-task-label", &[])?;
    task.append_child(&child)?;
    task.append_child(&doc.create_text_node(" "))?;
    let child = el("span", "lesson-task-text", &[])?;
    task.append_child(&child)?;
    for child in [
        el("p", "lesson-progress", &[("class", "note")])?,
        el("h2", "lesson-title", &[])?,
        el("p", "lesson-text", &[])?,
        task,
    ] {
        step.append_child(&child)?;
    }
    let form = el("form", "lesson-form", &[("hidden", "")])?;
    let child = el("label", "lesson-answer-label", &[("for", "lesson-answer")])?;
    form.append_child(&child)?;
    let answer = [("autocomplete", "off"), ("spellcheck", "false"), ("autocapitalize", "off")];
    let child = el("input", "lesson-answer", &answer)?;
    form.append_child(&child)?;
    let child = el("button", "lesson-check", &[])?;
    form.append_child(&child)?;
    let bar = el("div", "", &[("class", "bar")])?;
    let child = el("button", "lesson-back", &[("type", "button")])?;
    bar.append_child(&child)?;
    let child = el("button", "lesson-next", &[("type", "button")])?;
    bar.append_child(&child)?;
    for child in [step, form, el("p", "lesson-status", &[("role", "status")])?, bar] {
        region.append_child(&child)?;
    }
    // Under the circuit's toolbar and its σ note, above the canvas.
    let anchor = get("expand-check")?;
    anchor.parent_node().ok_or("no stage")?.insert_before(&region, anchor.next_sibling().as_ref())?;
    get("lesson-open")?.set_attribute("aria-controls", "lesson")
}

/// The words are in: the Lesson opens (at the link's step, or where it was left).
fn opened(text: &str) -> Result<(), JsValue> {
    let words = Words::parse(text).map_err(|e| JsValue::from_str(&e))?;
    build_panel()?;
    let kept = storage().and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten());
    let mut tutor = Tutor::new(words, kept.as_deref());
    let hash = window()?.location().hash()?;
    // The link's program, not the editor's: a link that names only a step (`#lesson=5`)
    // has none, and gets the step's set-up.
    let program = field(&hash, "p").map(decode).unwrap_or_default();
    let setup = tutor.open(linked_step(&hash), &program);
    TUTOR.with(|t| *t.borrow_mut() = Some((tutor, true)));
    listen()?;
    match setup {
        Some(setup) => apply(setup)?,
        None => refresh()?,
    }
    seen()
}

/// `lesson=N` in a link: step N - 1.
fn linked_step(hash: &str) -> Option<usize> {
    let n: usize = field(hash, "lesson")?.parse().ok()?;
    n.checked_sub(1)
}

/// The raw value of `key=` in a link's hash.
fn field<'a>(hash: &'a str, key: &str) -> Option<&'a str> {
    hash.trim_start_matches('#').split('&').find_map(|part| part.strip_prefix(key)?.strip_prefix('='))
}

/// Undoes the link's percent-encoding, as the page does (`decodeURIComponent`).
fn decode(s: &str) -> String {
    js_sys::decode_uri_component(s).map(String::from).unwrap_or_default()
}

fn page_program() -> Result<String, JsValue> {
    Ok(get("program")?.unchecked_into::<HtmlInputElement>().value())
}

fn storage() -> Option<web_sys::Storage> {
    window().ok()?.local_storage().ok()?
}

fn listen() -> Result<(), JsValue> {
    let doc = document()?;
    for name in ["click", "submit", "change", "linkwritten"] {
        let cb = Closure::<dyn FnMut(JsValue)>::new(|ev: JsValue| {
            if let Err(e) = on_event(ev.unchecked_ref()) {
                web_sys::console::error_1(&e);
            }
        });
        doc.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref())?;
        // For the page's lifetime.
        cb.forget();
    }
    Ok(())
}

fn on_event(ev: &Event) -> Result<(), JsValue> {
    let id = ev.target().and_then(|t| t.dyn_into::<Element>().ok()).map(|e| e.id()).unwrap_or_default();
    match (ev.type_().as_str(), id.as_str()) {
        ("linkwritten", _) | ("change", "h") => seen(),
        ("click", "lesson-open") => toggle(),
        ("click", "lesson-back") => go(-1),
        ("click", "lesson-next") => go(1),
        ("submit", "lesson-form") => {
            ev.prevent_default();
            let text = get("lesson-answer")?.unchecked_into::<HtmlInputElement>().value();
            with(|t, _| t.answer(&text));
            seen()
        }
        _ => Ok(()),
    }
}

/// Runs `f` on the Lesson, if its words are in.
fn with<R>(f: impl FnOnce(&mut Tutor, &mut bool) -> R) -> Option<R> {
    TUTOR.with(|t| t.borrow_mut().as_mut().map(|(tutor, open)| f(tutor, open)))
}

/// The Lesson button: closes the Lesson (the page keeps its circuit), or opens it again.
fn toggle() -> Result<(), JsValue> {
    let location = window()?.location();
    let hash = location.hash()?;
    let program = page_program()?;
    let setup = with(|t, open| {
        *open = !*open;
        if *open {
            t.open(None, &program)
        } else {
            None
        }
    })
    .flatten();
    match setup {
        Some(setup) => apply(setup),
        None => {
            location.set_hash(&closed_link(&hash))?;
            refresh()
        }
    }
}

fn go(delta: i32) -> Result<(), JsValue> {
    match with(|t, _| t.go(delta)).flatten() {
        Some(setup) => apply(setup),
        None => Ok(()),
    }
}

/// A step's set-up: its link opened (the page does the rest), h back to its start, the
/// answer field empty, the progress kept.
fn apply(setup: SetUp) -> Result<(), JsValue> {
    let location = window()?.location();
    let encode = |s: &str| String::from(js_sys::encode_uri_component(s));
    location.set_hash(&setup.link(&location.hash()?, &encode))?;
    let h = get("h")?.unchecked_into::<HtmlInputElement>();
    let start = h_choice(H_START);
    if h.value() != start {
        h.set_value(&start);
        // The page listens on the document: the change must bubble there.
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        h.dispatch_event(&Event::new_with_event_init_dict("change", &init)?)?;
    }
    get("lesson-answer")?.unchecked_into::<HtmlInputElement>().set_value("");
    set_text("lesson-status", "")?;
    if let (Some(progress), Some(s)) = (with(|t, _| t.lesson().progress()), storage()) {
        let _ = s.set_item(PROGRESS_KEY, &progress);
    }
    refresh()
}

/// The h menu's text for an h of its choices (`1e-5`).
fn h_choice(h: f64) -> String {
    let mut k = 0;
    let mut v = 1.0;
    while v > h * 1.5 {
        v /= 10.0;
        k += 1;
    }
    ["1e-", &k.to_string()].concat()
}

/// A number as the page writes it, read as the page reads it (`inf` is infinity, where
/// `parseFloat` gave NaN); NaN for anything else.
fn read_number(text: &str) -> f64 {
    autodiff::format::parse_number(text).unwrap_or(f64::NAN)
}

/// Reads the page from its link and controls, checks the step, says the outcome.
fn seen() -> Result<(), JsValue> {
    let hash = window()?.location().hash()?;
    let program = field(&hash, "p").map(decode).unwrap_or_default();
    let mut values = Vec::new();
    for pair in field(&hash, "v").unwrap_or_default().split(',') {
        if let Some((name, v)) = pair.split_once(':') {
            values.push((decode(name), read_number(&decode(v))));
        }
    }
    let number = |s: Option<&str>| s.and_then(|s| s.parse::<u32>().ok());
    let h = read_number(&get("h")?.unchecked_into::<HtmlInputElement>().value());
    let end = get("timeline")?.get_attribute("max").and_then(|m| m.parse::<usize>().ok()).unwrap_or(0);
    let view = PageView {
        program: &program,
        values: &values,
        expanded: field(&hash, "e") == Some("1"),
        h,
        selected: number(field(&hash, "sel")),
        position: number(field(&hash, "t")).map(|t| t as usize),
        end,
    };
    let Some(reply) = with(|t, open| open.then(|| t.seen(&view))).flatten() else { return Ok(()) };
    if let Some(said) = &reply.said {
        set_text("lesson-status", said)?;
    }
    if let (Some(progress), Some(s)) = (&reply.progress, storage()) {
        let _ = s.set_item(PROGRESS_KEY, progress);
    }
    refresh()
}

/// The Lesson's panel as the Tutor has it, and the part of the page it points at.
fn refresh() -> Result<(), JsValue> {
    let doc = document()?;
    let Some((view, open, words)) = with(|t, open| {
        let words = [
            t.word("ui.task"),
            t.word("ui.answer"),
            t.word("ui.check"),
            t.word("ui.back"),
            t.word("ui.next"),
        ]
        .map(str::to_string);
        (t.view(), *open, words)
    }) else {
        return Ok(());
    };
    if let Some(body) = doc.body() {
        body.class_list().toggle_with_force("lesson", open)?;
    }
    get("lesson-open")?.set_attribute("aria-pressed", if open { "true" } else { "false" })?;
    get("lesson")?.toggle_attribute_with_force("hidden", !open)?;
    for name in PANELS {
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
        set_text(id, text)?;
    }
    get("lesson-form")?.toggle_attribute_with_force("hidden", !view.asks)?;
    get("lesson-back")?.toggle_attribute_with_force("disabled", !view.back)?;
    get("lesson-next")?.toggle_attribute_with_force("disabled", !view.next)?;
    Ok(())
}
