//! The animation: Play, steps, the timeline slider, and the requestAnimationFrame loop
//! (after the wasm-bindgen `request-animation-frame` example). Time is a parameter: every
//! frame is `Timeline::state_at(t)`, so stepping back just asks for a smaller `t`.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::{with_app, App, STEP_MS};
use crate::dom;

/// The frame callback, created once and reused for every frame.
type FrameCallback = Closure<dyn FnMut(JsValue)>;

thread_local! {
    static FRAME: RefCell<Option<FrameCallback>> = const { RefCell::new(None) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Asks for one animation frame (at most one is pending at a time).
pub fn request_frame() -> Result<(), JsValue> {
    if PENDING.with(Cell::get) {
        return Ok(());
    }
    FRAME.with(|slot| {
        let mut slot = slot.borrow_mut();
        let f = slot.get_or_insert_with(|| {
            Closure::new(|ts: JsValue| {
                PENDING.with(|p| p.set(false));
                with_app(&mut |app| app.tick(ts.as_f64().unwrap_or(0.0)));
            })
        });
        dom::window()?.request_animation_frame(f.as_ref().unchecked_ref())?;
        PENDING.with(|p| p.set(true));
        Ok(())
    })
}

/// Whether the student asked for less motion: steps then change without the token moving.
pub fn reduced_motion() -> bool {
    crate::dom::window()
        .ok()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

impl App {
    fn len(&self) -> f64 {
        self.timeline.len() as f64
    }

    /// The event the frame shows: the one in motion, else the last one finished.
    pub fn current_event(&self) -> Option<usize> {
        let t = self.anim.t;
        if t.fract() > 0.0 {
            Some(t.floor() as usize)
        } else {
            (t as usize).checked_sub(1)
        }
    }

    /// Play from the current step (from the start if no run is going or it ended), or pause.
    pub fn toggle_play(&mut self) -> Result<(), JsValue> {
        if self.anim.playing {
            self.anim.playing = false;
            self.anim.t = self.anim.t.floor();
        } else {
            if !self.anim.started || self.anim.t >= self.len() {
                self.anim.started = true;
                self.anim.t = 0.0;
            }
            self.anim.playing = true;
            self.anim.last_ts = None;
            request_frame()?;
        }
        self.refresh_timeline()?;
        self.draw()
    }

    /// One event forward (`+1`) or back (`-1`); pauses. Before a run, back starts one step
    /// before the end and forward starts at the first step.
    pub fn step(&mut self, delta: i32) -> Result<(), JsValue> {
        self.anim.playing = false;
        let t = if !self.anim.started {
            self.anim.started = true;
            if delta > 0 {
                1.0
            } else {
                self.len() - 1.0
            }
        } else if delta > 0 {
            self.anim.t.floor() + 1.0
        } else {
            self.anim.t.ceil() - 1.0
        };
        self.anim.t = t.clamp(0.0, self.len());
        self.refresh_timeline()?;
        self.draw()
    }

    /// Back to step 0 (nothing revealed); keeps playing if it was.
    pub fn restart(&mut self) -> Result<(), JsValue> {
        self.anim.started = true;
        self.anim.t = 0.0;
        self.anim.last_ts = None;
        self.refresh_timeline()?;
        self.draw()
    }

    /// The timeline slider moved.
    pub fn seek(&mut self, t: f64) -> Result<(), JsValue> {
        self.anim.started = true;
        self.anim.playing = false;
        self.anim.t = t.clamp(0.0, self.len());
        self.refresh_timeline()?;
        self.draw()
    }

    /// One animation frame: advance the clock while playing, redraw; when not playing, draw
    /// only if the canvas changed size (the ResizeObserver asked for this frame).
    pub fn tick(&mut self, ts: f64) -> Result<(), JsValue> {
        if !self.anim.playing {
            return if self.view.measure_next { self.draw() } else { Ok(()) };
        }
        let dt = self.anim.last_ts.map_or(0.0, |last| (ts - last).clamp(0.0, 250.0));
        self.anim.last_ts = Some(ts);
        let before = self.current_event();
        self.anim.t = (self.anim.t + dt * self.anim_speed / STEP_MS).min(self.len());
        if self.anim.t >= self.len() {
            self.anim.playing = false;
        }
        // The slider, narration and log change only when another event starts or ends.
        if self.current_event() != before || !self.anim.playing {
            self.refresh_timeline()?;
        }
        self.draw()?;
        if self.anim.playing {
            request_frame()?;
        }
        Ok(())
    }
}
