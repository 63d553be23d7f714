//! The page's split points (docs/split-spike.md): code that the first piece of the wasm
//! does not hold. With the `split` feature, `BACKPROP_SPLIT=1 cargo xtask dist` cuts the
//! functions marked `#[wasm_split(name)]` (and everything only they reach) into
//! `split_name.wasm`, which the page fetches the first time one of them is called; the
//! piece shares the first piece's memory, table and code. Without the feature (every test,
//! `trunk serve`), these are plain calls into `lessons`.
//!
//! A panel's first call starts the fetch and gets `None`; when the piece is there, `then`
//! runs on the app (it shows the panel again). Every later call into the piece finds it
//! loaded, so its future is ready at the first poll and the panels stay synchronous.

use autodiff::{Graph, Step};
use lessons::code::{Code, Style};
use lessons::quiz::{Quiz, Verdict};

/// What runs on the app once a piece has arrived.
pub type Then = fn(&mut crate::app::App);

/// The Code panel's generator, `lessons::code`: `None` until its piece has arrived.
pub fn code(graph: &Graph, steps: &[Step], style: Style, then: Then) -> Option<Code> {
    #[cfg(feature = "split")]
    return imp::ready(&imp::CODE, pieces::code_piece(), then)
        .then(|| imp::now(pieces::code_new(graph, steps, style)))
        .flatten()
        .and_then(Result::ok);
    #[cfg(not(feature = "split"))]
    return {
        let _ = then;
        Some(Code::new(graph, steps, style))
    };
}

/// A new quiz on the program (`lessons::quiz`): `None` until its piece has arrived.
pub fn quiz(graph: &Graph, steps: &[Step], then: Then) -> Option<Quiz> {
    #[cfg(feature = "split")]
    return imp::ready(&imp::QUIZ, pieces::quiz_pieces(), then)
        .then(|| imp::now(pieces::quiz_new(graph, steps)))
        .flatten()
        .and_then(Result::ok);
    #[cfg(not(feature = "split"))]
    return {
        let _ = then;
        Some(Quiz::new(graph, steps))
    };
}

/// [`Quiz::answer`]; only called on a quiz, so its piece is there.
pub fn answer(quiz: &mut Quiz, text: &str) -> Verdict {
    #[cfg(feature = "split")]
    return imp::now(pieces::quiz_answer(quiz, text)).and_then(Result::ok).unwrap_or(Verdict::NotANumber);
    #[cfg(not(feature = "split"))]
    return quiz.answer(text);
}

/// [`Quiz::hint`] for blank `i`.
pub fn hint(quiz: &Quiz, i: usize) -> String {
    #[cfg(feature = "split")]
    return imp::now(pieces::quiz_hint(quiz, i)).and_then(Result::ok).unwrap_or_default();
    #[cfg(not(feature = "split"))]
    return quiz.hint(i);
}

/// [`Quiz::question`].
pub fn question(quiz: &Quiz) -> Option<String> {
    #[cfg(feature = "split")]
    return imp::now(pieces::quiz_question(quiz)).and_then(Result::ok).flatten();
    #[cfg(not(feature = "split"))]
    return quiz.question();
}

/// [`Quiz::reveal`].
pub fn reveal(quiz: &mut Quiz) -> Option<f64> {
    #[cfg(feature = "split")]
    return imp::now(pieces::quiz_reveal(quiz)).and_then(Result::ok).flatten();
    #[cfg(not(feature = "split"))]
    return quiz.reveal();
}

#[cfg(feature = "split")]
pub(crate) mod imp {
    use std::cell::Cell;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};
    use std::thread::LocalKey;

    /// Where a piece is: not asked for, on its way, or loaded.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Piece {
        Missing,
        Loading,
        Ready,
    }

    thread_local! {
        pub static CODE: Cell<Piece> = const { Cell::new(Piece::Missing) };
        pub static QUIZ: Cell<Piece> = const { Cell::new(Piece::Missing) };
    }

    /// Whether the piece is loaded; if it was never asked for, starts `load` and runs `then`
    /// on the app when it is done.
    pub fn ready(
        piece: &'static LocalKey<Cell<Piece>>,
        load: impl Future<Output = Result<(), crate::split_rt::SplitLoaderError>> + 'static,
        then: super::Then,
    ) -> bool {
        match piece.get() {
            Piece::Ready => true,
            Piece::Loading => false,
            Piece::Missing => {
                piece.set(Piece::Loading);
                crate::split_rt::spawn(async move {
                    // A piece that did not arrive (offline) is asked for again next time.
                    let loaded = load.await.is_ok();
                    piece.set(if loaded { Piece::Ready } else { Piece::Missing });
                    if loaded {
                        crate::app::with_app(&mut |app| {
                            then(app);
                            Ok(())
                        });
                    }
                });
                false
            }
        }
    }

    /// The value of a split function's future whose piece is loaded: ready at the first poll.
    pub fn now<T>(future: impl Future<Output = T>) -> Option<T> {
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(value) => Some(value),
            Poll::Pending => None,
        }
    }
}

/// The split points themselves: the macro writes the import of each piece's loader and
/// the export the splitter moves, with `unsafe` extern blocks of its own. Functions with
/// the same name in `#[wasm_split(name)]` share one piece. `wasm_split_path` names the
/// page's own runtime (`split_rt`); `fallible` makes a load that failed an `Err` of each
/// function (hence their `Result`s), not a panic.
#[cfg(feature = "split")]
#[allow(unsafe_code, missing_debug_implementations)]
mod pieces {
    use super::*;
    use crate::split_rt::SplitLoaderError;
    use wasm_split_helpers::wasm_split;

    #[wasm_split(code, wasm_split_path = crate::split_rt, fallible, preload(code_piece))]
    pub fn code_new(graph: &Graph, steps: &[Step], style: Style) -> Result<Code, SplitLoaderError> {
        Ok(Code::new(graph, steps, style))
    }

    /// Every function of the piece has a loader of its own (the macro's `static` in its
    /// `preload`), so each must be loaded before it can be called synchronously: the
    /// module is fetched once (the JS loader keeps it), the rest is a resolved promise each.
    pub async fn quiz_pieces() -> Result<(), SplitLoaderError> {
        quiz_piece().await?;
        quiz_answer_piece().await?;
        quiz_hint_piece().await?;
        quiz_question_piece().await?;
        quiz_reveal_piece().await
    }

    #[wasm_split(quiz, wasm_split_path = crate::split_rt, fallible, preload(quiz_piece))]
    pub fn quiz_new(graph: &Graph, steps: &[Step]) -> Result<Quiz, SplitLoaderError> {
        Ok(Quiz::new(graph, steps))
    }

    #[wasm_split(quiz, wasm_split_path = crate::split_rt, fallible, preload(quiz_answer_piece))]
    pub fn quiz_answer(quiz: &mut Quiz, text: &str) -> Result<Verdict, SplitLoaderError> {
        Ok(quiz.answer(text))
    }

    #[wasm_split(quiz, wasm_split_path = crate::split_rt, fallible, preload(quiz_hint_piece))]
    pub fn quiz_hint(quiz: &Quiz, i: usize) -> Result<String, SplitLoaderError> {
        Ok(quiz.hint(i))
    }

    #[wasm_split(quiz, wasm_split_path = crate::split_rt, fallible, preload(quiz_question_piece))]
    pub fn quiz_question(quiz: &Quiz) -> Result<Option<String>, SplitLoaderError> {
        Ok(quiz.question())
    }

    #[wasm_split(quiz, wasm_split_path = crate::split_rt, fallible, preload(quiz_reveal_piece))]
    pub fn quiz_reveal(quiz: &mut Quiz) -> Result<Option<f64>, SplitLoaderError> {
        Ok(quiz.reveal())
    }
}
