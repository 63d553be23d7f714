//! The Lesson's split point (docs/split-spike.md): the page hands every call for the Lesson
//! to [`lesson`], and the Lesson's code (crate::lesson, over `lessons::lesson`) is reached
//! only through it. With the `split` feature, `#[wasm_split(lesson)]` cuts that code into
//! `split_lesson.wasm`, which the page fetches the first time the Lesson opens (the Lesson
//! button, or a link with `lesson=N`); it shares the first piece's memory and engine.
//! Without the feature (every test, `trunk serve`) it is a plain call.

use wasm_bindgen::JsValue;
use web_sys::Event;

use crate::app::App;
use crate::lesson::Call;

impl App {
    /// An event on one of the Lesson's controls (the Lesson button, Back, Next, its form).
    pub fn lesson_event(&mut self, ev: Event) -> Result<(), JsValue> {
        lesson(self, Call::Event(ev))
    }

    /// The link names a step (`lesson=N`): the Lesson opens there as the page starts.
    pub fn lesson_linked(&mut self) -> Result<(), JsValue> {
        lesson(self, Call::Linked)
    }

    /// The page wrote its link (something a step may check changed): the Lesson, if it is
    /// open, checks its step.
    pub fn lesson_seen(&mut self) -> Result<(), JsValue> {
        lesson(self, Call::Seen)
    }

    /// The Lesson could not load (its piece or its words, offline before they were ever
    /// fetched): `#lesson-failed` says so; the circuit stays as it was.
    pub fn lesson_failed(&mut self) -> Result<(), JsValue> {
        crate::dom::set_hidden(&crate::dom::get(&self.doc, "lesson-failed")?, false);
        Ok(())
    }
}

/// Hands `call` to the Lesson. Before its piece is there, a call that opens it (the Lesson
/// button, a linked step) fetches it and is made when it has arrived; a check (`Seen`)
/// has nothing to check yet.
fn lesson(app: &mut App, call: Call) -> Result<(), JsValue> {
    #[cfg(feature = "split")]
    return imp::lesson(app, call);
    #[cfg(not(feature = "split"))]
    return crate::lesson::call(app, call);
}

#[cfg(feature = "split")]
mod imp {
    use std::cell::Cell;

    use wasm_bindgen::JsValue;

    use crate::app::{with_app, App};
    use crate::lesson::Call;
    use crate::split::imp::{now, Piece};

    thread_local! {
        static LESSON: Cell<Piece> = const { Cell::new(Piece::Missing) };
    }

    pub fn lesson(app: &mut App, call: Call) -> Result<(), JsValue> {
        match LESSON.get() {
            Piece::Ready => now(piece::lesson_call(app, call)).and_then(Result::ok).unwrap_or(Ok(())),
            Piece::Loading => Ok(()),
            Piece::Missing if matches!(call, Call::Seen) => Ok(()),
            Piece::Missing => {
                LESSON.set(Piece::Loading);
                crate::split_rt::spawn(async move {
                    // A piece that did not arrive (offline) is asked for again next time.
                    let loaded = piece::lesson_piece().await.is_ok();
                    LESSON.set(if loaded { Piece::Ready } else { Piece::Missing });
                    with_app(&mut |app| if loaded { lesson(app, call.clone()) } else { app.lesson_failed() });
                });
                Ok(())
            }
        }
    }

    /// The split point itself (see split.rs's `pieces` for the macro's options).
    #[allow(unsafe_code, missing_debug_implementations)]
    mod piece {
        use super::*;
        use crate::split_rt::SplitLoaderError;
        use wasm_split_helpers::wasm_split;

        #[wasm_split(lesson, wasm_split_path = crate::split_rt, fallible, preload(lesson_piece))]
        pub fn lesson_call(app: &mut App, call: Call) -> Result<Result<(), JsValue>, SplitLoaderError> {
            Ok(crate::lesson::call(app, call))
        }
    }
}
