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
    /// The learning preset's Train / Pause button.
    Train,
    /// The learning preset's Reset: back to the starting weights, paused.
    TrainReset,
    Expand,
    /// The Quiz button: quiz mode on or off.
    Quiz,
    /// The Quiz's piece made the quiz, or checked an answer in it or revealed one (the
    /// quiz's rules are `lessons::quiz`'s, in the piece): the page's quiz is this one now.
    QuizIs(Box<lessons::quiz::Quiz>),
    /// The Code button: the Code panel opens (in the staged style) or closes.
    Code,
    /// The Code panel's style menu.
    CodeStyle(lessons::code::Style),
    /// The "Use = instead of += at forks" toggle.
    Fork,
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

/// What the web layer does after an update: what changed (so what to show again), what
/// the key press was, and a few things to do or say.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Effects {
    pub changed: Changed,
    /// Ask for another animation frame.
    pub frame: bool,
    /// Undo and Redo's enabled state may have changed.
    pub undo: bool,
    pub key: Keyed,
    /// Set a timer for [`Msg::HashDue`] in this many ms.
    pub hash_in: Option<f64>,
    /// Replace the URL hash with this one (with `#`).
    pub write_hash: Option<String>,
    /// The program does not parse: this message in `#error`, the circuit stays.
    pub error: Option<String>,
    /// `#step-result`'s text.
    pub step_result: Option<String>,
}

/// What an update changed, from the least to show again to the most. Each is shown by
/// its own parts of the page; `Numbers` and up show everything derived from the state.
#[derive(Debug, Default, Clone, PartialEq)]
pub enum Changed {
    #[default]
    Nothing,
    /// The canvas only (a frame within an animation step, the Lesson's highlight gone, a
    /// quiz answered).
    Picture,
    /// The animation's position: the timeline's slider, Play label, narration and log, and
    /// the canvas.
    Position,
    /// h: the numerical check.
    Check,
    /// The selection: the values table, the gate panel and the canvas; what a screen
    /// reader hears about it.
    Selection(String),
    /// Quiz mode went on or off: the quiz starts again or goes, the canvas shows or hides
    /// the gradients, and everything derived from the state.
    Quiz,
    /// The Code panel opened, closed or changed style.
    Code,
    /// The "+= at forks" toggle.
    Fork,
    /// Training started or paused: the steps' timer, the Train button's label.
    Training,
    /// New numbers on the same circuit: labels may grow, the lessons follow, everything
    /// derived from the state.
    Numbers,
    /// A new model (program, expansion): a new layout, the log emptied, the lessons' panels
    /// shown again, the example menu follows the program; `fit`: the view fits the circuit.
    Model { fit: bool },
    /// A new state (a link, an example, Undo, the Lesson's step): a new model, and the form
    /// controls show the state.
    State { fit: bool },
}

impl Changed {
    /// A new model, and whether the view fits it.
    pub fn new_model(&self) -> Option<bool> {
        match self {
            Changed::Model { fit } | Changed::State { fit } => Some(*fit),
            _ => None,
        }
    }

    /// Everything derived from the state is shown again.
    pub fn all(&self) -> bool {
        matches!(self, Changed::Quiz | Changed::Numbers | Changed::Model { .. } | Changed::State { .. })
    }
}

/// What a key press was to the page.
#[derive(Debug, Default, Clone, PartialEq)]
pub enum Keyed {
    /// Not the page's: the browser does what it does.
    #[default]
    Not,
    /// The page's (its default action is prevented), done in the update.
    Handled,
    /// Enter on a line of code: select its gate (the web layer knows the line).
    CodeLine,
    /// Zoom the view by this factor.
    Zoom(f64),
}
