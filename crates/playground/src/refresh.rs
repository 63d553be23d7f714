//! Showing the page's state: the form controls, the tables, the panels and the timeline,
//! each written from the state and the model (what to show again is `machine`'s call).

use autodiff::format::number;
use autodiff::NodeId;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::App;
use crate::dom::{self, el, set_hidden, set_text};
use lang::{fill, t};

/// Circuits up to this many nodes get their numerical check within the frame of an edit.
const EAGER_NUMERIC_NODES: usize = 600;

impl App {
    /// Puts the state into the form controls (after load, a hash change, an example).
    pub fn show_state_in_controls(&mut self) {
        // The link's classroom settings: a locked program, hidden panels, the embed view.
        let class = &self.page.state.class;
        let _ = self.els.program.toggle_attribute_with_force("readonly", class.lock);
        let _ = self.els.example.toggle_attribute_with_force("disabled", class.lock);
        for name in crate::state::PANELS {
            if let Ok(Some(panel)) = self.doc.query_selector(&["[data-panel=", name, "]"].concat()) {
                set_hidden(panel.unchecked_ref(), class.hide.contains(&name));
            }
        }
        if let Some(body) = self.doc.body() {
            let _ = body.class_list().toggle_with_force("embed", class.embed);
        }
        if class.embed {
            // The circuit takes the full width: the width read before is not the canvas's.
            self.view.unprime();
        }
        dom::set_value(&self.els.example, self.page.state.menu_example());
        dom::set_value(&self.els.program, &self.page.state.program);
        dom::set_value(&self.els.h, &["1e-", &lang::int(self.page.state.h_index as i64 + 1)].concat());
        self.els.eta.set_value(&dom::field_text(self.page.state.eta));
    }

    /// Everything derived from the state, then the performance measure of the edit.
    pub fn refresh_all(&mut self, start: Option<f64>) -> Result<(), JsValue> {
        self.refresh_panels()?;
        self.refresh_circuit(start)
    }

    /// Everything beside the circuit: the error line, the values table, the gate panel, the
    /// numerical check and the expand button.
    pub fn refresh_panels(&mut self) -> Result<(), JsValue> {
        self.refresh_error();
        self.refresh_values()?;
        self.refresh_gate_panel()?;
        self.refresh_numeric()?;
        self.refresh_expand();
        Ok(())
    }

    /// The timeline, the canvas's label and the circuit itself.
    pub fn refresh_circuit(&mut self, start: Option<f64>) -> Result<(), JsValue> {
        self.refresh_timeline()?;
        // In the quiz, the gradients are the student's to find.
        self.els.canvas.set_attribute("aria-label", &self.page.model.summary(!self.page.state.class.quiz))?;
        self.draw()?;
        if let Some(start) = start {
            measure_edit(start)?;
        }
        Ok(())
    }

    fn refresh_error(&self) {
        let msg = self.page.link_error.clone().unwrap_or_default();
        set_text(&self.els.error, &msg);
        set_hidden(&self.els.error, msg.is_empty());
        let hint = self.page.model.non_finite_hint().unwrap_or_default();
        set_text(&self.els.hint, &hint);
        set_hidden(&self.els.hint, hint.is_empty());
    }

    pub fn refresh_values(&mut self) -> Result<(), JsValue> {
        let selected =
            self.page.state.selected.and_then(|s| self.page.model.graph.name(NodeId(s))).map(str::to_string);
        let rows = self.page.model.rows();
        if self.els.values.render(&self.doc, rows, &self.page.model.output_name(), selected.as_deref())? {
            self.later()?;
        }
        Ok(())
    }

    /// Sets a task for what the start or an edit of a large circuit leaves for after its
    /// frame (the start's panels, the numerical check, the values table's rows off screen),
    /// one piece per task about a frame apart, so none of it holds up the frame.
    pub fn later(&mut self) -> Result<(), JsValue> {
        if self.later_set {
            return Ok(());
        }
        self.later_set = true;
        let task = Closure::once_into_js(|_: JsValue| {
            crate::app::with_app(&mut |app| {
                app.later_set = false;
                let more = if app.panels_later {
                    // It asks for its own later task where it leaves work.
                    app.panels_later = false;
                    app.show_panels()?;
                    false
                } else if app.numeric_later {
                    app.numeric_later = false;
                    app.numeric_now()?;
                    app.els.values.is_stale()
                } else {
                    app.els.values.flush(&app.doc)?
                };
                if more {
                    app.later()?;
                }
                Ok(())
            })
        });
        dom::window()?.set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), 16)?;
        Ok(())
    }

    pub fn refresh_gate_panel(&mut self) -> Result<(), JsValue> {
        let panel = self.page.state.selected.and_then(|s| self.page.model.gate_panel(NodeId(s)));
        if self.shown_panel.as_ref() == Some(&panel) {
            return Ok(());
        }
        dom::render_gate_panel(&self.doc, &self.els.gate_panel, panel.as_ref())?;
        self.shown_panel = Some(panel);
        Ok(())
    }

    /// The numerical check: at once, or for a large circuit (its 2 forward passes per input
    /// take a few ms) in a task after the frame.
    pub fn refresh_numeric(&mut self) -> Result<(), JsValue> {
        if self.page.model.graph.len() <= EAGER_NUMERIC_NODES {
            return self.numeric_now();
        }
        self.numeric_later = true;
        self.later()
    }

    fn numeric_now(&mut self) -> Result<(), JsValue> {
        let h = self.page.state.h();
        self.els.numeric.render(&self.doc, &mut self.page.model, h)
    }

    fn refresh_expand(&self) {
        let has = self.page.model.has_sigmoid();
        set_hidden(self.els.expand.unchecked_ref(), !has);
        set_text(
            &self.els.expand,
            if self.page.state.expanded { t!("Collapse σ gates") } else { t!("Expand σ gates") },
        );
        let check = self.page.model.expansion_check().unwrap_or_default();
        set_text(&self.els.expand_check, &check);
        set_hidden(&self.els.expand_check, check.is_empty());
    }

    /// The timeline slider, Play label, narration and log for the current position.
    pub fn refresh_timeline(&mut self) -> Result<(), JsValue> {
        let len = self.page.timeline.len();
        let t = if self.page.clock.started { self.page.clock.t.min(len as f64) } else { len as f64 };
        self.els.timeline.set_max(&lang::int(len as i64));
        let step = t.floor() as usize;
        let value = lang::int(step as i64);
        if self.els.timeline.value() != value {
            self.els.timeline.set_value(&value);
        }
        self.els.timeline.set_attribute(
            "aria-valuetext",
            &fill(t!("step {0} of {1}"), &[&value, &lang::int(len as i64)]),
        )?;
        set_text(&self.els.play, if self.page.clock.playing { t!("Pause") } else { t!("Play") });
        let narration = if !self.page.clock.started {
            let output =
                [&self.page.model.output_name(), " = ", &number(self.page.model.output_value())].concat();
            fill(
                t!("{0}. Press Play to watch the forward pass, then the gradients flowing backward."),
                &[&output],
            )
        } else if t.fract() > 0.0 && step < len {
            // Mid-step while playing: narrate the step in motion, which the token shows.
            self.page.timeline.narration(&self.page.model.graph, step)
        } else if step == 0 {
            t!("Nothing computed yet: step forward to reveal the inputs.").to_string()
        } else {
            self.page.timeline.narration(&self.page.model.graph, step - 1)
        };
        set_text(&self.els.narration, &narration);
        // The log lists the events reached in this run, in order.
        let reached = if self.page.clock.started { step } else { 0 };
        while self.logged > reached {
            if let Some(last) = self.els.log.last_element_child() {
                last.remove();
            }
            self.logged -= 1;
        }
        while self.logged < reached {
            let li = el(&self.doc, "li", &self.page.timeline.narration(&self.page.model.graph, self.logged))?;
            self.els.log.append_child(&li)?;
            self.logged += 1;
        }
        self.highlight_code();
        Ok(())
    }
}

/// `performance.measure("edit-to-frame", {start, end})` from the edit event to now.
fn measure_edit(start: f64) -> Result<(), JsValue> {
    let perf = dom::window()?.performance().ok_or("no performance")?;
    let end = perf.now();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"start".into(), &start.into())?;
    js_sys::Reflect::set(&options, &"end".into(), &end.max(start).into())?;
    // `performance.measure` is a function in every browser the page runs in.
    let measure: js_sys::Function = js_sys::Reflect::get(&perf, &"measure".into())?.unchecked_into();
    measure.call2(&perf, &"edit-to-frame".into(), &options)?;
    Ok(())
}
