//! The student does the backward pass: the page asks for one gradient at a time, from the
//! output backward in the order backprop finishes them, and checks each answer against
//! the engine. A wrong answer gets a hint made of the gate's local gradient and the pattern
//! it follows (add distributes, mul switches, max routes), as in cs231n's "patterns in
//! backward flow".
//!
//! ```
//! use lessons::quiz::{Quiz, Verdict};
//! let mut g = autodiff::compile("x = -2; y = 5; z = -4; q = x + y; f = q * z").unwrap();
//! let steps = g.trace();
//! let mut quiz = Quiz::new(&g, &steps);
//! assert_eq!(quiz.answer("1"), Verdict::Right); // df/df
//! assert!(quiz.answer("3") == Verdict::Wrong); // dq is z = -4, not 3
//! assert_eq!(quiz.answer("-4"), Verdict::Right);
//! ```

use crate::names::{belongs, Names};
use autodiff::{format::number, Graph, NodeId, Op, Pattern, Step};
use lang::fill;

/// The quiz's sentences, in the language of the build ([`lang::t!`]). Where a translation
/// translates an argument (`{~n}` in `crates/lang/tables/*.txt`), it must be given translated: a hint
/// or a sentence of this module, never English.
pub mod say {
    use lang::t;

    /// The question: `{0}` the blank's name, `{1}` the derivative asked (`df/dq`), `{2}` how
    /// far the quiz is (`2 / 5`).
    pub const QUESTION: &str = t!("The gradient on {0}: {1} = ? ({2})");
    /// A right answer: `{0}` the gradient (`df/dq = -4.`).
    pub const RIGHT_GRADIENT: &str = t!("Right! {0}");
    /// A wrong answer: `{0}` the hint ([`Quiz::hint`](super::Quiz::hint)).
    pub const NOT_YET_HINT: &str = t!("Not yet. {0}");
    /// The reply to text that is not a number.
    pub const NOT_A_NUMBER: &str = t!("Type a number, like -4, 0.5, .5 or 1e-3. This try does not count.");
    /// The score after the reply to the last answer: `{0}` that reply (one of these
    /// sentences, or the gradient), then right on the first try, blanks, answers.
    pub const SAID_AND_FINISHED: &str =
        t!("{0} Done: {1} of {2} right on the first try, {3} answers in all.");
    /// The hint at the output: name, the derivative (`df/df`).
    pub const HINT_OUTPUT: &str = t!("~{0} is the output: {1} = 1.");
    /// The hint for one gate the blank feeds: name, gate label, upstream (`df = 1`), local
    /// (`∂f/∂q = z = -4`).
    pub const HINT_EDGE: &str = t!("~{0} feeds the {1} gate: upstream {2} times local {3}");
    /// Two [`HINT_EDGE`]s (or more, nested) together.
    pub const HINT_AND: &str = t!("~{0}; {1}");
    /// The edges, then the pattern of the gate (`Pattern::describe`).
    pub const HINT_PATTERN: &str = t!("~{0}. {1}.");
    /// At a fork: the edges, the pattern, name, how many gates.
    pub const HINT_FORK: &str = t!("~{0}. {1}. {2} feeds {3} gates: add up what each one sends back (+=).");
}

/// An answer is right if it is within this fraction of the gradient...
pub const RELATIVE_TOLERANCE: f64 = 1e-3;
/// ...or within this distance of it (for gradients at or near 0). With both, the 4
/// significant digits the page shows (0.7311, -0.1966) always pass.
pub const ABSOLUTE_TOLERANCE: f64 = 1e-6;

/// How close an answer must be to count: within `relative` of the gradient's size, or
/// within `absolute` of it, whichever is wider. The Quiz uses [`Tolerance::QUIZ`]; a
/// teacher's assignment may set its own (the `grade` crate).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// The fraction of `|want|` an answer may be off by.
    pub relative: f64,
    /// The distance from `want` an answer may be off by (what counts near 0).
    pub absolute: f64,
}

impl Tolerance {
    /// The Quiz's: [`RELATIVE_TOLERANCE`] and [`ABSOLUTE_TOLERANCE`].
    pub const QUIZ: Tolerance = Tolerance { relative: RELATIVE_TOLERANCE, absolute: ABSOLUTE_TOLERANCE };

    /// Whether `given` counts as `want`: `|given - want| <= max(absolute, relative * |want|)`.
    pub fn accepts(self, given: f64, want: f64) -> bool {
        (given - want).abs() <= self.absolute.max(self.relative * want.abs())
    }
}

/// Whether `given` counts as `want` in the Quiz: [`Tolerance::QUIZ`]'s rule,
/// `|given - want| <= max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * |want|)`.
pub fn close_enough(given: f64, want: f64) -> bool {
    Tolerance::QUIZ.accepts(given, want)
}

/// Reads an answer: `-4`, `0.5`, `.5`, `1e-3`, `-0`, `+2`, with spaces around and a
/// typographic minus `−` accepted. `None` for anything else (including NaN and infinities).
pub fn parse_answer(text: &str) -> Option<f64> {
    // ASCII spaces only: a Unicode trim would link core's whitespace table into the page.
    let text = text.trim_ascii();
    let (negative, digits) = match text.strip_prefix('−') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let v = autodiff::decimal::parse(digits).filter(|v| v.is_finite())?;
    Some(if negative { -v } else { v })
}

/// One gradient the student fills in.
#[derive(Debug, Clone, PartialEq)]
pub struct Blank {
    /// The node whose gradient is asked for (to highlight its wire).
    pub node: NodeId,
    /// The node's name in the hints (the program's name, or `t1`, `t2`... for an unnamed gate).
    pub name: String,
    /// The engine's gradient.
    pub answer: f64,
}

/// What the page shows after an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Right: the quiz moves to the next blank.
    Right,
    /// Wrong: the student tries again, with the blank's hint ([`Quiz::hint`]), which shows
    /// how the gradient is made.
    Wrong,
    /// Not a number: show [`say::NOT_A_NUMBER`]. This try is not counted, since a typo is
    /// not a wrong idea about gradients.
    NotANumber,
    /// Every blank is filled; nothing was checked.
    Finished,
}

/// The student's score so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    /// Blanks answered right at the first try.
    pub first_try: usize,
    /// Blanks done (answered right, or revealed).
    pub done: usize,
    /// Blanks in the quiz.
    pub total: usize,
    /// Numbers checked, right or wrong (junk not included).
    pub attempts: usize,
}

/// A quiz over one graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    blanks: Vec<Blank>,
    /// Per blank, the parts of its hint (one per gate it feeds), put into [`say::HINT_EDGE`]
    /// on demand.
    hints: Vec<Vec<[String; 4]>>,
    patterns: Vec<Pattern>,
    output: String,
    current: usize,
    tries_here: usize,
    score: Score,
}

impl Quiz {
    /// The quiz of `graph` (values computed) with its backward trace `steps` (from
    /// [`Graph::trace`], which also leaves the gradients the answers are checked against).
    /// The blanks are the output (gradient 1), then every node that receives a gradient, in
    /// the order its last contribution arrives; constants are no wires and are left out.
    pub fn new(graph: &Graph, steps: &[Step]) -> Quiz {
        let names = Names::new(graph);
        // The steps into each node as a linked list: per node its first step, per step the
        // next step into the same node (`usize::MAX`: none).
        let mut first = vec![usize::MAX; graph.len()];
        let mut next = vec![usize::MAX; steps.len()];
        for k in (0..steps.len()).rev() {
            let s = &steps[k];
            if belongs(graph, s) {
                next[k] = first[s.input.index()];
                first[s.input.index()] = k;
            }
        }
        let mut order = Vec::new();
        if let Some(out) = graph.output() {
            order.push(out);
        }
        for (k, s) in steps.iter().enumerate() {
            if belongs(graph, s)
                && next[k] == usize::MAX
                && graph.op(s.input) != Op::Const
                && graph.output() != Some(s.input)
            {
                order.push(s.input);
            }
        }
        let mut quiz = Quiz {
            blanks: Vec::with_capacity(order.len()),
            hints: Vec::with_capacity(order.len()),
            patterns: Vec::with_capacity(order.len()),
            output: graph.output().map_or_else(String::new, |o| names.get(o).to_string()),
            current: 0,
            tries_here: 0,
            score: Score { total: order.len(), ..Score::default() },
        };
        for node in order {
            let name = names.get(node).to_string();
            let mut edges = Vec::new();
            let mut k = first[node.index()];
            while let Some(s) = steps.get(k) {
                edges.push(edge(graph, &names, s));
                k = next[k];
            }
            let gate = steps.get(first[node.index()]).map(|s| s.gate);
            quiz.patterns.push(gate.map_or(Pattern::Local, |gate| graph.op(gate).pattern()));
            quiz.hints.push(edges);
            quiz.blanks.push(Blank { node, name, answer: graph.grad(node) });
        }
        quiz
    }

    /// Every blank, in the order they are asked.
    pub fn blanks(&self) -> &[Blank] {
        &self.blanks
    }

    /// The blank being asked, `None` once finished.
    pub fn current(&self) -> Option<&Blank> {
        self.blanks.get(self.current)
    }

    /// The index of the blank being asked (`blanks().len()` once finished).
    pub fn asked(&self) -> usize {
        self.current
    }

    /// The question for the current blank, e.g. "The gradient on q: df/dq = ?": [`say::QUESTION`]
    /// without how far the quiz is (see [`Quiz::question`]).
    pub fn prompt(&self) -> Option<String> {
        let b = self.current()?;
        // The template up to its progress slot `{2}` and the bracket and spaces before it:
        // ` ({2})` in English and Korean, `（{2}）` in Japanese.
        let q = say::QUESTION;
        let q = q.strip_suffix("({2})").or_else(|| q.strip_suffix("（{2}）")).unwrap_or(q);
        Some(fill(q.trim_ascii_end(), &[&b.name, &self.derivative(&b.name)]))
    }

    /// The question for the current blank with how far the quiz is, as the page shows it:
    /// "The gradient on q: df/dq = ? (2 / 5)".
    pub fn question(&self) -> Option<String> {
        let b = self.current()?;
        let progress =
            [&number(self.score.done as f64 + 1.0), " / ", &number(self.score.total as f64)].concat();
        Some(fill(say::QUESTION, &[&b.name, &self.derivative(&b.name), &progress]))
    }

    /// `df/dq`: the output's derivative by `name`.
    pub fn derivative(&self, name: &str) -> String {
        ["d", &self.output, "/d", name].concat()
    }

    /// Checks an answer to the current blank.
    pub fn answer(&mut self, text: &str) -> Verdict {
        let Some(blank) = self.current() else { return Verdict::Finished };
        let Some(given) = parse_answer(text) else { return Verdict::NotANumber };
        let right = close_enough(given, blank.answer);
        self.score.attempts += 1;
        if !right {
            self.tries_here += 1;
            return Verdict::Wrong;
        }
        if self.tries_here == 0 {
            self.score.first_try += 1;
        }
        self.next();
        Verdict::Right
    }

    /// Gives up on the current blank: returns its answer and moves on; it does not count as
    /// right at the first try.
    pub fn reveal(&mut self) -> Option<f64> {
        let answer = self.current()?.answer;
        self.next();
        Some(answer)
    }

    fn next(&mut self) {
        self.current += 1;
        self.tries_here = 0;
        self.score.done += 1;
    }

    /// Whether every blank is done.
    pub fn finished(&self) -> bool {
        self.current >= self.blanks.len()
    }

    /// The score so far.
    pub fn score(&self) -> Score {
        self.score
    }

    /// The hint of blank `i`: for each gate the node feeds, "q feeds the * gate: upstream
    /// df = 1 times local ∂f/∂q = z = -4", then the gate's pattern, and at a fork the
    /// reminder to add. In the language of the build, whole (the page's
    /// [`say::NOT_YET_HINT`] takes it translated).
    pub fn hint(&self, i: usize) -> String {
        let (Some(blank), Some(edges)) = (self.blanks.get(i), self.hints.get(i)) else {
            return String::new();
        };
        let name = blank.name.as_str();
        if edges.is_empty() {
            return fill(say::HINT_OUTPUT, &[name, &["d", name, "/d", name].concat()]);
        }
        let mut s = String::new();
        for (k, [label, gate, upstream, local]) in edges.iter().enumerate() {
            let upstream = ["d", gate, " = ", upstream].concat();
            let local = ["∂", gate, "/∂", name, " = ", local].concat();
            let one = fill(say::HINT_EDGE, &[name, label, &upstream, &local]);
            s = if k == 0 { one } else { fill(say::HINT_AND, &[&s, &one]) };
        }
        let pattern = self.patterns[i].describe();
        if edges.len() > 1 {
            fill(say::HINT_FORK, &[&s, pattern, name, &number(edges.len() as f64)])
        } else {
            fill(say::HINT_PATTERN, &[&s, pattern])
        }
    }
}

/// The parts of one step's [`say::HINT_EDGE`] that do not depend on the blank: gate label,
/// gate name, upstream, local.
fn edge(g: &Graph, names: &Names, s: &Step) -> [String; 4] {
    let formula = names.local(g, s.gate, s.position);
    let value = number(s.local);
    // "z = -4", or just "1" when the formula is the number.
    let local = if formula == value {
        value
    } else {
        // Not `concat` on Strings: this was the page's only join over `String`s.
        let mut s = formula;
        s.push_str(" = ");
        s.push_str(&value);
        s
    };
    [g.gate_label(s.gate), names.get(s.gate).to_string(), number(s.upstream), local]
}

#[cfg(test)]
mod tests;
