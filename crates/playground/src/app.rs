//! The page's one long-lived object: the [`App`] holds the state, the model derived from
//! it, the element handles and the view. Event listeners borrow it through [`with_app`],
//! change the state, and ask it to refresh what depends on what changed.

use std::cell::RefCell;

use autodiff::format::number;
use autodiff::{Direction, NodeId};
use circuit::{FrameState, Timeline};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, Event, EventTarget, HtmlButtonElement, HtmlCanvasElement, HtmlElement,
    HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

use crate::dom::{self, el, set_hidden, set_text};
use crate::model::Model;
use crate::paint::View;
use crate::state::{example, State, H_CHOICES};
use lang::{fill, t};
use lessons::history::History;

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Runs `f` on the app, if it is running and not already borrowed (an event fired from
/// inside another handler is dropped rather than re-entered). Errors go to the console.
pub fn with_app(f: &mut dyn FnMut(&mut App) -> Result<(), JsValue>) {
    APP.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            if let Some(app) = slot.as_mut() {
                if let Err(e) = f(app) {
                    web_sys::console::error_1(&e);
                }
            }
        }
    });
}

/// Adds a listener for the page's lifetime that runs `f` on the app.
pub fn on(
    target: &EventTarget,
    name: &str,
    f: fn(&mut App, Event) -> Result<(), JsValue>,
) -> Result<(), JsValue> {
    // The one closure type of the page (see `events::wire`): the event arrives as a JsValue.
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
        with_app(&mut |app| f(app, ev.clone().unchecked_into()))
    });
    target.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref())?;
    // The page never removes its listeners: they live as long as the document.
    cb.forget();
    Ok(())
}

/// The elements the app reads and writes (ids from `docs/page-contract.md`).
#[derive(Debug)]
pub struct Els {
    pub example: HtmlSelectElement,
    pub program: HtmlTextAreaElement,
    pub error: HtmlElement,
    pub hint: HtmlElement,
    pub values: dom::ValuesTable,
    pub canvas: HtmlCanvasElement,
    pub play: HtmlButtonElement,
    pub speed: HtmlInputElement,
    pub timeline: HtmlInputElement,
    pub narration: Element,
    pub log: Element,
    pub gate_panel: Element,
    pub numeric: dom::NumericTable,
    pub h: HtmlSelectElement,
    pub eta: HtmlInputElement,
    pub step_result: Element,
    pub share_status: Element,
    pub expand: HtmlButtonElement,
    pub expand_check: HtmlElement,
    pub undo: HtmlButtonElement,
    pub redo: HtmlButtonElement,
    pub quiz: HtmlButtonElement,
    pub quiz_form: HtmlElement,
    pub quiz_prompt: Element,
    pub answer: HtmlInputElement,
    pub check: HtmlElement,
    pub reveal: HtmlElement,
    pub quiz_feedback: Element,
    pub code: HtmlButtonElement,
    pub code_panel: HtmlElement,
    pub code_style: HtmlSelectElement,
    pub code_lines: Element,
    pub assign: HtmlButtonElement,
    pub fork_table: HtmlElement,
    pub fork_rows: Element,
    pub fork_note: HtmlElement,
    pub train_panel: HtmlElement,
    pub train: HtmlButtonElement,
    pub lr: HtmlInputElement,
    pub train_point: HtmlInputElement,
    pub train_status: Element,
    pub boundary: HtmlCanvasElement,
    pub loss: HtmlCanvasElement,
}

impl Els {
    /// Every element the app uses. A missing one is an error naming it; a wrong type (the
    /// casts are unchecked) fails on first use. One check at the end, not one `?` per
    /// element, keeps the function short: each early return would drop the elements
    /// fetched before it.
    fn new(doc: &Document) -> Result<Els, JsValue> {
        let values = doc.query_selector("#values tbody")?.ok_or("#values has no tbody")?;
        let numeric = doc.query_selector("#numeric-table tbody")?.ok_or("#numeric-table has no tbody")?;
        let fork_rows = doc.query_selector("#fork-table tbody")?.ok_or("#fork-table has no tbody")?;
        let mut missing = None;
        let mut get = |id: &'static str| -> Element {
            doc.get_element_by_id(id).unwrap_or_else(|| {
                missing.get_or_insert(id);
                JsValue::UNDEFINED.unchecked_into()
            })
        };
        let els = Els {
            example: get("example").unchecked_into(),
            program: get("program").unchecked_into(),
            error: get("error").unchecked_into(),
            hint: get("hint").unchecked_into(),
            values: dom::ValuesTable::new(values),
            canvas: get("circuit").unchecked_into(),
            play: get("play").unchecked_into(),
            speed: get("speed").unchecked_into(),
            timeline: get("timeline").unchecked_into(),
            narration: get("narration").unchecked_into(),
            log: get("narration-log").unchecked_into(),
            gate_panel: get("gate-panel").unchecked_into(),
            numeric: dom::NumericTable::new(numeric),
            h: get("h").unchecked_into(),
            eta: get("eta").unchecked_into(),
            step_result: get("step-result").unchecked_into(),
            share_status: get("share-status").unchecked_into(),
            expand: get("expand").unchecked_into(),
            expand_check: get("expand-check").unchecked_into(),
            undo: get("undo").unchecked_into(),
            redo: get("redo").unchecked_into(),
            quiz: get("quiz").unchecked_into(),
            quiz_form: get("quiz-form").unchecked_into(),
            quiz_prompt: get("quiz-prompt").unchecked_into(),
            answer: get("answer").unchecked_into(),
            check: get("check").unchecked_into(),
            reveal: get("reveal").unchecked_into(),
            quiz_feedback: get("quiz-feedback").unchecked_into(),
            code: get("code").unchecked_into(),
            code_panel: get("code-panel").unchecked_into(),
            code_style: get("code-style").unchecked_into(),
            code_lines: get("code-lines"),
            assign: get("assign").unchecked_into(),
            fork_table: get("fork-table").unchecked_into(),
            fork_rows,
            fork_note: get("fork-note").unchecked_into(),
            train_panel: get("train-panel").unchecked_into(),
            train: get("train").unchecked_into(),
            lr: get("lr").unchecked_into(),
            train_point: get("train-point").unchecked_into(),
            train_status: get("train-status"),
            boundary: get("boundary").unchecked_into(),
            loss: get("loss").unchecked_into(),
        };
        match missing {
            Some(id) => {
                // A page without its elements does not run: its handles need no tidy drop
                // (and no drop code for the whole struct in the wasm).
                std::mem::forget(els);
                Err(JsValue::from_str(&["#", id, " is missing from the page"].concat()))
            }
            None => Ok(els),
        }
    }
}

/// The animation clock.
#[derive(Debug, Default)]
pub struct Anim {
    pub playing: bool,
    /// Whether the student has started a run (Play, a step or the timeline); before that
    /// the full state shows and the log is empty.
    pub started: bool,
    /// Position in events, fractional while a step plays.
    pub t: f64,
    pub last_ts: Option<f64>,
    /// Events already written to the log.
    pub logged: usize,
}

/// Milliseconds one event takes at speed 1.
pub const STEP_MS: f64 = 1100.0;

#[derive(Debug)]
pub struct App {
    pub doc: Document,
    pub els: Els,
    pub state: State,
    pub model: Model,
    pub timeline: Timeline,
    pub anim: Anim,
    pub view: View,
    /// Animation speed, events per `STEP_MS` (the Speed slider).
    pub anim_speed: f64,
    /// The message about a refused link, shown until the next successful parse.
    link_error: Option<String>,
    first_drawn: bool,
    hash_written_at: f64,
    hash_pending: bool,
    /// The URL hash as the page last wrote or read it. A different one in the address bar
    /// is a link pasted or a step back whose hashchange is on its way: the page's own
    /// pending write must not replace it.
    hash_seen: String,
    /// The window's width (CSS pixels), read at start and on resize.
    pub screen_width: f64,
    /// Every edit, for Undo and Redo, and the last one: its kind and when.
    history: History<State>,
    last_edit: Option<(Edit, f64)>,
    /// The gate panel as last rendered, so an edit that leaves it alone costs nothing.
    shown_panel: Option<Option<crate::model::GatePanel>>,
    /// The quiz, in quiz mode.
    pub quiz: Option<lessons::quiz::Quiz>,
    /// The Code panel's code while it is open, and its highlighted line.
    pub code: Option<lessons::code::Code>,
    pub code_line: Option<usize>,
    /// What a pointer drag on the canvas is doing, and the pointers down (for pinch zoom).
    pub drag: Option<crate::events::Drag>,
    pub pointers: Vec<(i32, circuit::Point)>,
    /// Whether `<main>` has the class `wide` (the circuit takes the full width).
    wide: bool,
    /// The learning preset's trainer, and whether Train is running.
    pub trainer: Option<lessons::train::Trainer>,
    pub training: bool,
}

/// What an edit changed, for Undo: steps of a burst of the same kind (typing the program,
/// dragging an input) join into one undo step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Edit {
    Program,
    Value,
    /// An example, σ expansion or gradient step: always an undo step of its own.
    Other,
}

/// Steps of the same kind closer than this join into one undo step.
const BURST_MS: f64 = 1000.0;

/// The least time between two writes of the URL hash.
const HASH_SPACING_MS: f64 = 120.0;
/// How long after an edit the URL hash is written at the soonest: after the edit's frame.
const HASH_DELAY_MS: f64 = 20.0;

/// Starts the app on the current document (the page, or a test document holding its markup).
pub fn boot() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let els = Els::new(&doc)?;
    let hash = dom::window()?.location().hash()?;
    let (state, model, link_error) = load(&hash);
    let history = History::new(undo_state(&state));
    let timeline = Timeline::new(&model.graph, &model.steps);
    let view = View::new(&els.canvas)?;
    let app = App {
        doc,
        els,
        state,
        model,
        timeline,
        anim: Anim::default(),
        view,
        anim_speed: 1.0,
        link_error,
        first_drawn: false,
        hash_written_at: 0.0,
        hash_pending: false,
        hash_seen: hash.clone(),
        screen_width: dom::screen_width(),
        history,
        last_edit: None,
        shown_panel: None,
        quiz: None,
        code: None,
        code_line: None,
        drag: None,
        pointers: Vec::new(),
        wide: false,
        trainer: None,
        training: false,
    };
    // The app lives as long as the page; the slot was empty, so nothing is dropped.
    APP.with(|cell| std::mem::forget(cell.replace(Some(app))));
    crate::events::wire()?;
    with_app(&mut |app| {
        app.show_state_in_controls();
        app.relayout();
        app.show_lessons();
        app.refresh_all(None)
    });
    Ok(())
}

/// What Undo restores: the state without the animation position and selection.
fn undo_state(state: &State) -> State {
    State { t: None, selected: None, ..state.clone() }
}

/// The state and model for a URL hash, falling back to the default example with a message.
fn load(hash: &str) -> (State, Model, Option<String>) {
    let fallback = |msg: String| {
        let state = State::default();
        let model = Model::new(&state).unwrap_or_else(|_| unreachable_model());
        (state, model, Some(msg))
    };
    // Both errors are in the build's language: the engine's message, or one of `state`'s
    // `~the link ...` reasons.
    match State::from_hash_with(hash, &dom::decode) {
        Ok(state) => match Model::new(&state) {
            Ok(model) => (state, model, None),
            Err(e) => fallback(fill(
                t!("The link's program does not parse ({0}); showing the default example."),
                &[&e],
            )),
        },
        Err(e) => fallback(fill(t!("Could not open the link: {0}; showing the default example."), &[&e])),
    }
}

/// The default example always compiles (a native test checks it); this is its stand-in
/// should that ever break, so the page still starts.
fn unreachable_model() -> Model {
    let state = State { program: "x = 1".into(), ..State::default() };
    Model::new(&state).unwrap_or_else(|_| Model::empty())
}

impl App {
    // ---- state changes -----------------------------------------------------------------

    /// Puts the state into the form controls (after load, a hash change, an example).
    pub fn show_state_in_controls(&mut self) {
        // The link's classroom settings: a locked program, hidden panels, the embed view.
        let class = &self.state.class;
        let _ = self.els.program.toggle_attribute_with_force("readonly", class.lock);
        let _ = self.els.example.toggle_attribute_with_force("disabled", class.lock);
        for name in crate::state::PANELS {
            if let Ok(Some(panel)) = self.doc.query_selector(&["[data-panel=", name, "]"].concat()) {
                set_hidden(panel.unchecked_ref(), class.hide.contains(&name));
            }
        }
        if let Some(body) = self.doc.body() {
            let _ = body.class_list().toggle_with_force("embed", class.embed);
        }
        if class.embed {
            // The circuit takes the full width: the width read before is not the canvas's.
            self.view.unprime();
        }
        dom::set_value(&self.els.example, self.state.menu_example());
        dom::set_value(&self.els.program, &self.state.program);
        dom::set_value(&self.els.h, &format!("1e-{}", self.state.h_index + 1));
        self.els.eta.set_value(&dom::field_text(self.state.eta));
    }

    /// A new model (new program, example or expansion): new layout and timeline, and the
    /// animation back to the full state.
    pub fn replace_model(&mut self, model: Model) {
        self.model = model;
        self.timeline = Timeline::new(&self.model.graph, &self.model.steps);
        if let Some(sel) = self.state.selected {
            if self.model.gate_panel(NodeId(sel)).is_none() {
                self.state.selected = None;
            }
        }
        self.anim = Anim::default();
        dom::clear(&self.els.log);
        set_text(&self.els.step_result, "");
        self.relayout();
        self.show_lessons();
    }

    /// The lessons' panels for the state and the new model: the quiz (started again), the
    /// code, the fork table and the training panel, each shown or hidden as the state says.
    fn show_lessons(&mut self) {
        self.show_quiz();
        let _ = self.show_code();
        let _ = self.show_fork();
        let _ = self.show_training();
    }

    /// A new layout; on a wide screen, a circuit too wide for the column beside the panels
    /// gets the full width (the panels flow below it).
    pub fn relayout(&mut self) {
        self.view.relayout(&self.model.graph);
        self.fit_width();
    }

    /// Gives the circuit the full width if it is too wide for the column beside the panels.
    fn fit_width(&mut self) {
        let wide = self.view.layout.bounds().width() * 1.25 > 0.64 * self.screen_width;
        if wide != self.wide {
            self.wide = wide;
            if let Some(main) = self.doc.query_selector("main").ok().flatten() {
                let _ = main.class_list().toggle_with_force("wide", wide);
            }
            self.view.fit_next = true;
            // style.css's `main.wide` applies from 960 px: only there does the width change.
            if self.screen_width >= 960.0 {
                self.view.unprime();
            }
        }
    }

    /// Records the state after an edit, for Undo.
    fn remember(&mut self, kind: Edit) {
        let now = js_sys::Date::now();
        let state = undo_state(&self.state);
        match &self.last_edit {
            Some((last, at)) if *last == kind && kind != Edit::Other && now - at < BURST_MS => {
                self.history.amend(state)
            }
            _ => {
                self.history.record(state);
            }
        }
        self.last_edit = Some((kind, now));
        self.refresh_undo();
    }

    fn refresh_undo(&self) {
        let _ = self.els.undo.toggle_attribute_with_force("disabled", !self.history.can_undo());
        let _ = self.els.redo.toggle_attribute_with_force("disabled", !self.history.can_redo());
    }

    /// Undo (or, with `redo`, Redo) the last edit: program, input values, example and
    /// expansion come back; h and η stay as they are.
    pub fn undo(&mut self, redo: bool) -> Result<(), JsValue> {
        let target = if redo { self.history.redo() } else { self.history.undo() };
        let Some(state) = target.cloned() else { return Ok(()) };
        self.last_edit = None;
        let model = Model::new(&state).map_err(|e| JsValue::from_str(&e))?;
        let same_circuit = state.program == self.state.program && state.expanded == self.state.expanded;
        // h, η and the classroom settings (quiz mode too) are not edits.
        self.state = State {
            h_index: self.state.h_index,
            eta: self.state.eta,
            class: self.state.class.clone(),
            ..state
        };
        self.link_error = None;
        self.replace_model(model);
        self.show_state_in_controls();
        self.view.fit_next |= !same_circuit;
        self.refresh_undo();
        self.refresh_all(None)
    }

    pub fn choose_example(&mut self, id: &str) -> Result<(), JsValue> {
        let Some(e) = example(id) else { return Ok(()) };
        let class = self.state.class.clone();
        self.state =
            State { h_index: self.state.h_index, eta: self.state.eta, class, ..State::from_example(e) };
        self.link_error = None;
        let model = Model::new(&self.state).map_err(|e| JsValue::from_str(&e))?;
        self.replace_model(model);
        self.show_state_in_controls();
        self.view.fit_next = true;
        self.remember(Edit::Other);
        self.refresh_all(None)
    }

    /// The program text changed: redraw if it parses, else keep the last good circuit and
    /// show where it fails. Values the student set survive for inputs whose literal in the
    /// program is unchanged.
    pub fn edit_program(&mut self, text: String, start: Option<f64>) -> Result<(), JsValue> {
        let mut next = self.state.clone();
        next.program = text;
        next.values.clear();
        match Model::new(&next) {
            Ok(fresh) => {
                let old = &self.model.defaults;
                for (name, v) in &self.state.values {
                    let was = old.iter().find(|(n, _)| n == name).map(|p| p.1);
                    let is = fresh.defaults.iter().find(|(n, _)| n == name).map(|p| p.1);
                    if matches!((was, is), (Some(a), Some(b)) if a.to_bits() == b.to_bits()) {
                        next.values.push((name.clone(), *v));
                    }
                }
                let mut fresh = fresh;
                fresh.update(&next);
                let layout_changed = fresh.graph.len() != self.model.graph.len();
                self.state = next;
                self.link_error = None;
                self.replace_model(fresh);
                if layout_changed {
                    self.view.fit_next = true;
                }
                self.remember(Edit::Program);
                // The only change of program outside `show_state_in_controls`.
                dom::set_value(&self.els.example, self.state.menu_example());
                self.refresh_all(start)
            }
            Err(msg) => {
                set_text(&self.els.error, &msg);
                set_hidden(&self.els.error, false);
                Ok(())
            }
        }
    }

    /// An input's value changed (table field, canvas scrub, gradient step).
    pub fn set_input(&mut self, name: &str, v: f64, start: Option<f64>) -> Result<(), JsValue> {
        self.state.set_value(name, v);
        self.values_changed();
        self.remember(Edit::Value);
        self.refresh_all(start)
    }

    /// The state's input values changed: the numbers, the timeline, and the layout if a
    /// label outgrew its box (the same order within columns; pan and zoom stay).
    pub fn values_changed(&mut self) {
        self.model.update(&self.state);
        self.timeline = Timeline::new(&self.model.graph, &self.model.steps);
        self.view.relayout_values(&self.model.graph);
        self.fit_width();
        self.lessons_follow_numbers();
    }

    /// New numbers (an edit, not a new model): the quiz starts again, the code and the fork
    /// table are written again, for those that are on; this runs on every edit.
    fn lessons_follow_numbers(&mut self) {
        if self.state.class.quiz {
            self.show_quiz();
        }
        if self.state.class.code.is_some() {
            let _ = self.show_code();
        }
        if self.state.class.fork {
            let _ = self.show_fork();
        }
    }

    pub fn toggle_expanded(&mut self) -> Result<(), JsValue> {
        self.state.expanded = !self.state.expanded;
        self.state.selected = None;
        let mut model = self.model.clone();
        model.update(&self.state);
        self.replace_model(model);
        self.view.fit_next = true;
        self.remember(Edit::Other);
        self.refresh_all(None)
    }

    pub fn gradient_step(&mut self, direction: Direction) -> Result<(), JsValue> {
        let eta = crate::state::parse_number(&self.els.eta.value()).filter(|e| e.is_finite() && *e >= 0.0);
        let Some(eta) = eta else {
            set_text(&self.els.step_result, t!("Step size η must be a number ≥ 0."));
            return Ok(());
        };
        self.state.eta = eta;
        let report = self.model.base.gradient_step(eta, direction);
        for (name, v) in self.model.input_values() {
            self.state.set_value(&name, v);
        }
        self.values_changed();
        let text = fill(
            t!("{0}: {1} → {2}, predicted {3} (first-order prediction: change {4} predicted, {5} actual)"),
            &[
                &self.model.output_name(),
                &number(report.old_output),
                &number(report.new_output),
                &number(report.old_output + report.predicted_change),
                &number(report.predicted_change),
                &number(report.actual_change()),
            ],
        );
        set_text(&self.els.step_result, &text);
        self.remember(Edit::Other);
        self.refresh_all(None)
    }

    pub fn select(&mut self, id: Option<NodeId>) -> Result<(), JsValue> {
        self.state.selected = id.map(|n| n.0);
        // Screen readers hear what was selected; the panel holds the details. The title is
        // already in the build's language (`Model::gate_panel`); the gradients are formulas.
        let said = match id.and_then(|n| self.model.gate_panel(n)) {
            Some(p) => {
                let mut locals = String::new();
                for (k, l) in p.locals.iter().enumerate() {
                    if k > 0 {
                        locals.push_str(", ");
                    }
                    for part in ["d", &l.out, "/d", &l.input, " = ", &l.formula, " = ", &number(l.local)] {
                        locals.push_str(part);
                    }
                }
                fill(t!("Selected {0}. Local gradients: {1}."), &[&p.title, &locals])
            }
            None => String::new(),
        };
        if let Some(status) = self.doc.get_element_by_id("selection-status") {
            set_text(&status, &said);
        }
        self.refresh_gate_panel()?;
        self.refresh_values()?;
        self.draw()
    }

    /// Moves the selection to the next (`+1`) or previous (`-1`) gate in evaluation order.
    pub fn move_selection(&mut self, delta: i32) -> Result<(), JsValue> {
        let gates = self.model.gates();
        if gates.is_empty() {
            return Ok(());
        }
        let n = gates.len() as i32;
        let current = self.state.selected.and_then(|s| gates.iter().position(|g| g.0 == s));
        let next = match current {
            Some(i) => (i as i32 + delta).rem_euclid(n),
            None if delta > 0 => 0,
            None => n - 1,
        };
        self.select(Some(gates[next as usize]))
    }

    // ---- refreshing --------------------------------------------------------------------

    /// Everything derived from the state, then the performance measure of the edit.
    pub fn refresh_all(&mut self, start: Option<f64>) -> Result<(), JsValue> {
        self.refresh_error();
        self.refresh_values()?;
        self.refresh_gate_panel()?;
        self.refresh_numeric()?;
        self.refresh_expand();
        self.refresh_timeline()?;
        // In the quiz, the gradients are the student's to find.
        self.els.canvas.set_attribute("aria-label", &self.model.summary(self.quiz.is_none()))?;
        self.draw()?;
        self.schedule_hash()?;
        if let Some(start) = start {
            measure_edit(start)?;
        }
        Ok(())
    }

    fn refresh_error(&self) {
        let msg = self.link_error.clone().unwrap_or_default();
        set_text(&self.els.error, &msg);
        set_hidden(&self.els.error, msg.is_empty());
        let hint = self.model.non_finite_hint().unwrap_or_default();
        set_text(&self.els.hint, &hint);
        set_hidden(&self.els.hint, hint.is_empty());
    }

    pub fn refresh_values(&mut self) -> Result<(), JsValue> {
        let selected = self.state.selected.and_then(|s| self.model.graph.name(NodeId(s))).map(str::to_string);
        let rows = self.model.rows();
        self.els.values.render(&self.doc, &rows, &self.model.output_name(), selected.as_deref())
    }

    fn refresh_gate_panel(&mut self) -> Result<(), JsValue> {
        let panel = self.state.selected.and_then(|s| self.model.gate_panel(NodeId(s)));
        if self.shown_panel.as_ref() == Some(&panel) {
            return Ok(());
        }
        dom::render_gate_panel(&self.doc, &self.els.gate_panel, panel.as_ref())?;
        self.shown_panel = Some(panel);
        Ok(())
    }

    pub fn refresh_numeric(&mut self) -> Result<(), JsValue> {
        let h = self.state.h();
        self.els.numeric.render(&self.doc, &mut self.model, h)
    }

    fn refresh_expand(&self) {
        let has = self.model.has_sigmoid();
        set_hidden(self.els.expand.unchecked_ref(), !has);
        set_text(
            &self.els.expand,
            if self.state.expanded { t!("Collapse σ gates") } else { t!("Expand σ gates") },
        );
        let check = self.model.expansion_check().unwrap_or_default();
        set_text(&self.els.expand_check, &check);
        set_hidden(&self.els.expand_check, check.is_empty());
    }

    /// The timeline slider, Play label, narration and log for the current position.
    pub fn refresh_timeline(&mut self) -> Result<(), JsValue> {
        let len = self.timeline.len();
        let t = if self.anim.started { self.anim.t.min(len as f64) } else { len as f64 };
        self.els.timeline.set_max(&len.to_string());
        let step = t.floor() as usize;
        let value = step.to_string();
        if self.els.timeline.value() != value {
            self.els.timeline.set_value(&value);
        }
        self.els
            .timeline
            .set_attribute("aria-valuetext", &fill(t!("step {0} of {1}"), &[&value, &len.to_string()]))?;
        set_text(&self.els.play, if self.anim.playing { t!("Pause") } else { t!("Play") });
        let narration = if !self.anim.started {
            let output = [&self.model.output_name(), " = ", &number(self.model.output_value())].concat();
            fill(
                t!("{0}. Press Play to watch the forward pass, then the gradients flowing backward."),
                &[&output],
            )
        } else if t.fract() > 0.0 && step < len {
            // Mid-step while playing: narrate the step in motion, which the token shows.
            self.timeline.narration(&self.model.graph, step)
        } else if step == 0 {
            t!("Nothing computed yet: step forward to reveal the inputs.").to_string()
        } else {
            self.timeline.narration(&self.model.graph, step - 1)
        };
        set_text(&self.els.narration, &narration);
        // The log lists the events reached in this run, in order.
        let reached = if self.anim.started { step } else { 0 };
        while self.anim.logged > reached {
            if let Some(last) = self.els.log.last_element_child() {
                last.remove();
            }
            self.anim.logged -= 1;
        }
        while self.anim.logged < reached {
            let li = el(&self.doc, "li", &self.timeline.narration(&self.model.graph, self.anim.logged))?;
            self.els.log.append_child(&li)?;
            self.anim.logged += 1;
        }
        self.highlight_code();
        Ok(())
    }

    /// The frame the canvas shows now: the full state, or the timeline's frame.
    pub fn frame(&self) -> FrameState {
        if let Some(quiz) = &self.quiz {
            self.quiz_frame(quiz)
        } else if self.anim.started && self.anim.t < self.timeline.len() as f64 {
            let t = if crate::anim::reduced_motion() { self.anim.t.floor() } else { self.anim.t };
            self.timeline.state_at(t)
        } else {
            FrameState::complete(&self.model.graph)
        }
    }

    pub fn draw(&mut self) -> Result<(), JsValue> {
        let frame = self.frame();
        self.view.draw(&self.model.graph, &frame, self.state.selected.map(NodeId))?;
        if !self.first_drawn {
            self.first_drawn = true;
            dom::window()?.performance().ok_or("no performance")?.mark("first-circuit")?;
        }
        Ok(())
    }

    /// Writes the state into the URL hash soon, in a task of its own after this one's frame:
    /// `history.replaceState` with a whole program costs milliseconds, and browsers limit
    /// how often a page may call it (Safari throws past 100 calls in 30 s), so writes are
    /// at least `HASH_SPACING_MS` apart and a burst of edits makes one trailing write.
    pub fn schedule_hash(&mut self) -> Result<(), JsValue> {
        if self.hash_pending {
            return Ok(());
        }
        self.hash_pending = true;
        let wait = (self.hash_written_at + HASH_SPACING_MS - js_sys::Date::now()).max(HASH_DELAY_MS);
        let later = Closure::once_into_js(|_: JsValue| {
            with_app(&mut |app| {
                app.hash_pending = false;
                app.write_hash()
            })
        });
        dom::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), wait as i32)?;
        Ok(())
    }

    /// Writes the state into the URL hash with `history.replaceState`.
    fn write_hash(&mut self) -> Result<(), JsValue> {
        self.hash_written_at = js_sys::Date::now();
        let hash = format!("#{}", self.state.to_hash_with(&self.model.input_values(), dom::exact));
        let window = dom::window()?;
        let current = window.location().hash()?;
        if current != self.hash_seen {
            // Someone else changed the hash since: its hashchange opens it, then this writes.
            return Ok(());
        }
        if current != hash {
            // A refused write only loses the link's freshness; the page goes on.
            let _ = window.history()?.replace_state_with_url(&JsValue::NULL, "", Some(&hash));
        }
        self.hash_seen = hash;
        Ok(())
    }

    /// The URL hash changed (the student pasted a link, or went back).
    pub fn on_hash_change(&mut self) -> Result<(), JsValue> {
        let hash = dom::window()?.location().hash()?;
        self.hash_seen.clone_from(&hash);
        if hash == format!("#{}", self.state.to_hash_with(&self.model.input_values(), dom::exact)) {
            return Ok(());
        }
        let (state, model, link_error) = load(&hash);
        self.state = State { h_index: self.state.h_index, eta: self.state.eta, ..state };
        self.link_error = link_error;
        self.replace_model(model);
        self.show_state_in_controls();
        self.view.fit_next = true;
        self.refresh_all(None)
    }

    pub fn status(&self, text: &str) {
        set_text(&self.els.share_status, text);
    }

    pub fn set_h(&mut self, index: usize) -> Result<(), JsValue> {
        self.state.h_index = index.min(H_CHOICES.len() - 1);
        self.refresh_numeric()
    }
}

/// `performance.measure("edit-to-frame", {start, end})` from the edit event to now.
fn measure_edit(start: f64) -> Result<(), JsValue> {
    let perf = dom::window()?.performance().ok_or("no performance")?;
    let end = perf.now();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"start".into(), &start.into())?;
    js_sys::Reflect::set(&options, &"end".into(), &end.max(start).into())?;
    // `performance.measure` is a function in every browser the page runs in.
    let measure: js_sys::Function = js_sys::Reflect::get(&perf, &"measure".into())?.unchecked_into();
    measure.call2(&perf, &"edit-to-frame".into(), &options)?;
    Ok(())
}

/// Whether keyboard focus is in a field that uses `key` itself: text fields, number and
/// range inputs and menus use every key; buttons, links and summaries use Space; a
/// focusable scroll region (class `scroll`: the numerical check's table, the steps log)
/// scrolls with Space and the named keys (arrows, Home, End, Page Up/Down).
pub fn key_belongs_to(target: &Element, key: &str) -> bool {
    match target.tag_name().as_str() {
        "INPUT" | "TEXTAREA" | "SELECT" => true,
        "BUTTON" | "A" | "SUMMARY" => key == " " || key == "Enter",
        _ if target.class_list().contains("scroll") => key == " " || key.len() > 1,
        _ => target.closest("[contenteditable]").ok().flatten().is_some(),
    }
}
