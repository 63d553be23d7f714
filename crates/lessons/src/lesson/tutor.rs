//! The Lesson as a state machine beside the page's: it reads what the page shows
//! ([`PageView`], from the page's state), checks the step's rule on it with the engine, and
//! says how to set the page up for a step ([`SetUp`]), which the page applies as one of its
//! messages. Plain Rust, tested natively; crates/playground's `lesson` module is its thin
//! web layer, a piece of the page's wasm fetched when a student opens the Lesson.

use autodiff::{format::number, Graph, NodeId, Op};
use lang::fill;

use super::{named, Lesson, Outcome, Panel, Seen, Step, Task, Words, STEPS};

/// What the page shows, as the Lesson reads it.
#[derive(Debug, Clone, Copy)]
pub struct PageView<'a> {
    /// The program.
    pub program: &'a str,
    /// Every input's value.
    pub values: &'a [(String, f64)],
    /// Whether σ gates are expanded.
    pub expanded: bool,
    /// The numerical check's h.
    pub h: f64,
    /// The selected node of the drawn circuit.
    pub selected: Option<u32>,
    /// Where the animation rests (none: the full state before a run).
    pub position: Option<usize>,
    /// The timeline's length.
    pub end: usize,
}

/// A step's set-up, for the page: its program at its starting values, σ gates, position,
/// selection, highlight, and h back to [`H_START`](super::H_START).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetUp {
    /// The step (0-based).
    pub step: usize,
    /// The step's program, with its starting values.
    pub program: &'static str,
    /// Whether σ gates are drawn expanded.
    pub expanded: bool,
    /// The animation at its start rather than the full state.
    pub at_start: bool,
    /// The node to highlight.
    pub spot: &'static str,
    /// The node selected, for a step that points at the gate panel but does not ask for a
    /// local gradient: its index in the drawn circuit, which the page builds from the same
    /// program the same way.
    pub select: Option<u32>,
}

impl SetUp {
    /// The set-up of step `step` (0-based; past the end is the last step).
    pub fn of(step: usize) -> SetUp {
        let step = step.min(STEPS.len() - 1);
        let s = &STEPS[step];
        // Not where the task is to name a local gradient: the panel would say it.
        let asks_local = matches!(s.task, Task::LocalGradient { .. });
        let select = (s.panel == Panel::Gate && !asks_local).then(|| {
            let g = autodiff::compile(s.program).unwrap_or_default();
            let drawn = if s.expanded { g.expanded(|id| g.op(id) == Op::Sigmoid).graph } else { g };
            named(&drawn, s.spot).map(|id| id.0)
        });
        SetUp {
            step,
            program: s.program,
            expanded: s.expanded,
            at_start: s.at_start,
            spot: s.spot,
            select: select.flatten(),
        }
    }
}

/// What the Lesson's panel shows, in the words of its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonView {
    /// "Step 5 of 13" (", done" once it is).
    pub progress: String,
    /// The step's title, its text and its task.
    pub title: String,
    #[allow(missing_docs)]
    pub text: String,
    #[allow(missing_docs)]
    pub task: String,
    /// Whether the answer field is shown.
    pub asks: bool,
    /// Whether Back and Next lead anywhere.
    pub back: bool,
    #[allow(missing_docs)]
    pub next: bool,
    /// The part of the page the step points at (`Panel::name`).
    pub panel: &'static str,
}

/// What changed after the page was read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    /// The status line says this now.
    pub said: Option<String>,
    /// Keep this progress for the next visit ([`Lesson::progress`]).
    pub progress: Option<String>,
}

/// The Lesson being walked: the step, its words, what the status line says.
#[derive(Debug, Clone)]
pub struct Tutor {
    lesson: Lesson,
    words: Words,
    said: String,
    /// Whether the step was done since it was set up: then the status keeps saying so.
    done_here: bool,
}

impl Tutor {
    /// The Lesson with its words and the progress kept from the last visit, if any.
    pub fn new(words: Words, kept: Option<&str>) -> Tutor {
        let lesson = kept.and_then(Lesson::from_progress).unwrap_or_else(|| Lesson::new(0));
        Tutor { lesson, words, said: String::new(), done_here: false }
    }

    /// The Lesson opens: at the step the link names (`lesson=`, 0-based here), else where
    /// it was left. The set-up to apply, unless the page holds that step already: its
    /// program and its highlight, which only a step's set-up gives (a reload in the middle
    /// of a step keeps the student's values; a teacher's `#lesson=5` gets the set-up).
    pub fn open(&mut self, linked: Option<usize>, program: &str, highlight: Option<&str>) -> Option<SetUp> {
        let step = linked.unwrap_or(self.lesson.index());
        self.enter(step);
        let s = self.lesson.step();
        let holds = linked.is_some() && program == s.program && highlight == Some(s.spot);
        (!holds).then(|| SetUp::of(self.lesson.index()))
    }

    /// Back (`-1`) or Next (`+1`): the set-up of that step, if there is one.
    pub fn go(&mut self, delta: i32) -> Option<SetUp> {
        let next = self.lesson.index() as i64 + i64::from(delta);
        if next < 0 || next >= STEPS.len() as i64 {
            return None;
        }
        self.enter(next as usize);
        Some(SetUp::of(self.lesson.index()))
    }

    fn enter(&mut self, step: usize) {
        self.lesson.go(step);
        self.said.clear();
        self.done_here = false;
    }

    /// The step now.
    pub fn step(&self) -> &'static Step {
        self.lesson.step()
    }

    /// The Lesson's progress (steps done), kept across visits.
    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    /// The answer field, on Check.
    pub fn answer(&mut self, text: &str) {
        self.lesson.answer(text);
    }

    /// Checks the step on the page as it is; the status line follows the outcome, and once
    /// the step is done it keeps saying so.
    pub fn seen(&mut self, page: &PageView<'_>) -> Reply {
        let was_done = self.lesson.is_done();
        let outcome = self.check(page);
        let done = matches!(outcome, Outcome::Done(_));
        let mut reply = Reply::default();
        if done && !was_done {
            reply.progress = Some(self.lesson.progress());
        }
        if self.done_here && !done {
            return reply;
        }
        self.done_here |= done;
        let text = match &outcome {
            Outcome::Todo => String::new(),
            Outcome::Hint(said) | Outcome::Done(said) => self.words.say(said),
        };
        if text != self.said {
            self.said.clone_from(&text);
            reply.said = Some(text);
        }
        reply
    }

    /// The rule on the page's program at the page's values, built as the page builds it: σ
    /// gates expanded into the twin the page draws when `expanded`.
    fn check(&mut self, page: &PageView<'_>) -> Outcome {
        let program = self.lesson.step().program;
        let mut graph = if page.program == program {
            autodiff::compile(program).unwrap_or_default()
        } else {
            Graph::new()
        };
        for (name, v) in page.values {
            // A name that is no input of this program is the page's business, not the rule's.
            let _ = graph.set_input(name, *v);
        }
        graph.recompute();
        let has_sigmoid = graph.ids().any(|id| graph.op(id) == Op::Sigmoid);
        let mut twin = graph.expanded(|id| graph.op(id) == Op::Sigmoid).graph;
        twin.recompute();
        let expanded = page.expanded && has_sigmoid;
        let seen = Seen {
            program: page.program,
            graph: &graph,
            drawn: if expanded { &twin } else { &graph },
            twin: has_sigmoid.then_some(&twin),
            expanded,
            h: page.h,
            selected: page.selected.map(NodeId),
            position: page.position,
            end: page.end,
        };
        self.lesson.check(&seen)
    }

    /// What the status line says now.
    pub fn said(&self) -> &str {
        &self.said
    }

    /// What the panel shows for the step.
    pub fn view(&self) -> LessonView {
        let (i, step, w) = (self.lesson.index(), self.lesson.step(), &self.words);
        let key = if self.lesson.is_done() { "ui.step-done" } else { "ui.step" };
        LessonView {
            progress: fill(w.get(key), &[&number(i as f64 + 1.0), &number(STEPS.len() as f64)]),
            title: w.of(step, "title"),
            text: w.of(step, "text"),
            task: w.of(step, "task"),
            asks: step.task.asks(),
            back: i > 0,
            next: i + 1 < STEPS.len(),
            panel: step.panel.name(),
        }
    }

    /// The words of the Lesson's controls (`ui.back`, `ui.next`, ...).
    pub fn word(&self, key: &'static str) -> &str {
        self.words.get(key)
    }
}

#[cfg(test)]
#[path = "tutor_tests.rs"]
mod tests;
