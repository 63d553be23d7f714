//! The Lesson: the seed deck as a walk through the live page. Each [`Step`] is one idea of
//! the deck, in its order; it sets the page up (program, σ gates expanded or not, the
//! animation at its start or not, the panel it points at, a gate or wire to highlight) and
//! asks one thing, whose [`Task`] rule the engine checks against what the student did
//! ([`Seen`]), comparing with the step's starting values.
//!
//! The words are not compiled in: they are data, `crates/lessons/words/{en,ko,ja}.txt`
//! ([`Words`]), which the page fetches when the Lesson opens, so the lesson costs the page
//! nothing until a student asks for it.
//!
//! ```
//! use lessons::lesson::{Lesson, Outcome, Seen, STEPS};
//! let mut lesson = Lesson::new(STEPS.len() - 1); // "make df/dx = 6 by changing only y"
//! let mut g = autodiff::compile(lesson.step().program).unwrap();
//! let check = |lesson: &mut Lesson, g: &autodiff::Graph| {
//!     let seen = Seen::of(lesson.step().program, g);
//!     lesson.check(&seen)
//! };
//! assert_eq!(check(&mut lesson, &g), Outcome::Todo);
//! g.set_input("y", 3.0).unwrap();
//! g.recompute();
//! assert!(matches!(check(&mut lesson, &g), Outcome::Done(_)));
//! ```

use autodiff::{format::number, Graph, NodeId};

pub use rules::named;
use rules::{check, start_graph};

mod rules;
mod steps;
mod tutor;
mod words;

pub use steps::{Act, SOLUTIONS, STEPS};
pub use tutor::{LessonView, PageView, Reply, SetUp, Tutor};
pub use words::{Words, EN, JA, KO, STEP_PARTS};

/// The h the numerical check starts at in every step (the page's default, 1e-5).
pub const H_START: f64 = 1e-5;

/// One idea of the deck: the page's set-up and the one thing it asks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// The key of its words (`<id>.title`, `<id>.text`, `<id>.task`, `<id>.done`, ...).
    pub id: &'static str,
    /// The program, with its starting values as literals.
    pub program: &'static str,
    /// Whether σ gates start expanded into their primitive gates.
    pub expanded: bool,
    /// Whether the animation starts at its beginning (nothing shown yet) rather than at
    /// the full state.
    pub at_start: bool,
    /// The part of the page the step points at.
    pub panel: Panel,
    /// The named node (an input, or a named gate) it highlights on the circuit.
    pub spot: &'static str,
    /// What the student is asked to do.
    pub task: Task,
}

/// A part of the page a step points at (the page's `data-panel` names, and the animation
/// controls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// The values and gradients table.
    Values,
    /// The selected gate's local gradients.
    Gate,
    /// The numerical check.
    Numeric,
    /// Play, the steps and the timeline.
    Animation,
}

impl Panel {
    /// Every part of the page a step can point at.
    pub const ALL: [Panel; 4] = [Panel::Values, Panel::Gate, Panel::Numeric, Panel::Animation];

    /// The `data-panel` (or, for the animation, the class) of its element on the page.
    pub fn name(self) -> &'static str {
        match self {
            Panel::Values => "values",
            Panel::Gate => "gate",
            Panel::Numeric => "numeric",
            Panel::Animation => "anim",
        }
    }
}

/// The rule of a step: what counts as done. Every rule compares the page with the step's
/// starting values through the engine.
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(missing_docs)] // The fields are named in each variant's sentence.
pub enum Task {
    /// Change only the inputs `only` until each named input has the wanted gradient.
    Gradients { only: &'static [&'static str], want: &'static [(&'static str, f64)] },
    /// Change only `only` until the max gate (or gates) sends the gradient to `to` and
    /// none to `from`; with `ask`, then type the name of the input that gets it.
    Route { only: &'static [&'static str], to: &'static str, from: &'static str, ask: bool },
    /// Choose an h at which the one-sided estimate (f(x+h) − f(x)) / h of d output /
    /// d `input` is off the gradient by more than the fraction `over`.
    CoarseH { input: &'static str, over: f64 },
    /// Change `input` by some h ≠ 0 such that f(x + h) is within the fraction `within` of
    /// the change that f(x) + h f′(x) predicts.
    Linear { input: &'static str, within: f64 },
    /// Run the animation to its end: the forward pass, then the backward pass.
    Watch,
    /// Type the local gradient of the gate named `gate` for its operand at `position`.
    LocalGradient { gate: &'static str, position: usize },
    /// Give each of `change` another value; the message reports the gate's local gradients.
    LocalStays { gate: &'static str, change: &'static [&'static str] },
    /// Change only `only` until the output is above `above` (its starting value if `None`).
    Raise { only: &'static [&'static str], above: Option<f64> },
    /// Collapse the σ gates, then select the σ gate.
    CollapseSigma,
}

impl Task {
    /// Whether the task asks for an answer in the Lesson's answer field.
    pub fn asks(&self) -> bool {
        matches!(self, Task::Route { ask: true, .. } | Task::LocalGradient { .. })
    }
}

/// What the page shows now, as far as a rule cares.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    /// The program text.
    pub program: &'a str,
    /// The program's graph at the page's input values, forward and backward done.
    pub graph: &'a Graph,
    /// The graph on the canvas (σ gates expanded or not).
    pub drawn: &'a Graph,
    /// The program with its σ gates expanded, at the same values, if it has any.
    pub twin: Option<&'a Graph>,
    /// Whether σ gates are expanded.
    pub expanded: bool,
    /// The numerical check's h.
    pub h: f64,
    /// The selected node of `drawn`.
    pub selected: Option<NodeId>,
    /// Where the animation rests (`None`: the full state, before any run).
    pub position: Option<usize>,
    /// The timeline's length.
    pub end: usize,
}

impl<'a> Seen<'a> {
    /// `graph` as it is, drawn unexpanded, with nothing selected and the page's defaults.
    pub fn of(program: &'a str, graph: &'a Graph) -> Seen<'a> {
        Seen {
            program,
            graph,
            drawn: graph,
            twin: None,
            expanded: false,
            h: H_START,
            selected: None,
            position: None,
            end: 0,
        }
    }
}

/// A sentence for the student: a key of [`Words`] and the texts for its `{0}`... markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The key (`gradient.done`, `hint.only`, ...).
    pub key: String,
    /// What fills its markers (numbers, names).
    pub args: Vec<String>,
}

/// Where the student stands on a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not done, nothing to say beyond the task.
    Todo,
    /// Not done, and here is why or what next.
    Hint(Said),
    /// Done, with what the page now shows.
    Done(Said),
}

/// The Lesson as the student walks it: the step, its starting graph, the answer typed, and
/// which steps are done.
#[derive(Debug, Clone)]
pub struct Lesson {
    step: usize,
    start: Graph,
    answer: Option<String>,
    done: Vec<bool>,
}

impl Lesson {
    /// The Lesson at step `step` (0-based; past the end is the last step).
    pub fn new(step: usize) -> Lesson {
        let mut lesson =
            Lesson { step: 0, start: Graph::new(), answer: None, done: vec![false; STEPS.len()] };
        lesson.go(step);
        lesson
    }

    /// Moves to step `step` (0-based, clamped): its starting values, no answer yet.
    pub fn go(&mut self, step: usize) {
        self.step = step.min(STEPS.len() - 1);
        self.start = start_graph(self.step());
        self.answer = None;
    }

    /// The step's index (0-based).
    pub fn index(&self) -> usize {
        self.step
    }

    /// The step.
    pub fn step(&self) -> &'static Step {
        &STEPS[self.step]
    }

    /// The program's graph at the step's starting values.
    pub fn start(&self) -> &Graph {
        &self.start
    }

    /// The student's answer (the Lesson's answer field, on Check).
    pub fn answer(&mut self, text: &str) {
        self.answer = Some(text.trim_ascii().to_string());
    }

    /// Which steps are done, by index.
    pub fn done(&self) -> &[bool] {
        &self.done
    }

    /// Whether the current step is done.
    pub fn is_done(&self) -> bool {
        self.done[self.step]
    }

    /// Checks the step against the page; a step once done stays done (in [`Lesson::done`]).
    pub fn check(&mut self, seen: &Seen<'_>) -> Outcome {
        let outcome = check(self.step(), &self.start, self.answer.as_deref(), seen);
        if matches!(outcome, Outcome::Done(_)) {
            self.done[self.step] = true;
        }
        outcome
    }

    /// The progress as the page keeps it for the next visit: the step (1-based), then one
    /// `1` or `0` per step done or not: `"5:1111000000000"`.
    pub fn progress(&self) -> String {
        let mut s = number((self.step + 1) as f64);
        s.push(':');
        for &d in &self.done {
            s.push(if d { '1' } else { '0' });
        }
        s
    }

    /// The Lesson a kept [`Lesson::progress`] text describes (`None` if it is not one).
    pub fn from_progress(text: &str) -> Option<Lesson> {
        let (step, done) = text.split_once(':')?;
        // Digits only: `parse` alone would take a sign, the page's number reader more.
        if !step.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: usize = step.parse().ok()?;
        let mut lesson = Lesson::new(n.checked_sub(1)?);
        for (slot, c) in lesson.done.iter_mut().zip(done.bytes()) {
            *slot = c == b'1';
        }
        Some(lesson)
    }
}

#[cfg(test)]
mod tests;
