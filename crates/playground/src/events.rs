//! Wiring: the page's start, its listeners, and DOM events decoded into messages for the
//! page (`machine::Msg`); what a message changes is the page's to decide.
use autodiff::{math, Direction, NodeId};
use circuit::Point;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, Element, Event, EventTarget, HtmlAnchorElement, HtmlInputElement, KeyboardEvent,
    MediaQueryList, Url, WheelEvent,
};

use crate::app::{install, on, with_app, App};
use crate::dom;
use crate::keys::{Focus, Press};
use crate::msg::{Keyed, Msg};
use crate::state::h_index_of;
use autodiff::format::parse_number;
use lang::{fill, t};
use lessons::code::Style;

/// Starts the app on the current document (the page, or a test document holding its markup).
pub fn boot() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let hash = dom::window()?.location().hash()?;
    install(App::new(doc, &hash)?);
    wire()?;
    // The circuit first; the panels and the link in a task of their own, so the start is two
    // short tasks rather than one long one that holds up the first paint and the student's
    // first input (Lighthouse's Total Blocking Time).
    with_app(&mut |app| app.show_circuit());
    Ok(())
}

/// Listens on the document for the page's few event types and dispatches by the target's
/// id: one listener per event type keeps the wiring in one table (and the wasm small).
fn wire() -> Result<(), JsValue> {
    let doc = dom::document()?;
    for name in ["click", "input", "change", "keydown", "focusout", "submit"] {
        on(&doc, name, dispatch)?;
    }
    let window = dom::window()?;
    on(&window, "hashchange", |app, _| {
        let hash = dom::window()?.location().hash()?;
        app.send(Msg::HashChanged(hash), None)
    })?;
    // The canvas changes size with the window, the panels beside it and the scroll bar.
    // A ResizeObserver says so after the browser's own layout, so no draw has to force one
    // by reading the size. The draw waits for the next animation frame: a new width sets a
    // new height, and setting it inside the observer's own callback would change what it
    // observes while it delivers (browsers then report "ResizeObserver loop completed with
    // undelivered notifications" as an error on the page; Firefox did, in the browser suite).
    // Every callback the page hands the browser takes one JsValue (ignored where there is
    // nothing to read): one closure type, one set of wasm-bindgen shims.
    let resized = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {
        with_app(&mut |app| {
            app.view.measure_next = true;
            app.screen_width = dom::screen_width();
            crate::app::request_draw()
        })
    });
    let observer = web_sys::ResizeObserver::new(resized.as_ref().unchecked_ref())?;
    observer.observe(&dom::get(&doc, "circuit")?);
    // Both live as long as the page.
    resized.forget();
    std::mem::forget(observer);
    // The values table's rows in view (with a margin), which an edit writes first.
    let seen = Closure::<dyn FnMut(JsValue)>::new(|entries: JsValue| {
        with_app(&mut |app| app.els.values.seen(entries.unchecked_ref(), &app.doc))
    });
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin("600px 0px");
    let rows = web_sys::IntersectionObserver::new_with_options(seen.as_ref().unchecked_ref(), &init)?;
    seen.forget();
    with_app(&mut |app| {
        app.els.values.observer = Some(rows.clone());
        Ok(())
    });
    if let Some(mql) = window.match_media("(prefers-color-scheme: dark)")? {
        with_app(&mut |app| {
            app.view.dark = mql.matches();
            Ok(())
        });
        on(&mql, "change", |app, ev| {
            app.view.dark = ev.target().is_some_and(|m| m.unchecked_into::<MediaQueryList>().matches());
            app.draw()
        })?;
    }
    let canvas: EventTarget = dom::get(&doc, "circuit")?.into();
    for name in ["pointerdown", "pointermove", "pointerup", "pointercancel"] {
        on(&canvas, name, |app, ev| crate::pointer::pointer(app, ev.unchecked_ref()))?;
    }
    // A wheel listener on an element (not the window, document or body) is not passive by
    // default, so preventDefault keeps the page from scrolling while the circuit zooms.
    on(&canvas, "wheel", |app, ev| {
        ev.prevent_default();
        let ev: &WheelEvent = ev.unchecked_ref();
        let p = Point::new(f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        let dy = ev.delta_y() * if ev.delta_mode() == 1 { 16.0 } else { 1.0 };
        app.view.zoom(math::exp(-dy * 0.0015), p);
        app.draw()
    })?;
    Ok(())
}

/// Every click, input, change, keydown and focusout on the page.
fn dispatch(app: &mut App, ev: Event) -> Result<(), JsValue> {
    let Some(target) = ev.target().map(JsCast::unchecked_into::<Element>) else { return Ok(()) };
    let kind = ev.type_();
    if kind == "keydown" {
        return key(app, ev.unchecked_ref(), &target);
    }
    let id = target.id();
    let msg = match (kind.as_str(), id.as_str()) {
        ("change", "example") => Msg::Example(dom::value(&app.els.example)),
        ("input", "program") => {
            let text = dom::value(&app.els.program);
            return app.send(Msg::Program(text), Some(ev.time_stamp()));
        }
        ("input", "") => {
            // An input field of the values table.
            let Some(name) = target.get_attribute("data-input") else { return Ok(()) };
            match parse_number(&target.unchecked_ref::<HtmlInputElement>().value()) {
                Some(v) => return app.send(Msg::Input(name, v), Some(ev.time_stamp())),
                None => return Ok(()),
            }
        }
        ("focusout", _) if target.has_attribute("data-input") => {
            // The field shows the input's value again, whatever was left typed in it.
            app.els.values.forget(&target.get_attribute("data-input").unwrap_or_default());
            return app.refresh_values();
        }
        ("change", "h") => Msg::H(h_index_of(parse_number(&dom::value(&app.els.h)))),
        ("input", "timeline") => Msg::Seek(parse_number(&app.els.timeline.value()).unwrap_or(0.0)),
        ("input", "speed") => Msg::Speed(parse_number(&app.els.speed.value()).unwrap_or(1.0)),
        ("click", "expand") => Msg::Expand,
        ("click", "down") => Msg::GradientStep(app.els.eta.value(), Direction::Descend),
        ("click", "up") => Msg::GradientStep(app.els.eta.value(), Direction::Ascend),
        ("click", "play") => Msg::Play,
        ("click", "step-back") => Msg::Step(-1),
        ("click", "step-forward") => Msg::Step(1),
        ("click", "restart") => Msg::Restart,
        ("click", "undo") => Msg::Undo,
        ("click", "redo") => Msg::Redo,
        _ => return view_event(app, &ev, &kind, &id, &target),
    };
    app.send(msg, None)
}

/// The events that change only the view, the lessons' panels or the files: zoom, export,
/// the link, the quiz, the code, the fork table and the trainer.
fn view_event(app: &mut App, ev: &Event, kind: &str, id: &str, target: &Element) -> Result<(), JsValue> {
    match (kind, id) {
        ("click", "zoom-in") => zoom(app, 1.25),
        ("click", "zoom-out") => zoom(app, 0.8),
        ("click", "fit") => {
            app.view.fit_next = true;
            app.draw()
        }
        ("click", "copy") => copy_link(app),
        ("submit", "quiz-form") => {
            ev.prevent_default();
            app.quiz_answer()
        }
        ("click", "quiz") => app.send(Msg::Quiz, None),
        ("click", "code") => app.send(Msg::Code, None),
        ("click", "assign") => app.send(Msg::Fork, None),
        ("click", "train") => app.send(Msg::Train, None),
        ("click", "train-step") => app.train_step(),
        ("click", "train-reset") => app.reset_training(),
        ("change", "train-point") => app.open_point(),
        ("change", "code-style") => {
            let style =
                if dom::value(&app.els.code_style) == "layers" { Style::Layers } else { Style::Staged };
            app.send(Msg::CodeStyle(style), None)
        }
        ("click", "") if target.has_attribute("data-line") => app.code_line_chosen(target),
        ("click", "reveal") => app.quiz_reveal(),
        ("click", "lesson-open" | "lesson-back" | "lesson-next") | ("submit", "lesson-form") => {
            app.lesson_event(ev.clone())
        }
        ("click", "svg") => crate::split::open(app, crate::split::Open::Svg),
        ("click", "png") => {
            // The blob, or null if the canvas could not be encoded.
            let cb = Closure::once_into_js(move |blob: JsValue| {
                if !blob.is_null() {
                    let _ = download_blob(blob.unchecked_ref(), "circuit.png");
                }
            });
            app.els.canvas.to_blob(cb.unchecked_ref())?;
            app.status(t!("Downloaded circuit.png."));
            Ok(())
        }
        _ => Ok(()),
    }
}

fn zoom(app: &mut App, factor: f64) -> Result<(), JsValue> {
    app.view.zoom_centre(factor);
    app.draw()
}

/// What kind of element `target` is, for the keyboard policy (`keys`).
fn focus_of(target: &Element) -> Focus {
    match target.tag_name().as_str() {
        "INPUT" | "TEXTAREA" | "SELECT" => Focus::Field,
        "BUTTON" | "A" | "SUMMARY" => Focus::Button,
        _ if target.id() == "circuit" => Focus::Canvas,
        _ if target.class_list().contains("scroll") => Focus::Scroll,
        _ if target.has_attribute("data-line") => Focus::CodeLine,
        _ if target.closest("[contenteditable]").ok().flatten().is_some() => Focus::Field,
        _ => Focus::Other,
    }
}

/// A key down, decoded for the page; a key the page uses has its default prevented.
fn key(app: &mut App, ev: &KeyboardEvent, target: &Element) -> Result<(), JsValue> {
    let press = Press {
        key: ev.key(),
        ctrl: ev.ctrl_key() || ev.meta_key(),
        alt: ev.alt_key(),
        shift: ev.shift_key(),
        focus: focus_of(target),
    };
    let fx = app.page.update(Msg::Key(press), js_sys::Date::now());
    if !matches!(fx.key, Keyed::Not) {
        ev.prevent_default();
    }
    let code_line = matches!(fx.key, Keyed::CodeLine);
    app.apply(fx, None)?;
    if code_line {
        app.code_line_chosen(target)?;
    }
    Ok(())
}

fn copy_link(app: &mut App) -> Result<(), JsValue> {
    let window = dom::window()?;
    let url = window.location().href()?;
    let navigator = window.navigator();
    let has_clipboard =
        js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| !c.is_undefined());
    if !has_clipboard {
        app.status(&fill(t!("Copy this link: {0}"), &[&url]));
        return Ok(());
    }
    let done = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {
        with_app(&mut |app| {
            app.status(t!("Link copied to the clipboard."));
            Ok(())
        })
    });
    let failed = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
        with_app(&mut |app| {
            app.status(&fill(t!("Could not copy; the link is: {0}"), &[&url]));
            Ok(())
        })
    });
    let promise = navigator.clipboard().write_text(&window.location().href()?);
    let _ = promise.then2(&done, &failed);
    // One pair of small callbacks per click, kept until the promise settles.
    done.forget();
    failed.forget();
    Ok(())
}

impl App {
    /// The SVG export's piece (circuit::to_svg): downloads the whole circuit, not just what
    /// the canvas shows, as circuit.svg.
    pub fn export_svg(&mut self) -> Result<(), JsValue> {
        let frame = self.page.frame(crate::anim::reduced_motion());
        let selected = self.page.state.selected.map(NodeId);
        let scene = circuit::scene(&self.page.model.graph, &self.view.layout, &frame, selected);
        let svg = circuit::to_svg(&scene, &self.view.palette());
        download_text(&svg, "image/svg+xml", "circuit.svg")?;
        self.status(t!("Downloaded circuit.svg."));
        Ok(())
    }
}

fn download_text(text: &str, mime: &str, filename: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &bag)?;
    download_blob(&blob, filename)
}

fn download_blob(blob: &Blob, filename: &str) -> Result<(), JsValue> {
    let doc = dom::document()?;
    let url = Url::create_object_url_with_blob(blob)?;
    let a: HtmlAnchorElement = doc.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    // Clicked without being put in the document: in it, the anchor's click would bubble to
    // the document's click listener while that listener is still running (this is called
    // from it), and a wasm-bindgen closure refuses to be entered twice (a console error).
    a.click();
    let revoke = Closure::once_into_js(move |_: JsValue| {
        let _ = Url::revoke_object_url(&url);
    });
    dom::window()?.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 2000)?;
    Ok(())
}
