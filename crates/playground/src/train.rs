//! A neuron that learns: the "A neuron that learns" preset trains a sigmoid neuron on 16
//! points by gradient descent (`lessons::train`). The panel draws the points and the
//! decision boundary, and the loss curve; Train runs steps until paused, Step runs one.
//! After every step the circuit shows point 1 (or the point chosen) with the new weights
//! and its gradients, so each step can be read as a circuit.

use std::f64::consts::TAU;

use circuit::Role;
use lang::{fill, t};
use lessons::train::{Trainer, POINTS, VIEW};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use crate::app::{with_app, App};
use crate::dom::{self, set_hidden, set_text};
use crate::msg::Msg;
use crate::split::{Open, TrainOp};

/// The example that shows the panel.
pub const PRESET: &str = crate::state::LEARNING_PRESET;
/// Milliseconds between two steps while training.
const STEP_MS: i32 = 80;
/// The plots' size in CSS pixels; the canvases have twice as many pixels, for sharp lines.
const SIDE: f64 = 240.0;
const LOSS_H: f64 = 110.0;

impl App {
    /// Shows the panel for the preset (and starts its trainer, in its piece, fetched when
    /// the preset is first chosen), hides it otherwise.
    pub fn show_training(&mut self) -> Result<(), JsValue> {
        let on = self.page.state.example == PRESET;
        set_hidden(&self.els.train_panel, !on);
        if !on {
            return Ok(());
        }
        crate::split::open(self, Open::Train(TrainOp::Show))
    }

    /// Train / Pause changed (`Page::training`). The steps' timer is the first piece's: a
    /// closure made in a piece would need its wasm-bindgen glue there.
    pub fn training_changed(&mut self) -> Result<(), JsValue> {
        if self.page.training {
            schedule_step()?;
        }
        crate::split::open(self, Open::Train(TrainOp::Refresh))
    }

    /// One gradient step on all 16 points; the circuit follows the new weights.
    pub fn train_step(&mut self) -> Result<(), JsValue> {
        crate::split::open(self, Open::Train(TrainOp::Step))
    }

    /// Back to the starting weights, paused.
    pub fn reset_training(&mut self) -> Result<(), JsValue> {
        self.send(Msg::TrainReset, None)?;
        crate::split::open(self, Open::Train(TrainOp::Reset))
    }

    /// The point chooser: point k's loss as the circuit, at the current weights.
    pub fn open_point(&mut self) -> Result<(), JsValue> {
        crate::split::open(self, Open::Train(TrainOp::Point))
    }

    /// The trainer's piece: the trainer (`lessons::train`) and its plots.
    pub fn train_op(&mut self, op: TrainOp) -> Result<(), JsValue> {
        match op {
            TrainOp::Show => {
                if self.trainer.is_none() {
                    self.trainer = Some(Trainer::new());
                }
                self.refresh_training()
            }
            TrainOp::Refresh => self.refresh_training(),
            TrainOp::Step => self.step_trainer(),
            TrainOp::Reset => {
                self.trainer = Some(Trainer::new());
                self.circuit_of_point()
            }
            TrainOp::Point => self.circuit_of_point(),
        }
    }

    fn step_trainer(&mut self) -> Result<(), JsValue> {
        let lr = autodiff::format::parse_number(&self.els.lr.value()).filter(|r| r.is_finite() && *r > 0.0);
        let Some(trainer) = self.trainer.as_mut() else { return Ok(()) };
        trainer.lr = lr.unwrap_or(trainer.lr);
        trainer.step();
        let [w0, w1, b] = trainer.params;
        let moved = [("w0", w0), ("w1", w1), ("b", b)].map(|(name, v)| (name.to_string(), v));
        self.send(Msg::Trained(moved.to_vec()), None)?;
        self.refresh_training()
    }

    fn circuit_of_point(&mut self) -> Result<(), JsValue> {
        let k = autodiff::format::parse_number(&self.els.train_point.value()).unwrap_or(1.0);
        let k = (k.clamp(1.0, POINTS.len() as f64) as usize) - 1;
        let Some(program) = self.trainer.as_ref().and_then(|t| t.program_for_point(k)) else { return Ok(()) };
        dom::set_value(&self.els.program, &program.text);
        // The new model redraws the panel (`show_lessons`).
        self.send(Msg::Program(program.text), None)
    }

    /// The status line, the Train button's label and both plots.
    fn refresh_training(&mut self) -> Result<(), JsValue> {
        let Some(t) = self.trainer.as_ref() else { return Ok(()) };
        set_text(&self.els.train, if self.page.training { t!("Pause") } else { t!("Train") });
        let n = |v: f64| autodiff::format::number(v);
        let [w0, w1, b] = t.params;
        let loss = t.history.last().copied().unwrap_or(f64::NAN);
        let status = [
            &fill(t!("step {0}: loss {1}"), &[&n((t.history.len() - 1) as f64), &n(loss)]),
            ", w0 = ",
            &n(w0),
            ", w1 = ",
            &n(w1),
            ", b = ",
            &n(b),
        ]
        .concat();
        set_text(&self.els.train_status, &status);
        self.els.train_status.set_attribute("data-loss", &dom::exact(loss))?;
        let palette = self.view.palette();
        let color = |r: Role| palette.color(r);

        // The points, class 1 blue and class 0 orange, and the line where p = 0.5.
        let ctx = context(&self.els.boundary)?;
        clear(&ctx, palette.background, SIDE, SIDE);
        let (lo, hi) = VIEW;
        let at = |x: f64, y: f64| ((x - lo) / (hi - lo) * SIDE, SIDE - (y - lo) / (hi - lo) * SIDE);
        ctx.set_stroke_style_str(color(Role::Muted));
        ctx.set_line_width(1.0);
        ctx.begin_path();
        let (ox, oy) = at(0.0, 0.0);
        ctx.move_to(0.0, oy);
        ctx.line_to(SIDE, oy);
        ctx.move_to(ox, 0.0);
        ctx.line_to(ox, SIDE);
        ctx.stroke();
        for p in POINTS {
            let (x, y) = at(p.x0, p.x1);
            ctx.begin_path();
            ctx.arc(x, y, 5.0, 0.0, TAU)?;
            ctx.set_fill_style_str(color(if p.label == 1 { Role::Active } else { Role::Partial }));
            ctx.fill();
        }
        // w0 x0 + w1 x1 + b = 0 across the square, solved for the steeper coordinate; the
        // canvas clips what falls outside.
        let ends = if w1.abs() >= w0.abs() && w1 != 0.0 {
            [at(lo, -(b + w0 * lo) / w1), at(hi, -(b + w0 * hi) / w1)]
        } else if w0 != 0.0 {
            [at(-(b + w1 * lo) / w0, lo), at(-(b + w1 * hi) / w0, hi)]
        } else {
            [(0.0, 0.0); 2]
        };
        if ends[0] != ends[1] {
            ctx.set_stroke_style_str(color(Role::Gate));
            ctx.set_line_width(2.0);
            ctx.begin_path();
            ctx.move_to(ends[0].0, ends[0].1);
            ctx.line_to(ends[1].0, ends[1].1);
            ctx.stroke();
        }

        // The loss after each step, from the first (at the top) down.
        let ctx = context(&self.els.loss)?;
        clear(&ctx, palette.background, SIDE, LOSS_H);
        let mut top = f64::MIN_POSITIVE;
        for &l in &t.history {
            top = top.max(l);
        }
        let steps = (t.history.len() - 1).max(50) as f64;
        ctx.set_stroke_style_str(color(Role::Name));
        ctx.set_line_width(2.0);
        ctx.begin_path();
        for (k, &l) in t.history.iter().enumerate() {
            let (x, y) = (k as f64 / steps * SIDE, LOSS_H - 4.0 - l / top * (LOSS_H - 8.0));
            if k == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.stroke();
        Ok(())
    }
}

/// The 2d context of a plot, scaled so one unit is one CSS pixel.
fn context(canvas: &web_sys::HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d")?.ok_or("no 2d context")?.unchecked_into();
    ctx.set_transform(2.0, 0.0, 0.0, 2.0, 0.0, 0.0)?;
    Ok(ctx)
}

fn clear(ctx: &CanvasRenderingContext2d, background: &str, w: f64, h: f64) {
    ctx.set_fill_style_str(background);
    ctx.begin_path();
    ctx.rect(0.0, 0.0, w, h);
    ctx.fill();
}

/// The next training step, in a task of its own.
fn schedule_step() -> Result<(), JsValue> {
    let next = Closure::once_into_js(|_: JsValue| {
        with_app(&mut |app| {
            if !app.page.training {
                return Ok(());
            }
            app.train_step()?;
            schedule_step()
        })
    });
    dom::window()?.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), STEP_MS)?;
    Ok(())
}
