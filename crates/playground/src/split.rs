//! The page's pieces (docs/pieces.md): panels that the first piece of the wasm does not
//! hold. `cargo xtask dist` builds the `split` feature and cuts each `#[wasm_split(name)]`
//! function below (and everything only it reaches) into `split_name.wasm`, which the page
//! fetches the first time that panel is opened; a piece shares the first piece's memory,
//! table and code. Without the feature (every test, `trunk serve`), [`open`] is a plain
//! call of the panel's entry.
//!
//! Each panel has one entry, its render function behind one split point: [`Open`] says
//! which panel and what to do in it. The first [`open`] of a panel starts the fetch and
//! returns; when the piece is there, the entry runs with what was asked for. Every later
//! call finds it loaded, so the split function's future is ready at its first poll and the
//! panels stay synchronous. A piece that cannot be fetched (offline, never cached) says so
//! in its panel, and is asked for again the next time.
//!
//! The Lesson is a piece too (crate::lesson, over `lessons::lesson`): the page hands it
//! every call through [`Open::Lesson`], so its code is reached only from its split point;
//! a check (`Call::Seen`) before it was ever opened has nothing to check and fetches nothing.
//!
//! To add a piece: a variant of [`Piece`] with its panel element in [`Piece::panel`] and
//! `COUNT` one more, a variant of [`Open`], its split function in `pieces`, and its arms in
//! both `enter`s and in `imp::open`'s load.

use wasm_bindgen::JsValue;

use crate::app::App;
use crate::lesson::Call;

/// The pieces of the page's wasm, one per panel.
#[cfg(feature = "split")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Code,
    Quiz,
    Fork,
    Train,
    Svg,
    Lesson,
}

#[cfg(feature = "split")]
impl Piece {
    /// How many pieces there are.
    const COUNT: usize = 6;

    /// The element that says, in the panel, that its piece could not load.
    fn panel(self, app: &App) -> Option<web_sys::Element> {
        let els = &app.els;
        match self {
            Piece::Code => Some(els.code_panel.clone().into()),
            Piece::Quiz => Some(els.quiz_form.clone().into()),
            Piece::Fork => els.fork_note.parent_element(),
            Piece::Train => Some(els.train_panel.clone().into()),
            Piece::Svg => els.share_status.parent_element(),
            // The Lesson has a message of its own, `#lesson-failed` (say_failed).
            Piece::Lesson => None,
        }
    }
}

/// What a panel's entry is asked to do.
#[derive(Debug, Clone)]
pub enum Open {
    /// Write the current program's code into the Code panel.
    Code,
    /// Fill the "+= at forks" table.
    Fork,
    Quiz(QuizOp),
    Train(TrainOp),
    /// Download the circuit as SVG (Share and export's Download SVG).
    Svg,
    /// Whatever the page asks of the Lesson.
    Lesson(Call),
}

#[cfg(feature = "split")]
impl Open {
    fn piece(&self) -> Piece {
        match self {
            Open::Code => Piece::Code,
            Open::Fork => Piece::Fork,
            Open::Quiz(_) => Piece::Quiz,
            Open::Train(_) => Piece::Train,
            Open::Svg => Piece::Svg,
            Open::Lesson(_) => Piece::Lesson,
        }
    }
}

/// What the Quiz's piece is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizOp {
    /// A new quiz on the current numbers.
    Start,
    /// Check the answer field.
    Answer,
    /// Fill in the asked gradient.
    Reveal,
}

/// What the trainer's piece is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainOp {
    /// The panel for the preset: its trainer (started if there is none) and plots.
    Show,
    /// The status line, the Train button's label and the plots.
    Refresh,
    /// One gradient step.
    Step,
    /// Back to the starting weights.
    Reset,
    /// The point chooser changed.
    Point,
}

/// Runs `open` in its panel's piece: at once if the piece is there, when it arrives if not
/// (in the order asked), never if it cannot be fetched (the panel says so).
pub fn open(app: &mut App, open: Open) -> Result<(), JsValue> {
    #[cfg(feature = "split")]
    return imp::open(app, open);
    #[cfg(not(feature = "split"))]
    return enter(app, open);
}

/// The panels' entries, one call each: what each piece holds (`pieces` calls each on its
/// own, so a piece reaches only its panel's code).
#[cfg(not(feature = "split"))]
fn enter(app: &mut App, open: Open) -> Result<(), JsValue> {
    match open {
        Open::Code => app.render_code(),
        Open::Fork => app.render_fork(),
        Open::Quiz(op) => app.quiz_op(op),
        Open::Train(op) => app.train_op(op),
        Open::Svg => app.export_svg(),
        Open::Lesson(call) => crate::lesson::call(app, call),
    }
}

/// Shows or takes away the panel's "could not load" message.
#[cfg(feature = "split")]
fn say_failed(app: &App, piece: Piece, failed: bool) -> Result<(), JsValue> {
    if piece == Piece::Lesson {
        return app.lesson_failed(failed);
    }
    let Some(panel) = piece.panel(app) else { return Ok(()) };
    let shown = panel.query_selector(":scope > .piece-failed")?;
    match (shown, failed) {
        (None, true) => {
            let p = crate::dom::el(
                &app.doc,
                "p",
                lang::t!("This panel could not load. Check your connection, then open it again."),
            )?;
            p.set_class_name("piece-failed");
            p.set_attribute("role", "alert")?;
            panel.append_child(&p)?;
        }
        (Some(p), false) => p.remove(),
        _ => {}
    }
    Ok(())
}

#[cfg(feature = "split")]
mod imp {
    use std::cell::{Cell, RefCell};
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    use wasm_bindgen::JsValue;

    use super::{pieces, say_failed, Open, Piece};
    use crate::app::App;
    use crate::lesson::Call;

    /// Where a piece is: not asked for (or failed), on its way, or loaded.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum State {
        Missing,
        Loading,
        Ready,
    }

    thread_local! {
        static STATES: [Cell<State>; Piece::COUNT] = const { [const { Cell::new(State::Missing) }; Piece::COUNT] };
        /// What was asked of pieces on their way (a Step clicked while the trainer loads).
        static WAITING: RefCell<Vec<Open>> = const { RefCell::new(Vec::new()) };
    }

    fn state(piece: Piece) -> State {
        STATES.with(|s| s[piece as usize].get())
    }

    fn set_state(piece: Piece, to: State) {
        STATES.with(|s| s[piece as usize].set(to));
    }

    pub fn open(app: &mut App, open: Open) -> Result<(), JsValue> {
        let piece = open.piece();
        match state(piece) {
            State::Ready => enter(app, open),
            // The Lesson checks its step after each write of the link: before it has
            // arrived, there is nothing to check.
            State::Loading | State::Missing if matches!(open, Open::Lesson(Call::Seen)) => Ok(()),
            State::Loading => {
                WAITING.with(|w| w.borrow_mut().push(open));
                Ok(())
            }
            State::Missing => {
                set_state(piece, State::Loading);
                WAITING.with(|w| w.borrow_mut().push(open));
                say_failed(app, piece, false)?;
                crate::split_rt::spawn(async move {
                    let loaded = match piece {
                        Piece::Code => pieces::code_piece().await,
                        Piece::Quiz => pieces::quiz_piece().await,
                        Piece::Fork => pieces::fork_piece().await,
                        Piece::Train => pieces::train_piece().await,
                        Piece::Svg => pieces::svg_piece().await,
                        Piece::Lesson => pieces::lesson_piece().await,
                    }
                    .is_ok();
                    set_state(piece, if loaded { State::Ready } else { State::Missing });
                    let asked: Vec<Open> = WAITING.with(|w| {
                        let mut w = w.borrow_mut();
                        let (mine, others) = w.drain(..).partition(|o| o.piece() == piece);
                        *w = others;
                        mine
                    });
                    crate::app::with_app(&mut |app| {
                        if !loaded {
                            return say_failed(app, piece, true);
                        }
                        for open in &asked {
                            enter(app, open.clone())?;
                        }
                        // What the panel shows may change the circuit (the quiz's "?").
                        app.draw()
                    });
                });
                Ok(())
            }
        }
    }

    /// The split function of `open`'s piece, which is loaded.
    fn enter(app: &mut App, open: Open) -> Result<(), JsValue> {
        let done = match open {
            Open::Code => now(pieces::code(app)),
            Open::Fork => now(pieces::fork(app)),
            Open::Quiz(op) => now(pieces::quiz(app, op)),
            Open::Train(op) => now(pieces::train(app, op)),
            Open::Svg => now(pieces::svg(app)),
            Open::Lesson(call) => now(pieces::lesson(app, call)),
        };
        match done {
            Some(Ok(result)) => result,
            _ => Err("a loaded piece did not run".into()),
        }
    }

    /// The value of a split function's future whose piece is loaded: ready at the first poll.
    fn now<T>(future: impl Future<Output = T>) -> Option<T> {
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(value) => Some(value),
            Poll::Pending => None,
        }
    }
}

/// The split points themselves, one per piece: the macro writes the import of each piece's
/// loader and the export the splitter moves, with `unsafe` extern blocks of its own.
/// `wasm_split_path` names the page's own runtime (`split_rt`); `fallible` makes a load
/// that failed an `Err` (hence the outer `Result`s), not a panic; `preload` names the
/// function that fetches the piece without running it.
#[cfg(feature = "split")]
#[allow(unsafe_code, missing_debug_implementations, improper_ctypes_definitions)]
mod pieces {
    use super::*;
    use crate::split_rt::SplitLoaderError;
    use wasm_split_helpers::wasm_split;

    type Done = Result<Result<(), JsValue>, SplitLoaderError>;

    #[wasm_split(code, wasm_split_path = crate::split_rt, fallible, preload(code_piece))]
    pub fn code(app: &mut App) -> Done {
        Ok(app.render_code())
    }

    #[wasm_split(quiz, wasm_split_path = crate::split_rt, fallible, preload(quiz_piece))]
    pub fn quiz(app: &mut App, op: QuizOp) -> Done {
        Ok(app.quiz_op(op))
    }

    #[wasm_split(fork, wasm_split_path = crate::split_rt, fallible, preload(fork_piece))]
    pub fn fork(app: &mut App) -> Done {
        Ok(app.render_fork())
    }

    #[wasm_split(train, wasm_split_path = crate::split_rt, fallible, preload(train_piece))]
    pub fn train(app: &mut App, op: TrainOp) -> Done {
        Ok(app.train_op(op))
    }

    #[wasm_split(svg, wasm_split_path = crate::split_rt, fallible, preload(svg_piece))]
    pub fn svg(app: &mut App) -> Done {
        Ok(app.export_svg())
    }

    #[wasm_split(lesson, wasm_split_path = crate::split_rt, fallible, preload(lesson_piece))]
    pub fn lesson(app: &mut App, call: Call) -> Done {
        Ok(crate::lesson::call(app, call))
    }
}
