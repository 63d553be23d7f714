//! `CircuitView`: the `<backprop-circuit>` element's circuit (crates/js/www/backprop-circuit.js
//! wires the DOM to it). The page's own parts, shared: the layout and the display list
//! (crates/circuit), the canvas painter and its view ([`canvas::View`]), the animation
//! clock ([`circuit::clock::Clock`]) and the scrub arithmetic ([`circuit::scrub`]). It
//! holds a program's graph (expanded or not), its timeline and where the clock is.

use autodiff::{Graph, NodeId};
use circuit::clock::{Clock, STEP_MS};
use circuit::{FrameState, Point, Timeline};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::host::{throw, to_js};
use crate::Circuit;

/// The element's smallest label, in CSS pixels, on a canvas [`WIDE_PX`] wide or more: a wide
/// circuit (the expanded neuron on a 960-px reveal.js slide) slides sideways rather than
/// shrinking its labels below this. The page's fit goes down to 9 px
/// ([`circuit::fit::MIN_FIT_SCALE`]), which a student reads at arm's length but a class
/// does not from across a room.
pub const MIN_LABEL_PX: f64 = 12.0;

/// Narrower than this (a phone's column), the element keeps the page's 9-px floor: there
/// the circuit already slides, and every pixel of width shows more of it.
const WIDE_PX: i32 = 640;

/// One element's live circuit on its canvas.
#[wasm_bindgen]
#[derive(Debug)]
pub struct CircuitView {
    view: canvas::View,
    /// The program as compiled, with the element's input values.
    circuit: Option<Circuit>,
    expanded: bool,
    /// What is drawn: the circuit's graph, expanded when asked.
    shown: Graph,
    timeline: Timeline,
    clock: Clock,
}

#[wasm_bindgen]
impl CircuitView {
    #[wasm_bindgen(constructor)]
    pub fn new(canvas: &HtmlCanvasElement) -> Result<CircuitView, JsValue> {
        let view = canvas::View::new(canvas, &web_sys::window().ok_or("no window")?)?;
        let mut this = CircuitView {
            view,
            circuit: None,
            expanded: false,
            shown: Graph::new(),
            timeline: Timeline::default(),
            clock: Clock::default(),
        };
        this.label_floor();
        Ok(this)
    }

    /// Sets the smallest scale fit picks for the canvas's width ([`MIN_LABEL_PX`]).
    fn label_floor(&mut self) {
        let wide = self.view.canvas.client_width() >= WIDE_PX;
        self.view.min_fit_scale =
            if wide { MIN_LABEL_PX / circuit::FONT_SIZE } else { circuit::fit::MIN_FIT_SCALE };
    }

    /// Compiles `program` and shows it (its inputs at the program's values); a bad program
    /// throws as `compile` does and the last good circuit stays.
    pub fn load(&mut self, program: &str) -> Result<(), JsValue> {
        let circuit = crate::compile(program).map_err(throw)?;
        self.circuit = Some(circuit);
        self.rebuild(true);
        Ok(())
    }

    /// Shows σ, tanh, softplus, sub and div as cs231n's primitive gates, or not.
    pub fn set_expanded(&mut self, on: bool) {
        if on != self.expanded {
            self.expanded = on;
            self.rebuild(true);
        }
    }

    /// Sets inputs from the `values` attribute (`x=-2 y=5`, [`crate::parse_values`]), all
    /// or none, and recomputes; the layout holds still when the numbers still fit.
    pub fn set_values(&mut self, text: &str) -> Result<(), JsValue> {
        let pairs = crate::parse_values(text).map_err(throw)?;
        self.set(&pairs)
    }

    /// Sets one input (a scrub, a key) and recomputes.
    pub fn set_value(&mut self, name: String, value: f64) -> Result<(), JsValue> {
        self.set(&[(name, value)])
    }

    fn set(&mut self, pairs: &[(String, f64)]) -> Result<(), JsValue> {
        let Some(circuit) = self.circuit.as_mut() else { return Ok(()) };
        circuit.set(pairs).map_err(throw)?;
        self.rebuild(false);
        Ok(())
    }

    fn rebuild(&mut self, new_layout: bool) {
        let Some(circuit) = &self.circuit else { return };
        let mut g = if self.expanded {
            circuit.expand(None).map(|c| c.graph).unwrap_or_else(|_| circuit.graph.clone())
        } else {
            circuit.graph.clone()
        };
        g.recompute();
        let steps = g.trace();
        self.timeline = Timeline::new(&g, &steps);
        if new_layout {
            self.view.relayout(&g, &steps);
            self.view.fit_next = true;
            self.clock = Clock::default();
        } else {
            self.view.relayout_values(&g, &steps);
            self.clock.t = self.clock.t.min(self.timeline.len() as f64);
        }
        self.shown = g;
    }

    pub fn inputs(&self) -> Vec<String> {
        self.circuit.as_ref().map(Circuit::inputs).unwrap_or_default()
    }

    pub fn value_of(&self, name: &str) -> f64 {
        self.shown.input_named(name).map_or(f64::NAN, |id| self.shown.value(id))
    }

    pub fn value(&self) -> f64 {
        self.circuit.as_ref().map_or(f64::NAN, Circuit::value)
    }

    #[wasm_bindgen(unchecked_return_type = "Record<string, number>")]
    pub fn grads(&self) -> JsValue {
        self.circuit.as_ref().map_or(JsValue::NULL, |c| to_js(&c.grads()))
    }

    /// The canvas's accessible name: the program's output and inputs in words.
    pub fn description(&self) -> String {
        let Some(c) = &self.circuit else { return String::new() };
        let inputs: Vec<String> = c
            .inputs()
            .iter()
            .map(|n| [n.as_str(), " = ", &autodiff::format::number(self.value_of(n))].concat())
            .collect();
        [
            "Circuit: ",
            &c.output(),
            " = ",
            &autodiff::format::number(c.value()),
            " from ",
            &inputs.join(", "),
            ". Space plays, Left and Right step, Home restarts.",
        ]
        .concat()
    }

    /// The CSS height of the canvas, or 0 to fit it to the circuit.
    pub fn set_height(&mut self, height: f64) {
        let fixed = (height > 0.0).then_some(height);
        if fixed != self.view.fixed_height {
            self.view.fixed_height = fixed;
            self.view.fit_next = true;
        }
    }

    /// Drags a circuit wider than the canvas sideways by `dx` CSS pixels, within its ends;
    /// whether it moved (then draw again).
    pub fn pan(&mut self, dx: f64) -> bool {
        self.view.pan_sideways(dx)
    }

    /// Whether the circuit is wider than the canvas (so a drag on it pans).
    pub fn overflows(&self) -> bool {
        self.view.overflows()
    }

    /// Which edges cut the circuit off: 0 none, 1 the left, 2 the right, 3 both (the element
    /// fades those edges, so a student sees there is more to drag into view).
    pub fn cut_off(&self) -> u8 {
        let (left, right) = self.view.cut_off();
        u8::from(left) | u8::from(right) << 1
    }

    /// The canvas changed size.
    pub fn resize(&mut self) {
        self.view.measure_next = true;
        self.label_floor();
    }

    /// The canvas is shown (or printed) `zoom` times its CSS size: its backing store follows
    /// at the next draw. Whether that is a change (then draw again).
    pub fn set_zoom(&mut self, zoom: f64) -> bool {
        let zoom = if zoom.is_finite() { zoom.clamp(0.25, 4.0) } else { 1.0 };
        if zoom == self.view.zoom {
            return false;
        }
        self.view.zoom = zoom;
        self.view.measure_next = true;
        true
    }

    /// Paints the frame the clock is at (every value and gradient before a run).
    pub fn draw(&mut self, dark: bool) -> Result<(), JsValue> {
        self.view.dark = dark;
        let frame = if self.clock.started {
            self.timeline.state_at(self.clock.t)
        } else {
            FrameState::complete(&self.shown)
        };
        self.view.draw(&self.shown, &frame, None)
    }

    // The clock: the page's Play, Step and Restart.

    pub fn play(&mut self) {
        if !self.clock.playing {
            self.clock.toggle_play(self.timeline.len());
        }
    }

    pub fn pause(&mut self) {
        if self.clock.playing {
            self.clock.toggle_play(self.timeline.len());
        }
    }

    pub fn playing(&self) -> bool {
        self.clock.playing
    }

    pub fn step_by(&mut self, delta: i32) {
        self.clock.step(delta, self.timeline.len());
    }

    pub fn restart(&mut self) {
        self.clock.restart();
    }

    /// An animation frame at `ts` ms; returns whether an event began or ended.
    pub fn frame(&mut self, ts: f64) -> bool {
        self.clock.frame(ts, self.timeline.len())
    }

    pub fn position(&self) -> f64 {
        self.clock.t
    }

    pub fn len(&self) -> usize {
        self.timeline.len()
    }

    pub fn is_empty(&self) -> bool {
        self.timeline.is_empty()
    }

    pub fn step_ms(&self) -> f64 {
        STEP_MS
    }

    /// The event the frame shows (-1 before a run or at step 0).
    pub fn current_event(&self) -> i32 {
        match (self.clock.started, self.clock.current_event()) {
            (true, Some(i)) => i as i32,
            _ => -1,
        }
    }

    /// The current event in words ("" before a run).
    pub fn narration(&self) -> String {
        match self.current_event() {
            -1 => String::new(),
            i => self.timeline.narration(&self.shown, i as usize),
        }
    }

    /// The current event's backward step, as `trace()` gives it, or `null`.
    pub fn current_step(&self) -> JsValue {
        let Ok(i) = usize::try_from(self.current_event()) else { return JsValue::NULL };
        match self.timeline.events().get(i) {
            Some(circuit::Event::Backward(s)) => to_js(&crate::trace_step(&self.shown, s)),
            _ => JsValue::NULL,
        }
    }

    /// The input whose label is at CSS pixel (x, y) of the canvas, if any.
    pub fn input_at(&self, x: f64, y: f64) -> Option<String> {
        let id: NodeId = self.view.input_label_at(&self.shown, Point::new(x, y))?;
        self.shown.name(id).map(str::to_string)
    }

    /// The value a scrub `dx` CSS pixels from `v0` sets (finer with `fine`).
    pub fn scrubbed(&self, v0: f64, dx: f64, fine: bool) -> f64 {
        circuit::scrub::scrubbed(v0, dx, fine)
    }
}
