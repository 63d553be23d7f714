//! Building and updating the page's elements from the model. Text goes in through
//! `textContent` only, never `innerHTML`, so a program or a link cannot inject markup. The
//! words come from [`lang::t!`], in the language of the build.

use autodiff::format::{number, scientific, significant};
use lang::{fill, t};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use crate::math::MathNode;
use crate::model::{GatePanel, Model};

const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

#[wasm_bindgen]
extern "C" {
    /// The page's `window`, imported as such: `web_sys::window()` finds it by probing
    /// `globalThis`, `self`, `window` and `global`, four imports the page does not need.
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: web_sys::Window;
}

pub fn window() -> Result<web_sys::Window, JsValue> {
    Ok(WINDOW.with(Clone::clone))
}

pub fn document() -> Result<Document, JsValue> {
    window()?.document().ok_or_else(|| JsValue::from_str("no document"))
}

/// The window's width in CSS pixels (0 if unknown). Reading it can force a layout, so the
/// app reads it at start and on resize only.
pub fn screen_width() -> f64 {
    window().and_then(|w| w.inner_width()).ok().and_then(|w| w.as_f64()).unwrap_or(0.0)
}

/// The element with this id.
pub fn get(doc: &Document, id: &str) -> Result<Element, JsValue> {
    doc.get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&["#", id, " is missing from the page"].concat()))
}

/// A new element with optional text content.
pub fn el(doc: &Document, tag: &str, text: &str) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

pub fn set_text(e: &Element, text: &str) {
    if e.text_content().as_deref() != Some(text) {
        e.set_text_content(Some(text));
    }
}

/// `decodeURIComponent`: percent-escapes to text; a broken escape or invalid UTF-8 is an
/// error (what `state::percent_decode` does natively).
pub fn decode(s: &str) -> Result<String, String> {
    js_sys::decode_uri_component(s)
        .map(String::from)
        .map_err(|_| t!("~the link has a broken %-escape or is not valid UTF-8").to_string())
}

/// The `value` of an input, select or textarea: the same property on all three, so one
/// import (HTMLInputElement's) serves them all.
pub fn value(e: &Element) -> String {
    e.unchecked_ref::<HtmlInputElement>().value()
}

/// Sets the `value` of an input, select or textarea (see [`value`]).
pub fn set_value(e: &Element, v: &str) {
    e.unchecked_ref::<HtmlInputElement>().set_value(v);
}

/// A toggle button's state (`aria-pressed`).
pub fn set_pressed(e: &Element, on: bool) {
    let _ = e.set_attribute("aria-pressed", if on { "true" } else { "false" });
}

/// Shows or hides `e` by its `hidden` attribute (the same calls as every other attribute,
/// no imports of their own).
pub fn set_hidden(e: &Element, hidden: bool) {
    let _ = e.toggle_attribute_with_force("hidden", hidden);
}

/// Appends `child` to `parent`.
pub fn add(parent: &Element, child: &Element) -> Result<(), JsValue> {
    parent.append_child(child)?;
    Ok(())
}

/// Removes every child.
pub fn clear(e: &Element) {
    e.set_text_content(None);
}

/// A number's shortest round-trip text ("-12", "0.30000000000000004", "1e-7"), with
/// "NaN", "inf" and "-inf" for the rest, as the page contract's data attributes want. The
/// browser writes it, so the wasm carries no shortest-float printer.
pub fn exact(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else if x == 0.0 {
        // JavaScript writes -0 as "0", but the sign is part of the value (1 / x).
        if x.is_sign_negative() { "-0" } else { "0" }.into()
    } else {
        js_sys::Number::from(x).to_string_with_radix(10).map(String::from).unwrap_or_default()
    }
}

/// The text an input field shows for a value: enough digits to edit, no float noise.
pub fn field_text(v: f64) -> String {
    if v.is_finite() {
        significant(v, 10)
    } else {
        exact(v)
    }
}

/// A table row for `name`: `<tr data-name=name><th scope=row>name</th></tr>`, the shape
/// both tables (and the page contract) give a row.
pub fn name_row(doc: &Document, name: &str) -> Result<Element, JsValue> {
    let tr = el(doc, "tr", "")?;
    tr.set_attribute("data-name", name)?;
    let th = el(doc, "th", name)?;
    th.set_attribute("scope", "row")?;
    tr.append_child(&th)?;
    Ok(tr)
}

/// A MathML element tree.
pub fn math_element(doc: &Document, node: &MathNode) -> Result<Element, JsValue> {
    let e = match node {
        MathNode::Token(tag, text) => {
            let e = doc.create_element_ns(Some(MATHML), tag)?;
            e.set_text_content(Some(text));
            return Ok(e);
        }
        MathNode::Row(items) => {
            let e = doc.create_element_ns(Some(MATHML), "mrow")?;
            for item in items {
                add(&e, &math_element(doc, item)?)?;
            }
            e
        }
        MathNode::Sup(a, b) | MathNode::Frac(a, b) => {
            let tag = if matches!(node, MathNode::Sup(..)) { "msup" } else { "mfrac" };
            let e = doc.create_element_ns(Some(MATHML), tag)?;
            add(&e, &math_element(doc, a)?)?;
            add(&e, &math_element(doc, b)?)?;
            e
        }
    };
    Ok(e)
}

/// Rebuilds the gate panel for a selected gate, or its prompt when none is selected.
pub fn render_gate_panel(
    doc: &Document,
    section: &Element,
    panel: Option<&GatePanel>,
) -> Result<(), JsValue> {
    clear(section);
    let Some(p) = panel else {
        let h = el(doc, "h2", t!("Gate"))?;
        h.set_id("gate-h");
        section.append_child(&h)?;
        let note = el(doc, "p", t!("Select a gate on the circuit (click it, or focus the circuit and use the Up and Down keys) to see its local gradients and the chain rule."))?;
        note.set_class_name("note");
        section.append_child(&note)?;
        return Ok(());
    };
    let h = el(doc, "h2", &p.title)?;
    h.set_id("gate-h");
    section.append_child(&h)?;
    add(section, &el(doc, "h3", t!("Local gradients"))?)?;
    let list = el(doc, "ul", "")?;
    for l in &p.locals {
        let li = el(doc, "li", "")?;
        let math = doc.create_element_ns(Some(MATHML), "math")?;
        let eq = crate::math::local_equation(l, &number(l.local));
        add(&math, &math_element(doc, &eq)?)?;
        li.append_child(&math)?;
        list.append_child(&li)?;
    }
    section.append_child(&list)?;
    add(section, &el(doc, "h3", t!("Chain rule"))?)?;
    let chain = el(doc, "ul", "")?;
    for l in &p.locals {
        let template = if l.fork {
            t!("into {0}: upstream {1} × local {2} = {3} (added with +=, it feeds several gates)")
        } else {
            t!("into {0}: upstream {1} × local {2} = {3}")
        };
        let text =
            fill(template, &[&l.input, &number(l.upstream), &number(l.local), &number(l.contribution)]);
        let li = el(doc, "li", &text)?;
        li.set_class_name("chain");
        chain.append_child(&li)?;
    }
    section.append_child(&chain)?;
    let pattern = el(doc, "p", p.pattern)?;
    pattern.set_class_name("pattern");
    section.append_child(&pattern)?;
    Ok(())
}

/// The numerical-check table: analytic vs one-sided and centred differences. Rows are
/// made when the inputs change; otherwise only cells whose text changed are written, from
/// what the table keeps of what it wrote (nothing is read back from the page).
#[derive(Debug)]
pub struct NumericTable {
    tbody: Element,
    /// Per row: the input's name, its four cells and what they show: four texts, the
    /// error cell's tooltip and its class.
    rows: Vec<(String, Vec<Element>, [String; 6])>,
}

impl NumericTable {
    pub fn new(tbody: Element) -> NumericTable {
        NumericTable { tbody, rows: Vec::new() }
    }

    pub fn render(&mut self, doc: &Document, model: &mut Model, h: f64) -> Result<(), JsValue> {
        let checks = model.graph.check_gradients(h);
        let mut names = Vec::with_capacity(checks.len());
        for c in &checks {
            names.push(model.graph.display_name(c.input));
        }
        if !self.rows.iter().map(|r| &r.0).eq(names.iter()) {
            clear(&self.tbody);
            self.rows.clear();
            for name in names {
                let tr = name_row(doc, &name)?;
                let mut cells = Vec::new();
                for _ in 0..4 {
                    let td = el(doc, "td", "")?;
                    tr.append_child(&td)?;
                    cells.push(td);
                }
                self.tbody.append_child(&tr)?;
                self.rows.push((name, cells, [const { String::new() }; 6]));
            }
        }
        for (c, (_, cells, shown)) in checks.iter().zip(&mut self.rows) {
            // cs231n's advice: judge with the centred difference; the one-sided error is in
            // the tooltip.
            let err = c.centred_error;
            let class = if err < 1e-7 {
                "ok"
            } else if err < 1e-4 {
                "warn"
            } else {
                "bad"
            };
            let texts = [
                significant(c.analytic, 7),
                significant(c.forward, 7),
                significant(c.centred, 7),
                if err == 0.0 { "0".to_string() } else { scientific(err, 2) },
                scientific(c.forward_error, 2),
                class.to_string(),
            ];
            for (k, text) in texts.into_iter().enumerate() {
                if shown[k] == text {
                    continue;
                }
                match cells.get(k.min(3)) {
                    Some(td) if k == 4 => {
                        td.set_attribute("title", &fill(t!("one-sided difference: {0}"), &[&text]))?
                    }
                    Some(td) if k == 5 => td.set_class_name(&text),
                    Some(td) => td.set_text_content(Some(&text)),
                    None => {}
                }
                shown[k] = text;
            }
        }
        Ok(())
    }
}
