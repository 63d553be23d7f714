//! Wiring: events are read here and turned into calls on the app.
use autodiff::format::significant;
use autodiff::{math, Direction, NodeId};
use circuit::Point;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, Element, Event, EventTarget, HtmlAnchorElement, HtmlInputElement, KeyboardEvent,
    MediaQueryList, PointerEvent, Url, WheelEvent,
};

use crate::app::{key_belongs_to, on, with_app, App};
use crate::dom;
use crate::state::{parse_number, H_CHOICES};
use lang::{fill, t};

/// What a pointer drag on the canvas is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum Drag {
    /// Scrubbing an input's value: its name, where the drag started and the value then.
    Scrub { name: String, x0: f64, v0: f64 },
    /// Panning (and, on release without movement, a click that selects).
    Pan { last: Point, moved: f64, start: Point },
    /// Two fingers: zoom by the change of their distance.
    Pinch { dist: f64 },
}

/// Listens on the document for the page's few event types and dispatches by the target's
/// id: one listener per event type keeps the wiring in one table (and the wasm small).
pub fn wire() -> Result<(), JsValue> {
    let doc = dom::document()?;
    for name in ["click", "input", "change", "keydown", "focusout", "submit"] {
        on(&doc, name, dispatch)?;
    }
    let window = dom::window()?;
    on(&window, "hashchange", |app, _| app.on_hash_change())?;
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
            crate::anim::request_frame()
        })
    });
    let observer = web_sys::ResizeObserver::new(resized.as_ref().unchecked_ref())?;
    observer.observe(&dom::get(&doc, "circuit")?);
    // Both live as long as the page.
    resized.forget();
    std::mem::forget(observer);
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
        on(&canvas, name, |app, ev| pointer(app, ev.unchecked_ref()))?;
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
    match (kind.as_str(), id.as_str()) {
        ("change", "example") => {
            let id = dom::value(&app.els.example);
            app.choose_example(&id)
        }
        ("input", "program") => {
            let text = dom::value(&app.els.program);
            app.edit_program(text, Some(ev.time_stamp()))
        }
        ("input", "") => {
            // An input field of the values table.
            let Some(name) = target.get_attribute("data-input") else { return Ok(()) };
            match parse_number(&target.unchecked_ref::<HtmlInputElement>().value()) {
                Some(v) => app.set_input(&name, v, Some(ev.time_stamp())),
                None => Ok(()),
            }
        }
        ("focusout", _) if target.has_attribute("data-input") => {
            // The field shows the input's value again, whatever was left typed in it.
            app.els.values.forget(&target.get_attribute("data-input").unwrap_or_default());
            app.refresh_values()
        }
        ("change", "h") => {
            let h = parse_number(&dom::value(&app.els.h)).unwrap_or(1e-5);
            let index = H_CHOICES.iter().position(|&c| c == h).unwrap_or(4);
            app.set_h(index)
        }
        ("input", "timeline") => {
            let t = parse_number(&app.els.timeline.value()).unwrap_or(0.0);
            app.seek(t)
        }
        ("input", "speed") => {
            app.anim_speed = parse_number(&app.els.speed.value()).unwrap_or(1.0);
            Ok(())
        }
        ("click", "expand") => app.toggle_expanded(),
        ("click", "down") => app.gradient_step(Direction::Descend),
        ("click", "up") => app.gradient_step(Direction::Ascend),
        ("click", "play") => app.toggle_play(),
        ("click", "step-back") => app.step(-1),
        ("click", "step-forward") => app.step(1),
        ("click", "restart") => app.restart(),
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
        ("click", "quiz") => app.toggle_quiz(),
        ("click", "code") => app.toggle_code(),
        ("click", "assign") => app.toggle_assign(),
        ("click", "train") => app.toggle_training(),
        ("click", "train-step") => app.train_step(),
        ("click", "train-reset") => app.reset_training(),
        ("change", "train-point") => app.open_point(),
        ("change", "code-style") => {
            let style = dom::value(&app.els.code_style);
            app.set_code_style(&style)
        }
        ("click", "") if target.has_attribute("data-line") => app.code_line_chosen(&target),
        ("click", "reveal") => app.quiz_reveal(),
        ("click", "undo") => app.undo(false),
        ("click", "redo") => app.undo(true),
        ("click", "svg") => {
            // The whole circuit, not just what the canvas shows.
            let frame = app.frame();
            let scene =
                circuit::scene(&app.model.graph, &app.view.layout, &frame, app.state.selected.map(NodeId));
            let svg = circuit::to_svg(&scene, &app.view.palette());
            download_text(&svg, "image/svg+xml", "circuit.svg")?;
            app.status(t!("Downloaded circuit.svg."));
            Ok(())
        }
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

/// Keys: the animation keys are the same everywhere outside fields that use the key
/// (Space plays, Left/Right step, Home restarts), the canvas included; on the canvas,
/// Up/Down walk the gates, Enter selects, Escape clears the selection and +/- zoom.
fn key(app: &mut App, ev: &KeyboardEvent, target: &Element) -> Result<(), JsValue> {
    let key = ev.key();
    if ev.ctrl_key() || ev.meta_key() {
        // Ctrl+Z / Ctrl+Shift+Z (Cmd on a Mac), Ctrl+Y: the page's undo, except in a text
        // field, which has its own.
        let lower = key.to_ascii_lowercase();
        if !ev.alt_key() && (lower == "z" || lower == "y") && !key_belongs_to(target, &key) {
            ev.prevent_default();
            return app.undo(lower == "y" || ev.shift_key());
        }
        return Ok(());
    }
    if ev.alt_key() {
        return Ok(());
    }
    let on_canvas = target.id() == "circuit";
    let handled = match key.as_str() {
        "ArrowDown" if on_canvas => app.move_selection(1).map(|_| true),
        "ArrowUp" if on_canvas => app.move_selection(-1).map(|_| true),
        "Enter" if on_canvas => match app.state.selected.map(NodeId) {
            Some(id) => app.select(Some(id)),
            None => app.move_selection(1),
        }
        .map(|_| true),
        "Escape" if on_canvas => app.select(None).map(|_| true),
        "Enter" if target.has_attribute("data-line") => app.code_line_chosen(target).map(|_| true),
        "+" | "=" if on_canvas => zoom(app, 1.25).map(|_| true),
        "-" if on_canvas => zoom(app, 0.8).map(|_| true),
        _ if !on_canvas && key_belongs_to(target, &key) => Ok(false),
        // The animation would show the quiz's answers.
        _ if app.quiz.is_some() => Ok(false),
        " " => app.toggle_play().map(|_| true),
        "ArrowLeft" => app.step(-1).map(|_| true),
        "ArrowRight" => app.step(1).map(|_| true),
        "Home" => app.restart().map(|_| true),
        _ => Ok(false),
    }?;
    if handled {
        ev.prevent_default();
    }
    Ok(())
}

/// Pointer events on the canvas: scrub an input's value, pan, pinch-zoom, or click a gate.
fn pointer(app: &mut App, ev: &PointerEvent) -> Result<(), JsValue> {
    let p = local(ev);
    let id = ev.pointer_id();
    match ev.type_().as_str() {
        "pointerdown" => {
            app.pointers.retain(|(i, _)| *i != id);
            app.pointers.push((id, p));
            let drag = if app.pointers.len() >= 2 {
                Drag::Pinch { dist: pinch_distance(&app.pointers) }
            } else if let Some(node) = app.view.input_label_at(&app.model.graph, p) {
                let name = app.model.graph.name(node).unwrap_or_default().to_string();
                Drag::Scrub { name, x0: p.x, v0: app.model.graph.value(node) }
            } else {
                Drag::Pan { last: p, moved: 0.0, start: p }
            };
            app.drag = Some(drag);
            let _ = app.els.canvas.set_pointer_capture(id);
            Ok(())
        }
        "pointermove" => {
            for slot in &mut app.pointers {
                if slot.0 == id {
                    slot.1 = p;
                }
            }
            let drag = app.drag.clone();
            pointer_move(app, drag, p, ev)
        }
        _ => {
            app.pointers.retain(|(i, _)| *i != id);
            let drag = app.drag.take();
            app.els.canvas.class_list().toggle_with_force("dragging", false)?;
            if let (Some(Drag::Pan { moved, .. }), "pointerup") = (drag, ev.type_().as_str()) {
                if moved <= 4.0 {
                    let hit = app.view.node_at(p).filter(|&n| app.model.gate_panel(n).is_some());
                    app.select(hit)?;
                }
            }
            Ok(())
        }
    }
}

fn pointer_move(app: &mut App, drag: Option<Drag>, p: Point, ev: &PointerEvent) -> Result<(), JsValue> {
    match drag {
        None => {
            let over = app.view.input_label_at(&app.model.graph, p).is_some();
            app.els.canvas.class_list().toggle_with_force("scrub", over)?;
            Ok(())
        }
        Some(Drag::Scrub { name, x0, v0 }) => {
            // `shiftKey` through the KeyboardEvent binding: the same property, one import.
            let (step, px) = scrub_step(v0, ev.unchecked_ref::<KeyboardEvent>().shift_key());
            let v = v0 + ((p.x - x0) / px).round() * step;
            let v = parse_number(&significant(v, 12)).unwrap_or(v);
            if app.state.value_of(&name) != Some(v) {
                app.set_input(&name, v, Some(ev.time_stamp()))?;
            }
            Ok(())
        }
        Some(Drag::Pan { last, moved, start }) => {
            app.view.pan(p.x - last.x, p.y - last.y);
            let moved = moved.max(start.distance(p));
            app.drag = Some(Drag::Pan { last: p, moved, start });
            if moved > 4.0 {
                app.els.canvas.class_list().toggle_with_force("dragging", true)?;
            }
            app.draw()
        }
        Some(Drag::Pinch { dist }) => {
            let now = pinch_distance(&app.pointers);
            if dist > 0.0 && now > 0.0 {
                app.view.zoom(now / dist, pinch_mid(&app.pointers));
                app.drag = Some(Drag::Pinch { dist: now });
                app.draw()?;
            }
            Ok(())
        }
    }
}

/// (value step, pixels per step) for scrubbing from `v0`: about 1% of the value's magnitude
/// per 2 pixels, and ten times finer with Shift.
fn scrub_step(v0: f64, fine: bool) -> (f64, f64) {
    let magnitude =
        if v0.is_finite() && v0.abs() >= 1.0 { math::pow(10.0, math::log10(v0.abs()).floor()) } else { 1.0 };
    let step = magnitude * if fine { 0.001 } else { 0.01 };
    (step, 2.0)
}

/// The pointer's position in CSS pixels relative to the canvas.
fn local(ev: &PointerEvent) -> Point {
    Point::new(f64::from(ev.offset_x()), f64::from(ev.offset_y()))
}

fn pinch_distance(pointers: &[(i32, Point)]) -> f64 {
    match pointers {
        [(_, a), (_, b), ..] => a.distance(*b),
        _ => 0.0,
    }
}

fn pinch_mid(pointers: &[(i32, Point)]) -> Point {
    match pointers {
        [(_, a), (_, b), ..] => Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0),
        _ => Point::new(0.0, 0.0),
    }
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
