//! Quiz mode on the page: the gradients are hidden and the student fills them in, from the
//! output backward, one wire at a time (the checking and hints are `lessons::quiz`).
//!
//! The canvas shows every value, the gradients answered so far and a "?" on the asked
//! wire; the page hides what would give the answers away (the gradient column, the gate
//! and numerical-check panels, the animation), by the `quiz` class on `<body>`.
//!
//! The sentences (the question, the replies, the score) are the lesson's (`lessons::quiz::say`),
//! in the language of the build.

use circuit::FrameState;
use lang::fill;
use lessons::quiz::say;
use lessons::quiz::{Quiz, Verdict};
use wasm_bindgen::JsValue;

use crate::app::App;
use crate::dom::{set_hidden, set_text};
use autodiff::format::number;

impl App {
    /// The Quiz button: into quiz mode (the answer field gets the focus) or out of it.
    pub fn toggle_quiz(&mut self) -> Result<(), JsValue> {
        self.page.state.class.quiz = !self.page.state.class.quiz;
        self.show_quiz();
        self.refresh_all(None)?;
        self.schedule_hash()?;
        if self.quiz.is_some() {
            self.els.answer.focus()?;
        }
        Ok(())
    }

    /// Starts or ends the quiz as the state says, with the current numbers. Called when the
    /// mode changes and when the numbers do (an edit starts the quiz again).
    pub fn show_quiz(&mut self) {
        let on = self.page.state.class.quiz;
        if let Some(body) = self.doc.body() {
            let _ = body.class_list().toggle_with_force("quiz", on);
        }
        crate::dom::set_pressed(&self.els.quiz, on);
        set_hidden(&self.els.quiz_form, !on);
        // With the page in pieces, None until the Quiz's piece has arrived; then this runs
        // again (and the quiz starts then).
        let model = &self.page.model;
        self.quiz = if on { crate::split::quiz(&model.graph, &model.steps, App::quiz_arrived) } else { None };
        if on {
            // The animation would show the answers.
            self.page.reset_clock();
            self.logged = 0;
            crate::dom::clear(&self.els.log);
        }
        set_text(&self.els.quiz_feedback, "");
        self.refresh_prompt();
    }

    /// The Quiz's piece has arrived (with the page in pieces): the quiz starts and is drawn,
    /// and the answer field takes the focus if the Quiz button that asked for it has it.
    fn quiz_arrived(&mut self) {
        self.show_quiz();
        let _ = self.refresh_all(None);
        let on_button = self.doc.active_element().is_some_and(|e| e.id() == "quiz");
        if on_button && self.quiz.is_some() {
            let _ = self.els.answer.focus();
        }
    }

    /// The answer field was submitted (Enter or Check).
    pub fn quiz_answer(&mut self) -> Result<(), JsValue> {
        let Some(quiz) = self.quiz.as_mut() else { return Ok(()) };
        let text = self.els.answer.value();
        let before = quiz.current().map(|b| (b.name.clone(), b.answer));
        let said = match crate::split::answer(quiz, &text) {
            Verdict::Right => {
                self.els.answer.set_value("");
                before.map(|(name, v)| fill(say::RIGHT_GRADIENT, &[&self.grad_is(&name, v)]))
            }
            // The answer stays selected: the next one typed replaces it. The hint is the
            // lesson's, in the build's language.
            Verdict::Wrong => {
                self.els.answer.select();
                Some(fill(say::NOT_YET_HINT, &[&crate::split::hint(quiz, quiz.asked())]))
            }
            Verdict::NotANumber => {
                self.els.answer.select();
                Some(say::NOT_A_NUMBER.to_string())
            }
            Verdict::Finished => None,
        };
        self.quiz_said(said.unwrap_or_default())
    }

    /// "Show the answer": fills in the asked gradient, not counted as right.
    pub fn quiz_reveal(&mut self) -> Result<(), JsValue> {
        let Some(quiz) = self.quiz.as_mut() else { return Ok(()) };
        let Some(name) = quiz.current().map(|b| b.name.clone()) else { return Ok(()) };
        let said = crate::split::reveal(quiz).map(|v| self.grad_is(&name, v)).unwrap_or_default();
        self.els.answer.set_value("");
        self.quiz_said(said)
    }

    /// "df/dq = -4."
    fn grad_is(&self, name: &str, v: f64) -> String {
        ["d", &self.page.model.output_name(), "/d", name, " = ", &number(v), "."].concat()
    }

    /// Shows `said` (and the score once every blank is done), the next question and the
    /// canvas with the new gradient.
    fn quiz_said(&mut self, mut said: String) -> Result<(), JsValue> {
        if let Some(quiz) = &self.quiz {
            if quiz.finished() {
                let s = quiz.score();
                said = fill(
                    say::SAID_AND_FINISHED,
                    &[
                        &said,
                        &number(s.first_try as f64),
                        &number(s.total as f64),
                        &number(s.attempts as f64),
                    ],
                );
            }
        }
        set_text(&self.els.quiz_feedback, &said);
        self.refresh_prompt();
        self.draw()
    }

    /// The question, with how far the student is; the field goes away once done.
    fn refresh_prompt(&self) {
        // "The gradient on q: df/dq = ? (2 / 5)", or nothing once every blank is done.
        let prompt = self.quiz.as_ref().and_then(crate::split::question);
        let done = prompt.is_none();
        let prompt = prompt.unwrap_or_default();
        set_text(&self.els.quiz_prompt, &prompt);
        set_hidden(self.els.answer.as_ref(), done);
        set_hidden(self.els.check.as_ref(), done);
        set_hidden(self.els.reveal.as_ref(), done);
    }

    /// The quiz's frame: every value, the gradients answered so far, "?" on the asked one
    /// ("t3 = ?" when the circuit shows no name for it; no gradient at all while the Quiz's
    /// piece loads).
    pub fn quiz_frame(&self, quiz: Option<&Quiz>) -> FrameState {
        let mut frame = FrameState::complete(&self.page.model.graph);
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
        frame.asked = quiz.and_then(|q| q.current()).map(|b| b.node);
        // "t3" is the quiz's name for a value the program leaves unnamed: write it by the "?".
        let graph = &self.page.model.graph;
        frame.asked_name =
            quiz.and_then(|q| q.current()).filter(|b| graph.name(b.node).is_none()).map(|b| b.name.clone());
        frame
    }
}
