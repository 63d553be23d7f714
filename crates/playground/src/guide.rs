//! The Lesson's panel (over `lessons::lesson` and the page's `lesson` mode): its words,
//! fetched when the Lesson first opens; the step's text, task and answer field; the status
//! line; the panel the step points at; and the progress kept in `localStorage` for the next
//! visit. It decides nothing: what it shows is `Page::lesson_view`'s.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Response;

use crate::app::{with_app, App};
use crate::dom::{self, set_hidden, set_text};
use crate::msg::Msg;
use lessons::lesson::Panel;

/// The `localStorage` key of the Lesson's progress.
const PROGRESS_KEY: &str = "lesson";

impl App {
    /// Shows the Lesson's panel as the page has it: hidden while closed or until its words
    /// are in (its buttons have no names before), else the step; and the panel it points at.
    pub fn show_lesson(&mut self) -> Result<(), JsValue> {
        let doc = &self.doc;
        let open = self.page.state.lesson.is_some();
        let view = self.page.lesson_view();
        if let Some(body) = doc.body() {
            let _ = body.class_list().toggle_with_force("lesson", open);
        }
        dom::set_pressed(&dom::get(doc, "lesson-open")?, open);
        set_hidden(&dom::get(doc, "lesson")?, view.is_none());
        let pointed = self.page.lesson_panel().map(selector);
        for panel in Panel::ALL {
            let sel = selector(panel.name());
            if let Some(e) = doc.query_selector(&sel).ok().flatten() {
                let _ = e.class_list().toggle_with_force("lesson-here", pointed.as_ref() == Some(&sel));
            }
        }
        let (Some(view), Some(words)) = (view, self.page.words.as_ref()) else { return Ok(()) };
        // One loop over (id, words) rather than a call per element: the page is size-bound.
        for (id, s) in [
            ("lesson-progress", view.progress.as_str()),
            ("lesson-title", &view.title),
            ("lesson-text", &view.text),
            ("lesson-task-label", words.get("ui.task")),
            ("lesson-task-text", &view.task),
            ("lesson-answer-label", words.get("ui.answer")),
            ("lesson-check", words.get("ui.check")),
            ("lesson-back", words.get("ui.back")),
            ("lesson-next", words.get("ui.next")),
        ] {
            set_text(&dom::get(doc, id)?, s);
        }
        set_hidden(&dom::get(doc, "lesson-form")?, !view.asks);
        let _ = dom::get(doc, "lesson-back")?.toggle_attribute_with_force("disabled", !view.back);
        let _ = dom::get(doc, "lesson-next")?.toggle_attribute_with_force("disabled", !view.next);
        Ok(())
    }

    /// The status line says `said` (a `role="status"` region: screen readers hear it).
    pub fn lesson_status(&self, said: &str) -> Result<(), JsValue> {
        set_text(&dom::get(&self.doc, "lesson-status")?, said);
        Ok(())
    }

    /// A new step: the answer field is empty again.
    pub fn clear_lesson_answer(&self) -> Result<(), JsValue> {
        dom::set_value(&dom::get(&self.doc, "lesson-answer")?, "");
        Ok(())
    }

    /// Check in the Lesson's answer form.
    pub fn lesson_answer(&mut self) -> Result<(), JsValue> {
        let text = dom::value(&dom::get(&self.doc, "lesson-answer")?);
        self.send(Msg::LessonAnswer(text), None)
    }
}

/// The CSS selector of a part of the page a step points at.
fn selector(name: &str) -> String {
    match name {
        "anim" => ".anim".to_string(),
        _ => ["[data-panel=", name, "]"].concat(),
    }
}

/// The web's side of the Lesson, as associated functions: `app` calls them without naming
/// this module (no import circle).
impl App {
    /// Fetches this language's words (`lesson/<code>.txt`) and hands them to the page.
    pub fn fetch_words() -> Result<(), JsValue> {
        fn send_words(text: Option<String>) {
            with_app(&mut |app| app.send(Msg::LessonWords(text.clone()), None));
        }
        // The page's one closure type (see `events::wire`); each is called at most once, and the
        // few bytes of one that is not are kept, once per Lesson opened without its words.
        let failed = || Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| send_words(None));
        let got = Closure::<dyn FnMut(JsValue)>::new(move |resp: JsValue| {
            let resp: Response = resp.unchecked_into();
            match resp.text() {
                Ok(text) if resp.ok() => {
                    let read =
                        Closure::<dyn FnMut(JsValue)>::new(|text: JsValue| send_words(text.as_string()));
                    let failed = failed();
                    let _ = text.then2(&read, &failed);
                    read.forget();
                    failed.forget();
                }
                _ => send_words(None),
            }
        });
        let url = ["lesson/", lang::CODE, ".txt"].concat();
        let failed = failed();
        let _ = dom::window()?.fetch_with_str(&url).then2(&got, &failed);
        got.forget();
        failed.forget();
        Ok(())
    }

    /// The progress kept from the last visit, if any (storage may be off: then none).
    pub fn kept_progress() -> Option<String> {
        dom::window().ok()?.local_storage().ok()??.get_item(PROGRESS_KEY).ok()?
    }

    /// Keeps the progress for the next visit (storage may be off or full: then it is not kept).
    pub fn keep_progress(text: &str) {
        if let Some(storage) = dom::window().ok().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(PROGRESS_KEY, text);
        }
    }
}
