//! The page as a state machine: the web layer decodes each DOM event into a [`Msg`],
//! [`Page::update`] decides what changes (state, model, timeline, clock, undo history, URL
//! hash) and returns the [`Effects`] (what to show again), and the web layer applies them.
//! Plain Rust, with time as a parameter, tested natively: the policy lives here, the DOM in
//! `app` and `events`.

use autodiff::format::number;
use autodiff::{Direction, NodeId};
use circuit::{FrameState, Timeline};
use lang::{fill, t};
use lessons::code::Style;
use lessons::history::History;
use lessons::lesson::{PageView, SetUp, H_START};
use lessons::quiz::Quiz;

use crate::clock::Clock;
use crate::keys::{self, Action, Press};
use crate::link::{load, HashWrites};
use crate::model::Model;
use crate::msg::{Changed, Effects, Keyed, Msg};
use crate::state::{example, h_index_of, State, H_CHOICES, LEARNING_PRESET};
use autodiff::format::parse_number;

/// What an edit changed, for Undo: steps of a burst of the same kind (typing the program,
/// dragging an input) join into one undo step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Edit {
    Program,
    Value,
    /// An example, σ expansion or gradient step: always an undo step of its own.
    Other,
}

/// What a link holds that a message may change without a new model ([`Page::linked`]).
type Linked = (Option<usize>, Option<u32>, usize, Option<usize>, bool, Option<Style>, bool);

/// Steps of the same kind closer than this join into one undo step.
pub const BURST_MS: f64 = 1000.0;
/// Everything the page decides with: the state, what derives from it, and the policy's
/// memory (the clock, the undo history, the hash writes).
#[derive(Debug)]
pub struct Page {
    pub state: State,
    pub model: Model,
    pub timeline: Timeline,
    pub clock: Clock,
    /// The message about a refused link, shown until the next successful parse.
    pub link_error: Option<String>,
    /// Every edit, for Undo and Redo, and the last one: its kind and when.
    pub history: History<State>,
    last_edit: Option<(Edit, f64)>,
    pub hash: HashWrites,
    /// The quiz, in quiz mode, once the Quiz's piece has made it for the numbers now.
    pub quiz: Option<Quiz>,
    /// The learning preset's trainer is running (a step every few ms, the trainer's piece's).
    pub training: bool,
    /// The shortest round-trip number writer and the percent-decoder the hash uses (the
    /// browser's on the page, which keeps them out of the wasm).
    exact: fn(f64) -> String,
    decode: fn(&str) -> Result<String, String>,
}

/// What Undo restores: the state without the animation position and selection.
fn undo_state(state: &State) -> State {
    State { t: None, selected: None, ..state.clone() }
}

impl Page {
    /// The page a link opens (`hash` as in the address bar), with the hash's number writer
    /// and decoder.
    pub fn new(hash: &str, exact: fn(f64) -> String, decode: fn(&str) -> Result<String, String>) -> Page {
        let (state, model, link_error) = load(hash, decode);
        let history = History::new(undo_state(&state));
        let timeline = Timeline::new(&model.graph, &model.steps);
        let mut page = Page {
            state,
            model,
            timeline,
            clock: Clock::default(),
            link_error,
            history,
            last_edit: None,
            hash: HashWrites::new(hash),
            quiz: None,
            training: false,
            exact,
            decode,
        };
        page.link_position();
        page
    }

    /// The animation back to the full state (a new model, quiz mode).
    fn reset_clock(&mut self) {
        self.state.t = None;
        self.link_position();
    }

    /// The state's timeline position and selection, on the model: a gate that is not
    /// there is not selected, and the clock rests at the position. In quiz mode it rests at
    /// the full state: the animation would show the answers.
    fn link_position(&mut self) {
        if self.state.class.quiz {
            self.state.t = None;
        }
        if let Some(sel) = self.state.selected {
            if self.model.gate_panel(NodeId(sel)).is_none() {
                self.state.selected = None;
            }
        }
        let speed = self.clock.speed;
        self.clock = Clock::paused_at(self.state.t, self.timeline.len());
        self.clock.speed = speed;
        self.state.t = self.clock.rest();
    }

    /// The URL hash for the state now (with `#`).
    pub fn hash_text(&self) -> String {
        ["#", &self.state.to_hash_with(&self.model.input_values(), self.exact)].concat()
    }

    /// The frame the canvas shows now: the quiz's, the timeline's while a run is under way
    /// (`whole_steps`: on its step, for reduced motion), or the full state.
    pub fn frame(&self, whole_steps: bool) -> FrameState {
        let clock = &self.clock;
        if self.state.class.quiz {
            self.quiz_frame()
        } else if clock.started && clock.t < self.timeline.len() as f64 {
            self.timeline.state_at(if whole_steps { clock.t.floor() } else { clock.t })
        } else {
            FrameState::complete(&self.model.graph)
        }
    }

    /// The quiz's frame: every value, the gradients answered so far, "?" on the asked one
    /// ("t3 = ?" when the circuit shows no name for it; no gradient at all before the
    /// Quiz's piece has made the quiz).
    fn quiz_frame(&self) -> FrameState {
        let graph = &self.model.graph;
        let quiz = self.quiz.as_ref();
        let mut frame = FrameState::complete(graph);
        let mut answered = vec![false; frame.grads.len()];
        let blanks = quiz.map_or(&[][..], |q| &q.blanks()[..q.asked().min(q.blanks().len())]);
        for b in blanks {
            if let Some(slot) = answered.get_mut(b.node.index()) {
                *slot = true;
            }
        }
        for (g, shown) in frame.grads.iter_mut().zip(answered) {
            if !shown {
                *g = None;
            }
        }
        let asked = quiz.and_then(Quiz::current);
        frame.asked = asked.map(|b| b.node);
        // "t3" is the quiz's name for a value the program leaves unnamed: write it by the "?".
        frame.asked_name = asked.filter(|b| graph.name(b.node).is_none()).map(|b| b.name.clone());
        frame
    }

    /// The page as the Lesson reads it; `values` are the model's input values
    /// ([`Model::input_values`]).
    pub fn lesson_view<'a>(&'a self, values: &'a [(String, f64)]) -> PageView<'a> {
        PageView {
            program: &self.state.program,
            values,
            expanded: self.state.expanded,
            h: self.state.h(),
            selected: self.state.selected,
            position: self.state.t,
            end: self.timeline.len(),
        }
    }

    /// What a link holds that a message may change without a new model: the position, the
    /// selection, h, the Lesson's step and the panels' modes.
    fn linked(&self) -> Linked {
        let class = &self.state.class;
        (
            self.state.t,
            self.state.selected,
            self.state.h_index,
            self.state.lesson,
            class.quiz,
            class.code,
            class.fork,
        )
    }

    /// Applies `msg` at time `now` (ms, the clock of [`Msg::HashDue`] and undo bursts).
    pub fn update(&mut self, msg: Msg, now: f64) -> Effects {
        let before = self.linked();
        let mut fx = Effects::default();
        self.apply(msg, now, &mut fx);
        if !self.clock.playing {
            self.state.t = self.clock.rest();
        }
        // A playing clock keeps the hash as it was: no write per frame.
        if fx.changed.all() || before != self.linked() {
            fx.hash_in = self.hash.schedule(now);
        }
        fx
    }

    fn apply(&mut self, msg: Msg, now: f64, fx: &mut Effects) {
        let len = self.timeline.len();
        match msg {
            Msg::Play => fx.frame = self.clock.toggle_play(len),
            Msg::Step(delta) => self.clock.step(delta, len),
            Msg::Restart => self.clock.restart(),
            Msg::Seek(t) => self.clock.seek(t, len),
            Msg::Speed(s) => {
                self.clock.speed = s;
                return;
            }
            Msg::Frame(ts) => {
                if !self.clock.playing {
                    return;
                }
                fx.changed = if self.clock.frame(ts, len) { Changed::Position } else { Changed::Picture };
                fx.frame = self.clock.playing;
                return;
            }
            Msg::Key(press) => return self.key(&press, now, fx),
            Msg::Undo => return self.undo(false, fx),
            Msg::Redo => return self.undo(true, fx),
            Msg::Example(id) => return self.choose_example(&id, now, fx),
            Msg::Program(text) => return self.edit_program(text, now, fx),
            Msg::Input(name, v) => {
                self.state.set_value(&name, v);
                self.values_changed(fx);
                return self.remember(Edit::Value, now, fx);
            }
            Msg::Trained(values) => {
                for (name, v) in values {
                    self.state.set_value(&name, v);
                }
                return self.values_changed(fx);
            }
            Msg::Expand => {
                self.state.expanded = !self.state.expanded;
                self.state.selected = None;
                let mut model = self.model.clone();
                model.update(&self.state);
                self.replace_model(model, fx);
                fx.changed = Changed::Model { fit: true };
                return self.remember(Edit::Other, now, fx);
            }
            Msg::Quiz => {
                self.state.class.quiz = !self.state.class.quiz;
                self.quiz = None;
                self.reset_clock();
                fx.changed = Changed::Quiz;
                return;
            }
            Msg::QuizIs(quiz) => {
                // A quiz made after quiz mode went off is no one's.
                if self.state.class.quiz {
                    self.quiz = Some(*quiz);
                    fx.changed = Changed::Picture;
                }
                return;
            }
            Msg::Code => {
                self.state.class.code = match self.state.class.code {
                    Some(_) => None,
                    None => Some(Style::Staged),
                };
                fx.changed = Changed::Code;
                return;
            }
            Msg::CodeStyle(style) => {
                self.state.class.code = Some(style);
                fx.changed = Changed::Code;
                return;
            }
            Msg::Train => {
                // Only the learning preset shows the trainer.
                if self.state.example == LEARNING_PRESET {
                    self.training = !self.training;
                    fx.changed = Changed::Training;
                }
                return;
            }
            Msg::TrainReset => {
                if self.training {
                    self.training = false;
                    fx.changed = Changed::Training;
                }
                return;
            }
            Msg::Fork => {
                self.state.class.fork = !self.state.class.fork;
                fx.changed = Changed::Fork;
                return;
            }
            Msg::Select(id) => return self.select(id, fx),
            Msg::MoveSelection(delta) => return self.move_selection(delta, fx),
            Msg::GradientStep(eta, direction) => return self.gradient_step(&eta, direction, now, fx),
            Msg::H(index) => {
                self.state.h_index = index.min(H_CHOICES.len() - 1);
                fx.changed = Changed::Check;
                return;
            }
            Msg::HashChanged(hash) => return self.hash_changed(hash, fx),
            Msg::HashDue { current } => {
                fx.write_hash = self.hash.write(now, &current, self.hash_text());
                return;
            }
            Msg::Lesson(setup) => return self.lesson(setup, fx),
        }
        // The clock's messages.
        fx.changed = Changed::Position;
    }

    fn key(&mut self, press: &Press, now: f64, fx: &mut Effects) {
        let Some(action) = keys::action(press, self.state.class.quiz) else { return };
        fx.key = Keyed::Handled;
        let msg = match action {
            Action::Undo => Msg::Undo,
            Action::Redo => Msg::Redo,
            Action::MoveSelection(d) => Msg::MoveSelection(d),
            Action::SelectCurrent => match self.state.selected {
                Some(id) => Msg::Select(Some(NodeId(id))),
                None => Msg::MoveSelection(1),
            },
            Action::ClearSelection => Msg::Select(None),
            Action::Play => Msg::Play,
            Action::Step(d) => Msg::Step(d),
            Action::Restart => Msg::Restart,
            Action::ChooseCodeLine => return fx.key = Keyed::CodeLine,
            Action::Zoom(f) => return fx.key = Keyed::Zoom(f),
        };
        self.apply(msg, now, fx);
    }

    /// A new model (new program, example or expansion): a new timeline, the selection if
    /// the gate is still there, and the animation back to the full state. The caller says
    /// whether the view fits it, and whether the whole state is new
    /// ([`Changed::Model`] or [`Changed::State`]).
    fn replace_model(&mut self, model: Model, fx: &mut Effects) {
        self.model = model;
        self.timeline = Timeline::new(&self.model.graph, &self.model.steps);
        self.quiz = None;
        // Another circuit than the learning preset's: the trainer stops.
        self.training &= self.state.example == LEARNING_PRESET;
        self.reset_clock();
        fx.changed = Changed::Model { fit: false };
    }

    /// The state's input values changed: the numbers and the timeline (same circuit).
    fn values_changed(&mut self, fx: &mut Effects) {
        self.model.update(&self.state);
        self.timeline = Timeline::new(&self.model.graph, &self.model.steps);
        if self.state.class.quiz {
            // The quiz starts again on the new numbers, from the full state.
            self.quiz = None;
            self.reset_clock();
        }
        fx.changed = Changed::Numbers;
    }

    /// Records the state after an edit, for Undo.
    fn remember(&mut self, kind: Edit, now: f64, fx: &mut Effects) {
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
        fx.undo = true;
    }

    /// Undo (or, with `redo`, Redo) the last edit: program, input values, example and
    /// expansion come back; h, η and the classroom settings (quiz mode too) stay.
    fn undo(&mut self, redo: bool, fx: &mut Effects) {
        let target = if redo { self.history.redo() } else { self.history.undo() };
        let Some(state) = target.cloned() else { return };
        self.last_edit = None;
        let Ok(model) = Model::new(&state) else { return };
        let same_circuit = state.program == self.state.program && state.expanded == self.state.expanded;
        let class = self.state.class.clone();
        // The Lesson's step and highlight stay: Undo is within the step.
        let (lesson, highlight) = (self.state.lesson, self.state.highlight.take());
        self.state =
            State { h_index: self.state.h_index, eta: self.state.eta, class, lesson, highlight, ..state };
        self.link_error = None;
        self.replace_model(model, fx);
        fx.changed = Changed::State { fit: !same_circuit };
        fx.undo = true;
    }

    /// The example menu: the example's program and values, keeping h, η and the
    /// classroom settings. A locked link keeps its program.
    fn choose_example(&mut self, id: &str, now: f64, fx: &mut Effects) {
        let Some(e) = example(id).filter(|_| !self.state.class.lock) else { return };
        let class = self.state.class.clone();
        let next = State {
            h_index: self.state.h_index,
            eta: self.state.eta,
            class,
            lesson: self.state.lesson,
            highlight: self.state.highlight.take(),
            ..State::from_example(e)
        };
        let Ok(model) = Model::new(&next) else { return };
        self.state = next;
        self.link_error = None;
        self.replace_model(model, fx);
        fx.changed = Changed::State { fit: true };
        self.remember(Edit::Other, now, fx);
    }

    /// The program text changed: a new circuit if it parses, else the last good one stays
    /// and the error says where it fails. Values the student set survive for inputs whose
    /// literal in the program is unchanged.
    fn edit_program(&mut self, text: String, now: f64, fx: &mut Effects) {
        let mut next = self.state.clone();
        next.program = text;
        next.values.clear();
        let mut fresh = match Model::new(&next) {
            Ok(fresh) => fresh,
            Err(msg) => return fx.error = Some(msg),
        };
        let old = &self.model.defaults;
        for (name, v) in &self.state.values {
            let was = old.iter().find(|(n, _)| n == name).map(|p| p.1);
            let is = fresh.defaults.iter().find(|(n, _)| n == name).map(|p| p.1);
            if matches!((was, is), (Some(a), Some(b)) if a.to_bits() == b.to_bits()) {
                next.values.push((name.clone(), *v));
            }
        }
        fresh.update(&next);
        let fit = fresh.graph.len() != self.model.graph.len();
        self.state = next;
        self.link_error = None;
        self.replace_model(fresh, fx);
        fx.changed = Changed::Model { fit };
        self.remember(Edit::Program, now, fx);
    }

    fn gradient_step(&mut self, eta: &str, direction: Direction, now: f64, fx: &mut Effects) {
        let Some(eta) = parse_number(eta).filter(|e| autodiff::is_step_size(*e)) else {
            return fx.step_result = Some(t!("Step size η must be a number ≥ 0.").into());
        };
        self.state.eta = eta;
        let report = self.model.base.gradient_step(eta, direction);
        for (name, v) in self.model.input_values() {
            self.state.set_value(&name, v);
        }
        self.values_changed(fx);
        fx.step_result = Some(fill(
            t!("{0}: {1} → {2}, predicted {3} (first-order prediction: change {4} predicted, {5} actual)"),
            &[
                &self.model.output_name(),
                &number(report.old_output),
                &number(report.new_output),
                &number(report.old_output + report.predicted_change),
                &number(report.predicted_change),
                &number(report.actual_change()),
            ],
        ));
        self.remember(Edit::Other, now, fx);
    }

    /// Selects a gate (an id that is not a gate clears the selection) and says so.
    fn select(&mut self, id: Option<NodeId>, fx: &mut Effects) {
        let panel = id.and_then(|n| self.model.gate_panel(n));
        self.state.selected = id.filter(|_| panel.is_some()).map(|n| n.0);
        // Screen readers hear what was selected; the panel holds the details. The title is
        // already in the build's language (`Model::gate_panel`); the gradients are formulas.
        fx.changed = Changed::Selection(match panel {
            Some(p) => {
                let mut locals = String::new();
                for (k, l) in p.locals.iter().enumerate() {
                    if k > 0 {
                        locals.push_str(", ");
                    }
                    for part in ["d", &l.out, "/d", &l.input, " = ", &l.formula(), " = ", &number(l.local)] {
                        locals.push_str(part);
                    }
                }
                fill(t!("Selected {0}. Local gradients: {1}."), &[&p.title, &locals])
            }
            None => String::new(),
        });
    }

    /// Moves the selection to the next (`+1`) or previous (`-1`) gate in evaluation order.
    fn move_selection(&mut self, delta: i32, fx: &mut Effects) {
        let gates = self.model.gates();
        if gates.is_empty() {
            return;
        }
        let n = gates.len() as i32;
        let current = self.state.selected.and_then(|s| gates.iter().position(|g| g.0 == s));
        let next = match current {
            Some(i) => (i as i32 + delta).rem_euclid(n),
            None if delta > 0 => 0,
            None => n - 1,
        };
        self.select(Some(gates[next as usize]), fx)
    }

    /// The URL hash changed from outside: open it, unless it is the page's own.
    fn hash_changed(&mut self, hash: String, fx: &mut Effects) {
        let own = hash == self.hash_text();
        self.hash.seen = hash;
        if own {
            return;
        }
        let (state, model, link_error) = load(&self.hash.seen, self.decode);
        let t = state.t;
        self.state = State { eta: self.state.eta, ..state };
        self.link_error = link_error;
        self.replace_model(model, fx);
        self.state.t = t;
        self.link_position();
        fx.changed = Changed::State { fit: true };
    }

    /// The Lesson sets up a step: its program at its starting values (a locked link does not
    /// stop it: the Lesson's programs are the Lesson's), σ gates, position, selection, the
    /// step and its highlight, h back to its start; the teacher's settings and η stay. Undo
    /// starts again within the step. `None`: the Lesson closed; the circuit stays.
    fn lesson(&mut self, setup: Option<SetUp>, fx: &mut Effects) {
        let Some(s) = setup else {
            self.state.lesson = None;
            self.state.highlight = None;
            fx.changed = Changed::Picture;
            return;
        };
        let next = State {
            program: s.program.to_string(),
            expanded: s.expanded,
            selected: s.select,
            h_index: h_index_of(Some(H_START)),
            eta: self.state.eta,
            class: self.state.class.clone(),
            lesson: Some(s.step),
            highlight: Some(s.spot.to_string()),
            ..State::default()
        };
        let Ok(model) = Model::new(&next) else { return };
        self.state = next;
        self.link_error = None;
        self.replace_model(model, fx);
        self.state.t = s.at_start.then_some(0);
        self.link_position();
        self.history = History::new(undo_state(&self.state));
        self.last_edit = None;
        fx.changed = Changed::State { fit: true };
        fx.undo = true;
    }
}

#[cfg(test)]
#[path = "machine_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "lesson_tests.rs"]
mod lesson_tests;
