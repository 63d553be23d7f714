//! Building and updating the page's elements from the model. Text goes in through
//! `textContent` only, never `innerHTML`, so a program or a link cannot inject markup.

use autodiff::format::{number, scientific, significant};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

use crate::math::MathNode;
use crate::model::{GatePanel, Model, Row};

const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

pub fn window() -> Result<web_sys::Window, JsValue> {
    web_sys::window().ok_or_else(|| JsValue::from_str("no window"))
}

pub fn document() -> Result<Document, JsValue> {
    window()?.document().ok_or_else(|| JsValue::from_str("no document"))
}

/// The element with this id.
pub fn get(doc: &Document, id: &str) -> Result<Element, JsValue> {
    doc.get_element_by_id(id).ok_or_else(|| JsValue::from_str(&format!("#{id} is missing from the page")))
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

pub fn set_hidden(e: &HtmlElement, hidden: bool) {
    if e.hidden() != hidden {
        e.set_hidden(hidden);
    }
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

fn set_attr(e: &Element, name: &str, value: &str) -> Result<(), JsValue> {
    if e.get_attribute(name).as_deref() != Some(value) {
        e.set_attribute(name, value)?;
    }
    Ok(())
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

/// Fills or updates the values table body. Rows are rebuilt only when the names change,
/// so an input field keeps focus (and what the student is typing) across edits.
pub fn render_values(
    doc: &Document,
    tbody: &Element,
    rows: &[Row],
    output: &str,
    selected: Option<&str>,
) -> Result<(), JsValue> {
    let trs = tbody.children();
    let same = trs.length() as usize == rows.len()
        && rows.iter().enumerate().all(|(i, r)| {
            trs.item(i as u32).is_some_and(|tr| {
                tr.get_attribute("data-name").as_deref() == Some(r.name.as_str())
                    && (tr.query_selector("input").ok().flatten().is_some() == r.is_input)
            })
        });
    if !same {
        clear(tbody);
        for r in rows {
            let tr = el(doc, "tr", "")?;
            tr.set_attribute("data-name", &r.name)?;
            let th = el(doc, "th", &r.name)?;
            th.set_attribute("scope", "row")?;
            tr.append_child(&th)?;
            let td = el(doc, "td", "")?;
            if r.is_input {
                let input: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
                input.set_type("number");
                input.set_attribute("aria-label", &r.name)?;
                input.set_attribute("step", "any")?;
                input.set_attribute("data-input", &r.name)?;
                td.append_child(&input)?;
            }
            tr.append_child(&td)?;
            let grad = el(doc, "td", "")?;
            grad.set_class_name("grad");
            tr.append_child(&grad)?;
            tbody.append_child(&tr)?;
        }
    }
    let active = doc.active_element();
    for (i, r) in rows.iter().enumerate() {
        let Some(tr) = trs.item(i as u32) else { continue };
        set_attr(&tr, "data-value", &exact(r.value))?;
        set_attr(&tr, "data-grad", &exact(r.grad))?;
        let class = match (r.name == output, Some(r.name.as_str()) == selected) {
            (true, true) => "out selected",
            (true, false) => "out",
            (false, true) => "selected",
            (false, false) => "",
        };
        if tr.class_name() != class {
            tr.set_class_name(class);
        }
        let cells = tr.children();
        if let Some(td) = cells.item(1) {
            if r.is_input {
                if let Some(input) = td.first_element_child() {
                    let input: HtmlInputElement = input.dyn_into()?;
                    let typing = active.as_ref().is_some_and(|a| a == input.unchecked_ref::<Element>());
                    if !typing {
                        let text = field_text(r.value);
                        if input.value() != text {
                            input.set_value(&text);
                        }
                    }
                }
            } else {
                set_text(&td, &number(r.value));
            }
        }
        if let Some(td) = cells.item(2) {
            set_text(&td, &number(r.grad));
        }
    }
    Ok(())
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
        let h = el(doc, "h2", "Gate")?;
        h.set_id("gate-h");
        section.append_child(&h)?;
        let note = el(doc, "p", "Select a gate on the circuit (click it, or focus the circuit and use the Up and Down keys) to see its local gradients and the chain rule.")?;
        note.set_class_name("note");
        section.append_child(&note)?;
        return Ok(());
    };
    let h = el(doc, "h2", &p.title)?;
    h.set_id("gate-h");
    section.append_child(&h)?;
    add(section, &el(doc, "h3", "Local gradients")?)?;
    let list = el(doc, "ul", "")?;
    for l in &p.locals {
        let li = el(doc, "li", "")?;
        let math = doc.create_element_ns(Some(MATHML), "math")?;
        let eq = MathNode::local_equation(&l.out, &l.input, &l.formula, &number(l.local));
        add(&math, &math_element(doc, &eq)?)?;
        li.append_child(&math)?;
        list.append_child(&li)?;
    }
    section.append_child(&list)?;
    add(section, &el(doc, "h3", "Chain rule")?)?;
    let chain = el(doc, "ul", "")?;
    for l in &p.locals {
        let text = format!(
            "into {}: upstream {} × local {} = {}{}",
            l.input,
            number(l.upstream),
            number(l.local),
            number(l.contribution),
            if l.fork { " (added with +=, it feeds several gates)" } else { "" }
        );
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

/// The numerical-check table: analytic vs one-sided and centred differences.
pub fn render_numeric(doc: &Document, tbody: &Element, model: &mut Model, h: f64) -> Result<(), JsValue> {
    clear(tbody);
    let checks = model.graph.check_gradients(h);
    for c in checks {
        let name = model.graph.display_name(c.input);
        let tr = el(doc, "tr", "")?;
        tr.set_attribute("data-name", &name)?;
        let th = el(doc, "th", &name)?;
        th.set_attribute("scope", "row")?;
        tr.append_child(&th)?;
        for v in [c.analytic, c.forward, c.centred] {
            add(&tr, &el(doc, "td", &significant(v, 7))?)?;
        }
        // cs231n's advice: judge with the centred difference; the one-sided error is in the tooltip.
        let err = c.centred_error;
        let text = if err == 0.0 { "0".to_string() } else { scientific(err, 2) };
        let td = el(doc, "td", &text)?;
        td.set_class_name(if err < 1e-7 {
            "ok"
        } else if err < 1e-4 {
            "warn"
        } else {
            "bad"
        });
        td.set_attribute("title", &format!("one-sided difference: {}", scientific(c.forward_error, 2)))?;
        tr.append_child(&td)?;
        tbody.append_child(&tr)?;
    }
    Ok(())
}
