//! The Lesson as a mode of the page's state machine: opening and closing it, Back and Next
//! (each step's set-up: program, values, σ gates, the animation's position, h), the link's
//! `lesson=N`, the progress kept for the next visit, and after every message the step's rule,
//! whose outcome the status line says. Plain Rust, tested with `machine`; the steps and their
//! rules are `lessons::lesson`'s, the words are fetched (`Msg::LessonWords`).

use autodiff::NodeId;
use lang::t;
use lessons::history::History;
use lessons::lesson::{Lesson, Outcome, Seen, Words, H_START, STEPS};

use crate::machine::{undo_state, Page};
use crate::model::Model;
use crate::msg::Effects;
use crate::state::{State, EXAMPLES, H_CHOICES};

/// What the Lesson's panel shows, in the words of the build's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonView {
    /// "Step 5 of 13" (", done" once it is).
    pub progress: String,
    pub title: String,
    pub text: String,
    pub task: String,
    /// Whether the answer field is shown.
    pub asks: bool,
    /// Whether Back and Next lead anywhere.
    pub back: bool,
    pub next: bool,
}

impl Page {
    /// The Lesson button: closes the Lesson, or opens it at the step it was left at.
    pub(crate) fn toggle_lesson(&mut self, now: f64, fx: &mut Effects) {
        fx.lesson = true;
        fx.draw = true;
        if self.state.lesson.take().is_none() {
            self.set_up(self.lesson.index(), now, fx);
        }
    }

    /// Back or Next: the step before or after, set up afresh (nothing past either end).
    pub(crate) fn lesson_step(&mut self, delta: i32, now: f64, fx: &mut Effects) {
        let Some(i) = self.state.lesson else { return };
        let next = (i as i64 + i64::from(delta)).clamp(0, STEPS.len() as i64 - 1) as usize;
        if next != i {
            self.set_up(next, now, fx);
        }
    }

    /// Step `i`'s set-up: its program at its starting values, its σ gates, the animation
    /// at its start or its end, the default h; the teacher's settings and η stay, and Undo
    /// starts again (it does not cross from one step into another). A locked program is the
    /// teacher's lock on the student, not on the lesson's own steps.
    fn set_up(&mut self, i: usize, _now: f64, fx: &mut Effects) {
        self.lesson.go(i);
        let step = self.lesson.step();
        let example = EXAMPLES.iter().find(|e| e.program == step.program).unwrap_or(&EXAMPLES[0]);
        let next = State {
            program: step.program.to_string(),
            expanded: step.expanded,
            h_index: H_CHOICES.iter().position(|&h| h == H_START).unwrap_or(4),
            eta: self.state.eta,
            class: self.state.class.clone(),
            lesson: Some(self.lesson.index()),
            ..State::from_example(example)
        };
        // Every step's program compiles (a native test in `lessons`).
        let Ok(model) = Model::new(&next) else { return };
        self.state = next;
        self.link_error = None;
        self.replace_model(model, fx);
        self.start_position();
        self.history = History::new(undo_state(&self.state));
        fx.controls = true;
        fx.fit = true;
        fx.undo_buttons = true;
        self.opened(fx);
    }

    /// A step that starts before the forward pass rests at the timeline's start.
    fn start_position(&mut self) {
        if self.lesson.step().at_start && self.state.t.is_none() {
            self.state.t = Some(0);
            self.link_position();
        }
    }

    /// The Lesson shows its step: the status line empty, the progress kept, the words
    /// fetched if they are not here yet.
    fn opened(&mut self, fx: &mut Effects) {
        self.lesson_said.clear();
        self.done_here = false;
        fx.lesson = true;
        fx.lesson_said = Some(String::new());
        fx.progress = Some(self.lesson.progress());
        fx.fetch_words = self.words.is_none();
    }

    /// The link's `lesson=N`: step N, set up, unless the link holds that step's program
    /// already (a reload in the middle of a step keeps the student's values).
    pub(crate) fn open_linked_lesson(&mut self, now: f64, fx: &mut Effects) {
        fx.lesson = true;
        let Some(i) = self.state.lesson else { return };
        self.lesson.go(i);
        if self.state.program == self.lesson.step().program {
            self.state.lesson = Some(self.lesson.index());
            self.start_position();
            self.opened(fx);
        } else {
            self.set_up(i, now, fx);
        }
    }

    /// The progress kept from the last visit (`Lesson::progress`): the steps done, and the
    /// step the Lesson opens at, unless the link names one.
    pub fn keep_progress(&mut self, text: &str) {
        let Some(mut kept) = Lesson::from_progress(text) else { return };
        if let Some(i) = self.state.lesson {
            kept.go(i);
        }
        self.lesson = kept;
    }

    /// The words arrived (or could not be fetched: the Lesson closes and says so).
    pub(crate) fn lesson_words(&mut self, text: Option<String>, fx: &mut Effects) {
        fx.lesson = true;
        self.lesson_said.clear();
        self.words = text.and_then(|text| Words::parse(&text).ok());
        if self.words.is_none() {
            self.state.lesson = None;
            fx.draw = true;
            fx.error = Some(
                t!("The lesson could not be loaded. Check the connection and press Lesson again.").into(),
            );
        }
    }

    /// The step's rule on the page as it is now; the status line follows its outcome, and
    /// once the step is done it keeps saying so.
    pub(crate) fn check_lesson(&mut self, fx: &mut Effects) {
        let seen = Seen {
            program: &self.state.program,
            graph: &self.model.base,
            drawn: &self.model.graph,
            twin: self.model.twin(),
            expanded: self.state.expanded,
            h: self.state.h(),
            selected: self.state.selected.map(NodeId),
            position: self.state.t,
            end: self.timeline.len(),
        };
        let was_done = self.lesson.is_done();
        let outcome = self.lesson.check(&seen);
        let done = matches!(outcome, Outcome::Done(_));
        if done && !was_done {
            fx.progress = Some(self.lesson.progress());
            fx.lesson = true;
        }
        let Some(words) = &self.words else { return };
        if self.done_here && !done {
            return;
        }
        self.done_here |= done;
        let text = match &outcome {
            Outcome::Todo => String::new(),
            Outcome::Hint(said) | Outcome::Done(said) => words.say(said),
        };
        if text != self.lesson_said {
            self.lesson_said.clone_from(&text);
            fx.lesson_said = Some(text);
        }
    }

    /// What the Lesson's panel shows, while it is open and its words are here.
    pub fn lesson_view(&self) -> Option<LessonView> {
        let (i, words) = (self.state.lesson?, self.words.as_ref()?);
        let step = self.lesson.step();
        let (n, of) =
            (autodiff::format::number(i as f64 + 1.0), autodiff::format::number(STEPS.len() as f64));
        let progress = if self.lesson.is_done() { "ui.step-done" } else { "ui.step" };
        Some(LessonView {
            progress: lang::fill(words.get(progress), &[&n, &of]),
            title: words.of(step, "title"),
            text: words.of(step, "text"),
            task: words.of(step, "task"),
            asks: step.task.asks(),
            back: i > 0,
            next: i + 1 < STEPS.len(),
        })
    }

    /// The node the step highlights on the circuit, while the Lesson is open.
    pub fn lesson_spot(&self) -> Option<NodeId> {
        self.state.lesson?;
        self.lesson.step().spot.node(&self.model.graph)
    }

    /// The part of the page the step points at (`lessons::lesson::Panel::name`).
    pub fn lesson_panel(&self) -> Option<&'static str> {
        self.state.lesson?;
        Some(self.lesson.step().panel.name())
    }
}

#[cfg(test)]
#[path = "lesson_tests.rs"]
mod tests;
