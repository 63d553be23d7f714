//! The page's one long-lived object: the [`App`] holds the [`Page`] (the state and its
//! policy, plain Rust in `machine`), the element handles and the view. Event listeners
//! borrow it through [`with_app`], send it a [`Msg`], and it applies the [`Effects`] the
//! page decided: this module and `refresh` show things, they decide nothing.

use std::cell::RefCell;

use autodiff::NodeId;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Event, EventTarget};

use crate::dom::{self, set_hidden, set_text};
use crate::els::Els;
use crate::machine::Page;
use crate::msg::{Changed, Effects, Keyed, Msg};
use canvas::View;

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

/// Makes `app` the page's app for the page's lifetime.
pub fn install(app: App) {
    // The slot was empty, so nothing is dropped.
    APP.with(|cell| std::mem::forget(cell.replace(Some(app))));
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

/// What a pointer drag on the canvas is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum Drag {
    /// Scrubbing an input's value: its name, where the drag started and the value then.
    Scrub { name: String, x0: f64, v0: f64 },
    /// Panning (and, on release without movement, a click that selects).
    Pan { last: circuit::Point, moved: f64, start: circuit::Point },
    /// Two fingers: zoom by the change of their distance.
    Pinch { dist: f64 },
}

#[derive(Debug)]
pub struct App {
    pub doc: Document,
    pub els: Els,
    pub page: Page,
    pub view: View,
    pub first_drawn: bool,
    /// Events already written to the log.
    pub logged: usize,
    /// The window's width (CSS pixels), read at start and on resize.
    pub screen_width: f64,
    /// The gate panel as last rendered, so an edit that leaves it alone costs nothing.
    pub shown_panel: Option<Option<crate::model::GatePanel>>,
    /// The Code panel's code while it is open, and its highlighted line.
    pub code: Option<lessons::code::Code>,
    pub code_line: Option<usize>,
    /// What a pointer drag on the canvas is doing, and the pointers down (for pinch zoom).
    pub drag: Option<Drag>,
    pub pointers: Vec<(i32, circuit::Point)>,
    /// Whether `<main>` has the class `wide` (the circuit takes the full width).
    pub wide: bool,
    /// The learning preset's trainer (its piece's: the page's weights are its inputs).
    pub trainer: Option<lessons::train::Trainer>,
    /// Work left for a task after the frame (`refresh::later`): the start's panels, the
    /// numerical check of a large circuit, and whether that task is set.
    pub panels_later: bool,
    pub numeric_later: bool,
    pub later_set: bool,
}

impl App {
    /// The app on `doc`'s elements for the link `hash`.
    pub fn new(doc: Document, hash: &str) -> Result<App, JsValue> {
        let els = Els::new(&doc)?;
        let view = View::new(&els.canvas, &crate::dom::window()?)?;
        Ok(App {
            page: Page::new(hash, dom::exact, dom::decode),
            doc,
            els,
            view,
            first_drawn: false,
            logged: 0,
            panels_later: false,
            numeric_later: false,
            later_set: false,
            screen_width: dom::screen_width(),
            shown_panel: None,
            code: None,
            code_line: None,
            drag: None,
            pointers: Vec::new(),
            wide: false,
            trainer: None,
        })
    }

    /// The start's first task: the state in the controls, the circuit and its timeline (in
    /// quiz mode with its "?", so no answer flashes), drawn; the panels wait for
    /// [`App::show_panels`], in the next task.
    pub fn show_circuit(&mut self) -> Result<(), JsValue> {
        self.show_state_in_controls();
        self.relayout();
        self.show_quiz();
        self.refresh_circuit(None)?;
        self.panels_later = true;
        self.later()
    }

    /// The start's second task: the lessons, the panels and the link as the page writes it
    /// (every input's value, the classroom settings); then `performance.mark("page-ready")`.
    pub fn show_panels(&mut self) -> Result<(), JsValue> {
        let _ = self.show_code();
        let _ = self.show_fork();
        let _ = self.show_training();
        self.refresh_panels()?;
        self.schedule_hash()?;
        if self.page.state.lesson.is_some() {
            // The link names a step of the Lesson: it opens there.
            self.lesson_linked()?;
        }
        dom::window()?.performance().ok_or("no performance")?.mark("page-ready")?;
        Ok(())
    }

    /// Hands `msg` to the page and shows what it changed; `start` is the event's time for
    /// the edit-to-frame measure.
    pub fn send(&mut self, msg: Msg, start: Option<f64>) -> Result<(), JsValue> {
        let fx = self.page.update(msg, js_sys::Date::now());
        self.apply(fx, start)
    }

    pub fn apply(&mut self, fx: Effects, start: Option<f64>) -> Result<(), JsValue> {
        if let Some(msg) = &fx.error {
            set_text(&self.els.error, msg);
            set_hidden(&self.els.error, false);
        }
        let changed = &fx.changed;
        if let Some(fit) = changed.new_model() {
            dom::clear(&self.els.log);
            self.logged = 0;
            set_text(&self.els.step_result, "");
            self.relayout();
            self.show_lessons();
            self.view.fit_next |= fit;
            if matches!(changed, Changed::State { .. }) {
                self.show_state_in_controls();
            } else {
                dom::set_value(&self.els.example, self.page.state.menu_example());
            }
        }
        if matches!(changed, Changed::Numbers) {
            self.view.relayout_values(&self.page.model.graph, &self.page.model.steps);
            self.fit_width();
            self.lessons_follow_numbers();
        }
        if let Some(text) = &fx.step_result {
            set_text(&self.els.step_result, text);
        }
        if fx.undo {
            self.refresh_undo();
        }
        if let Changed::Selection(said) = changed {
            if let Some(status) = self.doc.get_element_by_id("selection-status") {
                set_text(&status, said);
            }
        }
        if let Keyed::Zoom(factor) = fx.key {
            self.view.zoom_centre(factor);
            self.draw()?;
        }
        match changed {
            Changed::Nothing => {}
            Changed::Picture => self.draw()?,
            Changed::Position => {
                self.refresh_timeline()?;
                self.draw()?;
            }
            Changed::Check => self.refresh_numeric()?,
            Changed::Selection(_) => {
                self.refresh_gate_panel()?;
                self.refresh_values()?;
                self.draw()?;
            }
            Changed::Quiz => {
                self.show_quiz();
                self.refresh_all(start)?;
                if self.page.quiz.is_some() {
                    self.els.answer.focus()?;
                }
            }
            Changed::Code => self.show_code()?,
            Changed::Fork => self.show_fork()?,
            Changed::Training => self.training_changed()?,
            Changed::Numbers | Changed::Model { .. } | Changed::State { .. } => self.refresh_all(start)?,
        }
        if let Some(wait) = fx.hash_in {
            hash_timer(wait)?;
        }
        if let Some(hash) = &fx.write_hash {
            // A refused write only loses the link's freshness; the page goes on.
            let _ = dom::window()?.history()?.replace_state_with_url(&JsValue::NULL, "", Some(hash));
            // Something a link holds changed: the Lesson, if it is open, checks its step.
            self.lesson_seen()?;
        }
        if fx.frame {
            crate::anim::request_frame(frame)?;
        }
        Ok(())
    }

    /// The lessons' panels for the state and the new model: the quiz (started again), the
    /// code, the fork table and the training panel, each shown or hidden as the state says.
    fn show_lessons(&mut self) {
        self.show_quiz();
        let _ = self.show_code();
        let _ = self.show_fork();
        let _ = self.show_training();
    }

    /// New numbers (an edit, not a new model): the quiz starts again, the code and the fork
    /// table are written again, for those that are on; this runs on every edit.
    fn lessons_follow_numbers(&mut self) {
        if self.page.state.class.quiz {
            self.show_quiz();
        }
        if self.page.state.class.code.is_some() {
            let _ = self.show_code();
        }
        if self.page.state.class.fork {
            let _ = self.show_fork();
        }
    }

    /// A new layout; on a wide screen, a circuit too wide for the column beside the panels
    /// gets the full width (the panels flow below it).
    pub fn relayout(&mut self) {
        self.view.relayout(&self.page.model.graph, &self.page.model.steps);
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

    fn refresh_undo(&self) {
        let history = &self.page.history;
        let _ = self.els.undo.toggle_attribute_with_force("disabled", !history.can_undo());
        let _ = self.els.redo.toggle_attribute_with_force("disabled", !history.can_redo());
    }

    pub fn draw(&mut self) -> Result<(), JsValue> {
        let frame = self.page.frame(crate::anim::reduced_motion());
        // The Lesson's highlight (`hl=`): a node name, looked up in the circuit drawn now.
        let graph = &self.page.model.graph;
        self.view.highlight = None;
        if let Some(name) = &self.page.state.highlight {
            for (n, id) in graph.named() {
                if n == name {
                    self.view.highlight = Some(*id);
                }
            }
        }
        self.view.draw(&self.page.model.graph, &frame, self.page.state.selected.map(NodeId))?;
        if !self.first_drawn {
            self.first_drawn = true;
            dom::window()?.performance().ok_or("no performance")?.mark("first-circuit")?;
        }
        Ok(())
    }

    /// A hash write is due (a change the web layer made itself: a lesson's toggle).
    pub fn schedule_hash(&mut self) -> Result<(), JsValue> {
        match self.page.hash.schedule(js_sys::Date::now()) {
            Some(wait) => hash_timer(wait),
            None => Ok(()),
        }
    }

    pub fn status(&self, text: &str) {
        set_text(&self.els.share_status, text);
    }
}

/// An animation frame: the clock's, or the one a resize asked for (the canvas changed size).
fn frame(ts: f64) {
    with_app(&mut |app| {
        let playing = app.page.clock.playing;
        app.send(Msg::Frame(ts), None)?;
        if !playing && app.view.measure_next {
            app.draw()?;
        }
        Ok(())
    });
}

/// Asks for a frame without the clock moving (a resize).
pub fn request_draw() -> Result<(), JsValue> {
    crate::anim::request_frame(frame)
}

/// [`Msg::HashDue`] in `wait` ms, in a task of its own after this one's frame.
fn hash_timer(wait: f64) -> Result<(), JsValue> {
    let later = Closure::once_into_js(|_: JsValue| {
        with_app(&mut |app| {
            let current = dom::window()?.location().hash()?;
            app.send(Msg::HashDue { current }, None)
        })
    });
    dom::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), wait as i32)?;
    Ok(())
}
