//! The Code panel: the program written out as cs231n's staged code or as the layer
//! objects of *Deep Learning from Scratch* (`lessons::code`), beside the circuit. The line
//! of the animation's current step is highlighted; clicking a line (or Enter on it)
//! selects its gate.

use lessons::code::{Code, Part, Style};
use wasm_bindgen::JsValue;

use crate::app::App;
use crate::dom::{self, el, set_hidden};

impl App {
    /// Shows or hides the panel as the state says; its code is written by its piece
    /// ([`App::render_code`]), which is fetched when the panel is first opened.
    pub fn show_code(&mut self) -> Result<(), JsValue> {
        let style = self.page.state.class.code;
        dom::set_pressed(&self.els.code, style.is_some());
        set_hidden(&self.els.code_panel, style.is_none());
        dom::clear(&self.els.code_lines);
        self.code = None;
        self.code_line = None;
        match style {
            Some(_) => crate::split::open(self, crate::split::Open::Code),
            None => Ok(()),
        }
    }

    /// The Code panel's piece: writes the current program's code into the open panel.
    pub fn render_code(&mut self) -> Result<(), JsValue> {
        let Some(style) = self.page.state.class.code else { return Ok(()) };
        dom::clear(&self.els.code_lines);
        self.code_line = None;
        let model = &self.page.model;
        let code = Code::new(&model.graph, &model.steps, style);
        dom::set_value(&self.els.code_style, if style == Style::Layers { "layers" } else { "staged" });
        for (k, line) in code.lines.iter().enumerate() {
            let li = el(&self.doc, "li", &line.text)?;
            li.set_attribute("data-line", &lang::int(k as i64))?;
            if line.part == Part::Comment {
                li.set_class_name("cm");
            }
            if line.node.is_some() {
                // A line that names a gate selects it: reachable by Tab, chosen by Enter.
                li.set_attribute("tabindex", "0")?;
            }
            self.els.code_lines.append_child(&li)?;
        }
        self.code = Some(code);
        self.highlight_code();
        Ok(())
    }

    /// Marks the line of the animation's current event (none before a run starts).
    pub fn highlight_code(&mut self) {
        let Some(code) = &self.code else { return };
        let clock = &self.page.clock;
        let line =
            if clock.started { clock.current_event().and_then(|e| code.line_at_event(e)) } else { None };
        if line == self.code_line {
            return;
        }
        let items = self.els.code_lines.children();
        if let Some(old) = self.code_line.and_then(|k| items.item(k as u32)) {
            let _ = old.class_list().toggle_with_force("now", false);
            let _ = old.remove_attribute("aria-current");
        }
        if let Some(new) = line.and_then(|k| items.item(k as u32)) {
            let _ = new.class_list().toggle_with_force("now", true);
            let _ = new.set_attribute("aria-current", "step");
        }
        self.code_line = line;
    }

    /// A click (or Enter) on a line of code: selects the gate it computes with.
    pub fn code_line_chosen(&mut self, target: &web_sys::Element) -> Result<(), JsValue> {
        // The page's own number reader: no integer parser of its own in the wasm.
        let k = target
            .get_attribute("data-line")
            .and_then(|k| autodiff::format::parse_number(&k))
            .map(|k| k as usize);
        let node = k.and_then(|k| self.code.as_ref()?.lines.get(k)?.node);
        match node {
            Some(node) => self.send(crate::msg::Msg::Select(Some(node)), None),
            None => Ok(()),
        }
    }
}
