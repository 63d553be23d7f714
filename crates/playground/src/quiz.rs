//! Quiz mode on the page: the gradients are hidden and the student fills them in, from the
//! output backward, one wire at a time (the checking and hints are `lessons::quiz`).
//!
//! The canvas shows every value, the gradients answered so far and a "?" on the asked
//! wire; the page hides what would give the answers away (the gradient column, the gate
//! and numerical-check panels, the animation), by the `quiz` class on `<body>`.
//!
//! The sentences (the question, the replies, the score) are the lesson's (`lessons::quiz::say`),
//! in the language of the build.

use lang::fill;
use lessons::quiz::say;
use lessons::quiz::{Quiz, Verdict};
use wasm_bindgen::JsValue;

use crate::app::App;
use crate::dom::{set_hidden, set_text};
use crate::msg::Msg;
use crate::split::{Open, QuizOp};
use autodiff::format::number;

impl App {
    /// Starts or ends the quiz as the state says, with the current numbers. Called when the
    /// mode changes and when the numbers do (an edit starts the quiz again). The quiz itself
    /// is its piece's ([`App::quiz_op`]), fetched when quiz mode is first on; until it is
    /// there no question shows, and still no gradient.
    pub fn show_quiz(&mut self) {
        let on = self.page.state.class.quiz;
        if let Some(body) = self.doc.body() {
            let _ = body.class_list().toggle_with_force("quiz", on);
        }
        crate::dom::set_pressed(&self.els.quiz, on);
        set_hidden(&self.els.quiz_form, !on);
        if on {
            // The clock rests at the full state in quiz mode (`Page`): no log.
            self.logged = 0;
            crate::dom::clear(&self.els.log);
        }
        set_text(&self.els.quiz_feedback, "");
        self.show_prompt(None);
        if on {
            let _ = crate::split::open(self, Open::Quiz(QuizOp::Start));
        }
    }

    /// The answer field was submitted (Enter or Check).
    pub fn quiz_answer(&mut self) -> Result<(), JsValue> {
        match self.page.quiz {
            Some(_) => crate::split::open(self, Open::Quiz(QuizOp::Answer)),
            None => Ok(()),
        }
    }

    /// "Show the answer": fills in the asked gradient, not counted as right.
    pub fn quiz_reveal(&mut self) -> Result<(), JsValue> {
        match self.page.quiz {
            Some(_) => crate::split::open(self, Open::Quiz(QuizOp::Reveal)),
            None => Ok(()),
        }
    }

    /// The Quiz's piece: the quiz's checking, hints and sentences.
    pub fn quiz_op(&mut self, op: QuizOp) -> Result<(), JsValue> {
        match op {
            QuizOp::Start => self.start_quiz(),
            QuizOp::Answer => self.check_answer(),
            QuizOp::Reveal => self.reveal_answer(),
        }
    }

    /// A new quiz on the current numbers; the answer field takes the focus if the Quiz button
    /// that asked for it has it (its piece may arrive after the click).
    fn start_quiz(&mut self) -> Result<(), JsValue> {
        if !self.page.state.class.quiz {
            return Ok(());
        }
        let model = &self.page.model;
        self.send(Msg::QuizIs(Box::new(Quiz::new(&model.graph, &model.steps))), None)?;
        self.refresh_prompt();
        if self.doc.active_element().is_some_and(|e| e.id() == "quiz") {
            self.els.answer.focus()?;
        }
        Ok(())
    }

    fn check_answer(&mut self) -> Result<(), JsValue> {
        let Some(mut quiz) = self.page.quiz.clone() else { return Ok(()) };
        let text = self.els.answer.value();
        let before = quiz.current().map(|b| (b.name.clone(), b.answer));
        let said = match quiz.answer(&text) {
            Verdict::Right => {
                self.els.answer.set_value("");
                before.map(|(name, v)| fill(say::RIGHT_GRADIENT, &[&self.grad_is(&name, v)]))
            }
            // The answer stays selected: the next one typed replaces it. The hint is the
            // lesson's, in the build's language.
            Verdict::Wrong => {
                self.els.answer.select();
                Some(fill(say::NOT_YET_HINT, &[&quiz.hint(quiz.asked())]))
            }
            Verdict::NotANumber => {
                self.els.answer.select();
                Some(say::NOT_A_NUMBER.to_string())
            }
            Verdict::Finished => None,
        };
        self.quiz_said(quiz, said.unwrap_or_default())
    }

    fn reveal_answer(&mut self) -> Result<(), JsValue> {
        let Some(mut quiz) = self.page.quiz.clone() else { return Ok(()) };
        let Some(name) = quiz.current().map(|b| b.name.clone()) else { return Ok(()) };
        let said = quiz.reveal().map(|v| self.grad_is(&name, v)).unwrap_or_default();
        self.els.answer.set_value("");
        self.quiz_said(quiz, said)
    }

    /// "df/dq = -4."
    fn grad_is(&self, name: &str, v: f64) -> String {
        ["d", &self.page.model.output_name(), "/d", name, " = ", &number(v), "."].concat()
    }

    /// Hands the page the quiz after an answer (the canvas shows the new gradient), and
    /// shows `said` (and the score once every blank is done) and the next question.
    fn quiz_said(&mut self, quiz: Quiz, mut said: String) -> Result<(), JsValue> {
        if quiz.finished() {
            let s = quiz.score();
            said = fill(
                say::SAID_AND_FINISHED,
                &[&said, &number(s.first_try as f64), &number(s.total as f64), &number(s.attempts as f64)],
            );
        }
        self.send(Msg::QuizIs(Box::new(quiz)), None)?;
        set_text(&self.els.quiz_feedback, &said);
        self.refresh_prompt();
        Ok(())
    }

    /// The question, with how far the student is; the field goes away once done.
    fn refresh_prompt(&self) {
        // "The gradient on q: df/dq = ? (2 / 5)", or nothing once every blank is done.
        self.show_prompt(self.page.quiz.as_ref().and_then(Quiz::question));
    }

    /// The question, or no question and no answer field.
    fn show_prompt(&self, prompt: Option<String>) {
        let done = prompt.is_none();
        set_text(&self.els.quiz_prompt, &prompt.unwrap_or_default());
        set_hidden(self.els.answer.as_ref(), done);
        set_hidden(self.els.check.as_ref(), done);
        set_hidden(self.els.reveal.as_ref(), done);
    }
}
