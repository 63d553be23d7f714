//! The values table: one row per input and named value (the page contract's `<tr
//! data-name data-value data-grad>`). An edit writes only the cells whose numbers changed,
//! and reads nothing back from the page but one rectangle. A 2,000-gate program has 2,000
//! rows, nearly all of which an edit changes, and writing them all took more than half of
//! an edit's frame: so the rows on screen (and a margin, as an IntersectionObserver reports
//! them, which reads no layout) are written at once, and the rest a chunk per task
//! afterwards, each task writing the newest numbers. A row that scrolls into view before its
//! chunk is written as it appears.

use autodiff::format::number;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, HtmlInputElement, HtmlTableRowElement, IntersectionObserver, IntersectionObserverEntry,
};

use crate::dom::{clear, el, exact, field_text, name_row};
use crate::model::Row;

/// Tables up to this many rows are always written whole, at once.
const EAGER_ROWS: usize = 200;
/// Rows written per later task.
const CHUNK_ROWS: usize = 250;

#[derive(Debug)]
pub struct ValuesTable {
    tbody: Element,
    rows: Vec<ShownRow>,
    /// The numbers still to write: the newest rows, the output's name and the selected name.
    stale: Option<(Vec<Row>, String, Option<String>)>,
    /// The next row a later task looks at.
    next: usize,
    /// Which rows are on screen or near it, as the observer last said.
    seen: Vec<bool>,
    /// Reports the rows coming into and going out of view (set by `events`).
    pub observer: Option<IntersectionObserver>,
}

/// One row as shown: its cells and the values they hold.
#[derive(Debug)]
struct ShownRow {
    name: String,
    tr: Element,
    /// The value cell, or the input field for an input.
    value: Element,
    grad: Element,
    is_input: bool,
    /// The bits of the value and of the gradient shown, `None` until written.
    value_bits: Option<u64>,
    grad_bits: Option<u64>,
    class: &'static str,
}

impl ValuesTable {
    pub fn new(tbody: Element) -> ValuesTable {
        ValuesTable { tbody, rows: Vec::new(), stale: None, next: 0, seen: Vec::new(), observer: None }
    }

    /// Fills or updates the table: the rows on screen now, the others by [`Self::flush`].
    /// Rows are rebuilt only when the names change, so an input field keeps focus (and what
    /// the student is typing) across edits. Returns whether rows are left for `flush`.
    pub fn render(
        &mut self,
        doc: &Document,
        rows: Vec<Row>,
        output: &str,
        selected: Option<&str>,
    ) -> Result<bool, JsValue> {
        let same = self.rows.len() == rows.len()
            && self.rows.iter().zip(&rows).all(|(a, b)| a.name == b.name && a.is_input == b.is_input);
        if !same {
            self.rebuild(doc, &rows)?;
        }
        // New rows are written whole: the observer has not seen them yet.
        let all = !same || rows.len() <= EAGER_ROWS;
        let active = doc.active_element();
        for (k, r) in rows.iter().enumerate() {
            if all || self.seen[k] {
                write(&mut self.rows[k], r, output, selected, active.as_ref())?;
            }
        }
        if all {
            self.stale = None;
            return Ok(false);
        }
        self.stale = Some((rows, output.to_string(), selected.map(str::to_string)));
        self.next = 0;
        Ok(true)
    }

    /// Whether rows are left for [`Self::flush`].
    pub fn is_stale(&self) -> bool {
        self.stale.is_some()
    }

    /// Writes the next chunk of rows left by [`Self::render`]; returns whether more are left.
    pub fn flush(&mut self, doc: &Document) -> Result<bool, JsValue> {
        let Some((rows, output, selected)) = &self.stale else { return Ok(false) };
        let active = doc.active_element();
        let end = (self.next + CHUNK_ROWS).min(rows.len());
        for (shown, r) in self.rows[self.next..end].iter_mut().zip(&rows[self.next..end]) {
            write(shown, r, output, selected.as_deref(), active.as_ref())?;
        }
        self.next = end;
        if end == rows.len() {
            self.stale = None;
        }
        Ok(self.stale.is_some())
    }

    /// Forgets what the row of input `name` shows, so the next render writes its field
    /// again: after the student leaves a field holding text that was no number.
    pub fn forget(&mut self, name: &str) {
        if let Some(row) = self.rows.iter_mut().find(|r| r.name == name) {
            row.value_bits = None;
        }
    }

    /// The observer's news: rows now in view or out of it. A row coming into view with
    /// numbers still to write gets them now.
    pub fn seen(&mut self, entries: &js_sys::Array, doc: &Document) -> Result<(), JsValue> {
        let active = doc.active_element();
        for entry in entries.iter() {
            let entry: IntersectionObserverEntry = entry.unchecked_into();
            let k = entry.target().unchecked_into::<HtmlTableRowElement>().section_row_index();
            let Some(seen) = usize::try_from(k).ok().and_then(|k| self.seen.get_mut(k)) else { continue };
            *seen = entry.is_intersecting();
            if let (true, Some((rows, output, selected))) = (*seen, &self.stale) {
                let k = k as usize;
                write(&mut self.rows[k], &rows[k], output, selected.as_deref(), active.as_ref())?;
            }
        }
        Ok(())
    }

    fn rebuild(&mut self, doc: &Document, rows: &[Row]) -> Result<(), JsValue> {
        clear(&self.tbody);
        self.rows.clear();
        self.stale = None;
        self.seen = vec![false; rows.len()];
        if let Some(observer) = &self.observer {
            observer.disconnect();
        }
        for r in rows {
            let tr = name_row(doc, &r.name)?;
            let td = el(doc, "td", "")?;
            let value = if r.is_input {
                let input: HtmlInputElement = doc.create_element("input")?.unchecked_into();
                input.set_attribute("type", "number")?;
                input.set_attribute("aria-label", &r.name)?;
                input.set_attribute("step", "any")?;
                input.set_attribute("data-input", &r.name)?;
                td.append_child(&input)?;
                input.into()
            } else {
                td.clone()
            };
            tr.append_child(&td)?;
            let grad = el(doc, "td", "")?;
            grad.set_class_name("grad");
            tr.append_child(&grad)?;
            self.tbody.append_child(&tr)?;
            if let Some(observer) = &self.observer {
                observer.observe(&tr);
            }
            self.rows.push(ShownRow {
                name: r.name.clone(),
                tr,
                value,
                grad,
                is_input: r.is_input,
                value_bits: None,
                grad_bits: None,
                class: "",
            });
        }
        Ok(())
    }
}

/// Writes one row's class and changed numbers.
fn write(
    shown: &mut ShownRow,
    r: &Row,
    output: &str,
    selected: Option<&str>,
    active: Option<&Element>,
) -> Result<(), JsValue> {
    let class = match (r.name == output, Some(r.name.as_str()) == selected) {
        (true, true) => "out selected",
        (true, false) => "out",
        (false, true) => "selected",
        (false, false) => "",
    };
    if shown.class != class {
        shown.class = class;
        shown.tr.set_class_name(class);
    }
    let v = r.value.to_bits();
    if shown.value_bits != Some(v) {
        shown.value_bits = Some(v);
        shown.tr.set_attribute("data-value", &exact(r.value))?;
        if shown.is_input {
            // What the student is typing stays; the value shows once they leave.
            if active == Some(&shown.value) {
                shown.value_bits = None;
            } else {
                shown.value.unchecked_ref::<HtmlInputElement>().set_value(&field_text(r.value));
            }
        } else {
            shown.value.set_text_content(Some(&number(r.value)));
        }
    }
    let g = r.grad.to_bits();
    if shown.grad_bits != Some(g) {
        shown.grad_bits = Some(g);
        shown.tr.set_attribute("data-grad", &exact(r.grad))?;
        shown.grad.set_text_content(Some(&number(r.grad)));
    }
    Ok(())
}
