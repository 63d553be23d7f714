//! Pointer events on the canvas: scrub an input's value, pan, pinch-zoom, or click a gate.
//! The view moves here; a new value or selection goes to the page as a message.

use circuit::Point;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, PointerEvent};

use crate::app::{App, Drag};
use crate::msg::Msg;

/// Pointer events on the canvas: scrub an input's value, pan, pinch-zoom, or click a gate.
pub fn pointer(app: &mut App, ev: &PointerEvent) -> Result<(), JsValue> {
    let p = local(ev);
    let id = ev.pointer_id();
    match ev.type_().as_str() {
        "pointerdown" => {
            app.pointers.retain(|(i, _)| *i != id);
            app.pointers.push((id, p));
            let drag = if app.pointers.len() >= 2 {
                Drag::Pinch { dist: pinch_distance(&app.pointers) }
            } else if let Some(node) = app.view.input_label_at(&app.page.model.graph, p) {
                let name = app.page.model.graph.name(node).unwrap_or_default().to_string();
                Drag::Scrub { name, x0: p.x, v0: app.page.model.graph.value(node) }
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
                    // Anything but a gate clears the selection (the page's rule).
                    app.send(Msg::Select(app.view.node_at(p)), None)?;
                }
            }
            Ok(())
        }
    }
}

fn pointer_move(app: &mut App, drag: Option<Drag>, p: Point, ev: &PointerEvent) -> Result<(), JsValue> {
    match drag {
        None => {
            let over = app.view.input_label_at(&app.page.model.graph, p).is_some();
            app.els.canvas.class_list().toggle_with_force("scrub", over)?;
            Ok(())
        }
        Some(Drag::Scrub { name, x0, v0 }) => {
            // `shiftKey` through the KeyboardEvent binding: the same property, one import.
            let v = circuit::scrub::scrubbed(v0, p.x - x0, ev.unchecked_ref::<KeyboardEvent>().shift_key());
            if app.page.state.value_of(&name) != Some(v) {
                app.send(Msg::Input(name, v), Some(ev.time_stamp()))?;
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
