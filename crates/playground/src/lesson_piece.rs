//! The page's calls into the Lesson (crate::lesson, over `lessons::lesson`). Each goes
//! through [`split::open`](crate::split::open) as [`Open::Lesson`], so the Lesson's code
//! is reached only from its split point: with the `split` feature it is a piece of the
//! page's wasm (`split_lesson.wasm`), fetched the first time the Lesson opens (the Lesson
//! button, or a link with `lesson=N`), sharing the first piece's memory and engine.
//! Without the feature (every test, `trunk serve`) it is a plain call.

use wasm_bindgen::JsValue;
use web_sys::Event;

use crate::app::App;
use crate::lesson::Call;
use crate::split::{open, Open};

impl App {
    /// An event on one of the Lesson's controls (the Lesson button, Back, Next, its form).
    pub fn lesson_event(&mut self, ev: Event) -> Result<(), JsValue> {
        open(self, Open::Lesson(Call::Event(ev)))
    }

    /// The link names a step (`lesson=N`): the Lesson opens there as the page starts.
    pub fn lesson_linked(&mut self) -> Result<(), JsValue> {
        open(self, Open::Lesson(Call::Linked))
    }

    /// The page wrote its link (something a step may check changed): the Lesson, if it is
    /// open, checks its step.
    pub fn lesson_seen(&mut self) -> Result<(), JsValue> {
        open(self, Open::Lesson(Call::Seen))
    }

    /// Whether `#lesson-failed` says the Lesson could not load (its piece or its words,
    /// offline before they were ever fetched); the circuit stays as it was.
    pub fn lesson_failed(&self, failed: bool) -> Result<(), JsValue> {
        crate::dom::set_hidden(&crate::dom::get(&self.doc, "lesson-failed")?, !failed);
        Ok(())
    }
}
