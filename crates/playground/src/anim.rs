//! The requestAnimationFrame loop (after the wasm-bindgen `request-animation-frame`
//! example): one frame callback, created once and reused for every frame, and at most one
//! frame pending. What a frame does is the caller's (`app`: the clock's `Msg::Frame`).

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::dom;

/// The frame callback, created once and reused for every frame.
type FrameCallback = Closure<dyn FnMut(JsValue)>;

thread_local! {
    static FRAME: RefCell<Option<FrameCallback>> = const { RefCell::new(None) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Asks for one animation frame that calls `on_frame` with its timestamp (at most one is
/// pending at a time). The page has one frame function: the first one given is kept.
pub fn request_frame(on_frame: fn(f64)) -> Result<(), JsValue> {
    if PENDING.with(Cell::get) {
        return Ok(());
    }
    FRAME.with(|slot| {
        let mut slot = slot.borrow_mut();
        let f = slot.get_or_insert_with(|| {
            Closure::new(move |ts: JsValue| {
                PENDING.with(|p| p.set(false));
                on_frame(ts.as_f64().unwrap_or(0.0));
            })
        });
        dom::window()?.request_animation_frame(f.as_ref().unchecked_ref())?;
        PENDING.with(|p| p.set(true));
        Ok(())
    })
}

/// Whether the student asked for less motion: steps then change without the token moving.
pub fn reduced_motion() -> bool {
    dom::window()
        .ok()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}
