//! The page's messages and effects: what the web layer tells `machine` (a DOM event,
//! decoded) and what it is told to do back.

use autodiff::{Direction, NodeId};

use crate::keys::Press;

/// What happened on the page, decoded from a DOM event.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Play,
    /// Step forward (`+1`) or back (`-1`).
    Step(i32),
    Restart,
    /// The timeline slider's value.
    Seek(f64),
    /// The Speed slider's value.
    Speed(f64),
    /// An animation frame at this timestamp (ms).
    Frame(f64),
    Key(Press),
    Undo,
    Redo,
    /// The example menu chose this id.
    Example(String),
    /// The program text changed.
    Program(String),
    /// An input's value changed (the values table, a scrub on the canvas).
    Input(String, f64),
    /// The learning preset's trainer moved these inputs (not an undo step).
    Trained(Vec<(String, f64)>),
    Expand,
    /// A gate was clicked (or nothing, to clear the selection).
    Select(Option<NodeId>),
    MoveSelection(i32),
    /// A gradient step with the step-size field's text.
    GradientStep(String, Direction),
    /// The numerical check's h, an index into [`H_CHOICES`].
    H(usize),
    /// The URL hash changed from outside (a pasted link, Back): the address bar's hash.
    HashChanged(String),
    /// The hash-write timer fired; `current` is the address bar's hash now.
    HashDue {
        current: String,
    },
    /// The Lesson sets up a step (`Some`), or was closed (`None`: the page keeps its
    /// circuit, without the step and its highlight).
    Lesson(Option<lessons::lesson::SetUp>),
}

/// What the web layer does after an update. Fields are independent; `all` covers the
/// `values`, `gate_panel`, `numeric`, `timeline` and `draw` parts.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Effects {
    /// A new model: a new layout, the log emptied, the lessons' panels shown again.
    pub new_model: bool,
    /// New numbers on the same circuit: labels may grow, the lessons follow.
    pub new_numbers: bool,
    /// The form controls show the state (after a link, an example, an undo).
    pub controls: bool,
    /// The example menu shows [`State::menu_example`].
    pub menu: bool,
    /// The view fits the circuit again.
    pub fit: bool,
    /// Everything derived from the state.
    pub all: bool,
    /// The values table and the gate panel (the selection changed).
    pub selection: bool,
    /// The numerical check.
    pub numeric: bool,
    /// The timeline's slider, Play label, narration and log.
    pub timeline: bool,
    /// The canvas.
    pub draw: bool,
    /// Another animation frame.
    pub frame: bool,
    /// Undo and Redo's enabled state.
    pub undo_buttons: bool,
    /// Set a timer for [`Msg::HashDue`] in this many ms.
    pub hash_in: Option<f64>,
    /// Replace the URL hash with this one (with `#`).
    pub write_hash: Option<String>,
    /// The program does not parse: this message in `#error`, the circuit stays.
    pub error: Option<String>,
    /// What a screen reader hears about the new selection.
    pub said: Option<String>,
    /// `#step-result`'s text.
    pub step_result: Option<String>,
    /// The key was the page's (its default action is prevented).
    pub handled: bool,
    /// Zoom the view by this factor.
    pub zoom: Option<f64>,
    /// Enter on a line of code: select its gate (the web layer knows the line).
    pub code_line: bool,
}
