//! The "+= at forks" lesson: with the toggle on, a table sets the gradients backprop would
//! leave if each gate assigned (`=`) its contribution instead of adding it (`+=`) beside
//! the right ones, and their difference (`lessons::fork`).

use autodiff::format::number;
use lang::{fill, t};
use lessons::fork::{compare, has_fork};
use wasm_bindgen::JsValue;

use crate::app::App;
use crate::dom::{self, el, name_row, set_hidden, set_text};

impl App {
    /// Shows or hides the table as the toggle says; the table is filled by its piece
    /// ([`App::render_fork`]), fetched when the toggle is first pressed.
    pub fn show_fork(&mut self) -> Result<(), JsValue> {
        let on = self.page.state.class.fork;
        dom::set_pressed(&self.els.assign, on);
        set_hidden(&self.els.fork_table, !on);
        set_hidden(&self.els.fork_note, !on);
        dom::clear(&self.els.fork_rows);
        if on {
            crate::split::open(self, crate::split::Open::Fork)
        } else {
            Ok(())
        }
    }

    /// The fork table's piece: fills the table of wrong gradients, when the toggle is on:
    /// every fork, and every node whose gradient comes out wrong.
    pub fn render_fork(&mut self) -> Result<(), JsValue> {
        if !self.page.state.class.fork {
            return Ok(());
        }
        dom::clear(&self.els.fork_rows);
        let g = &self.page.model.graph;
        let mut wrong = 0;
        for r in compare(g, &self.page.model.steps) {
            if r.uses < 2 && r.difference == 0.0 {
                continue;
            }
            let tr = name_row(&self.doc, &g.display_name(r.node))?;
            for (v, grad) in [(r.right, true), (r.assigned, r.difference == 0.0), (r.difference, false)] {
                let td = el(&self.doc, "td", &number(v))?;
                if grad {
                    td.set_class_name("grad");
                }
                tr.append_child(&td)?;
            }
            if r.difference != 0.0 {
                wrong += 1;
                tr.set_class_name("bad");
            }
            self.els.fork_rows.append_child(&tr)?;
        }
        let note = if !has_fork(g) {
            t!("No value here feeds two gates, so = and += give the same gradients. Try x * x, or the micrograd example.").to_string()
        } else if wrong == 0 {
            t!("At these numbers the lost contributions happen to be 0: = and += agree.").to_string()
        } else {
            // The section's note says why.
            fill(t!("{0} gradient(s) come out wrong with =."), &[&number(wrong as f64)])
        };
        set_text(&self.els.fork_note, &note);
        Ok(())
    }
}
