//! The elements the page reads and writes, fetched once at start (ids from
//! `docs/page-contract.md`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement,
    HtmlSelectElement, HtmlTextAreaElement,
};

use crate::dom;

/// The elements the app reads and writes (ids from `docs/page-contract.md`).
#[derive(Debug)]
pub struct Els {
    pub example: HtmlSelectElement,
    pub program: HtmlTextAreaElement,
    pub error: HtmlElement,
    pub hint: HtmlElement,
    pub values: crate::values::ValuesTable,
    pub canvas: HtmlCanvasElement,
    pub play: HtmlButtonElement,
    pub speed: HtmlInputElement,
    pub timeline: HtmlInputElement,
    pub narration: Element,
    pub log: Element,
    pub gate_panel: Element,
    pub numeric: dom::NumericTable,
    pub h: HtmlSelectElement,
    pub eta: HtmlInputElement,
    pub step_result: Element,
    pub share_status: Element,
    pub expand: HtmlButtonElement,
    pub expand_check: HtmlElement,
    pub undo: HtmlButtonElement,
    pub redo: HtmlButtonElement,
    pub quiz: HtmlButtonElement,
    pub quiz_form: HtmlElement,
    pub quiz_prompt: Element,
    pub answer: HtmlInputElement,
    pub check: HtmlElement,
    pub reveal: HtmlElement,
    pub quiz_feedback: Element,
    pub code: HtmlButtonElement,
    pub code_panel: HtmlElement,
    pub code_style: HtmlSelectElement,
    pub code_lines: Element,
    pub assign: HtmlButtonElement,
    pub fork_table: HtmlElement,
    pub fork_rows: Element,
    pub fork_note: HtmlElement,
    pub train_panel: HtmlElement,
    pub train: HtmlButtonElement,
    pub lr: HtmlInputElement,
    pub train_point: HtmlInputElement,
    pub train_status: Element,
    pub boundary: HtmlCanvasElement,
    pub loss: HtmlCanvasElement,
}

impl Els {
    /// Every element the app uses. A missing one is an error naming it; a wrong type (the
    /// casts are unchecked) fails on first use. One check at the end, not one `?` per
    /// element, keeps the function short: each early return would drop the elements
    /// fetched before it.
    pub fn new(doc: &Document) -> Result<Els, JsValue> {
        let values = doc.query_selector("#values tbody")?.ok_or("#values has no tbody")?;
        let numeric = doc.query_selector("#numeric-table tbody")?.ok_or("#numeric-table has no tbody")?;
        let fork_rows = doc.query_selector("#fork-table tbody")?.ok_or("#fork-table has no tbody")?;
        let mut missing = None;
        let mut get = |id: &'static str| -> Element {
            doc.get_element_by_id(id).unwrap_or_else(|| {
                missing.get_or_insert(id);
                JsValue::UNDEFINED.unchecked_into()
            })
        };
        let els = Els {
            example: get("example").unchecked_into(),
            program: get("program").unchecked_into(),
            error: get("error").unchecked_into(),
            hint: get("hint").unchecked_into(),
            values: crate::values::ValuesTable::new(values),
            canvas: get("circuit").unchecked_into(),
            play: get("play").unchecked_into(),
            speed: get("speed").unchecked_into(),
            timeline: get("timeline").unchecked_into(),
            narration: get("narration").unchecked_into(),
            log: get("narration-log").unchecked_into(),
            gate_panel: get("gate-panel").unchecked_into(),
            numeric: dom::NumericTable::new(numeric),
            h: get("h").unchecked_into(),
            eta: get("eta").unchecked_into(),
            step_result: get("step-result").unchecked_into(),
            share_status: get("share-status").unchecked_into(),
            expand: get("expand").unchecked_into(),
            expand_check: get("expand-check").unchecked_into(),
            undo: get("undo").unchecked_into(),
            redo: get("redo").unchecked_into(),
            quiz: get("quiz").unchecked_into(),
            quiz_form: get("quiz-form").unchecked_into(),
            quiz_prompt: get("quiz-prompt").unchecked_into(),
            answer: get("answer").unchecked_into(),
            check: get("check").unchecked_into(),
            reveal: get("reveal").unchecked_into(),
            quiz_feedback: get("quiz-feedback").unchecked_into(),
            code: get("code").unchecked_into(),
            code_panel: get("code-panel").unchecked_into(),
            code_style: get("code-style").unchecked_into(),
            code_lines: get("code-lines"),
            assign: get("assign").unchecked_into(),
            fork_table: get("fork-table").unchecked_into(),
            fork_rows,
            fork_note: get("fork-note").unchecked_into(),
            train_panel: get("train-panel").unchecked_into(),
            train: get("train").unchecked_into(),
            lr: get("lr").unchecked_into(),
            train_point: get("train-point").unchecked_into(),
            train_status: get("train-status"),
            boundary: get("boundary").unchecked_into(),
            loss: get("loss").unchecked_into(),
        };
        match missing {
            Some(id) => {
                // A page without its elements does not run: its handles need no tidy drop
                // (and no drop code for the whole struct in the wasm).
                std::mem::forget(els);
                Err(JsValue::from_str(&["#", id, " is missing from the page"].concat()))
            }
            None => Ok(els),
        }
    }
}
